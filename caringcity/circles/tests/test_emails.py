"""E-mails from a care team's circle never carry a title (it may speak of someone's health);
other circles' e-mails carry the title and a link only."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from caringcity.circles.models import CircleKind, PollKind
from caringcity.circles.services.everyday import poll_start
from caringcity.circles.tests.factories import add_participant, make_circle
from caringcity.teams.models import MemberKind
from caringcity.teams.tests.factories import add_member, make_team

pytestmark = pytest.mark.django_db(transaction=False)

QUESTION = "Which hospital for the knee appointment?"


def _bodies():
    return [(m.subject, m.body) for m in mail.outbox]


def test_a_team_circle_poll_emails_the_team_without_its_question(personas, commons, django_capture_on_commit_callbacks):
    team = make_team(personas, commons, name="Olive's team")
    add_member(team, personas, personas["member"], kind=MemberKind.FRIEND)
    circle = make_circle(commons, name=team.name, kind=CircleKind.TEAM, team=team)
    with django_capture_on_commit_callbacks(execute=True):
        poll_start(actor=personas.user("owner"), circle=circle, kind=PollKind.SIMPLE, question=QUESTION,
                   closes=timezone.localdate() + timedelta(days=7), choices=["Homerton", "The Royal London"])
    sent = _bodies()
    assert sent, "the team's people are told about the poll"
    assert all(QUESTION not in subject and QUESTION not in body for subject, body in sent)
    assert any("Olive's team" in body for _subject, body in sent)


def test_a_local_circle_poll_emails_its_question(personas, commons, django_capture_on_commit_callbacks):
    circle = make_circle(commons)
    add_participant(circle, personas["owner"].person)
    add_participant(circle, personas["member"].person)
    with django_capture_on_commit_callbacks(execute=True):
        poll_start(actor=personas.user("owner"), circle=circle, kind=PollKind.SIMPLE, question="Which day for the picnic?",
                   closes=timezone.localdate() + timedelta(days=7), choices=["Saturday", "Sunday"])
    assert any("Which day for the picnic?" in body for _subject, body in _bodies())
