"""The instruments demo: the Clapton commons' social climate survey with its five parts, made once
even when the demo runs twice, and shown on the Questionnaires page."""

import pytest
from django.core.management import call_command

from caringcity.core.models import Commons
from caringcity.evaluation.instruments import registry
from caringcity.evaluation.models import OwnInstrument

pytestmark = pytest.mark.django_db


def test_the_demo_makes_the_climate_survey_once():
    call_command("demo")
    call_command("demo")
    clapton = Commons.objects.get(slug="clapton")
    climate = OwnInstrument.objects.get(commons=clapton, name="Social climate survey")
    assert list(climate.factors.values_list("key", flat=True)) == ["wellbeing", "caregiving", "unity", "belonging", "inclusion"]
    assert climate.items.count() == 16 and climate.items.filter(kind="text").count() == 1
    assert climate.key in [instrument.key for instrument in registry.available(clapton)]
    assert not OwnInstrument.objects.exclude(commons=clapton).filter(name="Social climate survey").exists()
