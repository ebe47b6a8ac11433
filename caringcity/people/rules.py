"""Permissions for the people app (django-rules). Objects are a ``Commons`` (commons-wide actions),
a ``Membership`` (actions on one person in one commons) or a ``GivingSupportProfile`` (which has
``commons`` and ``person`` like a membership, so the same predicates apply). Each rule's queryset twin lives in
selectors.py and tests/test_rules.py holds them in agreement."""

import rules

from caringcity.people import selectors
from caringcity.people.models import GivingSupportProfile, Membership


def _commons_of(obj):
    return obj.commons if isinstance(obj, (Membership, GivingSupportProfile)) else obj


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


@rules.predicate
def is_profile_writer(user, membership):
    """Someone a later app allows to write this person's profile (privacy.register_profile_writer)."""
    return selectors.is_profile_writer(user, membership.commons, membership.person)


@rules.predicate
def has_no_login(user, membership):
    return membership.person.user_id is None


@rules.predicate
def is_person_active(user, obj):
    return Membership.objects.active().filter(commons=obj.commons, person_id=obj.person_id).exists()


@rules.predicate
def is_open_to_matching(user, profile):
    return profile.pk is not None and profile.open_to_matching


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

# Getting Support profile (object: the person's Membership). Any member may open the page; each
# section then shows only to those privacy.py allows, and to people who may write it.
rules.add_perm("people.view_profile", is_member)
rules.add_perm("people.change_profile", is_member & (is_self | is_proxy | (is_organiser & has_no_login) | is_profile_writer))
rules.add_perm("people.share_profile", is_member & (is_self | is_proxy))

# Giving Support profile. Viewing takes the profile (twin: selectors.giving_profiles_visible_to);
# changing takes the Membership: the person, their proxy, or an organiser for someone without a login.
rules.add_perm("people.view_giving_profile",
               is_member & is_person_active & (is_self | is_proxy | is_organiser | is_open_to_matching))
rules.add_perm("people.change_giving_profile", is_member & (is_self | is_proxy | (is_organiser & has_no_login)))
rules.add_perm("people.view_giving_profiles", is_member)
