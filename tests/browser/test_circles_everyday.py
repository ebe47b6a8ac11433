"""A meeting time poll in the browser with JavaScript off: Ayo (Clapton North's facilitator)
starts one from the circle's "Everyday decisions" page (a time without a date is refused next to
the field, and what she typed stays), answers the grid, Janet (the secretary) enters Arthur's
paper answers, and Ayo closes it on the time most people can come to. Every page passes axe."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser.support import sign_in
from tests.browser.test_teams import Mirror, follow, main, message, person_page, press

pytestmark = pytest.mark.browser


@pytest.fixture
def circles(demo):
    """The demos ``manage.py demo`` builds before the everyday demo (people, teams, visits and the
    circles' structure, proposals and decisions)."""
    from caringcity.circles.tests.demo_world import load_demo

    return load_demo(demo, before="demo_everyday")


@pytest.fixture
def axe(browse):
    return Mirror(browse).check


def _group(form, legend):
    """The radio group (a fieldset) of ``form`` whose legend says ``legend``."""
    page = form.page
    group = form.locator("fieldset", has=page.locator("legend", has_text=legend))
    assert group.count() == 1, f"no one group for {legend!r} on {page.url}"
    return group


def test_a_time_poll_is_started_answered_and_closed(browse, circles, axe):
    from caringcity.circles.models import DecisionKind, Poll, PollStatus, Vote

    north = circles["circles"]["north"]
    first, second = timezone.localdate() + timedelta(days=10), timezone.localdate() + timedelta(days=12)

    ayo = person_page(browse)
    sign_in(ayo, "ayo@example.org")
    response = ayo.goto(f"/c/clapton/circles/{north.uuid}/everyday/")
    assert response is not None and response.status == 200
    axe(ayo, "everyday decisions")
    follow(ayo, main(ayo).locator("a", has_text="Find a meeting time"), axe, "the time poll form")

    form = main(ayo).locator("form")
    form.get_by_label("Question").fill("When shall Clapton North meet in the new year?")
    form.get_by_label("Closes on").fill((timezone.localdate() + timedelta(days=3)).isoformat())
    form.get_by_label("Date for choice 1").fill(first.isoformat())
    form.get_by_label("Start time for choice 1").fill("18:30")
    form.get_by_label("Start time for choice 2").fill("10:00")
    with ayo.expect_navigation() as navigation:
        form.locator("button", has_text="Start the time poll").click()
    assert navigation.value.status == 400
    axe(ayo, "time poll form with an error")
    assert "Give a date for choice 2." in main(ayo).locator(".error-summary").inner_text()
    assert main(ayo).get_by_label("Start time for choice 1").input_value() == "18:30"
    assert not Poll.objects.filter(circle=north).exists()

    main(ayo).get_by_label("Date for choice 2").fill(second.isoformat())
    press(ayo, main(ayo).locator("form button", has_text="Start the time poll"), axe, "the new time poll")
    assert "The time poll has started." in message(ayo)
    poll = Poll.objects.get(circle=north, question="When shall Clapton North meet in the new year?")
    early, late = poll.options.order_by("order")

    # The grid: one radio group per time, each with the time as its legend.
    early_text = f"{first:%A} {first.day} {first:%B} {first.year}, 18:30 to 20:00"
    late_text = f"{second:%A} {second.day} {second:%B} {second.year}, 10:00 to 11:30"
    mine = main(ayo).locator("form", has=ayo.locator("button", has_text="Save my answer"))
    _group(mine, early_text).get_by_label("Yes").check()
    _group(mine, late_text).get_by_label("If I must").check()
    press(ayo, mine.locator("button", has_text="Save my answer"), axe, "the poll after answering")
    assert "Your answer is saved." in message(ayo)

    # Janet, the secretary, enters Arthur's answers from his paper form.
    janet = person_page(browse)
    sign_in(janet, "janet@example.org")
    response = janet.goto(f"/c/clapton/circles/polls/{poll.uuid}/")
    assert response is not None and response.status == 200
    axe(janet, "the poll, for the secretary")
    entry = main(janet).locator("form", has=janet.locator("button", has_text="Save their answer"))
    entry.get_by_label("Whose answer is it").select_option(label="Arthur")
    entry.get_by_label("On paper").check()
    _group(entry, early_text).get_by_label("No").check()
    _group(entry, late_text).get_by_label("Yes").check()
    press(janet, entry.locator("button", has_text="Save their answer"), axe, "the poll after entering Arthur's answers")
    assert "Entered by Janet for Arthur (on paper)" in main(janet).inner_text()
    cant = main(janet).locator("table.time-results tbody tr").first.locator("td").last.inner_text()
    assert cant == "Arthur"

    # Ayo closes it: one yes and one no against one yes and one if-I-must, so the later time is chosen for her.
    ayo.reload()
    follow(ayo, main(ayo).locator("a", has_text="Close the poll"), axe, "closing the poll")
    form = main(ayo).locator("form")
    assert form.get_by_label(late_text, exact=False).is_checked()
    form.get_by_label("Where").fill("Clapton Library, the ground-floor room")
    press(ayo, form.locator("button", has_text="Close the poll and record the result"), axe, "the closed poll")
    assert "The poll is closed" in message(ayo)
    poll.refresh_from_db()
    assert poll.status == PollStatus.CLOSED and poll.chosen == late and poll.decision.kind == DecisionKind.TIME_POLL
    assert Vote.objects.filter(option__poll=poll).count() == 4
    assert "Your answer" not in main(ayo).inner_text() and "We meet on " in main(ayo).inner_text()
