"""Signing in, making an account, getting back in, two-step sign-in, throttling and signing out
everywhere: the allauth journeys, through our own templates, with JavaScript off (plain posts)."""

import re
import time
from urllib.parse import urlparse

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core import mail
from django.core.cache import cache
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from caringcity.core.models import User
from caringcity.people.demo import DEMO_TOTP_SECRET
from caringcity.people.models import Membership
from caringcity.people.tests.factories import member_with_login

pytestmark = pytest.mark.django_db

PASSWORD = "a-test-password"  # what UserFactory gives everyone
NEW_PASSWORD = "a-brand-new-password-42"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttling and used two-step codes live in the cache: start every test clean."""
    cache.clear()
    yield
    cache.clear()


def _verified(membership):
    user = membership.person.user
    EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    return user


@pytest.fixture
def member(commons):
    return _verified(
        member_with_login(
            commons,
            name="Rosa Bennett",
            address="12 Example Road",
            postcode="E5 8BP",
            phone="07700 900123",
            communication_needs="Has dementia; speak slowly.",
        )
    )


@pytest.fixture
def organiser(commons):
    """An organiser with two-step sign-in set up (the demo secret)."""
    user = _verified(member_with_login(commons, Membership.Role.ORGANISER))
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    return user


def signed_in_user(client):
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


def totp_code(secret=DEMO_TOTP_SECRET, offset=0):
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + offset))


def error_summary(response):
    """The text of the error summary at the top of the form ('' if there is none)."""
    html = response.content.decode()
    match = re.search(r'<div class="error-summary".*?</div>', html, re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(0))) if match else ""


def mail_code(message):
    """Our e-mails put the code alone on an indented line."""
    return re.search(r"^ {4}(\S+)\s*$", message.body, re.M).group(1)


def mail_link(message):
    return urlparse(re.search(r"https?://\S+", message.body).group(0)).path


def sign_in(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


# --- sign in with a password ------------------------------------------------------------------


def test_sign_in_with_password(client, member):
    page = client.get(reverse("account_login"))
    assert page.status_code == 200
    assert '<label class="label" for="id_login">' in page.content.decode()

    response = sign_in(client, member.email, PASSWORD)

    assert response.status_code == 302 and response["Location"] == reverse("people:home")
    assert signed_in_user(client) == member
    assert client.get(reverse("core:account")).status_code == 200


def test_wrong_password_shows_an_error_and_does_not_sign_in(client, member):
    response = sign_in(client, member.email, "not-the-password")

    assert response.status_code == 200
    assert "password is not right" in error_summary(response)
    assert signed_in_user(client) is None
    assert client.get(reverse("core:account")).status_code == 302


# --- sign in with a code sent by e-mail -------------------------------------------------------


def test_sign_in_with_a_code_sent_by_email(client, member, django_capture_on_commit_callbacks):
    assert client.get(reverse("account_request_login_code")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_request_login_code"), {"email": member.email})
    assert response.status_code == 302 and response["Location"] == reverse("account_confirm_login_code")
    assert [m.to for m in mail.outbox] == [[member.email]]
    code = mail_code(mail.outbox[0])

    page = client.get(reverse("account_confirm_login_code"))
    assert page.status_code == 200 and member.email in page.content.decode()
    wrong = client.post(reverse("account_confirm_login_code"), {"code": "WRONG-CODE"})
    assert wrong.status_code == 200 and "code is not right" in error_summary(wrong)
    assert signed_in_user(client) is None

    response = client.post(reverse("account_confirm_login_code"), {"code": code})

    assert response.status_code == 302
    assert signed_in_user(client) == member


# --- make an account ------------------------------------------------------------------------


@pytest.fixture
def open_signup(settings):
    settings.CARINGCITY = {**settings.CARINGCITY, "OPEN_SIGNUP": True}


def test_sign_up_is_only_for_people_with_an_invitation(client, personas, commons):
    from caringcity.people.services import invitation_create

    response = client.post(reverse("account_signup"), {"email": "nia@example.org", "name": "Nia", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert not User.objects.filter(email="nia@example.org").exists()
    assert "invite you" in response.content.decode()
    invitation = invitation_create(actor=personas.user("organiser"), commons=commons, email="nia@example.org")
    client.get(reverse("people:invitation_accept", args=[invitation.token]))
    client.post(reverse("account_signup"), {"email": "nia@example.org", "name": "Nia", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert User.objects.filter(email="nia@example.org").exists()


def test_sign_up_needs_the_emailed_code_and_keeps_the_name(client, open_signup, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_signup"),
            {"email": "nia@example.org", "name": "Nia Newcomer", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        )
    assert response.status_code == 302 and response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="nia@example.org")
    assert user.name == "Nia Newcomer"
    assert not EmailAddress.objects.get(user=user).verified
    assert signed_in_user(client) is None  # not in until the address is checked
    assert client.get(reverse("core:account")).status_code == 302

    page = client.get(reverse("account_email_verification_sent"))
    assert page.status_code == 200 and "nia@example.org" in page.content.decode()
    response = client.post(reverse("account_email_verification_sent"), {"code": mail_code(mail.outbox[-1])})

    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    assert signed_in_user(client) == user


def test_sign_up_form_errors_are_listed_in_the_error_summary(client, open_signup):
    response = client.post(reverse("account_signup"), {"email": "not-an-address", "name": "", "password1": "x", "password2": "y"})

    summary = error_summary(response)
    assert response.status_code == 200 and not User.objects.exists()
    assert 'href="#id_email"' in response.content.decode() and 'href="#id_name"' in response.content.decode()
    assert "Your name" in summary


# --- forgotten password ---------------------------------------------------------------------


def test_password_reset_by_email_link(client, member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": member.email})
    assert response.status_code == 302 and response["Location"] == reverse("account_reset_password_done")
    assert [m.to for m in mail.outbox] == [[member.email]]

    link = client.get(mail_link(mail.outbox[0]))  # allauth moves the key out of the address
    assert link.status_code == 302
    form_url = link["Location"]
    assert client.get(form_url).status_code == 200
    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert response.status_code == 302 and response["Location"] == reverse("account_reset_password_from_key_done")
    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)
    assert sign_in(Client(), member.email, PASSWORD).status_code == 200  # the old one no longer works


def test_a_used_or_wrong_reset_link_says_so(client, member):
    response = client.get(reverse("account_reset_password_from_key", kwargs={"uidb36": "1", "key": "not-a-key"}))
    assert response.status_code == 200
    assert "This link does not work" in response.content.decode()


# --- two-step sign-in for organisers ----------------------------------------------------------


def test_organiser_without_two_step_is_sent_to_set_it_up_and_can(client, commons):
    user = _verified(member_with_login(commons, Membership.Role.ORGANISER))
    Authenticator.objects.filter(user=user).delete()
    sign_in(client, user.email, PASSWORD)
    assert signed_in_user(client) == user

    for url in (reverse("people:commons", args=[commons.slug]), reverse("people:person_list", args=[commons.slug])):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == reverse("people:two_factor_required")
    # The open directory's public API is for anyone, signed in or not: never sent to set up.
    response = client.get(reverse("networks:oruk_services", args=[commons.slug]))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")

    # Setting it up asks for the password once more, then shows the square code as an image.
    activate = reverse("mfa_activate_totp")
    response = client.get(activate)
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("account_reauthenticate"))
        client.post(response["Location"], {"password": PASSWORD})
        response = client.get(activate)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<img class="qr-code" src="data:image/svg+xml;base64,' in html
    secret = re.search(r"<code>([A-Z2-7]+)</code>", html).group(1)

    response = client.post(activate, {"code": totp_code(secret)})

    assert response.status_code == 302
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    assert client.get(reverse("people:commons", args=[commons.slug])).status_code == 200


def test_organiser_with_two_step_needs_a_valid_code_from_the_app(client, organiser, commons):
    response = sign_in(client, organiser.email, PASSWORD)

    assert response.status_code == 302 and response["Location"] == reverse("mfa_authenticate")
    assert signed_in_user(client) is None
    assert client.get(reverse("people:commons", args=[commons.slug])).status_code == 302
    page = client.get(reverse("mfa_authenticate"))
    assert page.status_code == 200 and "Type the code from your phone" in page.content.decode()

    good = totp_code()
    wrong = next(c for c in ("000000", "111111", "222222") if c not in {totp_code(offset=o) for o in (-1, 0, 1)})
    response = client.post(reverse("mfa_authenticate"), {"code": wrong})
    assert response.status_code == 200 and error_summary(response)
    assert signed_in_user(client) is None

    response = client.post(reverse("mfa_authenticate"), {"code": good})

    assert response.status_code == 302
    assert signed_in_user(client) == organiser
    assert client.get(reverse("people:commons", args=[commons.slug])).status_code == 200


# --- throttling -----------------------------------------------------------------------------


def test_repeated_wrong_passwords_are_throttled_until_the_limit_passes(client, member, monkeypatch):
    for _ in range(5):  # ACCOUNT_RATE_LIMITS login_failed: 5 a minute from one place
        assert "password is not right" in error_summary(sign_in(client, member.email, "wrong-password"))

    response = sign_in(client, member.email, "wrong-password")
    assert "tried to sign in too many times" in error_summary(response)

    response = sign_in(client, member.email, PASSWORD)  # even the right password is refused now
    assert response.status_code == 200 and "tried to sign in too many times" in error_summary(response)
    assert signed_in_user(client) is None

    later = time.time() + 6 * 60  # both limits (1 and 5 minutes) have passed
    monkeypatch.setattr(time, "time", lambda: later)
    response = sign_in(client, member.email, PASSWORD)
    assert response.status_code == 302
    assert signed_in_user(client) == member


def test_too_many_requests_get_a_plain_page(client, member, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "1/m/ip"}
    sign_in(client, member.email, "wrong-password")

    response = sign_in(client, member.email, "wrong-password")

    assert response.status_code == 429
    html = response.content.decode()
    assert "<h1>Please wait a little</h1>" in html and 'class="site-header"' in html


# --- sign out everywhere --------------------------------------------------------------------


def test_sign_out_everywhere_else_ends_the_other_sessions(member):
    here, phone = Client(), Client(HTTP_USER_AGENT="An old phone")
    sign_in(here, member.email, PASSWORD)
    sign_in(phone, member.email, PASSWORD)
    assert phone.get(reverse("core:account")).status_code == 200

    page = here.get(reverse("usersessions_list"))
    html = page.content.decode()
    assert page.status_code == 200 and "An old phone" in html and html.count("This device") == 1

    response = here.post(reverse("usersessions_list"))

    assert response.status_code == 302
    assert phone.get(reverse("core:account")).status_code == 302  # signed out
    assert signed_in_user(phone) is None
    assert here.get(reverse("core:account")).status_code == 200  # still signed in here


# --- what the sign-in e-mails say -----------------------------------------------------------


def test_sign_in_emails_hold_nothing_but_the_code_or_link(client, member, commons, open_signup, django_capture_on_commit_callbacks):
    person = member.person
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_request_login_code"), {"email": member.email})
        Client().post(reverse("account_reset_password"), {"email": member.email})
        Client().post(
            reverse("account_signup"),
            {"email": "nia@example.org", "name": "Nia Newcomer", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        )
    code_mail, reset_mail, signup_mail = mail.outbox
    assert code_mail.to == reset_mail.to == [member.email] and signup_mail.to == ["nia@example.org"]

    # Each body is exactly our template with only the code or link filled in: nothing else about
    # the person (name, address, phone, needs) or their commons can be in it.
    code = mail_code(code_mail)
    assert code_mail.body == render_to_string("account/email/login_code_message.txt", {"code": code})
    link = re.search(r"https?://\S+", reset_mail.body).group(0)
    assert reset_mail.body == render_to_string("account/email/password_reset_key_message.txt", {"password_reset_url": link})
    signup_code = mail_code(signup_mail)
    assert signup_mail.body == render_to_string("account/email/email_confirmation_signup_message.txt", {"code": signup_code})

    private = [person.name, "Rosa", person.address, person.postcode, person.phone, "dementia", commons.name, "Nia"]
    for message in (code_mail, reset_mail, signup_mail):
        for text in private:
            assert text not in message.body and text not in message.subject


# --- every page looks like the rest of the site -----------------------------------------------


ANONYMOUS_PAGES = ["account_login", "account_request_login_code", "account_signup", "account_reset_password",
                   "account_reset_password_done", "account_reset_password_from_key_done"]
SIGNED_IN_PAGES = ["account_email", "account_change_password", "account_logout", "mfa_index", "usersessions_list",
                   "account_reauthenticate"]


def _assert_site_page(response):
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="site-header"' in html  # our base.html, not allauth's bare layout
    assert html.count("<h1") == 1
    assert " style=" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)  # no inline script (CSP)
    assert not re.search(r'(src|href|action)="(https?:)?//', html)  # nothing from other hosts
    for field_id in re.findall(r'<input[^>]+type="(?:text|email|password)"[^>]*id="([^"]+)"', html):
        assert f'for="{field_id}"' in html  # every box has a label


@pytest.mark.parametrize("name", ANONYMOUS_PAGES)
def test_pages_for_getting_in_use_the_site_layout(client, name):
    _assert_site_page(client.get(reverse(name)))


@pytest.mark.parametrize("name", SIGNED_IN_PAGES)
def test_account_pages_use_the_site_layout(client, member, name):
    sign_in(client, member.email, PASSWORD)
    _assert_site_page(client.get(reverse(name)))


def test_two_step_pages_use_the_site_layout(client, organiser):
    sign_in(client, organiser.email, PASSWORD)
    _assert_site_page(client.get(reverse("mfa_authenticate")))
    client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    for name in ("mfa_index", "mfa_generate_recovery_codes", "mfa_deactivate_totp"):
        _assert_site_page(client.get(reverse(name)))
    client.post(reverse("mfa_generate_recovery_codes"))
    _assert_site_page(client.get(reverse("mfa_view_recovery_codes")))
