"""Permissions for evaluation (django-rules). Commons-wide rules take a ``Commons``; others say what
object they take. Queryset twins live in ``selectors``; tests hold them in agreement. Each part adds
its own rules in its own block below."""

import rules

from caringcity.evaluation.access import evaluation_standing


@rules.predicate
def is_member(user, commons):
    return evaluation_standing(user, commons).is_member


@rules.predicate
def is_organiser(user, commons):
    return evaluation_standing(user, commons).is_organiser


rules.add_perm("evaluation.view", is_member)  # object: Commons
rules.add_perm("evaluation.keep", is_organiser)  # object: Commons

# --- framework ---------------------------------------------------------------------------------


@rules.predicate
def may_see_framework(user, framework):
    """Members see versions in use and retired; drafts only organisers (twin:
    ``selectors.framework.frameworks_visible_to``)."""
    from caringcity.evaluation.selectors.framework import framework_visible

    return framework_visible(user, framework)


rules.add_perm("evaluation.view_framework", may_see_framework)  # object: Framework

# --- instruments -------------------------------------------------------------------------------
# Members see the questionnaires and preview them; organisers build the commons' own. Object: Commons.
# Queryset twin: selectors.instruments.own_instruments_for.
rules.add_perm("evaluation.view_questionnaires", is_member)
rules.add_perm("evaluation.build_questionnaires", is_organiser)

# --- surveys -----------------------------------------------------------------------------------

# --- indicators --------------------------------------------------------------------------------
rules.add_perm("evaluation.refresh_indicators", is_organiser)  # object: Commons ("Count again now")

# --- results -----------------------------------------------------------------------------------

# --- reports -----------------------------------------------------------------------------------
