"""Reads for everyday decisions: the circle's list of advice processes and polls, who is in the
circle, an advice process with its advice, and a poll's results (counts, the chart's geometry,
who can't come). Every read here takes a fixed number of queries, however many people answer."""

from datetime import timedelta

from django.db.models import Count, Q
from django.http import Http404
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from caringcity.circles.access import TEAM_STAKEHOLDER, circle_standing
from caringcity.circles.models import (
    Advice,
    AdviceProcess,
    AdviceStatus,
    Participant,
    Poll,
    PollKind,
    PollStatus,
    Stakeholder,
    Vote,
    VoteAnswer,
)
from caringcity.people.models import Membership, Person, Proxy

FINISHED_SHOWN = 20  # older finished ones are in the decision log


# --- who is in the circle -------------------------------------------------------------------------
def circle_people(circle):
    """The people in the circle now, by name: its current participants, or for a care team the
    team's owner, the owner's proxies and the team's current members."""
    if not circle.is_team:
        rows = Participant.objects.current().filter(circle=circle).select_related("person__user").order_by("person__name")
        return [row.person for row in rows]
    team = circle.team
    ids = {team.owner_id}
    ids |= set(team.members.current().values_list("person_id", flat=True))
    ids |= set(Proxy.objects.current().filter(principal_id=team.owner_id).values_list("proxy_id", flat=True))
    return list(Person.objects.filter(pk__in=ids).select_related("user").order_by("name"))


def circle_people_with_place(circle):
    """[(person, stakeholder value)] in the circle now, by name."""
    if not circle.is_team:
        rows = Participant.objects.current().filter(circle=circle).select_related("person").order_by("person__name")
        return [(row.person, row.stakeholder) for row in rows]
    team = circle.team
    kinds = dict(team.members.current().values_list("person_id", "kind"))
    result = []
    for person in circle_people(circle):
        if person.pk == team.owner_id:
            result.append((person, Stakeholder.SUPPORTED))
        elif person.pk in kinds:
            result.append((person, TEAM_STAKEHOLDER.get(kinds[person.pk], Stakeholder.OTHER)))
        else:
            result.append((person, Stakeholder.FAMILY))
    return result


def others_to_ask(circle):
    """Members of the commons outside the circle who may be asked for advice (those affected).
    A care team's pages stay inside the team, so a team circle asks only its own people."""
    if circle.is_team:
        return Person.objects.none()
    inside = Participant.objects.current().filter(circle=circle).values("person")
    members = Membership.objects.active().filter(commons=circle.commons).values("person")
    return Person.objects.filter(pk__in=members).exclude(pk__in=inside).order_by("name")


def askable_ids(circle):
    """Ids of everyone who may be asked for advice in this circle."""
    ids = {person.pk for person in circle_people(circle)}
    ids |= set(others_to_ask(circle).values_list("pk", flat=True))
    return ids


# --- the circle's everyday list -------------------------------------------------------------------
def everyday_list(circle):
    """{"open": [...], "finished": [...]} of advice processes and polls, newest first within each.
    Each item has ``kind`` ("advice", "poll" or "time"), ``is_open``, ``answered`` and ``asked``
    (advice given of advice asked; people who answered a poll)."""
    processes = (AdviceProcess.objects.filter(circle=circle).select_related("decider")
                 .annotate(asked_n=Count("advice", distinct=True),
                           given_n=Count("advice", filter=~Q(advice__text=""), distinct=True)))
    polls = (Poll.objects.filter(circle=circle).select_related("chosen")
             .annotate(voters_n=Count("options__votes__person", distinct=True)))
    items = []
    for process in processes:
        process.item_kind, process.is_open = "advice", process.status == AdviceStatus.ASKING
        process.when = process.decide_by
        items.append(process)
    for poll in polls:
        poll.item_kind, poll.is_open = ("time" if poll.kind == PollKind.TIME else "poll"), poll.status == PollStatus.OPEN
        poll.when = poll.closes
        items.append(poll)
    items.sort(key=lambda item: item.created, reverse=True)
    finished = [item for item in items if not item.is_open]
    return {"open": [item for item in items if item.is_open], "finished": finished[:FINISHED_SHOWN],
            "more_finished": max(len(finished) - FINISHED_SHOWN, 0)}


# --- fetch and check ------------------------------------------------------------------------------
_CIRCLE = ("circle", "circle__commons", "circle__parent", "circle__team", "circle__team__owner")


def access_advice(user, commons, advice_uuid):
    """The advice process, or 404 when it is not in this commons or its circle is out of reach."""
    process = (AdviceProcess.objects.filter(circle__commons=commons, uuid=advice_uuid)
               .select_related(*_CIRCLE, "decider", "created_by__person", "decision").first())
    if process is None or not circle_standing(user, process.circle).can_view:
        raise Http404
    return process


def access_poll(user, commons, poll_uuid):
    """The poll, or 404 when it is not in this commons or its circle is out of reach."""
    poll = (Poll.objects.filter(circle__commons=commons, uuid=poll_uuid)
            .select_related(*_CIRCLE, "created_by__person", "chosen", "decision", "meeting").first())
    if poll is None or not circle_standing(user, poll.circle).can_view:
        raise Http404
    return poll


# --- an advice process ----------------------------------------------------------------------------
def advice_rows(process):
    """Everyone asked, with their advice (given first, then waiting), and who entered it."""
    rows = list(Advice.objects.filter(process=process).select_related("person", "recorded_by__person"))
    for row in rows:
        row.entered_by = _entered_by(row, row.person)
    rows.sort(key=lambda row: (not row.text, row.given_at or row.created, row.person.name))
    return rows


def was_asked(process, person):
    return person is not None and Advice.objects.filter(process=process, person=person).exists()


def _entered_by(row, person):
    """The person who typed it in for someone else, or None when they gave it themselves."""
    typist = getattr(row.recorded_by, "person", None) if row.recorded_by_id else None
    if typist is not None and typist.pk != person.pk:
        return typist
    return None


# --- a poll's results -----------------------------------------------------------------------------
def poll_votes(poll):
    return list(Vote.objects.filter(option__poll=poll).select_related("person", "recorded_by__person").order_by("person__name", "pk"))


def rank_key(row, kind):
    """What decides the winner: the most votes; for a time, the most yes, then yes + if I must."""
    if kind == PollKind.TIME:
        return (row["yes"], row["yes"] + row["maybe"])
    return (row["count"],)


def poll_tally(poll, votes=None, options=None):
    """Counts per option and who the leaders are. ``rows`` keep the options' order; ``leaders``
    are the options at the top (more than one is a tie); ``voters`` the people who answered,
    with how and who entered it."""
    options = list(poll.options.all()) if options is None else options
    votes = poll_votes(poll) if votes is None else votes
    by_option = {option.pk: [] for option in options}
    voters = {}
    for vote in votes:
        by_option.setdefault(vote.option_id, []).append(vote)
        if vote.person_id not in voters:
            vote.entered_by = _entered_by(vote, vote.person)
            voters[vote.person_id] = vote
    rows = []
    for option in options:
        option_votes = by_option.get(option.pk, [])
        answers = {answer: [v.person for v in option_votes if v.answer == answer] for answer in VoteAnswer.values}
        ends = option.starts + timedelta(minutes=option.minutes or 0) if option.starts else None
        rows.append({"option": option, "ends": ends, "count": len(option_votes), "votes": option_votes,
                     "yes": len(answers[VoteAnswer.YES]), "maybe": len(answers[VoteAnswer.MAYBE]), "no": len(answers[VoteAnswer.NO]),
                     "cant": answers[VoteAnswer.NO], "yes_people": answers[VoteAnswer.YES], "maybe_people": answers[VoteAnswer.MAYBE]})
    best = max((rank_key(row, poll.kind) for row in rows), default=None)
    leaders = [row["option"] for row in rows if rank_key(row, poll.kind) == best]
    return {"rows": rows, "leaders": leaders, "tie": len(leaders) > 1,
            "voters": sorted(voters.values(), key=lambda v: v.person.name), "voter_count": len(voters)}


def answers_of(votes, person):
    """A person's answers: {option id: answer}."""
    if person is None:
        return {}
    return {vote.option_id: vote.answer for vote in votes if vote.person_id == person.pk}


BAR_LABEL_W, BAR_MAX_W, BAR_H, BAR_GAP, BAR_TOP = 190, 300, 28, 12, 8


def bar_chart(tally):
    """Geometry for the server-side SVG of a simple poll: one horizontal bar per choice."""
    top = max((row["count"] for row in tally["rows"]), default=0) or 1
    bars = []
    for i, row in enumerate(tally["rows"]):
        y = BAR_TOP + i * (BAR_H + BAR_GAP)
        w = round(BAR_MAX_W * row["count"] / top)
        bars.append({"label": row["option"].label, "count": row["count"], "y": y, "w": w, "text_y": y + BAR_H // 2 + 5,
                     "value_x": BAR_LABEL_W + w + 6})
    height = BAR_TOP * 2 + len(bars) * (BAR_H + BAR_GAP)
    return {"bars": bars, "width": BAR_LABEL_W + BAR_MAX_W + 50, "height": height, "label_w": BAR_LABEL_W, "bar_h": BAR_H}


def not_answered(poll, tally):
    """People in the circle who have not answered yet."""
    answered = {vote.person_id for vote in tally["voters"]}
    return [person for person in circle_people(poll.circle) if person.pk not in answered]


def slot_text(starts, minutes):
    """A time in London, UK style: "Tuesday 15 July 2025, 18:00 to 19:30"."""
    start = timezone.localtime(starts)
    end = timezone.localtime(starts + timedelta(minutes=minutes or 0))
    return _("%(day)s, %(start)s to %(end)s") % {
        "day": formats.date_format(start, "l j F Y"), "start": formats.time_format(start, "H:i"), "end": formats.time_format(end, "H:i")}


def option_text(option):
    """What a poll option says: its label, or for a time poll its time in words."""
    return slot_text(option.starts, option.minutes) if option.starts else option.label
