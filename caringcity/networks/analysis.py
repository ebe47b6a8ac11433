"""Analysis of a ``graph.Graph`` that answers care questions, each explained in plain words.
Pure functions: no database, so the same code runs on a care map, the neighbourhood map, a
snapshot, or the 50,000-actor benchmark (``bench/networks.py``).

The heavy work runs in python-igraph (C code), on the *active* ties only (``attrs["active"]``),
with the direction of a tie ignored when the question is "is anyone cut off?": a tie is a way to
reach someone, whichever way the care flows. Direction matters only for "who gives care to whom"
(the only-helper question). See ``docs/networks-analysis.md`` for each question, in plain words
and technically.

- ``findings(graph)``: the neighbourhood map's findings, a list of ``Finding``.
- ``care_map_findings(graph)``: the findings of one person's care map (centre: node "owner").
- ``compare(before, after)``: what changed between two snapshots, a ``Change``.
- ``summarise(graph)``: counts kept with a snapshot.
"""

import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import igraph
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from caringcity.networks.graph import OWNER

# Exact betweenness visits every node from every node: O(nodes x ties). Up to this many nodes it
# is exact; beyond it we estimate it from SAMPLE_SOURCES starting points chosen at random with a
# fixed seed, and scale by nodes / SAMPLE_SOURCES (Brandes & Pich 2007, "Centrality estimation
# in large networks"). The page and the docs say when the estimate was used.
EXACT_BETWEENNESS_LIMIT = 2000
SAMPLE_SOURCES = 200
SEED = 20260101
BROKERS_SHOWN = 10
SMALLEST_GROUP = 3  # groups (communities) smaller than this are not listed
NAMES_SHOWN = 6  # names listed in a detail before "and N more"


def summarise(graph):
    """Counts kept with a snapshot (JSON-able): nodes, edges, active edges, nodes by kind."""
    return {
        "nodes": len(graph.nodes),
        "edges": len(graph.edges),
        "active_edges": sum(1 for edge in graph.edges if edge.attrs.get("active", True)),
        "by_kind": dict(Counter(node.attrs.get("kind", "") for node in graph.nodes)),
    }


@dataclass
class Finding:
    """One answer to a care question. ``items`` are ``(id, label, detail)``: ``id`` is a node id,
    except for ``bridges`` where it is the tie's (edge) id. ``total`` is how many there are
    (``items`` may list fewer, e.g. groups); ``todo`` is what you could do, in plain words;
    ``estimate`` is True when the numbers are estimated (betweenness on a large map)."""

    key: str
    title: str
    explanation: str
    items: list
    todo: str = ""
    total: int = 0
    estimate: bool = False
    note: str = ""
    empty: str = ""  # what to say when there is nothing to show

    def __post_init__(self):
        if not self.total:
            self.total = len(self.items)


# --- the active graph in igraph --------------------------------------------------------------
class ActiveNet:
    """The graph's active ties as an undirected igraph multigraph (a double tie between the same
    two is kept: losing one of them cuts no one off). Vertex i is ``graph.nodes[i]``; edge j is
    ``edge_ids[j]``. Ties to a node not on the map and ties to oneself are left out."""

    def __init__(self, graph):
        self.graph = graph
        self.ids = [node.id for node in graph.nodes]
        self.labels = [node.label for node in graph.nodes]
        self.index = {node_id: i for i, node_id in enumerate(self.ids)}
        pairs, self.edge_ids, self.edges = [], [], []
        index = self.index
        for edge in graph.edges:
            if not edge.attrs.get("active", True):
                continue
            s, t = index.get(edge.source), index.get(edge.target)
            if s is None or t is None or s == t:
                continue
            pairs.append((s, t))
            self.edge_ids.append(edge.id)
            self.edges.append(edge)
        self.pairs = pairs
        self.g = igraph.Graph(n=len(self.ids), edges=pairs, directed=False)
        self._simple = None

    @property
    def n(self):
        return len(self.ids)

    def simple(self):
        """Without double ties (for betweenness and groups)."""
        if self._simple is None:
            self._simple = self.g.copy()
            self._simple.simplify(multiple=True, loops=True)
        return self._simple


def _names(labels, total=None):
    """'A; B and 3 more' (at most NAMES_SHOWN names; a semicolon, since a label may hold a comma:
    "A resident, E5")."""
    total = len(labels) if total is None else total
    shown = "; ".join(labels[:NAMES_SHOWN])
    more = total - min(len(labels), NAMES_SHOWN)
    if more > 0:
        return ngettext("%(names)s and %(n)s more", "%(names)s and %(n)s more", more) % {"names": shown, "n": more}
    return shown


# --- who is isolated ---------------------------------------------------------------------------
def isolated(graph, net=None):
    """[(node id, label, detail)] of nodes with no active tie, in map order."""
    net = net or ActiveNet(graph)
    inactive = Counter()
    for edge in graph.edges:
        if not edge.attrs.get("active", True):
            inactive[edge.source] += 1
            inactive[edge.target] += 1
    result = []
    for i, degree in enumerate(net.g.degree()):
        if degree:
            continue
        node_id = net.ids[i]
        if inactive[node_id]:
            detail = ngettext("Only %(n)s tie, and it is not active now.", "Only %(n)s ties, and none is active now.",
                              inactive[node_id]) % {"n": inactive[node_id]}
        else:
            detail = _("No ties at all.")
        result.append((node_id, net.labels[i], detail))
    return result


# --- single points of failure: cut points and bridges ----------------------------------------
@dataclass
class CutPoint:
    node_id: str
    label: str
    cut_off: list  # node ids of (at most ``cap``) who would be cut off
    cut_off_count: int  # how many would be cut off in all


@dataclass
class Bridge:
    edge_id: str
    source: str
    target: str
    cut_off: list
    cut_off_count: int


class _BlockTree:
    """The block-cut tree of the active graph: its biconnected blocks (igraph) joined at the cut
    points. Rooted at a block holding ``anchor`` (if given) so that the anchor is always on the
    "parent" side; ``size[b]`` is how many nodes hang below block ``b`` (not counting its parent
    cut point). Everything is linear in the size of the map."""

    def __init__(self, net, anchor=None):
        g = net.g
        # igraph's own wrapper rebuilds the whole edge list; we already hold it (``net.pairs``)
        trees, cut_points = igraph.GraphBase.biconnected_components(g, True)
        pairs = net.pairs
        self.blocks = []
        for tree in trees:
            block = set()
            for j in tree:
                block.update(pairs[j])
            self.blocks.append(sorted(block))
        self.cut_points = sorted(cut_points)
        self.is_cut = set(cut_points)
        components = g.connected_components()
        self.component = components.membership
        self.component_size = components.sizes()
        self.blocks_of = defaultdict(list)  # cut point -> blocks holding it
        for b, block in enumerate(self.blocks):
            for v in block:
                if v in self.is_cut:
                    self.blocks_of[v].append(b)
        B = len(self.blocks)
        self.parent_cut = [-1] * B
        self.parent_block = {}  # cut point -> the block above it
        self.children = defaultdict(list)  # cut point -> blocks below it
        seen = [False] * B
        order = []
        roots = list(range(B))
        if anchor is not None:
            first = [b for b, block in enumerate(self.blocks) if anchor in block][:1]
            roots = first + roots
        for root in roots:
            if seen[root]:
                continue
            seen[root] = True
            stack = [root]
            while stack:
                b = stack.pop()
                order.append(b)
                for v in self.blocks[b]:
                    if v in self.is_cut and v != self.parent_cut[b]:
                        self.parent_block[v] = b
                        for child in self.blocks_of[v]:
                            if not seen[child]:
                                seen[child] = True
                                self.parent_cut[child] = v
                                self.children[v].append(child)
                                stack.append(child)
        self.size = [0] * B
        for b in reversed(order):
            total = len(self.blocks[b]) - (1 if self.parent_cut[b] >= 0 else 0)
            for v in self.blocks[b]:
                if v in self.is_cut and v != self.parent_cut[b]:
                    total += sum(self.size[c] for c in self.children[v])
            self.size[b] = total

    def walk(self, start_vertices, start_blocks, skip_vertex=-1, skip_block=-1, cap=NAMES_SHOWN):
        """Up to ``cap`` nodes reachable from the start without passing ``skip_vertex`` or
        ``skip_block`` (the block-cut tree is a tree, so this stays small)."""
        found, seen_v, seen_b = [], set(), set()
        vertices, blocks = list(start_vertices), list(start_blocks)
        while (vertices or blocks) and len(found) < cap:
            if vertices:
                v = vertices.pop()
                if v in seen_v or v == skip_vertex:
                    continue
                seen_v.add(v)
                found.append(v)
                if v in self.is_cut:
                    blocks.extend(b for b in self.blocks_of[v] if b != skip_block and b not in seen_b)
            else:
                b = blocks.pop()
                if b in seen_b or b == skip_block:
                    continue
                seen_b.add(b)
                vertices.extend(v for v in self.blocks[b] if v not in seen_v and v != skip_vertex)
        return found


def cut_points_and_bridges(graph, anchor=None, net=None, cap=NAMES_SHOWN):
    """([CutPoint], [Bridge]) on the active ties. Who "would be cut off" is everyone who loses
    their path to the biggest group left when the node (or tie) goes (everyone, when no one group
    is the biggest: the leaves of a star, the two equal halves of a path); with ``anchor`` (a node id,
    the centre of a care map) it is everyone who loses their path to the anchor instead, and the
    anchor itself is never listed as a cut point. Sorted: most cut off first."""
    net = net or ActiveNet(graph)
    anchor_i = net.index.get(anchor) if anchor is not None else None
    tree = _BlockTree(net, anchor_i)
    labels = net.labels

    def anchored(v):
        return anchor_i is not None and tree.component[v] == tree.component[anchor_i]

    points = []
    for a in tree.cut_points:
        if a == anchor_i:
            continue
        below = [(tree.size[c], c) for c in tree.children[a]]
        whole = tree.component_size[tree.component[a]]
        above = whole - 1 - sum(size for size, _c in below)
        pieces = [(size, False, c) for size, c in below]
        if a in tree.parent_block:
            pieces.append((above, True, tree.parent_block[a]))
        if anchored(a):
            kept = next(piece for piece in pieces if piece[1])  # the anchor is above every cut point
        else:
            sizes = sorted((piece[0] for piece in pieces), reverse=True)
            # no single biggest group left (e.g. the centre of a star): everyone is cut off
            kept = None if sizes[0] == sizes[1] else max(pieces)
        lost = [piece for piece in pieces if piece is not kept]
        count = sum(piece[0] for piece in lost)
        who = []
        for _size, _above, block in lost:
            if len(who) >= cap:
                break
            who += tree.walk([], [block], skip_vertex=a, cap=cap - len(who))
        points.append(CutPoint(net.ids[a], labels[a], [net.ids[v] for v in who], count))
    points.sort(key=lambda point: (-point.cut_off_count, point.label))

    two = {}
    for b, block in enumerate(tree.blocks):
        if len(block) == 2:
            two[frozenset(block)] = b
    bridges = []
    for j in net.g.bridges():
        s, t = net.g.es[j].tuple
        b = two[frozenset((s, t))]
        # the side below the bridge's block: the end that is not its parent cut point
        if tree.parent_cut[b] in (s, t):
            low = t if tree.parent_cut[b] == s else s
            below = tree.size[b]
        else:  # a root block: the far end from the anchor (if any), or the smaller side
            low = t
            below = 1 + sum(tree.size[c] for c in tree.children.get(t, ()) if tree.parent_cut[c] == t)
        high = s if low == t else t
        whole = tree.component_size[tree.component[s]]
        if anchored(s):
            lost_ends, count = ([low], below) if anchor_i != low else ([high], whole - below)
        elif below == whole - below:  # two halves the same size: nobody is "the main group"
            lost_ends, count = [low, high], whole
        elif below < whole - below:
            lost_ends, count = [low], below
        else:
            lost_ends, count = [high], whole - below
        who = []
        for end in lost_ends:
            who += tree.walk([end], [], skip_block=b, cap=cap - len(who))
        edge = net.edges[j]
        bridges.append(Bridge(net.edge_ids[j], edge.source, edge.target, [net.ids[v] for v in who], count))
    bridges.sort(key=lambda bridge: (-bridge.cut_off_count, bridge.edge_id))
    return points, bridges


# --- brokers: betweenness ----------------------------------------------------------------------
def betweenness(graph, net=None, *, exact_limit=EXACT_BETWEENNESS_LIMIT, k=SAMPLE_SOURCES, seed=SEED):
    """(scores, estimated): betweenness of each node (list in node order) on the active ties,
    undirected, each pair of others counted once. Exact up to ``exact_limit`` nodes; beyond it the
    Brandes-Pich estimate from ``k`` random sources (fixed ``seed``) scaled by nodes / k."""
    net = net or ActiveNet(graph)
    g = net.simple()
    n = g.vcount()
    if n <= exact_limit or k >= n:
        return g.betweenness(directed=False), False
    sources = random.Random(seed).sample(range(n), k)
    scores = g.betweenness(directed=False, sources=sources)
    scale = n / k
    return [score * scale for score in scores], True


# --- groups: community detection --------------------------------------------------------------
def groups(graph, net=None, *, seed=SEED):
    """Louvain communities (igraph ``community_multilevel``) of the active ties: a list of lists of
    node indexes, biggest first. igraph draws its random numbers from the generator set with
    ``igraph.set_random_number_generator``; we give it a ``random.Random(seed)`` for the call (and
    put back the default after), so the same map always gives the same groups."""
    net = net or ActiveNet(graph)
    g = net.simple()
    if g.ecount() == 0:
        return []
    igraph.set_random_number_generator(random.Random(seed))
    try:
        membership = g.community_multilevel().membership
    finally:
        igraph.set_random_number_generator(random)
    members = defaultdict(list)
    for v, group in enumerate(membership):
        members[group].append(v)
    result = [vs for vs in members.values() if len(vs) > 1]
    result.sort(key=lambda vs: (-len(vs), vs[0]))
    return result


# --- a recurring need served by only one helper --------------------------------------------------
def only_helpers(graph, *, kinds_of):
    """{(receiver id, kind): giver id} where ``receiver`` gets ``kind`` from exactly one other
    node along active ties (two ties from the same giver count once). ``kinds_of(edge)`` says
    which kinds of care an edge carries (for a care map: its flows given at least weekly; for the
    neighbourhood map: its kinds of care)."""
    many = object()
    giver_of = {}
    get = giver_of.get
    for edge in graph.edges:
        if not edge.attrs.get("active", True):
            continue
        source, target = edge.source, edge.target
        if source == target:
            continue
        kinds = kinds_of(edge)
        if not kinds:
            continue
        ways = ((target, source),) if edge.directed else ((target, source), (source, target))
        for receiver, giver in ways:
            for kind in kinds:
                key = (receiver, kind)
                found = get(key)
                if found is None:
                    giver_of[key] = giver
                elif found is not many and found != giver:
                    giver_of[key] = many
    return {key: giver for key, giver in giver_of.items() if giver is not many}


# --- the findings --------------------------------------------------------------------------------
def _what_to_do():
    return {
        "isolated": _("Get in touch with them. Ask what they would like, and who they could meet: a group near them, "
                      "a neighbour, a hub. If an old tie has gone quiet, ask whether it could start again."),
        "cut_points": _("Make a second link for the people who hang on one person or group: introduce them to "
                        "someone else nearby, so they are not cut off if that one link stops."),
        "bridges": _("A tie like this is the only way to reach some people. Add a second tie, through another "
                     "person or group, so nobody is cut off if this one stops."),
        "brokers": _("These people and groups join parts of the map that would otherwise hardly meet. Thank them, "
                     "share their work with others, and make sure they are not carrying too much alone."),
        "groups": _("Groups that hardly meet may not know about each other. Invite them to the same event, or ask "
                    "the people who link them to make an introduction."),
        "only_helper": _("Someone gets this care from one place only. If it stopped, they would have none. "
                         "Find a second person or group who could help too."),
    }


def findings(graph):
    """The neighbourhood map's findings, in the order the page shows them."""
    net = ActiveNet(graph)
    todo = _what_to_do()
    labels = dict(zip(net.ids, net.labels))
    result = []

    result.append(Finding(
        "isolated", _("Who has no active tie"),
        _("These people and groups are on the map but have no tie that is active now. Nobody on the map is "
          "in touch with them."),
        isolated(graph, net), todo["isolated"],
        empty=_("Everyone on the map has at least one active tie."),
    ))

    points, bridges = cut_points_and_bridges(graph, net=net)
    result.append(Finding(
        "cut_points", _("Whose loss would cut someone off"),
        _("If one of these people or groups stopped, some others would lose every path to the rest of the map. "
          "They are single points of failure. (In network words: cut points, or articulation points.)"),
        [(p.node_id, p.label,
          ngettext("%(n)s would be cut off: %(names)s.", "%(n)s would be cut off: %(names)s.", p.cut_off_count)
          % {"n": p.cut_off_count, "names": _names([labels[i] for i in p.cut_off], p.cut_off_count)}) for p in points],
        todo["cut_points"],
        empty=_("Nobody's loss would cut anyone off: everyone has more than one way in."),
    ))
    result.append(Finding(
        "bridges", _("Ties that are the only way in"),
        _("If one of these ties stopped, some people would lose every path to the rest of the map. "
          "(In network words: bridges.)"),
        [(b.edge_id, _("%(a)s and %(b)s") % {"a": labels[b.source], "b": labels[b.target]},
          ngettext("%(n)s would be cut off: %(names)s.", "%(n)s would be cut off: %(names)s.", b.cut_off_count)
          % {"n": b.cut_off_count, "names": _names([labels[i] for i in b.cut_off], b.cut_off_count)}) for b in bridges],
        todo["bridges"],
        empty=_("No single tie is the only way in for anyone."),
    ))

    scores, estimated = betweenness(graph, net)
    n = net.n
    pairs = (n - 1) * (n - 2) / 2 if n > 2 else 1
    ranked = sorted((i for i, score in enumerate(scores) if score > 1e-9), key=lambda i: (-scores[i], net.labels[i]))
    brokers = []
    for i in ranked[:BROKERS_SHOWN]:
        share = min(100.0, 100.0 * scores[i] / pairs)
        if share >= 1:
            detail = _("On about %(share)s in every 100 of the shortest paths between two others.") % {"share": round(share)}
        else:
            detail = _("On fewer than 1 in every 100 of the shortest paths between two others.")
        brokers.append((net.ids[i], net.labels[i], detail))
    result.append(Finding(
        "brokers", _("Who connects groups"),
        _("These people and groups sit between others: many of the shortest paths from one person or group to "
          "another go through them. They bring parts of the map together. (In network words: betweenness.)"),
        brokers, todo["brokers"], total=len(ranked), estimate=estimated,
        note=(_("This map is large, so these numbers are an estimate: worked out from %(k)s starting points "
                "picked at random (always the same ones), not from every one.") % {"k": SAMPLE_SOURCES})
        if estimated else "",
        empty=_("Nobody sits between others yet."),
    ))

    found = groups(graph, net)
    listed = [vs for vs in found if len(vs) >= SMALLEST_GROUP]
    degree = net.simple().degree()
    group_items = []
    for number, vs in enumerate(listed, start=1):
        hub = max(vs, key=lambda v: (degree[v], -v))
        names = [net.labels[v] for v in sorted(vs, key=lambda v: (-degree[v], v))]
        group_items.append((net.ids[hub], _("Group %(n)s, around %(name)s") % {"n": number, "name": net.labels[hub]},
                            ngettext("%(n)s member: %(names)s.", "%(n)s members: %(names)s.", len(vs))
                            % {"n": len(vs), "names": _names(names, len(vs))}))
    result.append(Finding(
        "groups", _("Groups on the map"),
        _("Groups that are more connected inside than outside: the people and groups in one of them are in touch "
          "with each other more than with the rest of the map. (In network words: communities.)"),
        group_items, todo["groups"],
        note=ngettext("Groups of fewer than %(n)s are not listed.", "Groups of fewer than %(n)s are not listed.",
                      SMALLEST_GROUP) % {"n": SMALLEST_GROUP},
        empty=_("There are no groups yet: too few active ties."),
    ))

    single = only_helpers(graph, kinds_of=lambda edge: edge.attrs.get("care_kinds") or ())
    only_from = _("%(kind)s: only from %(giver)s.")
    helper_items = [
        (receiver, labels[receiver], only_from % {"kind": kind, "giver": labels[giver]})
        for (receiver, kind), giver in single.items() if receiver in labels and giver in labels
    ]
    helper_items.sort(key=lambda item: (item[1], item[2]))
    result.append(Finding(
        "only_helper", _("Care that comes from only one place"),
        _("These people and groups get a kind of care from just one other person or group on the map."),
        helper_items, todo["only_helper"],
        empty=_("Everyone who gets a kind of care gets it from more than one place."),
    ))
    return result


def finding_counts(graph):
    """{finding key: how many} for the neighbourhood map's summary, without betweenness (the
    slow part of ``findings``): isolated, cut_points, bridges, groups, only_helper."""
    net = ActiveNet(graph)
    points, bridges = cut_points_and_bridges(graph, net=net, cap=0)
    single = only_helpers(graph, kinds_of=lambda edge: edge.attrs.get("care_kinds") or ())
    return {
        "isolated": len(isolated(graph, net)),
        "cut_points": len(points),
        "bridges": len(bridges),
        "groups": sum(1 for group in groups(graph, net) if len(group) >= SMALLEST_GROUP),
        "only_helper": len(single),
    }


def care_map_findings(graph):
    """The findings of one person's care map: the centre is node ``graph.OWNER``."""
    from caringcity.networks.models import REGULAR, Flow

    net = ActiveNet(graph)
    labels = dict(zip(net.ids, net.labels))
    centre = labels.get(OWNER, "")
    flow_names = dict(Flow.choices)
    regular = {str(value) for value in REGULAR}
    result = []

    def regular_flows(edge):
        return edge.attrs.get("flows") or () if edge.attrs.get("how_often") in regular else ()

    single = only_helpers(graph, kinds_of=regular_flows)
    items = []
    only_from = _("%(kind)s every week or more: only from %(giver)s.")
    for (receiver, kind), giver in single.items():
        if receiver not in labels or giver not in labels:
            continue
        items.append((receiver, labels[receiver], only_from % {"kind": flow_names.get(kind, kind), "giver": labels[giver]}))
    items.sort(key=lambda item: (item[0] != OWNER, item[1], item[2]))
    result.append(Finding(
        "only_helper", _("Help that comes from only one person"),
        _("Help that is needed every week or more often, and that only one person or group gives."),
        items,
        _("Talk about who else could help with this, even now and then, so it does not all rest on one person."),
        empty=_("Every kind of help needed each week comes from more than one person."),
    ))

    points, bridges = cut_points_and_bridges(graph, anchor=OWNER, net=net)
    result.append(Finding(
        "cut_points", _("People who are the only link to others"),
        _("Some people on the map are linked to %(name)s only through one person or group. If that one stopped, "
          "the link would go.") % {"name": centre},
        [(p.node_id, p.label,
          ngettext("%(n)s would lose the link to %(name)s: %(names)s.", "%(n)s would lose the link to %(name)s: %(names)s.",
                   p.cut_off_count) % {"n": p.cut_off_count, "name": centre,
                                       "names": _names([labels[i] for i in p.cut_off], p.cut_off_count)})
         for p in points if p.cut_off_count],
        _("If it would help, get to know the people at the edge of the map too, or ask the person in between to "
          "introduce them to someone else."),
        empty=_("Nobody on the map hangs on one person alone."),
    ))
    result.append(Finding(
        "isolated", _("People with no tie on the map"),
        _("These people are on the map but not tied to anyone yet."),
        [item for item in isolated(graph, net) if item[0] != OWNER],
        _("Add how they are linked, or remove them if they are no longer part of your life."),
        empty=_("Everyone on the map is tied to someone."),
    ))
    return result


# --- change between snapshots --------------------------------------------------------------------
@dataclass
class Change:
    """What changed from ``before`` to ``after``. Lists hold ``(id, label, detail)``; nodes are
    matched by id (actor uuid), ties by id (connection uuid)."""

    added_nodes: list = field(default_factory=list)
    removed_nodes: list = field(default_factory=list)
    added_edges: list = field(default_factory=list)
    removed_edges: list = field(default_factory=list)
    status_changed: list = field(default_factory=list)
    now_connected: list = field(default_factory=list)  # no active tie before, at least one now
    now_isolated: list = field(default_factory=list)  # had an active tie before, none now
    before: dict = field(default_factory=dict)  # summarise(before)
    after: dict = field(default_factory=dict)

    @property
    def counts(self):
        """[(key, before, after, difference)] for the headline numbers."""
        rows = []
        for key in ("nodes", "edges", "active_edges"):
            b, a = self.before.get(key, 0), self.after.get(key, 0)
            rows.append((key, b, a, a - b))
        return rows

    @property
    def nothing(self):
        return not any((self.added_nodes, self.removed_nodes, self.added_edges, self.removed_edges,
                        self.status_changed, self.now_connected, self.now_isolated))


def _status_label(status):
    from caringcity.networks.models import ConnectionStatus

    try:
        return str(ConnectionStatus(status).label).split(":")[0]
    except ValueError:
        return status or _("not given")


def _tie_label(edge, labels):
    names = {"a": labels.get(edge.source, edge.source), "b": labels.get(edge.target, edge.target)}
    return (_("%(a)s to %(b)s") if edge.directed else _("%(a)s and %(b)s")) % names


def compare(before, after):
    """A ``Change`` from graph ``before`` to graph ``after`` (two snapshots of one commons)."""
    old_nodes, new_nodes = before.index(), after.index()
    old_edges = {edge.id: edge for edge in before.edges}
    new_edges = {edge.id: edge for edge in after.edges}
    old_labels = {node_id: node.label for node_id, node in old_nodes.items()}
    new_labels = {**old_labels, **{node_id: node.label for node_id, node in new_nodes.items()}}
    change = Change(before=summarise(before), after=summarise(after))
    change.added_nodes = [(node.id, node.label, "") for node in after.nodes if node.id not in old_nodes]
    change.removed_nodes = [(node.id, node.label, "") for node in before.nodes if node.id not in new_nodes]
    change.added_edges = [(edge.id, _tie_label(edge, new_labels), _status_label(edge.attrs.get("status", "")))
                          for edge in after.edges if edge.id not in old_edges]
    change.removed_edges = [(edge.id, _tie_label(edge, new_labels), _status_label(edge.attrs.get("status", "")))
                            for edge in before.edges if edge.id not in new_edges]
    for edge in after.edges:
        old = old_edges.get(edge.id)
        if old is None:
            continue
        was, now = old.attrs.get("status", ""), edge.attrs.get("status", "")
        if was != now or old.attrs.get("active", True) != edge.attrs.get("active", True):
            change.status_changed.append((edge.id, _tie_label(edge, new_labels), _("%(was)s, now %(now)s")
                                          % {"was": _status_label(was), "now": _status_label(now)}))
    alone_before = {item[0] for item in isolated(before)}
    alone_after = {item[0] for item in isolated(after)}
    change.now_connected = [(node.id, node.label, "") for node in after.nodes
                            if node.id in alone_before and node.id not in alone_after]
    change.now_isolated = [(node.id, node.label, "") for node in after.nodes
                           if node.id in alone_after and node.id in old_nodes and node.id not in alone_before]
    return change


# --- numbers for the charts -------------------------------------------------------------------
def tie_counts(graph, top=5):
    """[(number of active ties, how many nodes have it)] for 0..top-1, then ``top`` meaning
    "top or more": how connected the people and groups on the map are."""
    net = ActiveNet(graph)
    counts = Counter(min(degree, top) for degree in net.simple().degree())
    return [(k, counts.get(k, 0)) for k in range(top + 1)]
