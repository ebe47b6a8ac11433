"""The framework demo: Clapton has version 1 (retired) and version 2 (in use) made from the starter
framework, each saying what changed and who shaped it; the pages show it; and the demo is safe to
run twice."""

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from caringcity.core.models import Commons
from caringcity.evaluation.models import Framework, FrameworkStatus, Outcome
from caringcity.evaluation.selectors import framework as selectors
from caringcity.people.models import Person

pytestmark = pytest.mark.django_db


def _counts(commons):
    return (Framework.objects.filter(commons=commons).count(), Outcome.objects.filter(domain__framework__commons=commons).count())


def test_the_demo_has_two_versions_and_runs_twice():
    call_command("demo", stdout=io.StringIO())
    commons = Commons.objects.get(slug="clapton")
    before = _counts(commons)
    call_command("demo", stdout=io.StringIO())
    assert _counts(commons) == before
    versions = {f.version: f for f in Framework.objects.filter(commons=commons)}
    assert set(versions) == {1, 2}
    assert versions[1].status == FrameworkStatus.RETIRED and versions[2].status == FrameworkStatus.IN_USE
    assert versions[2].based_on == versions[1]
    assert all(v.what_changed and v.who_shaped_it for v in versions.values())
    assert selectors.framework_in_use(commons) == versions[2]
    new = set(Outcome.objects.filter(domain__framework=versions[2]).values_list("name", flat=True)) - \
        set(Outcome.objects.filter(domain__framework=versions[1]).values_list("name", flat=True))
    assert new == {"People feel useful, not only helped"}

    client = Client()
    client.force_login(Person.objects.get(email="rosa@example.org").user)  # a member
    html = client.get(reverse("evaluation:framework", args=[commons.slug])).content.decode()
    assert "People feel useful, not only helped" in html
    outcome = Outcome.objects.get(domain__framework=versions[2], name="People feel less alone")
    response = client.get(selectors.outcome_url(commons, outcome))
    assert response.status_code == 200 and "Loneliness" in response.content.decode()
    versions_html = client.get(reverse("evaluation:framework_versions", args=[commons.slug])).content.decode()
    assert "spring workshop" in versions_html
