"""The exchange formats: round trips keep nodes, edges, attribute values and types; GEXF validates
against the official schema; networkx reads our GraphML and GEXF; readers list every problem and
answer garbage with problems, never another error."""

import datetime
import io
import json
import os
import random
import zipfile

import networkx as nx
import pytest
from lxml import etree

from caringcity.core.models import PostcodeCentroid
from caringcity.networks.exchange import csvzip
from caringcity.networks.exchange.formats import FORMATS, ImportProblems, read_csv_files, read_upload
from caringcity.networks.graph import Edge, Graph, Node
from caringcity.networks.models import ActorKind, ConnectionStatus, Direction, HowOften, Ring, Strength, TieKind
from caringcity.networks.selectors.graphs import care_map_graph, community_graph
from caringcity.networks.tests.factories import care_kinds, make_actor, make_care_map, make_connection, make_node, make_tie
from caringcity.core.testing import standards_folder
from caringcity.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def standards_dir():
    return standards_folder()


def gexf_schema():
    path = standards_dir() / "gexf" / "1.3" / "gexf.xsd"
    if not path.is_file():
        pytest.fail(f"The official GEXF 1.3 schema is missing: expected {path}.")
    return etree.XMLSchema(etree.parse(str(path)))


@pytest.fixture
def community(commons):
    PostcodeCentroid.objects.create(postcode="E5", latitude=51.559, longitude=-0.053)
    food, company, _skills = care_kinds(commons, ["Food, shopping", "Company", "Skills"])
    hub = make_actor(commons, "Chatsworth Road Hub", ActorKind.COMMUNITY_HUB, postcode="E5 0LH", latitude=51.56, longitude=-0.05,
                     description="=SUM(A1) looks like a formula", since=datetime.date(2024, 3, 1))
    hidden = make_actor(commons, "Edna Lowe", ActorKind.RESIDENT, postcode="E5 8QR", description="Lives alone")
    named = make_actor(commons, "Vic Osei", ActorKind.RESIDENT, postcode="E5 8QR", show_name=True)
    market = make_actor(commons, "Chatsworth Road Market", ActorKind.MARKET)
    make_connection(hub, hidden, kinds=[food, company], since=datetime.date(2025, 1, 5))
    make_connection(hub, named, status=ConnectionStatus.INACTIVE)
    make_connection(market, hub, status=ConnectionStatus.GENERATIVE, direction=Direction.ONE_WAY, kinds=[food])
    return community_graph(commons)


@pytest.fixture
def care_map(commons):
    owner = PersonFactory(name="Arthur Price")
    care_map = make_care_map(commons, owner)
    jo = make_node(care_map, "Jo next door", ring=Ring.CLOSE)
    club = make_node(care_map, "Lunch club", ring=Ring.OUTER, is_group=True)
    make_tie(care_map, source=jo, target=None, stressful=True, flows=["practical", "company"], how_often=HowOften.DAILY)
    make_tie(care_map, source=club, target=None, kind=TieKind.GROUP, direction=Direction.BOTH, strength=Strength.WEAK, flows=[])
    return care_map_graph(care_map)


def _types(graph):
    return ([(n.id, n.label, {k: (type(v), v) for k, v in n.attrs.items()}) for n in graph.nodes],
            [(e.id, e.source, e.target, e.directed, {k: (type(v), v) for k, v in e.attrs.items()}) for e in graph.edges])


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("which", ["community", "care_map"])
def test_round_trip_keeps_nodes_edges_values_and_types(request, fmt, which):
    graph = request.getfixturevalue(which)
    data = FORMATS[fmt].write(graph)
    assert FORMATS[fmt].write(graph) == data, "writers are deterministic"
    back = FORMATS[fmt].read(data)
    assert _types(back) == _types(graph)
    if fmt != "csv":  # a CSV file has no place for the map's name and kind
        assert (back.name, back.attrs) == (graph.name, graph.attrs)


def test_round_trip_covers_every_attribute_type(community, care_map):
    seen = {type(v) for g in (community, care_map) for item in [*g.nodes, *g.edges] for v in item.attrs.values()}
    assert seen == {str, int, float, bool, list}
    assert any(e.directed for e in community.edges) and any(not e.directed for e in community.edges)


@pytest.mark.parametrize("which", ["community", "care_map"])
def test_gexf_validates_against_the_official_schema(request, which):
    schema = gexf_schema()
    document = etree.fromstring(FORMATS["gexf"].write(request.getfixturevalue(which)))
    assert schema.validate(document), schema.error_log


def test_networkx_raw_gexf_does_not_validate_which_is_why_we_write_our_own(care_map):
    schema = gexf_schema()
    g = nx.DiGraph()
    for node in care_map.nodes:
        g.add_node(node.id, label=node.label, **node.attrs)
    out = io.BytesIO()
    nx.write_gexf(g, out, version="1.3")
    assert not schema.validate(etree.fromstring(out.getvalue()))
    messages = " ".join(str(e.message) for e in schema.error_log)
    assert "schemaLocation" in messages and "'name'" in messages
    g.add_edge(care_map.nodes[0].id, care_map.nodes[1].id, flows=["practical", "company"])
    with pytest.raises(ValueError):  # a plain list is taken for (value, start, end) spells
        nx.write_gexf(g, io.BytesIO(), version="1.3")


@pytest.mark.parametrize("which", ["community", "care_map"])
def test_networkx_reads_our_graphml_with_its_types(request, which):
    graph = request.getfixturevalue(which)
    g = nx.read_graphml(io.BytesIO(FORMATS["graphml"].write(graph)))
    assert set(g.nodes) == {node.id for node in graph.nodes}
    assert g.number_of_edges() == len(graph.edges)
    for node in graph.nodes:
        data = g.nodes[node.id]
        assert data["label"] == node.label
        for name, value in node.attrs.items():
            assert data[name] == value and type(data[name]) is type(value)


@pytest.mark.parametrize("which", ["community", "care_map"])
def test_networkx_reads_our_gexf(request, which):
    graph = request.getfixturevalue(which)
    g = nx.read_gexf(io.BytesIO(FORMATS["gexf"].write(graph)))
    assert set(g.nodes) == {node.id for node in graph.nodes}
    for edge in graph.edges:
        assert g.has_edge(edge.source, edge.target)
        if g.is_directed() and not edge.directed:  # a both-ways tie is "mutual": drawn both ways
            assert g.has_edge(edge.target, edge.source)


GEPHI_STYLE = b"""<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="http://www.gexf.net/1.2draft" xmlns:viz="http://www.gexf.net/1.2draft/viz" version="1.2">
  <meta lastmodifieddate="2024-05-01"><creator>Gephi 0.10</creator></meta>
  <graph defaultedgetype="directed" mode="static">
    <attributes class="node" mode="static">
      <attribute id="0" title="kind" type="string"><default>grassroots</default></attribute>
      <attribute id="1" title="members" type="integer"/>
      <attribute id="2" title="tags" type="liststring"/>
    </attributes>
    <attributes class="edge" mode="static">
      <attribute id="0" title="weight2" type="float"/>
    </attributes>
    <nodes>
      <node id="0" label="Food bank"><attvalues><attvalue for="0" value="food_hub"/><attvalue for="1" value="12"/><attvalue for="2" value="food|advice"/></attvalues>
        <viz:size value="10.0"/><viz:position x="1.0" y="2.0"/></node>
      <node id="1" label="Mutual aid"><attvalues><attvalue for="2" value="[a, b]"/></attvalues></node>
    </nodes>
    <edges>
      <edge source="0" target="1" weight="2.0"><attvalues><attvalue for="0" value="0.5"/></attvalues></edge>
      <edge source="1" target="0" type="mutual"/>
    </edges>
  </graph>
</gexf>"""


def test_gexf_reader_reads_gephi_style_files():
    graph = FORMATS["gexf"].read(GEPHI_STYLE)
    food, aid = graph.nodes
    assert (food.label, food.attrs) == ("Food bank", {"kind": "food_hub", "members": 12, "tags": ["food", "advice"]})
    assert aid.attrs == {"kind": "grassroots", "tags": ["a", "b"]}
    first, second = graph.edges
    assert (first.id, first.directed, first.attrs) == ("e1", True, {"weight2": 0.5})
    assert second.directed is False


def test_kumu_reader_reads_the_short_blueprint_of_kumus_guide():
    data = json.dumps({"elements": [{"label": "A", "type": "charity", "description": "This is A", "tags": ["one", "two"]},
                                    {"label": "B", "type": "Grassroots or mutual-aid group", "Favorite Dessert": "shave ice"}],
                       "connections": [{"from": "A", "to": "B", "direction": "mutual", "type": "likes"}]}).encode()
    graph = FORMATS["kumu"].read(data)
    assert [(n.id, n.attrs["kind"]) for n in graph.nodes] == [("A", "charity"), ("B", "Grassroots or mutual-aid group")]
    assert graph.nodes[0].attrs["tags"] == ["one", "two"] and graph.nodes[1].attrs["Favorite Dessert"] == "shave ice"
    (edge,) = graph.edges
    assert (edge.source, edge.target, edge.directed, edge.attrs) == ("A", "B", False, {"direction": "both", "kind": "likes"})


def test_csv_files_uploaded_separately_and_kumu_style_columns():
    elements = "Label,Type,Description,Care kinds\r\nHub,community_hub,A hub,\r\nJo,resident,,\r\n".encode()
    connections = "From,To,Direction,care_kinds,active\r\nHub,Jo,directed,Food | Company,yes\r\n".encode()
    graph = read_csv_files(elements, connections)
    assert [n.id for n in graph.nodes] == ["Hub", "Jo"]
    (edge,) = graph.edges
    assert (edge.directed, edge.attrs["care_kinds"], edge.attrs["active"]) == (True, ["Food", "Company"], True)
    assert read_upload("csv", elements).edges == []  # elements alone


def test_csv_reader_lists_every_bad_row_with_its_number():
    elements = ("ID,Label,Type,ring,group\r\n"
                "a,Ann,resident,1,false\r\n"
                "b,,resident,x,false\r\n"  # row 3: no label, ring not a number
                "a,Again,resident,2,maybe\r\n").encode()  # row 4: id used twice, group not yes/no
    connections = ("ID,From,To,Direction\r\n"
                   "c1,a,zz,directed\r\n"  # row 2: to a missing element
                   "c2,a,a,sideways\r\n").encode()  # row 3: to itself, bad direction
    with pytest.raises(ImportProblems) as caught:
        read_csv_files(elements, connections)
    text = "\n".join(caught.value.errors)
    for expected in ("Row 3 of elements.csv: the label is empty", "Row 3 of elements.csv, column “ring”",
                     "Row 4 of elements.csv, column “group”", "Row 4 of elements.csv: the id “a” is used twice",
                     "Row 2 of connections.csv: “to” names “zz”", "Row 3 of connections.csv: the direction “sideways”",
                     "Row 3 of connections.csv: it connects something to itself"):
        assert expected in text, text
    assert len(caught.value.errors) == 7


def test_graphml_and_kumu_readers_name_each_bad_element():
    graphml = b"""<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
      <key id="r" for="node" attr.name="ring" attr.type="int"/>
      <graph edgedefault="undirected">
        <node id="a"><data key="r">one</data></node><node id="a"/>
        <edge source="a" target="ghost"/><edge source="a" target="a" directed="maybe"/>
      </graph></graphml>"""
    with pytest.raises(ImportProblems) as caught:
        FORMATS["graphml"].read(graphml)
    assert len(caught.value.errors) == 5, caught.value.errors
    kumu = json.dumps({"elements": [{"_id": "x", "attributes": {"label": "X", "ring": "far"}}, {"_id": "y"}, 7],
                       "connections": [{"from": "x", "to": "nobody"}]}).encode()
    with pytest.raises(ImportProblems) as caught:
        FORMATS["kumu"].read(kumu)
    assert len(caught.value.errors) == 4, caught.value.errors


def _zip(members):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph><node id="&lol2;"/></graph></graphml>"""
EXTERNAL = b"""<?xml version="1.0"?><!DOCTYPE gexf [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<gexf xmlns="http://gexf.net/1.3" version="1.3"><graph><nodes><node id="&x;"/></nodes><edges/></graph></gexf>"""


def _garbage():
    rng = random.Random(6)
    valid_zip = FORMATS["csv"].write(Graph("g", [Node("a", "A", {"kind": "charity"})], []))
    yield from [b"", b"\x00", os.urandom(0) + bytes(rng.randrange(256) for _ in range(3000)), b"not,a\nfile", b"{}", b"[]",
                b"<graphml/>", b"<gexf/>", b"<<<", b"\xff\xfe\x00garbage", BILLION_LAUGHS, EXTERNAL,
                valid_zip[: len(valid_zip) // 2], b"PK\x03\x04" + b"\x00" * 100,
                json.dumps({"elements": [[[[]]]] * 3}).encode(), b"[" * 100000 + b"]" * 100000,
                b'{"elements": [{"label": NaN}]}', b"<" + b"a>" * 50000]
    yield _zip({"elements.csv": b"0" * (30 * 1024 * 1024)})  # compresses to a few kB; too big once unzipped
    yield _zip({"readme.txt": b"hello"})
    yield _zip({f"f{i}.csv": b"x" for i in range(30)})
    yield _zip({"elements.csv": b"Label\r\n\xff\xfe"})
    yield b"x" * (6 * 1024 * 1024)


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_garbage_gives_problems_never_another_error(fmt):
    for data in _garbage():
        with pytest.raises(ImportProblems) as caught:
            read_upload(fmt, data)
        assert caught.value.errors and all(isinstance(e, str) and e for e in caught.value.errors)


def test_garbage_round_the_other_formats():
    """Every format's file given as another format is refused with a message."""
    graph = Graph("g", [Node("a", "A", {"kind": "charity"}), Node("b", "B", {})], [Edge("e", "a", "b")])
    for written in FORMATS:
        data = FORMATS[written].write(graph)
        for fmt in FORMATS:
            if fmt != written:
                with pytest.raises(ImportProblems):
                    FORMATS[fmt].read(data)


def test_csv_formulas_are_defused_in_the_file_and_restored_on_reading(community):
    elements, _connections = csvzip.write_tables(community)
    assert b"'=SUM(A1)" in elements
    hub = next(node for node in FORMATS["csv"].read(FORMATS["csv"].write(community)).nodes if node.label == "Chatsworth Road Hub")
    assert hub.attrs["description"].startswith("=SUM")


def test_exports_keep_unnamed_residents_unnamed(community):
    for fmt in FORMATS:
        data = FORMATS[fmt].write(community)
        raw = zipfile.ZipFile(io.BytesIO(data)).read("elements.csv") if fmt == "csv" else data
        assert b"Edna" not in raw and b"Lives alone" not in raw
        assert b"A resident, E5" in raw and b"Vic Osei" in raw
