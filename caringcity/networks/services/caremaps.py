"""Writes for personal care maps. Each is keyword-only and atomic, and writes one audit event
naming who did what to which map (never the names or notes on it). When the actor is not the
owner (their proxy, or an organiser keeping the map of someone without a login), the event
records that they acted for the owner. Views check the rules before calling these."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from caringcity.core.services import audit_record
from caringcity.networks.models import (
    CareMap, Direction, Flow, HowOften, MapNode, MapTie, MapVisibility, Ring, Strength, TieKind,
)
from caringcity.people import selectors as people

NODE_FIELDS = ("name", "person", "is_group", "ring", "note")
TIE_FIELDS = ("source", "target", "kind", "direction", "strength", "stressful", "flows", "how_often", "note")


def _acting_for(actor, owner):
    me = people.person_for_user(actor)
    return owner if me is None or me.pk != owner.pk else None


def _audit(actor, action, obj, care_map):
    audit_record(actor=actor, action=action, obj=obj, commons=care_map.commons, subject=care_map.owner,
                 acting_for=_acting_for(actor, care_map.owner), part="care_map")


def _lock(care_map):
    """Writes to one map happen one at a time."""
    return CareMap.objects.select_for_update(of=("self",)).get(pk=care_map.pk)


@transaction.atomic
def care_map_start(*, actor, commons, owner, visibility=MapVisibility.PRIVATE, show_team=True):
    """Start the care map of ``owner`` (an active member of ``commons``). One map per person."""
    if not people.people_in_commons(commons).filter(pk=owner.pk).exists():
        raise ValidationError(_("This person is not a member here."))
    if CareMap.objects.filter(commons=commons, owner=owner).exists():
        raise ValidationError(_("%(name)s already has a care map.") % {"name": owner.display_name})
    try:
        with transaction.atomic():
            care_map = CareMap.objects.create(commons=commons, owner=owner, visibility=visibility, show_team=show_team,
                                              created_by=actor if getattr(actor, "is_authenticated", False) else None)
    except IntegrityError as exc:  # someone started it at the same moment
        raise ValidationError(_("%(name)s already has a care map.") % {"name": owner.display_name}) from exc
    _audit(actor, "networks.care_map.start", care_map, care_map)
    return care_map


@transaction.atomic
def care_map_settings(*, actor, care_map, visibility, show_team):
    """Who may see the map besides the owner and the people they named, and whether the care team
    appears on it by itself."""
    if visibility not in MapVisibility.values:
        raise ValidationError({"visibility": _("Choose who can see the map.")})
    care_map = _lock(care_map)
    care_map.visibility, care_map.show_team = visibility, bool(show_team)
    care_map.save(update_fields=["visibility", "show_team", "updated"])
    _audit(actor, "networks.care_map.settings", care_map, care_map)
    return care_map


def _check_node(care_map, data):
    errors = {}
    name = (data.get("name") or "").strip()
    if not name:
        errors["name"] = _("Write a name, for example: Mum, or Jo next door.")
    if data.get("ring") is not None and int(data["ring"]) not in Ring.values:
        errors["ring"] = _("Choose how close they are.")
    person = data.get("person")
    if person is not None and not people.people_in_commons(care_map.commons).filter(pk=person.pk).exists():
        errors["person"] = _("Choose someone who is a member here, or leave it empty.")
    if errors:
        raise ValidationError(errors)
    return {**{key: data[key] for key in NODE_FIELDS if key in data}, "name": name, "note": (data.get("note") or "").strip()}


@transaction.atomic
def node_add(*, actor, care_map, data):
    """Add someone (or a group) to the map: ``data`` has name, person (or None), is_group, ring, note."""
    care_map = _lock(care_map)
    clean = _check_node(care_map, data)
    node = MapNode.objects.create(care_map=care_map, **clean)
    _audit(actor, "networks.map_node.add", node, care_map)
    return node


@transaction.atomic
def node_change(*, actor, node, data):
    care_map = _lock(node.care_map)
    clean = _check_node(care_map, data)
    for key, value in clean.items():
        setattr(node, key, value)
    node.save()
    _audit(actor, "networks.map_node.change", node, care_map)
    return node


@transaction.atomic
def node_remove(*, actor, node):
    """Take someone off the map, with every tie they have on it."""
    care_map = _lock(node.care_map)
    _audit(actor, "networks.map_node.remove", node, care_map)
    node.delete()


def _check_tie(care_map, data):
    errors = {}
    source, target = data.get("source"), data.get("target")
    for key, end in (("source", source), ("target", target)):
        if end is not None and end.care_map_id != care_map.pk:
            errors[key] = _("Choose someone who is on this map.")
    if "source" not in errors and "target" not in errors and (source is None and target is None or source == target):
        errors["target"] = _("A tie joins two different people. Choose someone else here.")
    if data.get("kind") not in TieKind.values:
        errors["kind"] = _("Choose the kind of tie.")
    if data.get("direction") not in Direction.values:
        errors["direction"] = _("Choose who supports whom.")
    if data.get("strength") not in Strength.values:
        errors["strength"] = _("Choose how strong the tie is.")
    if data.get("how_often") not in HowOften.values:
        errors["how_often"] = _("Choose how often.")
    flows = list(data.get("flows") or [])
    if any(flow not in Flow.values for flow in flows):
        errors["flows"] = _("Choose from the list.")
    if errors:
        raise ValidationError(errors)
    flows = [flow for flow in Flow.values if flow in flows]  # in the list's order, once each
    return {"source": source, "target": target, "kind": data["kind"], "direction": data["direction"],
            "strength": data["strength"], "stressful": bool(data.get("stressful")), "flows": flows,
            "how_often": data["how_often"], "note": (data.get("note") or "").strip()}


@transaction.atomic
def tie_add(*, actor, care_map, data):
    """Add a tie. ``source``/``target`` are MapNodes of this map, or None for the person at the
    centre; with direction ONE_WAY the source supports the target."""
    care_map = _lock(care_map)
    tie = MapTie.objects.create(care_map=care_map, **_check_tie(care_map, data))
    _audit(actor, "networks.map_tie.add", tie, care_map)
    return tie


@transaction.atomic
def tie_change(*, actor, tie, data):
    care_map = _lock(tie.care_map)
    for key, value in _check_tie(care_map, data).items():
        setattr(tie, key, value)
    tie.save()
    _audit(actor, "networks.map_tie.change", tie, care_map)
    return tie


@transaction.atomic
def tie_remove(*, actor, tie):
    care_map = _lock(tie.care_map)
    _audit(actor, "networks.map_tie.remove", tie, care_map)
    tie.delete()
