"""The rota in the browser with JavaScript off: the Rota Holder plans a repeating visit (a plan
with no end is refused next to the field and what she typed stays), and a worker finds the one
visit next week that needs cover from the team page and joins it. Every page passes axe."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser.support import sign_in
from tests.browser.test_teams import Mirror, follow, main, message, person_page, press

pytestmark = pytest.mark.browser


@pytest.fixture
def rota(demo):
    """The people, teams and rota demos, as ``manage.py demo`` builds them."""
    from caringcity.teams import demo as teams_demo
    from caringcity.visits import demo_rota

    teams_demo.build(demo)
    demo_rota.build(demo)
    return demo


@pytest.fixture
def axe(browse):
    return Mirror(browse).check


def test_the_rota_holder_plans_a_repeating_visit(browse, rota, axe):
    from caringcity.visits.models import Series, Visit

    janet = person_page(browse)
    sign_in(janet, "janet@example.org")
    follow(janet, janet.locator("header nav a", has_text="Teams"), axe, "team list")
    follow(janet, main(janet).locator("table a", has_text="Arthur's team"), axe, "Arthur's team page")
    follow(janet, main(janet).locator("a", has_text="Plan visits"), axe, "plan visits")
    before = Visit.objects.count()

    start = timezone.localdate() + timedelta(days=3)
    form = main(janet).locator("form")
    form.get_by_label("Short description").fill("Reading the paper")
    form.get_by_label("Company and a chat").check()
    form.get_by_label("Date", exact=True).fill(start.isoformat())
    form.get_by_label("Start time").fill("16:30")
    form.get_by_label("Every day", exact=True).check()
    with janet.expect_navigation() as navigation:
        form.locator("button", has_text="Plan").click()
    assert navigation.value.status == 400  # the form comes back with what to fix
    axe(janet, "plan with an error")
    summary = main(janet).locator(".error-summary")
    assert "A rota with no end would go on for ever" in summary.inner_text()
    assert main(janet).get_by_label("Short description").input_value() == "Reading the paper"
    assert Visit.objects.count() == before and not Series.objects.filter(title="Reading the paper").exists()

    main(janet).get_by_label("Or: how many times").fill("5")
    press(janet, main(janet).locator("form button", has_text="Plan"), axe, "the rota after planning")
    assert "Planned 5 visits." in message(janet)
    assert main(janet).locator(".visit", has_text="Reading the paper").count() >= 1
    assert Visit.objects.filter(title="Reading the paper").count() == 5


def test_a_worker_covers_the_visit_that_needs_someone(browse, rota, axe):
    uncovered = rota["visits_uncovered"]
    ayo = person_page(browse)
    sign_in(ayo, "ayo@example.org")
    follow(ayo, ayo.locator("header nav a", has_text="Teams"), axe, "team list")
    follow(ayo, main(ayo).locator("table a", has_text="Arthur's team"), axe, "Arthur's team page")
    assert "1 visit in the next four weeks needs cover." in main(ayo).inner_text()
    follow(ayo, main(ayo).locator("a", has_text="See visits that need cover"), axe, "cover needed")
    row = main(ayo).locator("tbody tr", has_text="Sunday market")
    assert row.count() == 1
    follow(ayo, row.locator("a"), axe, "the uncovered visit")
    press(ayo, main(ayo).locator("button", has_text="I can come"), axe, "the visit after joining")
    assert "you are down for this visit" in message(ayo)
    assert "Ayo" in main(ayo).locator("ul", has_text="Coming").first.inner_text()
    uncovered.refresh_from_db()
    assert uncovered.gap == 0

    follow(ayo, ayo.locator("header nav a", has_text="My visits"), axe, "my visits")
    assert main(ayo).locator(".visit", has_text="Sunday market").count() == 1
