"""Everyday decisions in a circle (a care team's circle too): the advice process, simple polls and
meeting time polls. Thin: fetch and check (404 when out of reach), one service, redirect.
Every page and action works with JavaScript off."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from caringcity.circles import states
from caringcity.circles.forms import everyday as forms
from caringcity.circles.models import AdviceStatus, PollKind, PollStatus
from caringcity.circles.selectors import everyday as selectors
from caringcity.circles.selectors.visibility import can_read
from caringcity.circles.services import everyday as services
from caringcity.circles.services.records import latest_version
from caringcity.circles.views.base import _commons, _submit, circle_for, register_tab, render_circle

C = "c/<slug:slug>/circles/"
IN = C + "<uuid:circle_uuid>/everyday/"

register_tab(40, gettext_lazy("Everyday decisions"), "everyday")


def _require(request, perm, obj):
    if not request.user.has_perm(perm, obj):
        raise Http404


def _run(request, form, call, success):
    """``_submit`` that hands back what the service made (None when nothing was saved)."""
    made = []
    if _submit(request, form, lambda data: made.append(call(data)), success):
        return made[0]
    return None


def _form(request, circle, form, *, title, submit_label, cancel_url, intro="", crumb=None, **extra):
    """A form page inside the circle; 400 when the form came back with something to fix."""
    status = 400 if form.is_bound and form.errors else 200
    ctx = {"form": form, "title": title, "submit_label": submit_label, "cancel_url": cancel_url, "intro": intro, **extra}
    if crumb:
        ctx["crumb_url"], ctx["crumb_label"] = crumb
    return render_circle(request, "circles/everyday/form.html", circle, ctx, status=status)


def _refusals(*pairs):
    """The errors of posted forms the page cannot show (the form is gone because the advice
    process or poll has finished): they are shown at the top of the page instead."""
    return [error for form, shown in pairs if form is not None and form.is_bound and not shown
            for errors in form.errors.values() for error in errors]


def _finished(request, machine, state, move, back):
    """A redirect back with the reason when ``move`` is no longer possible, else None."""
    try:
        states.check(machine, state, move)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    return None


def _crumb(circle):
    return reverse("circles:everyday", args=[circle.commons.slug, circle.uuid]), _("Everyday decisions")


# --- the circle's list ------------------------------------------------------------------------------
@login_required
def everyday(request, slug, circle_uuid):
    commons, circle, standing = circle_for(request, slug, circle_uuid)
    ctx = {"items": selectors.everyday_list(circle), "can_start": request.user.has_perm("circles.start_everyday", circle)}
    return render_circle(request, "circles/everyday/everyday.html", circle, ctx)


# --- starting ---------------------------------------------------------------------------------------
@login_required
def advice_start(request, slug, circle_uuid):
    commons, circle, standing = circle_for(request, slug, circle_uuid, "circles.start_everyday")
    for_others = request.user.has_perm("circles.enter_for_others", circle)
    others = None if circle.is_team else selectors.others_to_ask(circle)
    form = forms.AdviceStartForm(request.POST or None, me=standing.person, people=selectors.circle_people(circle),
                                 others=others, for_others=for_others)
    process = _run(request, form, lambda d: services.advice_start(
        actor=request.user, circle=circle, title=d["title"], question=d["question"], decide_by=d["decide_by"],
        asked=[*d["asked"], *d.get("others", ())], decider=d.get("decider")),
        _("The advice process has started. The people you asked have been told by e-mail."))
    if process:
        return redirect("circles:advice_detail", slug, process.uuid)
    return _form(request, circle, form, title=_("Ask for advice"), submit_label=_("Ask for advice"),
                 cancel_url=_crumb(circle)[0], crumb=_crumb(circle),
                 intro=_("In an advice process one person decides, after asking the people the decision affects and "
                         "people who know about it. You do not need everyone to agree, but you must listen, "
                         "and then write down what you decided and why."))


@login_required
def poll_start(request, slug, circle_uuid):
    commons, circle, standing = circle_for(request, slug, circle_uuid, "circles.start_everyday")
    form = forms.PollStartForm(request.POST or None)
    poll = _run(request, form, lambda d: services.poll_start(
        actor=request.user, circle=circle, kind=PollKind.SIMPLE, question=d["question"], details=d["details"],
        closes=d["closes"], choices=d["choices"]), _("The poll has started. Everyone in the circle has been told by e-mail."))
    if poll:
        return redirect("circles:poll_detail", slug, poll.uuid)
    return _form(request, circle, form, title=_("Start a poll"), submit_label=_("Start the poll"),
                 cancel_url=_crumb(circle)[0], crumb=_crumb(circle),
                 intro=_("A poll asks a question with a few choices. Each person in the circle picks one. "
                         "When it closes, the choice and the reason are written in the decision log."))


@login_required
def time_poll_start(request, slug, circle_uuid):
    commons, circle, standing = circle_for(request, slug, circle_uuid, "circles.start_everyday")
    try:
        rows = int(request.GET.get("rows", forms.SLOT_ROWS))
    except ValueError:
        rows = forms.SLOT_ROWS
    form = forms.TimePollStartForm(request.POST or None, rows=rows)
    poll = _run(request, form, lambda d: services.poll_start(
        actor=request.user, circle=circle, kind=PollKind.TIME, question=d["question"], details=d["details"],
        closes=d["closes"], slots=d["slots"]), _("The time poll has started. Everyone in the circle has been told by e-mail."))
    if poll:
        return redirect("circles:poll_detail", slug, poll.uuid)
    more_url = None
    if form.row_count < forms.MORE_SLOT_ROWS:
        more_url = reverse("circles:time_poll_start", args=[slug, circle.uuid]) + f"?rows={forms.MORE_SLOT_ROWS}"
    return _form(request, circle, form, title=_("Find a meeting time"), submit_label=_("Start the time poll"),
                 cancel_url=_crumb(circle)[0], crumb=_crumb(circle), more_url=more_url,
                 intro=_("Give a few dates and times (London time). Each person says, for each one: yes, if I must, or no. "
                         "When it closes, the chosen time becomes a meeting in the circle's calendar."))


# --- an advice process --------------------------------------------------------------------------------
def _advice(request, slug, advice_uuid):
    commons, _membership = _commons(request, slug)
    process = selectors.access_advice(request.user, commons, advice_uuid)
    request.circle = process.circle
    return commons, process


def _advice_page(request, commons, process, *, give_form=None, enter_form=None, status=200):
    circle, user = process.circle, request.user
    standing_person = request.membership.person
    rows = selectors.advice_rows(process)
    asking = process.status == AdviceStatus.ASKING
    mine = next((row for row in rows if row.person_id == standing_person.pk), None)
    can_give = asking and mine is not None and user.has_perm("circles.give_advice", process)
    can_enter = asking and user.has_perm("circles.enter_for_others", circle)
    if can_give and give_form is None:
        give_form = forms.AdviceForm(initial={"text": mine.text}, prefix="mine")
    if can_enter and enter_form is None:
        enter_form = forms.EnterAdviceForm(people=[row.person for row in rows], prefix="entry")
    version = latest_version(process.decision) if process.decision_id else None
    starter = getattr(process.created_by, "person", None) if process.created_by_id else None
    ctx = {
        "process": process, "rows": rows, "mine": mine, "asking": asking,
        "given": [row for row in rows if row.text], "waiting": [row for row in rows if not row.text],
        "give_form": give_form if can_give else None, "enter_form": enter_form if can_enter else None,
        "can_decide": asking and user.has_perm("circles.decide_advice", process),
        "started_for": starter if starter and starter.pk != process.decider_id else None,
        "version": version,
        "can_read_decision": version is not None and can_read(user, commons, circle.pk, version.confidential),
        "refusals": _refusals((give_form, can_give), (enter_form, can_enter)),
        "crumb_url": _crumb(circle)[0], "crumb_label": _crumb(circle)[1],
    }
    return render_circle(request, "circles/everyday/advice_detail.html", circle, ctx, status=status)


@login_required
def advice_detail(request, slug, advice_uuid):
    commons, process = _advice(request, slug, advice_uuid)
    return _advice_page(request, commons, process)


@login_required
@require_POST
def advice_give(request, slug, advice_uuid):
    commons, process = _advice(request, slug, advice_uuid)
    _require(request, "circles.give_advice", process)
    form = forms.AdviceForm(request.POST, prefix="mine")
    if _submit(request, form, lambda d: services.advice_give(actor=request.user, process=process, text=d["text"]),
               _("Thank you. Your advice is saved.")):
        return redirect("circles:advice_detail", slug, advice_uuid)
    return _advice_page(request, commons, process, give_form=form, status=400)


@login_required
@require_POST
def advice_enter(request, slug, advice_uuid):
    commons, process = _advice(request, slug, advice_uuid)
    _require(request, "circles.enter_for_others", process.circle)
    form = forms.EnterAdviceForm(request.POST, people=[row.person for row in selectors.advice_rows(process)], prefix="entry")
    if _submit(request, form, lambda d: services.advice_give(actor=request.user, process=process, text=d["text"],
                                                             person=d["person"], how=d["how"]),
               _("The advice is saved, with a note that you entered it.")):
        return redirect("circles:advice_detail", slug, advice_uuid)
    return _advice_page(request, commons, process, enter_form=form, status=400)


@login_required
def advice_decide(request, slug, advice_uuid):
    commons, process = _advice(request, slug, advice_uuid)
    _require(request, "circles.decide_advice", process)
    circle = process.circle
    acting_for = None if request.membership.person.pk == process.decider_id else process.decider
    back = reverse("circles:advice_detail", args=[slug, advice_uuid])
    if request.method == "GET" and (done := _finished(request, "advice", process.status, "decide", back)):
        return done
    form = forms.DecideForm(request.POST or None, acting_for=acting_for)
    if _submit(request, form, lambda d: services.advice_decide(actor=request.user, process=process, text=d["text"],
                                                               reasons=d["reasons"], review_on=d.get("review_on"),
                                                               how=d.get("how") or ""),
               _("The decision is recorded in the decision log.")):
        return redirect(back)
    if acting_for is not None:
        title = _("Record %(name)s's decision") % {"name": process.decider.display_name}
    else:
        title = _("Record your decision")
    return _form(request, circle, form, title=title, submit_label=_("Record the decision"), cancel_url=back,
                 crumb=(back, process.title), rows=selectors.advice_rows(process),
                 intro=_("Say what was decided and why. The reasons are required: they show how the advice was heard. "
                         "It goes into the circle's decision log."))


@login_required
def advice_withdraw(request, slug, advice_uuid):
    commons, process = _advice(request, slug, advice_uuid)
    _require(request, "circles.decide_advice", process)
    back = reverse("circles:advice_detail", args=[slug, advice_uuid])
    if request.method == "GET" and (done := _finished(request, "advice", process.status, "withdraw", back)):
        return done
    form = forms.ConfirmForm(request.POST if request.method == "POST" else None)
    if _submit(request, form, lambda d: services.advice_withdraw(actor=request.user, process=process),
               _("The advice process is withdrawn. Nothing was decided.")):
        return redirect(back)
    return _form(request, process.circle, form, title=_("Withdraw this advice process?"), submit_label=_("Withdraw it"),
                 cancel_url=back, crumb=(back, process.title),
                 intro=_("Nothing will be decided and no more advice can be given. The advice already given stays on the page."))


# --- a poll -----------------------------------------------------------------------------------------
def _poll(request, slug, poll_uuid):
    commons, _membership = _commons(request, slug)
    poll = selectors.access_poll(request.user, commons, poll_uuid)
    request.circle = poll.circle
    return commons, poll


def _poll_page(request, commons, poll, *, vote_form=None, enter_form=None, status=200):
    circle, user = poll.circle, request.user
    options = list(poll.options.all())
    votes = selectors.poll_votes(poll)
    tally = selectors.poll_tally(poll, votes=votes, options=options)
    people = selectors.circle_people(circle)
    answered = {vote.person_id for vote in tally["voters"]}
    is_open = poll.status == PollStatus.OPEN
    me = request.membership.person
    mine = selectors.answers_of(votes, me)
    can_vote = is_open and user.has_perm("circles.vote", poll)
    can_enter = is_open and user.has_perm("circles.enter_vote", poll)
    if can_vote and vote_form is None:
        if poll.kind == PollKind.SIMPLE:
            initial = {"option": next(iter(mine), None)}
        else:
            initial = {f"slot_{pk}": answer for pk, answer in mine.items()}
        vote_form = forms.VoteForm(poll=poll, options=options, initial=initial, prefix="mine")
    if can_enter and enter_form is None:
        enter_form = forms.VoteForm(poll=poll, options=options, for_others=True, people=people, prefix="entry")
    version = latest_version(poll.decision) if poll.decision_id else None
    ctx = {
        "poll": poll, "tally": tally, "is_open": is_open, "is_time": poll.kind == PollKind.TIME,
        "chart": selectors.bar_chart(tally) if poll.kind == PollKind.SIMPLE else None,
        "not_answered": [person for person in people if person.pk not in answered],
        "has_answered": bool(mine), "vote_form": vote_form if can_vote else None, "enter_form": enter_form if can_enter else None,
        "can_close": is_open and user.has_perm("circles.close_poll", poll),
        "starter": getattr(poll.created_by, "person", None) if poll.created_by_id else None,
        "chosen_text": selectors.option_text(poll.chosen) if poll.chosen_id else "",
        "version": version,
        "can_read_decision": version is not None and can_read(user, commons, circle.pk, version.confidential),
        "refusals": _refusals((vote_form, can_vote), (enter_form, can_enter)),
        "crumb_url": _crumb(circle)[0], "crumb_label": _crumb(circle)[1],
    }
    return render_circle(request, "circles/everyday/poll_detail.html", circle, ctx, status=status)


@login_required
def poll_detail(request, slug, poll_uuid):
    commons, poll = _poll(request, slug, poll_uuid)
    return _poll_page(request, commons, poll)


def _vote(request, form, poll, who):
    def call(data):
        if poll.kind == PollKind.SIMPLE:
            return services.poll_vote(actor=request.user, poll=poll, option=form.chosen_option(), **who(data))
        return services.poll_vote(actor=request.user, poll=poll, answers=form.answers(), **who(data))
    return call


@login_required
@require_POST
def poll_vote(request, slug, poll_uuid):
    commons, poll = _poll(request, slug, poll_uuid)
    _require(request, "circles.vote", poll)
    form = forms.VoteForm(request.POST, poll=poll, options=list(poll.options.all()), prefix="mine")
    if _submit(request, form, _vote(request, form, poll, who=lambda d: {}), _("Thank you. Your answer is saved.")):
        return redirect("circles:poll_detail", slug, poll_uuid)
    return _poll_page(request, commons, poll, vote_form=form, status=400)


@login_required
@require_POST
def poll_enter(request, slug, poll_uuid):
    commons, poll = _poll(request, slug, poll_uuid)
    _require(request, "circles.enter_vote", poll)
    form = forms.VoteForm(request.POST, poll=poll, options=list(poll.options.all()), for_others=True,
                          people=selectors.circle_people(poll.circle), prefix="entry")
    if _submit(request, form, _vote(request, form, poll, who=lambda d: {"person": d["person"], "how": d["how"]}),
               _("The answer is saved, with a note that you entered it.")):
        return redirect("circles:poll_detail", slug, poll_uuid)
    return _poll_page(request, commons, poll, enter_form=form, status=400)


@login_required
def poll_close(request, slug, poll_uuid):
    commons, poll = _poll(request, slug, poll_uuid)
    _require(request, "circles.close_poll", poll)
    back = reverse("circles:poll_detail", args=[slug, poll_uuid])
    if request.method == "GET" and (done := _finished(request, "poll", poll.status, "close", back)):
        return done
    tally = selectors.poll_tally(poll)
    form = forms.CloseForm(request.POST or None, poll=poll, tally=tally,
                           meeting_title=_("%(circle)s meeting") % {"circle": poll.circle.name})
    if _submit(request, form, lambda d: services.poll_close(
            actor=request.user, poll=poll, option=form.chosen_option(), reasons=d["reasons"], note=d["note"],
            title=d.get("title", ""), place=d.get("place", "")),
            _("The poll is closed and the result is in the decision log.")):
        return redirect(back)
    is_time = poll.kind == PollKind.TIME
    return _form(request, poll.circle, form, title=_("Close the poll"), submit_label=_("Close the poll and record the result"),
                 cancel_url=back, crumb=(back, poll.question), tally=tally, poll=poll, is_time=is_time,
                 intro=(_("Choose the time. The one most people can come to is chosen for you; you can choose another and say why. "
                          "The time becomes a meeting in the circle's calendar.") if is_time else
                        _("Choose the result. The choice with the most votes is chosen for you. If it is a tie, "
                          "or you choose another, say why.")))


urlpatterns = [
    path(IN, everyday, name="everyday"),
    path(IN + "advice/new/", advice_start, name="advice_start"),
    path(IN + "poll/new/", poll_start, name="poll_start"),
    path(IN + "time-poll/new/", time_poll_start, name="time_poll_start"),
    path(C + "advice/<uuid:advice_uuid>/", advice_detail, name="advice_detail"),
    path(C + "advice/<uuid:advice_uuid>/give/", advice_give, name="advice_give"),
    path(C + "advice/<uuid:advice_uuid>/enter/", advice_enter, name="advice_enter"),
    path(C + "advice/<uuid:advice_uuid>/decide/", advice_decide, name="advice_decide"),
    path(C + "advice/<uuid:advice_uuid>/withdraw/", advice_withdraw, name="advice_withdraw"),
    path(C + "polls/<uuid:poll_uuid>/", poll_detail, name="poll_detail"),
    path(C + "polls/<uuid:poll_uuid>/vote/", poll_vote, name="poll_vote"),
    path(C + "polls/<uuid:poll_uuid>/enter/", poll_enter, name="poll_enter"),
    path(C + "polls/<uuid:poll_uuid>/close/", poll_close, name="poll_close"),
]
