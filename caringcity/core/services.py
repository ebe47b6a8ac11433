"""Core writes: the audit trail and the e-mail outbox.

Other apps call ``audit_record`` from their own services, inside the same transaction as the write
it describes, so the trail and the data never disagree.
"""

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from caringcity.core.middleware import current_request_id
from caringcity.core.models import AuditEvent, OutboundEmail

# Never store content: these keyword names are refused outright, as a guard for later apps.
_FORBIDDEN_KEYS = {"content", "text", "body", "note", "value", "old", "new"}


def _uuid(obj):
    return getattr(obj, "uuid", obj)


def audit_record(
    *,
    actor,
    action,
    obj=None,
    object_type="",
    object_id="",
    commons=None,
    subject=None,
    acting_for=None,
    part="",
    basis="",
    reason="",
    **forbidden,
):
    """Write one audit event. ``actor`` is a User (or None for the system); ``subject`` and
    ``acting_for`` are people (or their uuids); ``obj`` the record touched."""
    if forbidden:
        bad = ", ".join(sorted(forbidden))
        raise TypeError(f"audit_record() records who/what/when/why, never content: {bad}")
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(getattr(obj, "uuid", obj.pk))
    actor_user = actor if getattr(actor, "is_authenticated", False) else None
    actor_person = getattr(actor_user, "person", None) if actor_user else None
    return AuditEvent.objects.create(
        commons=commons,
        actor=actor_user,
        actor_person=_uuid(actor_person) if actor_person else None,
        acting_for=_uuid(acting_for) if acting_for else None,
        subject=_uuid(subject) if subject else None,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        part=part,
        basis=basis,
        reason=(reason or "")[:500],
        request_id=current_request_id(),
    )


def email_queue(*, to, subject, template=None, context=None, body_text=None, body_html=""):
    """Put an e-mail in the outbox and send it from the background worker once the current
    transaction commits. Callers must never put health or care details in an e-mail."""
    if template:
        body_text = render_to_string(f"{template}.txt", context or {})
    message = OutboundEmail.objects.create(
        to=to, subject=" ".join(subject.split()), body_text=body_text, body_html=body_html
    )
    from caringcity.core.tasks import send_email

    transaction.on_commit(lambda: send_email.enqueue(message.pk))
    return message


def email_send(*, email_id):
    """Send one queued e-mail. Safe to call twice: a sent message is never sent again. A failure
    is recorded (attempts, error name) and raised so the worker shows it; housekeeping retries."""
    from django.core.mail import EmailMultiAlternatives

    failure = None
    with transaction.atomic():
        message = OutboundEmail.objects.select_for_update().filter(pk=email_id).first()
        if message is None or message.sent_at is not None:
            return False
        message.attempts += 1
        mail = EmailMultiAlternatives(message.subject, message.body_text, to=[message.to])
        if message.body_html:
            mail.attach_alternative(message.body_html, "text/html")
        try:
            mail.send()
        except Exception as exc:  # noqa: BLE001 - recorded, then raised after the record is saved
            failure = exc
            message.last_error = type(exc).__name__
        else:
            message.sent_at = timezone.now()
            message.last_error = ""
        message.save(update_fields=["attempts", "sent_at", "last_error"])
    if failure is not None:
        raise failure
    return True


def email_purge_sent(*, older_than_days):
    """Wipe the bodies of e-mails sent more than N days ago (they may hold sign-in codes)."""
    cutoff = timezone.now() - timezone.timedelta(days=older_than_days)
    return (
        OutboundEmail.objects.filter(sent_at__lt=cutoff)
        .exclude(body_text="")
        .update(body_text="", body_html="")
    )


def email_retry_unsent(*, older_than_minutes=5):
    """Re-enqueue e-mails that were queued but never sent (for example the worker was down)."""
    from caringcity.core.tasks import send_email

    cutoff = timezone.now() - timezone.timedelta(minutes=older_than_minutes)
    ids = list(OutboundEmail.objects.filter(sent_at=None, created__lt=cutoff, attempts__lt=5).values_list("pk", flat=True))
    for pk in ids:
        send_email.enqueue(pk)
    return len(ids)


def user_set_language(*, user, language):
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
