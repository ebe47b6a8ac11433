"""What the everyday tests share: the circle role matrix's world with a care team's circle beside
it, and small helpers that start things through the services."""

from datetime import time, timedelta

import pytest
from django.utils import timezone

from caringcity.circles.models import CircleKind, PollKind
from caringcity.circles.services import everyday as services
from caringcity.circles.tests.factories import client_for, make_circle
from caringcity.people.models import Membership
from caringcity.people.tests.factories import member_with_login


@pytest.fixture
def world(circle_world):  # noqa: F811 - circle_world comes from the factories
    """The circle role matrix (``circle_world``) plus, for team tests, ``team_circle``: the circle of
    the full participant's care team, with the learning participant as a team member."""
    w = circle_world
    w.organiser = member_with_login(w.commons, Membership.Role.ORGANISER, name="Orla Organiser")
    return w


def make_team_circle(w):
    from caringcity.teams import services as team_services
    from caringcity.teams.models import MemberKind

    owner = w.person("full")
    team = team_services.team_create(actor=w.organiser.person.user, commons=w.commons, owner=owner, name="Femi's team")
    friend = w.person("learning")
    invite = team_services.member_invite(actor=owner.user, team=team, person=friend, kind=MemberKind.FRIEND, trial_sessions=0)
    team_services.member_accept(actor=friend.user, member=invite)
    circle = make_circle(w.commons, name="Femi's team", kind=CircleKind.TEAM, parent=w.circle, team=team)
    return circle


def start_advice(w, *, asked=("full", "learning"), by="secretary", circle=None, **extra):
    extra.setdefault("title", "Buy a new urn")
    extra.setdefault("question", "The old urn leaks. I want to buy a 20-litre one for about £60.")
    extra.setdefault("decide_by", timezone.localdate() + timedelta(days=7))
    people = [w.person(role) if isinstance(role, str) else role for role in asked]
    return services.advice_start(actor=w.user(by), circle=circle or w.circle, asked=people, **extra)


def start_poll(w, *, by="full", circle=None, choices=("Saturday", "Sunday", "Monday"), **extra):
    extra.setdefault("question", "Which day for the summer picnic?")
    extra.setdefault("closes", timezone.localdate() + timedelta(days=7))
    return services.poll_start(actor=w.user(by), circle=circle or w.circle, kind=PollKind.SIMPLE, choices=choices, **extra)


def next_days(n, *, at=time(18, 0)):
    """``n`` slots, one each day from 10 days ahead, at ``at`` London time, 90 minutes long."""
    today = timezone.localdate()
    return [(services.slot_instant(today + timedelta(days=10 + i), at), 90) for i in range(n)]


def start_time_poll(w, *, by="full", circle=None, slots=None, **extra):
    extra.setdefault("question", "When shall we meet next?")
    extra.setdefault("closes", timezone.localdate() + timedelta(days=5))
    return services.poll_start(actor=w.user(by), circle=circle or w.circle, kind=PollKind.TIME,
                               slots=slots or next_days(3), **extra)


def options(poll):
    return list(poll.options.order_by("order"))


__all__ = ["client_for", "make_team_circle", "run_matrix", "next_days", "options", "start_advice", "start_poll",
           "start_time_poll", "world"]


def run_matrix(w, url, expected, *, method="get", data=None, snapshot=None):
    """The answer each circle role gets ("login" for a redirect to sign in). ``data`` may be a
    function of the role. When ``snapshot`` is given, a refused request (sign in, 404, 400) must
    leave it unchanged."""
    from caringcity.circles.tests.factories import CIRCLE_ROLES

    got = {}
    for role in CIRCLE_ROLES:
        before = snapshot() if snapshot else None
        payload = data(role) if callable(data) else data
        response = getattr(w.clients[role], method)(url, payload or {})
        status = response.status_code
        if status == 302 and "/accounts/login/" in response.url:
            status = "login"
        got[role] = status
        if snapshot and status in ("login", 400, 404):
            assert snapshot() == before, f"{role} was refused ({status}) but something changed"
    assert got == {role: expected[role] for role in CIRCLE_ROLES}, f"{url}: got {got}"
    return got
