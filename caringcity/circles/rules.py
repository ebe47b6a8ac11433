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


# --- everyday: advice processes and polls (object: an AdviceProcess or a Poll) ------------------
def _of_circle(attribute):
    """A predicate on an advice process or poll: the user's standing towards its circle has ``attribute``."""
    return rules.predicate(lambda user, thing: bool(getattr(circle_standing(user, thing.circle), attribute)),
                           name=f"circle_{attribute}")


@rules.predicate
def was_asked_for_advice(user, process):
    from caringcity.circles.selectors.everyday import was_asked

    return was_asked(process, circle_standing(user, process.circle).person)


@rules.predicate
def is_decider(user, process):
    person = circle_standing(user, process.circle).person
    return person is not None and person.pk == process.decider_id


@rules.predicate
def started_poll(user, poll):
    return poll.created_by_id is not None and poll.created_by_id == user.pk


rules.add_perm("circles.give_advice", _of_circle("can_view") & was_asked_for_advice)
rules.add_perm("circles.decide_advice", _of_circle("can_view") & (is_decider | _of_circle("is_secretary")))
rules.add_perm("circles.vote", _of_circle("can_view") & _of_circle("in_circle"))
rules.add_perm("circles.enter_vote", _of_circle("can_view") & _of_circle("is_secretary"))
rules.add_perm("circles.close_poll", _of_circle("can_view") & (started_poll | _of_circle("is_facilitator")))


# --- part: decisions --------------------------------------------------------------------------
# Reviews and marking a decision confidential are the secretary's (or the facilitator's) job; any
# member of the commons who may see the circle can start or back an appeal (the service refuses
# those who took part in the decision, with the reason).
rules.add_perm("circles.review_decision", can_view & is_secretary)
rules.add_perm("circles.mark_confidential", can_view & is_secretary)
rules.add_perm("circles.appeal", can_view)


# --- meetings -----------------------------------------------------------------------------------
@rules.predicate
def may_finish_action(user, action):
    """An action from a meeting's minutes (the object is an ``Action``, with ``meeting.circle``) can
    be marked done by the circle's secretary, or by the person it was given to."""
    standing = circle_standing(user, action.meeting.circle)
    if not standing.can_view:
        return False
    return standing.is_secretary or (standing.person is not None and standing.person.pk == action.who_id)


rules.add_perm("circles.finish_action", may_finish_action)  # object: Action


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
