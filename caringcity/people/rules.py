"""Permissions for the people app (django-rules). Objects are a ``Commons`` (commons-wide actions)
or a ``Membership`` (actions on one person in one commons). Each rule's queryset twin lives in
selectors.py and tests/test_rules.py holds them in agreement."""

import rules

from caringcity.people import selectors
from caringcity.people.models import Membership


def _commons_of(obj):
    return obj.commons if isinstance(obj, Membership) else obj


def _role(user, obj):
    membership = selectors.membership_of(user, _commons_of(obj))
    return membership.role if membership else None


@rules.predicate
def is_member(user, obj):
    return _role(user, obj) is not None


@rules.predicate
def is_organiser(user, obj):
    return _role(user, obj) in (Membership.Role.ORGANISER, Membership.Role.ADMIN)


@rules.predicate
def is_admin(user, obj):
    return _role(user, obj) == Membership.Role.ADMIN


@rules.predicate
def is_self(user, membership):
    person = selectors.person_for_user(user)
    return person is not None and membership.person_id == person.pk


@rules.predicate
def is_proxy(user, membership):
    return selectors.is_proxy_for(selectors.person_for_user(user), membership.commons, membership.person)


# commons-wide
rules.add_perm("people.view_commons", is_member)
rules.add_perm("people.add_person", is_organiser)
rules.add_perm("people.invite", is_organiser)
rules.add_perm("people.add_organisation", is_member)
rules.add_perm("people.change_organisation", is_organiser)
rules.add_perm("people.add_proxy", is_organiser)

# on one person's membership
rules.add_perm("people.change_person", is_member & (is_self | is_proxy | is_organiser))
rules.add_perm("people.manage_privacy", is_member & (is_self | is_proxy))
rules.add_perm("people.view_access_log", is_member & (is_self | is_proxy))
rules.add_perm("people.change_role", is_admin & ~is_self)
rules.add_perm("people.give_login", is_organiser)
