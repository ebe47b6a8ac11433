"""The networks as ``graph.Graph``: what drawings, analysis, snapshots and the exchange formats
read. Both builders run a constant number of queries, whatever the size of the map.

Privacy: a resident who has not agreed to be named is labelled "A resident, E5" (their postcode
district) in every graph, so no drawing, export or snapshot carries their name."""

from django.db.models import Q
from django.utils.translation import gettext as _

from caringcity.core import geo
from caringcity.networks.graph import OWNER, Edge, Graph, Node
from caringcity.networks.models import ACTIVE_STATUSES, Actor, ActorKind, CareMap, Connection, Direction, MapTie, Ring, Strength, TieKind
from caringcity.teams import selectors as teams
from caringcity.teams.models import MemberKind


def actor_label(actor):
    """What the map calls an actor."""
    if actor.kind == ActorKind.RESIDENT and not actor.show_name:
        district = geo.outward(actor.postcode)
        return _("A resident, %(area)s") % {"area": district} if district else _("A resident")
    return actor.name


def _started_after(day):
    """Began after ``day``: by its "since" date, or when it was entered if it has none."""
    return Q(since__gt=day) | Q(since__isnull=True, created__date__gt=day)


def current_actors(commons, at=None):
    actors = Actor.objects.filter(commons=commons)
    if at is not None:
        actors = actors.exclude(_started_after(at)).exclude(ended__lte=at)
    else:
        actors = actors.filter(ended__isnull=True)
    return actors


def community_graph(commons, *, at=None):
    """The neighbourhood map of ``commons`` (as it stood on date ``at``, if given: actors and
    connections that existed then). Node ids are actor uuids, edge ids connection uuids."""
    actors = list(current_actors(commons, at).order_by("name", "pk"))
    ids = {actor.pk: str(actor.uuid) for actor in actors}
    connections = (Connection.objects.filter(commons=commons, source_id__in=ids, target_id__in=ids)
                   .select_related(None).prefetch_related("care_kinds").order_by("created", "pk"))
    if at is not None:
        connections = connections.exclude(_started_after(at))
    nodes = []
    for actor in actors:
        attrs = {"kind": actor.kind, "postcode": actor.postcode, "description": actor.description,
                 "since": actor.since.isoformat() if actor.since else "", "individual": actor.is_individual}
        if actor.is_individual and not actor.show_name:
            attrs["postcode"] = geo.outward(actor.postcode)
            attrs["description"] = ""
        if actor.latitude is not None and actor.longitude is not None:
            attrs["latitude"], attrs["longitude"] = actor.latitude, actor.longitude
        nodes.append(Node(ids[actor.pk], actor_label(actor), attrs))
    edges = []
    for connection in connections:
        edges.append(Edge(
            str(connection.uuid), ids[connection.source_id], ids[connection.target_id],
            directed=connection.direction == Direction.ONE_WAY,
            attrs={"status": connection.status, "care_kinds": sorted(kind.name for kind in connection.care_kinds.all()),
                   "since": connection.since.isoformat() if connection.since else "", "direction": connection.direction,
                   "active": connection.status in ACTIVE_STATUSES},
        ))
    return Graph(name=str(commons.name), nodes=nodes, edges=edges, attrs={"kind": "community"})


# --- care maps ---------------------------------------------------------------------------------
TEAM_TIE_KIND = {
    MemberKind.FAMILY: TieKind.FAMILY,
    MemberKind.FRIEND: TieKind.FRIEND,
    MemberKind.WORKER_EMPLOYED: TieKind.PAID_CARE,
    MemberKind.WORKER_SELF: TieKind.PAID_CARE,
    MemberKind.VOLUNTEER: TieKind.VOLUNTEER,
    MemberKind.PEER: TieKind.VOLUNTEER,
    MemberKind.PROFESSIONAL: TieKind.PROFESSIONAL,
    MemberKind.STARTER: TieKind.PROFESSIONAL,
}
TEAM_FLOWS = {
    TieKind.FAMILY: ["practical", "emotional", "company"],
    TieKind.FRIEND: ["company", "emotional"],
    TieKind.PAID_CARE: ["practical"],
    TieKind.VOLUNTEER: ["company", "practical"],
    TieKind.PROFESSIONAL: ["information"],
}


def care_map_graph(care_map: CareMap):
    """The care map as a graph: the owner at the centre (node "owner"), the people they added, and
    (unless they turned it off) everyone in their care team, who supports them weekly by default.
    A team member the owner also added as a node is shown as the owner described them."""
    owner = care_map.owner
    nodes = [Node(OWNER, owner.display_name, {"ring": 0, "group": False, "from_team": False})]
    stored = list(care_map.nodes.all())
    added_people = {node.person_id for node in stored if node.person_id}
    for node in stored:
        nodes.append(Node(str(node.uuid), node.name, {"ring": int(node.ring), "group": node.is_group, "from_team": False}))
    edges = []
    ties = MapTie.objects.filter(care_map=care_map).select_related("source", "target").order_by("created", "pk")
    for tie in ties:
        edges.append(Edge(
            str(tie.uuid), str(tie.source.uuid) if tie.source_id else OWNER, str(tie.target.uuid) if tie.target_id else OWNER,
            directed=tie.direction == Direction.ONE_WAY,
            attrs={"kind": tie.kind, "direction": tie.direction, "strength": tie.strength, "stressful": tie.stressful,
                   "flows": list(tie.flows or []), "how_often": tie.how_often, "from_team": False, "active": True},
        ))
    if care_map.show_team:
        seen = set()
        for member in teams.members_around(care_map.commons, owner):
            if member.person_id in added_people or member.person_id in seen or member.person_id == owner.pk:
                continue
            seen.add(member.person_id)
            node_id = f"team-{member.person.uuid}"
            kind = TEAM_TIE_KIND.get(member.kind, TieKind.VOLUNTEER)
            nodes.append(Node(node_id, member.person.display_name, {"ring": int(Ring.MIDDLE), "group": False, "from_team": True}))
            edges.append(Edge(
                f"team-tie-{member.person.uuid}", node_id, OWNER, directed=True,
                attrs={"kind": kind, "direction": Direction.ONE_WAY, "strength": Strength.ORDINARY, "stressful": False,
                       "flows": TEAM_FLOWS.get(kind, ["practical"]), "how_often": "weekly", "from_team": True, "active": True},
            ))
    return Graph(name=owner.display_name, nodes=nodes, edges=edges, attrs={"kind": "care_map"})
