"""GeoJSON for places: the export is a valid RFC 7946 FeatureCollection that names no unnamed
resident and gives no resident's postcode; the import (organisers only) is all or nothing, says
what is wrong with every bad feature, and never answers with a server error."""

import json
import math
from uuid import uuid4

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from caringcity.core.models import AuditEvent, PostcodeCentroid
from caringcity.core.testing import assert_matrix
from caringcity.networks.forms.places import MAX_BYTES, read_geojson
from caringcity.networks.models import Actor, ActorKind
from caringcity.networks.tests.factories import make_actor

pytestmark = pytest.mark.django_db

POINTS = {"E5 9DU": (51.56267, -0.06226), "E5 0YU": (51.56552, -0.04830), "N16 6DH": (51.56627, -0.08153)}


# --- RFC 7946, as far as these files go ----------------------------------------------------------------
def _position_ok(position):
    return (isinstance(position, list) and 2 <= len(position) <= 3
            and all(isinstance(n, (int, float)) and not isinstance(n, bool) and math.isfinite(n) for n in position)
            and -180 <= position[0] <= 180 and -90 <= position[1] <= 90)


def rfc7946_problems(doc):
    """What in ``doc`` breaks RFC 7946 (FeatureCollection of Point features): [] when valid."""
    problems = []
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        return ["not a FeatureCollection (3.3)"]
    if not isinstance(doc.get("features"), list):
        return ["FeatureCollection without a features array (3.3)"]
    for key in ("coordinates", "geometries", "geometry", "properties"):
        if key in doc:
            problems.append(f"FeatureCollection has the member {key!r} (7.1)")
    if "crs" in doc:
        problems.append("crs is not part of RFC 7946 (4)")
    for i, feature in enumerate(doc["features"]):
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            problems.append(f"{i}: not a Feature (3.2)")
            continue
        if "geometry" not in feature or "properties" not in feature:
            problems.append(f"{i}: a Feature has geometry and properties members (3.2)")
        if "id" in feature and not isinstance(feature["id"], (str, int, float)):
            problems.append(f"{i}: id must be a string or number (3.2)")
        if feature.get("properties") is not None and not isinstance(feature["properties"], dict):
            problems.append(f"{i}: properties must be an object or null (3.2)")
        geometry = feature.get("geometry")
        if geometry is not None:
            if not isinstance(geometry, dict) or geometry.get("type") != "Point":
                problems.append(f"{i}: geometry is not a Point (3.1.2)")
            elif not _position_ok(geometry.get("coordinates")):
                problems.append(f"{i}: bad position (3.1.1)")
    return problems


def test_the_rfc_check_itself_finds_problems():
    assert rfc7946_problems({"type": "FeatureCollection", "features": []}) == []
    assert rfc7946_problems({"type": "Feature"})
    bad = {"type": "FeatureCollection", "crs": {}, "features": [
        {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [51.5, -190]}},
        {"type": "Feature", "geometry": None},
        {"type": "Feature", "properties": [], "geometry": {"type": "LineString", "coordinates": []}}]}
    assert len(rfc7946_problems(bad)) == 5


# --- export ------------------------------------------------------------------------------------------
@pytest.fixture
def world(commons):
    for code, (lat, lon) in POINTS.items():
        PostcodeCentroid.objects.create(postcode=code, latitude=lat, longitude=lon, source="ONS Postcode Directory 2025")
    PostcodeCentroid.objects.create(postcode="E5", latitude=51.56, longitude=-0.055, source="ONS Postcode Directory 2025")

    def placed(name, kind, postcode, **fields):
        lat, lon = POINTS[postcode]
        return make_actor(commons, name=name, kind=kind, postcode=postcode, latitude=lat, longitude=lon, **fields)

    return {
        "hub": placed("Clapton Community Hub", ActorKind.COMMUNITY_HUB, "E5 0YU", description="Tea on Tuesdays."),
        "hidden": placed("Harriet Secret", ActorKind.RESIDENT, "E5 9DU"),
        "named": placed("Rosa Lind", ActorKind.RESIDENT, "E5 9DU", show_name=True),
        "unplaced": make_actor(commons, name="Nowhere Group", kind=ActorKind.GRASSROOTS),
    }


def _export(client, commons):
    response = client.get(reverse("networks:places_geojson", args=[commons.slug]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/geo+json")
    return response, json.loads(response.content)


def test_export_is_rfc7946_and_keeps_residents_private(clients, commons, world):
    response, doc = _export(clients["member"], commons)
    assert rfc7946_problems(doc) == []
    by_uuid = {f["properties"]["uuid"]: f for f in doc["features"]}
    assert set(by_uuid) == {str(world[k].uuid) for k in ("hub", "hidden", "named")}  # nothing without a point
    hub = by_uuid[str(world["hub"].uuid)]
    assert hub["geometry"]["coordinates"] == [-0.0483, 51.56552]  # [longitude, latitude]
    assert hub["properties"] == {"name": "Clapton Community Hub", "kind": "community_hub", "postcode": "E5 0YU",
                                 "district": "E5", "uuid": str(world["hub"].uuid)}
    hidden = by_uuid[str(world["hidden"].uuid)]
    assert hidden["properties"]["name"] == "A resident, E5" and hidden["properties"]["postcode"] == "E5"
    assert hidden["geometry"]["coordinates"] == [-0.055, 51.56]  # the district's centre
    body = response.content.decode()
    assert "Harriet" not in body and "E5 9DU" not in body and "Tea on Tuesdays" not in body
    assert "Royal Mail" in doc["attribution"]
    for feature in doc["features"]:
        for number in feature["geometry"]["coordinates"]:
            assert round(number, 5) == number


# --- import ------------------------------------------------------------------------------------------
def _feature(name, kind, postcode=None, point=None, **properties):
    props = {"name": name, "kind": kind, **properties}
    if postcode is not None:
        props["postcode"] = postcode
    geometry = {"type": "Point", "coordinates": list(point)} if point else None
    return {"type": "Feature", "geometry": geometry, "properties": props}


def _collection(*features):
    return json.dumps({"type": "FeatureCollection", "features": list(features)}).encode()


def _upload(client, commons, raw, name="places.geojson"):
    url = reverse("networks:places_import", args=[commons.slug])
    return client.post(url, {"file": SimpleUploadedFile(name, raw, content_type="application/geo+json")})


def _state(commons):
    return sorted(Actor.objects.filter(commons=commons).values_list("name", "kind", "postcode", "latitude", "longitude", "show_name"))


def test_only_organisers_may_import(clients, commons, world):
    url = reverse("networks:places_import", args=[commons.slug])
    assert_matrix(clients, url, {"anonymous": 302, "outsider": 404, "member": 404, "owner": 404, "proxy": 404,
                                 "organiser": 200, "admin": 200})
    before = _state(commons)
    raw = _collection(_feature("Sneaky Group", "charity", "E5 0YU"))
    for role in ("anonymous", "outsider", "member", "owner", "proxy"):
        response = _upload(clients[role], commons, raw)
        assert response.status_code in (302, 404) and "/accounts/" in response.get("Location", "/accounts/")
        assert _state(commons) == before, role
    assert not AuditEvent.objects.filter(action="networks.places.import").exists()


def test_import_creates_updates_and_snaps_to_postcodes(clients, commons, world, personas):
    raw = _collection(
        _feature("Clapton Community Hub", "community_hub", "E5 9DU"),  # by name and kind: moved
        _feature("Lea Bridge Allotments", "Grassroots or mutual-aid group", point=(-0.0401, 51.5621)),  # kind by label
        _feature("New Neighbour", "resident", "n166dh", point=(-0.1, 51.6)),  # snapped, not the point given
        _feature("Food Bank", "food_hub", "E5 0YU", point=(-0.2, 51.4), description="Fridays."),
    )
    response = _upload(clients["organiser"], commons, raw)
    assert response.status_code == 302, response.content.decode()[:2000]
    hub = Actor.objects.get(pk=world["hub"].pk)
    assert (hub.postcode, hub.latitude, hub.longitude) == ("E5 9DU", *POINTS["E5 9DU"])
    allotments = Actor.objects.get(name="Lea Bridge Allotments")
    assert (allotments.kind, allotments.postcode, allotments.latitude, allotments.longitude) == ("grassroots", "", 51.5621, -0.0401)
    neighbour = Actor.objects.get(name="New Neighbour")
    assert (neighbour.postcode, neighbour.latitude, neighbour.longitude, neighbour.show_name) == ("N16 6DH", *POINTS["N16 6DH"], False)
    food = Actor.objects.get(name="Food Bank")
    assert (food.latitude, food.longitude, food.description, food.created_by) == (*POINTS["E5 0YU"], "Fridays.", personas.user("organiser"))
    event = AuditEvent.objects.get(action="networks.places.import")
    assert event.commons == commons and event.reason == "3 added, 1 changed"


def test_export_then_import_changes_nothing(clients, commons, world):
    before = _state(commons)
    _response, doc = _export(clients["organiser"], commons)
    response = _upload(clients["organiser"], commons, json.dumps(doc).encode())
    assert response.status_code == 302
    assert _state(commons) == before  # "A resident, E5" keeps her name and her own postcode


def test_every_bad_feature_is_reported_and_nothing_is_written(clients, commons, world):
    before = _state(commons)
    raw = _collection(
        _feature("Good Group", "charity", "E5 0YU"),
        _feature("", "charity", "E5 0YU"),
        _feature("Odd One", "spaceship", "E5 0YU"),
        _feature("Paris Group", "charity", point=(2.35, 48.85)),
        {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[-0.05, 51.5], [-0.06, 51.6]]},
         "properties": {"name": "A Walk", "kind": "market"}},
        _feature("Someone", "resident", point=(-0.05, 51.56)),
        _feature("Nowhere", "charity"),
        _feature("Bad Postcode", "charity", "not a postcode"),
        _feature("Unknown", "charity", uuid=str(uuid4())),
        _feature("Swapped", "charity", point=(51.56, -0.05)),
        "just a string",
        _feature("Far Resident", "resident", "ZE2 9AA"),
    )
    response = _upload(clients["organiser"], commons, raw)
    assert response.status_code == 400
    html = response.content.decode()
    for number, words in [(2, "the name is missing"), (3, "is not one we know"), (4, "outside the UK"),
                          (5, "it is not a Point"), (6, "a resident needs a postcode"), (7, "it needs a postcode or a point"),
                          (8, "is not a UK postcode"), (10, "outside the UK"), (11, "it is not a Feature")]:
        assert f"Feature {number}: " in html and words in html, (number, words)
    assert "Feature 1:" not in html
    assert _state(commons) == before
    # the database checks come once the file itself is good
    raw = _collection(_feature("Good Group", "charity", "E5 0YU"), _feature("Unknown", "charity", "E5 0YU", uuid=str(uuid4())),
                      _feature("Far Resident", "resident", "ZE2 9AA"), _feature("Good Group", "charity", "E5 9DU"))
    response = _upload(clients["organiser"], commons, raw)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Feature 2: no place on this map has this uuid" in html
    assert "Feature 3: we have no centre for the postcode ZE2 9AA" in html
    assert "Feature 4: it is the same place as feature 1" in html
    assert _state(commons) == before


@pytest.mark.parametrize("raw, words", [
    (b"\x89PNG\r\n\x1a\n\x00\x00", "not text in UTF-8"),
    (b"name,kind\nGroup,charity\n", "not JSON"),
    (b'{"type": "Feature", "geometry": null, "properties": {}}', "FeatureCollection"),
    (b'{"type": "FeatureCollection", "features": {}}', "no list of features"),
    (b'{"type": "FeatureCollection", "features": []}', "no features"),
    (b'{"type": "FeatureCollection", "features": [' + b"[" * 100000 + b"]" * 100000 + b"]}", "not JSON"),
    (b'{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [NaN, 51]}}]}', "not JSON"),
    (b'{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [1' + b"0" * 5000 + b', 51]}}]}', "not JSON"),
    (b"[]", "FeatureCollection"),
    (b"", "submitted file is empty"),
])
def test_no_upload_gives_a_server_error(clients, commons, world, raw, words):
    before = _state(commons)
    response = _upload(clients["organiser"], commons, raw)
    assert response.status_code == 400
    assert words in response.content.decode()
    assert _state(commons) == before


def test_size_limits(clients, commons, world):
    huge = b" " * (MAX_BYTES + 1) + _collection(_feature("Group", "charity", "E5 0YU"))
    response = _upload(clients["organiser"], commons, huge)
    assert response.status_code == 400 and "too big" in response.content.decode()
    many = _collection(*[_feature(f"G{i}", "charity", "E5 0YU") for i in range(5001)])
    features, problems = read_geojson(many)
    assert features == [] and "at most 5000" in problems[0]
