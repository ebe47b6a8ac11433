"""Import into the neighbourhood map (all or nothing, organisers only), the exchange page and the
downloads (who may, query counts), and the care map export (the owner's choice holds)."""

import datetime
import io
import json
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from caringcity.core.models import AuditEvent, PostcodeCentroid
from caringcity.core.testing import assert_matrix, assert_queries_constant
from caringcity.networks.exchange.formats import FORMATS
from caringcity.networks.graph import Edge, Graph, Node
from caringcity.networks.models import Actor, ActorKind, CareKind, Connection, ConnectionStatus, Direction, Snapshot
from caringcity.networks.selectors.exchange import map_import_plan
from caringcity.networks.selectors.graphs import community_graph
from caringcity.networks.services.exchange import map_import
from caringcity.networks.tests.factories import care_kinds, make_actor, make_care_map, make_connection, make_node, make_tie
from caringcity.networks.views.base import page_sections

pytestmark = pytest.mark.django_db


def _state(commons):
    """Everything an import could change, to assert that a refused one changed nothing."""
    return (
        sorted(Actor.objects.filter(commons=commons).values_list("uuid", "name", "kind", "postcode", "description", "show_name", "since")),
        sorted(Connection.objects.filter(commons=commons).values_list("uuid", "source_id", "target_id", "status", "direction", "since")),
        sorted(CareKind.objects.filter(commons=commons).values_list("key", "name")),
        sorted(Connection.care_kinds.through.objects.filter(connection__commons=commons).values_list("connection_id", "carekind_id")),
    )


def _csv_zip(elements, connections):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("elements.csv", elements)
        archive.writestr("connections.csv", connections)
    return out.getvalue()


GOOD_ELEMENTS = ("Label,Type,Description,postcode,since,show_name\r\n"
                 "Clapton Food Bank,Food hub or food bank,Food every Friday,E5 0LH,2023-04-01,\r\n"
                 "May Fisher,resident,,E5 8QR,,\r\n"
                 "Tom Reed,resident,,E5 9AA,,yes\r\n")
GOOD_CONNECTIONS = ("From,To,Direction,status,care_kinds,since\r\n"
                    "Clapton Food Bank,May Fisher,directed,engaged,Food | Befriending,2024-01-02\r\n"
                    "May Fisher,Tom Reed,mutual,generative,,\r\n")


@pytest.fixture
def hub(commons):
    care_kinds(commons, ["Food"])
    return make_actor(commons, "Chatsworth Road Hub", ActorKind.COMMUNITY_HUB, postcode="E5 0LH")


def test_import_adds_actors_connections_and_new_kinds_of_care_placed_by_postcode(commons, personas, hub):
    PostcodeCentroid.objects.create(postcode="E5", latitude=51.559, longitude=-0.053)
    graph = FORMATS["csv"].read(_csv_zip(GOOD_ELEMENTS, GOOD_CONNECTIONS))
    plan = map_import_plan(commons, graph)
    assert plan.problems == [] and plan.new_care_kinds == ["Befriending"]
    map_import(actor=personas.user("organiser"), commons=commons, graph=graph, source="csv")
    bank = Actor.objects.get(commons=commons, name="Clapton Food Bank")
    assert (bank.kind, bank.postcode, bank.latitude, bank.since) == (ActorKind.FOOD_HUB, "E5 0LH", 51.559, datetime.date(2023, 4, 1))
    may, tom = Actor.objects.get(name="May Fisher"), Actor.objects.get(name="Tom Reed")
    assert (may.show_name, tom.show_name) == (False, True)  # unnamed unless the file says so
    gives = Connection.objects.get(source=bank, target=may)
    assert (gives.direction, gives.status, sorted(k.name for k in gives.care_kinds.all())) == (Direction.ONE_WAY, "engaged", ["Befriending", "Food"])
    assert Connection.objects.get(source=may, target=tom).direction == Direction.BOTH
    event = AuditEvent.objects.get(action="networks.map.import")
    assert "actors added 3" in event.reason and "May" not in event.reason and "Food" not in event.reason


def test_a_file_with_several_bad_rows_reports_them_all_and_writes_nothing(commons, personas, hub):
    elements = ("Label,Type,since,postcode,email\r\n"
                "Good group,grassroots,,,\r\n"
                "Odd one,spaceship,,,\r\n"  # unknown kind
                "Late,charity,31/02/2024,,\r\n"  # bad date
                "Far away,charity,,NOT A CODE,\r\n"  # bad postcode
                "Mailer,charity,,,not-an-address\r\n")  # bad e-mail
    connections = "From,To,status\r\nGood group,Late,friendly\r\n"  # bad status
    before = _state(commons)
    graph = FORMATS["csv"].read(_csv_zip(elements, connections))
    with pytest.raises(ValidationError) as caught:
        map_import(actor=personas.user("organiser"), commons=commons, graph=graph, source="csv")
    text = "\n".join(caught.value.messages)
    for expected in ("“spaceship” is not one we know", "“31/02/2024” is not a date", "“NOT A CODE” is not a UK postcode",
                     "“not-an-address” is not a valid email", "the status “friendly”"):
        assert expected in text, text
    assert len(caught.value.messages) == 5
    assert _state(commons) == before and not AuditEvent.objects.filter(action="networks.map.import").exists()


def test_an_export_imported_again_changes_nothing_not_even_unnamed_residents(commons, personas, hub):
    food = CareKind.objects.get(commons=commons, name="Food")
    edna = make_actor(commons, "Edna Lowe", ActorKind.RESIDENT, postcode="E5 8QR", description="Lives alone")
    make_connection(hub, edna, kinds=[food], since=datetime.date(2025, 1, 5))
    make_connection(edna, hub, status=ConnectionStatus.INACTIVE, direction=Direction.ONE_WAY)
    before = _state(commons)
    for fmt, writer in FORMATS.items():
        graph = writer.read(writer.write(community_graph(commons)))
        plan = map_import_plan(commons, graph)
        assert (plan.problems, plan.changes_anything) == ([], False), (fmt, plan)
        map_import(actor=personas.user("organiser"), commons=commons, graph=graph, source=fmt)
    assert _state(commons) == before


def test_import_matches_by_id_or_by_name_and_kind_and_updates(commons, personas, hub):
    graph = Graph("", [Node(str(hub.uuid), "Chatsworth Road Hub", {"kind": "community_hub", "description": "Open daily"}),
                       Node("x", "chatsworth road hub", {"kind": "Community hub", "postcode": "E5 0LH"}),
                       Node("m", "New market", {"kind": "market"})], [])
    plan = map_import_plan(commons, graph)
    assert any("same actor as element 1" in p for p in plan.problems)
    graph.nodes.pop(1)
    graph.edges.append(Edge("c", "m", str(hub.uuid), directed=True, attrs={"active": False}))
    map_import(actor=personas.user("admin"), commons=commons, graph=graph, source="kumu")
    hub.refresh_from_db()
    assert hub.description == "Open daily" and Actor.objects.filter(commons=commons).count() == 2
    assert Connection.objects.get(target=hub).status == ConnectionStatus.INACTIVE


def test_a_denied_import_changes_nothing(commons, personas, clients, hub):
    before = _state(commons)
    graph = FORMATS["csv"].read(_csv_zip(GOOD_ELEMENTS, GOOD_CONNECTIONS))
    with pytest.raises(PermissionDenied):
        map_import(actor=personas.user("member"), commons=commons, graph=graph, source="csv")
    url = reverse("networks:map_import", args=[commons.slug])
    for role in ("member", "owner", "proxy", "outsider"):
        upload = SimpleUploadedFile("map.zip", _csv_zip(GOOD_ELEMENTS, GOOD_CONNECTIONS))
        assert clients[role].post(url, {"format": "csv", "file": upload}).status_code == 404
        response = clients[role].post(reverse("networks:map_import_confirm", args=[commons.slug]), {"token": "x"})
        assert response.status_code == 404
    assert _state(commons) == before


def test_preview_then_confirm_through_the_pages(commons, clients, hub):
    client = clients["organiser"]
    url = reverse("networks:map_import", args=[commons.slug])
    response = client.post(url, {"format": "csv", "file": SimpleUploadedFile("map.zip", _csv_zip(GOOD_ELEMENTS, GOOD_CONNECTIONS))})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Check what will change" in body and "Befriending" in body and "Clapton Food Bank" in body
    assert not Actor.objects.filter(name="Clapton Food Bank").exists()  # nothing yet
    token = client.session["networks_exchange_import"]["token"]
    response = client.post(reverse("networks:map_import_confirm", args=[commons.slug]), {"token": token})
    assert response.status_code == 302
    assert Actor.objects.filter(commons=commons).count() == 4 and Connection.objects.filter(commons=commons).count() == 2
    again = client.post(reverse("networks:map_import_confirm", args=[commons.slug]), {"token": token})
    assert again.status_code == 302 and Actor.objects.filter(commons=commons).count() == 4  # used once


def test_uploads_of_garbage_show_problems_never_a_server_error(commons, clients, hub):
    client = clients["organiser"]
    url = reverse("networks:map_import", args=[commons.slug])
    before = _state(commons)
    bad_rows = _csv_zip("Label,Type\r\nA,spaceship\r\nB,\r\n", "From,To\r\nA,C\r\n")
    for fmt in FORMATS:
        for name, data in (("empty", b""), ("noise.bin", bytes(range(256)) * 10), ("bad.zip", bad_rows), ("half.zip", bad_rows[:40]),
                           ("x.json", b'{"elements": 3}'), ("x.xml", b"<graphml><graph><node/></graph></graphml>")):
            response = client.post(url, {"format": fmt, "file": SimpleUploadedFile(name, data)})
            assert response.status_code == 400, (fmt, name, response.status_code)
            assert "Nothing has been saved" in response.content.decode() or "There is a problem" in response.content.decode()
    response = client.post(url, {"format": "csv", "file": SimpleUploadedFile("bad.zip", bad_rows)})
    body = response.content.decode()
    assert "“spaceship” is not one we know" in body and "Element 2 (“B”): it has no kind" in body and "“C”" in body
    assert client.post(url, {"format": "nonsense"}).status_code == 400
    assert _state(commons) == before


# --- who may use the pages ----------------------------------------------------------------------
def test_role_matrix_for_the_exchange_pages(commons, clients):
    snapshot = Snapshot.objects.create(commons=commons, name="Spring", taken_on=datetime.date(2026, 3, 1), data=community_graph(commons).to_dict())
    everyone = {"anonymous": 302, "outsider": 404, "member": 200, "owner": 200, "proxy": 200, "organiser": 200, "admin": 200}
    keepers = {**everyone, "member": 404, "owner": 404, "proxy": 404}
    assert_matrix(clients, reverse("networks:exchange", args=[commons.slug]), everyone)
    for fmt in FORMATS:
        assert_matrix(clients, reverse("networks:map_export", args=[commons.slug, fmt]), everyone)
        assert_matrix(clients, reverse("networks:snapshot_export", args=[commons.slug, snapshot.uuid, fmt]), everyone)
    assert_matrix(clients, reverse("networks:map_import", args=[commons.slug]), keepers)
    assert_matrix(clients, reverse("networks:map_import_confirm", args=[commons.slug]), {**keepers, "organiser": 302, "admin": 302}, method="post")
    assert clients["member"].get(reverse("networks:map_export", args=[commons.slug, "pdf"])).status_code == 404


def test_exchange_page_shows_the_import_form_only_to_organisers(commons, clients):
    url = reverse("networks:exchange", args=[commons.slug])
    assert "Check the file" not in clients["member"].get(url).content.decode()
    assert "Check the file" in clients["organiser"].get(url).content.decode()


def test_downloads_have_safe_names_and_are_not_cached(commons, clients):
    response = clients["member"].get(reverse("networks:map_export", args=[commons.slug, "graphml"]))
    assert response["Content-Disposition"].startswith('attachment; filename="neighbourhood-map-')
    assert response["Content-Disposition"].endswith('.graphml"') and response["Cache-Control"] == "private, no-store"


def test_other_commons_snapshot_is_not_found(commons, other_commons, clients):
    theirs = Snapshot.objects.create(commons=other_commons, name="Theirs", taken_on=datetime.date(2026, 1, 1), data={})
    assert clients["member"].get(reverse("networks:snapshot_export", args=[commons.slug, theirs.uuid, "gexf"])).status_code == 404


def test_exports_and_the_exchange_page_take_constant_queries(commons, clients):
    kinds = care_kinds(commons, ["Food", "Company"])
    Snapshot.objects.create(commons=commons, name="Spring", taken_on=datetime.date(2026, 3, 1), data={})
    counter = iter(range(1000))

    def grow():
        n = next(counter)
        a = make_actor(commons, f"Group {n}", ActorKind.GRASSROOTS, postcode="E5 0LH")
        b = make_actor(commons, f"Resident {n}", ActorKind.RESIDENT, postcode="E5 8QR")
        make_connection(a, b, kinds=kinds)
        Snapshot.objects.create(commons=commons, name=f"S{n}", taken_on=datetime.date(2026, 1, 1), data=community_graph(commons).to_dict())

    client = clients["member"]
    assert_queries_constant(client, reverse("networks:exchange", args=[commons.slug]), grow)
    for fmt in FORMATS:
        assert_queries_constant(client, reverse("networks:map_export", args=[commons.slug, fmt]), grow)
    snapshot = Snapshot.objects.filter(commons=commons).first()
    assert_queries_constant(client, reverse("networks:snapshot_export", args=[commons.slug, snapshot.uuid, "csv"]), grow)


def test_care_map_page_section_offers_every_format(commons, personas, rf):
    care_map = make_care_map(commons, personas["owner"].person)
    request = rf.get("/")
    request.user = personas.user("owner")
    ((template, section),) = [s for s in page_sections("care_map", request, commons, care_map, None) if "exchange" in s[0]]
    urls = [link["url"] for link in section["links"]]
    assert urls == [reverse("networks:care_map_export", args=[commons.slug, care_map.uuid, fmt]) for fmt in FORMATS]
    assert all("Olive" not in url and "care-maps" in url for url in urls)


# --- the care map export obeys the owner's choice -----------------------------------------------
def test_care_map_export_obeys_the_owner_and_is_on_their_list_of_who_looked(commons, personas, clients):
    owner = personas["owner"].person
    care_map = make_care_map(commons, owner)
    make_tie(care_map, source=make_node(care_map, "Jo next door"), target=None)
    for fmt in FORMATS:
        url = reverse("networks:care_map_export", args=[commons.slug, care_map.uuid, fmt])
        for role in ("anonymous", "outsider", "member", "organiser", "admin"):
            assert clients[role].get(url).status_code in (302, 404), (role, fmt)
        response = clients["owner"].get(url)
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith('attachment; filename="care-map-') and "Olive" not in response["Content-Disposition"]
        assert clients["proxy"].get(url).status_code == 200
    looks = AuditEvent.objects.filter(subject=owner.uuid, part="care_map", action=AuditEvent.Action.EXPORT)
    assert looks.count() == len(FORMATS)  # the proxy's downloads; the owner's own are not listed
    assert set(looks.values_list("basis", flat=True)) == {"proxy"}


def test_care_map_export_takes_constant_queries(commons, personas, clients):
    care_map = make_care_map(commons, personas["owner"].person)

    def grow():
        make_tie(care_map, source=make_node(care_map, "Someone"), target=None)

    assert_queries_constant(clients["proxy"], reverse("networks:care_map_export", args=[commons.slug, care_map.uuid, "gexf"]), grow)


def test_kumu_file_in_a_real_upload(commons, clients, hub):
    data = json.dumps({"elements": [{"label": "Chatsworth Road Hub", "type": "community_hub"}, {"label": "New club", "type": "grassroots"}],
                       "connections": [{"from": "New club", "to": "Chatsworth Road Hub", "direction": "directed"}]}).encode()
    response = clients["admin"].post(reverse("networks:map_import", args=[commons.slug]),
                                     {"format": "kumu", "file": SimpleUploadedFile("map.json", data)})
    assert response.status_code == 200
    plan_text = response.content.decode()
    assert "New club" in plan_text and "Add to the map" in plan_text
