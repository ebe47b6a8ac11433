"""The everyday demo on the demos ``manage.py demo`` runs before it (people, teams, visits and the
circles' structure, proposals and decisions): every state it promises, and running it twice
changes nothing."""

import pytest
from django.urls import reverse

from caringcity.circles import demo_everyday
from caringcity.circles.models import (
    Advice,
    AdviceProcess,
    AdviceStatus,
    DecisionKind,
    How,
    Poll,
    PollStatus,
    Vote,
)
from caringcity.circles.tests.demo_world import load_demo
from caringcity.circles.tests.factories import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def ctx(db):
    return load_demo(before="demo_everyday")  # as ``manage.py demo`` runs the demos before this one


def _counts():
    return (AdviceProcess.objects.count(), Advice.objects.exclude(text="").count(), Poll.objects.count(), Vote.objects.count(),
            Poll.objects.filter(decision__isnull=False).count())


def test_the_demo_shows_every_state_and_runs_twice(ctx):
    demo_everyday.build(ctx)
    first = _counts()
    demo_everyday.build(ctx)
    assert _counts() == first
    p, circles = ctx["people"], ctx["circles"]

    urn = AdviceProcess.objects.get(title=demo_everyday.URN)
    assert urn.circle == circles["park"] and urn.decider == p["gloria"] and urn.status == AdviceStatus.DECIDED
    assert urn.decision.kind == DecisionKind.ADVICE and "lever" in urn.decision.versions.get().reasons
    assert {t.person for t in urn.decision.takers.all()} == {p["gloria"], p["worker_ayse"], p["bengali"], p["stan"]}
    stan = urn.advice.get(person=p["stan"])
    assert (stan.how, stan.recorded_by_id) == (How.PAPER, p["bengali"].user_id)

    move = AdviceProcess.objects.get(title=demo_everyday.MOVE)
    assert move.circle == circles["north"] and move.status == AdviceStatus.ASKING
    given = dict(move.advice.exclude(text="").values_list("person", "how"))
    assert given == {p["ayo"].pk: How.ONLINE, p["paper"].pk: How.PHONE}
    assert {p["zeynep"].pk, p["bengali"].pk} <= set(move.advice.filter(text="").values_list("person", flat=True))

    lunch = Poll.objects.get(question=demo_everyday.LUNCH)
    assert lunch.status == PollStatus.CLOSED and lunch.chosen.label == "Lea Bridge Community Hub"
    assert lunch.decision.kind == DecisionKind.POLL and lunch.decision.takers.count() == 7
    picnic = Poll.objects.get(question=demo_everyday.PICNIC)
    assert picnic.circle == circles["members"] and picnic.status == PollStatus.OPEN
    assert Vote.objects.get(option__poll=picnic, person=p["paper"]).how == How.PAPER

    general = Poll.objects.get(question=demo_everyday.GENERAL_MEETING)
    assert general.status == PollStatus.CLOSED and general.decision.kind == DecisionKind.TIME_POLL
    assert general.chosen == general.options.order_by("order").first()
    assert general.meeting.starts == general.chosen.starts and general.meeting.circle == circles["general"]
    north = Poll.objects.get(question=demo_everyday.NORTH_MEETING)
    assert north.status == PollStatus.OPEN and north.options.count() == 3
    assert set(Vote.objects.filter(option__poll=north, person=p["paper"]).values_list("how", "recorded_by")) == {
        (How.PAPER, p["proxy"].user_id)}

    birthday = Poll.objects.get(question=demo_everyday.BIRTHDAY)
    assert birthday.circle.team == ctx["teams"]["gloria"] and birthday.status == PollStatus.OPEN
    assert Vote.objects.filter(option__poll=birthday).count() == 3

    # Demo users can answer the open time poll in Clapton North (Zeynep is learning there).
    zeynep = client_for(p["zeynep"].user)
    page = zeynep.get(reverse("circles:poll_detail", args=["clapton", north.uuid])).content.decode()
    assert "Your answer" in page and "Entered by Janet for Arthur (on paper)" in page
    everyday = zeynep.get(reverse("circles:everyday", args=["clapton", circles["north"].uuid])).content.decode()
    assert demo_everyday.MOVE in everyday and demo_everyday.NORTH_MEETING in everyday
    assert any("Everyday decisions" in note for note in ctx["notes"])


def test_without_circles_the_demo_does_nothing(db):
    ctx = {"people": {}, "signins": []}
    demo_everyday.build(ctx)
    assert not AdviceProcess.objects.exists() and not Poll.objects.exists()
