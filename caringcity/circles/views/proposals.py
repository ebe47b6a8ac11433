"""Views of the proposals part: a circle's proposals, bringing one, the proposal page with its
rounds (and the forms of the round open now), the facilitator's moves, working through
objections, passing a proposal up, withdrawing it, and what is waiting for my answer.

Thin: fetch and check (out of reach or not allowed is 404), one service, redirect. A refusal is
shown next to the field it is about (status 400) or as a message naming why."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from caringcity.circles import states
from caringcity.circles.access import circle_standing
from caringcity.circles.forms import proposals as forms
from caringcity.circles.models import ProposalKind, ProposalStage, RoundKind
from caringcity.circles.selectors import proposals as selectors
from caringcity.circles.services import proposals as services
from caringcity.circles.views.base import _act, _apply_errors, _commons, _page, circle_for, register_tab, render_circle
from caringcity.people.models import Membership, Person

C = "c/<slug:slug>/circles/"
CIRCLE = C + "<uuid:circle_uuid>/"
P = C + "proposals/<uuid:proposal_uuid>/"

register_tab(20, gettext_lazy("Proposals"), "proposals")

MOVE_LABELS = {
    "back_to_questions": gettext_lazy("Go back to the questions round"),
    "to_reactions": gettext_lazy("Close the questions and start the reactions round"),
    "to_consent": gettext_lazy("Close the reactions and start the consent round"),
    "close_consent": gettext_lazy("Close the consent round"),
}
MOVE_DONE = {
    "back_to_questions": gettext_lazy("The questions round is open again."),
    "to_reactions": gettext_lazy("The reactions round is open."),
    "to_consent": gettext_lazy("The consent round is open. The full participants have been sent a link by e-mail."),
}


def proposal_for(request, slug, proposal_uuid, perm="circles.view_circle"):
    """(commons, proposal) or 404: out of scope and not allowed look the same."""
    commons, _membership = _commons(request, slug)
    proposal = selectors.access_proposal(request.user, commons, proposal_uuid)
    if not request.user.has_perm(perm, proposal.circle):
        raise Http404
    request.circle = proposal.circle
    return commons, proposal


def _detail_url(proposal):
    return reverse("circles:proposal_detail", args=[proposal.circle.commons.slug, proposal.uuid])


def _page_status(form):
    return 400 if form is not None and form.is_bound and form.errors else 200


# --- a circle's proposals ---------------------------------------------------------------------
@login_required
def proposal_list(request, slug, circle_uuid):
    commons, circle, standing = circle_for(request, slug, circle_uuid)
    open_qs, finished_qs = selectors.circle_proposals(circle)
    open_list, finished = list(open_qs), _page(request, finished_qs)
    for proposal in [*open_list, *finished]:
        proposal.stage_words = selectors.stage_words(proposal.stage)
    ctx = {"open_list": open_list, "finished": finished, "full_count": len(selectors.full_participants(circle)),
           "can_bring": request.user.has_perm("circles.bring_proposal", circle)}
    return render_circle(request, "circles/proposals/proposal_list.html", circle, ctx)


@login_required
def proposal_create(request, slug, circle_uuid):
    commons, circle, standing = circle_for(request, slug, circle_uuid, "circles.bring_proposal")
    people = None
    if request.user.has_perm("circles.enter_for_others", circle):
        people = Person.objects.filter(memberships__commons=commons, memberships__status=Membership.Status.ACTIVE).order_by("name")
    form = forms.ProposalForm(request.POST or None, circle=circle, people=people)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            proposal = services.proposal_create(actor=request.user, circle=circle, **data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Your proposal is in the circle. The questions round is open."))
            return redirect("circles:proposal_detail", slug, proposal.uuid)
    ctx = {"form": form, "parent": circle.parent}
    return render_circle(request, "circles/proposals/proposal_form.html", circle, ctx, status=_page_status(form))


# --- the proposal page ------------------------------------------------------------------------
def _can(request, proposal):
    user, circle = request.user, proposal.circle
    return {
        "take_part": user.has_perm("circles.take_part", circle),
        "consent": user.has_perm("circles.consent", circle),
        "enter": user.has_perm("circles.enter_for_others", circle),
        "facilitate": user.has_perm("circles.facilitate", circle),
        "reply": services.may_reply(user, proposal),
        "withdraw": proposal.is_open and services.may_withdraw(user, proposal),
    }


def _detail(request, commons, proposal, status=200, **bound):
    """The proposal page. ``bound`` holds a form that came back with errors (ask, reply, react,
    answer, enter), shown in place of the empty one."""
    circle = proposal.circle
    history = selectors.proposal_history(proposal)
    rounds = history["rounds"]
    current = rounds[-1] if rounds and rounds[-1].closed_at is None and proposal.is_open else None
    can = _can(request, proposal)
    me = circle_standing(request.user, circle).person
    responses = current.responses_list if current else []
    mine = next((r for r in responses if me is not None and r.person_id == me.pk and (r.answer or current.kind == RoundKind.REACTIONS)), None)
    ctx = {"proposal": proposal, "history": history, "version": history["latest"], "current": current, "can": can, "mine": mine,
           "stage_words": selectors.stage_words(proposal.stage)}
    stage = proposal.stage
    if stage == ProposalStage.CLARIFYING and current is not None:
        ctx["unanswered_questions"] = sum(1 for q in responses if not q.reply)
        if can["take_part"]:
            ctx["ask_form"] = bound.get("ask") or forms.QuestionForm(prefix="ask")
        if can["reply"]:
            replying = bound.get("reply")
            ctx["questions"] = [(q, replying if replying is not None and replying.prefix == f"reply-{q.uuid}" else
                                 forms.ReplyForm(prefix=f"reply-{q.uuid}", initial={"reply": q.reply})) for q in responses]
    elif stage == ProposalStage.REACTIONS and current is not None and can["take_part"]:
        ctx["react_form"] = bound.get("react") or forms.ReactionForm(prefix="react", initial={"text": mine.text} if mine else None)
    elif stage == ProposalStage.CONSENT and current is not None:
        full = selectors.full_participants(circle)
        answered = {r.person_id: r for r in responses if r.answer}
        ctx["missing"] = [p for p in full if p.pk not in answered]
        ctx["full_count"] = len(full)
        if can["consent"]:
            initial = {"answer": mine.answer, "text": mine.text} if mine else None
            ctx["answer_form"] = bound.get("answer") or forms.AnswerForm(prefix="answer", initial=initial)
        if can["enter"]:
            open_to_entry = [p.pk for p in full if p != me and (p.pk not in answered or answered[p.pk].entered_for)]
            if open_to_entry or bound.get("enter"):
                ctx["enter_form"] = bound.get("enter") or forms.EnterForm(prefix="enter", people=Person.objects.filter(pk__in=open_to_entry).order_by("name"))
    if can["facilitate"]:
        moves = states.allowed_moves("proposal", stage)
        ctx["moves"] = [(move, MOVE_LABELS[move]) for move in MOVE_LABELS if move in moves]
        ctx["can_resolve"] = "resolve" in moves
        if "pass_up" in moves:
            if proposal.kind == ProposalKind.ROLE:
                ctx["pass_up_refusal"] = _("Who wears a hat is decided in the circle itself, so this proposal cannot be passed to another circle.")
            elif circle.parent is None:
                ctx["pass_up_refusal"] = _("This circle has no circle above it to pass the proposal to.")
            else:
                ctx["can_pass_up"] = True
    if stage == ProposalStage.ADOPTED:
        ctx["decision"] = proposal.decisions.order_by("number").first()
    if stage == ProposalStage.PASSED_UP:
        ctx["passed_to"] = proposal.passed_to.select_related("circle").first()
    return render_circle(request, "circles/proposals/proposal_detail.html", circle, ctx, status=status)


@login_required
def proposal_detail(request, slug, proposal_uuid):
    commons, proposal = proposal_for(request, slug, proposal_uuid)
    return _detail(request, commons, proposal)


def _post_form(request, commons, proposal, key, form, call, success):
    """Run one service for a form posted from the proposal page; on a refusal, the page again with
    the form showing why (status 400)."""
    if form.is_valid():
        try:
            call(form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, success)
            return redirect(_detail_url(proposal))
    return _detail(request, commons, proposal, status=400, **{key: form})


@login_required
@require_POST
def proposal_ask(request, slug, proposal_uuid):
    commons, proposal = proposal_for(request, slug, proposal_uuid, "circles.take_part")
    form = forms.QuestionForm(request.POST, prefix="ask")
    return _post_form(request, commons, proposal, "ask", form,
                      lambda data: services.proposal_ask(actor=request.user, proposal=proposal, text=data["text"]),
                      _("Your question is on the page. The person who brought the proposal or the facilitator will answer it."))


@login_required
@require_POST
def proposal_reply(request, slug, proposal_uuid, question_uuid):
    commons, proposal = proposal_for(request, slug, proposal_uuid)
    if not services.may_reply(request.user, proposal):
        raise Http404
    current = selectors.current_round(proposal)
    question = current.responses.filter(uuid=question_uuid).first() if current is not None else None
    if question is None:
        raise Http404
    form = forms.ReplyForm(request.POST, prefix=f"reply-{question.uuid}")
    return _post_form(request, commons, proposal, "reply", form,
                      lambda data: services.proposal_reply(actor=request.user, proposal=proposal, question=question, reply=data["reply"]),
                      _("The answer is on the page."))


@login_required
@require_POST
def proposal_react(request, slug, proposal_uuid):
    commons, proposal = proposal_for(request, slug, proposal_uuid, "circles.take_part")
    form = forms.ReactionForm(request.POST, prefix="react")
    return _post_form(request, commons, proposal, "react", form,
                      lambda data: services.proposal_react(actor=request.user, proposal=proposal, text=data["text"]),
                      _("Your reaction is recorded."))


@login_required
@require_POST
def proposal_answer(request, slug, proposal_uuid):
    commons, proposal = proposal_for(request, slug, proposal_uuid, "circles.consent")
    form = forms.AnswerForm(request.POST, prefix="answer")
    return _post_form(request, commons, proposal, "answer", form,
                      lambda data: services.proposal_answer(actor=request.user, proposal=proposal, **data),
                      _("Your answer is recorded. You can change it while the consent round is open."))


@login_required
@require_POST
def proposal_enter(request, slug, proposal_uuid):
    commons, proposal = proposal_for(request, slug, proposal_uuid, "circles.enter_for_others")
    people = Person.objects.filter(pk__in=[p.pk for p in selectors.full_participants(proposal.circle)]).order_by("name")
    form = forms.EnterForm(request.POST, prefix="enter", people=people)

    def call(data):
        services.proposal_answer(actor=request.user, proposal=proposal, **data)
        messages.success(request, _("The answer of %(name)s is recorded, entered by you.") % {"name": data["person"].name})

    if form.is_valid():
        try:
            call(form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            return redirect(_detail_url(proposal))
    return _detail(request, commons, proposal, status=400, enter=form)


@login_required
@require_POST
def proposal_move(request, slug, proposal_uuid, move):
    commons, proposal = proposal_for(request, slug, proposal_uuid, "circles.facilitate")
    if move not in MOVE_LABELS:
        raise Http404
    if move == "close_consent":
        try:
            decision = services.proposal_close(actor=request.user, proposal=proposal)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if decision is None:
                messages.success(request, _("The consent round is closed. There are objections: the circle works through them next."))
            else:
                messages.success(request, _("The proposal is adopted by consent. The decision is recorded as D%(number)s.") % {"number": decision.number})
    else:
        _act(request, lambda: services.proposal_move(actor=request.user, proposal=proposal, move=move), MOVE_DONE[move])
    return redirect(_detail_url(proposal))


def _note_page(request, commons, proposal, form, *, title, intro, submit_label, danger=False):
    ctx = {"proposal": proposal, "form": form, "title": title, "intro": intro, "submit_label": submit_label, "danger": danger,
           "cancel_url": _detail_url(proposal), "version": selectors.latest_version(proposal)}
    return render_circle(request, "circles/proposals/note_form.html", proposal.circle, ctx, status=_page_status(form))


@login_required
def proposal_resolve(request, slug, proposal_uuid):
    commons, proposal = proposal_for(request, slug, proposal_uuid, "circles.facilitate")
    if "resolve" not in states.allowed_moves("proposal", proposal.stage):
        messages.error(request, str(states.MACHINES["proposal"]["resolve"][2]))
        return redirect(_detail_url(proposal))
    objections = selectors.open_objections(proposal)
    version = selectors.latest_version(proposal)
    form = forms.ResolveForm(request.POST or None, objections=objections, version=version)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.proposal_resolve(actor=request.user, proposal=proposal, resolutions=form.resolutions(), text=data["text"],
                                      review_on=data["review_on"], term_ends=data["term_ends"], measure=data["measure"], note=data["note"])
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Version %(number)s is written. The consent round runs again on it.") % {"number": version.number + 1})
            return redirect(_detail_url(proposal))
    ctx = {"proposal": proposal, "form": form, "objections": objections, "version": version,
           "objection_fields": [(o, form[f"objection_{n}_tools"], form[f"objection_{n}_note"]) for n, o in enumerate(objections, start=1)],
           "version_fields": [form[name] for name in ("text", "review_on", "term_ends", "measure", "note")]}
    return render_circle(request, "circles/proposals/resolve.html", proposal.circle, ctx, status=_page_status(form))


@login_required
def proposal_pass_up(request, slug, proposal_uuid):
    commons, proposal = proposal_for(request, slug, proposal_uuid, "circles.facilitate")
    if "pass_up" not in states.allowed_moves("proposal", proposal.stage):
        messages.error(request, str(states.MACHINES["proposal"]["pass_up"][2]))
        return redirect(_detail_url(proposal))
    form = forms.NoteForm(request.POST or None, label=_("Why is the circle passing it on?"),
                          help_text=_("The circle above reads this first. Say what the circle could not resolve."),
                          required_message=_("Say why the circle is passing it on, so the circle above knows."))
    if request.method == "POST" and form.is_valid():
        try:
            passed = services.proposal_pass_up(actor=request.user, proposal=proposal, note=form.cleaned_data["note"])
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                _apply_errors(form, error)
            else:
                messages.error(request, " ".join(error.messages))
                return redirect(_detail_url(proposal))
        else:
            messages.success(request, _("The proposal is passed to %(circle)s. It starts there with the questions round.") % {"circle": passed.circle.name})
            return redirect(_detail_url(proposal))
    parent = proposal.circle.parent
    intro = (_("The proposal goes to %(circle)s with its latest wording, this note and the record of what happened here. "
               "It starts there with the questions round.") % {"circle": parent.name}) if parent else ""
    return _note_page(request, commons, proposal, form, title=_("Pass the proposal to the circle above"), intro=intro,
                      submit_label=_("Pass it on"))


@login_required
def proposal_withdraw(request, slug, proposal_uuid):
    commons, proposal = proposal_for(request, slug, proposal_uuid)
    if not services.may_withdraw(request.user, proposal):
        raise Http404
    if not proposal.is_open:
        messages.error(request, str(states.MACHINES["proposal"]["withdraw"][2]))
        return redirect(_detail_url(proposal))
    form = forms.NoteForm(request.POST or None, label=_("Why is it withdrawn?"), help_text=_("The circle reads this on the proposal's page."),
                          required_message=_("Say why it is withdrawn, so the circle knows."))
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_withdraw(actor=request.user, proposal=proposal, note=form.cleaned_data["note"])
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                _apply_errors(form, error)
            else:
                messages.error(request, " ".join(error.messages))
                return redirect(_detail_url(proposal))
        else:
            messages.success(request, _("The proposal is withdrawn."))
            return redirect(_detail_url(proposal))
    intro = _("Withdrawing ends the proposal: nothing is decided. Its record stays on the circle's list.")
    if proposal.kind == ProposalKind.ROLE:
        intro += " " + _("The nomination for the hat ends too.")
    return _note_page(request, commons, proposal, form, title=_("Withdraw the proposal"), intro=intro,
                      submit_label=_("Withdraw it"), danger=True)


# --- what is waiting for my answer --------------------------------------------------------------
@login_required
def proposals_waiting(request, slug):
    commons, membership = _commons(request, slug)
    waiting = selectors.waiting_for(request.user, commons)
    return render(request, "circles/proposals/waiting.html", {"commons": commons, "waiting": waiting,
                                                              "nothing": not any(waiting.values())})


urlpatterns = [
    path(C + "waiting/", proposals_waiting, name="proposals_waiting"),
    path(CIRCLE + "proposals/", proposal_list, name="proposals"),
    path(CIRCLE + "proposals/new/", proposal_create, name="proposal_create"),
    path(P, proposal_detail, name="proposal_detail"),
    path(P + "ask/", proposal_ask, name="proposal_ask"),
    path(P + "questions/<uuid:question_uuid>/answer/", proposal_reply, name="proposal_reply"),
    path(P + "react/", proposal_react, name="proposal_react"),
    path(P + "answer/", proposal_answer, name="proposal_answer"),
    path(P + "enter/", proposal_enter, name="proposal_enter"),
    path(P + "move/<slug:move>/", proposal_move, name="proposal_move"),
    path(P + "resolve/", proposal_resolve, name="proposal_resolve"),
    path(P + "pass-up/", proposal_pass_up, name="proposal_pass_up"),
    path(P + "withdraw/", proposal_withdraw, name="proposal_withdraw"),
]
