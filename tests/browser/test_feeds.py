"""Calendar feeds, the printed weekly rota and reminder settings in the browser, with JavaScript
off: a volunteer finds "add your visits to your phone's calendar" from the team page, makes her
secret link, the feed behind it parses as iCalendar and holds her visits (a cancelled one marked
cancelled), she makes a new link and the old one stops; she prints the team's week and sets her
reminders. Every page passes axe (WCAG 2.2 AA), the printed week also in print media."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser.support import sign_in
from tests.browser.test_teams import Mirror, follow, main, message, person_page, press

pytestmark = pytest.mark.browser

C = "/c/clapton"


@pytest.fixture
def world(demo, settings):
    """The people and teams demos, plus visits for Arthur's team (as the rota demo makes them)."""
    from caringcity.teams import demo as teams_demo
    from caringcity.visits.models import VisitStatus
    from caringcity.visits.tests.factories import make_visit

    teams_demo.build(demo)
    settings.SITE_URL = demo["url"]  # links in the pages and the feeds point at the live server
    arthur, rosa, janet = demo["teams"]["arthur"], demo["people"]["member"], demo["people"]["proxy"]
    soon = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0) + timedelta(days=1)
    demo["visits"] = {
        "coming": make_visit(arthur, starts=soon, joined=[rosa], title="Morning help"),
        "cancelled": make_visit(arthur, starts=soon + timedelta(hours=4), joined=[rosa], status=VisitStatus.CANCELLED),
        "gap": make_visit(arthur, starts=soon + timedelta(hours=6), joined=[janet], people_needed=2),
    }
    return demo


@pytest.fixture
def axe(browse):
    return Mirror(browse).check


def _feed(page, link):
    from icalendar import Calendar

    response = page.request.get(link)
    assert response.status == 200, f"{link} answered {response.status}"
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.body())


def test_a_volunteer_adds_her_visits_to_her_calendar_prints_the_week_and_sets_reminders(browse, world, axe):
    arthur, visits = world["teams"]["arthur"], world["visits"]
    rosa = person_page(browse)
    sign_in(rosa, "rosa@example.org")
    follow(rosa, rosa.locator("header nav a", has_text="Teams"), axe, "team list")
    follow(rosa, main(rosa).locator("table a", has_text="Arthur's team"), axe, "Arthur's team page")

    # From the team page to her own calendar link.
    follow(rosa, main(rosa).locator("a", has_text="Add your own visits to your phone's calendar"), axe, "my calendar (no link yet)")
    assert main(rosa).locator("h1").inner_text() == "Add your visits to your phone's calendar"
    press(rosa, main(rosa).locator("button", has_text="Make my calendar link"), axe, "my calendar with a link")
    assert "Here is your secret link." in message(rosa)
    link = main(rosa).locator("#feed-link").input_value()
    webcal = main(rosa).locator("a", has_text="Add to my calendar").get_attribute("href")
    assert link.startswith(world["url"] + "/calendar/") and webcal == "webcal://" + link.split("://", 1)[1]
    for app in ("Google Calendar", "Apple: iPhone, iPad or Mac", "Outlook"):
        assert main(rosa).locator("h3", has_text=app).count() == 1

    # The feed: RFC 5545, her two visits (the cancelled one marked so), not the one she is not on.
    cal = _feed(rosa, link)
    events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    assert set(events) == {f"{visits['coming'].uuid}@caringcity", f"{visits['cancelled'].uuid}@caringcity"}
    assert events[f"{visits['cancelled'].uuid}@caringcity"]["STATUS"] == "CANCELLED"
    assert events[f"{visits['coming'].uuid}@caringcity"]["DTSTART"].dt.hour == 10
    assert "Morning help" not in cal.to_ical().decode()

    # A new secret link: the old one stops at once.
    press(rosa, main(rosa).locator("button", has_text="Make a new secret link"), axe, "my calendar after a reset")
    assert "The old one has stopped working." in message(rosa)
    new = main(rosa).locator("#feed-link").input_value()
    assert new != link
    assert rosa.request.get(link).status == 404
    assert len(_feed(rosa, new).walk("VEVENT")) == 2

    # Reminders, reached from the calendar page.
    follow(rosa, main(rosa).locator("a", has_text="Reminders before a visit"), axe, "reminder settings")
    main(rosa).get_by_label("2 hours before", exact=True).check()
    press(rosa, main(rosa).locator("button", has_text="Save"), axe, "reminder settings saved")
    assert "Saved." in message(rosa)
    from caringcity.visits.models import ReminderSetting

    assert ReminderSetting.objects.get(person=world["people"]["member"]).hours_before == 2

    # The team's printed week: who is coming, the gap in words, cancelled in words; print media too.
    rosa.goto(f"{C}/teams/{arthur.uuid}/")
    follow(rosa, main(rosa).locator("a", has_text="Print this week's rota"), axe, "printed week")
    day = timezone.localtime(visits["coming"].starts).date()
    response = rosa.goto(f"{C}/teams/{arthur.uuid}/rota/week/?week={day.isoformat()}")
    assert response.status == 200
    axe(rosa, "printed week of the visits")
    week = main(rosa).inner_text()
    assert "Arthur's team: visits" in week and "Printed on" in week
    row = main(rosa).locator(f"#visit-{visits['coming'].uuid}")
    assert "Rosa" in row.inner_text() and "Morning help" in row.inner_text() and "10:00" in row.inner_text()
    assert "CANCELLED" in main(rosa).locator(f"#visit-{visits['cancelled'].uuid}").inner_text()
    assert "Needs 1 more person" in main(rosa).locator(f"#visit-{visits['gap'].uuid}").inner_text()
    axe(rosa, "printed week (print media)", media="print")


def test_a_proxy_gets_the_team_feed_and_a_stranger_gets_nothing(browse, world, axe):
    arthur = world["teams"]["arthur"]
    janet = person_page(browse)
    sign_in(janet, "janet@example.org")
    response = janet.goto(f"{C}/teams/{arthur.uuid}/calendar/")
    assert response.status == 200
    axe(janet, "team calendar page")
    press(janet, main(janet).locator("button", has_text="Make my calendar link"), axe, "team calendar with a link")
    link = main(janet).locator("#feed-link").input_value()
    assert len(_feed(janet, link).walk("VEVENT")) == 3

    # Someone in the commons but not in the team: the pages are not found.
    mei = person_page(browse)
    sign_in(mei, "nasreen@example.org")
    assert mei.goto(f"{C}/teams/{arthur.uuid}/calendar/").status == 404
    assert mei.goto(f"{C}/teams/{arthur.uuid}/rota/week/").status == 404
