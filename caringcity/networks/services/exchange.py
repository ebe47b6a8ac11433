"""Writes for the exchange part: importing a network into the neighbourhood map.

All or nothing: the plan (``selectors.exchange.map_import_plan``) is worked out again inside the
transaction, and if it has any problem nothing is written. The audit event records how many
actors, connections and kinds of care were added or changed, and the format: never names or
anything the file said."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify

from caringcity.core.services import audit_record
from caringcity.networks import placing
from caringcity.networks.models import Actor, CareKind, Connection
from caringcity.networks.selectors.exchange import map_import_plan

CLEAN_EXCLUDE = ["commons", "created_by", "person", "organisation", "team", "source", "target", "care_kinds"]
ACTOR_FIELDS = ("name", "kind", "description", "postcode", "since", "website", "email", "phone", "show_name")


def _place(fields, cache):
    """Set the postcode and its centroid (never a rooftop point) from what the file said."""
    code = fields.get("postcode")
    if code is None:
        return {}
    if code not in cache:
        cache[code] = placing.place(code)
    normalised, latitude, longitude = cache[code]
    return {"postcode": normalised, "latitude": latitude, "longitude": longitude}


@transaction.atomic
def map_import(*, actor, commons, graph, source):
    """Import ``graph`` (read by one of ``exchange.formats``) into the neighbourhood map of
    ``commons``. ``source`` is the format key. Returns the plan that was carried out; raises
    ValidationError listing every problem (and writes nothing) if there is any."""
    if not actor.has_perm("networks.keep_map", commons):
        raise PermissionDenied
    plan = map_import_plan(commons, graph)
    if plan.problems:
        raise ValidationError(plan.problems)
    kinds = {}
    for care_kind in CareKind.objects.filter(commons=commons):
        kinds[care_kind.name] = care_kind
    for name in plan.new_care_kinds:
        key, number = slugify(name)[:55], 1
        while CareKind.objects.filter(commons=commons, key=key).exists():
            number += 1
            key = f"{slugify(name)[:50]}-{number}"
        kinds[name] = CareKind.objects.create(commons=commons, key=key, name=name)
    places = {}
    actors = dict(plan.matched)  # node id -> Actor
    for row in plan.new_actors:
        fields = {name: row.fields[name] for name in ACTOR_FIELDS if row.fields.get(name) is not None}
        fields.update(_place(row.fields, places))
        new = Actor(commons=commons, created_by=actor, **fields)
        new.full_clean(exclude=CLEAN_EXCLUDE, validate_unique=False)
        new.save()
        actors[row.node_id] = new
    for row in plan.changed_actors:
        target = Actor.objects.select_for_update(of=("self",)).get(pk=row.actor.pk)
        for name in ACTOR_FIELDS:
            if name in row.fields:
                setattr(target, name, row.fields[name] if row.fields[name] is not None or name == "since" else "")
        if "postcode" in row.fields:
            for name, value in _place(row.fields, places).items():
                setattr(target, name, value)
        target.full_clean(exclude=CLEAN_EXCLUDE, validate_unique=False)
        target.save()
        actors[row.node_id] = target
    for row in plan.new_connections:
        fields = {name: value for name, value in row.fields.items() if value is not None}
        connection = Connection(commons=commons, source=actors[row.source], target=actors[row.target], created_by=actor, **fields)
        connection.full_clean(exclude=CLEAN_EXCLUDE, validate_unique=False)
        connection.save()
        if row.care_kinds:
            connection.care_kinds.set([kinds[name] for name in row.care_kinds])
    for row in plan.changed_connections:
        connection = Connection.objects.select_for_update(of=("self",)).get(pk=row.connection.pk)
        for name in ("status", "direction", "since", "note"):
            if name in row.fields:
                setattr(connection, name, row.fields[name] if row.fields[name] is not None or name == "since" else "")
        if row.fields.get("swap"):
            connection.source_id, connection.target_id = connection.target_id, connection.source_id
        connection.full_clean(exclude=CLEAN_EXCLUDE, validate_unique=False)
        connection.save()
        if row.fields.get("care_kinds"):
            connection.care_kinds.set([kinds[name] for name in row.care_kinds])
    counts = plan.counts
    audit_record(
        actor=actor, action="networks.map.import", object_type="networks.actor", commons=commons,
        reason=_import_reason(counts, source),
    )
    return plan


def _import_reason(counts, source):
    return ("format {source}; actors added {actors_added}, changed {actors_changed}; connections added "
            "{connections_added}, changed {connections_changed}; kinds of care added {care_kinds_added}").format(source=source, **counts)[:500]

