"""Writes of the networks part "places": importing places from GeoJSON.

``places_import`` creates or updates actors of the neighbourhood map from features already
checked by ``forms.places.read_geojson``. All or nothing: every problem is reported with the
feature's number and nothing is written unless every feature is good."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from caringcity.core import geo
from caringcity.core.services import audit_record
from caringcity.networks.models import Actor, ActorKind
from caringcity.networks.selectors.graphs import actor_label


def _place(row, existing, centroids):
    """(postcode, lat, lon) for a feature, or raise a problem (str). A postcode wins over the
    point: the point is snapped to the postcode's centroid. A resident is never stored at a point
    from the file."""
    postcode = row["postcode"]
    is_resident = row["kind"] == ActorKind.RESIDENT
    if existing is not None and is_resident and existing.is_individual and postcode == geo.outward(existing.postcode):
        # the file gives the district we export for a resident: keep their own postcode
        return existing.postcode, existing.latitude, existing.longitude
    if postcode:
        point = centroids.get(postcode)
        if point:
            return postcode, point[0], point[1]
        if is_resident:
            raise ValueError(_("we have no centre for the postcode %(postcode)s, so this resident cannot be placed") % {"postcode": postcode})
        if row["point"] is None:
            raise ValueError(_("we have no centre for the postcode %(postcode)s and the feature has no point") % {"postcode": postcode})
        return postcode, round(row["point"][0], 6), round(row["point"][1], 6)
    if is_resident:  # the form refuses these already; kept here so the service stands on its own
        raise ValueError(_("a resident needs a postcode"))
    return "", round(row["point"][0], 6), round(row["point"][1], 6)


@transaction.atomic
def places_import(*, actor, commons, features):
    """Create or update actors from ``features`` (rows from ``read_geojson``): matched by their
    uuid, else by name and kind. Returns (added, changed). Raises ValidationError listing every
    problem (nothing written) or PermissionDenied for someone who does not keep the map."""
    if not actor.has_perm("networks.keep_map", commons):
        raise PermissionDenied
    current = list(Actor.objects.filter(commons=commons, ended__isnull=True).select_for_update(of=("self",)))
    by_uuid = {a.uuid: a for a in current}
    by_name = {}
    for a in current:
        by_name.setdefault((a.name.strip().lower(), a.kind), []).append(a)
    wanted_uuids = {row["uuid"] for row in features if row["uuid"]}
    ended = set(Actor.objects.filter(commons=commons, uuid__in=wanted_uuids, ended__isnull=False).values_list("uuid", flat=True))
    centroids = geo.centroids_for({row["postcode"] for row in features if row["postcode"]})

    problems, plan, seen = [], [], {}
    for row in features:
        number = row["number"]
        existing = None
        if row["uuid"]:
            existing = by_uuid.get(row["uuid"])
            if existing is None:
                reason = _("the place with this uuid has left the map") if row["uuid"] in ended else _("no place on this map has this uuid")
                problems.append(_("Feature %(number)s: %(problem)s.") % {"number": number, "problem": reason})
                continue
        else:
            same = by_name.get((row["name"].lower(), row["kind"]), [])
            if len(same) > 1:
                problems.append(_("Feature %(number)s: there are %(count)s places called %(name)s of this kind; give its uuid.")
                                % {"number": number, "count": len(same), "name": row["name"]})
                continue
            existing = same[0] if same else None
        identity = existing.pk if existing else ("new", row["name"].lower(), row["kind"])
        if identity in seen:
            problems.append(_("Feature %(number)s: it is the same place as feature %(other)s.") % {"number": number, "other": seen[identity]})
            continue
        seen[identity] = number
        try:
            postcode, lat, lon = _place(row, existing, centroids)
        except ValueError as problem:
            problems.append(_("Feature %(number)s: %(problem)s.") % {"number": number, "problem": problem})
            continue
        plan.append((row, existing, postcode, lat, lon))
    if problems:
        raise ValidationError(problems)

    added = changed = 0
    for row, existing, postcode, lat, lon in plan:
        if existing is None:
            Actor.objects.create(
                commons=commons, name=row["name"], kind=row["kind"], postcode=postcode, latitude=lat, longitude=lon,
                description=row["description"] or "", show_name=bool(row["show_name"]), created_by=actor,
            )
            added += 1
            continue
        # an unnamed resident comes back as "A resident, E5": their name stays as it is
        if row["name"] != actor_label(existing):
            existing.name = row["name"]
        existing.kind = row["kind"]
        existing.postcode, existing.latitude, existing.longitude = postcode, lat, lon
        if row["description"] is not None:
            existing.description = row["description"]
        if row["show_name"] is not None:
            existing.show_name = row["show_name"]
        existing.save(update_fields=["name", "kind", "postcode", "latitude", "longitude", "description", "show_name", "updated"])
        changed += 1
    audit_record(actor=actor, action="networks.places.import", commons=commons, object_type="networks.actor",
                 reason=f"{added} added, {changed} changed")
    return added, changed
