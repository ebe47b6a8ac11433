"""Partnership pages: who may read and keep them, commitments overdue shown in words and counted
(on the page and on the lab home), who was around the table by kind of organisation, money kept in
pence, clear errors for bad input, and a fixed number of queries whatever the data."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from caringcity.core.models import AuditEvent
from caringcity.core.testing import assert_matrix, assert_queries_constant
from caringcity.lab.models import Commitment, JointDecision, Partner, Partnership, SignOff
from caringcity.lab.services import partnerships as services
from caringcity.lab.tests.factories import make_partnership
from caringcity.people.models import Organisation

pytestmark = pytest.mark.django_db

OK, NF, REDIR = 200, 404, 302
TODAY = timezone.localdate()


@pytest.fixture
def partnership(commons, personas):
    p = make_partnership(commons, [personas["member"].person, None],
                         kinds=[Organisation.Kind.GRASSROOTS, Organisation.Kind.STATUTORY])
    return p


def test_members_read_partnerships_and_only_organisers_keep_them(commons, clients, partnership):
    members = {"anonymous": REDIR, "outsider": NF, "member": OK, "owner": OK, "proxy": OK, "organiser": OK, "admin": OK}
    keepers = {**members, "member": NF, "owner": NF, "proxy": NF}
    assert_matrix(clients, reverse("lab:partnerships", args=[commons.slug]), members)
    assert_matrix(clients, reverse("lab:partnership", args=[commons.slug, partnership.uuid]), members)
    assert_matrix(clients, reverse("lab:partnership_create", args=[commons.slug]), keepers)
    assert_matrix(clients, reverse("lab:partnership_edit", args=[commons.slug, partnership.uuid]), keepers)
    assert_matrix(clients, reverse("lab:partner_add", args=[commons.slug, partnership.uuid]), keepers)
    assert_matrix(clients, reverse("lab:commitment_add", args=[commons.slug, partnership.uuid]), keepers)
    # Proposing a decision: organisers and the partnership's signatories (here the member).
    assert_matrix(clients, reverse("lab:decision_propose", args=[commons.slug, partnership.uuid]),
                  {**keepers, "member": OK})


def test_a_denied_write_changes_nothing(commons, clients, partnership):
    url = reverse("lab:partnership_create", args=[commons.slug])
    for role in ("member", "outsider", "owner"):
        clients[role].post(url, {"name": "Sneaky", "purpose": "No."})
    partner = partnership.partners.first()
    clients["member"].post(reverse("lab:commitment_add", args=[commons.slug, partnership.uuid]),
                           {"partner": partner.pk, "kind": "data", "what": "x"})
    assert Partnership.objects.count() == 1 and not Commitment.objects.exists()


def test_an_organiser_starts_a_partnership_and_adds_partners_with_a_named_person(commons, clients, personas):
    url = reverse("lab:partnership_create", args=[commons.slug])
    response = clients["organiser"].post(url, {"name": "Market partnership", "purpose": ""})
    assert response.status_code == 400 and "This field is required." in response.content.decode()
    assert "Market partnership" in response.content.decode()  # what was typed is kept
    assert not Partnership.objects.exists()
    response = clients["organiser"].post(url, {"name": "Market partnership", "purpose": "Keep the market.",
                                                "started_on": "2026-05-01", "ended_on": "2026-04-01"})
    assert response.status_code == 400 and "The end must be on or after the start." in response.content.decode()
    clients["organiser"].post(url, {"name": "Market partnership", "purpose": "Keep the market."})
    partnership = Partnership.objects.get()
    council = Organisation.objects.create(commons=commons, name="The council", kind=Organisation.Kind.STATUTORY)
    add = reverse("lab:partner_add", args=[commons.slug, partnership.uuid])
    outsider = personas["outsider"].person
    response = clients["organiser"].post(add, {"organisation": council.pk, "signatory": outsider.pk})
    assert response.status_code == 400  # not a member of this commons: not offered, not saved
    assert not Partner.objects.exists()
    clients["organiser"].post(add, {"organisation": council.pk, "signatory": personas["owner"].person.pk, "role": "Commissions care"})
    partner = Partner.objects.get()
    assert (partner.signatory, partner.role) == (personas["owner"].person, "Commissions care")
    assert list(AuditEvent.objects.filter(action__startswith="lab.partner").values_list("action", flat=True).order_by("pk")) == [
        "lab.partnership.create", "lab.partner.add"]


def test_overdue_commitments_are_said_in_words_and_counted(commons, clients, personas, partnership):
    a, b = partnership.partners.order_by("organisation__name")
    organiser = personas.user("organiser")
    late = services.commitment_add(actor=organiser, partner=b, kind="data", what="Share the care data",
                                   due_on=TODAY - datetime.timedelta(days=3))
    services.commitment_add(actor=organiser, partner=a, kind="time", what="Run the teams", hours=Decimal("40"),
                            due_on=TODAY + datetime.timedelta(days=3))
    done = services.commitment_add(actor=organiser, partner=a, kind="money", what="Pay for rooms", amount=Decimal("2500.50"),
                                   due_on=TODAY - datetime.timedelta(days=10))
    assert Commitment.objects.get(pk=done.pk).amount_pence == 250050
    services.commitment_done(actor=personas.user("member"), commitment=done)  # a's signatory marks a's commitment done
    page = clients["member"].get(reverse("lab:partnership", args=[commons.slug, partnership.uuid])).content.decode()
    assert "1 commitment is overdue." in page
    assert "Overdue</strong> was due" in page and "3 days late" in page
    assert "£2,500.50" in page and "40 hours" in page
    home = clients["member"].get(reverse("lab:home", args=[commons.slug])).content.decode()
    assert "Commitments overdue" in home and "Share the care data" in home and "Pay for rooms" not in home
    # b has no signatory: only organisers may mark its commitment done; a member gets 404 and nothing changes.
    done_url = reverse("lab:commitment_done", args=[commons.slug, partnership.uuid, late.uuid])
    assert clients["member"].post(done_url).status_code == NF
    assert Commitment.objects.get(pk=late.pk).done_on is None
    assert clients["organiser"].post(done_url).status_code == REDIR
    assert Commitment.objects.get(pk=late.pk).done_on == TODAY
    home = clients["member"].get(reverse("lab:home", args=[commons.slug])).content.decode()
    assert "Commitments overdue" not in home


def test_commitment_input_is_checked(personas, partnership):
    partner = partnership.partners.first()
    organiser = personas.user("organiser")
    with pytest.raises(Exception) as error:
        services.commitment_add(actor=organiser, partner=partner, kind="money", what="Money", amount=None)
    assert error.value.message_dict == {"amount": ["Say how much money, in pounds."]}
    with pytest.raises(Exception) as error:
        services.commitment_add(actor=organiser, partner=partner, kind="time", what="Time")
    assert "hours" in error.value.message_dict
    assert not Commitment.objects.exists()


def test_who_was_around_the_table_counts_partners_by_kind(commons, clients, partnership):
    page = clients["member"].get(reverse("lab:partnership", args=[commons.slug, partnership.uuid])).content.decode()
    assert "2 partners take part now" in page
    assert '<th scope="row">Statutory service</th><td class="lab-partnerships-num">1</td>' in page
    assert "No one named yet" in page


def test_the_partnership_page_runs_the_same_queries_whatever_the_data(commons, clients, personas, partnership):
    counter = {"n": 0}

    def grow():
        counter["n"] += 1
        n = counter["n"]
        group = Organisation.objects.create(commons=commons, name=f"Group extra {n}", kind=Organisation.Kind.CHARITY)
        partner = Partner.objects.create(partnership=partnership, organisation=group, signatory=personas["owner"].person)
        Commitment.objects.create(partner=partner, kind="data", what=f"Data {n}", due_on=TODAY - datetime.timedelta(days=n))
        decision = JointDecision.objects.create(partnership=partnership, title=f"Decision {n}", summary="Plain.", proposed_on=TODAY)
        SignOff.objects.create(decision=decision, partner=partner, person=personas["owner"].person, answer="agree")

    assert_queries_constant(clients["owner"], reverse("lab:partnership", args=[commons.slug, partnership.uuid]), grow)
    assert_queries_constant(clients["owner"], reverse("lab:home", args=[commons.slug]), grow)
    decision = JointDecision.objects.first()
    assert_queries_constant(clients["owner"], reverse("lab:decision", args=[commons.slug, partnership.uuid, decision.uuid]), grow)
