"""The neighbourhood map's pages: who may do what (role matrices, rules and their queryset twins),
the drawing and its tables, privacy of unnamed residents, filters, forms, and query counts."""

import datetime
import itertools
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from caringcity.core.testing import ROLES, assert_matrix, assert_queries_constant
from caringcity.networks.drawing import network as drawing
from caringcity.networks.graph import Edge, Graph, Node
from caringcity.networks.models import Actor, ActorKind, CareKind, Connection, ConnectionStatus, Snapshot
from caringcity.networks.selectors import community as selectors
from caringcity.networks.services import community as services
from caringcity.networks.tests.factories import care_kinds, make_actor, make_connection

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"
VIEW = {"anonymous": 302, "outsider": 404, "member": 200, "owner": 200, "proxy": 200, "organiser": 200, "admin": 200}
KEEP = {**VIEW, "member": 404, "owner": 404, "proxy": 404}
AUTHOR = {**KEEP, "member": 200}  # rows entered by the member persona


def _url(name, commons, *args):
    return reverse(f"networks:{name}", args=[commons.slug, *args])


@pytest.fixture
def world(commons, personas):
    member = personas.user("member")
    food, company = care_kinds(commons, ["Food", "Company"])
    hub = make_actor(commons, "Chatsworth Road Hub", ActorKind.COMMUNITY_HUB, postcode="E5 0LH", created_by=member)
    edna = make_actor(commons, "Edna Lowe", ActorKind.RESIDENT, postcode="E5 8QR", description="Lives alone at number 4", created_by=member)
    vic = make_actor(commons, "Vic Osei", ActorKind.RESIDENT, postcode="E5 8QR", show_name=True)
    tie = make_connection(hub, edna, kinds=[food, company], created_by=member)
    make_connection(hub, vic, status=ConnectionStatus.INACTIVE)
    return {"hub": hub, "edna": edna, "vic": vic, "tie": tie, "food": food}


# --- who may -------------------------------------------------------------------------------------
def test_reading_pages_matrix(commons, clients, world):
    snapshot = Snapshot.objects.create(commons=commons, name="Spring", taken_on=timezone.localdate())
    for url in (_url("community", commons), _url("actors", commons), _url("actor", commons, world["hub"].uuid),
                _url("care_kinds", commons), _url("snapshots", commons), _url("snapshot", commons, snapshot.uuid),
                _url("actor_add", commons), _url("connection_add", commons)):
        assert_matrix(clients, url, VIEW)


def test_keeping_pages_matrix(commons, clients, world):
    assert_matrix(clients, _url("snapshot_take", commons), KEEP)
    assert_matrix(clients, _url("care_kind_add", commons), KEEP)
    assert_matrix(clients, _url("care_kind_edit", commons, world["food"].uuid), KEEP)


def test_changing_rows_matrix(commons, clients, world):
    assert_matrix(clients, _url("actor_edit", commons, world["hub"].uuid), AUTHOR)
    assert_matrix(clients, _url("actor_end", commons, world["hub"].uuid), AUTHOR)
    assert_matrix(clients, _url("connection_edit", commons, world["tie"].uuid), AUTHOR)
    assert_matrix(clients, _url("connection_end", commons, world["tie"].uuid), AUTHOR)
    assert_matrix(clients, _url("actor_edit", commons, world["vic"].uuid), KEEP)  # entered by nobody here


def test_denied_writes_change_nothing(commons, clients, world):
    hub, tie = world["hub"], world["tie"]
    for role in ("anonymous", "outsider", "owner", "proxy"):
        client = clients[role]
        client.post(_url("actor_edit", commons, hub.uuid), {"name": "Taken", "kind": "charity"})
        client.post(_url("actor_end", commons, hub.uuid), {})
        client.post(_url("connection_end", commons, tie.uuid), {})
        client.post(_url("connection_edit", commons, tie.uuid), {"status": "inactive", "direction": "both"})
        client.post(_url("snapshot_take", commons), {"name": "Mine"})
        client.post(_url("care_kind_add", commons), {"name": "Mine"})
        client.post(_url("care_kind_retire", commons, world["food"].uuid), {})
    for role in ("anonymous", "outsider"):
        clients[role].post(_url("actor_add", commons), {"name": "Sneaky", "kind": "charity"})
    hub.refresh_from_db()
    tie.refresh_from_db()
    assert (hub.name, hub.kind, hub.ended) == ("Chatsworth Road Hub", ActorKind.COMMUNITY_HUB, None)
    assert tie.status == ConnectionStatus.ENGAGED
    assert not Snapshot.objects.exists() and not Actor.objects.filter(name="Sneaky").exists()
    assert set(CareKind.objects.filter(commons=commons).values_list("name", flat=True)) == {"Food", "Company"}


def test_rules_agree_with_their_queryset_twins(commons, personas, world, other_commons):
    organiser_made = make_actor(commons, "Organiser's", created_by=personas.user("organiser"))
    make_connection(organiser_made, world["hub"], created_by=personas.user("organiser"))
    make_actor(other_commons, "Elsewhere")
    actors, connections = list(Actor.objects.all()), list(Connection.objects.all())
    from django.contrib.auth.models import AnonymousUser

    for role in ROLES:
        user = personas.user(role) or AnonymousUser()
        visible = set(selectors.actors_visible_to(user, commons))
        assert visible == {a for a in actors if a.commons_id == commons.pk and user.has_perm("networks.view_map", commons)}, role
        assert user.has_perm("networks.add_to_map", commons) == user.has_perm("networks.view_map", commons), role
        changeable = set(selectors.actors_changeable_by(user, commons))
        assert changeable == {a for a in actors if a.commons_id == commons.pk and user.has_perm("networks.change_actor", a)}, role
        changeable = set(selectors.connections_changeable_by(user, commons))
        assert changeable == {c for c in connections if user.has_perm("networks.change_connection", c)}, role


# --- the map page ------------------------------------------------------------------------------------
def _svgs(response):
    html = etree.HTML(response.content)
    return html, html.findall(".//svg")


def test_the_map_is_an_accessible_drawing_with_tables_and_withholds_unnamed_residents(commons, clients, world):
    response = clients["member"].get(_url("community", commons))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Edna" not in content and "number 4" not in content and "E5 8QR" not in content
    assert "A resident, E5" in content and "Vic Osei" in content
    html, svgs = _svgs(response)
    svg = svgs[0]
    assert svg.get("role") == "img"
    title_id, desc_id = svg.get("aria-labelledby").split()
    assert svg.find(f".//title[@id='{title_id}']") is not None
    assert "3 actors and 2 connections" in svg.find(f".//desc[@id='{desc_id}']").text
    lines = svg.findall(".//line")
    assert sorted(line.get("class").split("--")[1] for line in lines) == ["engaged", "inactive"]
    assert [line.get("stroke-dasharray") for line in lines if "inactive" in line.get("class")] == ["6 4"]
    # the map's own two tables (actors, then connections) come first; other parts' sections follow
    tables = html.findall(".//table")[:2]
    assert "A resident, E5" in etree.tostring(tables[0], encoding=str)
    assert "Company, Food" in etree.tostring(tables[1], encoding=str)


def test_the_map_filters_by_status_kind_and_kind_of_care(commons, clients, world):
    client = clients["member"]
    only_inactive = client.get(_url("community", commons), {"status": "inactive"})
    assert "1 connection<" in only_inactive.content.decode()
    residents = client.get(_url("community", commons), {"kind": "resident", "care": "Food"})
    body = residents.content.decode()
    assert "Showing part of the map: 3 actors" in body and "1 connection<" in body  # the residents and the hub feeding one
    junk = client.get(_url("community", commons), {"kind": "<script>", "status": "x", "care": "nope"})
    assert junk.status_code == 200 and "Showing part of the map" not in junk.content.decode()


def test_the_drawing_is_deterministic_and_too_big_maps_are_not_drawn(commons, clients):
    nodes = [Node(str(i), f"Actor {i}", {"kind": "resident" if i % 2 else "charity"}) for i in range(30)]
    edges = [Edge(f"e{i}", str(i), str((i * 7 + 1) % 30), i % 3 == 0, {"status": ["generative", "engaged", "inactive"][i % 3]})
             for i in range(30)]
    graph = Graph("g", nodes, edges)
    first, second = drawing.draw(graph, title="T"), drawing.draw(graph, title="T")
    assert first.svg == second.svg
    svg = etree.fromstring(first.svg.encode())
    widths = {line.get("class").split("--")[1]: float(line.get("stroke-width")) for line in svg.iter(f"{SVG}line")}
    assert widths["generative"] > widths["engaged"] > widths["inactive"]
    assert any(line.get("marker-end") for line in svg.iter(f"{SVG}line"))
    big = Graph("big", [Node(str(i), f"A{i}", {"kind": "resident"}) for i in range(drawing.MAX_NODES + 1)], [])
    assert drawing.draw(big, title="T") is None
    Actor.objects.bulk_create([Actor(commons=commons, name=f"Group {i:04}", kind=ActorKind.GRASSROOTS)
                               for i in range(drawing.MAX_NODES + 1)])
    response = clients["member"].get(_url("community", commons))
    body = response.content.decode()
    assert "too many to draw clearly" in body and "<svg" not in body.split("Key")[0].split("stats")[1]
    assert "Page 1 of 3" in body  # the actors table pages


def test_the_legend_shows_a_different_shape_for_every_kind(commons):
    svg = etree.fromstring(drawing.legend().encode())
    shapes = [etree.tostring(child) for child in svg if child.tag.split("}")[1] in ("circle", "rect", "polygon")]
    signatures = {drawing.STYLE[kind][0] for kind in ActorKind.values}
    assert len(signatures) == len(ActorKind.values)
    assert len(shapes) >= len(ActorKind.values)


def test_map_and_list_pages_run_a_constant_number_of_queries(commons, clients, world):
    counter = itertools.count()
    kinds = care_kinds(commons, ["Food"])

    def grow():
        for _ in range(3):
            n = next(counter)
            a = make_actor(commons, f"Group {n}", postcode="E5 8QR")
            b = make_actor(commons, f"Resident {n}", ActorKind.RESIDENT, postcode="N16 6DH")
            make_connection(a, b, kinds=kinds)
            make_connection(a, world["hub"], status=ConnectionStatus.GENERATIVE)
        Snapshot.objects.create(commons=commons, name=f"S{n}", taken_on=timezone.localdate(), summary={"nodes": n})

    client = clients["member"]
    for url in (_url("community", commons), _url("actors", commons), _url("snapshots", commons),
                _url("actor", commons, world["hub"].uuid), _url("care_kinds", commons)):
        assert_queries_constant(client, url, grow)


def test_a_snapshot_page_draws_the_stored_graph_and_respects_withdrawn_names(commons, clients, world, personas):
    world["edna"].show_name = True
    world["edna"].save()
    snapshot = services.snapshot_take(actor=personas.user("organiser"), commons=commons, name="Spring")
    assert "Edna Lowe" in str(snapshot.data)
    response = clients["member"].get(_url("snapshot", commons, snapshot.uuid))
    assert "Edna Lowe" in response.content.decode()
    world["edna"].show_name = False  # she changed her mind: older snapshots stop naming her too
    world["edna"].save()
    Actor.objects.filter(pk=world["hub"].pk).update(name="Renamed later")
    response = clients["member"].get(_url("snapshot", commons, snapshot.uuid))
    body = response.content.decode()
    assert "Edna" not in body and "A resident, E5" in body and "Chatsworth Road Hub" in body
    html, svgs = _svgs(response)
    assert svgs[0].get("role") == "img" and "3 actors and 2 connections" in body


def test_bad_and_foreign_uuids_answer_404(commons, other_commons, clients, world):
    foreign = make_actor(other_commons, "Elsewhere")
    client = clients["organiser"]
    for name in ("actor", "actor_edit", "actor_end", "connection_edit", "connection_end", "snapshot", "care_kind_edit"):
        assert client.get(_url(name, commons, uuid.uuid4())).status_code == 404
    assert client.get(_url("actor", commons, foreign.uuid)).status_code == 404
    assert client.get(f"/c/{commons.slug}/networks/actors/not-a-uuid/").status_code == 404
    assert client.get(_url("connection_add", commons), {"from": "nonsense"}).status_code == 200


# --- forms ---------------------------------------------------------------------------------------
def test_the_actor_form_keeps_what_was_typed_and_says_what_to_fix(commons, clients):
    response = clients["member"].post(_url("actor_add", commons), {
        "name": "Clapton Knit Club", "kind": "grassroots", "postcode": "nowhere", "since": "2999-01-01"})
    assert response.status_code == 400
    body = response.content.decode()
    assert 'value="Clapton Knit Club"' in body and "There is a problem" in body
    assert "does not look like a UK postcode" in body and "in the future" in body
    assert not Actor.objects.exists()


def test_adding_an_actor_and_a_connection_through_the_pages(commons, clients, world, personas):
    client = clients["owner"]
    response = client.post(_url("actor_add", commons), {"name": "Millfields Food Hub", "kind": "food_hub", "postcode": "ZZ1 1ZZ"})
    actor = Actor.objects.get(name="Millfields Food Hub")
    assert response.status_code == 302 and actor.created_by == personas.user("owner")
    followed = client.get(response.url)
    assert "not placed" in followed.content.decode()
    response = client.post(_url("connection_add", commons), {
        "source": actor.pk, "target": world["hub"].pk, "status": "generative", "direction": "both",
        "care_kinds": [world["food"].pk], "since": (timezone.localdate() - datetime.timedelta(days=3)).isoformat()})
    assert response.status_code == 302
    again = client.post(_url("connection_add", commons), {
        "source": world["hub"].pk, "target": actor.pk, "status": "engaged", "direction": "both"})
    assert again.status_code == 400 and "already connected" in again.content.decode()
    assert Connection.objects.filter(source=actor).count() == 1


def test_the_team_choice_lists_only_teams_the_user_may_see(commons, clients, personas):
    from caringcity.teams.models import Team

    Team.objects.create(commons=commons, owner=personas["owner"].person, name="Olive's team")
    assert "Olive&#x27;s team" not in clients["member"].get(_url("actor_add", commons)).content.decode()
    assert "Olive&#x27;s team" in clients["owner"].get(_url("actor_add", commons)).content.decode()
    assert "Olive&#x27;s team" in clients["organiser"].get(_url("actor_add", commons)).content.decode()


def test_retiring_a_kind_in_use_is_refused_with_a_reason(commons, clients, world):
    response = clients["organiser"].post(_url("care_kind_retire", commons, world["food"].uuid))
    assert response.status_code == 400 and "used by 1 connection" in response.content.decode()
    assert CareKind.objects.filter(pk=world["food"].pk).exists()
