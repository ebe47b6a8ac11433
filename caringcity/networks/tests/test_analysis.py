"""Known graphs give known answers: the analysis functions on hand-made graphs (no database)."""

import random

import networkx as nx
import pytest

from caringcity.networks import analysis
from caringcity.networks.graph import OWNER, Edge, Graph, Node


def make(n, pairs, *, inactive=(), directed=(), attrs=None):
    """Nodes "0".."n-1" labelled N0..; edge i joins pairs[i] (inactive / one-way by index)."""
    nodes = [Node(str(i), f"N{i}") for i in range(n)]
    edges = []
    for i, (a, b) in enumerate(pairs):
        extra = dict((attrs or {}).get(i, {}))
        edges.append(Edge(f"e{i}", str(a), str(b), directed=i in directed, attrs={"active": i not in inactive, **extra}))
    return Graph("test", nodes, edges, {"kind": "community"})


def cuts(graph, **kw):
    points, bridges = analysis.cut_points_and_bridges(graph, **kw)
    return points, bridges


def point_ids(graph, **kw):
    return sorted(p.node_id for p in cuts(graph, **kw)[0])


def bridge_pairs(graph, **kw):
    edges = {e.id: e for e in graph.edges}
    return sorted(tuple(sorted((edges[b.edge_id].source, edges[b.edge_id].target))) for b in cuts(graph, **kw)[1])


# --- cut points and bridges of textbook graphs -------------------------------------------------
def test_path_every_inner_node_is_a_cut_point_and_every_tie_a_bridge():
    graph = make(5, [(0, 1), (1, 2), (2, 3), (3, 4)])
    assert point_ids(graph) == ["1", "2", "3"]
    assert bridge_pairs(graph) == [("0", "1"), ("1", "2"), ("2", "3"), ("3", "4")]
    by_id = {p.node_id: p for p in cuts(graph)[0]}
    # losing 1 cuts off 0 (the biggest group left is 2-3-4); losing 2 cuts off one side of two
    assert by_id["1"].cut_off == ["0"] and by_id["1"].cut_off_count == 1
    assert by_id["2"].cut_off_count == 4  # two halves the same size: no main group is left
    assert by_id["3"].cut_off == ["4"]


def test_star_centre_is_the_only_cut_point():
    graph = make(6, [(0, i) for i in range(1, 6)])
    (point,), bridges = cuts(graph)
    assert point.node_id == "0" and point.cut_off_count == 5  # every leaf is left alone
    assert sorted(point.cut_off) == ["1", "2", "3", "4", "5"]
    assert len(bridges) == 5 and all(b.cut_off_count == 1 for b in bridges)


def test_two_triangles_joined_by_a_bridge():
    graph = make(6, [(0, 1), (1, 2), (2, 0), (3, 4), (4, 5), (5, 3), (2, 3)])
    assert point_ids(graph) == ["2", "3"]
    assert bridge_pairs(graph) == [("2", "3")]
    (bridge,) = cuts(graph)[1]
    assert bridge.cut_off_count == 6  # two halves the same size: each is cut off from the other
    by_id = {p.node_id: p for p in cuts(graph)[0]}
    assert sorted(by_id["2"].cut_off) == ["0", "1"] and sorted(by_id["3"].cut_off) == ["4", "5"]


def test_bowtie_centre_is_a_cut_point_with_no_bridges():
    graph = make(5, [(0, 1), (1, 2), (2, 0), (2, 3), (3, 4), (4, 2)])
    assert point_ids(graph) == ["2"]
    assert bridge_pairs(graph) == []
    (point,) = cuts(graph)[0]
    assert point.cut_off_count == 4 and sorted(point.cut_off) == ["0", "1", "3", "4"]


def test_cycle_has_no_cut_points_or_bridges():
    graph = make(6, [(i, (i + 1) % 6) for i in range(6)])
    assert point_ids(graph) == [] and bridge_pairs(graph) == []


def test_textbook_seven_node_example():
    """The 7-node example of many course notes (GeeksforGeeks 'Articulation points', graph 3):
    a triangle 0-1-2, node 1 also tied to 3, 4 and 6, and 3-5-4 closing a cycle with 1.
    Cut point: 1 only. Bridge: 1-6 only."""
    graph = make(7, [(0, 1), (1, 2), (2, 0), (1, 3), (1, 4), (1, 6), (3, 5), (4, 5)])
    assert point_ids(graph) == ["1"]
    assert bridge_pairs(graph) == [("1", "6")]
    (point,) = cuts(graph)[0]
    # without 1: {0, 2}, {3, 4, 5}, {6}; the biggest group left is 3-4-5, so 0, 2 and 6 are cut off
    assert point.cut_off_count == 3 and sorted(point.cut_off) == ["0", "2", "6"]


def test_inactive_ties_do_not_count_and_a_double_tie_is_no_bridge():
    # 0-1 twice (two connections): losing one cuts no one off; 1-2 is active, 2-3 inactive
    graph = make(4, [(0, 1), (0, 1), (1, 2), (2, 3)], inactive={3})
    assert bridge_pairs(graph) == [("1", "2")]
    assert point_ids(graph) == ["1"]


def test_anchor_keeps_the_centre_side_and_is_never_a_cut_point():
    # owner - 1 - 2 - 3 and owner - 4: with the owner as anchor, losing 1 cuts 2 and 3 off the owner
    nodes = [Node(OWNER, "Olive")] + [Node(str(i), f"N{i}") for i in range(1, 5)]
    edges = [Edge("a", OWNER, "1", attrs={"active": True}), Edge("b", "1", "2", attrs={"active": True}),
             Edge("c", "2", "3", attrs={"active": True}), Edge("d", OWNER, "4", attrs={"active": True})]
    graph = Graph("care", nodes, edges)
    points, bridges = cuts(graph, anchor=OWNER)
    by_id = {p.node_id: p for p in points}
    assert OWNER not in by_id
    assert by_id["1"].cut_off_count == 2 and sorted(by_id["1"].cut_off) == ["2", "3"]
    assert by_id["2"].cut_off == ["3"]
    lost = {b.edge_id: sorted(b.cut_off) for b in bridges}
    assert lost == {"a": ["1", "2", "3"], "b": ["2", "3"], "c": ["3"], "d": ["4"]}


def _brute_force(graph_nx, anchor=None):
    """{cut point: how many lose their path to the biggest group (or the anchor)}, {bridge: how
    many are cut off}, by removing each node and each tie in turn."""
    points = {}
    for v in nx.articulation_points(graph_nx):
        component = nx.node_connected_component(graph_nx, v)
        rest = graph_nx.subgraph(component - {v})
        pieces = [set(p) for p in nx.connected_components(rest)]
        if anchor is not None and anchor in component:
            if v == anchor:
                continue
            kept = next(len(p) for p in pieces if anchor in p)
        else:
            sizes = sorted((len(p) for p in pieces), reverse=True)
            kept = 0 if sizes[0] == sizes[1] else sizes[0]
        points[v] = len(component) - 1 - kept
    bridges = {}
    for u, v in nx.bridges(graph_nx):
        component = nx.node_connected_component(graph_nx, u)
        cut = graph_nx.copy()
        cut.remove_edge(u, v)
        side_u = nx.node_connected_component(cut, u)
        if anchor is not None and anchor in component:
            lost = len(component) - len(side_u) if anchor in side_u else len(side_u)
        else:
            other = len(component) - len(side_u)
            lost = len(component) if other == len(side_u) else min(len(side_u), other)
        bridges[frozenset((u, v))] = lost
    return points, bridges


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_cut_points_and_bridges_agree_with_networkx_on_random_graphs(seed):
    rng = random.Random(seed)
    n = 60
    pairs = set()
    while len(pairs) < 75:
        a, b = rng.sample(range(n), 2)
        pairs.add((min(a, b), max(a, b)))
    pairs = sorted(pairs)
    inactive = set(rng.sample(range(len(pairs)), 8))
    graph = make(n, pairs, inactive=inactive)
    reference = nx.Graph()
    reference.add_nodes_from(str(i) for i in range(n))
    reference.add_edges_from((str(a), str(b)) for i, (a, b) in enumerate(pairs) if i not in inactive)
    for anchor in (None, "0"):
        want_points, want_bridges = _brute_force(reference, anchor)
        points, bridges = cuts(graph, anchor=anchor)
        assert {p.node_id: p.cut_off_count for p in points} == want_points
        edges = {e.id: e for e in graph.edges}
        got = {frozenset((edges[b.edge_id].source, edges[b.edge_id].target)): b.cut_off_count for b in bridges}
        assert got == want_bridges
        # the names listed are really cut off: not connected to what is kept once the node goes
        for p in points:
            rest = reference.copy()
            rest.remove_node(p.node_id)
            for lost in p.cut_off:
                if anchor is not None and anchor in reference and nx.has_path(reference, anchor, p.node_id):
                    assert not nx.has_path(rest, lost, anchor)


# --- isolated ------------------------------------------------------------------------------------
def test_isolated_are_nodes_with_only_inactive_ties_or_none():
    graph = make(4, [(0, 1), (1, 2), (2, 3)], inactive={1, 2})
    found = analysis.isolated(graph)
    assert [item[0] for item in found] == ["2", "3"]
    assert "2 ties" in found[0][2] and "1 tie" in found[1][2]
    graph = make(3, [(0, 1)])
    assert analysis.isolated(graph) == [("2", "N2", "No ties at all.")]


# --- brokers ---------------------------------------------------------------------------------------
def test_betweenness_star_centre_first_path_middle_first():
    star = make(5, [(0, i) for i in range(1, 5)])
    scores, estimated = analysis.betweenness(star)
    assert not estimated and scores[0] == 6 and scores[1:] == [0, 0, 0, 0]  # every pair of 4 leaves
    path = make(5, [(0, 1), (1, 2), (2, 3), (3, 4)])
    scores, _ = analysis.betweenness(path)
    assert scores == [0, 3, 4, 3, 0]
    brokers = next(f for f in analysis.findings(path) if f.key == "brokers")
    assert [item[0] for item in brokers.items] == ["2", "1", "3"]


def test_betweenness_estimate_beyond_the_limit_is_seeded_and_close():
    rng = random.Random(7)
    n = 300
    pairs = {(i, (i + 1) % n) for i in range(n)}
    while len(pairs) < 900:
        a, b = rng.sample(range(n), 2)
        pairs.add((min(a, b), max(a, b)))
    graph = make(n, sorted(pairs))
    exact, estimated = analysis.betweenness(graph)
    assert not estimated
    guess, estimated = analysis.betweenness(graph, exact_limit=100, k=150)
    again, _ = analysis.betweenness(graph, exact_limit=100, k=150)
    assert estimated and guess == again
    assert abs(sum(guess) - sum(exact)) / sum(exact) < 0.1
    top = set(sorted(range(n), key=lambda i: -exact[i])[:10])
    assert len(top & set(sorted(range(n), key=lambda i: -guess[i])[:20])) >= 7


# --- groups ---------------------------------------------------------------------------------------------
def test_two_cliques_joined_by_one_tie_are_two_groups():
    left = [(a, b) for a in range(5) for b in range(a + 1, 5)]
    right = [(a + 5, b + 5) for a, b in left]
    graph = make(10, left + right + [(4, 5)])
    found = analysis.groups(graph)
    assert sorted(sorted(group) for group in found) == [[0, 1, 2, 3, 4], [5, 6, 7, 8, 9]]
    assert analysis.groups(graph) == found  # the same every time
    finding = next(f for f in analysis.findings(graph) if f.key == "groups")
    assert finding.total == 2 and "5 members" in finding.items[0][2]


# --- care from only one place -------------------------------------------------------------------------
def test_neighbourhood_only_helper_follows_direction_and_counts_givers_once():
    # 0 -> 1 food, twice (two ties, one giver); 3 <-> 1 company (both ways); 4 -> 5 food;
    # 6 -> 5 food but inactive; 2 -> 2 (a tie to oneself, ignored)
    food, company = {"care_kinds": ["Food"]}, {"care_kinds": ["Company"]}
    graph = make(7, [(0, 1), (0, 1), (3, 1), (4, 5), (6, 5), (2, 2)], directed={0, 1, 3, 4, 5}, inactive={4},
                 attrs={0: food, 1: food, 2: company, 3: food, 4: food, 5: food})
    kinds_of = lambda e: e.attrs.get("care_kinds") or ()  # noqa: E731
    assert analysis.only_helpers(graph, kinds_of=kinds_of) == {
        ("1", "Food"): "0", ("1", "Company"): "3", ("3", "Company"): "1", ("5", "Food"): "4"}
    finding = next(f for f in analysis.findings(graph) if f.key == "only_helper")
    assert ("1", "N1", "Food: only from N0.") in finding.items and finding.total == 4
    graph.edges[4].attrs["active"] = True  # a second giver of food to 5
    assert ("5", "Food") not in analysis.only_helpers(graph, kinds_of=kinds_of)


def test_care_map_only_helper_counts_regular_flows_only():
    nodes = [Node(OWNER, "Olive"), Node("mum", "Mum"), Node("jo", "Jo"), Node("gp", "Dr Shah"), Node("kid", "Sam")]

    def tie(i, a, b, flows, how_often, directed=True):
        return Edge(i, a, b, directed=directed, attrs={"flows": flows, "how_often": how_often, "active": True})

    edges = [
        tie("1", "mum", OWNER, ["practical", "emotional"], "daily"),
        tie("2", "jo", OWNER, ["emotional"], "weekly"),
        tie("3", "gp", OWNER, ["information"], "monthly"),  # not regular: no finding
        tie("4", OWNER, "kid", ["company"], "weekly"),  # the owner supports Sam
        tie("5", "jo", "mum", ["company"], "less"),
    ]
    graph = Graph("Olive", nodes, edges, {"kind": "care_map"})
    found = {f.key: f for f in analysis.care_map_findings(graph)}
    helper = found["only_helper"].items
    assert helper == [(OWNER, "Olive", "Practical help every week or more: only from Mum."),
                      ("kid", "Sam", "Company every week or more: only from Olive.")]
    # Sam hangs on the owner (the anchor is never a cut point); nobody else is cut off from the owner
    assert found["cut_points"].items == []
    assert found["isolated"].items == []


# --- change between snapshots --------------------------------------------------------------------
def test_compare_two_hand_made_graphs():
    before = Graph("before", [Node("a", "Hub"), Node("b", "Jo"), Node("c", "Mo"), Node("d", "Old group")], [
        Edge("ab", "a", "b", attrs={"status": "engaged", "active": True}),
        Edge("ad", "a", "d", attrs={"status": "engaged", "active": True}),
        Edge("ac", "a", "c", attrs={"status": "inactive", "active": False}),
    ])
    after = Graph("after", [Node("a", "Hub"), Node("b", "Jo"), Node("c", "Mo"), Node("e", "New group")], [
        Edge("ab", "a", "b", attrs={"status": "inactive", "active": False}),
        Edge("ac", "a", "c", attrs={"status": "generative", "active": True}),
        Edge("ae", "a", "e", directed=True, attrs={"status": "engaged", "active": True}),
    ])
    change = analysis.compare(before, after)
    assert change.added_nodes == [("e", "New group", "")]
    assert change.removed_nodes == [("d", "Old group", "")]
    assert change.added_edges == [("ae", "Hub to New group", "Engaged")]
    assert change.removed_edges == [("ad", "Hub and Old group", "Engaged")]
    assert change.status_changed == [("ab", "Hub and Jo", "Engaged, now Inactive"), ("ac", "Hub and Mo", "Inactive, now Generative")]
    assert change.now_connected == [("c", "Mo", "")]
    assert change.now_isolated == [("b", "Jo", "")]
    assert change.counts == [("nodes", 4, 4, 0), ("edges", 3, 3, 0), ("active_edges", 2, 2, 0)]
    assert not change.nothing and analysis.compare(after, after).nothing


def test_findings_on_an_empty_map_say_so():
    found = analysis.findings(Graph("empty"))
    assert [f.key for f in found] == ["isolated", "cut_points", "bridges", "brokers", "groups", "only_helper"]
    assert all(f.items == [] and f.empty and f.todo for f in found)
