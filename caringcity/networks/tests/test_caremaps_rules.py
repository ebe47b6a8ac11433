"""Who may see and change a care map: the role matrix over every persona, the extra people the
owner's choices let in (a grant, their care team when the map is shared with it), the queryset
twins agreeing with the rules, denied writes changing nothing, and every look by someone else on
the owner's list of who looked."""

import pytest
from django.test import Client
from django.urls import reverse

from caringcity.core.models import AuditEvent
from caringcity.core.testing import ROLES, assert_matrix
from caringcity.networks.models import CareMap, MapNode, MapTie, MapVisibility
from caringcity.networks.selectors import caremaps as selectors
from caringcity.networks.services import caremaps as services
from caringcity.networks.tests.factories import make_care_map, make_node, make_tie
from caringcity.people.models import AccessGrant, EmergencyAccess, Membership
from caringcity.people.tests.factories import member_with_login
from caringcity.teams.models import MemberKind
from caringcity.teams.tests.factories import add_member, make_team

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(personas, commons, other_commons):
    """The owner's private map; Paper's map (no login); a map in the other commons; a member the
    owner named on their privacy page; a member of the owner's care team."""
    owner = personas["owner"].person
    granted = member_with_login(commons, name="Gita Granted")
    AccessGrant.objects.create(commons=commons, grantor=owner, grantee=granted.person, part="care_map")
    teammate = member_with_login(commons, name="Tess Teammate")
    team = make_team(personas, commons)
    add_member(team, personas, teammate, kind=MemberKind.FRIEND)
    mine = make_care_map(commons, owner)
    jo = make_node(mine, "Jo next door")
    make_tie(mine, source=jo, target=None)
    paper = make_care_map(commons, personas["paper"].person)
    elsewhere_owner = member_with_login(other_commons, name="Elsie Elsewhere")
    elsewhere = make_care_map(other_commons, elsewhere_owner.person)
    return {"map": mine, "jo": jo, "paper_map": paper, "elsewhere": elsewhere, "granted": granted, "teammate": teammate, "team": team}


def _client(membership):
    client = Client()
    client.force_login(membership.person.user)
    return client


def _url(name, care_map, *extra):
    return reverse(f"networks:{name}", args=[care_map.commons.slug, care_map.uuid, *extra])


def test_view_matrix_of_a_private_map(clients, world):
    url = _url("care_map", world["map"])
    assert_matrix(clients, url, {"anonymous": 302, "outsider": 404, "member": 404, "owner": 200, "proxy": 200,
                                 "organiser": 404, "admin": 404})
    assert _client(world["granted"]).get(url).status_code == 200
    assert _client(world["teammate"]).get(url).status_code == 404  # private: the team does not see it


def test_view_matrix_when_shared_with_the_care_team(clients, world):
    services.care_map_settings(actor=world["map"].owner.user, care_map=world["map"], visibility=MapVisibility.TEAM, show_team=True)
    url = _url("care_map", world["map"])
    assert_matrix(clients, url, {"anonymous": 302, "outsider": 404, "member": 404, "owner": 200, "proxy": 200,
                                 "organiser": 404, "admin": 404})
    assert _client(world["teammate"]).get(url).status_code == 200


def test_the_map_of_someone_without_a_login_is_kept_by_organisers(clients, world):
    assert_matrix(clients, _url("care_map", world["paper_map"]), {
        "anonymous": 302, "outsider": 404, "member": 404, "owner": 404, "proxy": 404, "organiser": 200, "admin": 200})


def test_a_map_in_another_commons_is_not_found(clients, world):
    url = reverse("networks:care_map", args=[world["map"].commons.slug, world["elsewhere"].uuid])
    assert_matrix(clients, url, {role: (302 if role == "anonymous" else 404) for role in ROLES})


def test_change_matrix_and_denied_writes_change_nothing(clients, world):
    url = _url("care_map_node_add", world["map"])
    before = MapNode.objects.count()
    denied = {"anonymous": 302, "outsider": 404, "member": 404, "organiser": 404, "admin": 404}
    for role, code in denied.items():
        assert clients[role].post(url, {"name": "Intruder", "ring": 1}).status_code == code
    for extra in ("granted", "teammate"):
        assert _client(world[extra]).post(url, {"name": "Intruder", "ring": 1}).status_code == 404
    assert MapNode.objects.count() == before
    assert clients["owner"].post(url, {"name": "Mum", "ring": 1}).status_code == 302
    assert clients["proxy"].post(url, {"name": "Auntie May", "ring": 2}).status_code == 302
    assert MapNode.objects.filter(care_map=world["map"]).count() == 3


def test_denied_tie_and_settings_writes_change_nothing(clients, world):
    m, jo = world["map"], world["jo"]
    tie = MapTie.objects.get(care_map=m)
    data = {"source": "owner", "target": str(jo.uuid), "direction": "both", "kind": "friend", "strength": "weak", "how_often": "daily"}
    for role in ("member", "organiser", "outsider"):
        assert clients[role].post(_url("care_map_tie_add", m), data).status_code == 404
        assert clients[role].post(_url("care_map_tie_change", m, tie.uuid), data).status_code == 404
        assert clients[role].post(_url("care_map_tie_remove", m, tie.uuid)).status_code == 404
        assert clients[role].post(_url("care_map_node_remove", m, jo.uuid)).status_code == 404
        assert clients[role].post(_url("care_map_settings", m), {"visibility": "team", "show_team": "on"}).status_code == 404
    assert _client(world["granted"]).post(_url("care_map_settings", m), {"visibility": "team"}).status_code == 404
    m.refresh_from_db()
    tie.refresh_from_db()
    assert (m.visibility, tie.strength, MapTie.objects.count(), MapNode.objects.filter(care_map=m).count()) == (
        MapVisibility.PRIVATE, "ordinary", 1, 1)


def test_an_organiser_keeps_the_map_of_someone_without_a_login_acting_for_them(clients, personas, world):
    paper = world["paper_map"]
    assert clients["organiser"].post(_url("care_map_node_add", paper), {"name": "Niece", "ring": 1}).status_code == 302
    event = AuditEvent.objects.filter(action="networks.map_node.add").latest("id")
    assert event.acting_for == paper.owner.uuid and event.subject == paper.owner.uuid
    assert "Niece" not in (event.reason + event.object_type + event.object_id)


def test_a_proxys_write_records_acting_for(clients, world):
    clients["proxy"].post(_url("care_map_settings", world["map"]), {"visibility": "team"})
    event = AuditEvent.objects.get(action="networks.care_map.settings")
    assert event.acting_for == world["map"].owner.uuid


def test_emergency_access_lets_the_holder_see_the_map(clients, personas, world, commons):
    from django.utils import timezone

    EmergencyAccess.objects.create(commons=commons, person=world["map"].owner, holder=personas["member"].person,
                                   reason="Fell at home", until=timezone.now() + timezone.timedelta(hours=2))
    assert clients["member"].get(_url("care_map", world["map"])).status_code == 200
    assert selectors.care_map_basis(personas.user("member"), world["map"]) == "emergency"


# --- the rules and their queryset twins agree ----------------------------------------------------
def _users(personas, world):
    users = {role: personas.user(role) for role in ROLES}
    users["granted"], users["teammate"] = world["granted"].person.user, world["teammate"].person.user
    return users


@pytest.mark.parametrize("visibility", [MapVisibility.PRIVATE, MapVisibility.TEAM])
def test_view_and_change_rules_agree_with_their_twins(personas, world, commons, visibility):
    from django.contrib.auth.models import AnonymousUser

    CareMap.objects.filter(pk=world["map"].pk).update(visibility=visibility)
    maps = list(CareMap.objects.select_related("owner", "commons"))
    for role, user in _users(personas, world).items():
        user = user or AnonymousUser()
        visible = set(selectors.care_maps_visible_to(user, commons))
        changeable = set(selectors.care_maps_changeable_by(user, commons))
        for care_map in maps:
            care_map = CareMap.objects.select_related("owner", "commons").get(pk=care_map.pk)
            assert user.has_perm("networks.view_care_map", care_map) == (care_map in visible), (role, care_map.owner)
            assert user.has_perm("networks.change_care_map", care_map) == (care_map in changeable), (role, care_map.owner)
            if care_map in changeable:
                assert care_map in visible


def test_start_rule_agrees_with_its_twin(personas, world, commons):
    from django.contrib.auth.models import AnonymousUser

    CareMap.objects.filter(pk=world["paper_map"].pk).delete()
    memberships = list(Membership.objects.filter(commons=commons).select_related("person", "commons"))
    for role, user in _users(personas, world).items():
        user = user or AnonymousUser()
        allowed = set(selectors.owners_for_new_map(user, commons))
        for membership in memberships:
            assert user.has_perm("networks.add_care_map", membership) == (membership in allowed), (role, membership.person)
    # the proxy may start one for no one (the owner has one); the organiser for Paper and themselves
    assert {m.person.name for m in selectors.owners_for_new_map(personas.user("organiser"), commons)} == {
        "Percy Paper", "Orla Organiser"}


def test_starting_maps(clients, personas, world, commons):
    start = reverse("networks:care_map_start", args=[commons.slug])
    me = personas["member"].person
    response = clients["member"].post(start, {"owner": str(me.uuid)})
    assert response.status_code == 302
    assert CareMap.objects.filter(commons=commons, owner=me).exists()
    # an organiser cannot start a map for someone with a login
    target = personas["admin"].person
    assert clients["organiser"].post(start, {"owner": str(target.uuid)}).status_code == 400
    assert not CareMap.objects.filter(owner=target).exists()
    # nor a second one for someone who has one
    assert clients["owner"].get(start).status_code == 404
    assert CareMap.objects.filter(owner=personas["owner"].person).count() == 1


# --- the owner's list of who looked ----------------------------------------------------------------
def test_every_look_by_someone_else_is_recorded_and_the_owners_is_not(clients, personas, world):
    url = _url("care_map", world["map"])
    owner = world["map"].owner
    clients["owner"].get(url)
    assert not AuditEvent.objects.filter(part="care_map", action=AuditEvent.Action.VIEW).exists()
    clients["proxy"].get(url)
    _client(world["granted"]).get(url)
    looks = AuditEvent.objects.filter(part="care_map", subject=owner.uuid, action=AuditEvent.Action.VIEW)
    assert sorted(looks.values_list("basis", flat=True)) == ["grant", "proxy"]
    clients["member"].get(url)  # refused: not recorded as a look
    assert looks.count() == 2
    clients["proxy"].get(_url("care_map_print", world["map"]))
    printed = AuditEvent.objects.get(part="care_map", action=AuditEvent.Action.EXPORT)
    assert printed.reason == "printed" and printed.basis == "proxy"
    log = clients["owner"].get(reverse("people:access_log", args=[world["map"].commons.slug, owner.uuid])).content.decode()
    assert "Looked at: My care map" in log and "Gita Granted" in log and "Printed: My care map" in log


def test_team_looks_are_recorded_with_their_own_reason(world):
    services.care_map_settings(actor=world["map"].owner.user, care_map=world["map"], visibility=MapVisibility.TEAM, show_team=True)
    _client(world["teammate"]).get(_url("care_map", world["map"]))
    event = AuditEvent.objects.get(part="care_map", action=AuditEvent.Action.VIEW)
    assert event.basis == "team_member"


def test_the_list_shows_only_maps_i_may_see(clients, personas, world):
    url = reverse("networks:care_maps", args=[world["map"].commons.slug])
    granted = _client(world["granted"]).get(url).content.decode()
    assert world["map"].owner.display_name in granted and "Percy Paper" not in granted
    organiser = clients["organiser"].get(url).content.decode()
    assert "Percy Paper" in organiser and world["map"].owner.display_name not in organiser
    assert clients["anonymous"].get(url).status_code == 302
    assert clients["outsider"].get(url).status_code == 404
