"""The decisions demo: in the cast's circles, a decision due for review this week whose reminder
goes out, one reviewed and kept, one ended, one confidential, and an appeal with two of its
three backers. Running it twice changes nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from caringcity.circles import demo_decisions
from caringcity.circles.models import (
    Appeal,
    AppealBacker,
    AppealStatus,
    Decision,
    DecisionStatus,
    DecisionVersion,
    How,
)
from caringcity.circles.selectors import decisions as selectors
from caringcity.circles.selectors.visibility import can_read
from caringcity.circles.services import decisions as services
from caringcity.circles.tests.demo_world import load_demo
from caringcity.core.models import OutboundEmail

pytestmark = pytest.mark.django_db


@pytest.fixture
def ctx(db):
    return load_demo(before="demo_decisions")  # as ``manage.py demo`` runs the demos before this one


def _counts():
    return Decision.objects.count(), DecisionVersion.objects.count(), Appeal.objects.count(), AppealBacker.objects.count()


def test_the_demo_promises_and_runs_twice(ctx, django_capture_on_commit_callbacks):
    demo_decisions.build(ctx)
    first = _counts()
    demo_decisions.build(ctx)
    assert _counts() == first
    p, made, today = ctx["people"], ctx["decisions"], timezone.localdate()
    general, north, commons = ctx["circles"]["general"], ctx["circles"]["north"], ctx["commons"]["clapton"]
    ayse = p["worker_ayse"].user

    # Decided a year ago, its review due this week: in the reviews due, and its reminder goes out.
    contribution = made["contribution"]
    latest = contribution.versions.get()
    assert latest.title == "Paying the commons contribution every three months" and contribution.circle == general
    assert (today - timezone.localtime(contribution.created).date()).days in (364, 365, 366)  # a year, whatever the clocks did
    assert today <= latest.review_on <= today + timedelta(days=6)
    assert contribution in [v.decision for v in selectors.reviews_due(ayse, commons, general)]
    assert contribution in [v.decision for v in selectors.reviews_due_to(p["admin"].user, commons)]
    with django_capture_on_commit_callbacks(execute=True):
        services.reminders_send()
    about = [m for m in OutboundEmail.objects.all() if f"/{contribution.uuid}/" in m.body_text]
    assert {m.to for m in about} >= {"ayse@example.org", "amara@example.org", "kemal@example.org"}
    assert all("three months" not in m.body_text for m in about)

    # Reviewed and kept: two versions, both in force.
    travel = list(made["travel"].versions.order_by("number"))
    assert [(v.number, v.status) for v in travel] == [(1, DecisionStatus.IN_FORCE), (2, DecisionStatus.IN_FORCE)]
    assert travel[1].note.startswith("Reviewed and kept") and travel[1].review_on > today > travel[0].review_on

    # Ended.
    ended = made["ended"].versions.order_by("-number").first()
    assert ended.status == DecisionStatus.ENDED and ended.number == 2

    # Confidential, with its reason: General's people read it, Nasreen (not in it) does not.
    secret = made["confidential"].versions.get()
    assert secret.confidential and secret.confidential_reason == "It is about one person's money"
    assert can_read(p["member"].user, commons, general.pk, True)
    assert not can_read(p["bengali"].user, commons, general.pk, True)

    # An appeal against a Clapton North decision, two of the three backers, one entered from paper.
    appeal = made["appeal"]
    assert appeal.decision.circle == north and appeal.to_circle == north and appeal.status == AppealStatus.GATHERING
    backers = list(appeal.backers.select_related("person", "recorded_by"))
    assert len(backers) == 2
    involved = set(appeal.decision.takers.values_list("person_id", flat=True))
    assert not {b.person_id for b in backers} & involved, "nobody who took part backs it"
    paper = next(b for b in backers if b.how == How.PAPER)
    assert paper.recorded_by == p["proxy"].user and paper.person.user_id is None
    assert any("Decisions:" in line for line in ctx["notes"])


def test_without_the_circles_the_demo_does_nothing(db):
    ctx = {"signins": [], "people": {}, "commons": {}}
    demo_decisions.build(ctx)
    assert not Decision.objects.exists() and "decisions" not in ctx
