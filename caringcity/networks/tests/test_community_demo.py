"""The neighbourhood map demo keeps its promises: about sixty actors in Clapton, the care teams on
the map, a few isolated residents, exactly one organisation whose loss cuts off three people
(checked with networkx directly), and two snapshots of different sizes. Safe to run twice."""

import networkx as nx
import pytest
from django.urls import reverse

from caringcity.circles.tests.demo_world import load_demo
from caringcity.networks import demo_community
from caringcity.networks.models import ORGANISATION_KINDS, Actor, ActorKind, Connection, Snapshot
from caringcity.networks.selectors.graphs import community_graph

pytestmark = pytest.mark.django_db


@pytest.fixture
def ctx():
    return load_demo()  # every app's demo, as ``manage.py demo`` runs them (networks included)


def _active(graph):
    g = nx.Graph()
    g.add_nodes_from(node.id for node in graph.nodes)
    g.add_edges_from((edge.source, edge.target) for edge in graph.edges if edge.attrs["active"])
    return g


def test_the_demo_map_keeps_its_promises(ctx, client):
    commons = ctx["commons"]["clapton"]
    graph = community_graph(commons)
    labels = {node.id: node.label for node in graph.nodes}
    kinds = {node.id: node.attrs["kind"] for node in graph.nodes}
    assert 55 <= len(graph.nodes) <= 65
    assert set(ctx["actors"]) == set(Actor.objects.filter(commons=commons).values_list("name", flat=True))
    teams = Actor.objects.filter(commons=commons, kind=ActorKind.TEAM)
    assert {actor.team for actor in teams} == set(ctx["teams"].values())
    assert all(actor.name.startswith("Care team: ") for actor in teams)  # never the team's own name

    g = _active(graph)
    isolated = [n for n in g if g.degree(n) == 0]
    assert len(isolated) >= 3 and all(kinds[n] == ActorKind.RESIDENT for n in isolated)
    main = max(nx.connected_components(g), key=len)
    cutters = {}
    for node in nx.articulation_points(g):
        rest = g.subgraph(set(main) - {node})
        cut_off = set(main) - {node} - max(nx.connected_components(rest), key=len)
        cutters[node] = cut_off
    three = [n for n, cut in cutters.items() if len(cut) == 3 and kinds[n] in ORGANISATION_KINDS]
    assert [labels[n] for n in three] == [demo_community.CUT_POINT]
    assert {kinds[n] for n in cutters[three[0]]} == {ActorKind.RESIDENT}
    assert len(cutters) == 1  # no other single point of failure muddles the story

    earlier, now = Snapshot.objects.filter(commons=commons).order_by("taken_on")
    assert earlier.summary["nodes"] < now.summary["nodes"] and earlier.summary["edges"] < now.summary["edges"]
    assert now.summary["nodes"] == len(graph.nodes) and now.summary["edges"] == len(graph.edges)

    before = (Actor.objects.count(), Connection.objects.count(), Snapshot.objects.count())
    demo_community.build(ctx)
    assert (Actor.objects.count(), Connection.objects.count(), Snapshot.objects.count()) == before

    client.force_login(ctx["people"]["member"].user)
    page = client.get(reverse("networks:community", args=[commons.slug]))
    assert page.status_code == 200 and demo_community.CUT_POINT in page.content.decode()
    assert "Edna Lowe" not in page.content.decode()  # an unnamed demo resident
    assert client.get(reverse("networks:snapshot", args=[commons.slug, earlier.uuid])).status_code == 200
