"""allauth hooks: mail goes through our outbox and background worker; plain words."""

from allauth.account.adapter import DefaultAccountAdapter
from django.template.loader import render_to_string

from caringcity.core.services import email_queue


class AccountAdapter(DefaultAccountAdapter):
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
