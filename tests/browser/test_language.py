"""The language switcher in the header: <html lang> follows it, and the choice is stored on the
login, so it comes back after signing out and in again, even in a browser that never saw it."""

import pytest

from tests.browser.support import html_lang, sign_in, sign_out, submit

pytestmark = pytest.mark.browser


def switch_language(page, code):
    form = page.locator("form:has(select#language-select)")
    form.locator("select#language-select").select_option(code)
    submit(form)


def test_language_switch_changes_html_lang_and_is_remembered(browse, demo):
    from caringcity.core.models import User

    page = browse.new_page()
    sign_in(page, "rosa@example.org")
    assert html_lang(page) == "en-gb"

    switch_language(page, "tr")
    assert html_lang(page) == "tr"
    assert page.url == demo["url"] + "/c/clapton/", "the switch should bring you back to the same page"
    page.goto("/c/clapton/people/")
    assert html_lang(page) == "tr"

    switch_language(page, "bn")
    assert html_lang(page) == "bn"
    assert page.url.endswith("/c/clapton/people/")
    assert User.objects.get(email="rosa@example.org").language == "bn"

    sign_out(page)
    sign_in(page, "rosa@example.org")
    assert html_lang(page) == "bn"

    # A browser with no language cookie: the language comes from the login.
    fresh = browse.new_page(locale="en-GB")
    fresh.goto("/")
    assert html_lang(fresh) == "en-gb"
    sign_in(fresh, "rosa@example.org")
    assert html_lang(fresh) == "bn"


def test_language_switch_works_without_signing_in(page, demo):
    page.goto("/about/")
    switch_language(page, "tr")
    assert html_lang(page) == "tr"
    assert page.url.endswith("/about/")
