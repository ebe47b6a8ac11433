"""Reads for meetings: a circle's meetings, one meeting's record (agenda, who came, actions, the
decisions made that day), "who is around the table", and meetings in calendars.

Every function here uses a fixed number of queries, whatever the number of meetings, people or
actions.

**Who is around the table** (``around_the_table``): who took part in a meeting or a decision, by
role (full, learning, guest, and the hats they wore) and by stakeholder kind (people getting
support, family and friends, workers, volunteers, partners, others), set against the circle's
people now ("3 of 4 care workers came"). People who took part without being in the circle (guests
from the commons) are counted apart, as visitors. ``around_the_table_over_time`` gives the same
by stakeholder kind over a circle's last 12 held meetings.
"""

import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from datetime import timezone as dt_timezone
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import ngettext

from caringcity.circles.access import TEAM_STAKEHOLDER
from caringcity.circles.models import (
    Action,
    AgendaItem,
    CircleHatKind,
    CircleHatTerm,
    Decision,
    DecisionVersion,
    Meeting,
    MeetingStatus,
    Participant,
    ParticipantKind,
    Proposal,
    Stakeholder,
    Taker,
    TermStatus,
)
from caringcity.circles.selectors.visibility import can_read, with_latest
from caringcity.people.models import Proxy
from caringcity.teams.models import TeamMember

LONDON = ZoneInfo(settings.TIME_ZONE)
OVER_TIME = 12  # meetings on the circle's "around the table" page

# Plural names of the groups, for "3 of 4 care workers came".
ROLE_GROUPS = {
    ParticipantKind.FULL: gettext_lazy("Full participants"),
    ParticipantKind.LEARNING: gettext_lazy("Learning participants"),
    ParticipantKind.GUEST: gettext_lazy("Guests in the circle"),
}
STAKEHOLDER_GROUPS = {
    Stakeholder.SUPPORTED: gettext_lazy("People getting support"),
    Stakeholder.FAMILY: gettext_lazy("Family and friends"),
    Stakeholder.WORKER: gettext_lazy("Care workers"),
    Stakeholder.VOLUNTEER: gettext_lazy("Volunteers"),
    Stakeholder.PARTNER: gettext_lazy("Partner organisations"),
    Stakeholder.OTHER: gettext_lazy("Others"),
}


def local(instant):
    return instant.astimezone(LONDON)


def day_bounds(day):
    """The instants at the start of London day ``day`` and of the day after."""
    start = datetime.combine(day, time(0)).replace(tzinfo=LONDON)
    return start, datetime.combine(day + timedelta(days=1), time(0)).replace(tzinfo=LONDON)


# --- the circle's people now ------------------------------------------------------------------
@dataclass(frozen=True)
class CirclePerson:
    person: object
    kind: str
    stakeholder: str

    @property
    def kind_label(self):
        return ParticipantKind(self.kind).label

    @property
    def stakeholder_label(self):
        return Stakeholder(self.stakeholder).label if self.stakeholder in Stakeholder.values else ""


def people_of(circle):
    """The circle's people now, by name: its current participants, or for a care team's circle the
    team's owner, the owner's proxies and the team's current members (as ``access.place_of``)."""
    if not circle.is_team:
        rows = Participant.objects.current().filter(circle=circle).select_related("person")
        found = [CirclePerson(p.person, p.kind, p.stakeholder) for p in rows]
    else:
        team = circle.team
        found = {team.owner_id: CirclePerson(team.owner, ParticipantKind.FULL, Stakeholder.SUPPORTED)}
        for member in TeamMember.objects.current().filter(team=team).select_related("person"):
            found.setdefault(member.person_id, CirclePerson(member.person, ParticipantKind.FULL,
                                                            TEAM_STAKEHOLDER.get(member.kind, Stakeholder.OTHER)))
        for proxy in Proxy.objects.current().filter(principal_id=team.owner_id).select_related("proxy"):
            found.setdefault(proxy.proxy_id, CirclePerson(proxy.proxy, ParticipantKind.FULL, Stakeholder.FAMILY))
        found = list(found.values())
    return sorted(found, key=lambda p: (p.person.display_name.lower(), p.person.pk))


def hat_holders(circle):
    """{hat kind: number of people wearing it now}."""
    return Counter(CircleHatTerm.objects.filter(circle=circle, status=TermStatus.HELD).values_list("kind", flat=True))


def open_proposals(circle):
    """Open proposals of the circle, to put on an agenda."""
    return Proposal.objects.open().filter(circle=circle).order_by("title", "pk")


# --- a circle's meetings ----------------------------------------------------------------------
def _listed(queryset):
    return queryset.annotate(
        came=Count("attendance", distinct=True),
        open_actions=Count("actions", filter=Q(actions__done_at__isnull=True), distinct=True),
    )


def upcoming_meetings(circle, now=None):
    """Meetings still to come (planned or cancelled), soonest first."""
    now = now or timezone.now()
    return _listed(Meeting.objects.filter(circle=circle, starts__gte=now - timedelta(hours=3))
                   .exclude(status=MeetingStatus.HELD)).order_by("starts", "pk")


def past_meetings(circle, now=None):
    """Meetings held, cancelled, or past and waiting to be recorded, latest first."""
    now = now or timezone.now()
    return _listed(Meeting.objects.filter(circle=circle)
                   .filter(Q(status=MeetingStatus.HELD) | Q(starts__lt=now - timedelta(hours=3)))).order_by("-starts", "-pk")


def meeting_by_uuid(commons, meeting_uuid):
    return Meeting.objects.filter(circle__commons=commons, uuid=meeting_uuid).select_related("circle").first()


def agenda_of(meeting):
    return list(AgendaItem.objects.filter(meeting=meeting).select_related("proposal").order_by("order", "pk"))


def attendance_of(meeting):
    """Who came, by name, each with ``hat_labels`` (the hats they wore at the time)."""
    takers = list(Taker.objects.filter(meeting=meeting).select_related("person").order_by("person__name", "pk"))
    for taker in takers:
        taker.hat_labels = [CircleHatKind(h).label for h in (taker.hats or []) if h in CircleHatKind.values]
    return takers


def actions_of(meeting):
    return list(Action.objects.filter(meeting=meeting).select_related("who").order_by("done_at", "due", "pk"))


@dataclass
class DecisionLine:
    decision: object
    version: object
    readable: bool


def decisions_on_day(user, circle, day):
    """The circle's decisions recorded on London day ``day`` (as on the minutes), each with its
    latest version, and whether this user may read it (a confidential decision shows its number
    and reason only)."""
    start, end = day_bounds(day)
    decisions = list(with_latest(Decision.objects.filter(circle=circle, created__gte=start, created__lt=end)).order_by("number"))
    versions = DecisionVersion.objects.in_bulk([d.latest_id for d in decisions if d.latest_id])
    return [DecisionLine(d, versions.get(d.latest_id), can_read(user, circle.commons, circle.pk, d.latest_confidential))
            for d in decisions if d.latest_id in versions]


def absent_people(people, takers):
    """The circle's people now who are not among ``takers``."""
    came = {t.person_id for t in takers}
    return [p for p in people if p.person.pk not in came]


def open_actions(circle, limit=None, confidential=False):
    """Actions not done yet from the circle's held meetings, soonest due first; those of
    confidential minutes only when ``confidential`` (the reader may read them)."""
    actions = (Action.objects.filter(meeting__circle=circle, meeting__status=MeetingStatus.HELD, done_at__isnull=True)
               .select_related("who", "meeting").order_by(F("due").asc(nulls_last=True), "pk"))
    if not confidential:
        actions = actions.filter(meeting__confidential=False)
    return actions[:limit] if limit else actions


# --- who is around the table ------------------------------------------------------------------
@dataclass
class TableRow:
    key: str
    label: str
    came: int  # people from the circle in this group who took part
    of: int | None  # the circle's people in this group now (None: visitors, who are not in it)
    visitors: int = 0  # people in this group who took part without being in the circle

    @property
    def sentence(self):
        if self.of == 0 and not self.came and not self.visitors:
            return _("nobody in the circle")
        if self.of is None:
            text = ngettext("%(n)s came", "%(n)s came", self.came) % {"n": self.came}
        else:
            text = _("%(came)s of %(of)s came") % {"came": self.came, "of": self.of}
        if self.visitors:
            text += " " + ngettext("(and %(n)s visitor)", "(and %(n)s visitors)", self.visitors) % {"n": self.visitors}
        return text


@dataclass
class Table:
    key: str
    roles: list
    stakeholders: list
    took_part: int
    from_circle: int
    circle_size: int
    visitors: int
    chart: dict = field(default_factory=dict)

    @property
    def summary(self):
        text = ngettext("%(n)s person took part", "%(n)s people took part", self.took_part) % {"n": self.took_part}
        text += ": " + _("%(came)s of the circle's %(of)s people") % {"came": self.from_circle, "of": self.circle_size}
        if self.visitors:
            text += ", " + ngettext("and %(n)s visitor from outside the circle", "and %(n)s visitors from outside the circle",
                                    self.visitors) % {"n": self.visitors}
        return text + "."


def around_the_table(circle, takers, *, people=None, holders=None, key=None):
    """Who took part (``takers``: Taker rows of a meeting or a decision) by role and by stakeholder
    kind, against the circle's people now. ``people`` (``people_of(circle)``) and ``holders``
    (``hat_holders(circle)``) may be passed in when the caller has them already.

    Render it with ``{% include "circles/meetings/_table.html" with table=table %}``."""
    takers = list(takers)
    people = people_of(circle) if people is None else people
    holders = hat_holders(circle) if holders is None else holders
    members = [t for t in takers if t.kind]
    visitors = [t for t in takers if not t.kind]
    now_kinds = Counter(p.kind for p in people)
    now_stakes = Counter(p.stakeholder for p in people)
    roles = [TableRow(kind, str(label), sum(t.kind == kind for t in members), now_kinds[kind]) for kind, label in ROLE_GROUPS.items()]
    if visitors:
        roles.append(TableRow("visitor", _("Not in the circle (visitors)"), len(visitors), None))
    worn = Counter(hat for t in takers for hat in (t.hats or []))
    for hat, label in CircleHatKind.choices:
        if holders.get(hat) or worn.get(hat):
            roles.append(TableRow(f"hat-{hat}", _("Wearing the hat: %(hat)s") % {"hat": label}, worn[hat], holders.get(hat, 0)))
    stakeholders = [
        TableRow(stake, str(label), sum((t.stakeholder or Stakeholder.OTHER) == stake for t in members), now_stakes[stake],
                 visitors=sum((t.stakeholder or Stakeholder.OTHER) == stake for t in visitors))
        for stake, label in STAKEHOLDER_GROUPS.items()
    ]
    table = Table(key=key or uuid.uuid4().hex[:8], roles=roles, stakeholders=stakeholders, took_part=len(takers),
                  from_circle=len(members), circle_size=len(people), visitors=len(visitors))
    table.chart = _bars(table)
    return table


def _bars(table):
    """Geometry of the horizontal bar chart: for each row a light bar for the circle's people now,
    a dark bar for those who came and a striped one for visitors; the numbers written beside."""
    label_w, bar_w, text_w, row_h, head_h = 340, 240, 200, 30, 34
    rows = [("head", _("By role"))] + [("row", r) for r in table.roles] + \
           [("head", _("By who they are"))] + [("row", r) for r in table.stakeholders]
    scale = max([max(r.of or 0, r.came + r.visitors) for kind, r in rows if kind == "row"] + [1])
    unit = bar_w / scale
    y, items = 0, []
    for kind, item in rows:
        if kind == "head":
            y += head_h
            items.append({"head": item, "y": y - 10})
            continue
        came_w = round(item.came * unit)
        items.append({
            "label": item.label, "y": y, "text_y": y + row_h // 2 + 5, "bar_y": y + 5, "bar_h": row_h - 10,
            "of_w": round((item.of or 0) * unit), "came_w": came_w,
            "visitors_x": label_w + came_w, "visitors_w": round(item.visitors * unit),
            "text": item.sentence, "row": item,
        })
        y += row_h
    return {"width": label_w + bar_w + text_w, "height": y + 6, "label_w": label_w, "value_x": label_w + bar_w + 8,
            "items": items}


# --- over the last meetings -------------------------------------------------------------------
@dataclass
class OverTime:
    meetings: list  # [(meeting, total, [(count, percent)] per stakeholder kind)]
    kinds: list  # [(stakeholder, label, now count, meetings with any, average percent)]
    left_out: int  # confidential meetings this user may not read
    chart: dict


def around_the_table_over_time(user, circle, *, people=None, limit=OVER_TIME):
    """Each stakeholder kind's share of who came, at each of the circle's last ``limit`` held
    meetings (oldest first). Confidential minutes this user may not read are left out."""
    people = people_of(circle) if people is None else people
    held = list(Meeting.objects.filter(circle=circle, status=MeetingStatus.HELD).order_by("-starts", "-pk")[:limit])[::-1]
    readable = [m for m in held if can_read(user, circle.commons, circle.pk, m.confidential)]
    counts = {m.pk: Counter() for m in readable}
    for meeting_id, stake in Taker.objects.filter(meeting__in=readable).values_list("meeting_id", "stakeholder"):
        counts[meeting_id][stake or Stakeholder.OTHER] += 1
    rows = []
    for meeting in readable:
        total = sum(counts[meeting.pk].values())
        cells = [(counts[meeting.pk][s], round(100 * counts[meeting.pk][s] / total) if total else 0) for s in STAKEHOLDER_GROUPS]
        rows.append((meeting, total, cells))
    now = Counter(p.stakeholder for p in people)
    kinds = []
    for i, (stake, label) in enumerate(STAKEHOLDER_GROUPS.items()):
        shares = [cells[i][1] for _m, _t, cells in rows]
        kinds.append((stake, str(label), now[stake], sum(1 for _m, _t, cells in rows if cells[i][0]),
                      round(sum(shares) / len(shares)) if shares else 0))
    result = OverTime(meetings=rows, kinds=kinds, left_out=len(held) - len(readable), chart={})
    result.chart = _small_multiples(result)
    return result


def _small_multiples(over):
    """One row of bars per stakeholder kind, one bar per meeting (its share of who came, in %)."""
    label_w, bar_w, gap, row_h, max_bar, top = 210, 44, 20, 70, 46, 24
    n = len(over.meetings)
    width = label_w + max(n, 1) * (bar_w + gap)
    rows = []
    for i, (stake, label, _now, _any, _avg) in enumerate(over.kinds):
        base = top + (i + 1) * row_h
        bars = []
        for j, (meeting, _total, cells) in enumerate(over.meetings):
            share = cells[i][1]
            h = round(max_bar * share / 100) if share else 0
            x = label_w + j * (bar_w + gap)
            bars.append({"x": x, "y": base - h, "w": bar_w, "h": h, "text_x": x + bar_w // 2, "text_y": base - h - 4,
                         "value": f"{share}%"})
        rows.append({"label": label, "y": base - max_bar // 2, "base": base, "bars": bars})
    months = [{"x": label_w + j * (bar_w + gap) + bar_w // 2, "date": local(m.starts)} for j, (m, _t, _c) in enumerate(over.meetings)]
    return {"width": width, "height": top + len(over.kinds) * row_h + 28, "rows": rows, "dates": months, "label_w": label_w,
            "date_y": top + len(over.kinds) * row_h + 22}


# --- the logbook section ----------------------------------------------------------------------
def logbook_meetings(circle, limit=5):
    return list(Meeting.objects.filter(circle=circle, status=MeetingStatus.HELD).order_by("-starts", "-pk")[:limit])


# --- calendars --------------------------------------------------------------------------------
def meeting_link(meeting):
    return settings.SITE_URL + reverse("circles:meeting_detail", args=[meeting.circle.commons.slug, meeting.uuid])


def meeting_event(meeting, *, now=None):
    """One meeting as an iCalendar VEVENT. Calendars are synced to big companies, so it holds the
    title, the circle, the time, the place and a link back: never the agenda, the minutes or why
    they are confidential."""
    from icalendar import Event

    now = now or timezone.now()
    event = Event()
    link = meeting_link(meeting)
    cancelled = meeting.status == MeetingStatus.CANCELLED
    event.add("uid", f"meeting-{meeting.uuid}@caringcity")
    event.add("dtstamp", now.astimezone(dt_timezone.utc).replace(microsecond=0))
    event.add("dtstart", local(meeting.starts).replace(microsecond=0))
    event.add("dtend", local(meeting.starts + timedelta(minutes=meeting.minutes_long)).replace(microsecond=0))
    event.add("sequence", meeting.sequence)
    event.add("created", meeting.created.astimezone(dt_timezone.utc).replace(microsecond=0))
    event.add("last-modified", meeting.updated.astimezone(dt_timezone.utc).replace(microsecond=0))
    event.add("summary", f"{meeting.title} – {meeting.circle.name}")
    if meeting.place:
        event.add("location", meeting.place)
    lines = [str(_("This meeting is cancelled.")) if cancelled else
             str(_("A meeting of %(circle)s.")) % {"circle": meeting.circle.name}]
    lines.append(str(_("See it in Caring City: %(link)s")) % {"link": link})
    event.add("description", "\n".join(lines))
    event.add("url", link)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "TRANSPARENT" if cancelled else "OPAQUE")
    event.add("class", "PRIVATE")
    return event


def meetings_for_person(person, commons, start, end):
    """Meetings between ``start`` and ``end`` of the circles of ``commons`` that ``person`` is in now
    (a full or learning participant or a guest; for a care team's circle, the team's owner, their
    proxy or a current member). One query."""
    in_circle = Participant.objects.current().filter(circle=OuterRef("circle"), person=person)
    in_team = TeamMember.objects.current().filter(team=OuterRef("circle__team"), person=person)
    proxy = Proxy.objects.current().filter(principal=OuterRef("circle__team__owner"), proxy=person)
    return (Meeting.objects.filter(circle__commons=commons, starts__gte=start, starts__lt=end)
            .filter(Q(Exists(in_circle)) | Q(circle__team__owner=person) | Q(Exists(in_team)) | Q(Exists(proxy)))
            .select_related("circle", "circle__commons").order_by("starts", "pk"))


def person_meeting_events(person, commons, start, end):
    """The calendar source circles registers (``core.extensions.register_calendar_source``)."""
    now = timezone.now()
    return [meeting_event(m, now=now) for m in meetings_for_person(person, commons, start, end)]


def meeting_calendar(meetings, *, name):
    """An iCalendar document (bytes) holding ``meetings``: the download on a meeting's page."""
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", "-//Caring City//Circles//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    now = timezone.now()
    first = None
    for meeting in meetings:
        cal.add_component(meeting_event(meeting, now=now))
        first = min(first, meeting.starts) if first else meeting.starts
    day = local(first or now).date()
    cal.add_missing_timezones(first_date=day - timedelta(days=400), last_date=day + timedelta(days=400))
    return cal.to_ical()
