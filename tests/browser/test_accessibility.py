"""axe-core finds no WCAG 2.2 AA violation on the main pages, as the people who use them see them."""

import pytest

from tests.browser.support import check_axe, sign_in, sign_out, submit

pytestmark = pytest.mark.browser


def _uuid(demo, key):
    return demo["people"][key].uuid


def landing(page, demo):
    page.goto("/")


def sign_in_page(page, demo):
    page.goto("/accounts/login/")


def commons_home(page, demo):
    sign_in(page, "rosa@example.org")
    page.goto("/c/clapton/")


def people_list(page, demo):
    sign_in(page, "rosa@example.org")
    page.goto("/c/clapton/people/")


def person_detail(page, demo):
    # Rosa may see Arthur's communication needs (he gave her permission in the demo).
    sign_in(page, "rosa@example.org")
    page.goto(f"/c/clapton/people/{_uuid(demo, 'paper')}/")


def own_person_detail(page, demo):
    sign_in(page, "rosa@example.org")
    page.goto(f"/c/clapton/people/{_uuid(demo, 'member')}/")


def privacy_page(page, demo):
    sign_in(page, "rosa@example.org")
    page.goto(f"/c/clapton/people/{_uuid(demo, 'member')}/privacy/")


def who_looked_page(page, demo):
    # Rosa looks at Arthur's record, then Janet (who acts for Arthur) reads who looked.
    sign_in(page, "rosa@example.org")
    page.goto(f"/c/clapton/people/{_uuid(demo, 'paper')}/")
    sign_out(page)
    sign_in(page, "janet@example.org")
    page.goto(f"/c/clapton/people/{_uuid(demo, 'paper')}/privacy/who-looked/")
    assert page.locator("main table tbody tr").count() >= 1, "the list of who looked should not be empty here"


def groups_list(page, demo):
    sign_in(page, "rosa@example.org")
    page.goto("/c/clapton/groups/")


def invitations_page(page, demo):
    sign_in(page, "kemal@example.org", totp=True)
    page.goto("/c/clapton/invitations/")


def about(page, demo):
    page.goto("/about/")


def glossary(page, demo):
    page.goto("/words/")


def form_with_errors(page, demo):
    sign_in(page, "rosa@example.org")
    page.goto("/c/clapton/groups/new/")
    form = page.locator("main form[method=post]")
    submit(form)
    assert page.locator(".field-error, .error-summary, [role=alert]").count() >= 1, "the empty form should show its errors"


PAGES = [
    landing,
    sign_in_page,
    commons_home,
    people_list,
    person_detail,
    own_person_detail,
    privacy_page,
    who_looked_page,
    groups_list,
    invitations_page,
    about,
    glossary,
    form_with_errors,
]


@pytest.mark.parametrize("visit", PAGES, ids=[p.__name__ for p in PAGES])
def test_no_axe_violations(page, demo, visit):
    visit(page, demo)
    assert page.url.startswith(demo["url"])
    check_axe(page, visit.__name__.replace("_", " "))
