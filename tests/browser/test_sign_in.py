"""Signing in: a member with a password, an organiser with a password and a TOTP code."""

import pytest

from tests.browser.support import sign_in, submit, totp_code

pytestmark = pytest.mark.browser


def signed_in(user):
    """Whether any session on the server is signed in as ``user``."""
    from django.contrib.sessions.models import Session

    return any(s.get_decoded().get("_auth_user_id") == str(user.pk) for s in Session.objects.all())


def test_member_signs_in_with_password_and_lands_on_their_commons(page, demo):
    page.goto("/")
    sign_in(page, "rosa@example.org")
    assert page.url == demo["url"] + "/c/clapton/"
    assert page.locator("form[action$='/accounts/logout/']").count() == 1


def test_wrong_password_is_refused(page, demo):
    page.goto("/accounts/login/")
    form = page.locator("form:has(input[name=password])")
    form.locator("input[name=login]").fill("rosa@example.org")
    form.locator("input[name=password]").fill("not-the-password")
    submit(form)
    assert "/accounts/login/" in page.url
    page.goto("/c/clapton/")
    assert "/accounts/login/" in page.url, "a refused sign-in must not open the commons"


def test_organiser_must_enter_a_totp_code(browse, demo):
    from caringcity.people.demo import DEMO_TOTP_SECRET

    kemal = demo["people"]["organiser"].user
    page = browse.new_page()
    page.goto("/accounts/login/")
    form = page.locator("form:has(input[name=password])")
    form.locator("input[name=login]").fill("kemal@example.org")
    form.locator("input[name=password]").fill(demo["password"])
    submit(form)
    # The password alone is not enough: allauth asks for the code.
    assert "/accounts/2fa/authenticate/" in page.url
    assert not signed_in(kemal)
    code_form = page.locator("form:has(input[name=code])")
    assert code_form.count() == 1

    # A wrong code is refused.
    right = totp_code(DEMO_TOTP_SECRET)
    code_form.locator("input[name=code]").fill("000000" if right != "000000" else "111111")
    submit(code_form)
    assert "/accounts/2fa/authenticate/" in page.url
    # Until the code is right, Kemal is not signed in.
    assert not signed_in(kemal)

    code_form = page.locator("form:has(input[name=code])")
    code_form.locator("input[name=code]").fill(right)
    submit(code_form)
    assert page.url == demo["url"] + "/c/clapton/"
    assert signed_in(kemal)


def test_organiser_reaches_organiser_pages_after_two_step_sign_in(page, demo):
    sign_in(page, "kemal@example.org", totp=True)
    assert page.url == demo["url"] + "/c/clapton/"
    page.goto("/c/clapton/invitations/")
    assert page.url.endswith("/c/clapton/invitations/")
