"""The influence trail: every dated step of a policy's way from the workshop where an idea was
raised to an institution's decision, gathered from every part that keeps such steps.

A part registers a *trail source* with ``register_trail_source(key, fn)``:
``fn(policies, public) -> [Step]`` gives the steps it knows for those policies (a list of
``Policy``), in a fixed number of queries whatever their number; with ``public=True`` only what
may be shown to anyone (public events, agreed decisions, status updates). The tracking part
assembles them (``trail_for``) in date order.
"""

from dataclasses import dataclass, field

SOURCES = {}


@dataclass(frozen=True)
class Step:
    on: object  # a date
    kind: str  # the source's key, for example "event", "status", "decision"
    policy_id: int
    title: str
    summary: str = ""
    url: str = ""
    evidence: list = field(default_factory=list)  # [(title, url)] shown under the step


def register_trail_source(key, fn):
    SOURCES[key] = fn


def trail_for(policies, public=True):
    """{policy pk: [Step]} in date order, from every registered source."""
    policies = list(policies)
    result = {policy.pk: [] for policy in policies}
    for fn in SOURCES.values():
        for step in fn(policies, public):
            result.setdefault(step.policy_id, []).append(step)
    for steps in result.values():
        steps.sort(key=lambda step: (step.on, step.kind))
    return result
