"""The demo's import files do what the README says: the bad one is refused with its row named and
nothing written, the good one imports into a new plan; the demo plan is partial and says what is
missing; building the plans part twice changes nothing."""

import pytest

from caringcity.lab import demo_plans
from caringcity.lab.demo import GROUPS
from caringcity.lab.models import DivergentView, GlossaryTerm, Plan, Policy
from caringcity.lab.services import plans as services
from caringcity.people.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def groups(commons):
    return {key: Organisation.objects.create(commons=commons, name=name, kind=kind) for key, name, kind, _c, _d in GROUPS}


def test_the_bad_file_is_refused_with_its_row_named_then_the_good_file_imports(groups, commons, personas):
    plan = services.plan_create(actor=personas.user("organiser"), commons=commons, title="Hackney Care Charter 2026 (draft)")
    bad = (demo_plans.DATA / "plan-with-a-bad-row.csv").read_bytes()
    record = services.plan_import(actor=personas.user("organiser"), plan=plan, filename="plan-with-a-bad-row.csv", data=bad)
    assert [(e["row"], e["field"]) for e in record.errors] == [(4, "policy_summary")]
    assert not Policy.objects.filter(plan=plan).exists()
    good = (demo_plans.DATA / "plan-good.csv").read_bytes()
    record = services.plan_import(actor=personas.user("organiser"), plan=plan, filename="plan-good.csv", data=good)
    assert record.errors == [] and Policy.objects.filter(plan=plan).count() == 5 and plan.demands.count() == 2
    assert DivergentView.objects.filter(policy__plan=plan).count() == 1


def test_the_demo_plan_is_partial_and_building_twice_changes_nothing(groups, commons):
    ctx = {"lab": {"commons": commons, "groups": groups, "people": {}}}
    demo_plans.build(ctx)
    demo_plans.build(ctx)
    plan = ctx["lab"]["plan"]
    assert plan.partial and "44" in plan.partial_note and plan.public
    assert sorted(ctx["lab"]["policies"]) == ["care_hubs", "coproduction", "partnerships"]
    assert [p.number for p in Policy.objects.filter(plan=plan)] == [2, 3, 8]
    assert Plan.objects.count() == 1 and plan.demands.count() == 4 and DivergentView.objects.count() == 1
    assert GlossaryTerm.objects.filter(commons=commons).count() == len(services.STARTER)
