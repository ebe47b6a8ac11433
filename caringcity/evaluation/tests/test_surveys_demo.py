"""The surveys demo: two closed rounds with enough answers to show change (the local circle and
Arthur's team have 5 or more answers in each, Gloria's team of four fewer), paper and phone entries
by Kemal, an open round a few questions at a time where Rosa has questions waiting; safe to run
twice."""

import re
from statistics import mean

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from caringcity.circles.models import Circle
from caringcity.core.models import Commons
from caringcity.evaluation import keys
from caringcity.evaluation.models import Answer, ConsentState, How, Invitation, Pace, RoundStatus, Score, SurveyRound
from caringcity.evaluation.selectors import surveys as sel
from caringcity.people.models import Person
from caringcity.teams.models import Team

pytest.importorskip("caringcity.evaluation.instruments.registry")

pytestmark = pytest.mark.django_db

BASELINE, FOLLOW_UP, OPEN = "Spring 2026: where we start", "Autumn 2026: what has changed", "Winter check-in 2026"


def _answered(survey_round, **filters):
    return (Invitation.objects.filter(round=survey_round, consent=ConsentState.GIVEN, answers__isnull=False, **filters)
            .distinct().count())


def _client(person):
    client = Client()
    client.force_login(person.user)
    return client


def test_the_demo_rounds_show_change_protect_small_groups_and_run_twice():
    call_command("demo", stdout=open("/dev/null", "w"))
    counts = (SurveyRound.objects.count(), Invitation.objects.count(), Answer.objects.count(), Score.objects.count())
    call_command("demo", stdout=open("/dev/null", "w"))
    assert (SurveyRound.objects.count(), Invitation.objects.count(), Answer.objects.count(), Score.objects.count()) == counts

    clapton = Commons.objects.get(slug="clapton")
    baseline = SurveyRound.objects.get(commons=clapton, name=BASELINE)
    follow_up = SurveyRound.objects.get(commons=clapton, name=FOLLOW_UP)
    open_round = SurveyRound.objects.get(commons=clapton, name=OPEN)
    assert baseline.status == follow_up.status == RoundStatus.CLOSED and follow_up.follows == baseline
    assert open_round.status == RoundStatus.OPEN and open_round.pace == Pace.DRIP
    assert {keys.SWEMWBS, keys.ONS4, keys.LONELINESS} <= set(baseline.instruments)
    assert any(keys.is_own(key) for key in baseline.instruments)

    north = Circle.objects.get(commons=clapton, name="Clapton North local circle")
    arthur, gloria = Team.objects.get(commons=clapton, name="Arthur's team"), Team.objects.get(commons=clapton, name="Gloria's team")
    small = settings.EVALUATION_SMALL_GROUP
    for survey_round in (baseline, follow_up):
        assert _answered(survey_round, circles=north) >= small
        assert _answered(survey_round, teams=arthur) >= small
        assert 0 < _answered(survey_round, teams=gloria) < small
        assert Answer.objects.filter(invitation__round=survey_round, how=How.PAPER, acting_for__isnull=False).exists()
        assert Answer.objects.filter(invitation__round=survey_round, how=How.PHONE).exists()

    def metric(survey_round):
        return mean(Score.objects.filter(invitation__round=survey_round, instrument_key=keys.SWEMWBS, measure_key="metric",
                                         value__isnull=False).values_list("value", flat=True))
    assert metric(follow_up) > metric(baseline)

    kemal = Person.objects.get(user__email="kemal@example.org")
    arthur_person = arthur.owner
    entry = Answer.objects.filter(invitation__round=baseline, acting_for=arthur_person).first()
    assert entry.entered_by == kemal.user and entry.how in (How.PAPER, How.PHONE)
    page = re.sub(r"\s+", " ", _client(kemal).get(reverse("evaluation:survey_round", args=[clapton.slug, baseline.uuid]))
                  .content.decode())
    assert f"Entered by {kemal.display_name} for {arthur_person.display_name}" in page

    rosa = Person.objects.get(user__email="rosa@example.org")
    waiting = sel.waiting_for(rosa.user, clapton)
    assert [(inv.round, prog.waiting) for inv, prog in waiting] == [(open_round, 2)]
    home = _client(rosa).get(reverse("evaluation:home", args=[clapton.slug])).content.decode()
    assert "Questions waiting for you" in home
