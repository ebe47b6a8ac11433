"""Demo everyday decisions, on top of the circles the structure demo makes (fictional people).

- Clapton Park: Gloria decided "Buy a new urn for the coffee mornings" by advice process, with
  advice from Ayşe and Nasreen, and Stan's advice on paper entered by Nasreen (the secretary).
- Clapton North: an open advice process (Doreen asks about moving the coffee morning), with Ayo's
  advice and Arthur's given by phone, entered by Janet; Zeynep, Janet and Nasreen can still answer.
- General circle: a closed poll with its result, and a closed time poll for its next meeting (the
  meeting is made when the meetings part's ``meeting_plan`` is there).
- Members' circle: the open poll "Which day for the summer picnic?".
- Clapton North: an open time poll for its next meeting that demo users can answer.
- Gloria's team circle: "Which café for Gloria's birthday tea?".

Everything goes through the services, so the records (decisions, who took part, who entered what
for whom, e-mails) are real. Safe to run again: each one is found by its title before it is made.
Call ``build(ctx)`` after the structure demo (``ctx["circles"]``) and the teams demo."""

from datetime import time, timedelta

from django.utils import timezone

from caringcity.circles.access import place_of
from caringcity.circles.models import AdviceProcess, Circle, How, Poll, PollKind, VoteAnswer
from caringcity.circles.services import everyday as services
from caringcity.core.models import User

URN = "Buy a new urn for the coffee mornings"
MOVE = "Move the Thursday coffee morning to Clapton Library"
LUNCH = "Where shall we hold the volunteers' thank-you lunch?"
PICNIC = "Which day for the summer picnic?"
GENERAL_MEETING = "When shall the General circle meet next?"
NORTH_MEETING = "When shall Clapton North meet next?"
BIRTHDAY = "Which café for Gloria's birthday tea?"


def _user(person):
    """A fresh login for ``person``: what earlier demos cached about it (circle standings) may be
    out of date now that hats were taken up."""
    return User.objects.get(pk=person.user_id)


def _in(circle, *people):
    """Those of ``people`` who are in the circle now (the cast is the structure demo's)."""
    return [person for person in people if place_of(circle, person)[0]]


def _slot(days, hour, minute=0):
    return services.slot_instant(timezone.localdate() + timedelta(days=days), time(hour, minute))


# --- advice processes ---------------------------------------------------------------------------------
def _urn(park, p):
    if AdviceProcess.objects.filter(circle=park, title=URN).exists():
        return
    gloria, ayse, nasreen, stan = p["gloria"], p["worker_ayse"], p["bengali"], p["stan"]
    process = services.advice_start(
        actor=_user(gloria), circle=park, title=URN, decide_by=timezone.localdate() + timedelta(days=7), asked=[ayse, nasreen, stan],
        question="The urn we borrow for the Tuesday coffee mornings leaks and runs dry by eleven. I want to buy our own "
                 "20-litre urn from the local budget, for about £60. Is that the right size, and is there anything to watch for?")
    services.advice_give(actor=_user(ayse), process=process,
                         text="20 litres is right: we pour about 60 cups. Get one with a tap lock and an automatic cut-out.")
    services.advice_give(actor=_user(nasreen), process=process,
                         text="Buy it from the hardware shop on Chatsworth Road so we can take it back if it breaks. Label it as ours.")
    services.advice_give(actor=_user(nasreen), process=process, person=stan, how=How.PAPER,
                         text="Stan wrote: a tap I can use with stiff hands, please, not a push button.")
    services.advice_decide(
        actor=_user(gloria), process=process, review_on=timezone.localdate() + timedelta(days=180),
        text="We buy a 20-litre urn with a lever tap, a tap lock and a cut-out from the Chatsworth Road hardware shop, "
             "up to £65 from the local budget. Nasreen labels it and it lives in the hub's cupboard.",
        reasons="Ayşe said 20 litres is what we pour; Nasreen said buy locally so it can go back; Stan asked for a tap "
                "he can use, so a lever, not a button. That costs £5 more than I had in mind.")


def _move(north, p):
    if AdviceProcess.objects.filter(circle=north, title=MOVE).exists():
        return
    doreen, ayo, janet, zeynep, arthur, nasreen = p["doreen"], p["ayo"], p["proxy"], p["zeynep"], p["paper"], p["bengali"]
    asked = [*_in(north, ayo, janet, zeynep, arthur), nasreen]  # Nasreen runs the Park coffee morning: it affects her
    process = services.advice_start(
        actor=_user(doreen), circle=north, title=MOVE, decide_by=timezone.localdate() + timedelta(days=10), asked=asked,
        question="The church hall is cold and the stairs are hard for some of us. The library has a warm room on the ground "
                 "floor on Thursday mornings. I would like to move the coffee morning there from next month.")
    services.advice_give(actor=_user(ayo), process=process,
                         text="The library room has a hearing loop, which helps. Ask if we can bring our own urn.")
    if arthur in asked:
        services.advice_give(actor=_user(janet), process=process, person=arthur, how=How.PHONE,
                             text="Arthur says yes: the library has no step and the bus stops outside.")


# --- polls --------------------------------------------------------------------------------------------
def _lunch(general, p):
    if Poll.objects.filter(circle=general, question=LUNCH).exists():
        return
    ayse = p["worker_ayse"]
    poll = services.poll_start(actor=_user(ayse), circle=general, kind=PollKind.SIMPLE, question=LUNCH,
                               closes=timezone.localdate() + timedelta(days=3),
                               choices=["Lea Bridge Community Hub", "The café at Chatsworth Road Market", "Clapton Library garden"])
    hub, market, _garden = poll.options.order_by("order")
    votes = [("admin", hub), ("organiser", hub), ("gloria", market), ("ayo", hub), ("member", market), ("worker_rahim", hub),
             ("worker_ayse", market)]
    for key, option in votes:
        if _in(general, p[key]):
            services.poll_vote(actor=_user(p[key]), poll=poll, option=option)
    _close(poll, ayse, hub, note="Kemal books the big room; Ayşe orders the food from the Homerton Food Hub.")


def _picnic(members, p):
    if Poll.objects.filter(circle=members, question=PICNIC).exists():
        return
    rosa = p["member"]
    poll = services.poll_start(actor=_user(rosa), circle=members, kind=PollKind.SIMPLE, question=PICNIC,
                               closes=timezone.localdate() + timedelta(days=14),
                               details="In Springfield Park, by the café. Bring something to share if you can.",
                               choices=["A Saturday in mid-July", "A Sunday in mid-July", "The August bank holiday Monday"])
    saturday, sunday, bank_holiday = poll.options.order_by("order")
    for key, option in [("member", saturday), ("organiser", sunday), ("doreen", saturday), ("gloria", bank_holiday)]:
        if _in(members, p[key]):
            services.poll_vote(actor=_user(p[key]), poll=poll, option=option)
    if _in(members, p["paper"]):  # Rosa, the secretary, enters Arthur's paper vote
        services.poll_vote(actor=_user(rosa), poll=poll, option=saturday, person=p["paper"], how=How.PAPER)


def _close(poll, actor, option, **extra):
    """Close on ``option``, saying why only when it is not clearly at the top (a smaller cast)."""
    from caringcity.circles.selectors.everyday import poll_tally

    tally = poll_tally(poll)
    if tally["tie"] or tally["leaders"][0] != option:
        extra["reasons"] = "It suits the people who run it."
    services.poll_close(actor=_user(actor), poll=poll, option=option, **extra)


def _answer(poll, person, answers, actor=None, how=How.ONLINE):
    options = list(poll.options.order_by("order"))
    grid = {option.pk: answer for option, answer in zip(options, answers)}
    if actor is None:
        services.poll_vote(actor=_user(person), poll=poll, answers=grid)
    else:
        services.poll_vote(actor=_user(actor), poll=poll, answers=grid, person=person, how=how)


def _general_meeting(general, p):
    if Poll.objects.filter(circle=general, question=GENERAL_MEETING).exists():
        return
    Y, M, N = VoteAnswer.YES, VoteAnswer.MAYBE, VoteAnswer.NO
    poll = services.poll_start(actor=_user(p["worker_ayse"]), circle=general, kind=PollKind.TIME, question=GENERAL_MEETING,
                               closes=timezone.localdate() + timedelta(days=5),
                               slots=[(_slot(14, 18), 90), (_slot(16, 18, 30), 90), (_slot(19, 10, 30), 120)])
    for key, answers in [("admin", [Y, Y, N]), ("organiser", [Y, M, Y]), ("worker_ayse", [Y, Y, M]), ("gloria", [N, Y, Y]),
                         ("ayo", [Y, N, M]), ("member", [Y, M, N]), ("worker_rahim", [M, Y, N])]:
        if _in(general, p[key]):
            _answer(poll, p[key], answers)
    first = poll.options.order_by("order").first()  # the most yes (5), ahead of the second time (4)
    _close(poll, p["organiser"], first, title="General circle meeting", place="Lea Bridge Community Hub, the big room")


def _north_meeting(north, p):
    if Poll.objects.filter(circle=north, question=NORTH_MEETING).exists():
        return
    Y, M, N = VoteAnswer.YES, VoteAnswer.MAYBE, VoteAnswer.NO
    poll = services.poll_start(actor=_user(p["ayo"]), circle=north, kind=PollKind.TIME, question=NORTH_MEETING,
                               closes=timezone.localdate() + timedelta(days=9),
                               details="At Clapton Library if the coffee morning moves there; otherwise the church hall.",
                               slots=[(_slot(18, 14), 90), (_slot(20, 18), 90), (_slot(25, 11), 90)])
    if _in(north, p["ayo"]):
        _answer(poll, p["ayo"], [Y, Y, M])
    if _in(north, p["doreen"]):
        _answer(poll, p["doreen"], [Y, N, Y])
    if _in(north, p["paper"]):  # Janet, the secretary, enters Arthur's answers from his paper form
        _answer(poll, p["paper"], [Y, N, M], actor=p["proxy"], how=How.PAPER)


def _birthday(team_circle, p):
    if team_circle is None or Poll.objects.filter(circle=team_circle, question=BIRTHDAY).exists():
        return
    poll = services.poll_start(actor=_user(p["gloria"]), circle=team_circle, kind=PollKind.SIMPLE, question=BIRTHDAY,
                               closes=timezone.localdate() + timedelta(days=6),
                               choices=["Venetia's on Chatsworth Road", "The Clapton Hart", "Pacific Social Club"])
    venetia, hart, _pacific = poll.options.order_by("order")
    for key, option in [("gloria", venetia), ("zeynep", venetia), ("ayo", hart)]:
        if _in(team_circle, p[key]):
            services.poll_vote(actor=_user(p[key]), poll=poll, option=option)


def build(ctx):
    circles = ctx.get("circles") or {}
    if not all(key in circles for key in ("members", "general", "north", "park")):
        return  # the structure demo did not run: there are no circles to decide in
    p = ctx["people"]
    team = (ctx.get("teams") or {}).get("gloria")
    gloria_circle = Circle.objects.filter(team=team).first() if team is not None else None
    _urn(circles["park"], p)
    _move(circles["north"], p)
    _lunch(circles["general"], p)
    _picnic(circles["members"], p)
    _general_meeting(circles["general"], p)
    _north_meeting(circles["north"], p)
    _birthday(gloria_circle, p)
    ctx.setdefault("notes", []).append(
        "Everyday decisions: Gloria's advice process on the coffee-morning urn (Clapton Park, decided; Stan's advice on paper), "
        "Doreen's open advice process in Clapton North, polls in the General and Members' circles and in Gloria's team, "
        "and time polls for the General circle's next meeting (closed) and Clapton North's (open).")
