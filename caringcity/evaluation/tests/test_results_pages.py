"""The Results pages: who sees what and when (role matrices over time), sharing by POST, the
social climate profiles per team with the small-group rule on the page, change from the round it
follows, the landing page's "Results shared with you", and constant queries."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from caringcity.core.testing import assert_matrix, assert_queries_constant
from caringcity.evaluation import keys
from caringcity.core.models import OutboundEmail
from caringcity.evaluation.models import Factor, OwnInstrument, OwnItem, SurveyRound
from caringcity.evaluation.tests.factories import answered, make_round, shared
from caringcity.people.tests.factories import PersonFactory
from caringcity.teams.models import Team

pytestmark = pytest.mark.django_db

ALL_MEMBERS = {"anonymous": 302, "outsider": 404, "member": 200, "owner": 200, "proxy": 200, "organiser": 200, "admin": 200}


def _social_climate(commons):
    own = OwnInstrument.objects.create(commons=commons, name="Social climate", locked=True)
    unity = Factor.objects.create(instrument=own, key="unity", name="Group unity and cohesion", order=1)
    OwnItem.objects.create(instrument=own, key="q1", text="We pull together.", factor=unity, order=1)
    return own


@pytest.fixture
def world(commons, personas):
    """A closed round of SWEMWBS and the social climate survey: the member and the owner answered
    with three others in "Five's team", and four other people in "Four's team"."""
    own = _social_climate(commons)
    survey_round = make_round(commons, name="Autumn round", instruments=[keys.SWEMWBS, own.key], status="closed")
    four = Team.objects.create(commons=commons, owner=PersonFactory(), name="Four's team")
    five = Team.objects.create(commons=commons, owner=PersonFactory(), name="Five's team")
    for role in ("member", "owner"):
        answered(survey_round, personas[role].person, teams=[five],
                 scores={(keys.SWEMWBS, "metric"): 21.54, (own.key, "factor-unity"): 4})
    for _ in range(3):
        answered(survey_round, teams=[five], scores={(keys.SWEMWBS, "metric"): 21.54, (own.key, "factor-unity"): 4})
    for _ in range(4):
        answered(survey_round, teams=[four], scores={(keys.SWEMWBS, "metric"): 21.54, (own.key, "factor-unity"): 1.75})
    return {"round": survey_round, "own": own, "four": four, "five": five}


def _url(name, commons, *args):
    return reverse(f"evaluation:{name}", args=[commons.slug, *args])


def test_the_results_list_is_for_members(clients, commons):
    assert_matrix(clients, _url("results", commons), ALL_MEMBERS)


def test_before_sharing_only_organisers_reach_the_round_and_see_how_many_answered_not_the_figures(clients, commons, world):
    url = _url("round_results", commons, world["round"].uuid)
    assert_matrix(clients, url, {**ALL_MEMBERS, "member": 404, "owner": 404, "proxy": 404})
    page = clients["organiser"].get(url).content.decode()
    assert "9 people answered" in page and "21.5" not in page
    assert "Share the results with the people who answered" in page


def test_during_the_first_look_the_people_who_answered_see_figures_and_organisers_see_counts(clients, commons, world):
    shared(world["round"], days_ago=1)
    url = _url("round_results", commons, world["round"].uuid)
    assert_matrix(clients, url, {**ALL_MEMBERS, "proxy": 404})
    member_page = clients["member"].get(url).content.decode()
    assert "21.5" in member_page and "You answered, so you see these results before everyone else." in member_page
    organiser_page = clients["organiser"].get(url).content.decode()
    assert "21.5" not in organiser_page and "9 people answered" in organiser_page
    everyone = timezone.localtime(world["round"].results_to_respondents + datetime.timedelta(days=7))
    assert f"You see the results on {everyone.day} " in organiser_page
    assert "Share the results" not in organiser_page  # already shared


def test_after_the_first_look_everyone_in_the_commons_sees_them(clients, commons, world):
    shared(world["round"], days_ago=8)
    url = _url("round_results", commons, world["round"].uuid)
    assert_matrix(clients, url, ALL_MEMBERS)
    page = clients["proxy"].get(url).content.decode()
    assert "21.5" in page and 'role="img"' in page and "<title" in page and "<desc" in page


def test_a_team_of_four_sees_no_breakdown_on_the_page_and_a_team_of_five_does(clients, commons, world):
    shared(world["round"], days_ago=8)
    response = clients["organiser"].get(_url("round_results", commons, world["round"].uuid))
    page = response.content.decode()
    teams = dict(((group.group.name, profiles) for group, profiles in response.context["teams"]))
    (_i, four_block), = teams["Four's team"]
    (_i, five_block), = teams["Five's team"]
    assert four_block.svg == "" and four_block.rows == [] and four_block.too_few == ["Group unity and cohesion"]
    assert five_block.svg and five_block.rows == [("Group unity and cohesion", 5, "4", "1 to 5")]
    assert "1.8" not in page and "1.75" not in page  # the team of four's figure is nowhere
    assert "Too few answers to show (fewer than 5), to keep people anonymous" in page


def test_a_member_sees_only_the_profiles_of_teams_they_may_see(clients, commons, world):
    shared(world["round"], days_ago=8)
    response = clients["member"].get(_url("round_results", commons, world["round"].uuid))
    assert response.context["teams"] == []
    assert "Five&#x27;s team" not in response.content.decode() and "Five's team" not in response.content.decode()


def test_share_by_post_only_for_organisers_and_a_denied_post_changes_nothing(clients, commons, world):
    url = _url("round_results_share", commons, world["round"].uuid)
    denied = {**ALL_MEMBERS, "member": 404, "owner": 404, "proxy": 404, "organiser": 302, "admin": 302}
    for role in ("anonymous", "outsider", "member", "owner", "proxy"):
        response = clients[role].post(url, {"first_look_days": 7})
        assert response.status_code == denied[role], role
    world["round"].refresh_from_db()
    assert world["round"].results_to_respondents is None and not OutboundEmail.objects.exists()
    assert clients["organiser"].get(url).status_code == 200
    response = clients["organiser"].post(url, {"first_look_days": 3})
    assert response.status_code == 302 and response["Location"] == _url("round_results", commons, world["round"].uuid)
    world["round"].refresh_from_db()
    assert world["round"].results_to_respondents is not None and world["round"].first_look_days == 3
    assert OutboundEmail.objects.count() == 2
    # shared once: a second post goes back to the page and changes nothing
    again = world["round"].results_to_respondents
    assert clients["admin"].post(url, {"first_look_days": 9}).status_code == 302
    world["round"].refresh_from_db()
    assert world["round"].results_to_respondents == again and world["round"].first_look_days == 3


def test_share_form_says_what_to_fix_and_an_open_round_is_refused(clients, commons, world):
    url = _url("round_results_share", commons, world["round"].uuid)
    response = clients["organiser"].post(url, {"first_look_days": "lots"})
    assert response.status_code == 400 and b"Enter a whole number" in response.content
    SurveyRound.objects.filter(pk=world["round"].pk).update(status="open")
    response = clients["organiser"].post(url, {"first_look_days": 7})
    assert response.status_code == 400 and b"Close the round first" in response.content
    world["round"].refresh_from_db()
    assert world["round"].results_to_respondents is None


def test_bad_or_foreign_round_ids_answer_404(clients, commons, other_commons, world):
    foreign = make_round(other_commons, status="closed")
    shared(foreign, days_ago=30)
    assert clients["admin"].get(_url("round_results", commons, foreign.uuid)).status_code == 404
    assert clients["admin"].get(f"/c/{commons.slug}/evaluation/results/not-a-uuid/").status_code == 404
    draft = make_round(commons, name="Draft")
    assert clients["organiser"].get(_url("round_results", commons, draft.uuid)).status_code == 404


def test_change_from_the_round_it_follows_shows_both_rounds_side_by_side(clients, commons, world):
    shared(world["round"], days_ago=40)
    follow_up = make_round(commons, name="Spring round", kind="follow_up", follows=world["round"],
                           instruments=[keys.SWEMWBS], status="closed")
    for value in (24, 25, 26, 27, 28):
        answered(follow_up, scores={(keys.SWEMWBS, "metric"): value})
    shared(follow_up, days_ago=8)
    response = clients["proxy"].get(_url("round_results", commons, follow_up.uuid))
    page = response.content.decode()
    row = next(r for r in response.context["change"].rows if r.measure_key == "metric")
    assert (row.before.n, row.after.n, row.after.mean) == (9, 5, 26)
    assert "What changed since Autumn round" in page and "They may not be the same people" in page
    assert "+4.5" in page  # 26 - 21.54


def test_the_list_and_the_landing_page_show_results_shared_with_you(clients, commons, world):
    shared(world["round"], days_ago=1)
    home = clients["member"].get(reverse("evaluation:home", args=[commons.slug])).content.decode()
    assert "Results shared with you" in home and "Autumn round" in home and "you see these first" in home
    assert "Results shared with you" not in clients["proxy"].get(reverse("evaluation:home", args=[commons.slug])).content.decode()
    listing = clients["organiser"].get(_url("results", commons))
    assert [r for r, _everyone in listing.context["waiting"]] == [world["round"]]
    assert listing.context["waiting"][0][0].answered == 9
    assert [r for r, _e, _first in clients["member"].get(_url("results", commons)).context["rows"]] == [world["round"]]


def test_pages_take_the_same_queries_however_much_there_is(clients, commons, personas, world):
    shared(world["round"], days_ago=8)
    counter = {"n": 0}

    def grow():
        counter["n"] += 1
        team = Team.objects.create(commons=commons, owner=PersonFactory(), name=f"Team {counter['n']}")
        for _ in range(5):
            answered(world["round"], teams=[team], scores={(keys.SWEMWBS, "metric"): 20, (world["own"].key, "factor-unity"): 3})
        extra = make_round(commons, name=f"Round {counter['n']}", instruments=[keys.SWEMWBS], status="closed")
        answered(extra, personas["member"].person, scores={(keys.SWEMWBS, "metric"): 20})
        shared(extra, days_ago=counter["n"])

    client = clients["organiser"]
    assert_queries_constant(client, _url("round_results", commons, world["round"].uuid), grow)
    assert_queries_constant(client, _url("results", commons), grow)
    assert_queries_constant(clients["member"], reverse("evaluation:home", args=[commons.slug]), grow)


def test_a_closed_rounds_page_offers_organisers_the_share_button_then_the_dates(clients, commons, world):
    url = reverse("evaluation:survey_round", args=[commons.slug, world["round"].uuid])
    share = _url("round_results_share", commons, world["round"].uuid)
    page = clients["organiser"].get(url).content.decode()
    assert share in page and "Not shared yet" in page
    shared(world["round"], days_ago=1)
    page = clients["organiser"].get(url).content.decode()
    assert share not in page and "Everyone in the commons sees them from" in page
    open_round = make_round(commons, name="Still open", status="open")
    assert "Share the results" not in clients["organiser"].get(
        reverse("evaluation:survey_round", args=[commons.slug, open_round.uuid])).content.decode()
