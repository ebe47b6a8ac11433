"""Fixtures and helpers the structure tests share (no tests here): the issue's circle roles plus
the circle's leader and an organiser, and a care team hanging under the local circle."""

import pytest
from django.urls import reverse

from caringcity.circles.models import CircleHatKind, ParticipantKind, Stakeholder
from caringcity.circles.services import structure as services
from caringcity.circles.tests.factories import CIRCLE_ROLES, add_participant, circle_world, client_for, give_circle_hat  # noqa: F401
from caringcity.people.models import Membership, Proxy
from caringcity.people.tests.factories import member_with_login
from caringcity.teams.models import MemberKind, MemberStatus, Team, TeamMember

OK, NF, REDIR = 200, 404, 302
ROLES = (*CIRCLE_ROLES, "leader", "organiser")
TEAM_ROLES = ("owner", "proxy", "mate")


def fresh(user):
    """The same user with the per-request caches (standing, memberships) dropped, as a new request has."""
    for key in [key for key in user.__dict__ if key.startswith("_cc_")]:
        del user.__dict__[key]
    return user


def expect(default, **roles):
    """{role: status} over ROLES: anonymous is sent to sign in, another commons gets 404, the rest ``default`` unless named."""
    result = {role: default for role in ROLES}
    result.update(anonymous=REDIR, other_commons=NF)
    result.update(roles)
    return result


def curl(name, circle, *args):
    return reverse(f"circles:{name}", args=[circle.commons.slug, circle.uuid, *args])


def make_team(commons, owner, name):
    return Team.objects.create(commons=commons, owner=owner, name=name)


@pytest.fixture
def world(circle_world):
    """``circle_world`` plus ``leader`` (full participant wearing the leader hat, back-stop the
    secretary) and ``organiser`` (an organiser of the commons who is not in the circle)."""
    w = circle_world
    w["leader"] = member_with_login(w.commons, name="Leo Leader", preferred_name="Leo")
    add_participant(w.circle, w.person("leader"), ParticipantKind.FULL, Stakeholder.VOLUNTEER)
    w.leader_term = give_circle_hat(w.circle, w.person("leader"), CircleHatKind.LEADER, backstop=w.person("secretary"))
    w["organiser"] = member_with_login(w.commons, Membership.Role.ORGANISER, name="Orla Organiser")
    for role in ("leader", "organiser"):
        w.clients[role] = client_for(w.user(role))
    return w


@pytest.fixture
def team_world(world):
    """A care team (owner, the owner's proxy, a member) hanging under the local circle."""
    w = world
    for role, name in (("owner", "Tess Teamowner"), ("proxy", "Pip Proxy"), ("mate", "Milo Mate")):
        w[role] = member_with_login(w.commons, name=name)
        w.clients[role] = client_for(w.user(role))
    w.team = make_team(w.commons, w.person("owner"), "Tess's team")
    Proxy.objects.create(commons=w.commons, principal=w.person("owner"), proxy=w.person("proxy"), how_agreed="In person.")
    TeamMember.objects.create(team=w.team, person=w.person("mate"), kind=MemberKind.VOLUNTEER, status=MemberStatus.ACTIVE)
    w.team_circle = services.team_circle_link(actor=fresh(w.user("organiser")), team=w.team, parent=w.circle)
    return w
