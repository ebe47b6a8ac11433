"""Circle proposals talked about at an event: an organiser chooses them from the circles they can
see; the members' event page shows each reader only the proposals of circles they may see; the
public page shows none; a made-up or unseen proposal is refused and nothing is saved; and saving
does not drop a link the organiser cannot see."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from caringcity.circles.models import CircleKind, Proposal
from caringcity.circles.tests.factories import make_circle
from caringcity.core.models import AuditEvent
from caringcity.core.testing import assert_queries_constant
from caringcity.lab.models import Event
from caringcity.lab.selectors.events import proposal_choices, proposals_shown
from caringcity.lab.services import events as services
from caringcity.lab.tests.factories import make_event
from caringcity.teams.tests.factories import make_team

pytestmark = pytest.mark.django_db


def _form(**change):
    data = {"title": "Care hubs workshop", "kind": "workshop", "summary": "We talk about care hubs.",
            "starts_at": "2030-03-14T18:00", "ends_at": "2030-03-14T20:00", "place": "Round Chapel", "address": "",
            "postcode": "", "online_url": "", "access_info": "", "capacity": "", "public": "on"}
    return {**data, **change}


@pytest.fixture
def world(commons, other_commons, personas):
    local = make_circle(commons, name="Clapton local circle")
    hub = Proposal.objects.create(circle=local, title="A care hub in every ward", brought_by=personas["member"].person)
    team = make_team(personas, commons, name="Olive's team")
    team_circle = make_circle(commons, name="Olive's team", kind=CircleKind.TEAM, team=team, parent=local)
    private = Proposal.objects.create(circle=team_circle, title="Change the visit rota", brought_by=personas["owner"].person)
    elsewhere = make_circle(other_commons, name="Other circle")
    foreign = Proposal.objects.create(circle=elsewhere, title="Somewhere else", brought_by=personas["outsider"].person)
    return {"hub": f"{commons.slug}:{hub.uuid}", "private": f"{commons.slug}:{private.uuid}",
            "foreign": f"{other_commons.slug}:{foreign.uuid}"}


def test_the_form_offers_the_proposals_the_organiser_can_see(world, personas):
    organiser = dict(proposal_choices(personas.user("organiser")))
    assert world["hub"] in organiser and world["private"] in organiser and world["foreign"] not in organiser
    assert organiser[world["hub"]] == "Clapton Test Commons, Clapton local circle: A care hub in every ward"
    # A member who is not in the team does not see the team's circle.
    member = dict(proposal_choices(personas.user("member")))
    assert world["hub"] in member and world["private"] not in member


def test_an_organiser_links_proposals_and_readers_see_only_what_they_may(commons, clients, world):
    response = clients["organiser"].post(reverse("lab:event_create", args=[commons.slug]),
                                         _form(proposals=[world["hub"], world["private"]]))
    assert response.status_code == 302
    event = Event.objects.get(title="Care hubs workshop")
    assert event.proposals == [world["hub"], world["private"]]
    assert AuditEvent.objects.filter(action="lab.event.create").count() == 1
    url = reverse("lab:event", args=[commons.slug, event.uuid])
    organiser = clients["organiser"].get(url).content.decode()
    assert "Circle proposals talked about" in organiser and "A care hub in every ward" in organiser
    assert "Change the visit rota" in organiser
    assert reverse("circles:proposal_detail", args=[commons.slug, world["hub"].split(":")[1]]) in organiser
    member = clients["member"].get(url).content.decode()
    assert "A care hub in every ward" in member and "Change the visit rota" not in member
    owner = clients["owner"].get(url).content.decode()
    assert "Change the visit rota" in owner
    public = clients["anonymous"].get(reverse("lab:public_event", args=[commons.slug, event.uuid])).content.decode()
    assert "A care hub in every ward" not in public and "Circle proposals talked about" not in public


@pytest.mark.parametrize("value", ["foreign", "made_up", "nonsense"])
def test_a_proposal_the_organiser_cannot_choose_is_refused_and_nothing_saved(commons, clients, world, value):
    chosen = {"made_up": f"{commons.slug}:2b0b8f4e-4b9a-4f38-9d7e-1f7c2a8e5a11", "nonsense": "not a proposal"}.get(value) or world[value]
    response = clients["organiser"].post(reverse("lab:event_create", args=[commons.slug]), _form(proposals=[chosen]))
    page = response.content.decode()
    assert response.status_code == 400 and "Select a valid choice" in page and "Care hubs workshop" in page
    assert not Event.objects.exists() and not AuditEvent.objects.filter(action="lab.event.create").exists()


def test_the_service_refuses_an_unseen_proposal_itself(commons, personas, world):
    starts = timezone.now() + datetime.timedelta(days=3)
    with pytest.raises(ValidationError) as refused:
        services.event_create(actor=personas.user("admin"), commons=commons, proposals=[world["foreign"]], title="T",
                              kind="workshop", summary="S", place="Hall", starts_at=starts,
                              ends_at=starts + datetime.timedelta(hours=2))
    assert "proposals" in refused.value.message_dict
    assert not Event.objects.exists()


def test_saving_keeps_a_link_the_organiser_cannot_see(commons, personas, world):
    event = make_event(commons, proposals=[world["hub"], world["foreign"]])
    # The foreign link is one this organiser cannot see (another commons): it stays. The hub link,
    # which they can see, goes when they untick it.
    services.event_update(actor=personas.user("organiser"), event=event, proposals=[], title=event.title, kind=event.kind,
                          summary=event.summary, place=event.place, starts_at=event.starts_at, ends_at=event.ends_at)
    event.refresh_from_db()
    assert event.proposals == [world["foreign"]]


def test_the_event_page_reads_proposals_in_fixed_queries(commons, clients, personas, world):
    event = make_event(commons)

    counter = iter(range(100))

    def more():
        n = next(counter)
        circle = make_circle(commons, name=f"Working circle {n}", kind=CircleKind.WORKING)
        made = [Proposal.objects.create(circle=circle, title=f"Idea {n}-{i}", brought_by=personas["member"].person) for i in range(2)]
        event.proposals = [*event.proposals, *(f"{commons.slug}:{p.uuid}" for p in made)]
        event.save()

    assert_queries_constant(clients["member"], reverse("lab:event", args=[commons.slug, event.uuid]), more)
    assert len(proposals_shown(event, personas.user("member"))) == 8
