"""The framework's key journey: an organiser starts from the starter framework and, without
JavaScript, chooses an outcome to see its indicators and puts the draft in use; a member then
reads it with the diagram's links reachable by keyboard. axe (which needs JavaScript) finds nothing
wrong on the chooser, the draft with an outcome chosen, and the page in use."""

import pytest

from tests.browser.support import check_axe, sign_in, submit

pytestmark = pytest.mark.browser

URL = "/c/clapton/evaluation/framework/"


def test_an_organiser_starts_from_the_starter_and_a_member_reads_it(browse, demo):
    page = browse.new_page(javascript=False)
    sign_in(page, "kemal@example.org", totp=True)
    page.goto(URL)
    assert "No framework is in use yet" in page.locator("main").inner_text()
    submit(page.locator("main form:has(button:text('Start from the starter framework'))"))
    assert "This is a draft" in page.locator("main").inner_text()
    draft_url = page.url
    # choose an outcome from the outline: the panel opens, without JavaScript
    with page.expect_navigation():
        page.locator(".ev-framework-outline a.ev-framework-outcome", has_text="People feel less alone").click()
    panel = page.locator("#chosen")
    assert "Loneliness" in panel.inner_text() and "How it is measured" in panel.inner_text()
    assert "No figure yet" in panel.inner_text()
    chosen_url = page.url

    # the same pages with JavaScript on, for axe
    checker = browse.new_page()
    sign_in(checker, "kemal@example.org", totp=True)
    checker.goto(URL)
    check_axe(checker, "framework chooser")
    checker.goto(chosen_url)
    check_axe(checker, "draft framework with an outcome chosen")

    with page.expect_navigation():
        page.locator("main a.button", has_text="Put this version in use").click()
    assert "/put-in-use/" in page.url
    submit(page.locator("main form:has(button:text('Put it in use'))"))
    assert page.url.split("#")[0].startswith(draft_url.split("?")[0])
    assert "is in use now" in page.locator("main").inner_text()

    member = browse.new_page()
    sign_in(member, "rosa@example.org")
    member.goto(URL)
    links = member.locator("svg .ev-framework-links a")
    assert links.count() > 30
    assert member.locator("svg g[role=img] > title").count() == 1
    links.first.focus()
    assert member.evaluate("document.activeElement.getAttribute('aria-label')").startswith("Output dimension:")
    with member.expect_navigation():
        member.locator("svg a[aria-label='Outcome: People feel they belong']").click()
    assert "Belonging" in member.locator("#chosen").inner_text()
    check_axe(member, "framework in use, for a member")
