"""surveys pages. See docs/evaluation-surveys.md.

Organisers (``evaluation.keep``): the list of rounds, a round's page (counts only, never answers),
create and change, open and close, the printable paper forms, and entering a paper or phone form.
Everyone asked: the section on the landing page, the consent page, one question per page, the check
page, finishing, stopping, and "My answers". Someone else's invitation answers 404."""

import uuid as uuidlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from caringcity.circles.selectors.structure import open_circles
from caringcity.evaluation.access import get_in_commons
from caringcity.evaluation.forms.surveys import CodeForm, PaperForm, QuestionForm, RoundForm
from caringcity.evaluation.models import ConsentState, Group, How, Invitation, RoundStatus, SurveyRound
from caringcity.evaluation.selectors import surveys as sel
from caringcity.evaluation.services import surveys as services
from caringcity.evaluation.views.base import (
    E, _act, _apply_errors, member_commons, page_sections, register_section, register_tab, render_evaluation,
)
from caringcity.teams.selectors import open_teams

KEEP = "evaluation.keep"
S = E + "surveys/"

register_tab(20, gettext_lazy("Surveys"), "survey_rounds", KEEP)
register_tab(21, gettext_lazy("My answers"), "survey_mine")


def _round(commons, uuid):
    return get_in_commons(SurveyRound, commons, uuid)


def _round_url(commons, survey_round):
    return reverse("evaluation:survey_round", args=[commons.slug, survey_round.uuid])


# --- the landing page section -------------------------------------------------------------------------
def _home_section(request, commons, obj):
    rows = sel.waiting_for(request.user, commons)
    if not rows:
        return None
    return {"waiting": rows}


register_section("home", 10, "evaluation/surveys/_home_section.html", _home_section)


# --- organisers: rounds ----------------------------------------------------------------------------------
@login_required
def round_list(request, slug):
    commons = member_commons(request, slug, KEEP)
    return render_evaluation(request, "evaluation/surveys/round_list.html", commons, {"rounds": sel.rounds_of(commons)})


def _round_form(request, commons, survey_round=None):
    kwargs = {"commons": commons, "instruments": sel.instruments_available(commons), "teams": open_teams(commons),
              "circles": open_circles(commons), "survey_round": survey_round}
    if request.method == "POST":
        return RoundForm(request.POST, **kwargs)
    initial = RoundForm.initial_from(survey_round) if survey_round else {"opens_on": timezone.localdate()}
    return RoundForm(initial=initial, **kwargs)


def _render_round_form(request, commons, form, title, survey_round=None):
    status = 400 if form.is_bound and form.errors else 200
    return render_evaluation(request, "evaluation/surveys/round_form.html", commons,
                             {"form": form, "title": title, "survey_round": survey_round,
                              "cancel_url": _round_url(commons, survey_round) if survey_round
                              else reverse("evaluation:survey_rounds", args=[commons.slug]),
                              "crumb_url": reverse("evaluation:survey_rounds", args=[commons.slug]),
                              "crumb_label": _("Surveys")}, status=status)


@login_required
def round_new(request, slug):
    commons = member_commons(request, slug, KEEP)
    form = _round_form(request, commons)
    if request.method == "POST" and form.is_valid():
        try:
            survey_round = services.round_create(actor=request.user, commons=commons, **form.cleaned_data)
        except services.ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The round is saved as a draft. Open it when you are ready."))
            return redirect(_round_url(commons, survey_round))
    return _render_round_form(request, commons, form, _("A new survey round"))


@login_required
def round_change(request, slug, uuid):
    commons = member_commons(request, slug, KEEP)
    survey_round = _round(commons, uuid)
    form = _round_form(request, commons, survey_round)
    if request.method == "POST" and form.is_valid():
        try:
            services.round_change(actor=request.user, survey_round=survey_round, **form.cleaned_data)
        except services.ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(_round_url(commons, survey_round))
    return _render_round_form(request, commons, form, _("Change %(name)s") % {"name": survey_round.name}, survey_round)


@login_required
def round_detail(request, slug, uuid):
    commons = member_commons(request, slug, KEEP)
    survey_round = _round(commons, uuid)
    ctx = {
        "survey_round": survey_round,
        "counts": sel.round_counts(survey_round),
        "entries": sel.entries(survey_round),
        "instruments": sel.round_instruments(survey_round),
        "group_labels": [Group(g).label for g in survey_round.groups if g in Group.values],
        "teams": list(survey_round.teams.all()),
        "circles": list(survey_round.circles.all()),
        "open_refusal": services.transition_refusal(survey_round, RoundStatus.OPEN),
        "close_refusal": services.transition_refusal(survey_round, RoundStatus.CLOSED),
        "sections": page_sections("round", request, commons, survey_round),
        "crumb_url": reverse("evaluation:survey_rounds", args=[commons.slug]), "crumb_label": _("Surveys"),
    }
    return render_evaluation(request, "evaluation/surveys/round_detail.html", commons, ctx)


def _transition(request, slug, uuid, service, title, explanation, confirm, success):
    commons = member_commons(request, slug, KEEP)
    survey_round = _round(commons, uuid)
    if request.method == "POST":
        _act(request, lambda: service(actor=request.user, survey_round=survey_round), success)
        return redirect(_round_url(commons, survey_round))
    return render_evaluation(request, "evaluation/confirm.html", commons, {
        "title": title % {"name": survey_round.name}, "explanation": explanation, "confirm_label": confirm,
        "cancel_url": _round_url(commons, survey_round), "survey_round": survey_round})


@login_required
def round_open(request, slug, uuid):
    return _transition(request, slug, uuid, services.round_open, _("Open %(name)s"),
                       _("Everyone in the groups you chose gets their own code and can answer. The questions and who "
                         "is asked cannot change after this."), _("Open the round"), _("The round is open."))


@login_required
def round_close(request, slug, uuid):
    return _transition(request, slug, uuid, services.round_close, _("Close %(name)s"),
                       _("Nobody can answer after this. The people who answered see the results first."),
                       _("Close the round"), _("The round is closed."))


# --- organisers: paper ---------------------------------------------------------------------------------------
@login_required
def round_print(request, slug, uuid):
    commons = member_commons(request, slug, KEEP)
    survey_round = _round(commons, uuid)
    invitations = sel.invited_people(survey_round)
    one = request.GET.get("invitation")
    if one:
        try:
            invitations = invitations.filter(uuid=uuidlib.UUID(one))
        except ValueError as exc:
            raise Http404 from exc
    invitations = list(invitations)
    instruments = sel.round_instruments(survey_round)
    return render_evaluation(request, "evaluation/surveys/print.html", commons, {
        "survey_round": survey_round, "invitations": invitations, "instruments": instruments,
        "questions": sel.questions(survey_round, instruments), "small_group": settings.EVALUATION_SMALL_GROUP,
        "crumb_url": _round_url(commons, survey_round), "crumb_label": survey_round.name})


@login_required
def enter_find(request, slug, uuid):
    commons = member_commons(request, slug, KEEP)
    survey_round = _round(commons, uuid)
    invitations = list(sel.invited_people(survey_round))
    form = CodeForm(request.GET or None, invitations=invitations)
    if request.GET and form.is_valid():
        data = form.cleaned_data
        invitation = (sel.invitation_by_code(survey_round, data["code"]) if data["code"]
                      else next((inv for inv in invitations if str(inv.uuid) == data["person"]), None))
        if invitation is None:
            form.add_error("code", _("No one in this round has that code. Check it and try again."))
        else:
            url = reverse("evaluation:survey_enter_form", args=[slug, survey_round.uuid, invitation.uuid])
            return redirect(f"{url}?how={data['how']}")
    return render_evaluation(request, "evaluation/surveys/enter_find.html", commons, {
        "form": form, "survey_round": survey_round,
        "crumb_url": _round_url(commons, survey_round), "crumb_label": survey_round.name},
        status=400 if form.is_bound and form.errors else 200)


@login_required
def enter_form(request, slug, uuid, invitation):
    commons = member_commons(request, slug, KEEP)
    survey_round = _round(commons, uuid)
    try:
        invitation = Invitation.objects.select_related("person", "round__commons").get(round=survey_round, uuid=invitation)
    except (Invitation.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    how = request.POST.get("how") or request.GET.get("how") or How.PAPER
    if how not in (How.PAPER, How.PHONE):
        how = How.PAPER
    instruments = sel.round_instruments(survey_round)
    qs = sel.questions(survey_round, instruments)
    form = PaperForm(request.POST if request.method == "POST" else None, questions=qs, how=how)
    refusal = services._entering_refusal(invitation)
    if request.method == "POST" and form.is_valid():
        answers, quote = form.answers()
        try:
            services.paper_form_enter(actor=request.user, invitation=invitation, how=how,
                                      agreed=form.cleaned_data.get("agreed"), answers=answers, may_quote=quote)
        except services.ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Saved the answers for %(name)s.") % {"name": invitation.person.display_name})
            return redirect(_round_url(commons, survey_round))
    return render_evaluation(request, "evaluation/surveys/enter_form.html", commons, {
        "form": form, "survey_round": survey_round, "invitation": invitation, "how": how, "instruments": instruments,
        "refusal": refusal, "already": invitation.answers.exists(), "small_group": settings.EVALUATION_SMALL_GROUP,
        "crumb_url": _round_url(commons, survey_round), "crumb_label": survey_round.name},
        status=400 if form.is_bound and form.errors else 200)


# --- answering online ------------------------------------------------------------------------------------------
def _mine(request, slug, uuid):
    commons = member_commons(request, slug)
    invitation = sel.access_my_invitation(request.user, commons, uuid)
    if invitation is None:
        raise Http404
    return commons, invitation


def _start_url(commons, invitation):
    return reverse("evaluation:survey_start", args=[commons.slug, invitation.uuid])


def _question_url(commons, invitation, number):
    return reverse("evaluation:survey_question", args=[commons.slug, invitation.uuid, number])


def _check_url(commons, invitation):
    return reverse("evaluation:survey_check", args=[commons.slug, invitation.uuid])


@login_required
def start(request, slug, uuid):
    commons, invitation = _mine(request, slug, uuid)
    prog = sel.progress(invitation)
    return render_evaluation(request, "evaluation/surveys/start.html", commons, {
        "invitation": invitation, "survey_round": invitation.round, "progress": prog,
        "may_answer": sel.may_answer(invitation), "consent": invitation.consent, "States": ConsentState,
        "small_group": settings.EVALUATION_SMALL_GROUP})


@login_required
@require_POST
def consent(request, slug, uuid):
    commons, invitation = _mine(request, slug, uuid)
    given = request.POST.get("answer") == "yes"
    try:
        services.consent_record(actor=request.user, invitation=invitation, given=given, how=How.ONLINE)
    except services.ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_start_url(commons, invitation))
    if not given:
        messages.success(request, _("Thank you. We will not ask you these questions."))
        return redirect("evaluation:home", commons.slug)
    invitation.refresh_from_db()
    prog = sel.progress(invitation)
    if prog.next_number:
        return redirect(_question_url(commons, invitation, prog.next_number))
    return redirect(_start_url(commons, invitation))


@login_required
def question(request, slug, uuid, number):
    commons, invitation = _mine(request, slug, uuid)
    if not sel.may_answer(invitation) or invitation.consent != ConsentState.GIVEN:
        return redirect(_start_url(commons, invitation))
    prog = sel.progress(invitation)
    if number < 1 or number > prog.total:
        raise Http404
    if number not in prog.open:
        return redirect(_start_url(commons, invitation))
    q = prog.questions[number - 1]
    answer = prog.done.get(q.key)
    from_check = request.GET.get("from") == "check" or request.POST.get("from") == "check"
    form = QuestionForm(request.POST if request.method == "POST" else None, question=q, answer=answer)
    if request.method == "POST" and form.is_valid():
        skipped = "skip" in request.POST
        data = form.cleaned_data
        kwargs = {"text": data.get("value") or ""} if q.item.kind == "text" else {"value": data.get("value") or None}
        try:
            services.answer_save(actor=request.user, invitation=invitation, instrument_key=q.instrument.key,
                                 item_key=q.item.key, skipped=skipped, may_quote=bool(data.get("may_quote")), **kwargs)
        except services.ValidationError as error:
            _apply_errors(form, error)
        else:
            if from_check:
                return redirect(_check_url(commons, invitation))
            invitation = sel.access_my_invitation(request.user, commons, uuid)
            after = sel.progress(invitation)
            later = [n for n in sorted(after.open) if n > number and after.questions[n - 1].key not in after.done]
            if later:
                return redirect(_question_url(commons, invitation, later[0]))
            if after.next_number:
                return redirect(_question_url(commons, invitation, after.next_number))
            return redirect(_check_url(commons, invitation))
    back = _check_url(commons, invitation) if from_check else (
        _question_url(commons, invitation, number - 1) if number > 1 and (number - 1) in prog.open
        else _start_url(commons, invitation))
    return render_evaluation(request, "evaluation/surveys/question.html", commons, {
        "invitation": invitation, "survey_round": invitation.round, "question": q, "form": form, "number": number,
        "total": prog.total, "back_url": back, "from_check": from_check},
        status=400 if form.is_bound and form.errors else 200)


@login_required
def check(request, slug, uuid):
    commons, invitation = _mine(request, slug, uuid)
    if invitation.consent != ConsentState.GIVEN:
        return redirect(_start_url(commons, invitation))
    prog = sel.progress(invitation)
    rows = [(q, prog.done.get(q.key), q.number in prog.open) for q in prog.questions]
    return render_evaluation(request, "evaluation/surveys/check.html", commons, {
        "invitation": invitation, "survey_round": invitation.round, "rows": rows, "progress": prog,
        "may_answer": sel.may_answer(invitation)})


@login_required
@require_POST
def finish(request, slug, uuid):
    commons, invitation = _mine(request, slug, uuid)
    if _act(request, lambda: services.invitation_finish(actor=request.user, invitation=invitation),
            _("Thank you. Your answers are saved.")):
        return redirect("evaluation:survey_mine", commons.slug)
    return redirect(_check_url(commons, invitation))


@login_required
def stop(request, slug, uuid):
    commons, invitation = _mine(request, slug, uuid)
    if request.method == "POST":
        if _act(request, lambda: services.consent_withdraw(actor=request.user, invitation=invitation),
                _("You have stopped taking part. Your answers are deleted.")):
            return redirect("evaluation:home", commons.slug)
        return redirect(_start_url(commons, invitation))
    return render_evaluation(request, "evaluation/confirm.html", commons, {
        "title": _("Stop taking part"), "danger": True, "survey_round": invitation.round,
        "explanation": _("If you stop, we delete every answer you gave in this round, and nobody can enter answers "
                         "for you. You can change your mind later and start again."),
        "confirm_label": _("Stop and delete my answers"), "cancel_url": _start_url(commons, invitation)})


@login_required
def mine(request, slug):
    commons = member_commons(request, slug)
    invitations = list(sel.my_invitations(request.user, commons).prefetch_related("answers__entered_by__person"))
    rounds = [(inv, sel.own_answers(inv)) for inv in invitations]
    return render_evaluation(request, "evaluation/surveys/mine.html", commons, {"rounds": rounds})


U = S + "<uuid:uuid>/"
A = S + "answer/<uuid:uuid>/"
urlpatterns = [
    path(S, round_list, name="survey_rounds"),
    path(S + "new/", round_new, name="survey_round_new"),
    path(S + "mine/", mine, name="survey_mine"),
    path(U, round_detail, name="survey_round"),
    path(U + "change/", round_change, name="survey_round_change"),
    path(U + "open/", round_open, name="survey_round_open"),
    path(U + "close/", round_close, name="survey_round_close"),
    path(U + "print/", round_print, name="survey_print"),
    path(U + "enter/", enter_find, name="survey_enter"),
    path(U + "enter/<uuid:invitation>/", enter_form, name="survey_enter_form"),
    path(A, start, name="survey_start"),
    path(A + "consent/", consent, name="survey_consent"),
    path(A + "question/<int:number>/", question, name="survey_question"),
    path(A + "check/", check, name="survey_check"),
    path(A + "finish/", finish, name="survey_finish"),
    path(A + "stop/", stop, name="survey_stop"),
]
