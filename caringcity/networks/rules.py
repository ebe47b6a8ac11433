"""Permissions for networks (django-rules). Commons-wide rules take a ``Commons``; others say what
object they take. Queryset twins live in ``selectors``; tests hold them in agreement. Each part
adds its own rules in its own block below."""

import rules

from caringcity.networks.access import network_standing


@rules.predicate
def is_member(user, commons):
    return network_standing(user, commons).is_member


@rules.predicate
def is_organiser(user, commons):
    return network_standing(user, commons).is_organiser


rules.add_perm("networks.view_map", is_member)  # object: Commons
rules.add_perm("networks.keep_map", is_organiser)  # object: Commons (snapshots, vocabulary, anyone's entries)

# --- community -------------------------------------------------------------------------------
# Any active member adds actors and connections (``networks.add_to_map``, object: Commons). The
# person who entered a row, or an organiser, changes or ends it (object: Actor / Connection).
# Queryset twins: ``selectors.community.actors_changeable_by`` / ``connections_changeable_by``.


@rules.predicate
def entered_it(user, row):
    return bool(getattr(user, "is_authenticated", False) and row.created_by_id == user.pk)


@rules.predicate
def is_row_member(user, row):
    return network_standing(user, row.commons).is_member


@rules.predicate
def is_row_organiser(user, row):
    return network_standing(user, row.commons).is_organiser


rules.add_perm("networks.add_to_map", is_member)  # object: Commons
rules.add_perm("networks.change_actor", is_row_member & (entered_it | is_row_organiser))  # object: Actor
rules.add_perm("networks.change_connection", is_row_member & (entered_it | is_row_organiser))  # object: Connection

# --- caremaps --------------------------------------------------------------------------------
# A care map is its owner's: see selectors.caremaps for who may see it and why. Twins:
# care_maps_visible_to, care_maps_changeable_by, owners_for_new_map (tests/test_caremaps_rules.py).


@rules.predicate
def may_see_care_map(user, care_map):
    from caringcity.networks.selectors.caremaps import care_map_basis

    return care_map_basis(user, care_map) is not None


@rules.predicate
def may_change_care_map(user, care_map):
    from caringcity.networks.selectors.caremaps import may_change

    return may_change(user, care_map)


@rules.predicate
def may_start_care_map(user, membership):
    from caringcity.networks.selectors.caremaps import may_start_for

    return may_start_for(user, membership)


rules.add_perm("networks.view_care_map", may_see_care_map)  # object: CareMap
rules.add_perm("networks.change_care_map", may_change_care_map)  # object: CareMap
rules.add_perm("networks.add_care_map", may_start_care_map)  # object: the owner's people.Membership

# --- analysis --------------------------------------------------------------------------------

# --- places ----------------------------------------------------------------------------------

# --- directory -------------------------------------------------------------------------------
# Members see the directory pages (every service of the commons, published or not); organisers
# manage it (services, places, kinds of service, imports). The public Open Referral UK API needs
# no rule: it shows published services to anyone. Twins: selectors.directory.
rules.add_perm("networks.view_directory", is_member)  # object: Commons
rules.add_perm("networks.manage_directory", is_organiser)  # object: Commons

# --- exchange --------------------------------------------------------------------------------
