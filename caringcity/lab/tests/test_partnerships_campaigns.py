"""Campaigns: members keep them; public campaigns have pages anyone can read signed out, with no
one's name; photos are checked from their bytes and served only through a view that checks the
campaign may be seen; footfall becomes a chart with a table twin; allies may come from the map."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from caringcity.core.models import AuditEvent
from caringcity.core.testing import assert_matrix, assert_queries_constant
from caringcity.lab.models import Campaign, CampaignAction, CampaignEvidence
from caringcity.lab.services import partnerships as services
from caringcity.lab.tests.factories import make_campaign
from caringcity.people.models import Organisation

pytestmark = pytest.mark.django_db

OK, NF, REDIR = 200, 404, 302
TODAY = timezone.localdate()
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def campaign(commons, personas):
    c = make_campaign(commons, postcode="E5 0LH")
    services.action_add(actor=personas.user("member"), campaign=c, title="Write to councillors",
                        due_on=TODAY - datetime.timedelta(days=2), owner=personas["owner"].person)
    return c


def test_members_keep_campaigns_and_anyone_reads_public_ones(commons, clients, campaign):
    members = {"anonymous": REDIR, "outsider": NF, "member": OK, "owner": OK, "proxy": OK, "organiser": OK, "admin": OK}
    everyone = {role: OK for role in members}
    assert_matrix(clients, reverse("lab:campaigns", args=[commons.slug]), members)
    assert_matrix(clients, reverse("lab:campaign", args=[commons.slug, campaign.uuid]), members)
    assert_matrix(clients, reverse("lab:campaign_create", args=[commons.slug]), members)
    assert_matrix(clients, reverse("lab:campaign_evidence_add", args=[commons.slug, campaign.uuid]), members)
    assert_matrix(clients, reverse("lab:public_campaigns", args=[commons.slug]), everyone)
    assert_matrix(clients, reverse("lab:public_campaign", args=[commons.slug, campaign.uuid]), everyone)


def test_a_private_campaign_is_not_found_publicly_and_an_outsider_writes_nothing(commons, clients, campaign):
    hidden = make_campaign(commons, name="Quiet campaign", public=False)
    anonymous = clients["anonymous"]
    assert anonymous.get(reverse("lab:public_campaign", args=[commons.slug, hidden.uuid])).status_code == NF
    assert "Quiet campaign" not in anonymous.get(reverse("lab:public_campaigns", args=[commons.slug])).content.decode()
    assert "Quiet campaign" in clients["member"].get(reverse("lab:campaigns", args=[commons.slug])).content.decode()
    clients["outsider"].post(reverse("lab:campaign_action_add", args=[commons.slug, campaign.uuid]), {"title": "Sneaky"})
    clients["anonymous"].post(reverse("lab:campaign_create", args=[commons.slug]), {"name": "x", "place": "y", "threat": "z", "state": "active"})
    assert CampaignAction.objects.count() == 1 and Campaign.objects.count() == 2


def test_the_public_page_shows_the_campaign_and_no_ones_name(commons, clients, personas, campaign):
    public = clients["anonymous"].get(reverse("lab:public_campaign", args=[commons.slug, campaign.uuid])).content.decode()
    members = clients["member"].get(reverse("lab:campaign", args=[commons.slug, campaign.uuid])).content.decode()
    owner = personas["owner"].person.name
    assert "Write to councillors" in public and "Overdue" in public and "2 days late" in public
    assert owner not in public and owner in members
    assert "E5 0LH" in public and "Change the campaign" not in public


def test_a_member_starts_a_campaign_with_allies_and_bad_input_gets_a_clear_message(commons, clients):
    traders = Organisation.objects.create(commons=commons, name="Traders' Association", kind=Organisation.Kind.MARKET)
    url = reverse("lab:campaign_create", args=[commons.slug])
    response = clients["member"].post(url, {"name": "Save the market", "place": "Chatsworth Road", "threat": "", "state": "active"})
    assert response.status_code == 400 and "What threatens it" in response.content.decode()
    assert not Campaign.objects.exists()
    response = clients["member"].post(url, {"name": "Save the market", "place": "Chatsworth Road", "threat": "Flats.",
                                            "state": "active", "allies": [traders.pk], "public": "on"})
    campaign = Campaign.objects.get()
    assert response.status_code == REDIR and list(campaign.allies.all()) == [traders]
    assert AuditEvent.objects.filter(action="lab.campaign.create", object_id=str(campaign.uuid)).exists()


def test_allies_from_the_neighbourhood_map_are_stored_by_uuid_and_shown_by_name(commons, personas):
    from caringcity.networks.models import ActorKind
    from caringcity.networks.tests.factories import make_actor

    group = make_actor(commons, name="Clapton Mutual Aid", kind=ActorKind.GRASSROOTS)
    resident = make_actor(commons, name="Jo Resident", kind=ActorKind.RESIDENT)
    member = personas.user("member")
    with pytest.raises(ValidationError) as error:
        services.campaign_create(actor=member, commons=commons, name="C", place="P", threat="T", ally_actors=[str(resident.uuid)])
    assert "ally_actors" in error.value.message_dict  # residents are never offered as allies
    campaign = services.campaign_create(actor=member, commons=commons, name="C", place="P", threat="T", ally_actors=[str(group.uuid)])
    assert campaign.ally_actors == [str(group.uuid)]
    from caringcity.lab.selectors.partnerships import campaign_page

    assert [a.name for a in campaign_page(campaign, public=True)["map_allies"]] == ["Clapton Mutual Aid"]


def test_photos_are_checked_from_their_bytes_and_served_through_a_checking_view(commons, clients, personas, campaign, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    url = reverse("lab:campaign_evidence_add", args=[commons.slug, campaign.uuid])
    fake = SimpleUploadedFile("market.png", b"not a picture at all", content_type="image/png")
    response = clients["member"].post(url, {"kind": "photo", "title": "The market", "file": fake})
    assert response.status_code == 400 and "This kind of file cannot be used here" in response.content.decode()
    assert not CampaignEvidence.objects.exists()
    photo = SimpleUploadedFile("market.png", PNG, content_type="image/png")
    assert clients["member"].post(url, {"kind": "photo", "title": "The market", "file": photo}).status_code == REDIR
    evidence = CampaignEvidence.objects.get()
    public_file = reverse("lab:public_campaign_evidence_file", args=[commons.slug, campaign.uuid, evidence.uuid])
    response = clients["anonymous"].get(public_file)
    assert response.status_code == OK and response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    campaign.public = False
    campaign.save()
    assert clients["anonymous"].get(public_file).status_code == NF
    member_file = reverse("lab:campaign_evidence_file", args=[commons.slug, campaign.uuid, evidence.uuid])
    assert clients["member"].get(member_file).status_code == OK
    assert clients["outsider"].get(member_file).status_code == NF


def test_surveys_and_footfall_need_counts_and_footfall_becomes_a_chart_with_a_table(commons, clients, personas, campaign):
    member = personas.user("member")
    with pytest.raises(Exception) as error:
        services.evidence_add(actor=member, campaign=campaign, kind="trader_survey", title="Traders")
    assert error.value.message_dict == {"count": ["Say how many answers or people were counted."]}
    services.evidence_add(actor=member, campaign=campaign, kind="trader_survey", title="Traders", count=42)
    services.evidence_add(actor=member, campaign=campaign, kind="shopper_survey", title="Shoppers", count=318)
    services.evidence_add(actor=member, campaign=campaign, kind="footfall", title="Sunday 1", count=2000, on=datetime.date(2026, 5, 3))
    services.evidence_add(actor=member, campaign=campaign, kind="footfall", title="Sunday 2", count=1000, on=datetime.date(2026, 5, 10))
    page = clients["anonymous"].get(reverse("lab:public_campaign", args=[commons.slug, campaign.uuid])).content.decode()
    assert "Our surveys have 360 answers in all." in page
    assert 'role="img"' in page and "From 2000 people on 3 May 2026 to 1000 people on 10 May 2026" in page
    assert '<th scope="row">10 May 2026</th><td class="lab-partnerships-num">1000</td>' in page
    # Heights computed from the data: the bigger count fills the chart, the smaller half of it.
    assert 'height="180"' in page and 'height="90"' in page


def test_campaign_pages_run_the_same_queries_whatever_the_data(commons, clients, personas, campaign):
    counter = {"n": 0}

    def grow():
        counter["n"] += 1
        n = counter["n"]
        CampaignAction.objects.create(campaign=campaign, title=f"Action {n}", owner=personas["member"].person)
        CampaignEvidence.objects.create(campaign=campaign, kind="footfall", title=f"Count {n}", count=n * 100,
                                        on=TODAY - datetime.timedelta(days=n))
        group = Organisation.objects.create(commons=commons, name=f"Ally {n}", kind=Organisation.Kind.GRASSROOTS)
        campaign.allies.add(group)
        make_campaign(commons, name=f"Other {n}")

    assert_queries_constant(clients["member"], reverse("lab:campaign", args=[commons.slug, campaign.uuid]), grow)
    assert_queries_constant(clients["anonymous"], reverse("lab:public_campaign", args=[commons.slug, campaign.uuid]), grow)
    assert_queries_constant(clients["anonymous"], reverse("lab:public_campaigns", args=[commons.slug]), grow)
    assert_queries_constant(clients["anonymous"], reverse("lab:public_home", args=[commons.slug]), grow)


def test_a_campaign_works_for_policies_shown_both_ways(commons, other_commons, clients, personas):
    from caringcity.lab.tests.factories import make_plan

    plan = make_plan(commons, demands=1, policies=2)
    first, second = plan.policies.order_by("number")
    foreign = make_plan(other_commons, slug="elsewhere", demands=1, policies=1).policies.get()
    form = {"name": "Save the market", "place": "Chatsworth Road", "threat": "Flats on the car park.", "state": "active",
            "public": "on", "policies": [str(second.pk)]}
    # A policy of another commons is refused next to the field; nothing is saved.
    refused = clients["member"].post(reverse("lab:campaign_create", args=[commons.slug]), {**form, "policies": [str(foreign.pk)]})
    assert refused.status_code == 400 and "Select a valid choice" in refused.content.decode() and not Campaign.objects.exists()
    with pytest.raises(ValidationError) as error:
        services.campaign_create(actor=personas.user("member"), commons=commons, name="x", place="y", threat="z", policies=[foreign])
    assert "policies" in error.value.message_dict and not Campaign.objects.exists()
    assert clients["member"].post(reverse("lab:campaign_create", args=[commons.slug]), form).status_code == 302
    campaign = Campaign.objects.get()
    assert list(campaign.policies.all()) == [second]
    quiet = make_campaign(commons, name="Quiet campaign", public=False)
    quiet.policies.set([second])
    # The campaign page names the policy; the policy page names the campaigns (public ones publicly).
    page = clients["anonymous"].get(reverse("lab:public_campaign", args=[commons.slug, campaign.uuid])).content.decode()
    assert "Policies it works for" in page and reverse("lab:public_policy", args=[commons.slug, plan.slug, second.number]) in page
    members = clients["member"].get(reverse("lab:policy", args=[commons.slug, plan.slug, second.number])).content.decode()
    assert "Campaigns for it" in members and "Save the market" in members and "Quiet campaign" in members
    public = clients["anonymous"].get(reverse("lab:public_policy", args=[commons.slug, plan.slug, second.number])).content.decode()
    assert "Save the market" in public and "Quiet campaign" not in public
    other = clients["member"].get(reverse("lab:policy", args=[commons.slug, plan.slug, first.number])).content.decode()
    assert "Campaigns for it" not in other
    # Unticking on the change form removes the link.
    edit = {**form, "policies": []}
    assert clients["member"].post(reverse("lab:campaign_edit", args=[commons.slug, campaign.uuid]), edit).status_code == 302
    assert not campaign.policies.exists()


def test_an_action_added_by_mistake_is_removed_and_a_done_one_stays(commons, clients, personas, campaign):
    action = campaign.actions.get()
    url = reverse("lab:campaign_action_remove", args=[commons.slug, campaign.uuid, action.uuid])
    page = clients["member"].get(url).content.decode()
    assert "Remove “Write to councillors”?" in page
    # Someone outside the network cannot, and nothing changes.
    assert clients["outsider"].post(url).status_code == NF and campaign.actions.count() == 1
    done = services.action_add(actor=personas.user("member"), campaign=campaign, title="Leaflet the market")
    services.action_done(actor=personas.user("member"), action=done)
    done_url = reverse("lab:campaign_action_remove", args=[commons.slug, campaign.uuid, done.uuid])
    assert "it is part of the campaign" in clients["member"].get(done_url).content.decode()
    clients["member"].post(done_url)
    assert campaign.actions.count() == 2 and not AuditEvent.objects.filter(action="lab.campaign_action.remove").exists()
    assert clients["member"].post(url).status_code == 302
    assert list(campaign.actions.values_list("title", flat=True)) == ["Leaflet the market"]
    assert AuditEvent.objects.filter(action="lab.campaign_action.remove", object_id=str(action.uuid)).exists()
