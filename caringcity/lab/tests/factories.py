"""Helpers to build lab test data straight from the models (each part's own tests go through the
services where the rules matter). Each part appends its helpers in its block."""

import datetime

from caringcity.lab.models import Demand, Plan, Policy


def make_plan(commons, title="Community-Led Recovery Plan", demands=2, policies=2, public=True, **fields):
    """A plan with ``demands`` demands of ``policies`` numbered policies each (numbered on through the plan)."""
    fields.setdefault("slug", "recovery-plan")
    fields.setdefault("published_on", datetime.date(2022, 6, 1))
    plan = Plan.objects.create(commons=commons, title=title, public=public, **fields)
    number = 0
    for d in range(1, demands + 1):
        demand = Demand.objects.create(plan=plan, number=d, title=f"Demand {d}")
        for _p in range(policies):
            number += 1
            Policy.objects.create(plan=plan, demand=demand, number=number, title=f"Policy {number}",
                                  summary=f"What policy {number} means in plain words.")
    return plan

# --- plans -------------------------------------------------------------------------------------

# --- tracking ----------------------------------------------------------------------------------


def make_target(policy, name="Hackney Local Plan", kind="local_plan", status="not_started", progress=0, **fields):
    from caringcity.lab.models import Target

    return Target.objects.create(policy=policy, name=name, kind=kind, status=status, progress=progress, **fields)


def make_update(target, on=datetime.date(2024, 3, 1), status="raised", summary="Raised at the planning forum.", progress=None, evidence=()):
    """A status update straight in the table (the target follows it), with evidence given as
    ``[{"kind": ..., "title": ..., "url": ..., "ref": ...}]``."""
    from caringcity.lab.models import Evidence, StatusUpdate

    update = StatusUpdate.objects.create(target=target, on=on, status=status, summary=summary, progress=progress)
    for item in evidence:
        Evidence.objects.create(update=update, **item)
    target.status = status
    if progress is not None:
        target.progress = progress
    target.save()
    return update


# --- partnerships ------------------------------------------------------------------------------


def make_partnership(commons, signatories=(), name="Care pilot partnership", kinds=None, **fields):
    """A partnership with one partner group per signatory (a Person or None), named Group 1, 2..."""
    from caringcity.lab.models import Partner, Partnership
    from caringcity.people.models import Organisation

    partnership = Partnership.objects.create(commons=commons, name=name, purpose=fields.pop("purpose", "To work together."), **fields)
    for i, person in enumerate(signatories, start=1):
        kind = (kinds or [])[i - 1] if kinds and i <= len(kinds) else Organisation.Kind.GRASSROOTS
        group = Organisation.objects.create(commons=commons, name=f"{name} group {i}", kind=kind)
        Partner.objects.create(partnership=partnership, organisation=group, signatory=person, role=f"Part {i}")
    return partnership


def make_campaign(commons, name="Save the market", public=True, **fields):
    from caringcity.lab.models import Campaign

    fields.setdefault("place", "Chatsworth Road market")
    fields.setdefault("threat", "A redevelopment plan.")
    return Campaign.objects.create(commons=commons, name=name, public=public, **fields)


# --- events ------------------------------------------------------------------------------------


def make_event(commons, title="Care hubs workshop", *, days=7, public=True, capacity=None, **fields):
    """An event ``days`` from now (negative: in the past), two hours long."""
    from django.utils import timezone

    from caringcity.lab.models import Event

    starts = (timezone.now() + datetime.timedelta(days=days)).replace(microsecond=0)
    fields.setdefault("summary", "We talk about care hubs.")
    fields.setdefault("place", "Round Chapel")
    return Event.objects.create(commons=commons, title=title, starts_at=starts, ends_at=starts + datetime.timedelta(hours=2),
                                public=public, capacity=capacity, **fields)


def make_registration(event, name="Sam", **fields):
    from caringcity.lab.models import Registration

    fields.setdefault("email", "sam@example.org")
    return Registration.objects.create(event=event, name=name, **fields)
