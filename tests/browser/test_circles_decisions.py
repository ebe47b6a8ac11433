"""The decision log in the browser with JavaScript off: Rosa opens the General circle's log,
searches it with the plain GET form, opens the decision due for review (its versions, who took
part), then the printable log, which prints without navigation. Nasreen, who is not in the
General circle, sees the confidential decision's number and reason but not what it says. Every
page passes axe (WCAG 2.2 AA)."""

import pytest

from tests.browser.support import sign_in
from tests.browser.test_teams import Mirror, follow, main, person_page, press, visit

pytestmark = pytest.mark.browser


@pytest.fixture
def decisions(demo):
    """The whole demo, decisions included, as ``manage.py demo`` builds it."""
    from caringcity.circles.tests.demo_world import load_demo

    return load_demo(demo)


@pytest.fixture
def axe(browse):
    return Mirror(browse).check


def _log(ctx):
    general = ctx["circles"]["general"]
    return f"/c/clapton/circles/{general.uuid}/decisions/"


def test_log_search_decision_and_print(browse, decisions, axe):
    rosa = person_page(browse)
    sign_in(rosa, "rosa@example.org")
    visit(rosa, _log(decisions), axe, "the General circle's decision log")
    log = main(rosa)
    assert log.locator("h1").inner_text() == "Decision log"
    row = log.locator("tbody tr", has_text="Paying the commons contribution every three months")
    assert row.count() == 1 and "Review due" in row.inner_text()
    assert "Help with one member's care costs" in log.inner_text(), "Rosa is in the General circle: she reads it"

    form = log.locator("form[role=search]")
    form.get_by_label("Words to look for").fill("CONTRIBUTION")
    form.get_by_label("Status now").select_option(label="Due for review")
    press(rosa, form.locator("button", has_text="Show decisions"), axe, "the log, searched")
    assert "q=CONTRIBUTION" in rosa.url and "status=review_due" in rosa.url, "a plain GET form"
    assert "1 decision found." in main(rosa).inner_text()
    assert main(rosa).locator("tbody tr").count() == 1

    follow(rosa, main(rosa).locator("tbody tr th a"), axe, "the decision due for review")
    text = main(rosa).inner_text()
    for words in ("Paying the commons contribution every three months", "What was decided", "Review due",
                  "Who took part", "Appeals", "This is the first version"):
        assert words in text, words

    rosa.go_back()
    follow(rosa, main(rosa).locator("a", has_text="Printable decision log"), axe, "the printable log")
    printed = main(rosa)
    assert "Decision log: General circle" in printed.inner_text() and printed.locator("tbody tr").count() == 1
    rosa.emulate_media(media="print")
    axe(rosa, "the printable log, as printed", media="print")
    for selector in ["header.site-header", "nav", "footer.site-footer", "main .no-print"]:
        for i in range(rosa.locator(selector).count()):
            assert rosa.locator(selector).nth(i).is_hidden(), f"{selector} would be printed"
    assert rosa.locator("main table").is_visible()


def test_a_confidential_decision_shows_its_reason_not_its_text(browse, decisions, axe):
    nasreen = person_page(browse)
    sign_in(nasreen, "nasreen@example.org")
    secret = decisions["decisions"]["confidential"]
    visit(nasreen, f"/c/clapton/circles/decisions/{secret.uuid}/", axe, "a confidential decision")
    text = main(nasreen).inner_text()
    assert f"D{secret.number}" in text and "It is about one person's money" in text
    assert "£300" not in text and "Help with one member" not in text
