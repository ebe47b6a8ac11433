"""Query counts per page do not grow with the data."""

import pytest
from django.urls import reverse
from django.utils import timezone

from caringcity.core.services import audit_record
from caringcity.core.testing import assert_queries_constant
from caringcity.core.models import AuditEvent
from caringcity.people.tests.factories import MembershipFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_people_list(clients, commons):
    def grow():
        for _ in range(15):
            MembershipFactory(commons=commons)

    assert_queries_constant(clients["member"], reverse("people:person_list", args=[commons.slug]), grow)


def test_groups_list_and_detail(clients, commons):
    org = OrganisationFactory(commons=commons)

    def grow():
        for _ in range(10):
            OrganisationFactory(commons=commons)
            from caringcity.people.models import OrganisationMembership

            OrganisationMembership.objects.create(organisation=org, person=MembershipFactory(commons=commons).person)

    assert_queries_constant(clients["member"], reverse("people:organisation_list", args=[commons.slug]), grow)
    assert_queries_constant(clients["member"], reverse("people:organisation_detail", args=[commons.slug, org.uuid]), grow)


def test_commons_home(clients, commons):
    assert_queries_constant(clients["organiser"], reverse("people:commons", args=[commons.slug]),
                            lambda: [MembershipFactory(commons=commons) for _ in range(10)])


def test_access_log_and_privacy(clients, personas, commons):
    owner = personas["owner"].person

    def grow():
        for _ in range(10):
            viewer = MembershipFactory(commons=commons).person
            from caringcity.people.models import AccessGrant

            AccessGrant.objects.create(commons=commons, grantor=owner, grantee=viewer, part="contact")
            event = audit_record(actor=None, action="view", obj=owner, commons=commons, subject=owner, part="contact", basis="grant")
            AuditEvent.objects.filter(pk=event.pk).update(actor_person=viewer.uuid, created=timezone.now())

    assert_queries_constant(clients["owner"], reverse("people:access_log", args=[commons.slug, owner.uuid]), grow)
    assert_queries_constant(clients["owner"], reverse("people:privacy", args=[commons.slug, owner.uuid]), grow)


def test_invitations(clients, personas, commons):
    from caringcity.people.services import invitation_create

    def grow():
        for _ in range(5):
            invitation_create(actor=personas.user("organiser"), commons=commons, email=f"{PersonFactory.build().email}",
                              person=PersonFactory())

    assert_queries_constant(clients["organiser"], reverse("people:invitation_list", args=[commons.slug]), grow)
