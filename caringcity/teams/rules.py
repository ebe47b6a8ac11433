"""Permissions for care teams (django-rules). The object is a ``Team``. The queryset twin of
``teams.view_team`` is ``selectors.teams_visible_to``; tests hold them in agreement."""

import rules

from caringcity.people.rules import is_organiser as is_commons_organiser
from caringcity.teams import selectors


@rules.predicate
def is_owner(user, team):
    return selectors.standing(user, team).is_owner


@rules.predicate
def is_owner_proxy(user, team):
    return selectors.standing(user, team).is_proxy


@rules.predicate
def is_starter(user, team):
    return selectors.standing(user, team).is_starter


@rules.predicate
def is_current_member(user, team):
    return selectors.standing(user, team).is_current_member


@rules.predicate
def is_team_organiser(user, team):
    return selectors.standing(user, team).is_organiser


owner_side = is_owner | is_owner_proxy | is_starter
in_team = owner_side | is_current_member

rules.add_perm("teams.add_team", is_commons_organiser)  # object: Commons
rules.add_perm("teams.view_report", is_commons_organiser)  # object: Commons
rules.add_perm("teams.view_team", in_team | is_team_organiser)
rules.add_perm("teams.manage_members", owner_side)
rules.add_perm("teams.change_stage", is_starter | is_team_organiser)
rules.add_perm("teams.post_notice", in_team)
rules.add_perm("teams.nominate_hat", in_team)
rules.add_perm("teams.answer_hat", in_team)
rules.add_perm("teams.confirm_hat", owner_side)
rules.add_perm("teams.add_hat", owner_side)
rules.add_perm("teams.match", owner_side | is_team_organiser)
rules.add_perm("teams.record_promise", owner_side)
rules.add_perm("teams.change_team", owner_side | is_team_organiser)
