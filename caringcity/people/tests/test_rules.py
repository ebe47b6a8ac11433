"""The permission rules over every persona, and each rule held in agreement with its queryset twin."""

import pytest
from django.utils import timezone

from caringcity.core.testing import ROLES
from caringcity.people import privacy, selectors
from caringcity.people.models import AccessGrant, EmergencyAccess, EmergencyContact, Membership

pytestmark = pytest.mark.django_db


def _user(personas, role):
    from django.contrib.auth.models import AnonymousUser

    return personas.user(role) or AnonymousUser()


# role -> may they? on the owner's membership in the commons
PERSON_PERMS = {
    "people.change_person": {"anonymous": False, "outsider": False, "member": False, "owner": True, "proxy": True, "organiser": True, "admin": True},
    "people.manage_privacy": {"anonymous": False, "outsider": False, "member": False, "owner": True, "proxy": True, "organiser": False, "admin": False},
    "people.view_access_log": {"anonymous": False, "outsider": False, "member": False, "owner": True, "proxy": True, "organiser": False, "admin": False},
    "people.change_role": {"anonymous": False, "outsider": False, "member": False, "owner": False, "proxy": False, "organiser": False, "admin": True},
    "people.give_login": {"anonymous": False, "outsider": False, "member": False, "owner": False, "proxy": False, "organiser": True, "admin": True},
}
COMMONS_PERMS = {
    "people.view_commons": {"anonymous": False, "outsider": False, "member": True, "owner": True, "proxy": True, "organiser": True, "admin": True},
    "people.add_person": {"anonymous": False, "outsider": False, "member": False, "owner": False, "proxy": False, "organiser": True, "admin": True},
    "people.invite": {"anonymous": False, "outsider": False, "member": False, "owner": False, "proxy": False, "organiser": True, "admin": True},
    "people.add_organisation": {"anonymous": False, "outsider": False, "member": True, "owner": True, "proxy": True, "organiser": True, "admin": True},
    "people.change_organisation": {"anonymous": False, "outsider": False, "member": False, "owner": False, "proxy": False, "organiser": True, "admin": True},
    "people.add_proxy": {"anonymous": False, "outsider": False, "member": False, "owner": False, "proxy": False, "organiser": True, "admin": True},
}


@pytest.mark.parametrize("perm", sorted(PERSON_PERMS))
def test_person_rules_role_matrix(personas, perm):
    target = personas["owner"]
    got = {role: _user(personas, role).has_perm(perm, target) for role in ROLES}
    assert got == PERSON_PERMS[perm]


@pytest.mark.parametrize("perm", sorted(COMMONS_PERMS))
def test_commons_rules_role_matrix(personas, commons, perm):
    got = {role: _user(personas, role).has_perm(perm, commons) for role in ROLES}
    assert got == COMMONS_PERMS[perm]


def test_admin_cannot_change_own_role(personas):
    assert not personas.user("admin").has_perm("people.change_role", personas["admin"])


def test_member_who_left_loses_every_permission(personas, commons):
    owner = personas["owner"]
    assert personas.user("owner").has_perm("people.manage_privacy", owner)
    owner.status = Membership.Status.LEFT
    owner.save()
    user = personas.user("owner")
    user.__dict__.pop("_cc_memberships", None)
    assert not user.has_perm("people.manage_privacy", owner)
    assert not user.has_perm("people.view_commons", commons)


def _grow_privacy_world(personas, commons):
    owner, member, paper = personas["owner"].person, personas["member"].person, personas["paper"].person
    AccessGrant.objects.create(commons=commons, grantor=owner, grantee=member, part="contact")
    AccessGrant.objects.create(commons=commons, grantor=paper, grantee=member, part=privacy.ALL_PARTS,
                               until=timezone.now() - timezone.timedelta(days=1))  # expired
    EmergencyContact.objects.create(commons=commons, person=paper, holder=member, hours=2)
    EmergencyAccess.objects.create(commons=commons, person=paper, holder=member, reason="Fell at home, no answer.",
                                   until=timezone.now() + timezone.timedelta(hours=2))


@pytest.mark.parametrize("part", ["contact", "communication", "access_log"])
def test_access_basis_agrees_with_its_queryset_twin(personas, commons, part):
    _grow_privacy_world(personas, commons)
    everyone = list(selectors.people_in_commons(commons)) + [personas["outsider"].person]
    for role in ROLES:
        user = _user(personas, role)
        visible = set(selectors.people_whose_part_visible(user, commons, part))
        for person in everyone:
            basis = selectors.access_basis(user, commons, person, part)
            assert (basis is not None) == (person in visible), (role, person.name, part, basis)


def test_access_basis_reasons(personas, commons):
    _grow_privacy_world(personas, commons)
    member = personas.user("member")
    owner, paper = personas["owner"].person, personas["paper"].person
    assert selectors.access_basis(member, commons, owner, "contact") == "grant"
    assert selectors.access_basis(member, commons, owner, "communication") is None
    assert selectors.access_basis(member, commons, paper, "communication") == "emergency"
    assert selectors.access_basis(personas.user("proxy"), commons, owner, "communication") == "proxy"
    assert selectors.access_basis(personas.user("organiser"), commons, owner, "contact") == "role"
    assert selectors.access_basis(personas.user("organiser"), commons, owner, "access_log") is None
    assert selectors.access_basis(personas.user("outsider"), commons, owner, "contact") is None
    assert selectors.access_basis(personas.user("owner"), commons, owner, "access_log") == "self"
