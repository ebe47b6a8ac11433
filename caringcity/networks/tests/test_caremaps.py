"""One care map: the drawing (accessible SVG in the ecomap convention), the same data as tables,
the services' checks, forms that keep what was typed, and a page whose query count does not grow
with the map."""

import itertools

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from lxml import etree

from caringcity.core.models import AuditEvent
from caringcity.core.testing import assert_queries_constant
from caringcity.networks.drawing import ecomap
from caringcity.networks.graph import OWNER, Edge, Graph, Node
from caringcity.networks.models import MapNode, MapTie, MapVisibility, Ring
from caringcity.networks.selectors.graphs import care_map_graph
from caringcity.networks.services import caremaps as services
from caringcity.networks.tests.factories import make_care_map, make_node, make_tie
from caringcity.teams.models import MemberKind
from caringcity.teams.tests.factories import add_member, make_team

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def care_map(personas, commons):
    return make_care_map(commons, personas["owner"].person)


def _url(name, care_map, *extra):
    return reverse(f"networks:{name}", args=[care_map.commons.slug, care_map.uuid, *extra])


def _svg(html):
    start, end = html.index("<svg"), html.index("</svg>") + len("</svg>")
    return etree.fromstring(html[start:end].encode())


def _tie_path(svg, tie):
    (path,) = [p for p in svg.iter(f"{SVG}path") if p.get("data-tie") == str(tie.uuid)]
    return path


@pytest.fixture
def drawn(care_map):
    mum = make_node(care_map, "Mum", ring=Ring.CLOSE)
    jo = make_node(care_map, "Jo next door", ring=Ring.MIDDLE)
    club = make_node(care_map, "Lunch club", ring=Ring.OUTER, is_group=True)
    ties = {
        "strong": make_tie(care_map, source=mum, target=None, kind="family", strength="strong", direction="both"),
        "weak": make_tie(care_map, source=club, target=None, kind="group", strength="weak"),
        "stress": make_tie(care_map, source=None, target=jo, kind="neighbour", stressful=True),
        "second": make_tie(care_map, source=jo, target=mum, kind="friend", flows=["emotional", "company"]),
    }
    return {"mum": mum, "jo": jo, "club": club, **ties}


def test_the_svg_is_an_accessible_ecomap_with_the_right_marks(clients, care_map, drawn):
    html = clients["owner"].get(_url("care_map", care_map)).content.decode()
    svg = _svg(html)
    assert svg.get("role") == "img"
    title_id, desc_id = svg.get("aria-labelledby").split()
    assert svg.find(f"{SVG}title").get("id") == title_id and "Olive Owner" in svg.find(f"{SVG}title").text
    desc = svg.find(f"{SVG}desc")
    assert desc.get("id") == desc_id and "3 people and groups" in desc.text and "1 is stressful" in desc.text
    # the legend is in the drawing and on the page in words
    legend = [g for g in svg.iter(f"{SVG}g") if g.get("class") == "net-caremaps-legend"]
    assert legend and "Weak tie" in etree.tostring(legend[0], encoding=str)
    for _key, label in ecomap.legend():
        assert str(label) in html
    # strength, stress and direction each have their own mark
    strong, weak, stress, second = (_tie_path(svg, drawn[k]) for k in ("strong", "weak", "stress", "second"))
    assert float(strong.get("stroke-width")) > float(second.get("stroke-width"))
    assert weak.get("stroke-dasharray") and not strong.get("stroke-dasharray") and not stress.get("stroke-dasharray")
    assert "net-caremaps-tie--stressful" in stress.get("class") and stress.get("d").count("L") > 4
    assert second.get("d").count("L") == 1  # a calm tie is a straight line
    assert strong.get("marker-start") and strong.get("marker-end")  # both ways
    assert weak.get("marker-end") and not weak.get("marker-start")  # one way: the arrow at the one helped
    # the one helped is the target: the arrow ends at the owner for the club, at Jo for the stressful tie
    cx = float(svg.find(f"{SVG}g[@data-node='owner']/{SVG}circle").get("cx"))
    weak_end = weak.get("d").split("L")[-1].split(",")
    assert abs(float(weak_end[0]) - cx) < 60
    # the group is a square, the others circles
    club = [g for g in svg.iter(f"{SVG}g") if g.get("data-node") == str(drawn["club"].uuid)][0]
    assert club.find(f"{SVG}rect") is not None and "net-caremaps-node--group" in club.get("class")


def test_the_same_data_is_in_the_tables(clients, care_map, drawn):
    html = clients["owner"].get(_url("care_map", care_map)).content.decode()
    svg = _svg(html)
    page = etree.HTML(html)
    rows = {row.get("data-node"): row for row in page.iter("tr") if row.get("data-node")}
    drawn_nodes = {g.get("data-node") for g in svg.iter(f"{SVG}g") if g.get("data-node")} - {OWNER}
    assert set(rows) == drawn_nodes == {str(drawn[k].uuid) for k in ("mum", "jo", "club")}
    assert rows[str(drawn["mum"].uuid)].getparent().getparent().get("data-ring") == str(Ring.CLOSE)
    tie_rows = {row.get("data-tie"): "".join(row.itertext()) for row in page.iter("tr") if row.get("data-tie")}
    drawn_ties = {p.get("data-tie") for p in svg.iter(f"{SVG}path") if p.get("data-tie")}
    assert set(tie_rows) == drawn_ties and len(drawn_ties) == 4
    assert "Jo next door supports Mum" in tie_rows[str(drawn["second"].uuid)]
    assert "Emotional support, Company" in tie_rows[str(drawn["second"].uuid)]
    assert "Mum and Olive Owner support each other" in tie_rows[str(drawn["strong"].uuid)]
    assert "Yes" in tie_rows[str(drawn["stress"].uuid)]


def test_team_members_appear_marked_and_can_be_left_out(clients, personas, commons, care_map):
    team = make_team(personas, commons)
    add_member(team, personas, personas["member"], kind=MemberKind.VOLUNTEER)
    html = clients["owner"].get(_url("care_map", care_map)).content.decode()
    team_nodes = [g for g in _svg(html).iter(f"{SVG}g") if "net-caremaps-node--team" in (g.get("class") or "")]
    assert len(team_nodes) == 1 and "Mo Member" in html and "In the care team" in html
    clients["owner"].post(_url("care_map_settings", care_map), {"visibility": "private"})  # show_team unticked
    assert "Mo Member" not in clients["owner"].get(_url("care_map", care_map)).content.decode()


def test_the_drawing_is_deterministic_and_copes_with_forty_people():
    nodes = [Node(OWNER, "Big Owner", {"ring": 0, "group": False, "from_team": False})]
    edges = []
    for i in range(40):
        nodes.append(Node(f"n{i}", f"Neighbour {i}", {"ring": 1 + i % 3, "group": i % 5 == 0, "from_team": i % 7 == 0}))
        edges.append(Edge(f"e{i}", f"n{i}", OWNER, True, {"strength": ["strong", "ordinary", "weak"][i % 3],
                                                           "stressful": i % 4 == 0, "direction": "one_way"}))
    graph = Graph("big", nodes, edges)
    first = str(ecomap.draw(graph))
    again = Graph.from_dict(graph.to_dict())
    again.nodes = [again.nodes[0]] + list(reversed(again.nodes[1:]))  # the order they come in does not matter
    assert str(ecomap.draw(again)) == first
    spot = ecomap.layout(graph)
    points = [(x, y) for key, (x, y, _a) in spot["points"].items() if key != OWNER]
    closest = min(((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5 for a, b in itertools.combinations(points, 2))
    assert closest > 2 * (ecomap.NODE_R + ecomap.TEAM_GAP)  # no circle sits on another
    assert etree.fromstring(first.encode()).get("role") == "img"


def test_an_empty_map_is_friendly(clients, care_map):
    html = clients["owner"].get(_url("care_map", care_map)).content.decode()
    assert "No one is on the map yet." in html and 'role="img"' in html
    assert _url("care_map_node_add", care_map) in html
    assert "No one else is on the map yet" in ecomap.describe(care_map_graph(care_map))


def test_the_print_view_has_the_drawing_and_the_tables_without_forms(clients, care_map, drawn):
    html = clients["owner"].get(_url("care_map_print", care_map)).content.decode()
    assert 'role="img"' in html and "Jo next door supports Mum" in html and "print.css" in html
    assert _url("care_map_node_add", care_map) not in html and "<form" not in html


# --- services --------------------------------------------------------------------------------------
def test_a_tie_must_join_two_different_ends_on_this_map(personas, commons, care_map):
    actor = personas.user("owner")
    jo = make_node(care_map, "Jo")
    other = make_node(make_care_map(commons, personas["member"].person), "Elsewhere")
    base = {"kind": "friend", "direction": "one_way", "strength": "ordinary", "how_often": "weekly", "flows": []}
    for source, target, field in [(None, None, "target"), (jo, jo, "target"), (other, None, "source"), (jo, other, "target")]:
        with pytest.raises(ValidationError) as error:
            services.tie_add(actor=actor, care_map=care_map, data={**base, "source": source, "target": target})
        assert field in error.value.error_dict
    assert not MapTie.objects.exists()
    tie = services.tie_add(actor=actor, care_map=care_map, data={**base, "source": jo, "target": None, "flows": ["company", "money"]})
    assert tie.flows == ["money", "company"]  # in the list's order
    event = AuditEvent.objects.get(action="networks.map_tie.add")
    assert event.acting_for is None and event.object_id == str(tie.uuid)


def test_removing_someone_takes_their_ties(personas, care_map):
    jo = make_node(care_map, "Jo")
    make_tie(care_map, source=jo)
    services.node_remove(actor=personas.user("owner"), node=jo)
    assert not MapNode.objects.exists() and not MapTie.objects.exists()
    assert AuditEvent.objects.filter(action="networks.map_node.remove").exists()


def test_one_map_per_person(personas, commons, care_map):
    with pytest.raises(ValidationError):
        services.care_map_start(actor=personas.user("owner"), commons=commons, owner=personas["owner"].person)


# --- forms -----------------------------------------------------------------------------------------
def test_form_errors_keep_what_was_typed(clients, care_map):
    jo = make_node(care_map, "Jo")
    response = clients["owner"].post(_url("care_map_tie_add", care_map), {
        "source": str(jo.uuid), "target": str(jo.uuid), "direction": "both", "kind": "friend", "strength": "weak",
        "how_often": "daily", "flows": ["company"], "note": "Tuesdays at the café"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "A tie joins two different people" in html and 'id="id_target-error"' in html
    page = etree.HTML(html)
    assert page.xpath("//textarea[@name='note']")[0].text.strip() == "Tuesdays at the café"
    assert page.xpath("//input[@name='strength'][@value='weak']")[0].get("checked") is not None
    assert page.xpath("//input[@name='flows'][@value='company']")[0].get("checked") is not None
    response = clients["owner"].post(_url("care_map_node_add", care_map), {"name": "", "ring": "1", "note": "the one with the dog"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Write a name" in html and "the one with the dog" in html and 'href="#id_name"' in html
    # an end from nowhere is refused by the form, nothing is saved, and nothing breaks
    bad = clients["owner"].post(_url("care_map_tie_add", care_map), {"source": "not-a-uuid", "target": "owner", "kind": "friend"})
    assert bad.status_code == 400 and not MapTie.objects.exists()
    assert clients["owner"].get(_url("care_map_tie_change", care_map, "00000000-0000-0000-0000-000000000000")).status_code == 404


def test_changing_a_tie_and_settings_through_the_pages(clients, personas, care_map):
    jo = make_node(care_map, "Jo")
    tie = make_tie(care_map, source=jo)
    assert clients["owner"].get(_url("care_map_tie_change", care_map, tie.uuid)).status_code == 200
    response = clients["owner"].post(_url("care_map_tie_change", care_map, tie.uuid), {
        "source": "owner", "target": str(jo.uuid), "direction": "one_way", "kind": "neighbour", "strength": "strong",
        "stressful": "on", "how_often": "monthly"})
    assert response.status_code == 302
    tie.refresh_from_db()
    assert (tie.source, tie.target, tie.strength, tie.stressful) == (None, jo, "strong", True)
    clients["owner"].post(_url("care_map_settings", care_map), {"visibility": "team", "show_team": "on"})
    care_map.refresh_from_db()
    assert care_map.visibility == MapVisibility.TEAM
    assert clients["owner"].post(_url("care_map_tie_remove", care_map, tie.uuid)).status_code == 302
    assert not MapTie.objects.exists()


# --- query counts ----------------------------------------------------------------------------------
def test_the_map_page_runs_the_same_queries_whatever_its_size(clients, personas, commons, care_map):
    team = make_team(personas, commons)
    add_member(team, personas, personas["member"])
    counter = itertools.count()

    def grow():
        n = next(counter)
        a = make_node(care_map, f"Person {n}a", ring=1 + n % 3, is_group=n % 2 == 0)
        b = make_node(care_map, f"Person {n}b", ring=1 + (n + 1) % 3)
        make_tie(care_map, source=a, target=None, stressful=n % 2 == 0)
        make_tie(care_map, source=b, target=a, strength="weak")

    assert_queries_constant(clients["owner"], _url("care_map", care_map), grow)
    assert_queries_constant(clients["proxy"], _url("care_map_print", care_map), grow)
    assert_queries_constant(clients["proxy"], reverse("networks:care_maps", args=[commons.slug]), grow)
