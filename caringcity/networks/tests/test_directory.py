"""The directory pages: who may see and manage them (role matrix, rules and their queryset twins
in agreement), adding and changing services and places, the starter list of kinds, queries."""

import pytest
from django.urls import reverse

from caringcity.core.models import AuditEvent
from caringcity.core.testing import ROLES, assert_matrix, assert_queries_constant
from caringcity.networks.models import ActorKind, Location, Service, ServiceAtLocation, Taxonomy
from caringcity.networks.selectors import directory as selectors
from caringcity.networks.services import directory as services
from caringcity.networks.tests.directory_world import grow, make_directory
from caringcity.networks.tests.factories import make_actor

pytestmark = pytest.mark.django_db

LOGIN = 302  # anonymous people are sent to sign in
VIEW = {"anonymous": LOGIN, "outsider": 404, "member": 200, "owner": 200, "proxy": 200, "organiser": 200, "admin": 200}
MANAGE = {"anonymous": LOGIN, "outsider": 404, "member": 404, "owner": 404, "proxy": 404, "organiser": 200, "admin": 200}


@pytest.fixture
def world(commons):
    return make_directory(commons)


def test_rules_agree_with_their_queryset_twins(personas, commons, other_commons):
    for role in ROLES:
        user = personas.user(role)
        if user is None:
            from django.contrib.auth.models import AnonymousUser

            user = AnonymousUser()
        for c in (commons, other_commons):
            assert user.has_perm("networks.view_directory", c) == selectors.commons_with_directory_visible_to(user).filter(pk=c.pk).exists(), (role, c)
            assert user.has_perm("networks.manage_directory", c) == selectors.commons_with_directory_managed_by(user).filter(pk=c.pk).exists(), (role, c)


def test_pages_role_matrix(clients, commons, world):
    slug, lunch = commons.slug, world["lunch"].uuid
    for name in ("directory", "directory_terms"):
        assert_matrix(clients, reverse(f"networks:{name}", args=[slug]), VIEW)
    assert_matrix(clients, reverse("networks:directory_service", args=[slug, lunch]), VIEW)
    for name in ("directory_service_add", "directory_import"):
        assert_matrix(clients, reverse(f"networks:{name}", args=[slug]), MANAGE)
    for name in ("directory_service_edit", "directory_place_add", "directory_service_remove"):
        assert_matrix(clients, reverse(f"networks:{name}", args=[slug, lunch]), MANAGE)


def test_denied_writes_change_nothing(clients, commons, world):
    slug, lunch = commons.slug, world["lunch"]
    link = lunch.at_locations.first()
    posts = [
        (reverse("networks:directory_service_add", args=[slug]), {"actor": world["hub"].uuid, "name": "Sneaky", "status": "active"}),
        (reverse("networks:directory_service_edit", args=[slug, lunch.uuid]), {"actor": world["hub"].uuid, "name": "Renamed", "status": "active"}),
        (reverse("networks:directory_service_remove", args=[slug, lunch.uuid]), {}),
        (reverse("networks:directory_place_add", args=[slug, lunch.uuid]), {"name": "Another place"}),
        (reverse("networks:directory_place_remove", args=[slug, lunch.uuid, link.uuid]), {}),
        (reverse("networks:directory_terms_seed", args=[slug]), {}),
    ]
    Taxonomy.objects.filter(commons=commons).update(name="Renamed list")

    def state():
        return (list(Service.objects.order_by("pk").values_list("name", flat=True)), ServiceAtLocation.objects.count(),
                Location.objects.count(), Taxonomy.objects.count())

    before = state()
    for role in ("anonymous", "outsider", "member", "owner", "proxy"):
        for url, data in posts:
            response = clients[role].post(url, data)
            assert response.status_code in (302, 404), (role, url, response.status_code)
            if response.status_code == 302:
                assert "/accounts/login/" in response["Location"]
    assert state() == before


def test_organiser_adds_a_service_with_a_place(clients, personas, commons, world):
    client = clients["organiser"]
    food = world["terms"]["food"]
    response = client.post(reverse("networks:directory_service_add", args=[commons.slug]), {
        "actor": world["hub"].uuid, "name": "Food hub", "status": "active", "when": "Fridays 3 to 5pm", "cost": "",
        "terms": [food.uuid], "published": "on", "email": "food@example.org",
    })
    service = Service.objects.get(name="Food hub")
    assert response.status_code == 302 and response["Location"] == reverse("networks:directory_service", args=[commons.slug, service.uuid])
    assert service.published and list(service.terms.all()) == [food] and service.created_by == personas.user("organiser")
    assert AuditEvent.objects.filter(action="networks.service.create", object_id=str(service.uuid)).exists()
    response = client.post(reverse("networks:directory_place_add", args=[commons.slug, service.uuid]),
                           {"name": "Market square", "address_1": "Chatsworth Road", "city": "London", "postcode": "e5 9du"})
    assert response.status_code == 302
    place = service.at_locations.get().location
    assert (place.postcode, place.latitude, place.longitude) == ("E5 9DU", 51.56267, -0.06226)
    page = client.get(reverse("networks:directory_service", args=[commons.slug, service.uuid])).content.decode()
    assert "Market square" in page and "Fridays 3 to 5pm" in page and "Free" in page
    # the same place again is refused next to the field
    response = client.post(reverse("networks:directory_place_add", args=[commons.slug, service.uuid]), {"name": "market square", "postcode": "E5 9DU"})
    assert response.status_code == 400 and "already runs at this place" in response.content.decode()


def test_bad_input_keeps_what_was_typed(clients, commons, world):
    resident = make_actor(commons, "Jo", ActorKind.RESIDENT)
    response = clients["organiser"].post(reverse("networks:directory_service_add", args=[commons.slug]),
                                         {"actor": resident.uuid, "name": "Kept text", "status": "active", "url": "not a url", "email": "nope"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in html and 'value="Kept text"' in html
    assert not Service.objects.filter(name="Kept text").exists()
    response = clients["organiser"].post(reverse("networks:directory_place_add", args=[commons.slug, world["lunch"].uuid]),
                                         {"name": "Hall", "postcode": "nowhere"})
    assert response.status_code == 400 and "Enter a UK postcode" in response.content.decode()


def test_a_service_cannot_be_run_by_a_resident_or_another_commons(personas, commons, other_commons, world):
    from django.core.exceptions import ValidationError

    user = personas.user("organiser")
    for provider in (make_actor(commons, "Jo", ActorKind.RESIDENT), make_actor(other_commons, "Far Hub", ActorKind.COMMUNITY_HUB)):
        with pytest.raises(ValidationError):
            services.service_create(actor=user, commons=commons, provider=provider, name="X", status="active")


def test_change_and_remove(clients, commons, world):
    lunch = world["lunch"]
    response = clients["organiser"].post(reverse("networks:directory_service_edit", args=[commons.slug, lunch.uuid]),
                                         {"actor": world["hub"].uuid, "name": "Lunch club (Tuesdays)", "status": "temporarily closed"})
    assert response.status_code == 302, response.context["form"].errors
    lunch.refresh_from_db()
    assert (lunch.name, lunch.status, lunch.terms.count(), lunch.published) == ("Lunch club (Tuesdays)", "temporarily closed", 0, False)
    link = lunch.at_locations.order_by("location__name").first()
    clients["organiser"].post(reverse("networks:directory_place_remove", args=[commons.slug, lunch.uuid, link.uuid]))
    assert lunch.at_locations.count() == 1 and not Location.objects.filter(pk=link.location_id).exists()
    clients["organiser"].post(reverse("networks:directory_service_remove", args=[commons.slug, lunch.uuid]))
    assert not Service.objects.filter(pk=lunch.pk).exists()


def test_list_filters_and_search(clients, commons, world):
    url = reverse("networks:directory", args=[commons.slug])
    html = clients["member"].get(url, {"q": "lunch"}).content.decode()
    assert "Lunch club" in html and "Draft service" not in html
    html = clients["member"].get(url, {"published": "no"}).content.decode()
    assert "Draft service" in html and "Lunch club" not in html
    html = clients["member"].get(url, {"term": str(world["terms"]["digital"].uuid)}).content.decode()
    assert "Draft service" in html and "Lunch club" not in html
    assert clients["member"].get(url, {"status": "bogus", "page": "x"}).status_code == 200


def test_starter_list_is_safe_to_add_twice(clients, commons):
    url = reverse("networks:directory_terms_seed", args=[commons.slug])
    clients["organiser"].post(url)
    clients["organiser"].post(url)
    tax = Taxonomy.objects.get(commons=commons)
    assert tax.terms.count() == len(services.COMMONS_TERMS)
    assert "Food and meals" in clients["member"].get(reverse("networks:directory_terms", args=[commons.slug])).content.decode()


def test_directory_page_query_count_does_not_grow(clients, commons, world):
    assert_queries_constant(clients["member"], reverse("networks:directory", args=[commons.slug]), lambda: grow(commons))


def test_service_page_query_count_does_not_grow(clients, commons, world):
    lunch = world["lunch"]

    def more():
        place = Location.objects.create(commons=commons, name=f"Extra {Location.objects.count()}", postcode="E5 9DU")
        ServiceAtLocation.objects.create(service=lunch, location=place)
        lunch.terms.add(grow(commons).terms.first())

    assert_queries_constant(clients["member"], reverse("networks:directory_service", args=[commons.slug, lunch.uuid]), more)
    assert_queries_constant(clients["member"], reverse("networks:directory_terms", args=[commons.slug]), lambda: grow(commons))
