"""allauth hooks: mail goes through our outbox and background worker; plain words."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from caringcity.core.services import email_queue


INVITATION_SESSION_KEY = "caringcity_invitation"


class AccountAdapter(DefaultAccountAdapter):
    # allauth's own wording for the messages people meet most, in plainer words.
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": _(
            "The e-mail address or the password is not right. Check them and try again."
        ),
        "too_many_login_attempts": _(
            "You have tried to sign in too many times. To keep your account safe, please wait "
            "a few minutes, then try again."
        ),
        "incorrect_code": _("That code is not right. Check it and try again."),
        "rate_limited": _("You have done this too many times. Please wait a few minutes, then try again."),
    }

    def is_open_for_signup(self, request):
        """People join a commons by invitation, so a login is made from an invitation link (the
        invitation page remembers it in the session). An operator may open sign-up to everyone."""
        return settings.CARINGCITY["OPEN_SIGNUP"] or bool(request.session.get(INVITATION_SESSION_KEY))

    def send_mail(self, template_prefix, email, context):
        ctx = {"email": email, "current_site": self._site(), **context}
        subject = render_to_string(f"{template_prefix}_subject.txt", ctx, self.request).strip()
        subject = self.format_email_subject(" ".join(subject.split()))
        body = render_to_string(f"{template_prefix}_message.txt", ctx, self.request)
        email_queue(to=email, subject=subject, body_text=body)

    def _site(self):
        from django.contrib.sites.shortcuts import get_current_site

        return get_current_site(self.request)

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.name = form.cleaned_data.get("name", "")
        if commit:
            user.save()
        return user


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": _("That code is not right. Check the 6 numbers in your app and try again."),
        "cannot_delete_authenticator": _(
            "Organisers and admins must keep two-step sign-in on. Ask another admin to change your role first."
        ),
    }

    def can_delete_authenticator(self, authenticator):
        """Organisers and admins cannot turn two-step sign-in off (the rest of the site would
        send them straight back to set it up)."""
        from caringcity.people.middleware import needs_two_factor

        return not needs_two_factor(authenticator.user)
