"""Importing Open Referral UK files and feeds: all or nothing, every bad record named, re-import
updates, organisations become actors, places by postcode centroid, feeds fetched in a task."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from caringcity.networks import oruk
from caringcity.networks.models import Actor, ActorKind, DirectoryImport, Location, Service, TaxonomyTerm
from caringcity.networks.services import directory as services
from caringcity.networks.tests.directory_world import load_points, make_directory

pytestmark = pytest.mark.django_db


def feed_service(n, *, postcode="E5 8AL", org="Hackney Foodbank", **extra):
    return {
        "id": f"svc-{n}", "name": f"Service {n}", "status": "active", "description": "Food parcels.",
        "organization": {"id": "org-1", "name": org, "description": "A food bank."},
        "service_at_locations": [{"id": f"sal-{n}", "location": {"id": f"loc-{n}", "location_type": "physical", "name": "Church hall",
                                                               "addresses": [{"address_1": "1 High St", "city": "London", "postal_code": postcode}]}}],
        "attributes": [{"id": f"a-{n}", "taxonomy_term": {"id": "term-food", "name": "Food", "description": "", "taxonomy": "Local list"}}],
        "schedules": [{"id": f"s-{n}", "byday": "MO,WE", "opens_at": "10:00", "closes_at": "12:00"}],
        "cost_options": [{"id": f"c-{n}", "option": "Free", "amount": 0}],
        **extra,
    }


def _counts():
    return Service.objects.count(), Actor.objects.count(), Location.objects.count(), TaxonomyTerm.objects.count()


def test_a_good_page_imports_organisations_places_and_terms(commons, personas):
    load_points()
    user = personas.user("organiser")
    page = {"total_items": 2, "contents": [feed_service(1), feed_service(2, postcode="N16 7AA")]}
    job = services.directory_import_file(actor=user, commons=commons, what="services", filename="feed.json",
                                         content=json.dumps(page).encode(), publish=True)
    assert job.state == DirectoryImport.State.DONE, job.problems
    assert job.counts == {"created": 2, "updated": 0, "actors_created": 1}
    actor = Actor.objects.get(commons=commons, name="Hackney Foodbank")
    assert actor.kind == ActorKind.FOOD_HUB  # guessed from the name
    service = Service.objects.get(commons=commons, external_id="svc-2")
    assert service.published and service.source == "file: feed.json" and service.when == "Mon, Wed 10:00 to 12:00"
    [place] = [link.location for link in service.at_locations.all()]
    assert (place.postcode, place.latitude) == ("N16 7AA", 51.5600)
    assert [t.name for t in service.terms.all()] == ["Food"]


def test_reimport_updates_instead_of_duplicating(commons, personas):
    user = personas.user("organiser")
    content = json.dumps([feed_service(1)]).encode()
    services.directory_import_file(actor=user, commons=commons, what="services", filename="feed.json", content=content)
    before = _counts()
    changed = json.dumps([feed_service(1, name="Renamed")]).encode()
    job = services.directory_import_file(actor=user, commons=commons, what="services", filename="feed.json", content=changed)
    assert job.counts["updated"] == 1 and job.counts["created"] == 0
    assert _counts() == before
    assert Service.objects.get(external_id="svc-1").name == "Renamed"


def test_every_bad_record_is_named_and_nothing_is_written(commons, personas):
    user = personas.user("organiser")
    bad = [feed_service(1), {"id": "svc-2", "status": "open", "organization": {"name": "X"}},
           feed_service(3, postcode="NOT A CODE", email="nope"), "a string", feed_service(1)]
    before = _counts()
    job = services.directory_import_file(actor=user, commons=commons, what="services", filename="bad.json", content=json.dumps(bad).encode())
    assert job.state == DirectoryImport.State.FAILED
    text = "\n".join(job.problems)
    assert "Service 2: name is missing" in text
    assert "Service 2: status 'open'" in text
    assert "Service 3 (Service 3): postal_code 'NOT A CODE' is not a UK postcode" in text
    assert "Service 3 (Service 3): email 'nope' is not valid" in text
    assert "Service 4: it should be an object" in text
    assert "Service 5: id 'svc-1' is also used by service 1" in text
    assert _counts() == before


@pytest.mark.parametrize("content", [b"not json", b"{\"contents\": []}", b"42", b"\xff\xfe"])
def test_unreadable_files_are_reported(commons, personas, content):
    job = services.directory_import_file(actor=personas.user("organiser"), commons=commons, what="services", filename="x.json", content=content)
    assert job.state == DirectoryImport.State.FAILED and job.problems
    assert Service.objects.count() == 0


def test_our_own_api_output_imports_back(commons, other_commons, personas, client):
    world = make_directory(commons)
    doc = client.get(reverse("networks:oruk_service", args=[commons.slug, world["lunch"].uuid])).json()
    job = services.directory_import_file(actor=personas.user("outsider"), commons=other_commons, what="services", filename="one.json",
                                         content=json.dumps(doc).encode())
    assert job.state == DirectoryImport.State.DONE, job.problems
    copy = Service.objects.get(commons=other_commons)
    assert copy.name == "Lunch club" and copy.cost == "£2" and copy.when == "Tuesdays 12 to 2pm"
    assert {link.location.postcode for link in copy.at_locations.all()} == {"E5 8AL", "N16 7AA"}
    assert {t.name for t in copy.terms.all()} == {"Food and meals", "Company and friendship"}
    assert copy.actor.commons == other_commons and copy.actor.kind == ActorKind.COMMUNITY_HUB


def test_terms_import_with_parents(commons, personas):
    doc = {"contents": [{"id": "t1", "name": "Food", "description": "", "taxonomy": "Partner list"},
                        {"id": "t2", "name": "Food banks", "description": "", "taxonomy": "Partner list", "parent_id": "t1"}]}
    job = services.directory_import_file(actor=personas.user("organiser"), commons=commons, what="terms", filename="t.json", content=json.dumps(doc).encode())
    assert job.state == DirectoryImport.State.DONE, job.problems
    child = TaxonomyTerm.objects.get(taxonomy__commons=commons, code="t2")
    assert child.parent.name == "Food" and child.taxonomy.name == "Partner list"
    bad = {"contents": [{"id": "t3", "name": "Orphan", "parent_id": "missing"}, {"name": "No id"}]}
    job = services.directory_import_file(actor=personas.user("organiser"), commons=commons, what="terms", filename="t.json", content=json.dumps(bad).encode())
    assert job.state == DirectoryImport.State.FAILED
    assert any("parent_id 'missing'" in p for p in job.problems) and any("term id is missing" in p for p in job.problems)
    assert not TaxonomyTerm.objects.filter(code="t3").exists()


def test_feed_paging_is_followed(commons, personas, monkeypatch):
    pages = {
        1: {"total_pages": 2, "page_number": 1, "contents": [feed_service(1)]},
        2: {"total_pages": 2, "page_number": 2, "contents": [feed_service(2)]},
    }
    asked = []

    def fake_get(url):
        asked.append(url)
        number = int(url.split("&page=")[1]) if "&page=" in url else 1
        return json.dumps(pages[number]).encode()

    monkeypatch.setattr(services, "http_get", fake_get)
    job = services.directory_import_feed(actor=personas.user("organiser"), commons=commons, what="services",
                                         url="https://feed.example/api/services?per_page=1")
    # the immediate task backend runs it when the transaction commits; run it here as the worker would
    job = services.directory_import_fetch(import_id=job.pk)
    assert job.state == DirectoryImport.State.DONE, job.problems
    assert asked == ["https://feed.example/api/services?per_page=1", "https://feed.example/api/services?per_page=1&page=2"]
    assert Service.objects.filter(commons=commons, source="https://feed.example/api/services?per_page=1").count() == 2
    assert services.directory_import_fetch(import_id=job.pk).state == DirectoryImport.State.DONE  # twice is harmless


def test_a_failed_fetch_is_reported_not_raised(commons, personas, monkeypatch):
    def broken(url):
        raise services.FetchFailed("The feed could not be reached: refused")

    monkeypatch.setattr(services, "http_get", broken)
    job = services.directory_import_feed(actor=personas.user("organiser"), commons=commons, what="services", url="https://down.example/")
    job = services.directory_import_fetch(import_id=job.pk)
    assert job.state == DirectoryImport.State.FAILED and "refused" in job.problems[0]


def test_only_http_and_https_are_fetched():
    with pytest.raises(services.FetchFailed):
        services.http_get("file:///etc/passwd")
    with pytest.raises(services.FetchFailed):
        services.http_get("ftp://example.org/x")


def test_http_get_refuses_big_bodies(monkeypatch):
    class Big:
        def __enter__(self):
            return self

        def __exit__(self, *args):
            return False

        def read(self, n):
            return b"x" * n

    monkeypatch.setattr(services.urllib.request, "urlopen", lambda request, timeout: Big())
    with pytest.raises(services.FetchFailed, match="bigger"):
        services.http_get("https://example.org/huge")


def test_import_page_upload_and_feed(clients, commons, monkeypatch):
    url = reverse("networks:directory_import", args=[commons.slug])
    upload = SimpleUploadedFile("feed.json", json.dumps([feed_service(1)]).encode(), content_type="application/json")
    response = clients["organiser"].post(url, {"what": "services", "file": upload})
    job = DirectoryImport.objects.get(commons=commons)
    assert response.status_code == 302 and response["Location"].endswith(f"/import/{job.uuid}/")
    page = clients["organiser"].get(response["Location"])
    assert "New services: 1" in page.content.decode()
    bad = SimpleUploadedFile("bad.json", b"[{\"id\": \"x\"}]", content_type="application/json")
    response = clients["organiser"].post(url, {"what": "services", "file": bad}, follow=True)
    assert "Service 1: name is missing" in response.content.decode()
    # neither a file nor an address: the form says so and keeps what was typed
    response = clients["organiser"].post(url, {"what": "terms"})
    assert response.status_code == 400 and "one of the two" in response.content.decode()
    # a feed: fetched by the task (immediate in tests), its failure shown on the import's page
    monkeypatch.setattr(services, "http_get", lambda u: (_ for _ in ()).throw(services.FetchFailed("The feed answered with an error (500).")))
    response = clients["organiser"].post(url, {"what": "services", "url": "https://down.example/services"}, follow=True)
    assert response.status_code == 200
    job = DirectoryImport.objects.get(url="https://down.example/services")
    assert job.state in (DirectoryImport.State.FAILED, DirectoryImport.State.WAITING)


def test_guess_kind():
    assert oruk.guess_kind("Ridley Road Market") == ActorKind.MARKET
    assert oruk.guess_kind("Hackney Council Adult Social Care") == ActorKind.STATUTORY
    assert oruk.guess_kind("Clapton Community Hub") == ActorKind.COMMUNITY_HUB
    assert oruk.guess_kind("Friends of the Park") == oruk.DEFAULT_KIND
