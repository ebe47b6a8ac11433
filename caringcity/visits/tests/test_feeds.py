"""Calendar feeds and the printed weekly rota: role matrices, the iCalendar documents parsed with
a real iCalendar library (UIDs, DTSTAMP, time zone, cancelled visits, the clock change), who sees
which visits, secret links that are reset, and constant query counts."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from icalendar import Calendar

from caringcity.core.models import AuditEvent
from caringcity.core.testing import assert_matrix, assert_queries_constant
from caringcity.people.tests.factories import member_with_login
from caringcity.teams import services as team_services
from caringcity.teams.models import HatKind, MemberKind
from caringcity.teams.tests.factories import add_member, make_team
from caringcity.visits.models import FeedToken, Place, Purpose, Visit, VisitStatus
from caringcity.visits.selectors import feeds as selectors
from caringcity.visits.services import feeds as services
from caringcity.visits.tests.factories import client_for as _client, team, give_hat, make_visit  # noqa: F401  (team is a fixture)

pytestmark = pytest.mark.django_db
OK, REDIR, NF = 200, 302, 404
LONDON = ZoneInfo("Europe/London")


def turl(name, team, *args):
    return reverse(f"visits:{name}", args=[team.commons.slug, team.uuid, *args])


def curl(name, commons):
    return reverse(f"visits:{name}", args=[commons.slug])


@pytest.fixture
def world(team, personas, commons, clients):
    """Extra personas: a team member, the Rota Holder, a member on trial, a former member."""
    friend = member_with_login(commons, name="Fay Friend")
    add_member(team, personas, friend)
    holder = member_with_login(commons, name="Rob Rota")
    add_member(team, personas, holder, kind=MemberKind.VOLUNTEER)
    give_hat(team, holder.person, HatKind.ROTA_HOLDER)
    trial = member_with_login(commons, name="Tom Trial")
    add_member(team, personas, trial, kind=MemberKind.VOLUNTEER, trial_sessions=2)
    former = member_with_login(commons, name="Fred Former")
    m = add_member(team, personas, former)
    team_services.member_leave(actor=former.person.user, member=m, notice_days=0, goodbye="Bye all.")
    extra = {"team_member": friend, "rota_holder": holder, "trial": trial, "former": former}
    all_clients = dict(clients)
    for role, membership in extra.items():
        all_clients[role] = _client(membership.person.user)
    return {"clients": all_clients, **extra}


VIEW = {"anonymous": REDIR, "outsider": NF, "member": NF, "owner": OK, "proxy": OK, "organiser": OK, "admin": OK,
        "team_member": OK, "rota_holder": OK, "trial": OK, "former": NF}
IN_COMMONS = {**{r: OK for r in VIEW}, "anonymous": REDIR, "outsider": NF}


def _fetch(client, link):
    """GET a feed link (absolute) with a fresh client, as a calendar app would (no login)."""
    response = client.get(link.removeprefix(settings.SITE_URL))
    return response


def _parse(response):
    assert response.status_code == OK, response.status_code
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def _events(cal):
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def _feed(user, commons, team=None):
    feed = services.feed_token_make(actor=user, commons=commons, team=team)
    return feed, selectors.feed_links(feed)["https"]


# --- pages: role matrices --------------------------------------------------------------------------
def test_page_role_matrix(world, team, commons):
    assert_matrix(world["clients"], turl("team_calendar", team), VIEW)
    assert_matrix(world["clients"], turl("rota_print", team), VIEW)
    assert_matrix(world["clients"], curl("my_calendar", commons), IN_COMMONS)
    assert_matrix(world["clients"], curl("my_week_print", commons), IN_COMMONS)
    assert_matrix(world["clients"], curl("reminder_settings", commons), IN_COMMONS)


def test_make_team_link_role_matrix_and_denied_changes_nothing(world, team):
    audits = AuditEvent.objects.count()
    expected = {role: (REDIR if code == OK else code) for role, code in VIEW.items()}
    assert_matrix(world["clients"], turl("team_calendar", team), expected, method="post")
    allowed = {r for r, c in VIEW.items() if c == OK}
    made = set(FeedToken.objects.filter(team=team).values_list("person__name", flat=True))
    assert len(made) == len(allowed)
    assert "Fred Former" not in made and "Mo Member" not in made
    assert AuditEvent.objects.count() == audits + len(allowed)


def test_make_own_link_role_matrix(world, commons):
    expected = {role: (REDIR if code == OK else code) for role, code in IN_COMMONS.items()}
    assert_matrix(world["clients"], curl("my_calendar", commons), expected, method="post")
    assert FeedToken.objects.filter(scope="person").count() == len([c for c in IN_COMMONS.values() if c == OK])
    assert not FeedToken.objects.filter(commons__slug="other").exists()


def test_get_never_makes_a_link_and_page_shows_it_after_post(world, commons):
    client = world["clients"]["team_member"]
    html = client.get(curl("my_calendar", commons)).content.decode()
    assert not FeedToken.objects.exists() and "Make my calendar link" in html
    client.post(curl("my_calendar", commons))
    feed = FeedToken.objects.get()
    links = selectors.feed_links(feed)
    html = client.get(curl("my_calendar", commons)).content.decode()
    assert links["https"] in html and links["webcal"] in html and links["webcal"].startswith("webcal://")
    assert "Google" in html and "Apple" in html and "Outlook" in html
    assert reverse("visits:reminder_settings", args=[commons.slug]) in html
    # Shown again on a later visit: the same link.
    assert links["https"] in client.get(curl("my_calendar", commons)).content.decode()


def test_team_page_links_to_the_print_and_calendar(world, team):
    html = world["clients"]["team_member"].get(reverse("teams:team_detail", args=[team.commons.slug, team.uuid])).content.decode()
    assert turl("rota_print", team) in html and turl("team_calendar", team) in html


# --- the feeds ---------------------------------------------------------------------------------------
@pytest.fixture
def visits(world, team):
    friend = world["team_member"].person
    soon = (timezone.now() + timedelta(days=2)).replace(second=0, microsecond=0)
    return {
        "mine": make_visit(team, starts=soon, joined=[friend], title="Bath and dressing", purpose=Purpose.PERSONAL_CARE),
        "shopping": make_visit(team, starts=soon + timedelta(days=1), joined=[friend], purpose=Purpose.SHOPPING,
                               place=Place.OUT, place_detail="Chatsworth Road Market"),
        "cancelled": make_visit(team, starts=soon + timedelta(days=2), joined=[friend], status=VisitStatus.CANCELLED,
                                cancel_reason="Olive is in hospital", sequence=3),
        "gap": make_visit(team, starts=soon + timedelta(days=3), joined=[friend], people_needed=2),
        "not_mine": make_visit(team, starts=soon + timedelta(days=4), joined=[world["rota_holder"].person]),
        "nobody": make_visit(team, starts=soon + timedelta(days=5)),
        "long_ago": make_visit(team, starts=soon - timedelta(weeks=20), joined=[friend]),
    }


def test_person_feed_is_valid_icalendar_with_stable_uids(world, team, commons, visits):
    _feed_row, link = _feed(world["team_member"].person.user, commons)
    anonymous = Client()
    first, second = _parse(_fetch(anonymous, link)), _parse(_fetch(anonymous, link))
    assert first["VERSION"] == "2.0" and first["METHOD"] == "PUBLISH" and first["CALSCALE"] == "GREGORIAN"
    assert "PRODID" in first and first["X-WR-TIMEZONE"] == "Europe/London" and first["X-WR-CALNAME"]
    assert [tz["TZID"] for tz in first.walk("VTIMEZONE")] == ["Europe/London"]
    events = _events(first)
    expected = {f"{visits[k].uuid}@caringcity" for k in ("mine", "shopping", "cancelled", "gap")}
    assert set(events) == expected  # not the visit she is not on, not one nobody joined, not one long ago
    assert set(_events(second)) == expected
    for uid, event in events.items():
        assert event["DTSTAMP"].dt.tzinfo is not None and event["DTSTAMP"].dt.utcoffset() == timedelta(0)
        assert event["DTSTART"].params["TZID"] == "Europe/London" and event["DTEND"].params["TZID"] == "Europe/London"
        assert "LAST-MODIFIED" in event and "SEQUENCE" in event
        assert event["URL"].startswith(settings.SITE_URL) and str(event["URL"]) in str(event["DESCRIPTION"])
    body = first.to_ical().decode()
    for private in ("Bath and dressing", "Personal care", "hospital", "Olive Owner", "Fay Friend"):
        assert private not in body
    assert str(events[f"{visits['mine'].uuid}@caringcity"]["SUMMARY"]) == "Visit – Olive's team"
    shop = events[f"{visits['shopping'].uuid}@caringcity"]
    assert str(shop["SUMMARY"]) == "Shopping – Olive's team" and str(shop["LOCATION"]) == "Out and about: Chatsworth Road Market"
    assert str(events[f"{visits['mine'].uuid}@caringcity"]["LOCATION"]) == "At home"
    cancelled = events[f"{visits['cancelled'].uuid}@caringcity"]
    assert cancelled["STATUS"] == "CANCELLED" and cancelled["SEQUENCE"] == 3
    assert events[f"{visits['gap'].uuid}@caringcity"]["STATUS"] == "TENTATIVE"
    assert events[f"{visits['mine'].uuid}@caringcity"]["STATUS"] == "CONFIRMED"
    start = events[f"{visits['mine'].uuid}@caringcity"]["DTSTART"].dt
    assert start == visits["mine"].starts and start.tzinfo.key == "Europe/London"


def test_team_feed_has_all_the_team_visits(world, team, commons, visits):
    _row, link = _feed(world["rota_holder"].person.user, commons, team)
    events = _events(_parse(_fetch(Client(), link)))
    assert set(events) == {f"{v.uuid}@caringcity" for k, v in visits.items() if k != "long_ago"}
    assert events[f"{visits['nobody'].uuid}@caringcity"]["STATUS"] == "TENTATIVE"


def test_a_sequence_bump_shows_in_the_feed(world, team, commons, visits):
    _row, link = _feed(world["team_member"].person.user, commons)
    uid = f"{visits['mine'].uuid}@caringcity"
    assert _events(_parse(_fetch(Client(), link)))[uid]["SEQUENCE"] == 0
    Visit.objects.filter(pk=visits["mine"].pk).update(sequence=1, status=VisitStatus.CANCELLED)
    event = _events(_parse(_fetch(Client(), link)))[uid]
    assert event["SEQUENCE"] == 1 and event["STATUS"] == "CANCELLED"


def test_clock_changes_keep_local_times(world, team, commons, monkeypatch):
    """A weekly 9 am visit across the last Sunday of March 2027 (28 March) and of October 2027
    (31 October): local time stays 09:00 and the UTC instant moves by an hour."""
    monkeypatch.setattr(selectors, "FEED_PAST", timedelta(weeks=200))
    monkeypatch.setattr(selectors, "FEED_AHEAD", timedelta(weeks=200))
    friend = world["team_member"].person
    days = [date(2027, 3, 21), date(2027, 3, 22), date(2027, 3, 28), date(2027, 3, 29),
            date(2027, 10, 24), date(2027, 10, 25), date(2027, 10, 31), date(2027, 11, 1)]
    made = {}
    for day in days:
        starts = datetime.combine(day, time(9, 0), tzinfo=LONDON)
        made[day] = make_visit(team, starts=starts, minutes=90, joined=[friend])
    _row, link = _feed(friend.user, commons)
    raw = _fetch(Client(), link).content.decode()
    events = _events(Calendar.from_ical(raw))
    utc_hours = {}
    for day, visit in made.items():
        event = events[f"{visit.uuid}@caringcity"]
        start, end = event["DTSTART"].dt, event["DTEND"].dt
        assert (start.date(), start.hour, start.minute) == (day, 9, 0), day
        assert (end.hour, end.minute) == (10, 30)
        assert start == visit.starts  # the same instant
        utc_hours[day] = start.astimezone(ZoneInfo("UTC")).hour
        assert f"DTSTART;TZID=Europe/London:{day.strftime('%Y%m%d')}T090000" in raw.replace("\r\n ", "")
    assert utc_hours[date(2027, 3, 21)] == 9 and utc_hours[date(2027, 3, 22)] == 9  # GMT
    assert utc_hours[date(2027, 3, 28)] == 8 and utc_hours[date(2027, 3, 29)] == 8  # BST
    assert utc_hours[date(2027, 10, 24)] == 8 and utc_hours[date(2027, 10, 25)] == 8  # BST
    assert utc_hours[date(2027, 10, 31)] == 9 and utc_hours[date(2027, 11, 1)] == 9  # GMT
    # The VTIMEZONE itself describes both changes of 2027.
    tz = Calendar.from_ical(raw).walk("VTIMEZONE")[0]
    assert "20270328T010000" in raw.replace("\r\n ", "") or "20270328T020000" in raw.replace("\r\n ", "")
    assert tz.to_tz().utcoffset(datetime(2027, 7, 1, 12)) == timedelta(hours=1)
    assert tz.to_tz().utcoffset(datetime(2027, 12, 1, 12)) == timedelta(0)


def test_ex_member_loses_the_team_in_both_feeds(world, team, commons, visits):
    friend = world["team_member"]
    _row, person_link = _feed(friend.person.user, commons)
    _row, team_link = _feed(friend.person.user, commons, team)
    assert len(_events(_parse(_fetch(Client(), person_link)))) == 4
    assert _fetch(Client(), team_link).status_code == OK
    member = team.members.get(person=friend.person)
    team_services.member_leave(actor=friend.person.user, member=member, notice_days=0, goodbye="Moving away.")
    friend.person.user.__dict__.clear()
    assert _events(_parse(_fetch(Client(), person_link))) == {}
    assert _fetch(Client(), team_link).status_code == NF


def test_a_person_feed_keeps_their_other_teams(world, team, commons, personas):
    """Visits across teams: the person feed holds both teams while she is in both."""
    friend = world["team_member"].person
    second_owner = member_with_login(commons, name="Sid Second")
    other = team_services.team_create(actor=personas.user("organiser"), commons=commons, owner=second_owner.person,
                                      name="Sid's team")
    invite = team_services.member_invite(actor=second_owner.person.user, team=other, person=friend, kind=MemberKind.FRIEND,
                                         trial_sessions=0)
    team_services.member_accept(actor=friend.user, member=invite)
    a = make_visit(team, joined=[friend])
    b = make_visit(other, joined=[friend])
    _row, link = _feed(friend.user, commons)
    assert set(_events(_parse(_fetch(Client(), link)))) == {f"{a.uuid}@caringcity", f"{b.uuid}@caringcity"}


def test_reset_kills_the_old_link_at_once(world, team, commons, visits):
    client = world["clients"]["team_member"]
    client.post(turl("team_calendar", team))
    old = selectors.feed_links(FeedToken.objects.get())["https"]
    assert _fetch(Client(), old).status_code == OK
    assert client.post(turl("team_calendar", team)).status_code == REDIR
    new = selectors.feed_links(FeedToken.objects.get())["https"]
    assert new != old
    assert _fetch(Client(), old).status_code == NF
    assert _fetch(Client(), new).status_code == OK
    actions = list(AuditEvent.objects.filter(object_type="visits.feedtoken").order_by("created", "pk").values_list("action", flat=True))
    assert actions == ["create", "update"]


def test_bad_and_unknown_tokens_are_not_found(world, commons, client):
    for token in ["nope", "x" * 43, "x" * 500, "%00", "a.b"]:
        assert client.get(f"/calendar/{token}.ics").status_code == NF
    assert client.post("/calendar/whatever.ics").status_code == 405


def test_calendar_apps_may_ask_with_head(world, commons):
    _row, link = _feed(world["team_member"].person.user, commons)
    assert Client().head(link.removeprefix(settings.SITE_URL)).status_code == OK


def test_person_feed_stops_when_they_leave_the_commons(world, commons):
    friend = world["team_member"]
    _row, link = _feed(friend.person.user, commons)
    assert _fetch(Client(), link).status_code == OK
    friend.status = "left"
    friend.save()
    assert _fetch(Client(), link).status_code == NF


def test_feed_link_holds_no_names_or_details(world, team, commons):
    _row, link = _feed(world["team_member"].person.user, commons, team)
    path = link.removeprefix(settings.SITE_URL)
    assert str(team.uuid) not in path and "olive" not in path.lower() and path.startswith("/calendar/")


def test_feed_queries_constant(world, team, commons):
    friend = world["team_member"].person
    _row, person_link = _feed(friend.user, commons)
    _row, team_link = _feed(friend.user, commons, team)
    day = [0]

    def grow():
        day[0] += 1
        make_visit(team, starts=timezone.now() + timedelta(days=day[0], hours=3), joined=[friend])

    assert_queries_constant(Client(), person_link.removeprefix(settings.SITE_URL), grow)
    assert_queries_constant(Client(), team_link.removeprefix(settings.SITE_URL), grow)


# --- the printed week --------------------------------------------------------------------------------
def test_printed_week_shows_visits_people_and_gaps(world, team, commons):
    monday = date(2027, 3, 22)
    friend, holder = world["team_member"].person, world["rota_holder"].person
    make_visit(team, starts=datetime(2027, 3, 22, 9, 0, tzinfo=LONDON), joined=[friend], title="Morning help")
    make_visit(team, starts=datetime(2027, 3, 28, 9, 0, tzinfo=LONDON), joined=[holder], people_needed=3, purpose=Purpose.SHOPPING)
    make_visit(team, starts=datetime(2027, 3, 24, 14, 0, tzinfo=LONDON), status=VisitStatus.CANCELLED, title="Tea")
    make_visit(team, starts=datetime(2027, 3, 29, 9, 0, tzinfo=LONDON), title="Next week")
    html = world["clients"]["team_member"].get(turl("rota_print", team) + "?week=2027-03-24").content.decode()
    assert "Monday 22 March to Sunday 28 March 2027" in html and escape("Olive's team") in html
    assert "Morning help" in html and "Fay Friend" in html and "09:00–10:00" in html
    assert "Needs 2 more people" in html and "CANCELLED" in html and "Next week" not in html
    assert "Printed on" in html and "?week=2027-03-15" in html and "?week=2027-03-29" in html
    assert "<caption" in html and 'scope="col"' in html
    mine = world["clients"]["team_member"].get(curl("my_week_print", commons) + f"?week={monday}").content.decode()
    assert "Morning help" in mine and "Shopping" not in mine


@pytest.mark.parametrize("week", ["", "nonsense", "2027-02-30", "99999-01-01", "0001-01-01", "2027-03-24T00:00", "%00", "2027-03-24" * 50])
def test_printed_week_bad_input_is_this_week(world, team, commons, week):
    response = world["clients"]["team_member"].get(turl("rota_print", team), {"week": week})
    assert response.status_code == OK
    assert response.context["monday"] in (selectors.parse_week(""), date(2027, 3, 22))
    assert world["clients"]["team_member"].get(curl("my_week_print", commons), {"week": week}).status_code == OK


def test_parse_week():
    today = date(2026, 11, 21)
    assert selectors.parse_week("2027-03-28", today) == date(2027, 3, 22)
    assert selectors.parse_week("bad", today) == date(2026, 11, 16)
    assert selectors.parse_week(None, today) == date(2026, 11, 16)


def test_printed_week_queries_constant(world, team, commons):
    friend = world["team_member"].person
    n = [0]

    def grow():
        n[0] += 1
        extra = member_with_login(commons, name=f"Extra {n[0]}")
        visit = make_visit(team, starts=datetime(2027, 3, 22 + n[0] % 6, 9, n[0], tzinfo=LONDON), joined=[friend, extra.person],
                           people_needed=3)
        return visit

    client = world["clients"]["team_member"]
    assert_queries_constant(client, turl("rota_print", team) + "?week=2027-03-22", grow)
    assert_queries_constant(client, curl("my_week_print", commons) + "?week=2027-03-22", grow)
