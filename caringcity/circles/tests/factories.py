"""Helpers to build circles test data, and the circle role matrix of the issue: full participant,
learning participant, guest, secretary (who enters answers for absent members), facilitator,
outsider (a member of the commons who is not in the circle), another commons, anonymous."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from caringcity.circles.models import Circle, CircleHatKind, CircleHatTerm, CircleKind, Participant, ParticipantKind, Stakeholder, TermStatus
from caringcity.core.tests.factories import CommonsFactory
from caringcity.people.models import Membership
from caringcity.people.tests.factories import MembershipFactory, PersonFactory, member_with_login

CIRCLE_ROLES = ("anonymous", "other_commons", "outsider", "guest", "learning", "full", "secretary", "facilitator")


def make_circle(commons, *, name="Clapton local circle", kind=CircleKind.LOCAL, parent=None, **fields):
    fields.setdefault("aim", "Start and support care teams in Clapton.")
    fields.setdefault("domain", "Starting new care teams\nWelcoming new volunteers\nSpending the local budget")
    return Circle.objects.create(commons=commons, name=name, kind=kind, parent=parent, **fields)


def add_participant(circle, person, kind=ParticipantKind.FULL, stakeholder=Stakeholder.VOLUNTEER):
    return Participant.objects.create(circle=circle, person=person, kind=kind, stakeholder=stakeholder,
                                      joined=timezone.localdate() - timedelta(days=30))


def give_circle_hat(circle, person, kind, *, backstop=None, months=12):
    """``person`` wears the circle's ``kind`` hat now, for a term of ``months``."""
    today = timezone.localdate()
    return CircleHatTerm.objects.create(circle=circle, kind=kind, holder=person, backstop=backstop, status=TermStatus.HELD,
                                        starts=today - timedelta(days=30), ends=today + timedelta(days=30 * months),
                                        review_on=today + timedelta(days=30 * months - 30))


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


class CircleWorld(dict):
    """role -> Membership (None for anonymous), plus ``circle`` (a local circle), ``parent`` (the
    general circle above it), ``commons``, ``absent`` (a full participant with no login, who
    answers on paper) and ``clients`` (one signed-in client per role)."""

    def person(self, role):
        return self[role].person

    def user(self, role):
        m = self.get(role)
        return m.person.user if m else None


@pytest.fixture
def circle_world(db):
    commons = CommonsFactory(name="Clapton Circles Commons", slug="clapton-circles")
    other = CommonsFactory(name="Another Commons", slug="another")
    w = CircleWorld()
    w.commons = commons
    w.parent = make_circle(commons, name="General circle", kind=CircleKind.GENERAL,
                           aim="Keep the commons' care teams safe and growing.", domain="Local circles\nThe commons' budget")
    w.circle = make_circle(commons, parent=w.parent)
    w["anonymous"] = None
    w["other_commons"] = member_with_login(other, Membership.Role.ORGANISER, name="Otto Othercommons")
    w["outsider"] = member_with_login(commons, name="Oona Outsider")
    w["guest"] = member_with_login(commons, name="Gita Guest")
    w["learning"] = member_with_login(commons, name="Lale Learner")
    w["full"] = member_with_login(commons, name="Femi Full")
    w["secretary"] = member_with_login(commons, name="Sally Secretary")
    w["facilitator"] = member_with_login(commons, name="Fatima Facilitator")
    w.absent = MembershipFactory(commons=commons, person=PersonFactory(name="Albert Absent", email=""))
    add_participant(w.circle, w.person("guest"), ParticipantKind.GUEST, Stakeholder.PARTNER)
    add_participant(w.circle, w.person("learning"), ParticipantKind.LEARNING, Stakeholder.FAMILY)
    add_participant(w.circle, w.person("full"), ParticipantKind.FULL, Stakeholder.SUPPORTED)
    add_participant(w.circle, w.person("secretary"), ParticipantKind.FULL, Stakeholder.VOLUNTEER)
    add_participant(w.circle, w.person("facilitator"), ParticipantKind.FULL, Stakeholder.WORKER)
    add_participant(w.circle, w.absent.person, ParticipantKind.FULL, Stakeholder.SUPPORTED)
    give_circle_hat(w.circle, w.person("secretary"), CircleHatKind.SECRETARY)
    give_circle_hat(w.circle, w.person("facilitator"), CircleHatKind.FACILITATOR, backstop=w.person("secretary"))
    w.clients = {role: client_for(w.user(role)) for role in CIRCLE_ROLES}
    return w
