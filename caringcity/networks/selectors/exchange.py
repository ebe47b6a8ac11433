"""Reads for the exchange part: what an import into the neighbourhood map would do (the preview,
and the plan the import service carries out) and the snapshots a member may download. The part
adds no rules of its own: downloads need ``networks.view_map``, imports ``networks.keep_map``.
Constant in queries whatever the size of the map or the file."""

import datetime
import uuid as uuidlib
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.text import slugify
from django.utils.translation import gettext as _

from caringcity.core import geo
from caringcity.networks.access import network_standing
from caringcity.networks.exchange.common import short
from caringcity.networks.models import (
    Actor, ActorKind, CareKind, Connection, ConnectionStatus, Direction, Snapshot,
)
from caringcity.networks.selectors.graphs import actor_label


# --- what can be exported ---------------------------------------------------------------------
def snapshots_to_export(user, commons):
    """Snapshots this user may download: all of the commons' for a member (``networks.view_map``),
    none otherwise. One query."""
    if not network_standing(user, commons).is_member:
        return Snapshot.objects.none()
    return Snapshot.objects.filter(commons=commons).only("uuid", "name", "taken_on", "created", "commons_id").order_by("-taken_on", "-created")


# --- the import plan ---------------------------------------------------------------------------
@dataclass
class ActorRow:
    node_id: str
    label: str  # what the preview calls it
    fields: dict  # Actor fields to set
    actor: object = None  # the Actor it updates, or None for a new one


@dataclass
class ConnectionRow:
    source: str  # node ids
    target: str
    label: str
    fields: dict
    care_kinds: list  # names
    connection: object = None


@dataclass
class ImportPlan:
    new_actors: list = field(default_factory=list)
    changed_actors: list = field(default_factory=list)
    unchanged_actors: int = 0
    new_connections: list = field(default_factory=list)
    changed_connections: list = field(default_factory=list)
    unchanged_connections: int = 0
    new_care_kinds: list = field(default_factory=list)  # names
    problems: list = field(default_factory=list)
    matched: dict = field(default_factory=dict)  # {node id: the Actor it matched}, changed or not

    @property
    def counts(self):
        return {"actors_added": len(self.new_actors), "actors_changed": len(self.changed_actors),
                "connections_added": len(self.new_connections), "connections_changed": len(self.changed_connections),
                "care_kinds_added": len(self.new_care_kinds)}

    @property
    def changes_anything(self):
        return any(self.counts.values())


KIND_WORDS = {**{value: value for value in ActorKind.values}, **{str(label).lower(): value for value, label in ActorKind.choices}}
STATUS_WORDS = {**{value: value for value in ConnectionStatus.values},
                **{str(label).split(":")[0].lower(): value for value, label in ConnectionStatus.choices}}


def _kind(word):
    word = (word or "").strip()
    return KIND_WORDS.get(word) or KIND_WORDS.get(word.lower()) or KIND_WORDS.get(word.lower().replace(" ", "_"))


def _date(text):
    text = (text or "").strip() if isinstance(text, str) else text
    if text in ("", None):
        return None
    return datetime.date.fromisoformat(str(text))


def _as_uuid(text):
    try:
        return uuidlib.UUID(str(text))
    except (ValueError, TypeError, AttributeError):
        return None


def _shown(actor):
    """An actor as an export shows it (graphs.community_graph): what an update leaves alone."""
    withheld = actor.is_individual and not actor.show_name
    return {"name": actor_label(actor), "kind": actor.kind,
            "postcode": geo.outward(actor.postcode) if withheld else actor.postcode,
            "description": "" if withheld else actor.description, "since": actor.since}


def _text(attrs, name, where, problems, max_length=None):
    value = attrs.get(name)
    if value is None:
        return None
    value = str(value).strip() if not isinstance(value, list) else " | ".join(value)
    if max_length and len(value) > max_length:
        problems.append(_("%(where)s: “%(name)s” is longer than %(max)s characters.") % {"where": where, "name": name, "max": max_length})
    return value


def _actor_fields(node, where, problems):
    """The Actor fields a node gives (None for what the file does not say)."""
    attrs = node.attrs
    fields = {}
    name = (node.label or "").strip()
    if not name:
        problems.append(_("%(where)s: it has no name.") % {"where": where})
    elif len(name) > 200:
        problems.append(_("%(where)s: the name is longer than 200 characters.") % {"where": where})
    fields["name"] = name
    if "kind" in attrs and str(attrs["kind"]).strip():
        kind = _kind(str(attrs["kind"]))
        if kind is None:
            problems.append(_("%(where)s: the kind “%(kind)s” is not one we know (for example: resident, grassroots, charity, community_hub, food_hub).")
                            % {"where": where, "kind": short(attrs["kind"])})
        fields["kind"] = kind
    for name_, length in (("description", None), ("phone", 40)):
        value = _text(attrs, name_, where, problems, length)
        if value is not None:
            fields[name_] = value
    if "postcode" in attrs:
        text = str(attrs["postcode"]).strip()
        if text and not geo.normalise(text):
            problems.append(_("%(where)s: “%(postcode)s” is not a UK postcode.") % {"where": where, "postcode": short(text)})
        fields["postcode"] = geo.normalise(text)
    if "since" in attrs:
        try:
            fields["since"] = _date(attrs["since"])
        except ValueError:
            problems.append(_("%(where)s: “%(value)s” is not a date like 2025-03-31.") % {"where": where, "value": short(attrs["since"])})
    for name_, validator in (("website", URLValidator()), ("email", EmailValidator())):
        value = _text(attrs, name_, where, problems, 200 if name_ == "website" else 254)
        if value:
            try:
                validator(value)
            except ValidationError:
                problems.append(_("%(where)s: “%(value)s” is not a valid %(name)s.") % {"where": where, "value": short(value), "name": name_})
        if value is not None:
            fields[name_] = value
    if "show_name" in attrs:
        value = attrs["show_name"]
        if isinstance(value, bool):
            fields["show_name"] = value
        else:
            problems.append(_("%(where)s: show_name must be true or false.") % {"where": where})
    return fields


def map_import_plan(commons, graph):
    """What importing ``graph`` into the neighbourhood map of ``commons`` would do, and every
    problem that stops it. Actors match by their id (an actor's uuid, as an export writes it) or
    else by name and kind; connections by their id or else by the two actors they join."""
    plan = ImportPlan()
    problems = plan.problems
    actors = list(Actor.objects.filter(commons=commons))
    by_uuid = {actor.uuid: actor for actor in actors}
    by_name = {}
    for actor in actors:
        if actor.ended is None:
            by_name.setdefault((actor.name.strip().lower(), actor.kind), []).append(actor)
    rows = {}
    matched = {}
    for index, node in enumerate(graph.nodes, start=1):
        where = _("Element %(number)s (“%(label)s”)") % {"number": index, "label": short(node.label)}
        fields = _actor_fields(node, where, problems)
        actor = by_uuid.get(_as_uuid(node.id))
        if actor is None and fields.get("name") and fields.get("kind"):
            same = by_name.get((fields["name"].lower(), fields["kind"]), [])
            if len(same) > 1:
                problems.append(_("%(where)s: there are %(count)s actors with this name and kind on the map; give its id to say which.")
                                % {"where": where, "count": len(same)})
            elif same:
                actor = same[0]
        if actor is None and "kind" not in fields:  # (an unknown kind is reported above)
            problems.append(_("%(where)s: it has no kind (Type), so we cannot tell what it is.") % {"where": where})
        if actor is not None:
            if actor.pk in matched:
                problems.append(_("%(where)s: it is the same actor as element %(other)s.") % {"where": where, "other": matched[actor.pk]})
            matched[actor.pk] = index
        row = ActorRow(node.id, fields.get("name") or node.id, fields, actor)
        rows[node.id] = row
        if actor is not None:
            plan.matched[node.id] = actor
        if actor is None:
            row.fields.setdefault("show_name", False)  # a resident is unnamed unless the file says so
            plan.new_actors.append(row)
        else:
            shown = _shown(actor)
            changes = {}
            for name, value in fields.items():
                if name in shown and value == shown[name]:
                    continue
                if name == "name" and value == actor.name:
                    continue
                if name not in shown and getattr(actor, name) == value:
                    continue
                changes[name] = value
            row.fields = changes
            if changes:
                plan.changed_actors.append(row)
            else:
                plan.unchanged_actors += 1
    # connections
    known_kinds = {}
    for care_kind in CareKind.objects.filter(commons=commons):
        known_kinds[care_kind.name.strip().lower()] = care_kind.name
        known_kinds[care_kind.key] = care_kind.name
    new_kinds = {}
    existing = {}
    connections = (Connection.objects.filter(commons=commons).prefetch_related("care_kinds").order_by("created", "pk"))
    connection_by_uuid = {}
    for connection in connections:
        connection_by_uuid[connection.uuid] = connection
        existing.setdefault(frozenset((connection.source_id, connection.target_id)), connection)
    for index, edge in enumerate(graph.edges, start=1):
        source, target = rows.get(edge.source), rows.get(edge.target)
        label = _("%(from)s to %(to)s") % {"from": source.label if source else edge.source, "to": target.label if target else edge.target}
        where = _("Connection %(number)s (%(label)s)") % {"number": index, "label": short(label, 80)}
        if source is None or target is None:
            problems.append(_("%(where)s: it joins something that is not in the file.") % {"where": where})
            continue
        attrs = edge.attrs
        fields = {"direction": Direction.ONE_WAY if edge.directed else Direction.BOTH}
        if "status" in attrs and str(attrs["status"]).strip():
            word = str(attrs["status"]).strip().lower()
            status = STATUS_WORDS.get(word)
            if status is None:
                problems.append(_("%(where)s: the status “%(value)s” is not generative, engaged or inactive.") % {"where": where, "value": short(attrs["status"])})
            fields["status"] = status
        elif isinstance(attrs.get("active"), bool):
            fields["status"] = ConnectionStatus.ENGAGED if attrs["active"] else ConnectionStatus.INACTIVE
        if "since" in attrs:
            try:
                fields["since"] = _date(attrs["since"])
            except ValueError:
                problems.append(_("%(where)s: “%(value)s” is not a date like 2025-03-31.") % {"where": where, "value": short(attrs["since"])})
        note = _text(attrs, "note", where, problems, 300)
        if note is not None:
            fields["note"] = note
        names = None
        if "care_kinds" in attrs:
            raw = attrs["care_kinds"] if isinstance(attrs["care_kinds"], list) else [p for p in str(attrs["care_kinds"]).split("|")]
            names = []
            for name in (str(item).strip() for item in raw):
                if not name:
                    continue
                if len(name) > 80:
                    problems.append(_("%(where)s: the kind of care “%(name)s” is longer than 80 characters.") % {"where": where, "name": short(name)})
                    continue
                known = known_kinds.get(name.lower()) or known_kinds.get(slugify(name)) or new_kinds.get(slugify(name))
                if known is None:
                    if not slugify(name):
                        problems.append(_("%(where)s: the kind of care “%(name)s” needs some letters or numbers.") % {"where": where, "name": short(name)})
                        continue
                    new_kinds[slugify(name)] = name
                    known = name
                if known not in names:
                    names.append(known)
        connection = None
        if source.actor is not None and target.actor is not None:
            if source.actor.pk == target.actor.pk:
                problems.append(_("%(where)s: both ends are the same actor.") % {"where": where})
                continue
            candidate = connection_by_uuid.get(_as_uuid(edge.id))
            if candidate is not None and {candidate.source_id, candidate.target_id} == {source.actor.pk, target.actor.pk}:
                connection = candidate
            else:
                connection = existing.get(frozenset((source.actor.pk, target.actor.pk)))
        row = ConnectionRow(edge.source, edge.target, label, fields, names if names is not None else [], connection)
        if connection is None:
            fields.setdefault("status", ConnectionStatus.ENGAGED)
            plan.new_connections.append(row)
            continue
        changes = {name: value for name, value in fields.items() if getattr(connection, name) != value}
        if changes.get("direction") == Direction.ONE_WAY and connection.source_id != source.actor.pk:
            changes["swap"] = True  # one way, the other way round: the file's "from" gives care
        if names is not None and sorted(names) != sorted(kind.name for kind in connection.care_kinds.all()):
            changes["care_kinds"] = True
        row.fields = changes
        if not names and "care_kinds" not in changes:
            row.care_kinds = sorted(kind.name for kind in connection.care_kinds.all())
        if changes:
            plan.changed_connections.append(row)
        else:
            plan.unchanged_connections += 1
    plan.new_care_kinds = sorted(new_kinds.values(), key=str.lower)
    return plan

