"""Self-service matching, call-outs and the match outcomes report: ranking and its reasons, hard
filters, who is never offered, invitations from a match, the role matrix, anonymous call-outs,
report numbers, and forms that keep what was typed (JavaScript off)."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from caringcity.core.geo import distance_km
from caringcity.core.models import PostcodeCentroid
from caringcity.core.testing import assert_matrix, assert_queries_constant, count_queries
from caringcity.people.models import GettingSupportProfile, GivingSupportProfile, Membership
from caringcity.people.tests.factories import MembershipFactory, PersonFactory, member_with_login
from caringcity.teams import matching, selectors, services
from caringcity.teams.models import MatchRequest, MemberKind, MemberStatus, Stage, TeamMember

pytestmark = pytest.mark.django_db
OK, REDIR, NF = 200, 302, 404
LOGIN = {"anonymous": REDIR}

# Where support happens, and places at known distances from it.
HOME = ("E5 8AA", 51.5590, -0.0530)
PLACES = {
    "E5 0AB": (51.5635, -0.0530),   # ~0.5 km north
    "E5 0CD": (51.5770, -0.0530),   # ~2.0 km north
    "N16 0EF": (51.5968, -0.0530),  # ~4.2 km north
}
ALL_SLOTS = ["mon-am", "tue-am", "wed-am", "thu-am"]


def km(postcode):
    return distance_km(HOME[1:], PLACES[postcode])


@pytest.fixture
def centroids(db):
    PostcodeCentroid.objects.create(postcode=HOME[0], latitude=HOME[1], longitude=HOME[2])
    for code, (lat, lon) in PLACES.items():
        PostcodeCentroid.objects.create(postcode=code, latitude=lat, longitude=lon)


@pytest.fixture
def team(personas, commons):
    return services.team_create(actor=personas.user("organiser"), commons=commons, owner=personas["owner"].person)


def worker(commons, name, *, login=False, languages="English", **profile):
    if login:
        person = member_with_login(commons, name=name, languages=languages).person
    else:
        person = MembershipFactory(commons=commons, person=PersonFactory(name=name, languages=languages)).person
    defaults = {"area_km": Decimal("10"), "area_postcode": "E5 0AB", "availability": ALL_SLOTS}
    GivingSupportProfile.objects.create(commons=commons, person=person, **{**defaults, **profile})
    return person


def make_request(team, actor, **data):
    base = {"postcode": HOME[0], "max_km": Decimal("3"), "slots": ALL_SLOTS, "skills": "cooking, gardening",
            "languages": "Turkish", "paid": "volunteer", **{f"approach_{i}": 3 for i in range(1, 7)}}
    return services.match_request_save(actor=actor, team=team, data={**base, **data})


def url(name, *args):
    return reverse(f"teams:{name}", args=args)


def text_of(response):
    """The page without CSRF tokens (random letters could look like a postcode)."""
    return re.sub(r'value="[A-Za-z0-9]{32,}"', "", response.content.decode())


@pytest.fixture
def world(personas, commons, other_commons, team, centroids):
    """A hand-made set: two good matches in a known order, two hard-filtered people, and several
    people who must never be offered."""
    w = {}
    w["aylin"] = worker(commons, "Aylin Near", login=True, languages="English, Turkish", skills="Cooking, shopping",
                        area_postcode="E5 0AB", availability=["mon-am", "tue-am", "wed-am"],
                        **{f"approach_{i}": 3 for i in range(1, 7)})
    w["bella"] = worker(commons, "Bella Further", area_postcode="E5 0CD", availability=["mon-am"], skills="ironing",
                        **{f"approach_{i}": 5 for i in range(1, 7)})
    w["cara"] = worker(commons, "Cara Faraway", area_postcode="N16 0EF")
    w["dan"] = worker(commons, "Dan Selfemployed", independent=True, rate_pence=1500)
    w["eve"] = worker(commons, "Eve Alreadyin")
    TeamMember.objects.create(team=team, person=w["eve"], kind=MemberKind.VOLUNTEER, status=MemberStatus.ACTIVE)
    w["gil"] = worker(commons, "Gil Hidden", open_to_matching=False)
    w["finn"] = worker(other_commons, "Finn Elsewhere")
    w["lou"] = worker(commons, "Lou Leftcommons")
    Membership.objects.filter(person=w["lou"], commons=commons).update(status=Membership.Status.LEFT)
    w["request"] = make_request(team, personas.user("owner"))
    return w


# --- ranking ------------------------------------------------------------------------------------
def test_ranking_order_reasons_and_hard_filters(world):
    ranked, excluded = matching.rank(world["request"])
    assert [m.profile.person.uuid for m in ranked] == [world["aylin"].uuid, world["bella"].uuid]
    aylin, bella = ranked
    assert aylin.reasons == [
        "%.1f km from where support happens" % km("E5 0AB"),
        "free at 3 of 4 needed times (Monday morning, Tuesday morning, Wednesday morning)",
        "skills: cooking of 2",
        "speaks: turkish",
        "support approach 100% alike",
    ]
    assert "free at 1 of 4 needed times (Monday morning)" in bella.reasons
    assert "skills: none of 2" in bella.reasons
    assert "support approach 50% alike" in bella.reasons
    assert aylin.percent > bella.percent
    # The score is the weighted sum the page explains.
    distance_part = 1 - km("E5 0AB") / 3
    expected = 0.35 * 0.75 + 0.30 * (2 / 3) + 0.20 * distance_part + 0.15 * 1
    assert aylin.score == pytest.approx(expected)

    reasons = {m.profile.person.name: m.excluded for m in excluded}
    assert reasons == {
        "Cara Faraway": ["%.1f km away, further than 3.0 km" % km("N16 0EF")],
        "Dan Selfemployed": ["only volunteers were asked for"],
    }
    assert reasons["Cara Faraway"] == ["4.2 km away, further than 3.0 km"]


def test_never_offered_in_team_other_commons_hidden_or_gone(world):
    ranked, excluded = matching.rank(world["request"])
    offered = {m.profile.person.uuid for m in ranked + excluded}
    assert len(offered) == 4
    for key in ("eve", "gil", "finn", "lou"):
        assert world[key].uuid not in offered, key


def test_ranking_takes_two_queries(world):
    with count_queries() as ctx:
        matching.rank(world["request"])
    assert len(ctx.captured_queries) == 2


def test_match_page_shows_ranked_list_with_reasons_and_not_shown(clients, world, team, commons):
    response = clients["owner"].get(url("match", commons.slug, team.uuid))
    assert response.status_code == OK
    html = text_of(response)
    assert html.index("Aylin Near") < html.index("Bella Further")
    for reason in ["free at 3 of 4 needed times", "skills: cooking of 2", "speaks: turkish", "support approach 100% alike",
                   "km from where support happens"]:
        assert reason in html
    assert "Not shown, and why" in html
    plain = re.sub(r"<[^>]+>", "", html)
    assert "Cara Faraway: 4.2 km away, further than 3.0 km" in plain
    assert "Dan Selfemployed: only volunteers were asked for" in plain
    assert "How the ranking works" in html and "up to 35 points" in html
    for name in ["Eve Alreadyin", "Gil Hidden", "Finn Elsewhere", "Lou Leftcommons"]:
        assert name not in html
    assert html.count("Invite to the team") == 2


def test_match_page_query_count_is_constant(clients, world, team, commons):
    n = {"i": 0}

    def grow():
        for _ in range(5):
            n["i"] += 1
            worker(commons, f"Extra Worker {n['i']}", area_postcode="E5 0CD", skills="cooking")

    assert_queries_constant(clients["owner"], url("match", commons.slug, team.uuid), grow)


# --- invitations from a match --------------------------------------------------------------------
def test_invitation_from_a_match_is_pending_until_the_worker_accepts(clients, personas, world, team, commons):
    aylin_profile = GivingSupportProfile.objects.get(person=world["aylin"])
    response = clients["proxy"].post(url("match_invite", commons.slug, team.uuid, aylin_profile.uuid))
    assert response.status_code == REDIR
    member = TeamMember.objects.get(team=team, person=world["aylin"])
    assert (member.status, member.from_match, member.kind) == (MemberStatus.INVITED, True, MemberKind.VOLUNTEER)
    assert not selectors.standing(world["aylin"].user, team).can_view
    # Invited people are no longer offered.
    assert "Aylin Near" not in text_of(clients["owner"].get(url("match", commons.slug, team.uuid)))

    services.member_accept(actor=world["aylin"].user, member=member)
    member.refresh_from_db()
    assert member.status == MemberStatus.ACTIVE
    world["aylin"].user.__dict__.pop("_cc_team_standing", None)
    assert selectors.standing(world["aylin"].user, team).is_current_member


def test_self_employed_are_invited_as_such(clients, world, team, commons):
    world["request"].paid = ""
    world["request"].save()
    dan = GivingSupportProfile.objects.get(person=world["dan"])
    clients["owner"].post(url("match_invite", commons.slug, team.uuid, dan.uuid))
    assert TeamMember.objects.get(team=team, person=world["dan"]).kind == MemberKind.WORKER_SELF


def test_invite_refused_for_people_outside_the_team_and_for_strangers(clients, world, team, commons):
    from caringcity.core.testing import status_matrix

    aylin = GivingSupportProfile.objects.get(person=world["aylin"])
    before = TeamMember.objects.count()
    denied = {role: clients[role] for role in ("anonymous", "outsider", "member")}
    assert status_matrix(denied, url("match_invite", commons.slug, team.uuid, aylin.uuid), "post") == {
        "anonymous": REDIR, "outsider": NF, "member": NF}
    assert TeamMember.objects.count() == before
    # Each role of the owner's side (and organisers) may invite.
    for role in ("owner", "proxy", "organiser", "admin"):
        person = worker(commons, f"Invited by {role}", area_postcode="E5 0AB")
        profile = GivingSupportProfile.objects.get(person=person)
        assert clients[role].post(url("match_invite", commons.slug, team.uuid, profile.uuid)).status_code == REDIR
        assert TeamMember.objects.get(team=team, person=person).status == MemberStatus.INVITED
    # A profile of another commons, or someone already in the team, is not found.
    finn = GivingSupportProfile.objects.get(person=world["finn"])
    eve = GivingSupportProfile.objects.get(person=world["eve"])
    assert clients["owner"].post(url("match_invite", commons.slug, team.uuid, finn.uuid)).status_code == NF
    assert clients["owner"].post(url("match_invite", commons.slug, team.uuid, eve.uuid)).status_code == NF
    assert not TeamMember.objects.filter(person=world["finn"]).exists()
    # Only POST.
    assert clients["owner"].get(url("match_invite", commons.slug, team.uuid, aylin.uuid)).status_code == 405


def test_match_page_role_matrix(clients, personas, world, team, commons):
    page = url("match", commons.slug, team.uuid)
    assert_matrix(clients, page, {**LOGIN, "outsider": NF, "member": NF, "owner": OK, "proxy": OK, "organiser": OK, "admin": OK})
    # A team member who is not on the owner's side may not match; the Team Starter may.
    TeamMember.objects.create(team=team, person=personas["member"].person, kind=MemberKind.VOLUNTEER, status=MemberStatus.ACTIVE)
    assert clients["member"].get(page).status_code == NF
    TeamMember.objects.filter(team=team, person=personas["member"].person).update(kind=MemberKind.STARTER)
    assert clients["member"].get(page).status_code == OK
    # A denied POST changes nothing.
    before = MatchRequest.objects.filter(team=team).values_list("postcode", "updated")
    assert clients["outsider"].post(page, {"postcode": "N1 1AA", "max_km": "2"}).status_code == NF
    assert list(MatchRequest.objects.filter(team=team).values_list("postcode", "updated")) == list(before)


# --- the form ------------------------------------------------------------------------------------
def test_saving_a_request_then_closing_it(clients, team, commons, centroids):
    page = url("match", commons.slug, team.uuid)
    data = {"postcode": "e58aa", "max_km": "2.5", "slots": ["mon-am", "sat-eve"], "skills": "Cooking", "languages": "",
            "gender": "", "paid": "", "approach_1": "2", "approach_2": "", "approach_3": "", "approach_4": "",
            "approach_5": "", "approach_6": "5", "summary": "Shopping and a chat on Mondays.", "published": "on"}
    response = clients["owner"].post(page, data)
    assert response.status_code == REDIR
    request = selectors.current_match_request(team)
    assert (request.postcode, request.max_km, request.slots, request.approach_1, request.approach_2, request.approach_6,
            request.published) == ("E5 8AA", Decimal("2.5"), ["mon-am", "sat-eve"], 2, None, 5, True)
    # The saved request comes back into the form.
    html = clients["owner"].get(page).content.decode()
    assert 'value="sat-eve" id="id_slots_sat-eve" checked' in html
    assert re.search(r'name="approach_6" value="5"[^>]*checked', html)

    response = clients["owner"].post(page, {"action": "close"})
    assert response.status_code == REDIR
    request.refresh_from_db()
    assert request.closed and not request.published
    assert selectors.current_match_request(team) is None


def test_form_errors_keep_what_was_typed(clients, team, commons):
    page = url("match", commons.slug, team.uuid)
    data = {"postcode": "HELLO", "max_km": "4", "slots": ["tue-pm", "fri-night"], "skills": "gardening, cooking",
            "languages": "Bengali", "gender": "woman", "paid": "volunteer", "approach_3": "4",
            "summary": "Help in the garden.", "published": "on"}
    response = clients["owner"].post(page, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert re.search(r'id="id_postcode-error".*Enter a UK postcode', html)
    assert 'href="#id_postcode"' in html  # the error summary links to the field
    assert 'value="HELLO"' in html and 'value="gardening, cooking"' in html and 'value="Bengali"' in html
    assert 'value="tue-pm" id="id_slots_tue-pm" checked' in html and 'value="fri-night" id="id_slots_fri-night" checked' in html
    assert 'value="mon-am" id="id_slots_mon-am">' in html
    assert re.search(r'name="approach_3" value="4"[^>]*checked', html)
    assert re.search(r'name="paid" value="volunteer"[^>]*checked', html)
    assert "Help in the garden." in html
    assert not MatchRequest.objects.exists()

    # Publishing without a summary is refused next to the summary.
    response = clients["owner"].post(page, {**data, "postcode": "E5 8AA", "summary": ""})
    assert response.status_code == 400
    assert re.search(r'id="id_summary-error".*Write a short summary', response.content.decode())
    assert not MatchRequest.objects.exists()


def test_furthest_distance_is_checked_and_scales_are_in_words(clients, team, commons):
    page = url("match", commons.slug, team.uuid)
    response = clients["owner"].post(page, {"postcode": "E5 8AA", "max_km": "0"})
    assert response.status_code == 400
    assert re.search(r'id="id_max_km-error"', response.content.decode())
    assert not MatchRequest.objects.exists()
    html = clients["owner"].get(page).content.decode()
    assert "1 – Quiet and calm" in html and "5 – Chatty and lively" in html and "Does not matter" in html


def test_slot_grid_is_an_accessible_table(clients, team, commons):
    html = clients["owner"].get(url("match", commons.slug, team.uuid)).content.decode()
    assert '<th scope="col">Morning</th>' in html and '<th scope="row">Monday</th>' in html
    assert '<label for="id_slots_mon-am"><span class="visually-hidden">Monday morning</span></label>' in html
    assert html.count('name="slots"') == 28


# --- call-outs -----------------------------------------------------------------------------------
@pytest.fixture
def call_out(personas, team):
    team.key_needs = "Insulin at noon, every day."
    team.save()
    return make_request(team, personas.user("owner"), postcode="E5 9QX", summary="Shopping and a chat on Monday mornings.",
                        published=True, skills="shopping", languages="Turkish", slots=["mon-am", "wed-pm"])


def test_call_outs_show_only_the_summary_area_times_skills_and_languages(clients, personas, team, commons, call_out):
    for page in (url("call_out_list", commons.slug), url("call_out_detail", commons.slug, call_out.uuid)):
        response = clients["member"].get(page)
        assert response.status_code == OK
        html = text_of(response)
        assert "Shopping and a chat on Monday" in html
        assert "E5" in html and "Monday morning" in html and "Wednesday afternoon" in html
        assert "shopping" in html and "Turkish" in html
        for secret in ["9QX", "Olive", "Owner", team.name, "Insulin", str(team.uuid)]:
            assert secret not in html, (page, secret)


def test_call_out_pages_role_matrix(clients, commons, call_out):
    everyone = {**LOGIN, "outsider": NF, "member": OK, "owner": OK, "proxy": OK, "organiser": OK, "admin": OK}
    assert_matrix(clients, url("call_out_list", commons.slug), everyone)
    assert_matrix(clients, url("call_out_detail", commons.slug, call_out.uuid), everyone)


def test_closed_or_unpublished_call_outs_are_not_found(clients, personas, commons, call_out):
    page = url("call_out_detail", commons.slug, call_out.uuid)
    services.match_request_close(actor=personas.user("owner"), request=call_out)
    assert clients["member"].get(page).status_code == NF
    assert "Shopping and a chat" not in clients["member"].get(url("call_out_list", commons.slug)).content.decode()


def test_asking_to_join_from_a_call_out(clients, personas, team, commons, call_out):
    page = url("call_out_detail", commons.slug, call_out.uuid)
    response = clients["member"].post(page, {"kind": "volunteer", "message": "I live nearby and am free on Mondays."})
    assert response.status_code == REDIR
    member = TeamMember.objects.get(team=team, person=personas["member"].person)
    assert member.status == MemberStatus.REQUESTED and member.kind == MemberKind.VOLUNTEER

    # A second ask is refused with a message, and nothing new is written.
    response = clients["member"].post(page, {"kind": "volunteer"}, follow=True)
    assert "You have asked to join this team already" in response.content.decode()
    assert TeamMember.objects.filter(team=team, person=personas["member"].person).count() == 1
    assert "Ask to join</button>" not in clients["member"].get(page).content.decode()

    # The owner's side approves it.
    services.member_approve(actor=personas.user("owner"), member=member)
    member.refresh_from_db()
    assert member.status == MemberStatus.ACTIVE
    assert "You are already in this team" in clients["member"].get(page).content.decode()


def test_owner_and_people_already_in_are_told_so(clients, world, commons, call_out, team):
    page = url("call_out_detail", commons.slug, call_out.uuid)
    assert "This is the call-out of your own team" in clients["owner"].get(page).content.decode()
    assert clients["owner"].post(page, {"kind": "family"}).status_code == REDIR
    assert not TeamMember.objects.filter(team=team, person__name="Olive Owner").exists()


def test_ask_to_join_form_errors_keep_input(clients, commons, call_out):
    response = clients["member"].post(url("call_out_detail", commons.slug, call_out.uuid), {"message": "Hello there"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Hello there" in html and 'id="id_kind-error"' in html


# --- the match outcomes report ---------------------------------------------------------------------
def test_report_role_matrix(clients, commons):
    assert_matrix(clients, url("match_report", commons.slug),
                  {**LOGIN, "outsider": NF, "member": NF, "owner": NF, "proxy": NF, "organiser": OK, "admin": OK})


def test_report_numbers(clients, personas, commons, team):
    organiser = personas.user("organiser")
    GettingSupportProfile.objects.create(commons=commons, person=personas["owner"].person, age_band="80+", gender="Woman",
                                         ethnic_group="Turkish")
    TeamMember.objects.create(team=team, person=personas["member"].person, kind=MemberKind.FRIEND, status=MemberStatus.ACTIVE)
    second = MembershipFactory(commons=commons, person=PersonFactory(name="Waiting Walter")).person
    GettingSupportProfile.objects.create(commons=commons, person=second, age_band="80+", gender="Man")
    waiting_team = services.team_create(actor=organiser, commons=commons, owner=second, waiting=True)
    # Only a Team Starter in it: still waiting.
    TeamMember.objects.create(team=waiting_team, person=personas["admin"].person, kind=MemberKind.STARTER, status=MemberStatus.ACTIVE)
    third = MembershipFactory(commons=commons, person=PersonFactory(name="Nadia Noprofile")).person
    services.team_create(actor=organiser, commons=commons, owner=third)
    ended = services.team_create(actor=organiser, commons=commons,
                                 owner=MembershipFactory(commons=commons, person=PersonFactory(name="Ended Edna")).person)
    ended.stage = Stage.ENDED
    ended.save()

    response = clients["organiser"].get(url("match_report", commons.slug))
    assert response.status_code == OK
    dims = {d["key"]: {r["label"]: (r["owners"], r["with_team"], r["waiting"], r["share"]) for r in d["rows"]}
            for d in response.context["dimensions"]}
    assert dims["age_band"] == {"80 or over": (2, 1, 1, 50), "Not given": (1, 0, 1, 100)}
    assert dims["gender"] == {"Woman": (1, 1, 0, 0), "Man": (1, 0, 1, 100), "Not given": (1, 0, 1, 100)}
    assert dims["ethnic_group"] == {"Turkish": (1, 1, 0, 0), "Not given": (2, 0, 2, 100)}
    assert (response.context["total"], response.context["with_team"], response.context["waiting"]) == (3, 1, 2)
    html = response.content.decode()
    # "Not given" is last; the chart carries a title, a description and the same numbers.
    assert [d["rows"][-1]["label"] for d in response.context["dimensions"]] == ["Not given"] * 3
    assert html.count("<svg") == 3 and "<title id=\"chart-age_band-title\">" in html
    assert "80 or over: 1 of 2 still waiting (50%)" in html
    for name in ["Olive", "Waiting Walter", "Nadia", "Ended Edna", "Mo Member"]:
        assert name not in html
    assert " style=" not in html


def test_call_out_list_and_report_query_counts_are_constant(clients, personas, commons):
    organiser = personas.user("organiser")

    def grow():
        for _ in range(3):
            owner = MembershipFactory(commons=commons).person
            GettingSupportProfile.objects.create(commons=commons, person=owner, age_band="65-79", gender="Woman")
            team = services.team_create(actor=organiser, commons=commons, owner=owner)
            make_request(team, organiser, summary="Help with shopping.", published=True)

    assert_queries_constant(clients["member"], url("call_out_list", commons.slug), grow)
    assert_queries_constant(clients["organiser"], url("match_report", commons.slug), grow)
