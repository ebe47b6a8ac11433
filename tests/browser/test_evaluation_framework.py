"""The framework's key journey: an organiser starts from the starter framework, chooses an outcome
(without JavaScript) to see its indicators, and puts the draft in use; a member then sees it, with
the diagram's links reachable by keyboard. axe finds nothing wrong on the page or the panel."""

import pytest

from tests.browser.support import check_axe, sign_in, submit

pytestmark = pytest.mark.browser

URL = "/c/clapton/evaluation/framework/"


def test_an_organiser_starts_from_the_starter_and_a_member_reads_it(browse, demo):
    page = browse.new_page(javascript=False)
    sign_in(page, "kemal@example.org", totp=True)
    page.goto(URL)
    assert "No framework is in use yet" in page.locator("main").inner_text()
    check_axe(page, "framework chooser")
    submit(page.locator("form:has(button:text('Start from the starter framework'))"))
    assert "This is a draft" in page.locator("main").inner_text()
    # choose an outcome from the outline: the panel opens, without JavaScript
    with page.expect_navigation():
        page.locator(".ev-framework-outline a.ev-framework-outcome", has_text="People feel less alone").click()
    panel = page.locator("#chosen")
    assert "Loneliness" in panel.inner_text() and "How it is measured" in panel.inner_text()
    assert "No figure yet" in panel.inner_text()
    check_axe(page, "framework draft with an outcome chosen")
    page.locator("a.button", has_text="Put this version in use").click()
    submit(page.locator("main form"))
    assert "is in use now" in page.locator("main").inner_text()

    member = browse.new_page()
    sign_in(member, "rosa@example.org")
    member.goto(URL)
    links = member.locator("svg .ev-framework-links a")
    assert links.count() > 30
    assert member.locator("svg g[role=img] title").count() == 1
    links.first.focus()
    assert member.evaluate("document.activeElement.getAttribute('aria-label')").startswith("Output dimension:")
    member.locator("svg a[aria-label='Outcome: People feel they belong']").click()
    member.wait_for_load_state()
    assert "Belonging" in member.locator("#chosen").inner_text()
    check_axe(member, "framework in use, for a member")
