"""The people the care notes and concerns tests share: the conftest personas plus, in the
owner's team, a friend, a paid care worker, a second friend, a Team Starter, a member who left
and a Safeguarding Lead. Import the fixtures by name: ``from ...notes_world import team, world``."""

import pytest
from django.test import Client

from caringcity.core.models import OutboundEmail
from caringcity.people.tests.factories import member_with_login
from caringcity.teams import services as team_services
from caringcity.teams.models import HatKind, MemberKind
from caringcity.teams.tests.factories import add_member, make_team
from caringcity.visits.tests.factories import client_for as _client, team, give_hat  # noqa: F401  (team is a fixture)

OK, REDIR, NF = 200, 302, 404

# Everyone in the matrix: the conftest ROLES plus the team's own people.
EXTRA = ("friend", "worker", "friend2", "starter", "former", "lead")


@pytest.fixture
def world(team, personas, commons, clients, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    friend = member_with_login(commons, name="Fay Friend")
    add_member(team, personas, friend)
    worker = member_with_login(commons, name="Wes Worker")
    add_member(team, personas, worker, kind=MemberKind.WORKER_SELF)
    friend2 = member_with_login(commons, name="Gus Second")
    add_member(team, personas, friend2, kind=MemberKind.VOLUNTEER)
    starter = member_with_login(commons, name="Sue Starter")
    add_member(team, personas, starter, kind=MemberKind.STARTER)
    former = member_with_login(commons, name="Fred Former")
    m = add_member(team, personas, former)
    lead = member_with_login(commons, name="Lee Lead")
    add_member(team, personas, lead)
    give_hat(team, lead.person, HatKind.SAFEGUARDING_LEAD)
    extra = {"friend": friend, "worker": worker, "friend2": friend2, "starter": starter, "former": former, "lead": lead}
    all_clients = dict(clients)
    for role, membership in extra.items():
        all_clients[role] = _client(membership.person.user)
    team_services.member_leave(actor=former.person.user, member=m, notice_days=0, goodbye="Bye.")
    OutboundEmail.objects.all().delete()  # the invitations above: tests look only at what they send
    return {"clients": all_clients, "team": team, "commons": commons, "personas": personas, **extra}


def person(world, role):
    membership = world.get(role) if role in EXTRA else world["personas"].get(role)
    return membership.person if membership else None


def user(world, role):
    p = person(world, role)
    return p.user if p else None


def roles(**overrides):
    """Expected statuses: not found for everyone unless given; anonymous is sent to sign in."""
    base = {r: NF for r in ("outsider", "member", "owner", "proxy", "organiser", "admin", *EXTRA)}
    base["anonymous"] = REDIR
    base.update(overrides)
    return base
