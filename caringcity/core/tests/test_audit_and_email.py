import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from caringcity.core.models import AuditEvent, OutboundEmail
from caringcity.core.services import audit_record, email_purge_sent, email_queue, email_send

pytestmark = pytest.mark.django_db


def test_audit_refuses_content(personas):
    with pytest.raises(TypeError, match="never content"):
        audit_record(actor=personas.user("member"), action="update", object_type="x", content="her diagnosis")
    assert not AuditEvent.objects.exists()


def test_audit_records_request_id(clients, personas, commons):
    response = clients["organiser"].get(f"/c/{commons.slug}/people/{personas['owner'].person.uuid}/")
    event = AuditEvent.objects.filter(action="view").first()
    assert event is not None and event.request_id == response["X-Request-ID"]


def test_email_goes_through_the_outbox_after_commit_and_is_sent_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        message = email_queue(to="a@example.org", subject="Hello\nthere", body_text="Body")
    assert message.subject == "Hello there"  # no header injection
    assert len(mail.outbox) == 0 and len(callbacks) == 1  # nothing is sent before the commit
    callbacks[0]()
    assert len(mail.outbox) == 1
    assert email_send(email_id=message.pk) is False  # a second run sends nothing
    assert len(mail.outbox) == 1
    message.refresh_from_db()
    assert message.sent_at is not None and message.attempts == 1


def test_failed_send_is_recorded_and_retried(settings, monkeypatch):
    message = OutboundEmail.objects.create(to="a@example.org", subject="S", body_text="B")

    def boom(*args, **kwargs):
        raise ConnectionRefusedError

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", boom)
    with pytest.raises(ConnectionRefusedError):
        email_send(email_id=message.pk)
    message.refresh_from_db()
    assert message.sent_at is None and message.attempts == 1 and message.last_error == "ConnectionRefusedError"
    monkeypatch.undo()
    OutboundEmail.objects.filter(pk=message.pk).update(created=timezone.now() - timezone.timedelta(hours=1))
    call_command("housekeeping")
    message.refresh_from_db()
    assert message.sent_at is not None


def test_housekeeping_wipes_old_bodies_and_closes_emergency_access(personas, commons):
    from caringcity.people.models import EmergencyAccess

    old = OutboundEmail.objects.create(to="a@example.org", subject="S", body_text="code 123456",
                                       sent_at=timezone.now() - timezone.timedelta(days=30))
    recent = OutboundEmail.objects.create(to="a@example.org", subject="S", body_text="keep", sent_at=timezone.now())
    access = EmergencyAccess.objects.create(commons=commons, person=personas["owner"].person, holder=personas["member"].person,
                                            reason="A real reason here", until=timezone.now() - timezone.timedelta(minutes=5))
    call_command("housekeeping")
    old.refresh_from_db(); recent.refresh_from_db(); access.refresh_from_db()  # noqa: E702
    assert old.body_text == "" and recent.body_text == "keep" and access.ended_at is not None
    assert email_purge_sent(older_than_days=7) == 0
