"""The everyday demo on the people and teams demos and the structure demo's circles: every state
it promises, and running it twice changes nothing. Where the structure demo is not installed (a
worktree with only this part), the test builds the cast the structure part promises directly."""

from datetime import timedelta
from importlib import import_module

import pytest
from django.urls import reverse
from django.utils import timezone

from caringcity.circles import demo_everyday
from caringcity.circles.models import (
    Advice,
    AdviceProcess,
    AdviceStatus,
    Circle,
    CircleHatKind,
    CircleHatTerm,
    CircleKind,
    DecisionKind,
    How,
    Participant,
    ParticipantKind,
    Poll,
    PollStatus,
    Stakeholder,
    TermStatus,
    Vote,
)
from caringcity.circles.tests.factories import client_for
from caringcity.circles.tests.test_everyday_world import everyday_urls  # noqa: F401
from caringcity.people.models import Membership

pytestmark = pytest.mark.django_db

try:
    from caringcity.circles.services.meetings import meeting_plan  # noqa: F401

    HAS_MEETINGS = True
except ImportError:
    HAS_MEETINGS = False


def _cast(ctx):
    """The structure demo's circles, or the same cast made directly when that demo is missing."""
    try:
        structure = import_module("caringcity.circles.demo_structure")
    except ModuleNotFoundError:
        structure = None
    if structure is not None:
        structure.build(ctx)
        return
    commons, p = ctx["commons"]["clapton"], ctx["people"]
    today = timezone.localdate()

    def circle(key, name, kind, parent, people, hats, team=None):
        made = Circle.objects.create(commons=commons, name=name, kind=kind, parent=parent, team=team, aim=f"The {name}.",
                                     domain="Local events")
        for key_, place, stakeholder in people:
            Participant.objects.create(circle=made, person=p[key_], kind=place, stakeholder=stakeholder, joined=today - timedelta(days=90))
        for hat, key_ in hats:
            CircleHatTerm.objects.create(circle=made, kind=hat, holder=p[key_], status=TermStatus.HELD, starts=today - timedelta(days=60),
                                         ends=today + timedelta(days=300), review_on=today + timedelta(days=200))
        return made

    F, L = ParticipantKind.FULL, ParticipantKind.LEARNING
    S, W, V, FA = Stakeholder.SUPPORTED, Stakeholder.WORKER, Stakeholder.VOLUNTEER, Stakeholder.FAMILY
    everyone = [m.person for m in Membership.objects.active().filter(commons=commons)]
    members = Circle.objects.create(commons=commons, name="Members' circle", kind=CircleKind.MEMBERS, aim="All of us.", domain="Aims")
    for person in everyone:
        Participant.objects.create(circle=members, person=person, kind=F, stakeholder=V, joined=today - timedelta(days=90))
    for hat, key in [(CircleHatKind.LEADER, "admin"), (CircleHatKind.FACILITATOR, "organiser"), (CircleHatKind.SECRETARY, "member")]:
        CircleHatTerm.objects.create(circle=members, kind=hat, holder=p[key], status=TermStatus.HELD, starts=today - timedelta(days=60),
                                     ends=today + timedelta(days=300), review_on=today + timedelta(days=200))
    general = circle("general", "General circle", CircleKind.GENERAL, members,
                     [("admin", F, V), ("organiser", F, W), ("worker_ayse", F, W), ("gloria", F, S), ("ayo", F, W),
                      ("member", F, V), ("worker_rahim", F, W)],
                     [(CircleHatKind.LEADER, "admin"), (CircleHatKind.FACILITATOR, "organiser"), (CircleHatKind.SECRETARY, "worker_ayse")])
    north = circle("north", "Clapton North local circle", CircleKind.LOCAL, general,
                   [("organiser", F, W), ("member", F, V), ("ayo", F, W), ("proxy", F, FA), ("doreen", F, S), ("paper", F, S),
                    ("zeynep", L, V)],
                   [(CircleHatKind.LEADER, "organiser"), (CircleHatKind.DELEGATE, "member"), (CircleHatKind.FACILITATOR, "ayo"),
                    (CircleHatKind.SECRETARY, "proxy")])
    park = circle("park", "Clapton Park local circle", CircleKind.LOCAL, general,
                  [("admin", F, V), ("worker_rahim", F, W), ("gloria", F, S), ("bengali", F, V), ("worker_ayse", F, W), ("stan", F, S)],
                  [(CircleHatKind.LEADER, "admin"), (CircleHatKind.DELEGATE, "worker_rahim"), (CircleHatKind.FACILITATOR, "gloria"),
                   (CircleHatKind.SECRETARY, "bengali")])
    Circle.objects.create(commons=commons, name="Gloria's team", kind=CircleKind.TEAM, parent=park, team=ctx["teams"]["gloria"],
                          aim="Gloria's support.", domain="The team's own plans")
    ctx["circles"] = {"members": members, "general": general, "north": north, "park": park}


@pytest.fixture
def ctx(db):
    from caringcity.people import demo as people_demo
    from caringcity.teams import demo as teams_demo

    ctx = {"signins": []}
    people_demo.build(ctx)
    teams_demo.build(ctx)
    _cast(ctx)
    return ctx


def _counts():
    return (AdviceProcess.objects.count(), Advice.objects.exclude(text="").count(), Poll.objects.count(), Vote.objects.count(),
            Poll.objects.filter(decision__isnull=False).count())


def test_the_demo_shows_every_state_and_runs_twice(ctx, everyday_urls):  # noqa: F811
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
    if HAS_MEETINGS:
        assert general.meeting.starts == general.chosen.starts and general.meeting.circle == circles["general"]
    else:  # no meetings part in this worktree: the meeting step is skipped
        assert general.meeting is None
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
