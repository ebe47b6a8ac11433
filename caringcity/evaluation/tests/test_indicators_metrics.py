"""Each platform metric on a small world built by hand: the exact value, numerator and
denominator, per team, per circle and for the commons, per month and per quarter."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from caringcity.circles.models import (
    ConsentAnswer, Decision, DecisionKind, Proposal, ProposalStage, ProposalVersion, Response, Round, RoundKind,
)
from caringcity.circles.tests.factories import make_circle
from caringcity.circles.models import Participant, Stakeholder
from caringcity.evaluation import keys, metrics
from caringcity.networks.models import ActorKind, ConnectionStatus
from caringcity.networks.tests.factories import make_actor, make_connection
from caringcity.people.tests.factories import MembershipFactory, PersonFactory
from caringcity.teams.models import Hat, HatKind, HatTerm, MemberKind, MemberStatus, Stage, StageChange, Team, TeamMember, TermStatus
from caringcity.visits.models import Signup, SignupStatus, Visit, VisitStatus

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
NOW = datetime.datetime(2026, 3, 15, 12, 0, tzinfo=LONDON)
JAN, FEB, MAR = datetime.date(2026, 1, 1), datetime.date(2026, 2, 1), datetime.date(2026, 3, 1)
Q1 = (datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))


def at(month, day, hour=10):
    return datetime.datetime(2026, month, day, hour, 0, tzinfo=LONDON)


def person(commons, name):
    return MembershipFactory(commons=commons, person=PersonFactory(name=name)).person


def member(team, who, kind, joined, ended=None, status=MemberStatus.ACTIVE):
    return TeamMember.objects.create(team=team, person=who, kind=kind, status=status if not ended else MemberStatus.LEFT,
                                     joined=joined, ended=ended)


def visit(team, starts, joined=(), minutes=60, status=VisitStatus.PLANNED):
    v = Visit.objects.create(team=team, starts=starts, ends=starts + datetime.timedelta(minutes=minutes), status=status)
    for who in joined:
        Signup.objects.create(visit=v, person=who, status=SignupStatus.JOINED)
    return v


def hat_term(team, kind, holder, starts, ended=None, status=None):
    hat, _ = Hat.objects.get_or_create(team=team, kind=kind)
    return HatTerm.objects.create(hat=hat, holder=holder, starts=starts, ended_at=ended,
                                  status=status or (TermStatus.ENDED if ended else TermStatus.HELD))


def proposal(circle, by, title, stage, answers, when, decided=False):
    p = Proposal.objects.create(circle=circle, title=title, stage=stage, brought_by=by)
    version = ProposalVersion.objects.create(proposal=p, number=1, driver="Why", text="What", review_on=datetime.date(2027, 1, 1))
    rnd = Round.objects.create(proposal=p, version=version, kind=RoundKind.CONSENT, number=1)
    Round.objects.create(proposal=p, version=version, kind=RoundKind.REACTIONS, number=2)
    for i, (who, answer) in enumerate(answers):
        response = Response.objects.create(round=rnd, person=who, answer=answer)
        Response.objects.filter(pk=response.pk).update(created=when + datetime.timedelta(hours=i))
    if decided:
        Decision.objects.create(circle=circle, number=Decision.objects.filter(circle=circle).count() + 1,
                                kind=DecisionKind.CONSENT, proposal=p)
    return p


@pytest.fixture
def world(commons):
    owner, owner2 = person(commons, "Orla Owner"), person(commons, "Otto Owner")
    fam, vol, worker, starter, newcomer = (person(commons, n) for n in ("Fay Family", "Val Volunteer", "Wes Worker", "Sam Starter", "Nia New"))
    team = Team.objects.create(commons=commons, owner=owner, name="Orla's team", created=at(1, 5), stage=Stage.INDEPENDENT)
    StageChange.objects.filter(team=team).delete()
    for to_stage, when in ((Stage.FIRST_CONTACT, at(1, 5)), (Stage.STEPPING_BACK, at(3, 1)), (Stage.INDEPENDENT, at(3, 10))):
        StageChange.objects.create(team=team, to_stage=to_stage, created=when)
    team2 = Team.objects.create(commons=commons, owner=owner2, name="Otto's team", created=at(1, 20))
    StageChange.objects.create(team=team2, to_stage=Stage.FIRST_CONTACT, created=at(1, 20))
    member(team, starter, MemberKind.STARTER, at(1, 5))
    member(team, fam, MemberKind.FAMILY, at(1, 6))
    member(team, vol, MemberKind.VOLUNTEER, at(1, 6))
    member(team, worker, MemberKind.WORKER_EMPLOYED, at(1, 6), ended=at(2, 15))
    member(team, newcomer, MemberKind.FRIEND, at(2, 10))
    member(team2, vol, MemberKind.VOLUNTEER, at(1, 21))
    # visits of Orla's team
    visit(team, at(2, 2), [vol])                  # vol's first: someone new
    visit(team, at(2, 9), [vol])                  # vol again: known
    visit(team, at(2, 16), [fam], minutes=90)     # family: known from the start
    visit(team, at(2, 23), [vol, worker])         # the worker's first: someone new
    visit(team, at(2, 25), [vol], status=VisitStatus.CANCELLED)  # cancelled: not counted
    visit(team, at(2, 27))                        # nobody came: planned, not covered
    visit(team, at(3, 2), [fam])                  # March: known
    visit(team, at(3, 20), [vol])                 # still to come: not counted
    # Otto's team: vol is new there
    visit(team2, at(2, 10), [vol])
    # hats of Orla's team
    hat_term(team, HatKind.ROTA_HOLDER, starter, datetime.date(2026, 1, 10), ended=at(2, 20))
    hat_term(team, HatKind.ROTA_HOLDER, fam, datetime.date(2026, 2, 20))
    hat_term(team, HatKind.PROFILE_HOLDER, starter, datetime.date(2026, 1, 10))
    hat_term(team, HatKind.CHECKIN_FACILITATOR, vol, datetime.date(2026, 2, 1))
    hat_term(team, HatKind.WELCOMER, worker, datetime.date(2026, 2, 1), status=TermStatus.NOMINATED)  # never confirmed
    # a circle with participants and proposals
    circle = make_circle(commons)
    p1, p2 = person(commons, "Pia One"), person(commons, "Pete Two")
    Participant.objects.create(circle=circle, person=p1, stakeholder=Stakeholder.VOLUNTEER, joined=datetime.date(2026, 1, 1),
                               left=datetime.date(2026, 2, 10))
    Participant.objects.create(circle=circle, person=p2, stakeholder=Stakeholder.VOLUNTEER, joined=datetime.date(2025, 12, 1))
    proposal(circle, p1, "Rota rules", ProposalStage.ADOPTED, [(p1, ConsentAnswer.CONSENT), (p2, ConsentAnswer.OBJECT)], at(2, 3), decided=True)
    proposal(circle, p1, "Budget", ProposalStage.CONSENT, [(p2, ConsentAnswer.CONCERN)], at(2, 5))
    proposal(circle, p1, "Welcome pack", ProposalStage.ADOPTED, [(p2, ConsentAnswer.CONSENT)], at(2, 6), decided=True)
    proposal(circle, p1, "New hub", ProposalStage.WITHDRAWN, [(p2, ConsentAnswer.OBJECT), (p1, ConsentAnswer.CONCERN)], at(1, 20))
    # the neighbourhood map
    t1 = make_actor(commons, "Orla's team", kind=ActorKind.TEAM, team=team, since=datetime.date(2026, 1, 1))
    t2 = make_actor(commons, "Otto's team", kind=ActorKind.TEAM, team=team2, since=datetime.date(2026, 2, 15))
    a = make_actor(commons, "Lea Bridge Library", since=datetime.date(2026, 1, 1))
    b = make_actor(commons, "Food hub", since=datetime.date(2026, 1, 1), ended=datetime.date(2026, 3, 1))
    make_connection(t1, a, since=datetime.date(2026, 1, 10))
    make_connection(b, t1, status=ConnectionStatus.GENERATIVE, since=datetime.date(2026, 1, 10))
    make_connection(t1, t2, since=datetime.date(2026, 2, 20))
    make_connection(t2, a, status=ConnectionStatus.INACTIVE, since=datetime.date(2026, 2, 20))
    make_connection(a, b, since=datetime.date(2026, 1, 10))
    return {"team": team, "team2": team2, "circle": circle}


def figures(commons):
    rows = metrics.compute(commons, now=NOW)
    return {(r.metric, r.scope, r.team_id or r.circle_id, r.period_start, r.period_end): r for r in rows}


def one(found, metric, start, end=None, unit=None, scope=None):
    end = end or metrics.month_end(start)
    scope = scope or ("commons" if unit is None else "team")
    return found[metric, scope, unit.pk if unit is not None else None, start, end]


def check(row, value, numerator, denominator):
    assert (row.numerator, row.denominator) == (numerator, denominator)
    assert row.value == pytest.approx(value)


def test_periods_are_the_months_quarters_and_years_since_the_first_team(commons, world):
    found = figures(commons)
    commons_continuity = sorted((s, e) for (m, scope, _u, s, e) in found if m == keys.CONTINUITY and scope == "commons")
    assert commons_continuity == [(JAN, datetime.date(2026, 1, 31)), Q1, (JAN, datetime.date(2026, 12, 31)),
                                  (FEB, datetime.date(2026, 2, 28)), (MAR, datetime.date(2026, 3, 31))]


def test_continuity_counts_family_and_returning_helpers_as_known(commons, world):
    found = figures(commons)
    team, team2 = world["team"], world["team2"]
    check(one(found, keys.CONTINUITY, FEB, unit=team), 50.0, 2, 4)
    assert one(found, keys.CONTINUITY, FEB, unit=team).detail == {"done_visits": 4, "with_someone_new": 2, "by_people_they_know": 2}
    check(one(found, keys.CONTINUITY, MAR, unit=team), 100.0, 1, 1)
    check(one(found, keys.CONTINUITY, *Q1, unit=team), 60.0, 3, 5)
    check(one(found, keys.CONTINUITY, FEB, unit=team2), 0.0, 0, 1)  # known in another team is not known here
    check(one(found, keys.CONTINUITY, FEB), 40.0, 2, 5)
    jan = one(found, keys.CONTINUITY, JAN)
    assert (jan.value, jan.denominator) == (None, 0)


def test_cover_rate_counts_ended_planned_visits_with_someone(commons, world):
    found = figures(commons)
    check(one(found, keys.COVER_RATE, FEB, unit=world["team"]), 80.0, 4, 5)
    check(one(found, keys.COVER_RATE, *Q1, unit=world["team"]), 100 * 5 / 6, 5, 6)
    check(one(found, keys.COVER_RATE, FEB), 100 * 5 / 6, 5, 6)
    assert one(found, keys.COVER_RATE, FEB, unit=world["team"]).detail == {"with_a_helper": 4, "planned_visits": 5, "without_a_helper": 1}


def test_gifted_share_splits_hours_by_paid_member_kinds(commons, world):
    found = figures(commons)
    feb = one(found, keys.GIFTED_SHARE, FEB, unit=world["team"])
    check(feb, 100 * 4.5 / 5.5, 4.5, 5.5)
    assert feb.detail == {"gifted_hours": 4.5, "all_hours": 5.5, "paid_hours": 1.0}
    check(one(found, keys.GIFTED_SHARE, *Q1, unit=world["team"]), 100 * 5.5 / 6.5, 5.5, 6.5)
    check(one(found, keys.GIFTED_SHARE, FEB), 100 * 5.5 / 6.5, 5.5, 6.5)


def test_shared_hats_are_counted_on_the_last_day_of_the_period(commons, world):
    found = figures(commons)
    team = world["team"]
    check(one(found, keys.SHARED_HATS, JAN, unit=team), 0.0, 0, 2)
    check(one(found, keys.SHARED_HATS, FEB, unit=team), 100 * 2 / 3, 2, 3)
    assert one(found, keys.SHARED_HATS, FEB, unit=team).detail == {"by_others": 2, "hats_worn": 3, "by_the_starter": 1}
    check(one(found, keys.SHARED_HATS, *Q1, unit=team), 100 * 2 / 3, 2, 3)  # taken today, mid-March
    check(one(found, keys.SHARED_HATS, FEB), 100 * 2 / 3, 2, 3)


def test_time_to_independence_in_days_in_the_month_it_happened(commons, world):
    found = figures(commons)
    check(one(found, keys.TIME_TO_INDEPENDENCE, MAR, unit=world["team"]), 64.0, 64, 1)
    check(one(found, keys.TIME_TO_INDEPENDENCE, MAR), 64.0, 64, 1)
    check(one(found, keys.TIME_TO_INDEPENDENCE, *Q1), 64.0, 64, 1)
    assert (keys.TIME_TO_INDEPENDENCE, "team", world["team2"].pk, MAR, metrics.month_end(MAR)) not in found
    assert one(found, keys.TIME_TO_INDEPENDENCE, FEB).value is None


def test_decisions_resolved_per_circle_by_the_month_a_concern_was_raised(commons, world):
    found = figures(commons)
    circle = world["circle"]
    feb = one(found, keys.DECISIONS_RESOLVED, FEB, unit=circle, scope="circle")
    check(feb, 50.0, 1, 2)
    assert feb.detail == {"raised": 2, "decided": 1, "still_open": 1, "withdrawn_or_passed_up": 0, "concerns": 1, "objections": 1}
    check(one(found, keys.DECISIONS_RESOLVED, JAN, unit=circle, scope="circle"), 0.0, 0, 1)
    check(one(found, keys.DECISIONS_RESOLVED, *Q1), 100 / 3, 1, 3)


def test_active_ties_per_team_on_the_map(commons, world):
    found = figures(commons)
    team, team2 = world["team"], world["team2"]
    check(one(found, keys.ACTIVE_TIES, JAN, unit=team), 2.0, 2, 1)
    check(one(found, keys.ACTIVE_TIES, JAN), 2.0, 2, 1)
    check(one(found, keys.ACTIVE_TIES, FEB, unit=team), 3.0, 3, 1)
    check(one(found, keys.ACTIVE_TIES, FEB, unit=team2), 1.0, 1, 1)
    check(one(found, keys.ACTIVE_TIES, FEB), 2.0, 4, 2)
    check(one(found, keys.ACTIVE_TIES, MAR), 1.5, 3, 2)  # the food hub left the map on 1 March


def test_retention_compares_the_first_and_last_day(commons, world):
    found = figures(commons)
    check(one(found, keys.RETENTION, FEB, unit=world["team"]), 100 * 2 / 3, 2, 3)
    assert one(found, keys.RETENTION, FEB, unit=world["team"]).detail == {"at_start": 3, "still_there": 2, "left": 1}
    check(one(found, keys.RETENTION, FEB), 100 * 3 / 4, 3, 4)  # Otto's volunteer stays
    check(one(found, keys.RETENTION, FEB, unit=world["circle"], scope="circle"), 50.0, 1, 2)
    check(one(found, keys.RETENTION, MAR), 100.0, 4, 4)
    assert one(found, keys.RETENTION, JAN).value is None  # nobody had joined on 1 January


def test_every_metric_has_its_words_and_scopes():
    assert {m.key for m in metrics.all_metrics()} == set(keys.METRICS)
    for metric in metrics.all_metrics():
        assert metric.definition and metric.how and metric.numerator and metric.denominator
        assert metrics.COMMONS in metric.scopes and len(metric.counts) >= 2


def _grow(commons, i):
    owner = person(commons, f"Owner {i}")
    helper = person(commons, f"Helper {i}")
    team = Team.objects.create(commons=commons, owner=owner, name=f"Team {i}", created=at(1, 5))
    StageChange.objects.create(team=team, to_stage=Stage.INDEPENDENT, created=at(2, 5))
    member(team, helper, MemberKind.VOLUNTEER, at(1, 6))
    for day in (3, 10, 17):
        visit(team, at(2, day), [helper])
    hat_term(team, HatKind.ROTA_HOLDER, helper, datetime.date(2026, 1, 10))
    make_actor(commons, f"Team {i}", kind=ActorKind.TEAM, team=team, since=datetime.date(2026, 1, 1))


def test_the_number_of_queries_does_not_grow_with_teams_or_visits(commons, world):
    def queries():
        with CaptureQueriesContext(connection) as ctx:
            metrics.compute(commons, now=NOW)
        return len(ctx.captured_queries)

    _grow(commons, 0)
    small = queries()
    for i in range(1, 6):
        _grow(commons, i)
    assert queries() == small
