"""allauth hooks: mail goes through our outbox and background worker; plain words."""

from allauth.account.adapter import DefaultAccountAdapter
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from caringcity.core.services import email_queue


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
