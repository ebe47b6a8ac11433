"""Permissions for circles (django-rules). The object is a ``Circle`` unless a rule says otherwise.
Each predicate reads the user's ``CircleStanding`` (``access.py``, cached per request); the
queryset twins live in ``selectors``; tests hold them in agreement.

Who is who: *full participants* give consent; *learning participants* and *guests* ask questions
and give reactions; the *facilitator* runs the rounds (while nobody wears that hat, the leader,
then the commons' organisers); the *secretary* keeps the logbook and enters answers given by
phone or on paper for the person who gave them."""

import rules

from caringcity.circles.access import circle_standing


def _standing(attribute):
    """A predicate true when the user's standing towards the circle has ``attribute``."""
    return rules.predicate(lambda user, circle: bool(getattr(circle_standing(user, circle), attribute)), name=attribute)


can_view = _standing("can_view")
in_circle = _standing("in_circle")
is_full = _standing("is_full")
sees_confidential = _standing("sees_confidential")
is_facilitator = _standing("is_facilitator")
is_secretary = _standing("is_secretary")
keeps_structure = _standing("keeps_structure")


@rules.predicate
def is_commons_organiser(user, commons):
    from caringcity.people import selectors as people

    membership = people.membership_of(user, commons)
    return bool(membership and membership.is_organiser)


rules.add_perm("circles.view_circle", can_view)
rules.add_perm("circles.add_circle", is_commons_organiser)  # object: Commons
rules.add_perm("circles.change_circle", can_view & keeps_structure)
rules.add_perm("circles.manage_people", can_view & keeps_structure)
rules.add_perm("circles.nominate", can_view & (is_full | keeps_structure))
rules.add_perm("circles.bring_proposal", can_view)
rules.add_perm("circles.take_part", can_view & in_circle)
rules.add_perm("circles.consent", can_view & is_full)
rules.add_perm("circles.facilitate", can_view & is_facilitator)
rules.add_perm("circles.enter_for_others", can_view & is_secretary)
rules.add_perm("circles.keep_logbook", can_view & is_secretary)
rules.add_perm("circles.view_confidential", can_view & sees_confidential)
rules.add_perm("circles.start_everyday", can_view & in_circle)


# --- structure: ending circles, linking care teams, handing hats back, the team's own circle ----
is_circle_organiser = _standing("is_organiser")
is_leader = _standing("is_leader")


@rules.predicate
def is_local_circle(user, circle):
    from caringcity.circles.models import CircleKind

    return circle.kind == CircleKind.LOCAL and circle.ended is None


@rules.predicate
def team_owner_side(user, circle):
    """For a care team's circle: the owner, their proxy or the Team Starter may change its aim,
    domain and plan, as they change the team's details."""
    if not circle.is_team:
        return False
    from caringcity.teams import selectors as teams

    return teams.standing(user, circle.team).owner_side


@rules.predicate
def wears_the_term(user, term):
    standing = circle_standing(user, term.circle)
    return standing.person is not None and standing.person.pk == term.holder_id


@rules.predicate
def keeps_the_terms_circle(user, term):
    standing = circle_standing(user, term.circle)
    return standing.can_view and standing.keeps_structure


@rules.predicate
def views_the_terms_circle(user, term):
    return circle_standing(user, term.circle).can_view


# A team's people may change their own circle's aim and domain (widens the foundation's rule).
rules.set_perm("circles.change_circle", can_view & (keeps_structure | team_owner_side))
rules.add_perm("circles.end_circle", can_view & is_circle_organiser)
rules.add_perm("circles.link_team", can_view & is_local_circle & (is_circle_organiser | is_leader))  # object: a local circle
# Object: a CircleHatTerm. The wearer may hand their hat back; the leader, secretary or an organiser may too.
rules.add_perm("circles.end_term", views_the_terms_circle & (wears_the_term | keeps_the_terms_circle))
rules.add_perm("circles.review_term", keeps_the_terms_circle)
