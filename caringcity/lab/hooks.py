"""What the lab registers with the apps below it at start-up (calendar sources and so on). Each
part adds its block."""

# --- plans -------------------------------------------------------------------------------------

# --- tracking ----------------------------------------------------------------------------------
from caringcity.lab import trail as _trail  # noqa: E402


def _status_trail(policies, public):
    """The influence trail's "status" steps: dated status updates with their evidence."""
    from caringcity.lab.selectors.tracking import status_steps

    return status_steps(policies, public)


_trail.register_trail_source("status", _status_trail)


# --- partnerships ------------------------------------------------------------------------------
# The influence trail: agreed joint decisions of partnerships, for the policies they concern.


def _decision_steps(policies, public):
    """Agreed joint decisions only (both publicly and for members): title, plain summary, the day
    the last side agreed. Members also get a link to the decision's page."""
    from django.urls import reverse
    from django.utils import timezone

    from caringcity.lab.selectors.partnerships import agreed_decisions_for_policies
    from caringcity.lab.trail import Step

    wanted = {policy.pk for policy in policies}
    steps = []
    for decision in agreed_decisions_for_policies(policies):
        url = "" if public else reverse("lab:decision", args=[decision.partnership.commons.slug, decision.partnership.uuid,
                                                               decision.uuid])
        for policy in decision.policies.all():
            if policy.pk in wanted:
                steps.append(Step(on=timezone.localtime(decision.agreed_at).date(), kind="decision", policy_id=policy.pk,
                                  title=decision.title, summary=decision.summary, url=url))
    return steps


def _register_decisions():
    from caringcity.lab.trail import register_trail_source

    register_trail_source("decision", _decision_steps)


_register_decisions()


# --- events ------------------------------------------------------------------------------------
# Events that discussed a policy start (and mark) its influence trail; people's private calendar feed
# holds the lab events they are booked on.
from caringcity.core.extensions import register_calendar_source  # noqa: E402
from caringcity.lab.trail import register_trail_source  # noqa: E402


def _event_trail(policies, public):
    from caringcity.lab.selectors.events import trail_steps

    return trail_steps(policies, public)


def _event_calendar(person, commons, start, end):
    from caringcity.lab.selectors.events import person_calendar_events

    return person_calendar_events(person, commons, start, end)


register_trail_source("event", _event_trail)
register_calendar_source(_event_calendar)
