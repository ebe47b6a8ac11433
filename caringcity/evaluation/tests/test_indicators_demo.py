"""The demo's indicators recompute from the demo's visits and match a hand count made here straight
from the visits table (not through the metrics code); the demo is safe to run twice."""

from collections import defaultdict

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from caringcity.core.models import Commons
from caringcity.evaluation import keys
from caringcity.evaluation.models import IndicatorValue, Refresh
from caringcity.teams.models import PAID_KINDS, TeamMember
from caringcity.visits.models import Signup, SignupStatus, Visit, VisitStatus

pytestmark = pytest.mark.django_db


def _hand_count(commons, until):
    """Per local month: (planned ended, with a helper, by people known, gifted hours, all hours)."""
    kinds = defaultdict(set)
    for team_id, person_id, kind in TeamMember.objects.filter(team__commons=commons).values_list("team_id", "person_id", "kind"):
        kinds[team_id, person_id].add(kind)
    helpers = defaultdict(list)
    for visit_id, person_id in Signup.objects.filter(status=SignupStatus.JOINED).values_list("visit_id", "person_id"):
        helpers[visit_id].append(person_id)
    months = defaultdict(lambda: {"planned": 0, "covered": 0, "known": 0, "gifted": 0.0, "all": 0.0})
    seen = set()
    for visit in Visit.objects.filter(team__commons=commons).order_by("starts", "pk"):
        if visit.status != VisitStatus.PLANNED or visit.ends > until:
            continue
        month = months[timezone.localtime(visit.starts).date().replace(day=1)]
        month["planned"] += 1
        people = helpers[visit.pk]
        if not people:
            continue
        month["covered"] += 1
        known = all(kinds[visit.team_id, p] & {"family", "friend"} or (visit.team_id, p) in seen for p in people)
        month["known"] += known
        hours = (visit.ends - visit.starts).total_seconds() / 3600
        for p in people:
            seen.add((visit.team_id, p))
            month["all"] += hours
            if not kinds[visit.team_id, p] & {str(k) for k in PAID_KINDS}:
                month["gifted"] += hours
    return months


def test_demo_indicators_match_a_hand_count_and_survive_a_second_run(client):
    call_command("demo", verbosity=0)
    call_command("demo", verbosity=0)
    commons = Commons.objects.get(slug="clapton")
    refresh = Refresh.objects.filter(commons=commons, status=Refresh.Status.DONE).latest("created")
    assert refresh.values_written == IndicatorValue.objects.filter(commons=commons).count() > 0
    months = _hand_count(commons, refresh.started_at)
    assert sum(m["covered"] for m in months.values()) > 10  # the demo has weeks of visits
    rows = {(v.metric, v.period_start): v for v in IndicatorValue.objects.filter(commons=commons, scope="commons")
            if v.period_end.month == v.period_start.month}
    for month, counted in months.items():
        cover = rows[keys.COVER_RATE, month]
        assert (cover.numerator, cover.denominator) == (counted["covered"], counted["planned"])
        continuity = rows[keys.CONTINUITY, month]
        assert (continuity.numerator, continuity.denominator) == (counted["known"], counted["covered"])
        gifted = rows[keys.GIFTED_SHARE, month]
        assert gifted.numerator == pytest.approx(counted["gifted"]) and gifted.denominator == pytest.approx(counted["all"])
    # the figures page shows them to a demo member
    from caringcity.core.models import User

    user = User.objects.filter(person__memberships__commons=commons).first()
    client.force_login(user)
    page = client.get(reverse("evaluation:indicators", args=[commons.slug]))
    assert page.status_code == 200 and "Continuity of care" in page.content.decode()
