"""The directory demo: services of the demo's hubs, markets and food hubs, most published, listed
by the public API in documents that validate; safe to run twice."""

import pytest
from django.test import Client
from django.urls import reverse

from caringcity.circles.tests.demo_world import load_demo
from caringcity.networks import demo_directory
from caringcity.networks.models import ActorKind, Location, Service
from caringcity.networks.tests.directory_world import assert_uuids, validate, validate_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def ctx():
    # every app's demo, as ``manage.py demo`` runs them (networks' parts included, this one last)
    return load_demo()


def test_demo_services_are_listed_by_the_public_api_and_validate(ctx):
    clapton = ctx["commons"]["clapton"]
    published = Service.objects.filter(commons=clapton, published=True)
    assert published.count() >= 8 and Service.objects.filter(commons=clapton, published=False).exists()
    kinds = set(published.values_list("actor__kind", flat=True))
    assert {ActorKind.MARKET, ActorKind.FOOD_HUB, ActorKind.COMMUNITY_HUB} <= kinds
    api = Client()
    doc = api.get(reverse("networks:oruk_services", args=[clapton.slug]), {"per_page": 100}).json()
    validate_page(doc, "compiled/service_list.json")
    assert {s["name"] for s in doc["contents"]} == set(published.values_list("name", flat=True))
    for item in doc["contents"]:
        full = api.get(reverse("networks:oruk_service", args=[clapton.slug, item["id"]])).json()
        validate(full, "compiled/service.json")
        assert_uuids(full)
        assert full["service_at_locations"] and full["attributes"]
    validate_page(api.get(reverse("networks:oruk_service_at_locations", args=[clapton.slug])).json(), "compiled/service_at_location_list.json")
    validate_page(api.get(reverse("networks:oruk_taxonomy_terms", args=[clapton.slug])).json(), "taxonomy_term.json")


def test_demo_places_use_the_demo_postcodes(ctx):
    clapton = ctx["commons"]["clapton"]
    places = Location.objects.filter(commons=clapton)
    assert places.exists() and all(p.latitude is not None for p in places), "every demo place is on the map"


def test_demo_is_safe_to_run_twice(ctx):
    before = (Service.objects.count(), Location.objects.count())
    demo_directory.build(ctx)
    assert (Service.objects.count(), Location.objects.count()) == before
