"""Permissions for the lab (django-rules). Commons-wide rules take a ``Commons``; others say what
object they take. Queryset twins live in ``selectors``; tests hold them in agreement. Each part adds
its own rules in its own block below."""

import rules

from caringcity.lab.access import lab_standing


@rules.predicate
def is_member(user, commons):
    return lab_standing(user, commons).is_member


@rules.predicate
def is_organiser(user, commons):
    return lab_standing(user, commons).is_organiser


rules.add_perm("lab.view", is_member)  # object: Commons
rules.add_perm("lab.keep", is_organiser)  # object: Commons

# --- plans -------------------------------------------------------------------------------------
# Organisers keep plans, policies, imports and the glossary: "lab.keep" on the commons (above).


@rules.predicate
def can_read_plan(user, plan):
    """Members of the plan's commons read every plan; anyone reads a public one (queryset twin:
    ``selectors.plans.readable_plans``)."""
    return bool(plan.public) or lab_standing(user, plan.commons).is_member


rules.add_perm("lab.read_plan", can_read_plan)  # object: Plan

# --- tracking ----------------------------------------------------------------------------------
# Members add status updates with evidence and activities to projects; organisers keep targets and
# projects (``lab.keep``). Objects: Commons, except where named. Twins: ``selectors.tracking``.


@rules.predicate
def may_see_project(user, project):  # object: DemoProject
    """Public projects anyone; others the commons' members (twin: ``projects_visible_to``)."""
    return project.public or lab_standing(user, project.commons).is_member


@rules.predicate
def may_see_evidence(user, evidence):  # object: Evidence (with update__target__policy__plan)
    """Evidence of a public plan anyone; of a members-only plan the commons' members (twin:
    ``evidence_visible_to``)."""
    plan = evidence.update.target.policy.plan
    return plan.public or lab_standing(user, plan.commons).is_member


rules.add_perm("lab.add_update", is_member)
rules.add_perm("lab.add_activity", is_member)
rules.add_perm("lab.view_project", may_see_project)
rules.add_perm("lab.view_evidence", may_see_evidence)

# --- partnerships ------------------------------------------------------------------------------
# Organisers keep partnerships, partners and commitments. A partner's named signatory (an active
# member of the commons) signs off joint decisions for that side, proposes decisions and marks
# that side's commitments done. Members create and keep campaigns. Queryset twins:
# ``selectors.partnerships.partners_signable_by`` and ``decisions_signable_by``.


def _person_in(user, commons):
    return lab_standing(user, commons).person


@rules.predicate
def signs_for_partner(user, partner):
    """Object: Partner. The user is its named signatory, a member of the commons, and it has not left."""
    if partner is None or partner.left_on is not None or not partner.signatory_id:
        return False
    person = _person_in(user, partner.partnership.commons)
    return person is not None and person.pk == partner.signatory_id


@rules.predicate
def signs_in_partnership(user, partnership):
    """Object: Partnership, or a JointDecision (its partnership)."""
    partnership = getattr(partnership, "partnership", partnership)
    person = _person_in(user, partnership.commons)
    if person is None:
        return False
    return partnership.partners.filter(signatory=person, left_on__isnull=True).exists()


@rules.predicate
def keeps_partnership(user, obj):
    """Object: Partnership, JointDecision or Commitment: an organiser of its commons."""
    partnership = getattr(obj, "partnership", None) or getattr(getattr(obj, "partner", None), "partnership", None) or obj
    return is_organiser(user, partnership.commons)


@rules.predicate
def signs_for_commitment(user, commitment):
    return signs_for_partner(user, commitment.partner)


rules.add_perm("lab.keep_partnerships", is_organiser)  # object: Commons
rules.add_perm("lab.sign_off", signs_for_partner)  # object: Partner
rules.add_perm("lab.sign_decision", signs_in_partnership)  # object: JointDecision (or Partnership)
rules.add_perm("lab.propose_decision", keeps_partnership | signs_in_partnership)  # object: Partnership
rules.add_perm("lab.change_decision", keeps_partnership | signs_in_partnership)  # object: JointDecision
rules.add_perm("lab.mark_commitment_done", keeps_partnership | signs_for_commitment)  # object: Commitment
rules.add_perm("lab.keep_campaigns", is_member)  # object: Commons

# --- events ------------------------------------------------------------------------------------
# Events: members read every event and who was around the table (as counts); organisers keep events,
# registrations, attendance, payments and benchmarks. Signing up is ``services.events.may_register``
# (anyone for a public event), with its queryset twin ``selectors.events.events_open_to``.
rules.add_perm("lab.keep_events", is_organiser)  # object: Commons
