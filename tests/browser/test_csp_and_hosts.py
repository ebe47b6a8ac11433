"""Every page sends a Content-Security-Policy, nothing on the pages breaks it, and the browser
never asks any host but the live server (no CDN, no web fonts, no analytics)."""

import pytest

from tests.browser.support import sign_in, sign_out, submit

pytestmark = pytest.mark.browser


def test_pages_keep_to_their_csp_and_to_the_server(browse, demo):
    rosa, arthur = demo["people"]["member"].uuid, demo["people"]["paper"].uuid
    page = browse.new_page()
    responses = []
    page.on("response", lambda r: responses.append(r) if r.request.resource_type == "document" else None)

    for url in ("/", "/accounts/login/", "/about/", "/words/"):
        page.goto(url)
    sign_in(page, "rosa@example.org")
    for url in (
        "/c/clapton/",
        "/c/clapton/people/",
        "/c/clapton/people/?q=Arthur",
        f"/c/clapton/people/{arthur}/",
        f"/c/clapton/people/{rosa}/",
        f"/c/clapton/people/{rosa}/edit/",
        f"/c/clapton/people/{rosa}/privacy/",
        f"/c/clapton/people/{rosa}/privacy/who-looked/",
        f"/c/clapton/people/{rosa}/privacy/permissions/new/",
        "/c/clapton/groups/",
        "/c/clapton/groups/new/",
        "/account/",
    ):
        page.goto(url)
    # htmx live search (JavaScript on): typing swaps the results in place.
    page.goto("/c/clapton/people/")
    with page.expect_response(lambda r: "q=Arthur" in r.url):
        page.locator("main form[role=search] input[name=q]").fill("Arthur")
    page.wait_for_load_state("networkidle")
    submit(page.locator("main form[role=search]"))
    sign_out(page)
    sign_in(page, "kemal@example.org", totp=True)
    page.goto("/c/clapton/invitations/")
    page.goto("/c/clapton/people/new/")
    page.wait_for_load_state("networkidle")

    missing = [r.url for r in responses if r.status < 300 and "content-security-policy" not in r.headers]
    assert not missing, "Pages without a Content-Security-Policy header:\n  " + "\n  ".join(missing)
    assert len(responses) > 15
    assert not browse.foreign_requests(), browse.foreign_requests()
    assert not browse.csp_violations(), browse.csp_violations()
    browse.assert_clean()
