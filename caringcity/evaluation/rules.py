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

# --- instruments -------------------------------------------------------------------------------

# --- surveys -----------------------------------------------------------------------------------

# --- indicators --------------------------------------------------------------------------------

# --- results -----------------------------------------------------------------------------------

# --- reports -----------------------------------------------------------------------------------
# Every member reads the reports (their figures are commons-wide, their quotes approved, and survey
# results appear only once open to everyone); organisers write them and keep costs and quotes.
rules.add_perm("evaluation.view_reports", is_member)  # object: Commons
rules.add_perm("evaluation.keep_reports", is_organiser)  # object: Commons
