"""Reads for the neighbourhood map of care. Every function runs a constant number of queries.

Queryset twins of the rules in ``rules.py`` (community block), held in agreement by a test:
- ``networks.view_map`` / ``networks.add_to_map`` (Commons): ``actors_visible_to``;
- ``networks.change_actor`` (Actor): ``actors_changeable_by``;
- ``networks.change_connection`` (Connection): ``connections_changeable_by``."""

from dataclasses import dataclass, field

from django.db.models import Count, Q

from caringcity.core import geo
from caringcity.networks.access import network_standing
from caringcity.networks.graph import Graph
from caringcity.networks.models import ACTIVE_STATUSES, Actor, ActorKind, CareKind, Connection, ConnectionStatus, Direction


def actors_visible_to(user, commons):
    """Every actor of the commons for an active member, none for anyone else."""
    if not network_standing(user, commons).is_member:
        return Actor.objects.none()
    return Actor.objects.filter(commons=commons)


def _changeable(model, user, commons):
    standing = network_standing(user, commons)
    if not standing.is_member:
        return model.objects.none()
    rows = model.objects.filter(commons=commons)
    return rows if standing.is_organiser else rows.filter(created_by=user)


def actors_changeable_by(user, commons):
    return _changeable(Actor, user, commons)


def connections_changeable_by(user, commons):
    return _changeable(Connection, user, commons)


def care_kinds_of(commons):
    """The commons' vocabulary, with how many connections use each kind (``used``)."""
    return CareKind.objects.filter(commons=commons).annotate(used=Count("connections")).order_by("name", "pk")


def current_actor_choices(commons):
    return Actor.objects.filter(commons=commons, ended__isnull=True).order_by("name", "pk")


# --- filtering a graph (the map page's GET filters) ------------------------------------------------
@dataclass
class MapFilters:
    kind: str = ""  # ActorKind value: that kind's actors and whoever they are connected to
    status: str = ""  # ConnectionStatus value: only connections with this status
    care: str = ""  # a CareKind name: only connections that carry it

    @classmethod
    def from_query(cls, query, care_names=()):
        """Unknown values are ignored (no error page for a bad link)."""
        kind = query.get("kind", "")
        status = query.get("status", "")
        care = query.get("care", "")
        return cls(kind if kind in ActorKind.values else "", status if status in ConnectionStatus.values else "",
                   care if care in care_names else "")

    @property
    def active(self):
        return bool(self.kind or self.status or self.care)


def filter_graph(graph, filters):
    """A new Graph with what the filters ask for. Status and kind of care keep every actor and
    only the matching connections; a kind of actor keeps that kind's actors, the connections
    touching them and the actors at their other ends."""
    edges = [edge for edge in graph.edges
             if (not filters.status or edge.attrs.get("status") == filters.status)
             and (not filters.care or filters.care in edge.attrs.get("care_kinds", []))]
    nodes = graph.nodes
    if filters.kind:
        of_kind = {node.id for node in nodes if node.attrs.get("kind") == filters.kind}
        edges = [edge for edge in edges if edge.source in of_kind or edge.target in of_kind]
        keep = of_kind | {edge.source for edge in edges} | {edge.target for edge in edges}
        nodes = [node for node in nodes if node.id in keep]
    return Graph(name=graph.name, nodes=list(nodes), edges=edges, attrs=dict(graph.attrs))


# --- tables (the drawing's twin) -------------------------------------------------------------------
KIND_LABELS = dict(ActorKind.choices)
STATUS_LABELS = {
    ConnectionStatus.GENERATIVE: ConnectionStatus.GENERATIVE.label.split(":")[0],
    ConnectionStatus.ENGAGED: ConnectionStatus.ENGAGED.label.split(":")[0],
    ConnectionStatus.INACTIVE: ConnectionStatus.INACTIVE.label.split(":")[0],
}


@dataclass
class ActorRow:
    id: str
    label: str
    kind: str
    kind_label: str
    area: str
    since: str
    active: int = 0
    inactive: int = 0


@dataclass
class ConnectionRow:
    id: str
    source: str
    source_label: str
    target: str
    target_label: str
    status: str
    status_label: str
    one_way: bool
    care_kinds: list = field(default_factory=list)
    since: str = ""


def table_rows(graph):
    """(actor rows, connection rows) for the tables beside a drawing: from the graph only, so a
    snapshot's tables come from what it stored."""
    index = graph.index()
    actors = {node.id: ActorRow(node.id, node.label, node.attrs.get("kind", ""),
                                str(KIND_LABELS.get(node.attrs.get("kind", ""), node.attrs.get("kind", ""))),
                                geo.outward(node.attrs.get("postcode", "")), node.attrs.get("since", "")) for node in graph.nodes}
    connections = []
    for edge in graph.edges:
        status = edge.attrs.get("status", "")
        for end in (edge.source, edge.target):
            if end in actors:
                if edge.attrs.get("active", status in ACTIVE_STATUSES):
                    actors[end].active += 1
                else:
                    actors[end].inactive += 1
        connections.append(ConnectionRow(
            edge.id, edge.source, index[edge.source].label if edge.source in index else "?",
            edge.target, index[edge.target].label if edge.target in index else "?",
            status, str(STATUS_LABELS.get(status, status)), edge.directed or edge.attrs.get("direction") == Direction.ONE_WAY,
            list(edge.attrs.get("care_kinds", [])), edge.attrs.get("since", "")))
    connections.sort(key=lambda row: (row.source_label.casefold(), row.target_label.casefold(), row.id))
    return sorted(actors.values(), key=lambda row: (row.label.casefold(), row.id)), connections


# --- the actor list and one actor ------------------------------------------------------------------
def actor_list(commons, *, kind="", ended=False):
    """Actors of the commons (current ones, or those who left), with counts of their connections."""
    actors = Actor.objects.filter(commons=commons, ended__isnull=not ended)
    if kind:
        actors = actors.filter(kind=kind)
    live_out = Count("connections_out", filter=Q(connections_out__status__in=ACTIVE_STATUSES), distinct=True)
    live_in = Count("connections_in", filter=Q(connections_in__status__in=ACTIVE_STATUSES), distinct=True)
    return actors.annotate(live_out=live_out, live_in=live_in).order_by("name", "pk")


def actor_connections(actor):
    """The actor's connections (both directions), newest first, with both ends and kinds of care."""
    return list(Connection.objects.filter(Q(source=actor) | Q(target=actor))
                .select_related("source", "target").prefetch_related("care_kinds").order_by("-since", "-created", "pk"))


# --- for evaluation indicators ---
def team_ties_for_indicators(commons):
    """Every active connection (generative or engaged) on the neighbourhood map with a care team's
    actor at one end or both (one query). Each row: ``source_team_id, target_team_id, began,
    source_began, source_ended, target_began, target_ended`` where "began" is the "since" date or,
    without one, the day it was entered. Connection status has no history: a tie counts as active
    in the past if it is active now and had begun by then."""
    rows = (Connection.objects.filter(commons=commons, status__in=ACTIVE_STATUSES)
            .filter(Q(source__team__isnull=False) | Q(target__team__isnull=False))
            .values_list("source__team_id", "target__team_id", "since", "created",
                         "source__since", "source__created", "source__ended",
                         "target__since", "target__created", "target__ended"))
    from django.utils import timezone

    def day(since, created):
        return since or timezone.localdate(created)

    return [(s_team, t_team, day(since, created), day(s_since, s_created), s_ended, day(t_since, t_created), t_ended)
            for s_team, t_team, since, created, s_since, s_created, s_ended, t_since, t_created, t_ended in rows]


def team_actor_rows_for_indicators(commons):
    """The care teams that are on the neighbourhood map: ``team_id, began, ended`` (one query)."""
    from django.utils import timezone

    rows = Actor.objects.filter(commons=commons, team__isnull=False).values_list("team_id", "since", "created", "ended")
    return [(team_id, since or timezone.localdate(created), ended) for team_id, since, created, ended in rows]
