"""The structure demo: the cast of the brief (four circles, their people and hats with back-stops,
older terms for rotation, the four care teams as team circles), safe to run twice."""

import io

import pytest
from django.utils import timezone

from caringcity.circles import demo_structure
from caringcity.circles.access import circle_standing, place_of
from caringcity.circles.models import Circle, CircleHatKind, CircleHatTerm, CircleKind, Participant, ParticipantKind, Stakeholder, TermStatus
from caringcity.circles.selectors import structure as selectors
from caringcity.circles.services import structure as services
from caringcity.circles.tests.demo_world import load_demo
from caringcity.core.models import OutboundEmail
from caringcity.people.models import Membership, Person

pytestmark = pytest.mark.django_db
H = CircleHatKind


@pytest.fixture
def ctx():
    ctx = load_demo(before="demo_structure")  # as ``manage.py demo`` runs the demos before this one
    demo_structure.build(ctx)
    return ctx


def _counts():
    return Circle.objects.count(), Participant.objects.count(), CircleHatTerm.objects.count(), Person.objects.count()


def _hats(circle):
    return {(t.kind, t.holder.display_name, t.backstop.display_name)
            for t in CircleHatTerm.objects.held().filter(circle=circle).select_related("holder", "backstop")}


def test_the_demo_is_safe_to_run_twice(ctx):
    first = _counts()
    demo_structure.build(ctx)
    assert _counts() == first


def test_the_four_circles_and_their_links(ctx):
    c = ctx["circles"]
    assert set(c) == {"members", "general", "north", "park"}
    assert (c["members"].kind, c["members"].parent) == (CircleKind.MEMBERS, None)
    assert (c["general"].kind, c["general"].parent) == (CircleKind.GENERAL, c["members"])
    assert (c["north"].kind, c["north"].parent, c["park"].parent) == (CircleKind.LOCAL, c["general"], c["general"])
    assert c["members"].domain_lines == ["The commons' aim and values", "Who can join the commons", "Opening or closing circles"]
    assert "The commons' budget" in c["general"].domain_lines
    assert "Spending the local budget (up to £500 a year)" in c["north"].domain_lines
    assert all(circle.development_plan for circle in c.values())
    assert _hats(c["members"]) == {(H.LEADER, "Amara", "Kemal"), (H.FACILITATOR, "Kemal", "Rosa"), (H.SECRETARY, "Rosa", "Janet")}
    assert {(k, who) for k, who, _b in _hats(c["general"])} >= {(H.LEADER, "Amara"), (H.FACILITATOR, "Kemal"), (H.SECRETARY, "Ayşe")}
    assert {(k, who) for k, who, _b in _hats(c["north"])} >= {(H.LEADER, "Kemal"), (H.DELEGATE, "Rosa"), (H.FACILITATOR, "Ayo"),
                                                             (H.SECRETARY, "Janet")}
    assert {(k, who) for k, who, _b in _hats(c["park"])} >= {(H.LEADER, "Amara"), (H.DELEGATE, "Rahim"), (H.FACILITATOR, "Gloria"),
                                                            (H.SECRETARY, "Nasreen")}
    for circle in c.values():
        held = CircleHatTerm.objects.held().filter(circle=circle)
        assert all(t.backstop_id and t.backstop_id != t.holder_id for t in held), circle.name
        leaders = set(held.filter(kind=H.LEADER).values_list("holder", flat=True))
        assert not leaders & set(held.filter(kind=H.DELEGATE).values_list("holder", flat=True)), circle.name
        assert CircleHatTerm.objects.filter(circle=circle, status=TermStatus.ENDED).exists(), circle.name


def test_the_people_of_each_circle(ctx):
    c, p = ctx["circles"], ctx["people"]
    priya = p["priya"]
    assert priya.name == "Priya Shah" and priya.user_id is None
    assert Membership.objects.get(commons=ctx["commons"]["clapton"], person=priya).status == Membership.Status.ACTIVE
    clapton = Membership.objects.active().filter(commons=ctx["commons"]["clapton"]).count()
    assert Participant.objects.current().filter(circle=c["members"]).count() == clapton  # everyone
    assert place_of(c["north"], p["paper"]) == (ParticipantKind.FULL, Stakeholder.SUPPORTED)
    assert place_of(c["north"], p["zeynep"]) == (ParticipantKind.LEARNING, Stakeholder.VOLUNTEER)
    assert place_of(c["north"], priya) == (ParticipantKind.GUEST, Stakeholder.PARTNER)
    assert place_of(c["north"], p["proxy"]) == (ParticipantKind.FULL, Stakeholder.FAMILY)
    assert place_of(c["park"], p["stan"]) == (ParticipantKind.FULL, Stakeholder.SUPPORTED)
    for key in ("gloria", "ayo", "member", "worker_rahim"):
        assert place_of(c["general"], p[key])[0] == ParticipantKind.FULL, key
    # Janet is the secretary of Clapton North: she enters Arthur's paper answers.
    assert circle_standing(p["proxy"].user, c["north"]).is_secretary


def test_team_circles_hang_under_the_local_circles(ctx):
    c, teams, team_circles = ctx["circles"], ctx["teams"], ctx["team_circles"]
    assert set(team_circles) == {"arthur", "doreen", "gloria", "hamid"}
    assert {team_circles["arthur"].parent, team_circles["doreen"].parent} == {c["north"]}
    assert {team_circles["gloria"].parent, team_circles["hamid"].parent} == {c["park"]}
    assert all(circle.kind == CircleKind.TEAM and circle.team == teams[key] for key, circle in team_circles.items())
    # Rosa is in Arthur's team, not Doreen's: the diagram names one and counts the other.
    roots = selectors.circle_tree(ctx["people"]["member"].user, ctx["commons"]["clapton"])
    north = next(node for node in selectors.walk(roots) if node.circle == c["north"])
    assert [child.circle.name for child in north.children] == ["Arthur's team"] and north.hidden_teams == 1


def test_a_review_is_due_and_housekeeping_tells_the_leader_and_secretary(ctx):
    north = ctx["circles"]["north"]
    due = selectors.due_for_review(selectors.hats_now(north))
    assert [(t.kind, t.holder.display_name) for t in due] == [(H.FACILITATOR, "Ayo")]
    already = set(OutboundEmail.objects.values_list("pk", flat=True))  # the visits demo's (an urgent concern)
    services.run_housekeeping(io.StringIO())
    sent = OutboundEmail.objects.exclude(pk__in=already)
    assert sorted(sent.values_list("to", flat=True)) == ["janet@example.org", "kemal@example.org"]
    assert due[0].review_on <= timezone.localdate()


def test_hats_rotate_in_every_circle(ctx):
    for circle in ctx["circles"].values():
        terms = selectors.hat_rotation(circle)
        kinds = [t.kind for t in terms]
        assert any(kinds.count(kind) > 1 for kind in set(kinds)), circle.name  # someone wore it before
