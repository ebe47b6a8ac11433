"""Permissions for the rota and care records (django-rules). The object is a ``Team`` unless a
rule says otherwise. Queryset twins live in the selectors modules; tests hold them in agreement.

Who is who: the *owner's side* is the owner, their proxy and the team's current Team Starter;
*in the team* adds current members (including people on trial or working their notice); hats
are held terms of the team's hats. Organisers of the commons stand in for the coach until
circles exist."""

import rules

from caringcity.visits.access import record_standing


@rules.predicate
def in_team(user, team):
    return record_standing(user, team).in_team


@rules.predicate
def is_current_member(user, team):
    return record_standing(user, team).is_current_member


@rules.predicate
def owner_side(user, team):
    return record_standing(user, team).owner_side


@rules.predicate
def is_rota_holder(user, team):
    return record_standing(user, team).is_rota_holder


@rules.predicate
def is_mar_holder(user, team):
    return record_standing(user, team).is_mar_holder


@rules.predicate
def is_safeguarding_lead(user, team):
    return record_standing(user, team).is_safeguarding_lead


@rules.predicate
def is_team_organiser(user, team):
    return record_standing(user, team).is_organiser


@rules.predicate
def is_paid_worker(user, team):
    return record_standing(user, team).is_paid_worker


# the rota
rules.add_perm("visits.view_rota", in_team | is_team_organiser)
rules.add_perm("visits.plan_rota", owner_side | is_rota_holder)
rules.add_perm("visits.join_visit", is_current_member)
# visit logs
rules.add_perm("visits.view_logs", in_team)
rules.add_perm("visits.write_log", is_current_member | owner_side)
rules.add_perm("visits.change_record_settings", owner_side)
# care notes (each note's readers are checked on top; see selectors.notes)
rules.add_perm("visits.view_notes", in_team)
rules.add_perm("visits.write_note", in_team)
# medication
rules.add_perm("visits.view_mar", owner_side | is_mar_holder | is_paid_worker)
rules.add_perm("visits.manage_medicines", owner_side | is_mar_holder)
# concerns
rules.add_perm("visits.raise_concern", in_team)
rules.add_perm("visits.handle_concerns", is_safeguarding_lead | is_team_organiser)
