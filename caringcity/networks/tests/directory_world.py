"""Test helpers of the directory part: a small directory in a commons, and the Open Referral UK
profile's JSON schemas (read from ``../shared/standards/open-referral-uk/`` beside the repo)."""

import json
import uuid
from functools import cache

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from caringcity.core.models import PostcodeCentroid
from caringcity.core.testing import standards_folder
from caringcity.networks.models import ActorKind, Location, Service, ServiceAtLocation
from caringcity.networks.services.directory import _commons_taxonomy
from caringcity.networks.tests.factories import make_actor

BASE = "https://schemas.test/oruk/"

POINTS = {"E5 8AL": (51.55884, -0.05904), "E5 9DU": (51.56267, -0.06226), "N16 7AA": (51.5600, -0.0750)}


def load_points():
    for code, (lat, lon) in POINTS.items():
        PostcodeCentroid.objects.get_or_create(postcode=code, defaults={"latitude": lat, "longitude": lon, "source": "test"})


def oruk_folder():
    folder = standards_folder() / "open-referral-uk"
    assert folder.is_dir(), f"The Open Referral UK schemas are missing from {folder}."
    return folder


@cache
def _registry():
    ORUK = oruk_folder()
    resources = []
    for path in list((ORUK / "schema").glob("*.json")) + list((ORUK / "schema" / "compiled").glob("*.json")):
        name = path.relative_to(ORUK / "schema").as_posix()
        if name == "openapi.json":
            continue
        contents = {**json.loads(path.read_text()), "$id": BASE + name}
        resources.append((BASE + name, Resource.from_contents(contents, default_specification=DRAFT202012)))
    return Registry().with_resources(resources)


def schema(name):
    return _registry().contents(BASE + name)


def validate(document, name):
    """Every error of ``document`` against the profile's schema ``name`` (for example
    "compiled/service.json"), or an AssertionError listing them."""
    validator = Draft202012Validator(schema(name), registry=_registry(), format_checker=Draft202012Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:20])


def page_schema():
    openapi = json.loads((oruk_folder() / "schema" / "openapi.json").read_text())
    return openapi["components"]["schemas"]["Page"]


def validate_page(document, item_schema):
    """A paged list: the envelope (every field of the profile's Page, with its type) and each item."""
    page = page_schema()
    missing = set(page["properties"]) - set(document)
    assert not missing, f"paging envelope is missing {sorted(missing)}"
    Draft202012Validator(page).validate(document)
    assert isinstance(document["contents"], list)
    assert document["size"] == len(document["contents"])
    for item in document["contents"]:
        validate(item, item_schema)


def all_ids(document):
    """Every value of a key named ``id`` or ending in ``_id`` anywhere in the document."""
    found = []
    if isinstance(document, dict):
        for key, value in document.items():
            if (key == "id" or key.endswith("_id")) and isinstance(value, str):
                found.append(value)
            found.extend(all_ids(value))
    elif isinstance(document, list):
        for item in document:
            found.extend(all_ids(item))
    return found


def assert_uuids(document):
    ids = all_ids(document)
    for value in ids:
        uuid.UUID(value)  # raises on anything that is not a UUID
    return ids


def make_directory(commons):
    """A hub with a published lunch club (two places, two kinds) and an unpublished service."""
    load_points()
    tax = _commons_taxonomy(commons)
    terms = {t.code: t for t in tax.terms.all()}
    hub = make_actor(commons, "Clapton Community Hub", ActorKind.COMMUNITY_HUB, description="A hub on Chatsworth Road.",
                     postcode="E5 8AL", website="https://hub.example.org")
    lunch = Service.objects.create(commons=commons, actor=hub, name="Lunch club", description="Hot lunch and company.",
                                   when="Tuesdays 12 to 2pm", cost="£2", email="lunch@example.org", url="https://hub.example.org/lunch",
                                   phone="020 7946 0000", published=True)
    lunch.terms.set([terms["food"], terms["company"]])
    hall = Location.objects.create(commons=commons, name="St James's Hall", address_1="1 Church Road", postcode="E5 8AL",
                                   latitude=POINTS["E5 8AL"][0], longitude=POINTS["E5 8AL"][1])
    park = Location.objects.create(commons=commons, name="Park cafe", postcode="N16 7AA", latitude=POINTS["N16 7AA"][0], longitude=POINTS["N16 7AA"][1])
    ServiceAtLocation.objects.create(service=lunch, location=hall)
    ServiceAtLocation.objects.create(service=lunch, location=park)
    hidden = Service.objects.create(commons=commons, actor=hub, name="Draft service", published=False)
    hidden.terms.set([terms["digital"]])
    return {"hub": hub, "lunch": lunch, "hidden": hidden, "hall": hall, "park": park, "terms": terms, "taxonomy": tax}


def grow(commons, n=[0]):  # noqa: B006 (a counter shared across calls on purpose)
    """One more published service with its own place and kind (for query-count tests)."""
    from caringcity.networks.models import TaxonomyTerm

    n[0] += 1
    tax = _commons_taxonomy(commons)
    hub = make_actor(commons, f"Group {n[0]}", ActorKind.CHARITY)
    service = Service.objects.create(commons=commons, actor=hub, name=f"Service {n[0]}", published=True, when="Mondays")
    term = TaxonomyTerm.objects.create(taxonomy=tax, code=f"extra-{n[0]}", name=f"Extra {n[0]}")
    service.terms.set([term])
    place = Location.objects.create(commons=commons, name=f"Place {n[0]}", postcode="E5 9DU", latitude=51.56, longitude=-0.06)
    ServiceAtLocation.objects.create(service=service, location=place)
    return service
