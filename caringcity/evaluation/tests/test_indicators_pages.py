"""The Figures pages: who sees what (role matrix), the refresh (audited, organisers only, a denied
POST changes nothing), the command, the contract selectors, and constant queries at two sizes."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from caringcity.core.models import AuditEvent
from caringcity.core.testing import assert_matrix, assert_queries_constant
from caringcity.evaluation import keys, metrics
from caringcity.evaluation.models import Indicator, IndicatorValue, Method, Refresh
from caringcity.evaluation.selectors import indicators as selectors
from caringcity.evaluation.services.indicators import indicators_refresh
from caringcity.evaluation.tests.factories import make_framework
from caringcity.evaluation.models import Dimension, Outcome, OutcomeDomain  # noqa: F401
from caringcity.people.tests.factories import MembershipFactory, PersonFactory
from caringcity.teams.models import MemberKind, MemberStatus, Team, TeamMember
from caringcity.visits.models import Signup, SignupStatus, Visit

pytestmark = pytest.mark.django_db

OK, NF, REDIR = 200, 404, 302


def _team(commons, owner, name, helper=None, visits=2):
    team = Team.objects.create(commons=commons, owner=owner, name=name)
    helper = helper or MembershipFactory(commons=commons, person=PersonFactory(name=f"Helper of {name}")).person
    TeamMember.objects.create(team=team, person=helper, kind=MemberKind.VOLUNTEER, status=MemberStatus.ACTIVE,
                              joined=timezone.now() - datetime.timedelta(days=60))
    for i in range(visits):
        starts = timezone.now() - datetime.timedelta(days=3 + i)
        visit = Visit.objects.create(team=team, starts=starts, ends=starts + datetime.timedelta(hours=1))
        Signup.objects.create(visit=visit, person=helper, status=SignupStatus.JOINED)
    return team


@pytest.fixture
def teams(commons, personas):
    """The owner's team (the member persona helps there) and a team nobody of the personas is in."""
    own = _team(commons, personas["owner"].person, "Olive's team", helper=personas["member"].person)
    other = _team(commons, PersonFactory(name="Someone Else"), "Someone Else's team")
    indicators_refresh(commons=commons)
    return own, other


def test_figures_page_role_matrix(commons, clients, teams):
    url = reverse("evaluation:indicators", args=[commons.slug])
    assert_matrix(clients, url, {"anonymous": REDIR, "outsider": NF, "member": OK, "owner": OK, "proxy": OK,
                                 "organiser": OK, "admin": OK})


@pytest.mark.parametrize("role,own,other", [
    ("member", True, False), ("owner", True, False), ("proxy", True, False),
    ("organiser", True, True), ("admin", True, True),
])
def test_team_figures_only_for_the_teams_someone_may_see(commons, clients, teams, role, own, other):
    page = clients[role].get(reverse("evaluation:indicators", args=[commons.slug])).content.decode()
    assert str(metrics.get(keys.CONTINUITY).definition) in page
    assert ("Olive&#x27;s team" in page or "Olive's team" in page) is own
    assert ("Someone Else&#x27;s team" in page or "Someone Else's team" in page) is other


def test_a_member_in_no_team_sees_commons_figures_but_no_team(commons, teams):
    lone = MembershipFactory(commons=commons, person=PersonFactory(name="Lou Lone", email="lou@example.org"))
    from caringcity.core.tests.factories import UserFactory
    from django.test import Client

    user = UserFactory(email="lou@example.org")
    lone.person.user = user
    lone.person.save()
    client = Client()
    client.force_login(user)
    page = client.get(reverse("evaluation:indicators", args=[commons.slug])).content.decode()
    assert "Visits that had someone" in page and "Team by team" not in page


def test_one_metric_page_role_matrix_and_bad_input(commons, clients, teams, personas):
    own, other = teams
    url = reverse("evaluation:indicator", args=[commons.slug, keys.CONTINUITY])
    assert_matrix(clients, url, {"anonymous": REDIR, "outsider": NF, "member": OK, "owner": OK, "proxy": OK,
                                 "organiser": OK, "admin": OK})
    team_url = f"{url}?whose=team:{other.uuid}"
    assert_matrix(clients, team_url, {"anonymous": REDIR, "outsider": NF, "member": NF, "owner": NF, "proxy": NF,
                                      "organiser": OK, "admin": OK})
    assert clients["owner"].get(f"{url}?whose=team:{own.uuid}").status_code == OK
    assert clients["owner"].get(f"{url}?whose=team:not-a-uuid").status_code == NF
    assert clients["owner"].get(f"{url}?whose=circle:{own.uuid}").status_code == NF
    assert clients["owner"].get(reverse("evaluation:indicator", args=[commons.slug, "no_such_metric"])).status_code == NF
    bad = clients["owner"].get(f"{url}?grain=decade")
    assert bad.status_code == 400 and "Select a valid choice" in bad.content.decode()


def test_one_metric_page_shows_how_it_is_counted_and_the_counts(commons, clients, teams, personas):
    own, _other = teams
    url = reverse("evaluation:indicator", args=[commons.slug, keys.CONTINUITY])
    page = clients["owner"].get(f"{url}?whose=team:{own.uuid}&grain=quarter").content.decode()
    assert "How it is counted" in page and "Visits by people they knew" in page
    assert 'role="img"' in page and "<title" in page and "<desc" in page
    value = selectors.values_for(commons, keys.CONTINUITY, scope="team", team=own, periods="quarter")[-1]
    assert f"<td>{int(value.denominator)}</td>" in page and "quarter" in page


def test_count_again_is_for_organisers_and_audited(commons, clients, personas, teams, django_capture_on_commit_callbacks):
    url = reverse("evaluation:indicators_refresh", args=[commons.slug])
    before = Refresh.objects.count()
    for role in ("anonymous", "outsider", "member", "owner", "proxy"):
        response = clients[role].post(url)
        assert response.status_code in (REDIR, NF)
        if role != "anonymous":
            assert response.status_code == NF
    assert Refresh.objects.count() == before
    assert clients["organiser"].get(url).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = clients["organiser"].post(url)
    assert response.status_code == REDIR and response["Location"] == reverse("evaluation:indicators", args=[commons.slug])
    refresh = Refresh.objects.latest("created")
    assert refresh.status == Refresh.Status.DONE and refresh.values_written == IndicatorValue.objects.filter(commons=commons).count()
    assert refresh.requested_by == personas.user("organiser")
    actions = set(AuditEvent.objects.filter(commons=commons, object_id=str(refresh.uuid)).values_list("action", flat=True))
    assert actions == {"evaluation.indicators.request", "evaluation.indicators.refresh"}
    page = clients["member"].get(reverse("evaluation:indicators", args=[commons.slug])).content.decode()
    assert "Last counted on" in page and "Count again now" not in page
    assert "Count again now" in clients["organiser"].get(reverse("evaluation:indicators", args=[commons.slug])).content.decode()


def test_refresh_replaces_every_value_in_one_go(commons, teams):
    first = set(IndicatorValue.objects.filter(commons=commons).values_list("pk", flat=True))
    refresh = indicators_refresh(commons=commons)
    second = set(IndicatorValue.objects.filter(commons=commons).values_list("pk", flat=True))
    assert len(second) == len(first) == refresh.values_written and not first & second
    assert refresh.seconds is not None and refresh.status == Refresh.Status.DONE
    assert AuditEvent.objects.filter(action="evaluation.indicators.refresh", object_id=str(refresh.uuid)).exists()


def test_the_command_refreshes_one_commons_or_all(commons, other_commons, teams):
    from io import StringIO

    out = StringIO()
    call_command("evaluation_refresh", "--commons", commons.slug, stdout=out)
    assert commons.slug in out.getvalue() and other_commons.slug not in out.getvalue()
    out = StringIO()
    call_command("evaluation_refresh", stdout=out)
    assert commons.slug in out.getvalue() and other_commons.slug in out.getvalue()


def test_latest_values_for_framework_indicators(commons, teams):
    framework = make_framework(commons)
    domain = OutcomeDomain.objects.create(framework=framework, name="Relationships")
    outcome = Outcome.objects.create(domain=domain, name="People know who comes")
    metric = Indicator.objects.create(outcome=outcome, name="Continuity", method=Method.METRIC, measure_key=keys.CONTINUITY)
    ties = Indicator.objects.create(outcome=outcome, name="Ties", method=Method.METRIC, measure_key=keys.ACTIVE_TIES)
    survey = Indicator.objects.create(outcome=outcome, name="Well-being", method=Method.SURVEY, instrument_key=keys.SWEMWBS,
                                      measure_key="metric")
    talk = Indicator.objects.create(outcome=outcome, name="Stories", method=Method.INTERVIEWS)
    found = selectors.latest_values(commons, [metric, ties, survey, talk])
    latest = [v for v in selectors.values_for(commons, keys.CONTINUITY, periods="month") if v.value is not None][-1]
    assert found[metric.pk].value_text == f"{round(latest.value)}%" and found[metric.pk].url.endswith(f"/figures/{keys.CONTINUITY}/")
    assert found[metric.pk].period_label
    assert found[ties.pk].value_text == "No figure yet"  # no team on the map
    assert found[survey.pk].value_text == "No figure yet"
    assert found[talk.pk] is None
    assert selectors.metric_definition(keys.COVER_RATE).unit == "percent"
    with pytest.raises(LookupError):
        selectors.metric_definition("nothing")
    months = selectors.values_for(commons, keys.CONTINUITY, periods="month")
    assert months and all(v.period_start.day == 1 and v.period_end.month == v.period_start.month for v in months)
    years = selectors.values_for(commons, keys.CONTINUITY, periods="year")
    assert years and all(v.period_end == datetime.date(v.period_start.year, 12, 31) for v in years)
    own = selectors.values_for(commons, keys.CONTINUITY, scope="team", team=teams[0],
                               periods=[(months[-1].period_start, months[-1].period_end)])
    assert len(own) == 1 and own[0].team_id == teams[0].pk


def test_figures_pages_run_a_constant_number_of_queries(commons, clients, personas):
    n = [0]

    def grow():
        n[0] += 1
        _team(commons, PersonFactory(name=f"Owner {n[0]}"), f"Team {n[0]}", visits=3)
        indicators_refresh(commons=commons)

    assert_queries_constant(clients["organiser"], reverse("evaluation:indicators", args=[commons.slug]), grow)
    assert_queries_constant(clients["organiser"], reverse("evaluation:indicator", args=[commons.slug, keys.COVER_RATE]), grow)
    assert_queries_constant(clients["member"], reverse("evaluation:home", args=[commons.slug]), grow)
