"""The one shape every part passes a network around in: drawings, analysis, snapshots and the
exchange formats all take a ``Graph`` and none of them reads the models.

Attribute values are ``str``, ``int``, ``float``, ``bool`` or a ``list`` of ``str``; nothing else.
The attribute names each kind of map uses are listed below (``COMMUNITY_*`` and ``CARE_MAP_*``)
with their types, so every format writes and reads them the same way.

Every edge carries ``active`` (bool): an active supportive tie. Analysis reads only that; a
connection's status decides it on the neighbourhood map, and every tie on a care map is active.
"""

from dataclasses import asdict, dataclass, field

# name -> type, for the neighbourhood map (built by selectors.graphs.community_graph)
COMMUNITY_NODE_ATTRS = {
    "kind": str,  # ActorKind value
    "postcode": str,
    "latitude": float,  # absent when not placed
    "longitude": float,
    "description": str,
    "since": str,  # ISO date or ""
    "individual": bool,  # a resident (their name may be withheld: label says "A resident, E5")
}
COMMUNITY_EDGE_ATTRS = {
    "status": str,  # ConnectionStatus value
    "care_kinds": list,  # CareKind names
    "since": str,
    "direction": str,  # Direction value
    "active": bool,
}
# for a personal care map (built by selectors.graphs.care_map_graph); the centre is node "owner"
CARE_MAP_NODE_ATTRS = {
    "ring": int,  # 0 for the owner, then Ring values 1..3
    "group": bool,
    "from_team": bool,  # appears because they are in the owner's care team
}
CARE_MAP_EDGE_ATTRS = {
    "kind": str,  # TieKind value
    "direction": str,
    "strength": str,  # Strength value
    "stressful": bool,
    "flows": list,  # Flow values
    "how_often": str,  # HowOften value
    "from_team": bool,
    "active": bool,
}
OWNER = "owner"


@dataclass
class Node:
    id: str
    label: str
    attrs: dict = field(default_factory=dict)


@dataclass
class Edge:
    id: str
    source: str
    target: str
    directed: bool = False  # True: the source supports the target, and not the other way
    attrs: dict = field(default_factory=dict)


@dataclass
class Graph:
    name: str
    nodes: list = field(default_factory=list)
    edges: list = field(default_factory=list)
    attrs: dict = field(default_factory=dict)  # for example {"kind": "community"} or {"kind": "care_map"}

    def node(self, node_id):
        for node in self.nodes:
            if node.id == node_id:
                return node
        return None

    def index(self):
        """{node id: Node}"""
        return {node.id: node for node in self.nodes}

    def to_dict(self):
        return asdict(self)

    @classmethod
    def from_dict(cls, data):
        return cls(
            name=data.get("name", ""),
            nodes=[Node(**node) for node in data.get("nodes", [])],
            edges=[Edge(**edge) for edge in data.get("edges", [])],
            attrs=dict(data.get("attrs", {})),
        )
