"""Costs (organisers keep them; amounts in pounds, checked), their CSV, and the summary for a
commissioner whose computed figures are checked by hand."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from caringcity.core.models import AuditEvent
from caringcity.core.testing import assert_matrix, assert_queries_constant
from caringcity.evaluation import keys
from caringcity.evaluation.models import Cost
from caringcity.evaluation.selectors.reports import summary_content
from caringcity.evaluation.tests.factories import make_cost, make_report, make_value
from caringcity.teams.models import Team

pytestmark = pytest.mark.django_db

OK, NF, REDIR = 200, 404, 302
KEEP = {"anonymous": REDIR, "outsider": NF, "member": NF, "owner": NF, "proxy": NF, "organiser": OK, "admin": OK}
GOOD = {"kind": "places", "label": "Room hire", "amount": "1250.50", "period_start": "2026-01-01", "period_end": "2026-03-31",
        "source": "Hub invoice 14"}


@pytest.fixture
def cost(commons, personas):
    return make_cost(commons, "900.00", kind="staff", label="Organiser hours")


def test_only_organisers_see_and_keep_costs(commons, clients, cost):
    slug = commons.slug
    for name in ("costs", "cost_create", "costs_csv", "quotes"):
        assert_matrix(clients, reverse(f"evaluation:{name}", args=[slug]), KEEP)
    for name in ("cost_edit", "cost_delete"):
        assert_matrix(clients, reverse(f"evaluation:{name}", args=[slug, cost.uuid]), KEEP)


@pytest.mark.parametrize("role", ["anonymous", "outsider", "member", "owner", "proxy"])
def test_denied_cost_writes_change_nothing(commons, clients, cost, role):
    slug = commons.slug
    clients[role].post(reverse("evaluation:cost_create", args=[slug]), GOOD)
    clients[role].post(reverse("evaluation:cost_edit", args=[slug, cost.uuid]), GOOD)
    clients[role].post(reverse("evaluation:cost_delete", args=[slug, cost.uuid]))
    cost.refresh_from_db()
    assert Cost.objects.count() == 1 and cost.amount == Decimal("900.00") and cost.label == "Organiser hours"
    assert not AuditEvent.objects.filter(action__startswith="evaluation.cost").exists()


def test_an_organiser_adds_changes_and_removes_a_cost_audited_without_words(commons, clients, cost):
    client, slug = clients["organiser"], commons.slug
    assert client.post(reverse("evaluation:cost_create", args=[slug]), GOOD).status_code == REDIR
    added = Cost.objects.get(label="Room hire")
    assert added.amount == Decimal("1250.50") and added.period_end == datetime.date(2026, 3, 31)
    assert client.post(reverse("evaluation:cost_edit", args=[slug, added.uuid]), {**GOOD, "amount": "1300"}).status_code == REDIR
    added.refresh_from_db()
    assert added.amount == Decimal("1300.00")
    assert client.post(reverse("evaluation:cost_delete", args=[slug, added.uuid])).status_code == REDIR
    assert not Cost.objects.filter(pk=added.pk).exists()
    actions = list(AuditEvent.objects.filter(action__startswith="evaluation.cost").values_list("action", flat=True))
    assert sorted(actions) == ["evaluation.cost.create", "evaluation.cost.delete", "evaluation.cost.update"]
    assert not AuditEvent.objects.filter(reason__icontains="Room hire").exists()


@pytest.mark.parametrize("field,value,message", [
    ("amount", "0", "greater than or equal to 0.01"),
    ("amount", "-5", "greater than or equal to 0.01"),
    ("amount", "lots", "Enter a number"),
    ("amount", "12.345", "no more than 2 decimal places"),
    ("amount", "99999999999", "less than or equal to"),
    ("period_end", "2025-01-01", "The end must be on or after the start."),
    ("period_start", "2026-02-31", "Enter a valid date"),
    ("source", "", "This field is required"),
])
def test_bad_costs_are_refused_next_to_the_field_keeping_what_was_typed(commons, clients, field, value, message):
    response = clients["organiser"].post(reverse("evaluation:cost_create", args=[commons.slug]), {**GOOD, field: value})
    page = response.content.decode()
    assert response.status_code == 400 and message in page and 'value="Room hire"' in page
    assert not Cost.objects.exists()


def test_the_service_refuses_what_the_form_would_let_through(commons, personas):
    from django.core.exceptions import ValidationError

    from caringcity.evaluation.services.reports import cost_create

    with pytest.raises(ValidationError) as refused:
        cost_create(actor=personas.user("organiser"), commons=commons, kind="nonsense", label="x", amount=Decimal("0.001"),
                    period_start=datetime.date(2026, 1, 1), period_end=datetime.date(2026, 1, 1), source="x")
    assert set(refused.value.error_dict) == {"kind", "amount"}
    assert not Cost.objects.exists()


def test_the_costs_csv_has_every_cost_in_pounds(commons, clients, cost):
    make_cost(commons, "12.5", kind="places", label="=SUM(A1)", source="Hub")
    response = clients["organiser"].get(reverse("evaluation:costs_csv", args=[commons.slug]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {(row["what"], row["amount_gbp"], row["kind"]) for row in rows} == {("Organiser hours", "900.00", "staff"), ("'=SUM(A1)", "12.50", "places")}


def test_the_costs_page_uses_a_constant_number_of_queries(commons, clients, personas):
    team = Team.objects.create(commons=commons, owner=personas["owner"].person, name="Olive's team")
    assert_queries_constant(clients["organiser"], reverse("evaluation:costs", args=[commons.slug]),
                            lambda: make_cost(commons, "10", team=team))


# --- the summary for a commissioner, by hand --------------------------------------------------------------

@pytest.fixture
def summary_world(commons, personas):
    make_cost(commons, "12000", kind="care", label="Paid care hours", source="Payroll 2026")
    make_cost(commons, "6000", kind="staff", label="Organiser hours", source="Payroll 2026")
    make_cost(commons, "600", kind="places", label="Room hire", start=datetime.date(2026, 2, 1), end=datetime.date(2026, 2, 28), source="Invoice 3")
    make_cost(commons, "999", kind="other", label="Straddles the year", start=datetime.date(2025, 7, 1), end=datetime.date(2026, 6, 30), source="x")
    make_cost(commons, "5000", kind="care", label="Another year", start=datetime.date(2025, 1, 1), end=datetime.date(2025, 12, 31), source="x")
    owner = personas["owner"].person
    teams = [Team.objects.create(commons=commons, owner=owner, name=f"Team {n}") for n in range(3)]
    for team in teams:
        make_value(commons, keys.CONTINUITY, datetime.date(2026, 1, 1), datetime.date(2026, 1, 31), 0.5, scope="team", team=team)
    for month, (paid, gifted) in enumerate([(300, 100), (300, 100)], start=1):
        start = datetime.date(2026, month, 1)
        end = datetime.date(2026, month, 31 if month == 1 else 28)
        make_value(commons, keys.GIFTED_SHARE, start, end, gifted / (paid + gifted), numerator=gifted, denominator=paid + gifted,
                   detail={"paid_hours": paid, "gifted_hours": gifted})
    return make_report(commons, "2026")


def test_the_summary_works_out_its_figures_as_a_person_would_by_hand(summary_world):
    content = summary_content(summary_world)
    assert content.total == Decimal("18600")  # 12000 + 6000 + 600; the straddling and last year's costs are left out
    assert [(g.kind, g.total) for g in content.cost_groups] == [("staff", Decimal("6000")), ("care", Decimal("12000")), ("places", Decimal("600"))]
    assert [c.label for c in content.outside] == ["Straddles the year"]
    figures = {f.label: f for f in content.computed}
    assert figures["Total cost"].value_text == "£18,600.00"
    assert figures["Cost per care team supported"].value_text == "£6,200.00"  # 18600 / 3 teams
    assert "÷ 3 care teams" in figures["Cost per care team supported"].how
    assert figures["Cost per paid hour of care"].value_text == "£20.00"  # 12000 / 600 paid hours
    assert "600 paid hours" in figures["Cost per paid hour of care"].how
    assert figures["Cost per hour of care, paid and gifted"].value_text == "£23.25"  # 18600 / 800 hours
    assert all(f.how for f in content.computed)


def test_the_summary_page_and_pdf_show_the_same_figures(summary_world, clients):
    slug, uuid = summary_world.commons.slug, summary_world.uuid
    page = clients["member"].get(reverse("evaluation:report_summary", args=[slug, uuid])).content.decode()
    response = clients["member"].get(reverse("evaluation:report_summary_pdf", args=[slug, uuid]))
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert reader.metadata.title.startswith("Summary for commissioners")
    for figure in summary_content(summary_world).computed:
        assert figure.value_text in page and figure.value_text in text
    for words in ("Outcomes", "Costs", "Paid care hours", "Payroll 2026", "£12,000.00"):
        assert words in text
    assert "£12,000.00" in page or "£12,000" in page


def test_without_teams_or_hours_the_summary_says_what_it_could_not_work_out(commons, personas):
    make_cost(commons, "100", kind="care")
    figures = {f.label: f for f in summary_content(make_report(commons)).computed}
    assert figures["Cost per care team supported"].value is None and "nothing to divide by" in figures["Cost per care team supported"].how
    assert figures["Cost per paid hour of care"].value is None
