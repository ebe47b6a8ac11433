"""Reads for calendar feeds, the printable weekly rota and reminders.

Every function here uses a fixed number of queries, whatever the number of visits: the visits
come in one query (with their team), and the people coming in one more (``prefetch_joined``).

Who sees what:

- a **person feed** and **my week** hold the visits the person has *joined*, in teams they are in
  *now* (a current member, or the team's owner). Someone who left a team loses its visits at once;
- a **team feed** and the **printed team rota** hold all the team's visits, for anyone allowed
  ``visits.view_rota`` on the team (checked again on every fetch of a feed).
"""

import base64
import hashlib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from datetime import timezone as dt_timezone

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from icalendar import Timezone

from caringcity.people.models import Membership
from caringcity.teams.models import TeamMember
from caringcity.visits.recurrence import LONDON
from caringcity.visits.selectors import rota
from caringcity.visits.selectors.rota import parse_week  # noqa: F401  (the views use it from here)
from caringcity.visits.models import FeedToken, Place, Purpose, ReminderSent, Signup, SignupStatus, Visit, VisitStatus

# How far back and ahead a feed reaches.
FEED_PAST = timedelta(weeks=8)
FEED_AHEAD = timedelta(weeks=26)


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


def feed_window(now=None):
    now = now or timezone.now()
    return now - FEED_PAST, now + FEED_AHEAD


def in_team_now(person, team_field="team"):
    """A Q that keeps rows whose team ``person`` is in now: its owner or a current member."""
    current = TeamMember.objects.current().filter(team=OuterRef(team_field), person=person)
    return Q(**{f"{team_field}__owner": person}) | Q(Exists(current))


def prefetch_joined():
    """Prefetch the people coming to each visit into ``visit.coming`` (one query for all)."""
    joined = Signup.objects.filter(status=SignupStatus.JOINED).select_related("person").order_by("person__name", "pk")
    return Prefetch("signups", queryset=joined, to_attr="coming")


# --- feed tokens ---------------------------------------------------------------------------------
def feed_token_for(person, commons, team=None):
    """The person's current token for their own feed (``team`` None) or for a team's feed."""
    scope = FeedToken.Scope.TEAM if team is not None else FeedToken.Scope.PERSON
    return FeedToken.objects.filter(person=person, commons=commons, scope=scope, team=team).first()


def feed_token_by_secret(token):
    """The FeedToken whose secret is ``token``, with what a feed needs, or None. The lookup is by
    the SHA-256 of the secret, so the database never compares the secret itself."""
    if not token or len(token) > 100:
        return None
    return (
        FeedToken.objects.filter(token_hash=hash_token(token))
        .select_related("person", "person__user", "commons", "team", "team__commons", "team__owner")
        .first()
    )


def person_feed_allowed(feed):
    """A person feed works while its person is an active member of the commons with a login."""
    user = feed.person.user
    if user is None or not user.is_active:
        return False
    return Membership.objects.active().filter(person=feed.person, commons=feed.commons).exists()


def team_feed_allowed(feed):
    """A team feed works while its person may still see the team's rota (checked on every fetch)."""
    user = feed.person.user
    if feed.team is None or user is None or not user.is_active or feed.team.commons_id != feed.commons_id:
        return False
    return user.has_perm("visits.view_rota", feed.team)


# --- visits ---------------------------------------------------------------------------------------
def person_visits(person, commons, start, end):
    """Visits ``person`` has joined in ``commons`` between ``start`` and ``end``, in teams they are in
    now. Cancelled visits stay in (so calendars show them as cancelled)."""
    joined = Signup.objects.filter(visit=OuterRef("pk"), person=person, status=SignupStatus.JOINED)
    return (
        Visit.objects.filter(team__commons=commons)
        .between(start, end)
        .filter(Exists(joined))
        .filter(in_team_now(person))
        .select_related("team", "team__commons")
        .order_by("starts", "pk")
    )


def team_visits(team, start, end):
    return (
        Visit.objects.filter(team=team)
        .between(start, end)
        .select_related("team", "team__commons")
        .order_by("starts", "pk")
    )


# --- the printed week -----------------------------------------------------------------------------
@dataclass
class Day:
    date: date
    visits: list


def week_bounds(monday):
    """The instants at the start of ``monday`` and of the Monday after (London days)."""
    return rota.day_bounds(monday, 7)


def week_days(visits, monday):
    """Seven ``Day`` rows, Monday to Sunday, each with its visits (by local start date)."""
    return [Day(day, day_visits) for day, day_visits in rota.by_day(visits, monday, 7)]


def team_week(team, monday):
    start, end = week_bounds(monday)
    return week_days(team_visits(team, start, end).prefetch_related(prefetch_joined()), monday)


def person_week(person, commons, monday):
    start, end = week_bounds(monday)
    return week_days(person_visits(person, commons, start, end).prefetch_related(prefetch_joined()), monday)


# --- reminders ------------------------------------------------------------------------------------
def reminder_candidates(now, horizon):
    """Joined signups on planned visits starting in (now, now + horizon], for people in the team
    now, that have not been reminded on *any* channel yet. One query, with each person's setting."""
    sent = ReminderSent.objects.filter(visit=OuterRef("visit"), person=OuterRef("person"))
    current = TeamMember.objects.current().filter(team=OuterRef("visit__team"), person=OuterRef("person"))
    return (
        Signup.objects.filter(status=SignupStatus.JOINED, visit__status=VisitStatus.PLANNED,
                              visit__starts__gt=now, visit__starts__lte=now + horizon)
        .filter(Q(Exists(current)) | Q(visit__team__owner_id=F("person_id")))
        .exclude(Exists(sent))
        .select_related("visit", "visit__team", "visit__team__commons", "person", "person__user", "person__reminder_setting")
        .order_by("person_id", "visit__starts", "visit_id")
    )


# --- the secret in a feed address ---------------------------------------------------------------
def feed_secret_for_new(feed):
    """The secret for a FeedToken row: an HMAC of its random uuid with the server's SECRET_KEY.
    Only its SHA-256 is stored, yet the link can be shown again (people copy it more than once).
    A new row (a reset) has a new uuid, so a new secret."""
    digest = salted_hmac("caringcity.visits.feed", str(feed.uuid), algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def feed_secret(feed):
    """The secret of an existing feed, or None when it cannot be rebuilt (the SECRET_KEY changed
    since: the old link still works, but a new one must be made to see a link again)."""
    if feed is None:
        return None
    secret = feed_secret_for_new(feed)
    return secret if constant_time_compare(hash_token(secret), feed.token_hash) else None


def feed_links(feed):
    """{"https": ..., "webcal": ...} for a feed, or None."""
    secret = feed_secret(feed)
    if secret is None:
        return None
    https = settings.SITE_URL + reverse("visits:calendar_feed", args=[secret])
    return {"https": https, "webcal": "webcal://" + https.split("://", 1)[1]}


# --- the iCalendar document (RFC 5545) ------------------------------------------------------------
PRIVATE_PURPOSES = {Purpose.PERSONAL_CARE, Purpose.MEDICATION}


def event_summary(visit):
    """What a calendar shows. Calendars are synced to Google, Apple or Microsoft, so: never the
    visit's own title (free text), never a health-related purpose; the team name so a helper of
    two teams knows which. For example "Shopping – Arthur's team" or "Visit – Arthur's team"."""
    what = _("Visit") if visit.purpose in PRIVATE_PURPOSES else visit.get_purpose_display()
    return f"{what} – {visit.team.name}"


def event_location(visit):
    """The kind of place and, away from home, the place named for the visit. Never an address."""
    kind = str(visit.get_place_display())
    if visit.place != Place.HOME and visit.place_detail:
        return f"{kind}: {visit.place_detail}"
    return kind


def visit_link(visit):
    """Where the event links back to: the visit's own page."""
    return settings.SITE_URL + reverse("visits:visit_detail", args=[visit.team.commons.slug, visit.team.uuid, visit.uuid])


def event_status(visit):
    if visit.is_cancelled:
        return "CANCELLED"
    return "TENTATIVE" if visit.gap else "CONFIRMED"


def build_calendar(visits, *, name, now=None, extra=()):
    """An iCalendar (RFC 5545) document for ``visits``, as bytes. ``extra`` holds more events made
    elsewhere (``core.extensions.calendar_events``: a person's circle meetings, for example)."""
    from icalendar import Calendar, Event

    now = now or timezone.now()
    tz = LONDON
    cal = Calendar()
    cal.add("prodid", "-//Caring City//Visits//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    cal.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT1H")
    stamp = now.astimezone(dt_timezone.utc).replace(microsecond=0)
    for visit in visits:
        event = Event()
        link = visit_link(visit)
        event.add("uid", f"{visit.uuid}@caringcity")
        event.add("dtstamp", stamp)
        event.add("dtstart", visit.starts.astimezone(tz).replace(microsecond=0))
        event.add("dtend", visit.ends.astimezone(tz).replace(microsecond=0))
        event.add("sequence", visit.sequence)
        event.add("created", visit.created.astimezone(dt_timezone.utc).replace(microsecond=0))
        event.add("last-modified", visit.updated.astimezone(dt_timezone.utc).replace(microsecond=0))
        event.add("summary", event_summary(visit))
        event.add("location", event_location(visit))
        lines = []
        if visit.is_cancelled:
            lines.append(str(_("This visit is cancelled.")))
        elif visit.gap:
            lines.append(str(ngettext("It needs %(n)s more person.", "It needs %(n)s more people.", visit.gap) % {"n": visit.gap}))
        lines.append(str(_("See it in Caring City: %(link)s")) % {"link": link})
        event.add("description", "\n".join(lines))
        event.add("url", link)
        event.add("status", event_status(visit))
        event.add("transp", "TRANSPARENT" if visit.is_cancelled else "OPAQUE")
        event.add("class", "PRIVATE")
        cal.add_component(event)
    for event in extra:
        cal.add_component(event)
    # One VTIMEZONE for Europe/London, covering the feed's window (from the zoneinfo database).
    today = timezone.localdate()
    cal.add_missing_timezones(first_date=today - FEED_PAST - timedelta(days=400),
                              last_date=today + FEED_AHEAD + timedelta(days=400))
    if not cal.timezones:
        cal.add_component(Timezone.from_tzid(settings.TIME_ZONE, first_date=today - timedelta(days=400),
                                             last_date=today + FEED_AHEAD + timedelta(days=400)))
    return cal.to_ical()
