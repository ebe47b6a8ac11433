"""Meetings in the browser with JavaScript off: Janet, Clapton North's secretary, plans a meeting
(a missing title is refused next to the field), records that it was held and who came (Arthur by
phone, a guest from the commons), writes the minutes with an action, and opens the minutes to
print. Rosa, in the circle, reads them. Every page passes axe, and the printed minutes hide the
site's navigation."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.browser.support import sign_in
from tests.browser.test_teams import Mirror, follow, main, message, person_page, press, visit

pytestmark = pytest.mark.browser


@pytest.fixture
def north(demo):
    """Clapton North local circle as the structure demo makes it, with the demos ``manage.py demo``
    builds before the meetings demo: Janet (secretary), Rosa, Arthur (no login), Kemal and others;
    Ayşe is in the commons but not the circle."""
    from caringcity.circles.tests.demo_world import load_demo

    return load_demo(demo, before="demo_meetings")["circles"]["north"]


@pytest.fixture
def axe(browse):
    return Mirror(browse).check


def test_the_secretary_plans_records_and_prints_a_meeting(browse, demo, north, axe):
    from caringcity.circles.models import Action, Meeting, MeetingStatus, Taker

    janet = person_page(browse)
    sign_in(janet, "janet@example.org")
    visit(janet, reverse("circles:meetings", args=["clapton", north.uuid]), axe, "the circle's meetings")
    follow(janet, main(janet).locator("a", has_text="Plan a meeting"), axe, "plan a meeting")

    yesterday = timezone.localdate() - timedelta(days=1)
    meetings_before = Meeting.objects.count()  # the demo's: the everyday demo's time poll planned one
    form = main(janet).locator("form")
    form.get_by_label("Title").fill("")
    form.get_by_label("Date").fill(yesterday.isoformat())
    form.get_by_label("Start time").fill("18:30")
    form.get_by_label("Agenda: what the meeting will talk about").fill("Welcome and check-in\nThe welcome pack")
    with janet.expect_navigation() as navigation:
        form.locator("button", has_text="Plan the meeting").click()
    assert navigation.value.status == 400
    axe(janet, "plan with an error")
    assert "This field is required." in main(janet).locator(".error-summary").inner_text()
    assert main(janet).get_by_label("Start time").input_value() == "18:30" and Meeting.objects.count() == meetings_before

    main(janet).get_by_label("Title").fill("Circle meeting")
    main(janet).get_by_label("Where").fill("Lea Bridge Community Hub")
    press(janet, main(janet).locator("form button", has_text="Plan the meeting"), axe, "the planned meeting")
    assert "Meeting planned." in message(janet)
    meeting = Meeting.objects.get(circle=north)

    follow(janet, main(janet).locator("a", has_text="Record that it was held"), axe, "who came")
    people = main(janet)
    people.locator("fieldset", has_text="Arthur").get_by_label("By phone").check()
    people.locator("fieldset", has_text="Rosa").get_by_label("In the room").check()
    people.locator("fieldset", has_text="Janet").get_by_label("In the room").check()
    people.locator("select[name=guest_0_person]").select_option(label="Ayşe")
    people.get_by_label("Guest 1 is here as").select_option(label="Care worker")
    press(janet, people.locator("form button", has_text="Record it as held"), axe, "write the minutes")
    assert "Recorded as held" in message(janet)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    assert dict(Taker.objects.filter(meeting=meeting).values_list("person__name", "how")) == {
        "Arthur Price": "phone", "Rosa Bennett": "meeting", "Janet Price": "meeting", "Ayşe Demir": "meeting"}

    minutes = main(janet)
    minutes.get_by_label("Welcome and check-in").fill("Everyone said hello. Arthur joined by phone.")
    minutes.get_by_label("Action 1: what will be done").fill("Print the welcome pack for the library")
    minutes.get_by_label("Action 1: who does it").select_option(label="Rosa")
    minutes.get_by_label("Action 1: by when").fill((timezone.localdate() + timedelta(days=14)).isoformat())
    press(janet, minutes.locator("form button", has_text="Save the minutes"), axe, "the meeting with its minutes")
    assert "Minutes saved." in message(janet)
    assert Action.objects.get().text == "Print the welcome pack for the library"
    page = main(janet).inner_text()
    assert "Everyone said hello." in page and "3 of the circle's 8 people, and 1 visitor" in page
    assert main(janet).locator("svg[role=img] title").count() == 1

    follow(janet, main(janet).locator("a", has_text="The minutes, ready to print"), axe, "the minutes to print")
    axe(janet, "the minutes as printed", media="print")
    janet.emulate_media(media="print")
    assert not janet.locator("header.site-header").is_visible()
    assert janet.locator("main h1").inner_text() == "Minutes: Circle meeting"
    text = main(janet).inner_text()
    assert "Arthur" in text and "By phone" in text and "Print the welcome pack for the library" in text
    assert "Did not come: Ayo, Doreen, Kemal, Priya, Zeynep." in text

    rosa = person_page(browse)
    sign_in(rosa, "rosa@example.org")
    visit(rosa, reverse("circles:meeting_detail", args=["clapton", meeting.uuid]), axe, "Rosa reads the minutes")
    assert "Everyone said hello." in main(rosa).inner_text()
    press(rosa, main(rosa).locator("button", has_text="Mark as done"), axe, "Rosa's action done")
    assert "Marked as done" in message(rosa)
