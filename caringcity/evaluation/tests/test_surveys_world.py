"""The small world the surveys tests share: a care team (the owner persona, the proxy as family,
the member as a volunteer, a worker without a login), a local circle (the organiser and the
admin), and a hand-built questionnaire standing in for the registry."""

import datetime

import pytest

from caringcity.circles.tests.factories import add_participant, make_circle
from caringcity.evaluation.models import Group, Pace, RoundKind
from caringcity.evaluation.services import surveys as services
from caringcity.evaluation.tests.factories import hand_instrument, use_instruments
from caringcity.people.tests.factories import PersonFactory
from caringcity.teams.models import MemberKind, MemberStatus, TeamMember
from caringcity.teams.tests.factories import add_member, make_team

TODAY = datetime.date(2026, 4, 10)


@pytest.fixture
def inst(monkeypatch):
    instrument = hand_instrument()
    use_instruments(monkeypatch, instrument)
    return instrument


@pytest.fixture
def world(commons, personas, inst):
    team = make_team(personas, commons, name="Olive's team")
    add_member(team, personas, personas["proxy"], kind=MemberKind.FAMILY)
    add_member(team, personas, personas["member"], kind=MemberKind.VOLUNTEER)
    worker = PersonFactory(name="Wendy Worker", email="wendy@example.org")
    TeamMember.objects.create(team=team, person=worker, kind=MemberKind.WORKER_EMPLOYED, status=MemberStatus.ACTIVE)
    circle = make_circle(commons)
    add_participant(circle, personas["organiser"].person)
    add_participant(circle, personas["admin"].person)
    return {"team": team, "circle": circle, "worker": worker}


def round_data(inst, **changes):
    data = {"name": "Spring round", "kind": RoundKind.BASELINE, "follows": None, "instruments": [inst.key],
            "groups": [Group.TEAM_OWNERS, Group.FAMILY, Group.VOLUNTEERS, Group.WORKERS, Group.CIRCLE_MEMBERS],
            "teams": [], "circles": [], "pace": Pace.ALL_AT_ONCE, "items_per_prompt": 2, "days_between_prompts": 7,
            "opens_on": datetime.date(2026, 4, 1), "closes_on": datetime.date(2026, 6, 30), "first_look_days": 7}
    data.update(changes)
    return data


def open_round(personas, commons, inst, **changes):
    actor = personas.user("organiser")
    survey_round = services.round_create(actor=actor, commons=commons, **round_data(inst, **changes))
    return services.round_open(actor=actor, survey_round=survey_round, today=TODAY)


def invitation_of(survey_round, person):
    return survey_round.invitations.get(person=person)
