"""Demo meetings: a circle's logbook of meetings, with agenda, who came, notes and actions.

Runs last, in the circles made by the structure demo (``ctx["circles"]``); does nothing without
them. Made through the services (planned, then held, then minutes), so the data is real. Safe to
run again: each meeting is found by its circle and title before it is made.

- **Clapton North local circle**: a meeting each month for the last seven months (who came varies:
  at two of them nobody getting support came), so "who is around the table" means something. Last
  month's has the full record: an agenda with the "Welcome pack" proposal, Arthur by phone, Zeynep
  as a learning participant, Priya as a guest, Doreen absent; notes; two actions, one done. The
  next meeting is planned for next month.
- **General circle**: last month's meeting with confidential minutes (and why), and the next one
  planned.
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from caringcity.circles.models import Action, How, Meeting, MeetingStatus, Proposal
from caringcity.circles.selectors.meetings import LONDON
from caringcity.circles.services import meetings as services

IN_ROOM, PHONE, VIDEO = How.MEETING, How.PHONE, How.VIDEO

# Clapton North: months ago -> who came (demo person keys, how). Kemal leads, Rosa is the delegate,
# Ayo facilitates, Janet keeps the minutes; Doreen and Arthur get support; Zeynep is learning;
# Priya (a partner charity) is a guest.
NORTH_HISTORY = {
    7: [("organiser", IN_ROOM), ("member", IN_ROOM), ("ayo", IN_ROOM), ("proxy", IN_ROOM), ("doreen", IN_ROOM), ("paper", PHONE),
        ("zeynep", IN_ROOM)],
    6: [("organiser", IN_ROOM), ("member", IN_ROOM), ("ayo", IN_ROOM), ("proxy", IN_ROOM), ("doreen", IN_ROOM)],
    5: [("organiser", IN_ROOM), ("ayo", IN_ROOM), ("proxy", IN_ROOM), ("zeynep", IN_ROOM)],
    4: [("organiser", IN_ROOM), ("member", IN_ROOM), ("ayo", VIDEO), ("proxy", IN_ROOM), ("paper", PHONE), ("doreen", IN_ROOM),
        ("priya", IN_ROOM)],
    3: [("member", IN_ROOM), ("ayo", IN_ROOM), ("proxy", IN_ROOM), ("zeynep", IN_ROOM)],
    2: [("organiser", IN_ROOM), ("member", IN_ROOM), ("ayo", IN_ROOM), ("proxy", IN_ROOM), ("doreen", VIDEO), ("zeynep", IN_ROOM)],
    1: [("organiser", IN_ROOM), ("member", IN_ROOM), ("ayo", IN_ROOM), ("proxy", IN_ROOM), ("paper", PHONE), ("zeynep", IN_ROOM),
        ("priya", IN_ROOM)],
}
# Guests from the commons who are not in the circle: months ago -> [(key, how, here as)].
NORTH_GUESTS = {4: [("gloria", IN_ROOM, "supported")]}
OLDER_AGENDA = ["Welcome and check-in", "Care teams in the area: how they are going", "Anything else"]
OLDER_NOTES = {
    "Welcome and check-in": "Everyone said how their month had been.",
    "Care teams in the area: how they are going": "Arthur's and Doreen's teams are both going well. Nobody needs more help this month.",
}
LAST_AGENDA = ["Welcome and check-in", "Care teams in the area: how they are going", "Local events: a summer street party"]
WELCOME_PACK = "Welcome pack for new volunteers"
LAST_NOTES = {
    "Welcome and check-in": "Zeynep said hello as a new learning participant. Priya came from the Lea Bridge Community Hub.",
    "Care teams in the area: how they are going": "Both teams are going well. Arthur (by phone) said his Tuesday visits "
                                                  "work much better since the rota changed.",
    WELCOME_PACK: "We read the draft together. Zeynep will print copies for the library once it is agreed.",
    "Local events: a summer street party": "A party in July on Clapton Square, if the residents agree.",
}
GENERAL_PEOPLE = [("admin", IN_ROOM), ("organiser", IN_ROOM), ("worker_ayse", IN_ROOM), ("gloria", PHONE), ("ayo", IN_ROOM),
                  ("member", IN_ROOM), ("worker_rahim", VIDEO)]


def _first(weekday, month_start):
    """The first ``weekday`` (0 = Monday) of the month that starts on ``month_start``."""
    return month_start + timedelta(days=(weekday - month_start.weekday()) % 7)


def _month(today, offset):
    """The first day of the month ``offset`` months from ``today``'s."""
    index = today.year * 12 + today.month - 1 + offset
    return date(index // 12, index % 12 + 1, 1)


def _at(day, hour, minute=0):
    return datetime.combine(day, time(hour, minute)).replace(tzinfo=LONDON)


def _meeting(actor, circle, title, starts, **kwargs):
    """The meeting with this title in this circle, or a new planned one."""
    found = Meeting.objects.filter(circle=circle, title=title).first()
    if found is not None:
        return found, False
    return services.meeting_plan(actor=actor, circle=circle, title=title, starts=starts, **kwargs), True


def _hold(actor, meeting, people, came, guests=()):
    services.meeting_hold(actor=actor, meeting=meeting, people=[(people[k], how) for k, how in came if k in people],
                          guests=[(people[k], how, stake) for k, how, stake in guests if k in people])


def _notes(meeting, notes):
    return {item: notes[item.title] for item in meeting.agenda.all() if item.title in notes}


def _north(ctx, north, people, today):
    actor = getattr(people.get("proxy"), "user", None)  # Janet, the secretary
    for months_ago, came in sorted(NORTH_HISTORY.items(), reverse=True):
        day = _first(1, _month(today, -months_ago))  # the first Tuesday of the month
        title = f"Circle meeting, {day:%B %Y}"
        last = months_ago == 1
        meeting, made = _meeting(actor, north, title, _at(day, 18, 30), minutes_long=90, place="Lea Bridge Community Hub, room 2",
                                 agenda=LAST_AGENDA[:2] + [WELCOME_PACK] + LAST_AGENDA[2:] if last else OLDER_AGENDA)
        if not made or meeting.status != MeetingStatus.PLANNED:
            continue
        proposal = Proposal.objects.filter(circle=north, title__icontains="welcome pack").order_by("created").first()
        if last and proposal is not None:  # the proposals demo's "Welcome pack": the item links to it, whatever its stage now
            meeting.agenda.filter(title=WELCOME_PACK).update(proposal=proposal)
        _hold(actor, meeting, people, came, NORTH_GUESTS.get(months_ago, ()))
        if last:
            services.meeting_write_minutes(
                actor=actor, meeting=meeting, item_notes=_notes(meeting, LAST_NOTES),
                notes="Next time: Priya will tell us about the Hub's lunch club.",
                actions=[("Print ten copies of the welcome pack and take them to the library", people.get("zeynep"), day + timedelta(days=14)),
                         ("Ask the Clapton Square residents about a street party", people.get("member"), _first(1, _month(today, 1)))])
            done = Action.objects.filter(meeting=meeting, text__startswith="Print ten copies").first()
            if done is not None:
                services.action_done(actor=getattr(people.get("zeynep"), "user", None), action=done)
        else:
            services.meeting_write_minutes(actor=actor, meeting=meeting, item_notes=_notes(meeting, OLDER_NOTES))
    day = _first(1, _month(today, 1))
    _meeting(actor, north, f"Circle meeting, {day:%B %Y}", _at(day, 18, 30), minutes_long=90,
             place="Lea Bridge Community Hub, room 2",
             agenda=["Welcome and check-in", "The street party: what the residents said", "Priya: the Hub's lunch club"])


def _general(ctx, general, people, today):
    actor = getattr(people.get("worker_ayse"), "user", None)  # Ayşe, the secretary
    day = _first(2, _month(today, -1))  # the first Wednesday of last month
    meeting, made = _meeting(actor, general, f"General circle meeting, {day:%B %Y}", _at(day, 18), minutes_long=120,
                             place="Lea Bridge Community Hub, main hall",
                             agenda=["Reports from the local circles", "The budget for next year", "A safeguarding matter in one team"])
    if made:
        _hold(actor, meeting, people, GENERAL_PEOPLE)
        services.meeting_write_minutes(
            actor=actor, meeting=meeting, confidential=True,
            confidential_reason="Part of it is about one person's safety in a care team. Only the circle's members read it.",
            item_notes=_notes(meeting, {
                "Reports from the local circles": "Rosa and Rahim told us what their circles did this month.",
                "The budget for next year": "Kemal will bring a first budget to the next meeting.",
                "A safeguarding matter in one team": "Ayo told the circle what happened and what the team did. "
                                                     "The circle agreed the team acted rightly and will check in next month.",
            }),
            actions=[("Bring a first budget for next year", people.get("organiser"), day + timedelta(days=28)),
                     ("Check in with the team about the safeguarding matter", people.get("ayo"), day + timedelta(days=28))])
    day = _first(2, _month(today, 1))
    planned = Meeting.objects.filter(circle=general, status=MeetingStatus.PLANNED, starts__gt=timezone.now())
    if not planned.exists():  # the next one, unless the everyday demo's time poll planned it already
        _meeting(actor, general, f"General circle meeting, {day:%B %Y}", _at(day, 18), minutes_long=120,
                 place="Lea Bridge Community Hub, main hall", agenda=["Reports from the local circles", "The budget for next year"])


def build(ctx):
    circles = ctx.get("circles") or {}
    people = {k: v for k, v in ctx.get("people", {}).items() if v is not None}
    today = timezone.localdate()
    if circles.get("north") is not None:
        _north(ctx, circles["north"], people, today)
    if circles.get("general") is not None:
        _general(ctx, circles["general"], people, today)
    if circles.get("north") is not None:
        ctx.setdefault("notes", []).append(
            "Meetings: sign in as Janet (janet@example.org), open Circles → Clapton North local circle → Meetings. Last "
            "month's meeting has its minutes (print them from the meeting page); 'Who is around the table' shows the last "
            "seven meetings. The General circle's last minutes are confidential: Rosa reads them, Doreen sees only why.")
