"""Visit logs and the MAR in the browser, as the issue checks them: a worker logs a visit, the
owner's proxy confirms, an edit resets the confirmation; a refused dose blocks confirmation until
it is recorded; the MAR chart and its print view pass axe. JavaScript off throughout."""

from datetime import timedelta

import pytest

from tests.browser.support import sign_in
from tests.browser.test_teams import Mirror, follow, main, message, person_page, press, visit

pytestmark = pytest.mark.browser

C = "/c/clapton"


@pytest.fixture
def axe(browse):
    return Mirror(browse).check


@pytest.fixture
def world(demo):
    from django.utils import timezone

    from caringcity.teams import demo as teams_demo
    from caringcity.visits.models import Medicine
    from caringcity.visits.tests.factories import make_visit

    teams_demo.build(demo)
    team = demo["teams"]["arthur"]
    starts = (timezone.now() - timedelta(hours=3)).replace(second=0, microsecond=0)
    v = make_visit(team, starts=starts, minutes=60, joined=[demo["people"]["ayo"]], paid=True, title="Morning help")
    at = timezone.localtime(starts + timedelta(minutes=30)).strftime("%H:%M")
    Medicine.objects.create(team=team, name="Amlodipine", dose="one 5 mg tablet", times=at,
                            first_day=timezone.localdate() - timedelta(days=5))
    demo["visit"], demo["team"] = v, team
    return demo


def test_worker_logs_proxy_confirms_edit_resets_refused_dose_blocks(browse, world, axe):
    team, v = world["team"], world["visit"]
    base = f"{C}/teams/{team.uuid}"

    ayo = person_page(browse)
    sign_in(ayo, "ayo@example.org")
    visit(ayo, f"{base}/logs/", axe, "visit logs")
    follow(ayo, main(ayo).locator("a", has_text="Write the log"), axe, "write a log")
    form = main(ayo).locator("form")
    form.locator("textarea[name=done_text]").fill("Made lunch and sorted the post.")
    form.locator("textarea[name=food_drink]").fill("Soup and tea.")
    form.locator("input[name=seemed][value=well]").check()
    press(ayo, form.locator("button[type=submit]"), axe, "the log")
    assert "Waiting for confirmation" in main(ayo).inner_text()

    janet = person_page(browse)
    sign_in(janet, "janet@example.org")
    visit(janet, f"{base}/visits/{v.uuid}/log/", axe, "the log, for the proxy")
    press(janet, main(janet).locator("button", has_text="Yes, this is right"), axe, "confirm refused")
    assert "cannot be confirmed yet" in message(janet, "alert")

    # the worker records the refused dose: first without a reason (refused), then with one
    ayo.goto(f"{base}/visits/{v.uuid}/log/")
    dose = main(ayo).locator("form", has=ayo.locator("input[name=dose_key]"))
    dose.locator("input[value=refused]").check()
    with ayo.expect_navigation() as navigation:
        dose.locator("button[type=submit]").click()
    assert navigation.value.status == 400  # the form comes back with the error next to the field
    axe(ayo, "dose without a reason")
    assert "Say why" in main(ayo).inner_text()
    dose = main(ayo).locator("form", has=ayo.locator("input[name=dose_key]"))
    dose.locator("input[value=refused]").check()
    dose.locator("input[name$=reason]").fill("Said it makes him dizzy.")
    press(ayo, dose.locator("button[type=submit]"), axe, "dose recorded")
    assert "Refused" in main(ayo).inner_text()

    janet.goto(f"{base}/visits/{v.uuid}/log/")
    press(janet, main(janet).locator("button", has_text="Yes, this is right"), axe, "confirmed")
    assert "Confirmed" in main(janet).locator(".lead").inner_text()

    # an edit makes a new version and resets the confirmation
    follow(ayo, main(ayo).locator("a", has_text="Change the log"), axe, "change the log")
    form = main(ayo).locator("form")
    form.locator("textarea[name=food_drink]").fill("Soup, tea and a biscuit.")
    press(ayo, form.locator("button[type=submit]"), axe, "changed log")
    text = main(ayo).inner_text()
    assert "Waiting for confirmation" in text and "version 2" in text

    # the MAR chart and its print view
    visit(janet, f"{base}/mar/", axe, "MAR chart")
    assert "R" in main(janet).locator("table.mar").inner_text()
    janet.goto(f"{base}/mar/print/")
    axe(janet, "MAR print view", media="print")
