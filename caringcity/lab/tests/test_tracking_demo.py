"""The tracking demo, run on a stand-in of what the plans part and the other apps' demos leave in
``ctx``: targets with dated updates and evidence, the care pilot, safe to run twice."""

import pytest
from django.urls import reverse

from caringcity.lab import demo_tracking
from caringcity.lab.models import Activity, DemoProject, Evidence, Status, StatusUpdate, Target
from caringcity.lab.tests.factories import make_plan

pytestmark = pytest.mark.django_db

GROUPS = ["clapton_commons", "market_traders", "food_hub", "tenants", "council", "health", "university"]


@pytest.fixture
def ctx(commons, other_commons, personas, settings, tmp_path):
    from caringcity.evaluation.tests.factories import make_report

    settings.MEDIA_ROOT = tmp_path
    plan = make_plan(commons, demands=1, policies=3)
    groups = {key: commons.organisations.create(name=key.replace("_", " ").title(), kind="grassroots") for key in GROUPS}
    policies = dict(zip(["care_hubs", "partnerships", "coproduction"], plan.policies.order_by("number")))
    report = make_report(other_commons, title="Clapton care pilot: what we learned")
    people = {"organiser": personas["organiser"].person, "member": personas["member"].person}
    return {"commons": {"clapton": other_commons, "network": commons}, "report": report,
            "lab": {"commons": commons, "groups": groups, "people": people, "plan": plan, "policies": policies}}


def test_the_demo_tracks_three_policies_and_the_care_pilot_and_runs_twice(ctx, clients, commons):
    demo_tracking.build(ctx)
    counts = (Target.objects.count(), StatusUpdate.objects.count(), Evidence.objects.count(), Activity.objects.count())
    demo_tracking.build(ctx)
    assert (Target.objects.count(), StatusUpdate.objects.count(), Evidence.objects.count(), Activity.objects.count()) == counts
    targets = ctx["lab"]["targets"]
    assert targets["hackney_local_plan"].status == Status.PARTLY_ADOPTED and targets["hackney_local_plan"].progress == 60
    assert targets["london_plan"].status == Status.CONSIDERING
    assert targets["commissioning"].status == Status.RAISED
    assert targets["health_strategy"].status == Status.ADOPTED
    kinds = set(Evidence.objects.filter(update__target=targets["hackney_local_plan"]).values_list("kind", flat=True))
    assert {"link", "document", "evaluation_report"} <= kinds
    pilot = ctx["lab"]["projects"]["care_pilot"]
    assert pilot.partners.count() == 4 and pilot.policies.count() == 2 and pilot.evaluation["report"] == str(ctx["report"].uuid)
    plan = ctx["lab"]["plan"]
    page = clients["anonymous"].get(reverse("lab:public_policy", args=[commons.slug, plan.slug, 1])).content.decode()
    assert "Hackney Local Plan 2033" in page and "Clapton care pilot" in page and "Planning committee minutes" in page
    assert DemoProject.objects.count() == 1


def test_the_demo_does_nothing_without_the_plans_part(commons):
    demo_tracking.build({"lab": {"commons": commons}, "commons": {}})
    assert not Target.objects.exists()
