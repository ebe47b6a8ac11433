"""Reads for personal care maps: who may see a map and why (``care_map_basis``), fetch-and-check
(``access_care_map``), the queryset twins of the rules, and what the map page shows.

Who may see the care map of X (X and the viewer both active members of the commons):
  1. X themselves                                               basis "self" (not logged)
  2. a current proxy of X                                        basis "proxy"
  3. someone X granted "care_map" (or "all") on their privacy page basis "grant"
  4. someone using emergency access to X right now               basis "emergency"
  5. when X chose "my care team too": current members of X's care team  basis "team_member"
  6. an organiser, when X has no login (they enter the map for X)  basis "enters_for"
Rules 1-4 are ``people.selectors.access_basis`` for the part "care_map" (not open to organisers
by default). Who may change it: X, their proxy, or an organiser when X has no login.
"""

from collections import defaultdict

from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from caringcity.networks.graph import OWNER
from caringcity.networks.models import CareMap, Direction, Flow, HowOften, MapNode, MapTie, MapVisibility, Ring, Strength, TieKind
from caringcity.people import selectors as people
from caringcity.people.models import AccessGrant, EmergencyAccess, Membership, Proxy
from caringcity.teams.models import CURRENT_STATUSES, Stage, TeamMember

PART = "care_map"
TEAM_BASIS = "team_member"  # "team" is taken in people.privacy ("Team Starter of their team")
ENTERS_FOR_BASIS = "enters_for"


def _user_of(request_or_user):
    return getattr(request_or_user, "user", request_or_user)


def _in_care_team(person, commons, owner):
    """Is ``person`` a current member of an open care team ``owner`` owns in ``commons``?"""
    return (TeamMember.objects.filter(person=person, status__in=CURRENT_STATUSES, team__commons=commons, team__owner=owner)
            .exclude(team__stage=Stage.ENDED).exists())


def _owner_membership(care_map):
    """The owner's active membership (cached on the map for the request), or None."""
    if not hasattr(care_map, "_owner_membership"):
        care_map._owner_membership = (Membership.objects.active()
                                      .filter(commons_id=care_map.commons_id, person_id=care_map.owner_id).first())
    return care_map._owner_membership


def care_map_basis(user, care_map):
    """Why ``user`` may see ``care_map``: "self", "proxy", "grant", "emergency", "team_member",
    "enters_for", or None. Cached on the user for the request."""
    if not getattr(user, "is_authenticated", False):
        return None
    cache = user.__dict__.setdefault("_cc_care_map_basis", {})
    if care_map.pk in cache:
        return cache[care_map.pk]
    commons = care_map.commons
    basis = people.access_basis(user, commons, care_map.owner, PART)
    if basis == "role":  # the part is not open to roles; keep it that way even if a role is added
        basis = None
    if basis is None:
        viewer = people.membership_of(user, commons)
        if viewer is not None and _owner_membership(care_map) is not None:
            if care_map.visibility == MapVisibility.TEAM and _in_care_team(viewer.person, commons, care_map.owner):
                basis = TEAM_BASIS
            elif viewer.is_organiser and care_map.owner.user_id is None:
                basis = ENTERS_FOR_BASIS
    cache[care_map.pk] = basis
    return basis


def access_care_map(request_or_user, commons, uuid):
    """(care_map, basis) of the map with this uuid in ``commons`` the user may see, or 404."""
    user = _user_of(request_or_user)
    try:
        care_map = CareMap.objects.select_related("owner", "commons").get(commons=commons, uuid=uuid)
    except (CareMap.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    basis = care_map_basis(user, care_map)
    if basis is None:
        raise Http404
    return care_map, basis


def may_change(user, care_map):
    """The owner, their proxy, or an organiser when the owner has no login (both active members)."""
    viewer = people.membership_of(user, care_map.commons)
    if viewer is None or _owner_membership(care_map) is None:
        return False
    if viewer.person_id == care_map.owner_id:
        return True
    if care_map.owner.user_id is None and viewer.is_organiser:
        return True
    return people.is_proxy_for(viewer.person, care_map.commons, care_map.owner)


def may_start_for(user, membership):
    """May ``user`` start a care map for the person of ``membership``: themselves, someone they act
    for, or (an organiser) someone without a login. Only for active members without a map yet."""
    viewer = people.membership_of(user, membership.commons)
    if viewer is None or membership.status != Membership.Status.ACTIVE:
        return False
    if CareMap.objects.filter(commons=membership.commons, owner_id=membership.person_id).exists():
        return False
    person = membership.person
    if viewer.person_id == person.pk or (viewer.is_organiser and person.user_id is None):
        return True
    return people.is_proxy_for(viewer.person, membership.commons, person)


# --- queryset twins -----------------------------------------------------------------------------
def _active_owner(commons):
    return Exists(Membership.objects.active().filter(commons=commons, person=OuterRef("owner")))


def care_maps_visible_to(user, commons):
    """Twin of ``networks.view_care_map``: every map in ``commons`` the user may see."""
    viewer = people.membership_of(user, commons)
    if viewer is None:
        return CareMap.objects.none()
    me, now = viewer.person, timezone.now()
    proxied = Proxy.objects.current(now).filter(commons=commons, proxy=me, principal=OuterRef("owner"))
    granted = AccessGrant.objects.current(now).filter(Q(part=PART) | Q(part="all"), commons=commons, grantee=me,
                                                      grantor=OuterRef("owner"))
    emergency = EmergencyAccess.objects.current(now).filter(commons=commons, holder=me, person=OuterRef("owner"))
    in_team = (TeamMember.objects.filter(person=me, status__in=CURRENT_STATUSES, team__commons=commons, team__owner=OuterRef("owner"))
               .exclude(team__stage=Stage.ENDED))
    rule = (Q(owner=me) | Exists(proxied) | Exists(granted) | Exists(emergency)
            | Q(visibility=MapVisibility.TEAM) & Exists(in_team))
    if viewer.is_organiser:
        rule |= Q(owner__user__isnull=True)
    return CareMap.objects.filter(commons=commons).filter(_active_owner(commons)).filter(rule)


def care_maps_changeable_by(user, commons):
    """Twin of ``networks.change_care_map``."""
    viewer = people.membership_of(user, commons)
    if viewer is None:
        return CareMap.objects.none()
    me = viewer.person
    proxied = Proxy.objects.current().filter(commons=commons, proxy=me, principal=OuterRef("owner"))
    rule = Q(owner=me) | Exists(proxied)
    if viewer.is_organiser:
        rule |= Q(owner__user__isnull=True)
    return CareMap.objects.filter(commons=commons).filter(_active_owner(commons)).filter(rule)


def owners_for_new_map(user, commons):
    """Twin of ``networks.add_care_map``: the memberships of people the user may start a map for."""
    viewer = people.membership_of(user, commons)
    if viewer is None:
        return Membership.objects.none()
    me = viewer.person
    proxied = Proxy.objects.current().filter(commons=commons, proxy=me, principal=OuterRef("person"))
    has_map = CareMap.objects.filter(commons=commons, owner=OuterRef("person"))
    rule = Q(person=me) | Exists(proxied)
    if viewer.is_organiser:
        rule |= Q(person__user__isnull=True)
    return (Membership.objects.active().filter(commons=commons).filter(rule).exclude(Exists(has_map))
            .select_related("person").order_by("person__name", "pk"))


# --- pages --------------------------------------------------------------------------------------
def my_care_map(user, commons):
    viewer = people.membership_of(user, commons)
    if viewer is None:
        return None
    return CareMap.objects.filter(commons=commons, owner=viewer.person).first()


def care_map_list(user, commons):
    """The maps the user may see, other than their own, with their owners (one query)."""
    viewer = people.membership_of(user, commons)
    qs = care_maps_visible_to(user, commons).select_related("owner")
    if viewer is not None:
        qs = qs.exclude(owner=viewer.person)
    return qs.order_by("owner__name", "pk")


def _label(choices, value):
    try:
        return choices(value).label
    except ValueError:
        return value or ""


def map_rows(graph):
    """The map as rows for the page's list: {"rings": [(ring value, label, [node rows])],
    "ties": [tie rows], "labels": {node id: label}}. Each node row knows its ties."""
    labels = {node.id: node.label for node in graph.nodes}
    ties_of = defaultdict(list)
    tie_rows = []
    for edge in graph.edges:
        attrs = edge.attrs
        names = {"from": labels.get(edge.source, ""), "to": labels.get(edge.target, "")}
        both = attrs.get("direction") == Direction.BOTH
        row = {"id": edge.id, "source": edge.source, "target": edge.target, "source_label": names["from"],
               "target_label": names["to"], "directed": edge.directed, "stored": not attrs.get("from_team"), **attrs,
               "who": (_("%(from)s and %(to)s support each other") if both else _("%(from)s supports %(to)s")) % names,
               "kind_label": _label(TieKind, attrs.get("kind")), "strength_label": _label(Strength, attrs.get("strength")),
               "how_often_label": _label(HowOften, attrs.get("how_often")),
               "flows_label": ", ".join(str(_label(Flow, flow)) for flow in attrs.get("flows", []))}
        tie_rows.append(row)
        ties_of[edge.source].append(row)
        ties_of[edge.target].append(row)
    rings = []
    for value, label in Ring.choices:
        rows = [{"id": node.id, "label": node.label, "stored": node.id != OWNER and not node.attrs.get("from_team"),
                 "ties": ties_of[node.id], **node.attrs}
                for node in graph.nodes if node.attrs.get("ring") == value]
        rings.append((value, label, rows))
    return {"rings": rings, "ties": tie_rows, "labels": labels}


def map_nodes(care_map):
    return list(MapNode.objects.filter(care_map=care_map).order_by("ring", "name", "pk"))


def access_node(care_map, uuid):
    try:
        return MapNode.objects.get(care_map=care_map, uuid=uuid)
    except (MapNode.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def access_tie(care_map, uuid):
    try:
        return MapTie.objects.select_related("source", "target").get(care_map=care_map, uuid=uuid)
    except (MapTie.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
