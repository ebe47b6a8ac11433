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
# Results go first to the people who answered, then to everyone in the commons (organisers too)
# ``first_look_days`` later; organisers share a closed round's results. Any member adds to the
# reflection log; the writer or an organiser changes an entry. Twins: ``selectors.results``.


@rules.predicate
def sees_round_results(user, survey_round):  # object: SurveyRound
    from caringcity.evaluation.selectors.results import results_visible_to

    return results_visible_to(user, survey_round)


@rules.predicate
def organiser_of_round(user, survey_round):  # object: SurveyRound
    return evaluation_standing(user, survey_round.commons).is_organiser


@rules.predicate
def may_change_reflection(user, reflection):  # object: Reflection
    standing = evaluation_standing(user, reflection.commons)
    if not standing.is_member:
        return False
    return standing.is_organiser or (reflection.written_by_id is not None and reflection.written_by_id == standing.person.pk)


rules.add_perm("evaluation.see_round_results", sees_round_results)
rules.add_perm("evaluation.share_round_results", organiser_of_round)
rules.add_perm("evaluation.add_reflection", is_member)  # object: Commons
rules.add_perm("evaluation.change_reflection", may_change_reflection)

# --- reports -----------------------------------------------------------------------------------
# Every member reads the reports (their figures are commons-wide, their quotes approved, and survey
# results appear only once open to everyone); organisers write them and keep costs and quotes.
rules.add_perm("evaluation.view_reports", is_member)  # object: Commons
rules.add_perm("evaluation.keep_reports", is_organiser)  # object: Commons
