"""Status updates with evidence: the rules of a step, refusals that change nothing, the target
following its latest update, evidence checked against what the person may see, and audit."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from caringcity.core.models import AuditEvent
from caringcity.lab.models import Evidence, Status, StatusUpdate, Target
from caringcity.lab.services import tracking as services
from caringcity.lab.tests.factories import make_plan, make_target

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 1)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def target(commons):
    plan = make_plan(commons)
    return make_target(plan.policies.get(number=1))


def _user(personas, role):
    return personas[role].person.user


def _snapshot(target):
    target.refresh_from_db()
    return (target.status, target.progress, StatusUpdate.objects.count(), Evidence.objects.count(),
            AuditEvent.objects.filter(action__startswith="lab.").count())


def _add(personas, target, role="member", **kw):
    kw.setdefault("on", datetime.date(2026, 5, 1))
    kw.setdefault("status", Status.RAISED)
    kw.setdefault("summary", "We raised it at the planning forum.")
    return services.status_update_add(actor=_user(personas, role), target=target, today=TODAY, **kw)


LINK = {"kind": "link", "title": "Cabinet minutes", "url": "https://example.org/minutes"}


def test_a_member_moves_a_target_and_it_follows_the_latest_update(personas, target):
    _add(personas, target, progress=10)
    _add(personas, target, on=datetime.date(2026, 5, 10), status=Status.CONSIDERING)
    target.refresh_from_db()
    assert (target.status, target.progress) == (Status.CONSIDERING, 10)  # progress left empty carries over
    _add(personas, target, on=datetime.date(2026, 5, 20), status=Status.PARTLY_ADOPTED, progress=60, evidence=LINK)
    # An update for an earlier date fills in history without moving the target back.
    _add(personas, target, on=datetime.date(2026, 4, 1), status=Status.RAISED, progress=5)
    target.refresh_from_db()
    assert (target.status, target.progress) == (Status.PARTLY_ADOPTED, 60)
    assert AuditEvent.objects.filter(action="lab.status.add").count() == 4
    assert AuditEvent.objects.filter(action="lab.evidence.add").count() == 1
    event = AuditEvent.objects.filter(action="lab.status.add").last()
    assert "planning forum" not in event.reason  # never what anyone wrote


@pytest.mark.parametrize("changes, field", [
    ({"on": datetime.date(2026, 6, 2)}, "on"),  # in the future
    ({"on": datetime.date(2021, 1, 1)}, "on"),  # before the plan was published
    ({"progress": 101}, "progress"),
    ({"progress": -1}, "progress"),
    ({"summary": "   "}, "summary"),
    ({"status": Status.NOT_STARTED}, "status"),
    ({"status": "nonsense"}, "status"),
    ({"status": Status.IMPLEMENTED, "evidence": LINK}, "status"),  # never adopted
    ({"status": Status.ADOPTED}, "evidence_kind"),  # a decision without evidence
    ({"status": Status.REJECTED}, "evidence_kind"),
    ({"status": Status.RAISED, "evidence": {"kind": "link", "title": "x", "url": "javascript:alert(1)"}}, "url"),
    ({"status": Status.RAISED, "evidence": {"kind": "link", "title": "", "url": "https://example.org"}}, "title"),
    ({"status": Status.RAISED, "evidence": {"kind": "document", "title": "Minutes",
                                            "file": SimpleUploadedFile("m.pdf", b"<html>not a pdf</html>")}}, "file"),
    ({"status": Status.RAISED, "evidence": {"kind": "circle_decision", "ref": {"commons": "x", "decision": "y"}}}, "decision"),
    ({"status": Status.RAISED, "evidence": {"kind": "quote", "ref": {"commons": "x", "source": "survey", "id": "y"}}}, "quote"),
    ({"status": Status.RAISED, "evidence": {"kind": "evaluation_report", "ref": {"commons": "x", "report": "y"}}}, "report"),
])
def test_a_refused_update_says_why_and_changes_nothing(personas, target, changes, field):
    before = _snapshot(target)
    with pytest.raises(ValidationError) as error:
        _add(personas, target, **changes)
    assert field in error.value.message_dict
    assert _snapshot(target) == before


def test_implemented_follows_an_adoption_on_or_before_its_date(personas, target):
    _add(personas, target, on=datetime.date(2026, 5, 1), status=Status.ADOPTED, evidence=LINK)
    with pytest.raises(ValidationError):
        _add(personas, target, on=datetime.date(2026, 4, 1), status=Status.IMPLEMENTED, evidence=LINK)
    _add(personas, target, on=datetime.date(2026, 5, 2), status=Status.IMPLEMENTED, progress=100, evidence=LINK)
    target.refresh_from_db()
    assert (target.status, target.progress) == (Status.IMPLEMENTED, 100)


def test_an_ended_target_takes_no_updates_and_only_organisers_end_targets(personas, target):
    with pytest.raises(PermissionDenied):
        services.target_end(actor=_user(personas, "member"), target=target)
    services.target_end(actor=_user(personas, "organiser"), target=target, today=TODAY)
    before = _snapshot(target)
    with pytest.raises(ValidationError):
        _add(personas, target)
    with pytest.raises(ValidationError):
        services.target_end(actor=_user(personas, "organiser"), target=target)
    assert _snapshot(target) == before
    assert AuditEvent.objects.filter(action="lab.target.end").count() == 1


def test_people_outside_the_commons_cannot_add_updates(personas, target):
    before = _snapshot(target)
    with pytest.raises(PermissionDenied):
        _add(personas, target, role="outsider")
    assert _snapshot(target) == before


def test_a_pdf_document_is_kept_and_served_through_the_checking_view(personas, target, settings, tmp_path, clients, commons):
    from django.urls import reverse

    settings.MEDIA_ROOT = tmp_path
    update = _add(personas, target, evidence={"kind": "document", "title": "Minutes", "file": SimpleUploadedFile("m.pdf", PDF)})
    evidence = update.evidence.get()
    url = reverse("lab:evidence_file", args=[commons.slug, evidence.uuid])
    response = clients["anonymous"].get(url)  # the plan is public
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    plan = target.policy.plan
    plan.public = False
    plan.save()
    assert clients["anonymous"].get(url).status_code == 404
    assert clients["outsider"].get(url).status_code == 404
    assert clients["member"].get(url).status_code == 200


def test_targets_are_kept_by_organisers_with_groups_of_the_network(personas, target, commons, other_commons):
    from caringcity.people.models import Organisation

    mine = Organisation.objects.create(commons=commons, name="Hackney Council", kind="statutory")
    theirs = Organisation.objects.create(commons=other_commons, name="Elsewhere", kind="statutory")
    policy = target.policy
    with pytest.raises(PermissionDenied):
        services.target_create(actor=_user(personas, "member"), policy=policy, kind="london_plan", name="The London Plan")
    with pytest.raises(ValidationError) as error:
        services.target_create(actor=_user(personas, "organiser"), policy=policy, kind="london_plan", name="The London Plan",
                               institution=theirs, lead_person=personas["outsider"].person)
    assert {"institution", "lead_person"} <= set(error.value.message_dict)
    assert Target.objects.count() == 1
    made = services.target_create(actor=_user(personas, "organiser"), policy=policy, kind="london_plan", name="The London Plan",
                                  institution=mine, lead_person=personas["member"].person, next_review=datetime.date(2026, 9, 1))
    assert made.status == Status.NOT_STARTED
    services.target_update(actor=_user(personas, "organiser"), target=made, kind="london_plan", name="The London Plan 2031",
                           institution=mine)
    assert [e.action for e in AuditEvent.objects.order_by("pk")] == ["lab.target.create", "lab.target.update"]
