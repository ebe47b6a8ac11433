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
