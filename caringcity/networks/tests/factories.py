"""Helpers to build networks test data straight from the models (the parts' own tests go through
the services where the rules matter). ``care_kinds`` gives a commons the usual vocabulary."""

from caringcity.networks.models import (
    Actor, ActorKind, CareKind, CareMap, Connection, ConnectionStatus, Direction, MapNode, MapTie, Ring, Strength, TieKind,
)

USUAL_CARE_KINDS = ("Emotional support", "Social connection", "Recreation", "Skills", "Advocacy", "Food")


def care_kinds(commons, names=USUAL_CARE_KINDS):
    from django.utils.text import slugify

    return [CareKind.objects.get_or_create(commons=commons, key=slugify(name), defaults={"name": name})[0] for name in names]


def make_actor(commons, name="Clapton Mutual Aid", kind=ActorKind.GRASSROOTS, **fields):
    return Actor.objects.create(commons=commons, name=name, kind=kind, **fields)


def make_connection(source, target, status=ConnectionStatus.ENGAGED, kinds=(), **fields):
    connection = Connection.objects.create(commons=source.commons, source=source, target=target, status=status, **fields)
    if kinds:
        connection.care_kinds.set(kinds)
    return connection


def make_care_map(commons, owner, **fields):
    return CareMap.objects.create(commons=commons, owner=owner, **fields)


def make_node(care_map, name="Jo next door", ring=Ring.MIDDLE, **fields):
    return MapNode.objects.create(care_map=care_map, name=name, ring=ring, **fields)


def make_tie(care_map, source=None, target=None, kind=TieKind.FRIEND, **fields):
    """``None`` is the person at the centre. Defaults: the source supports the target weekly."""
    fields.setdefault("direction", Direction.ONE_WAY)
    fields.setdefault("strength", Strength.ORDINARY)
    fields.setdefault("flows", ["practical"])
    return MapTie.objects.create(care_map=care_map, source=source, target=target, kind=kind, **fields)
