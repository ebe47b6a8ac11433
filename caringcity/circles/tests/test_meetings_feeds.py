"""Meetings in each person's private calendar feed (served by the visits app through
``core.extensions.calendar_events``): who gets which meetings, cancelled ones, stable UIDs,
SEQUENCE, London times, a link back and nothing confidential; constant query counts."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from caringcity.circles.models import How, ParticipantKind, Stakeholder
from caringcity.circles.selectors import meetings as selectors
from caringcity.circles.services import meetings as services
from caringcity.circles.tests.factories import add_participant, circle_world  # noqa: F401
from caringcity.circles.tests.test_meetings import make_team_circle, murl
from caringcity.core import extensions
from caringcity.core.testing import assert_queries_constant
from caringcity.people.tests.factories import member_with_login
from caringcity.visits.selectors import feeds as feed_selectors
from caringcity.visits.services import feeds as feed_services

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def _feed_events(user, commons):
    feed = feed_services.feed_token_make(actor=user, commons=commons)
    link = feed_selectors.feed_links(feed)["https"].removeprefix(settings.SITE_URL)
    response = Client().get(link)
    assert response.status_code == 200
    return {str(e["UID"]): e for e in Calendar.from_ical(response.content).walk("VEVENT")}, link


@pytest.fixture
def feeds(circle_world):
    w = circle_world
    sec = w.user("secretary")
    # 18:30 London time, whether the clocks are on BST or GMT then.
    base = timezone.localdate() + timedelta(days=20)
    w.planned = services.meeting_plan(actor=sec, circle=w.circle, title="Circle meeting", place="Clapton Library",
                                      starts=datetime.combine(base, datetime.min.time()).replace(hour=18, minute=30, tzinfo=LONDON),
                                      agenda="Arthur's care plan")
    w.cancelled = services.meeting_plan(actor=sec, circle=w.circle, title="Extra meeting",
                                        starts=timezone.now() + timedelta(days=30))
    services.meeting_cancel(actor=sec, meeting=w.cancelled, reason="Nobody could come because of an illness")
    w.parent_meeting = services.meeting_plan(actor=sec, circle=w.parent, title="General circle meeting",
                                             starts=timezone.now() + timedelta(days=5))
    w.far = services.meeting_plan(actor=sec, circle=w.circle, title="Next year", starts=timezone.now() + timedelta(weeks=60))
    return w


def test_the_person_feed_has_the_meetings_of_their_circles(feeds):
    w = feeds
    events, _link = _feed_events(w.user("guest"), w.commons)
    planned = events[f"meeting-{w.planned.uuid}@caringcity"]
    cancelled = events[f"meeting-{w.cancelled.uuid}@caringcity"]
    # not the parent circle's meeting (not in it), nor one beyond the feed's window
    assert set(events) == {f"meeting-{w.planned.uuid}@caringcity", f"meeting-{w.cancelled.uuid}@caringcity"}
    assert str(planned["SUMMARY"]) == "Circle meeting – Clapton local circle" and str(planned["STATUS"]) == "CONFIRMED"
    assert str(planned["LOCATION"]) == "Clapton Library"
    start = planned.decoded("DTSTART")
    assert start.tzinfo.key == "Europe/London" and (start.hour, start.minute) == (18, 30)
    assert planned.decoded("DTEND") - start == timedelta(minutes=90)
    assert planned["SEQUENCE"] == 0 and planned.decoded("DTSTAMP").utcoffset() == timedelta(0)
    assert str(planned["URL"]) == settings.SITE_URL + murl("meeting_detail", w.planned)
    assert str(cancelled["STATUS"]) == "CANCELLED" and cancelled["SEQUENCE"] == 1
    assert "cancelled" in str(cancelled["DESCRIPTION"]).lower()


def test_feeds_hold_no_agenda_or_reasons(feeds):
    w = feeds
    _events, link = _feed_events(w.user("full"), w.commons)
    body = Client().get(link).content.decode()
    assert "care plan" not in body and "illness" not in body


def test_an_outsider_gets_none_of_the_circles_meetings(feeds):
    w = feeds
    events, _link = _feed_events(w.user("outsider"), w.commons)
    assert not [uid for uid in events if uid.startswith("meeting-")]


def test_every_kind_of_participant_gets_them_and_uids_stay_stable(feeds):
    w = feeds
    uid = f"meeting-{w.planned.uuid}@caringcity"
    for role in ("guest", "learning", "full", "secretary", "facilitator"):
        events, _link = _feed_events(w.user(role), w.commons)
        assert uid in events, role
    services.meeting_change(actor=w.user("secretary"), meeting=w.planned, title="Moved", starts=w.planned.starts + timedelta(hours=1),
                            minutes_long=60, place="Hall", agenda="")
    events, _link = _feed_events(w.user("guest"), w.commons)
    assert events[uid]["SEQUENCE"] == 1 and events[uid].decoded("DTSTART").hour == 19


def test_someone_who_left_the_circle_loses_its_meetings(feeds):
    w = feeds
    w.circle.participants.filter(person=w.person("guest")).update(left=timezone.localdate())
    events, _link = _feed_events(w.user("guest"), w.commons)
    assert not [uid for uid in events if uid.startswith("meeting-")]


def test_team_circle_meetings_reach_the_owner_proxy_and_members(feeds):
    w = feeds
    circle, people = make_team_circle(w)
    meeting = services.meeting_plan(actor=None, circle=circle, title="Team chat", starts=timezone.now() + timedelta(days=3))
    uid = f"meeting-{meeting.uuid}@caringcity"
    for key in ("owner", "worker", "proxy"):
        events, _link = _feed_events(people[key].person.user, w.commons)
        assert uid in events, key
    events, _link = _feed_events(people["organiser"].person.user, w.commons)  # organisers see it, but are not in it
    assert uid not in events


def test_the_calendar_source_is_registered_once():
    from caringcity.circles import hooks

    assert extensions._CALENDAR_SOURCES.count(hooks.meeting_events) == 1
    extensions.register_calendar_source(hooks.meeting_events)
    assert extensions._CALENDAR_SOURCES.count(hooks.meeting_events) == 1


def test_meetings_for_a_person_is_one_query(feeds, django_assert_num_queries):
    w = feeds
    start, end = timezone.now() - timedelta(weeks=8), timezone.now() + timedelta(weeks=26)
    with django_assert_num_queries(1):
        assert len(list(selectors.meetings_for_person(w.person("full"), w.commons, start, end))) == 2


def test_feed_query_count_does_not_grow_with_meetings_or_circles(feeds):
    w = feeds
    from caringcity.circles.tests.factories import make_circle

    _events, link = _feed_events(w.user("full"), w.commons)
    n = [0]

    def grow():
        n[0] += 1
        circle = make_circle(w.commons, name=f"Working circle {n[0]}", parent=w.parent)
        add_participant(circle, w.person("full"), ParticipantKind.GUEST, Stakeholder.SUPPORTED)
        services.meeting_plan(actor=None, circle=circle, title=f"Meeting {n[0]}", starts=timezone.now() + timedelta(days=n[0]))
        m = services.meeting_plan(actor=None, circle=w.circle, title=f"Held {n[0]}", starts=timezone.now() - timedelta(days=n[0]))
        services.meeting_hold(actor=None, meeting=m, people=[(w.person("full"), How.MEETING)])

    assert_queries_constant(Client(), link, grow)
    events, _link = _feed_events(w.user("full"), w.commons)
    assert len([uid for uid in events if uid.startswith("meeting-")]) == 2 + 4 + 4  # held ones stay in calendars


def test_a_new_person_with_no_circles_gets_an_empty_feed(feeds):
    w = feeds
    nina = member_with_login(w.commons, name="Nina New")
    events, _link = _feed_events(nina.person.user, w.commons)
    assert events == {}
