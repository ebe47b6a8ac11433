"""The public Open Referral UK API: documents that validate against the profile's schemas, only
published services of the commons, paging, parameters, errors as JSON, open CORS, constant queries."""

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from caringcity.core.testing import assert_queries_constant
from caringcity.networks.models import ActorKind, Service
from caringcity.networks.tests.directory_world import assert_uuids, grow, make_directory, validate, validate_page
from caringcity.networks.tests.factories import make_actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(commons):
    return make_directory(commons)


@pytest.fixture
def api():
    return Client()  # anonymous, no cookies


def _get(api, name, commons, *args, **params):
    response = api.get(reverse(f"networks:{name}", args=[commons.slug, *args]), params)
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    assert response["Access-Control-Allow-Origin"] == "*"
    return response


def test_root_names_the_version_profile_and_openapi(api, commons):
    response = _get(api, "oruk_root", commons)
    assert response.status_code == 200
    doc = response.json()
    assert doc["version"] == "3.0"
    assert doc["profile"].startswith("https://")
    assert doc["openapi_url"].endswith(reverse("networks:oruk_openapi", args=[commons.slug]))
    openapi = api.get(doc["openapi_url"]).json()
    assert {"/", "/services", "/services/{id}", "/service_at_locations", "/taxonomies", "/taxonomy_terms"} <= set(openapi["paths"])
    assert not response.cookies, "the API sets no cookies"


def test_services_list_shows_only_published_services_and_validates(api, commons, other_commons, world):
    foreign = make_actor(other_commons, "Elsewhere Hub", ActorKind.COMMUNITY_HUB)
    Service.objects.create(commons=other_commons, actor=foreign, name="Elsewhere lunch", published=True)
    doc = _get(api, "oruk_services", commons).json()
    validate_page(doc, "compiled/service_list.json")
    assert [s["name"] for s in doc["contents"]] == ["Lunch club"]
    item = doc["contents"][0]
    assert item["id"] == str(world["lunch"].uuid)
    assert item["organization"]["id"] == item["organization_id"] == str(world["hub"].uuid)
    assert (doc["total_items"], doc["total_pages"], doc["page_number"], doc["first_page"], doc["last_page"], doc["empty"]) == (1, 1, 1, True, True, False)
    assert_uuids(doc)


def test_one_service_is_fully_nested_and_validates(api, commons, world):
    doc = _get(api, "oruk_service", commons, world["lunch"].uuid).json()
    validate(doc, "compiled/service.json")
    validate(doc, "compiled/service_with_definitions.json")
    assert {link["location"]["name"] for link in doc["service_at_locations"]} == {"St James's Hall", "Park cafe"}
    hall = next(link["location"] for link in doc["service_at_locations"] if link["location"]["name"] == "St James's Hall")
    assert hall["addresses"][0]["postal_code"] == "E5 8AL" and hall["latitude"] == pytest.approx(51.55884)
    assert {a["taxonomy_term"]["name"] for a in doc["attributes"]} == {"Food and meals", "Company and friendship"}
    assert doc["schedules"][0]["description"] == "Tuesdays 12 to 2pm"
    assert doc["cost_options"][0]["option"] == "£2"
    ids = assert_uuids(doc)
    assert len([i for i in ids if i == doc["id"]]) >= 1


def test_unpublished_unknown_and_malformed_ids_answer_404_json(api, commons, other_commons, world):
    for service_id in (world["hidden"].uuid, uuid.uuid4(), "not-a-uuid"):
        response = _get(api, "oruk_service", commons, service_id)
        assert response.status_code == 404
        assert response.json()["error"]["code"] == 404
    assert _get(api, "oruk_service", other_commons, world["lunch"].uuid).status_code == 404
    response = api.get(f"/c/{commons.slug}/directory/oruk/no-such-thing")
    assert response.status_code == 404 and response.json()["error"]["code"] == 404
    response = api.get("/c/no-such-commons/directory/oruk/services")
    assert response.status_code == 404 and response.json()["error"]["code"] == 404


@pytest.mark.parametrize("params, parameter", [
    ({"page": "0"}, "page"), ({"page": "x"}, "page"), ({"per_page": "0"}, "per_page"), ({"per_page": "100000"}, "per_page"),
    ({"taxonomy_term_id": "food"}, "taxonomy_term_id"), ({"taxonomy_id": "1"}, "taxonomy_id"), ({"minimum_age": "old"}, "minimum_age"),
    ({"start_time": "25:00"}, "start_time"), ({"day": "someday"}, "day"), ({"status": "open"}, "status"),
])
def test_bad_parameters_answer_400_json(api, commons, world, params, parameter):
    response = _get(api, "oruk_services", commons, **params)
    assert response.status_code == 400
    assert response.json()["error"]["parameter"] == parameter


def test_paging_envelope(api, commons, world):
    for _ in range(4):
        grow(commons)
    first = _get(api, "oruk_services", commons, per_page=2).json()
    validate_page(first, "compiled/service_list.json")
    assert (first["total_items"], first["total_pages"], first["size"], first["first_page"], first["last_page"]) == (5, 3, 2, True, False)
    last = _get(api, "oruk_services", commons, per_page=2, page=3).json()
    assert (last["page_number"], last["size"], last["first_page"], last["last_page"], last["empty"]) == (3, 1, False, True, False)
    beyond = _get(api, "oruk_services", commons, per_page=2, page=9).json()
    assert beyond["contents"] == [] and beyond["empty"] is True
    names = [s["name"] for p in (1, 2, 3) for s in _get(api, "oruk_services", commons, per_page=2, page=p).json()["contents"]]
    assert len(set(names)) == 5


def test_search_and_taxonomy_filters(api, commons, world):
    grow(commons)
    assert [s["name"] for s in _get(api, "oruk_services", commons, search="lunch").json()["contents"]] == ["Lunch club"]
    assert [s["name"] for s in _get(api, "oruk_services", commons, text="LUNCH").json()["contents"]] == ["Lunch club"]
    food = world["terms"]["food"]
    assert [s["name"] for s in _get(api, "oruk_services", commons, taxonomy_term_id=str(food.uuid)).json()["contents"]] == ["Lunch club"]
    assert _get(api, "oruk_services", commons, taxonomy_term_id=str(uuid.uuid4())).json()["total_items"] == 0
    # the term of the unpublished service finds nothing
    assert _get(api, "oruk_services", commons, taxonomy_term_id=str(world["terms"]["digital"].uuid)).json()["total_items"] == 0
    everything = _get(api, "oruk_services", commons, taxonomy_id=str(world["taxonomy"].uuid)).json()
    assert everything["total_items"] == 2  # lunch club once, even with two terms; and the grown one
    # optional parameters we cannot filter on are accepted
    assert _get(api, "oruk_services", commons, minimum_age="18", day="MO", start_time="09:30").json()["total_items"] == 2


def test_service_at_locations_validate_and_sort_by_distance(api, commons, world):
    doc = _get(api, "oruk_service_at_locations", commons).json()
    validate_page(doc, "compiled/service_at_location_list.json")
    assert doc["total_items"] == 2
    near = _get(api, "oruk_service_at_locations", commons, postcode="n167aa").json()
    assert [c["location"]["name"] for c in near["contents"]] == ["Park cafe", "St James's Hall"]
    close = _get(api, "oruk_service_at_locations", commons, postcode="N16 7AA", proximity="500").json()
    assert [c["location"]["name"] for c in close["contents"]] == ["Park cafe"]
    assert _get(api, "oruk_service_at_locations", commons, proximity="500").status_code == 400
    assert _get(api, "oruk_service_at_locations", commons, postcode="nowhere").status_code == 400
    assert _get(api, "oruk_service_at_locations", commons, postcode="N16 7AA", proximity="far").status_code == 400
    one = _get(api, "oruk_service_at_location", commons, doc["contents"][0]["id"]).json()
    validate(one, "compiled/service_at_location.json")
    assert_uuids(one)


def test_taxonomies_and_terms_show_only_what_published_services_use(api, commons, world):
    taxonomies = _get(api, "oruk_taxonomies", commons).json()
    validate_page(taxonomies, "taxonomy.json")
    [tax] = taxonomies["contents"]
    assert {t["name"] for t in tax["taxonomy_terms"]} == {"Food and meals", "Company and friendship"}
    terms = _get(api, "oruk_taxonomy_terms", commons).json()
    validate_page(terms, "taxonomy_term.json")
    assert {t["name"] for t in terms["contents"]} == {"Food and meals", "Company and friendship"}
    assert "Digital help" not in str(terms)
    one = _get(api, "oruk_taxonomy_term", commons, world["terms"]["food"].uuid).json()
    validate(one, "taxonomy_term.json")
    assert _get(api, "oruk_taxonomy_term", commons, world["terms"]["digital"].uuid).status_code == 404
    validate(_get(api, "oruk_taxonomy", commons, world["taxonomy"].uuid).json(), "taxonomy.json")


def test_cors_preflight_and_read_only(api, commons, world):
    url = reverse("networks:oruk_services", args=[commons.slug])
    response = api.options(url, HTTP_ORIGIN="https://elsewhere.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET")
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Access-Control-Allow-Methods"]
    response = api.post(url, {})
    assert response.status_code == 405 and response.json()["error"]["code"] == 405
    assert Service.objects.filter(commons=commons).count() == 2


def test_signed_in_people_get_the_same_public_documents(clients, commons, world):
    url = reverse("networks:oruk_services", args=[commons.slug])
    public = clients["anonymous"].get(url).json()
    for role in ("outsider", "member", "organiser"):
        assert clients[role].get(url).json() == public, role


@pytest.mark.parametrize("name, args", [("oruk_services", ()), ("oruk_service_at_locations", ()), ("oruk_taxonomies", ()), ("oruk_taxonomy_terms", ())])
def test_query_count_does_not_grow(api, commons, name, args):
    url = reverse(f"networks:{name}", args=[commons.slug, *args])
    assert_queries_constant(api, url, lambda: grow(commons))


def test_one_service_query_count_does_not_grow(api, commons, world):
    url = reverse("networks:oruk_service", args=[commons.slug, world["lunch"].uuid])

    def more():
        from caringcity.networks.models import Location, ServiceAtLocation

        grow(commons)
        place = Location.objects.create(commons=commons, name=f"Extra {Location.objects.count()}", postcode="E5 9DU")
        ServiceAtLocation.objects.create(service=world["lunch"], location=place)
        world["lunch"].terms.add(*world["terms"].values())

    assert_queries_constant(api, url, more)
