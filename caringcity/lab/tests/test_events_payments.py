"""Participation resourcing: organisers record payments, vouchers and expenses (pounds in, pence
stored), totals by kind, event and funder, the CSV, and the 360Giving export (JSON and CSV) in which
nobody is named."""

import csv
import io
import json

import pytest
from django.test import override_settings
from django.urls import reverse

from caringcity.core.models import AuditEvent
from caringcity.lab import giving360
from caringcity.lab.models import Payment
from caringcity.lab.selectors.events import payment_totals, payments_for
from caringcity.lab.tests.factories import make_event, make_registration
from caringcity.people.models import Organisation

pytestmark = pytest.mark.django_db

# The 360Giving Data Standard's ten core fields for a grant to an individual (see
# https://standard.threesixtygiving.org/en/latest/ and the publisher guidance "Grants to
# individuals: list of fields"): JSON names, and the spreadsheet titles of the same fields.
REQUIRED_JSON = ["id", "title", "description", "currency", "amountAwarded", "awardDate", "recipientIndividual", "fundingOrganization"]
REQUIRED_CSV = ["Identifier", "Title", "Description", "Currency", "Amount Awarded", "Award Date",
                "Recipient Ind:Identifier", "Recipient Ind:Name", "Funding Org:Identifier", "Funding Org:Name"]


@pytest.fixture
def world(commons):
    event = make_event(commons, "Care hubs workshop", days=-3)
    other = make_event(commons, "Market meeting", days=-1)
    funder = Organisation.objects.create(commons=commons, name="Lea Valley Community Fund", kind="charity")
    ada, bo = make_registration(event, "Ada Secretname"), make_registration(event, "Bo Hiddenname")
    return {"event": event, "other": other, "funder": funder, "ada": ada, "bo": bo}


def _pay(client, commons, event, **data):
    form = {"kind": "voucher", "amount": "25", "paid_on": "2026-03-13", "recipient_label": "", "grant_reference": "LVCF-1", "note": ""}
    return client.post(reverse("lab:payment_create", args=[commons.slug, event.uuid]), {**form, **data})


def test_organisers_record_payments_in_pounds_with_totals_by_kind_event_and_funder(commons, clients, world):
    client = clients["organiser"]
    assert _pay(client, commons, world["event"], registration=world["ada"].pk, funder=world["funder"].pk).status_code == 302
    assert _pay(client, commons, world["event"], registration=world["bo"].pk, funder=world["funder"].pk).status_code == 302
    assert _pay(client, commons, world["event"], kind="expenses", amount="6.80", recipient_label="A resident on the day").status_code == 302
    assert _pay(client, commons, world["other"], kind="payment", amount="40.50", recipient_label="Market trader").status_code == 302
    assert sorted(Payment.objects.values_list("amount_pence", flat=True)) == [680, 2500, 2500, 4050]
    assert Payment.objects.get(registration=world["ada"]).recipient_label == "Ada Secretname"
    totals = payment_totals(payments_for(commons))
    assert totals["total"] == 2500 + 2500 + 680 + 4050 and totals["count"] == 4
    assert [(str(label), pence, n) for label, pence, n in totals["kinds"]] == [
        ("Payment for their time", 4050, 1), ("Voucher", 5000, 2), ("Expenses", 680, 1)]
    assert {ev.title: pence for ev, pence, _n in totals["events"]} == {"Care hubs workshop": 5680, "Market meeting": 4050}
    assert {(f.name if f else None): pence for f, pence, _n in totals["funders"]} == {"Lea Valley Community Fund": 5000, None: 4730}
    page = client.get(reverse("lab:payments", args=[commons.slug])).content.decode()
    assert "£97.30" in page and "£56.80" in page and "£50.00" in page
    assert AuditEvent.objects.filter(action="lab.payment.create").count() == 4
    assert not any("Secretname" in e.reason for e in AuditEvent.objects.all())


@pytest.mark.parametrize("change, message", [
    ({"amount": "0"}, "greater than or equal to 0.01"),
    ({"amount": "twenty"}, "Enter a number"),
    ({"recipient_label": "", "registration": ""}, "Choose who was paid"),
    ({"paid_on": ""}, "This field is required"),
])
def test_bad_payments_are_refused_and_keep_what_was_typed(commons, clients, world, change, message):
    response = _pay(clients["organiser"], commons, world["event"], **{"recipient_label": "Someone", "note": "kept note", **change})
    assert response.status_code == 400 and message in response.content.decode() and "kept note" in response.content.decode()
    assert Payment.objects.count() == 0


def test_members_cannot_record_change_or_remove_payments(commons, clients, world):
    payment = Payment.objects.create(event=world["event"], kind="voucher", amount_pence=2500, paid_on="2026-03-13", recipient_label="X")
    for role in ("member", "owner", "outsider", "anonymous"):
        _pay(clients[role], commons, world["event"], recipient_label="Y")
        clients[role].post(reverse("lab:payment_edit", args=[commons.slug, payment.uuid]),
                           {"kind": "voucher", "amount": "99", "paid_on": "2026-03-13", "recipient_label": "Z"})
        clients[role].post(reverse("lab:payment_delete", args=[commons.slug, payment.uuid]))
    payment.refresh_from_db()
    assert Payment.objects.count() == 1 and payment.amount_pence == 2500
    client = clients["organiser"]
    assert client.post(reverse("lab:payment_edit", args=[commons.slug, payment.uuid]),
                       {"kind": "expenses", "amount": "12.5", "paid_on": "2026-03-14", "recipient_label": "Z"}).status_code == 302
    payment.refresh_from_db()
    assert (payment.kind, payment.amount_pence, payment.recipient_label) == ("expenses", 1250, "Z")
    assert client.post(reverse("lab:payment_delete", args=[commons.slug, payment.uuid])).status_code == 302
    assert not Payment.objects.exists()


def test_the_payments_csv_for_the_organisers_books(commons, clients, world):
    Payment.objects.create(event=world["event"], registration=world["ada"], kind="voucher", amount_pence=2500, paid_on="2026-03-13",
                           recipient_label="=HYPERLINK(1)", funder=world["funder"])
    rows = list(csv.DictReader(io.StringIO(clients["organiser"].get(reverse("lab:payments_csv", args=[commons.slug])).content.decode())))
    assert rows[0]["amount_gbp"] == "25.00" and rows[0]["funder"] == "Lea Valley Community Fund"
    assert rows[0]["paid_to"] == "'=HYPERLINK(1)"  # never a formula in a spreadsheet


@override_settings(LAB_360GIVING_PREFIX="360G-testfund")
def test_the_360giving_export_has_the_required_fields_and_names_nobody(commons, clients, world):
    Payment.objects.create(event=world["event"], registration=world["ada"], kind="voucher", amount_pence=2500, paid_on="2026-03-13",
                           recipient_label="Ada Secretname", funder=world["funder"], grant_reference="LVCF-1")
    Payment.objects.create(event=world["event"], registration=world["ada"], kind="expenses", amount_pence=680, paid_on="2026-03-20",
                           recipient_label="Ada Secretname", funder=world["funder"])
    Payment.objects.create(event=world["other"], kind="payment", amount_pence=4050, paid_on="2026-03-21", recipient_label="Bo Hiddenname")
    client = clients["organiser"]
    response = client.get(reverse("lab:payments_360_json", args=[commons.slug]))
    assert response["Content-Type"].startswith("application/json") and response["Cache-Control"] == "private, no-store"
    body = response.content.decode()
    assert "Secretname" not in body and "Hiddenname" not in body
    grants = json.loads(body)["grants"]
    assert len(grants) == 3
    prefix = f"360G-testfund-{commons.slug}"
    for grant in grants:
        assert all(field in grant for field in REQUIRED_JSON), grant
        assert "recipientOrganization" not in grant  # one or the other, never both
        assert grant["id"].startswith(prefix + "-") and grant["currency"] == "GBP"
        assert isinstance(grant["amountAwarded"], (int, float)) and len(grant["title"]) < 140
        assert grant["recipientIndividual"]["name"] == giving360.INDIVIDUAL_NAME
        assert grant["recipientIndividual"]["id"].startswith(prefix + "-IND-")
        assert grant["fundingOrganization"][0]["id"] and grant["fundingOrganization"][0]["name"]
    by_amount = {g["amountAwarded"]: g for g in grants}
    assert set(by_amount) == {25, 6.8, 40.5} and by_amount[25]["awardDate"] == "2026-03-13"
    # One person paid twice has one identifier; the funder is named, else the commons.
    assert by_amount[25]["recipientIndividual"]["id"] == by_amount[6.8]["recipientIndividual"]["id"]
    assert by_amount[25]["recipientIndividual"]["id"] != by_amount[40.5]["recipientIndividual"]["id"]
    assert by_amount[25]["fundingOrganization"][0]["name"] == "Lea Valley Community Fund"
    assert by_amount[40.5]["fundingOrganization"][0] == {"id": prefix, "name": commons.name}
    assert by_amount[25]["grantProgramme"] == [{"code": "LVCF-1"}]
    # The CSV: the standard's column titles, the same grants.
    text = client.get(reverse("lab:payments_360_csv", args=[commons.slug])).content.decode()
    assert "Secretname" not in text and "Hiddenname" not in text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert all(column in rows[0] for column in REQUIRED_CSV)
    assert sorted(r["Identifier"] for r in rows) == sorted(g["id"] for g in grants)
    assert {r["Amount Awarded"] for r in rows} == {"25", "6.8", "40.5"} and {r["Currency"] for r in rows} == {"GBP"}
