"""The results demo (issue 7, point 7): the baseline and follow-up rounds shared so everyone in
Clapton sees them today, with change to show; four reflections linked to indicators and figures.
Running the demo twice changes nothing."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from caringcity.core.models import AuditEvent, Commons
from caringcity.evaluation.models import Reflection, SurveyRound
from caringcity.evaluation.selectors import results as selectors
from caringcity.people.models import Person

pytestmark = pytest.mark.django_db

def _client(person):
    client = Client()
    client.force_login(person.user)
    return client


def test_the_demo_shares_both_rounds_and_keeps_a_reflection_log_and_runs_twice(capsys):
    call_command("demo")
    commons = Commons.objects.get(slug="clapton")
    first = {"reflections": set(Reflection.objects.values_list("pk", "title")),
             "shared": dict(SurveyRound.objects.values_list("pk", "results_to_respondents")),
             "audit": AuditEvent.objects.filter(action__startswith="evaluation.re").count()}
    call_command("demo")
    assert set(Reflection.objects.values_list("pk", "title")) == first["reflections"]
    assert dict(SurveyRound.objects.values_list("pk", "results_to_respondents")) == first["shared"]
    assert AuditEvent.objects.filter(action__startswith="evaluation.re").count() == first["audit"]

    reflections = Reflection.objects.filter(commons=commons)
    assert reflections.count() == 4
    assert all(r.metrics for r in reflections)
    assert any(selectors.look_again_state(r) == "overdue" for r in reflections)
    rosa = Person.objects.get(email="rosa@example.org")
    client = _client(rosa)
    assert client.get(reverse("evaluation:reflections", args=[commons.slug])).status_code == 200

    assert reflections.filter(indicators__isnull=False).distinct().count() >= 3
    follow_up = SurveyRound.objects.get(commons=commons, kind="follow_up", follows__isnull=False, status="closed")
    baseline = follow_up.follows
    kemal = Person.objects.get(email="kemal@example.org")
    for survey_round in (baseline, follow_up):
        assert survey_round.results_to_respondents is not None
        assert selectors.results_visible_to(rosa.user, survey_round)
        assert selectors.results_visible_to(kemal.user, survey_round)  # organisers too, today
    response = client.get(reverse("evaluation:round_results", args=[commons.slug, follow_up.uuid]))
    assert response.status_code == 200
    assert response.context["change"] is not None and any(row.shown for row in response.context["change"].rows)
    assert any(block.svg for _instrument, blocks in response.context["instruments"] for block in blocks)
