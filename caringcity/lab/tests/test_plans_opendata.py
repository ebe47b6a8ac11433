"""Open data: plans and policies (with where each is pursued and its status) as CSV and JSON, for
anyone, public plans only; a stable JSON shape with a schema note; CSV with a header row; files
named for download; cells a spreadsheet would run as formulas are made harmless; fixed queries."""

import csv
import datetime
import io
import itertools
import json

import pytest
from django.urls import reverse

from caringcity.core.testing import assert_queries_constant
from caringcity.lab import opendata
from caringcity.lab.models import Policy, Status, StatusUpdate, Target, TargetKind
from caringcity.lab.tests.factories import make_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def plans(commons):
    public = make_plan(commons, partial=True, partial_note="41 policies to come.")
    hidden = make_plan(commons, title="Secret draft", slug="draft", public=False)
    policy = Policy.objects.get(plan=public, number=1)
    target = Target.objects.create(policy=policy, kind=TargetKind.LOCAL_PLAN, name="Hackney Local Plan 2033",
                                   status=Status.CONSIDERING, progress=40)
    StatusUpdate.objects.create(target=target, on=datetime.date(2026, 3, 1), status=Status.RAISED, summary="Raised.")
    StatusUpdate.objects.create(target=target, on=datetime.date(2026, 5, 2), status=Status.CONSIDERING, summary="Considered.")
    Target.objects.create(policy=Policy.objects.get(plan=hidden, number=1), kind=TargetKind.OTHER, name="Hidden target")
    Policy.objects.filter(plan=public, number=2).update(title="=HYPERLINK(\"http://evil\")")
    return public, hidden


def _get(client, commons, name):
    return client.get(reverse(f"lab:{name}", args=[commons.slug]))


def test_the_json_has_a_stable_shape_and_only_public_plans(plans, commons, client):
    response = _get(client, commons, "data_plans_json")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"] == f'attachment; filename="{commons.slug}-plans.json"'
    data = json.loads(response.content)
    assert data["schema"].startswith("caringcity.lab.plans/1")
    assert set(data) == {"schema", "commons", "generated_at", "licence", "plans"}
    assert [p["plan"] for p in data["plans"]] == ["recovery-plan"]
    plan = data["plans"][0]
    assert set(plan) == {"plan", "title", "summary", "published_on", "partial", "what_is_missing", "demands", "policies", "url"}
    assert plan["partial"] is True and plan["what_is_missing"] == "41 policies to come." and plan["policies"] == 4
    assert plan["demands"][0] == {"number": 1, "title": "Demand 1", "summary": ""}
    assert plan["url"].endswith(reverse("lab:public_plan", args=[commons.slug, "recovery-plan"]))

    data = json.loads(_get(client, commons, "data_policies_json").content)
    assert data["schema"].startswith("caringcity.lab.policies/1")
    assert len(data["policies"]) == 4 and {p["plan"] for p in data["policies"]} == {"recovery-plan"}
    first = data["policies"][0]
    assert set(first) == {"plan", "demand_number", "demand_title", "number", "title", "summary", "url", "targets"}
    assert first["targets"] == [{"name": "Hackney Local Plan 2033", "kind": "local_plan", "kind_label": "A borough local plan",
                                 "status": "considering", "status_label": "Under consideration", "progress": 40,
                                 "last_update": "2026-05-02"}]
    assert data["policies"][1]["targets"] == []
    assert "Secret draft" not in json.dumps(data) and "Hidden target" not in json.dumps(data)


def test_the_csv_files_have_a_header_row_and_harmless_cells(plans, commons, client):
    response = _get(client, commons, "data_policies_csv")
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == f'attachment; filename="{commons.slug}-policies.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == opendata.POLICY_FIELDS
    assert rows[1][3:5] == ["1", "Policy 1"] and rows[1][7:] == ["Hackney Local Plan 2033", "local_plan", "considering", "40", "2026-05-02"]
    assert rows[2][4] == "'=HYPERLINK(\"http://evil\")" and rows[2][7:] == ["", "", "", "", ""]
    assert len(rows) == 5 and "Hidden target" not in response.content.decode()
    rows = list(csv.reader(io.StringIO(_get(client, commons, "data_plans_csv").content.decode("utf-8-sig"))))
    assert rows[0] == opendata.PLAN_FIELDS and len(rows) == 2 and rows[1][0] == "recovery-plan" and rows[1][4] == "yes"


def test_a_commons_with_no_public_plan_gives_empty_files_and_the_public_plan_page_links_them(plans, commons, other_commons, client):
    data = json.loads(_get(client, other_commons, "data_policies_json").content)
    assert data["policies"] == []
    assert client.get(reverse("lab:data_plans_json", args=["no-such"])).status_code == 404
    body = client.get(reverse("lab:public_plan", args=[commons.slug, "recovery-plan"])).content.decode()
    for name in ("data_plans_csv", "data_plans_json", "data_policies_csv", "data_policies_json"):
        assert reverse(f"lab:{name}", args=[commons.slug]) in body


def test_the_open_data_keeps_a_fixed_number_of_queries(plans, commons, client):
    public, _hidden = plans
    numbers = itertools.count(100)

    def grow():
        policy = Policy.objects.create(plan=public, number=next(numbers), title="More", summary="More")
        target = Target.objects.create(policy=policy, kind=TargetKind.OTHER, name="Somewhere")
        StatusUpdate.objects.create(target=target, on=datetime.date(2026, 1, 1), status=Status.RAISED, summary="x")

    for name in ("data_plans_csv", "data_plans_json", "data_policies_csv", "data_policies_json"):
        assert_queries_constant(client, reverse(f"lab:{name}", args=[commons.slug]), grow)
