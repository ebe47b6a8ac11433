"""The shared shape: graphs built from the models, and the round trip a snapshot relies on."""

import datetime

import pytest

from caringcity.core.models import PostcodeCentroid
from caringcity.networks.graph import OWNER, Graph
from caringcity.networks.models import ActorKind, ConnectionStatus
from caringcity.networks.placing import place
from caringcity.networks.selectors.graphs import care_map_graph, community_graph
from caringcity.networks.tests.factories import care_kinds, make_actor, make_care_map, make_connection, make_node, make_tie
from caringcity.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_community_graph_withholds_unnamed_residents_and_marks_active_ties(commons):
    food, company = care_kinds(commons, ["Food", "Company"])
    hub = make_actor(commons, "Chatsworth Road Hub", ActorKind.COMMUNITY_HUB, postcode="E5 0LH")
    resident = make_actor(commons, "Edna Lowe", ActorKind.RESIDENT, postcode="E5 8QR", description="Lives alone")
    named = make_actor(commons, "Vic Osei", ActorKind.RESIDENT, postcode="E5 8QR", show_name=True)
    make_connection(hub, resident, kinds=[food, company])
    make_connection(hub, named, status=ConnectionStatus.INACTIVE)
    graph = community_graph(commons)
    labels = {node.label for node in graph.nodes}
    assert labels == {"Chatsworth Road Hub", "A resident, E5", "Vic Osei"}
    hidden = graph.node(str(resident.uuid))
    assert hidden.attrs["postcode"] == "E5" and hidden.attrs["description"] == ""
    assert sorted((e.attrs["active"], tuple(e.attrs["care_kinds"])) for e in graph.edges) == [(False, ()), (True, ("Company", "Food"))]
    assert Graph.from_dict(graph.to_dict()) == graph


def test_community_graph_at_a_date_leaves_out_later_actors(commons):
    old = make_actor(commons, "Old group", since=datetime.date(2025, 1, 1))
    new = make_actor(commons, "New group", since=datetime.date(2026, 6, 1))
    make_connection(old, new, since=datetime.date(2026, 6, 1))
    graph = community_graph(commons, at=datetime.date(2026, 1, 1))
    assert [node.label for node in graph.nodes] == ["Old group"] and graph.edges == []


def test_care_map_graph_has_owner_at_centre_and_stored_ties(commons):
    owner = PersonFactory(name="Arthur Price")
    care_map = make_care_map(commons, owner)
    jo = make_node(care_map, "Jo next door")
    make_tie(care_map, source=jo, target=None, stressful=True)
    graph = care_map_graph(care_map)
    assert graph.node(OWNER).label == "Arthur Price"
    (edge,) = graph.edges
    assert (edge.source, edge.target, edge.directed, edge.attrs["stressful"]) == (str(jo.uuid), OWNER, True, True)


def test_place_uses_the_centroid_or_nothing():
    PostcodeCentroid.objects.create(postcode="E5", latitude=51.559, longitude=-0.053)
    assert place("e5 8qr") == ("E5 8QR", 51.559, -0.053)
    assert place("SW1A 1AA") == ("SW1A 1AA", None, None)
    assert place("not a postcode") == ("", None, None)
