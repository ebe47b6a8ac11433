"""The rota: planning (one-off and repeating, across the clock changes), changing a series from
today on, joining and declining, cover, swaps, clashes, and who may do what."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from caringcity.core.models import OutboundEmail
from caringcity.core.testing import assert_matrix, assert_queries_constant
from caringcity.teams import services as team_services
from caringcity.teams.models import HatKind, MemberKind
from caringcity.teams.tests.factories import add_member, make_team
from caringcity.visits import recurrence
from caringcity.visits.models import Frequency, Series, Signup, SignupStatus, Visit, VisitStatus
from caringcity.visits.selectors import rota as selectors
from caringcity.visits.services import rota as services
from caringcity.visits.tests.factories import give_hat, make_visit

LONDON = ZoneInfo("Europe/London")


def plan(**overrides):
    data = {"title": "Morning help", "purpose": "companionship", "place": "home", "place_detail": "", "paid": False,
            "people_needed": 1, "start_date": timezone.localdate() + timedelta(days=1), "start_time": time(9, 0),
            "duration_minutes": 60, "frequency": Frequency.ONCE, "interval": 1, "weekdays": [], "until": None, "count": None}
    data.update(overrides)
    return data


@pytest.fixture
def team(personas, commons):
    team = make_team(personas, commons)
    add_member(team, personas, personas["member"], kind=MemberKind.FRIEND)
    return team


# --- recurrence ------------------------------------------------------------------------------

def test_weekly_visit_keeps_its_local_time_across_both_clock_changes():
    days = recurrence.dates(Frequency.WEEKLY, start_date=date(2027, 3, 22), weekdays=[0], until=date(2027, 11, 8))
    starts = [recurrence.local_instant(d, time(9, 0)) for d in days]
    assert all(s.astimezone(LONDON).hour == 9 for s in starts)
    by_day = {d: s.astimezone(ZoneInfo("UTC")).hour for d, s in zip(days, starts)}
    assert by_day[date(2027, 3, 22)] == 9  # GMT before the last Sunday of March
    assert by_day[date(2027, 3, 29)] == 8  # BST after it
    assert by_day[date(2027, 10, 25)] == 8
    assert by_day[date(2027, 11, 1)] == 9  # GMT again after the last Sunday of October


def test_recurrence_kinds():
    start = date(2027, 1, 4)  # a Monday
    assert len(recurrence.dates(Frequency.DAILY, start_date=start, count=10)) == 10
    weekly = recurrence.dates(Frequency.WEEKLY, start_date=start, weekdays=[0, 3], until=date(2027, 1, 31))
    assert [d.weekday() for d in weekly[:4]] == [0, 3, 0, 3] and len(weekly) == 8
    fortnightly = recurrence.dates(Frequency.WEEKLY, start_date=start, interval=2, count=3)
    assert fortnightly == [date(2027, 1, 4), date(2027, 1, 18), date(2027, 2, 1)]
    monthly = recurrence.dates(Frequency.MONTHLY, start_date=date(2027, 1, 15), count=3)
    assert monthly == [date(2027, 1, 15), date(2027, 2, 15), date(2027, 3, 15)]


def test_a_runaway_rule_is_capped():
    days = recurrence.dates(Frequency.DAILY, start_date=date(2027, 1, 1), until=date(2035, 1, 1))
    assert len(days) <= recurrence.MAX_COUNT


# --- planning --------------------------------------------------------------------------------

def test_plan_a_weekly_series(personas, team):
    start = timezone.localdate() + timedelta(days=1)
    series, visits = services.rota_plan(actor=personas.user("owner"), team=team, data=plan(
        frequency=Frequency.WEEKLY, weekdays=[start.weekday()], count=6))
    assert len(visits) == 6 and series.visits.count() == 6
    assert all(timezone.localtime(v.starts).time() == time(9, 0) for v in series.visits.all())


@pytest.mark.parametrize("bad, field", [
    ({"frequency": Frequency.DAILY}, "until"),
    ({"frequency": Frequency.WEEKLY, "until": date(2000, 1, 1)}, "until"),
    ({"duration_minutes": 0}, "duration_minutes"),
    ({"people_needed": 9}, "people_needed"),
    ({"frequency": Frequency.DAILY, "count": 5000}, "count"),
])
def test_bad_plans_are_refused_and_nothing_is_saved(personas, team, bad, field):
    with pytest.raises(ValidationError) as error:
        services.rota_plan(actor=personas.user("owner"), team=team, data=plan(**bad))
    assert field in error.value.message_dict
    assert not Visit.objects.exists() and not Series.objects.exists()


def test_plan_form_keeps_what_was_typed_and_names_the_field(clients, personas, team, commons):
    url = reverse("visits:rota_plan", args=[commons.slug, team.uuid])
    response = clients["owner"].post(url, {"title": "Tea and a chat", "purpose": "companionship", "place": "home",
                                           "people_needed": 1, "start_date": (timezone.localdate() + timedelta(days=2)).isoformat(),
                                           "start_time": "10:00", "duration_minutes": 60, "frequency": "daily"})
    assert response.status_code == 400
    assert "A rota with no end would go on for ever" in response.content.decode()
    assert 'value="Tea and a chat"' in response.content.decode()
    assert not Visit.objects.exists()


def test_changing_a_series_affects_future_visits_only(personas, team):
    owner = personas.user("owner")
    start = timezone.localdate() - timedelta(days=14)
    series, _ = services.rota_plan(actor=owner, team=team, data=plan(
        start_date=start, frequency=Frequency.DAILY, count=30))
    past = series.visits.filter(starts__lt=timezone.now())
    past_before = list(past.values_list("pk", "starts"))
    future_visit = series.visits.filter(starts__gt=timezone.now()).first()
    services.visit_join(actor=personas.user("member"), visit=future_visit)
    services.series_change(actor=owner, series=series, data={"start_time": time(14, 30), "title": "Afternoon help"})
    assert list(past.values_list("pk", "starts")) == past_before
    future_visit.refresh_from_db()
    assert timezone.localtime(future_visit.starts).time() == time(14, 30)
    assert future_visit.title == "Afternoon help" and future_visit.sequence >= 1
    assert future_visit.signups.filter(status=SignupStatus.JOINED).count() == 1  # people stay on


def test_changing_days_cancels_visits_the_series_no_longer_has(personas, team):
    owner = personas.user("owner")
    monday = selectors.week_start(timezone.localdate()) + timedelta(days=7)
    series, visits = services.rota_plan(actor=owner, team=team, data=plan(
        start_date=monday, frequency=Frequency.WEEKLY, weekdays=[0, 2], count=6))
    services.series_change(actor=owner, series=series, data={"weekdays": [0]})
    wednesdays = series.visits.filter(occurrence__week_day=4)
    assert wednesdays.exists() and all(v.status == VisitStatus.CANCELLED for v in wednesdays)


def test_end_a_series(personas, team):
    series, _ = services.rota_plan(actor=personas.user("owner"), team=team, data=plan(frequency=Frequency.DAILY, count=5))
    services.series_end(actor=personas.user("owner"), series=series, reason="Moving to a new rota")
    assert not series.visits.filter(status=VisitStatus.PLANNED).exists()


# --- joining, declining, cover, swaps --------------------------------------------------------

def test_join_and_decline_keep_the_count(personas, team):
    visit = make_visit(team, people_needed=2)
    member = personas.user("member")
    services.visit_join(actor=member, visit=visit)
    visit.refresh_from_db()
    assert visit.joined_count == 1 and visit.gap == 1
    with pytest.raises(ValidationError):
        services.visit_join(actor=member, visit=visit)
    services.visit_decline(actor=member, visit=visit, note="Sorry")
    visit.refresh_from_db()
    assert visit.joined_count == 0


def test_a_full_visit_refuses_more_people(personas, team):
    visit = make_visit(team, joined=[personas["proxy"].person])
    with pytest.raises(ValidationError, match="everyone it needs"):
        services.visit_join(actor=personas.user("member"), visit=visit)
    assert not Signup.objects.filter(visit=visit, person=personas["member"].person).exists()


def test_someone_outside_the_team_cannot_join(personas, team):
    visit = make_visit(team)
    with pytest.raises(ValidationError):
        services.visit_join(actor=personas.user("admin"), visit=visit)
    visit.refresh_from_db()
    assert visit.joined_count == 0


def test_past_and_cancelled_visits_take_no_answers(personas, team):
    past = make_visit(team, starts=timezone.now() - timedelta(hours=3))
    with pytest.raises(ValidationError, match="already started"):
        services.visit_join(actor=personas.user("member"), visit=past)
    future = make_visit(team)
    services.visit_cancel(actor=personas.user("owner"), visit=future, reason="Arthur is away")
    with pytest.raises(ValidationError, match="cancelled"):
        services.visit_join(actor=personas.user("member"), visit=future)


def test_rota_holder_asks_and_swaps(personas, team, commons):
    rosa = personas["member"].person
    paper = personas["admin"].person  # a second team member
    add_member(team, personas, personas["admin"], kind=MemberKind.VOLUNTEER)
    give_hat(team, rosa, HatKind.ROTA_HOLDER)
    visit = make_visit(team, joined=[paper])
    services.visit_ask(actor=personas.user("member"), visit=visit, person=rosa)
    assert Signup.objects.get(visit=visit, person=rosa).status == SignupStatus.ASKED
    services.visit_swap(actor=personas.user("member"), visit=visit, out_person=paper, in_person=rosa)
    assert Signup.objects.get(visit=visit, person=paper).status == SignupStatus.SWAPPED
    assert Signup.objects.get(visit=visit, person=rosa).status == SignupStatus.JOINED
    visit.refresh_from_db()
    assert visit.joined_count == 1


def test_clashes_warn_but_do_not_block(personas, team, commons):
    rosa = personas["member"].person
    starts = (timezone.now() + timedelta(days=2)).replace(minute=0, second=0, microsecond=0)
    other_team = team_services.team_create(actor=personas.user("organiser"), commons=commons, owner=personas["paper"].person)
    invite = team_services.member_invite(actor=personas.user("organiser"), team=other_team, person=rosa, kind=MemberKind.FRIEND)
    team_services.member_accept(actor=personas.user("member"), member=invite)
    make_visit(other_team, starts=starts, joined=[rosa])
    visit = make_visit(team, starts=starts + timedelta(minutes=30))
    services.time_away_add(actor=personas.user("member"), commons=commons, person=rosa,
                           first_day=timezone.localdate(), last_day=timezone.localdate() + timedelta(days=5))
    warnings = services.visit_join(actor=personas.user("member"), visit=visit)
    assert len(warnings) == 2
    assert Signup.objects.filter(visit=visit, person=rosa, status=SignupStatus.JOINED).exists()


def test_outside_free_times_warns(personas, team, commons):
    rosa = personas["member"].person
    visit = make_visit(team)
    day = recurrence.local_date(visit.starts).weekday()
    services.availability_set(actor=personas.user("member"), commons=commons, person=rosa,
                              rows=[((day + 1) % 7, time(9), time(12))])
    assert "outside the times" in selectors.clashes(rosa, visit)[0]


def test_leaving_the_team_frees_future_visits(personas, team):
    visit = make_visit(team, joined=[personas["member"].person])
    member = team.members.get(person=personas["member"].person)
    team_services.member_leave(actor=personas.user("member"), member=member, notice_days=0)
    visit.refresh_from_db()
    assert visit.joined_count == 0 and visit.gap == 1


def test_emails_carry_no_care_details(personas, team, settings):
    visit = make_visit(team, title="Insulin and dressing", joined=[personas["member"].person])
    services.visit_cancel(actor=personas.user("owner"), visit=visit, reason="Hospital appointment")
    message = OutboundEmail.objects.filter(subject__icontains="cancelled").get()
    assert "Insulin" not in message.body_text and "Hospital" not in message.body_text
    assert team.owner.name not in message.body_text and "Olive" not in message.body_text


# --- who may do what -------------------------------------------------------------------------

def test_role_matrix_for_rota_pages(clients, personas, team, commons):
    visit = make_visit(team)
    rota = reverse("visits:team_rota", args=[commons.slug, team.uuid])
    detail = reverse("visits:visit_detail", args=[commons.slug, team.uuid, visit.uuid])
    planning = reverse("visits:rota_plan", args=[commons.slug, team.uuid])
    seen = {"anonymous": 302, "outsider": 404, "member": 200, "owner": 200, "proxy": 200, "organiser": 200, "admin": 200}
    assert_matrix(clients, rota, seen)
    assert_matrix(clients, detail, seen)
    assert_matrix(clients, planning, {**seen, "member": 404, "organiser": 404, "admin": 404})


def test_only_rota_planners_can_cancel(clients, personas, team, commons):
    visit = make_visit(team)
    url = reverse("visits:visit_action", args=[commons.slug, team.uuid, visit.uuid, "cancel"])
    for role in ["member", "organiser", "outsider"]:
        assert clients[role].post(url, {"reason": "No"}).status_code == 404
    visit.refresh_from_db()
    assert visit.status == VisitStatus.PLANNED
    give_hat(team, personas["member"].person, HatKind.ROTA_HOLDER)
    assert clients["member"].post(url, {"reason": "Snow"}).status_code == 302
    visit.refresh_from_db()
    assert visit.status == VisitStatus.CANCELLED


def test_join_through_the_page(clients, personas, team, commons):
    visit = make_visit(team)
    url = reverse("visits:visit_action", args=[commons.slug, team.uuid, visit.uuid, "join"])
    assert clients["organiser"].post(url).status_code == 404  # organisers are not team members
    assert clients["member"].post(url).status_code == 302
    visit.refresh_from_db()
    assert visit.joined_count == 1


def test_ex_member_sees_nothing(clients, personas, team, commons):
    visit = make_visit(team)
    member = team.members.get(person=personas["member"].person)
    team_services.member_leave(actor=personas.user("member"), member=member, notice_days=0)
    assert clients["member"].get(reverse("visits:team_rota", args=[commons.slug, team.uuid])).status_code == 404
    assert clients["member"].get(reverse("visits:visit_detail", args=[commons.slug, team.uuid, visit.uuid])).status_code == 404
    assert visit.label not in clients["member"].get(reverse("visits:cover_needed", args=[commons.slug])).content.decode()


def test_cover_needed_shows_gaps_in_my_teams_only(clients, personas, team, commons, other_commons):
    gap = make_visit(team, title="Needs someone")
    make_visit(team, title="All covered", joined=[personas["member"].person])
    page = clients["member"].get(reverse("visits:cover_needed", args=[commons.slug])).content.decode()
    assert "Needs someone" in page and "All covered" not in page
    assert clients["outsider"].get(reverse("visits:cover_needed", args=[commons.slug])).status_code == 404
    assert gap.gap == 1


def test_bad_week_is_this_week(clients, team, commons):
    url = reverse("visits:team_rota", args=[commons.slug, team.uuid])
    for week in ["nonsense", "99999-01-01", "1200-01-01", "2027-02-30"]:
        assert clients["owner"].get(url, {"week": week}).status_code == 200


def test_unknown_action_is_404(clients, team, commons):
    visit = make_visit(team)
    assert clients["owner"].get(reverse("visits:visit_action", args=[commons.slug, team.uuid, visit.uuid, "explode"])).status_code == 404


# --- queries stay constant -------------------------------------------------------------------

def test_rota_pages_keep_a_constant_number_of_queries(clients, personas, team, commons):
    rosa = personas["member"].person
    monday = selectors.week_start(timezone.localdate())

    def grow(n=4):
        for i in range(n):
            make_visit(team, starts=recurrence.local_instant(monday + timedelta(days=i % 7), time(8 + i % 10)), joined=[rosa] if i % 2 else [])

    assert_queries_constant(clients["member"], reverse("visits:team_rota", args=[commons.slug, team.uuid]) + f"?week={monday}", grow)
    assert_queries_constant(clients["member"], reverse("visits:my_visits", args=[commons.slug]) + f"?week={monday}", grow)
    assert_queries_constant(clients["member"], reverse("visits:cover_needed", args=[commons.slug]), grow)
    assert_queries_constant(clients["member"], reverse("teams:team_detail", args=[commons.slug, team.uuid]), grow)


def test_a_series_says_how_often_in_words(personas, team):
    start = date(2027, 1, 4)
    weekly = Series(team=team, start_date=start, start_time=time(9), frequency=Frequency.WEEKLY, weekdays="1,3")
    assert weekly.describe == "Every week on Tuesday, Thursday"
    weekly.interval = 2
    assert weekly.describe == "Every 2 weeks on Tuesday, Thursday"
    assert Series(team=team, start_date=start, start_time=time(9), frequency=Frequency.DAILY).describe == "Every day"
    assert Series(team=team, start_date=date(2027, 1, 15), start_time=time(9), frequency=Frequency.MONTHLY).describe == "Every month on day 15"
