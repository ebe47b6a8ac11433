"""Care teams: the team page, membership by mutual consent, trials, leaving, the noticeboard,
promises and the trust assessment, over every persona."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from caringcity.core.models import AuditEvent
from caringcity.core.testing import assert_matrix, assert_queries_constant
from caringcity.people.tests.factories import member_with_login
from caringcity.teams import selectors, services
from caringcity.teams.models import MemberKind, MemberStatus, Notice, Promise, Team, TeamMember, TrustAssessment
from caringcity.teams.tests.factories import add_member, make_team

pytestmark = pytest.mark.django_db
OK, REDIR, NF = 200, 302, 404


def url(name, team, *args):
    return reverse(f"teams:{name}", args=[team.commons.slug, team.uuid, *args])


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def team(personas, commons):
    return make_team(personas, commons, name="Olive's team")


@pytest.fixture
def world(team, personas, commons, clients):
    """Extra personas for teams: a current member, a trial member, a former member and a starter."""
    friend = member_with_login(commons, name="Fay Friend")
    add_member(team, personas, friend)
    trial = member_with_login(commons, name="Tom Trial")
    add_member(team, personas, trial, kind=MemberKind.VOLUNTEER, trial_sessions=2)
    former = member_with_login(commons, name="Fred Former")
    m = add_member(team, personas, former)
    services.member_leave(actor=former.person.user, member=m, notice_days=0, goodbye="Bye all, take care.")
    starter = member_with_login(commons, name="Sue Starter")
    add_member(team, personas, starter, kind=MemberKind.STARTER)
    extra = {"team_member": friend, "trial": trial, "former": former, "starter": starter}
    all_clients = dict(clients)
    for role, membership in extra.items():
        all_clients[role] = _client(membership.person.user)
    return {"clients": all_clients, **extra}


VIEW = {"anonymous": REDIR, "outsider": NF, "member": NF, "owner": OK, "proxy": OK, "organiser": OK, "admin": OK,
        "team_member": OK, "trial": OK, "former": NF, "starter": OK}


def test_team_page_role_matrix(world, team):
    assert_matrix(world["clients"], url("team_detail", team), VIEW)
    assert_matrix(world["clients"], url("team_print", team), VIEW)
    assert_matrix(world["clients"], url("promises", team), VIEW)


def test_manage_pages_role_matrix(world, team):
    owner_side = {**{r: NF for r in VIEW}, "anonymous": REDIR, "owner": OK, "proxy": OK, "starter": OK}
    assert_matrix(world["clients"], url("member_invite", team), owner_side)
    assert_matrix(world["clients"], url("team_edit", team), {**owner_side, "organiser": OK, "admin": OK})


def test_rule_and_queryset_twin_agree(world, team, personas, commons):
    for role, client in world["clients"].items():
        membership = world.get(role) or personas.get(role)
        user = membership.person.user if membership else None
        if user is None:
            continue
        visible = set(selectors.teams_visible_to(user, commons))
        assert (team in visible) == user.has_perm("teams.view_team", team), role


def test_team_list_shows_only_visible_teams(world, team, personas, commons):
    other_owner = member_with_login(commons, name="Nell Neighbour")
    other = services.team_create(actor=personas.user("organiser"), commons=commons, owner=other_owner.person)
    html = world["clients"]["team_member"].get(reverse("teams:team_list", args=[commons.slug])).content.decode()
    assert escape(team.name) in html and escape(other.name) not in html
    assert escape(other.name) in world["clients"]["organiser"].get(reverse("teams:team_list", args=[commons.slug])).content.decode()
    assert world["clients"]["outsider"].get(reverse("teams:team_list", args=[commons.slug])).status_code == NF


def test_only_organisers_start_teams_and_one_open_team_per_owner(clients, personas, commons):
    create = reverse("teams:team_create", args=[commons.slug])
    assert clients["member"].post(create, {"owner": personas["paper"].person.pk}).status_code == NF
    assert not Team.objects.exists()
    assert clients["organiser"].post(create, {"owner": personas["paper"].person.pk, "waiting": "on"}).status_code == REDIR
    team = Team.objects.get()
    assert team.waiting and team.name == "Percy Paper's team" and team.hats.count() == 7
    r = clients["organiser"].post(create, {"owner": personas["paper"].person.pk})
    assert r.status_code == 400 and "already has a team" in r.content.decode()
    assert Team.objects.count() == 1


def test_invite_needs_the_persons_yes(team, personas, clients, commons):
    worker = member_with_login(commons, name="Wanda Worker")
    r = clients["owner"].post(url("member_invite", team), {"person": worker.person.pk, "kind": "worker_self", "trial_sessions": 1})
    assert r.status_code == REDIR
    member = TeamMember.objects.get(person=worker.person)
    assert member.status == MemberStatus.INVITED
    w = _client(worker.person.user)
    # Not in the team yet: the team page stays closed, but the invitation shows on their list.
    assert w.get(url("team_detail", team)).status_code == NF
    assert "Olive&#x27;s team" in w.get(reverse("teams:team_list", args=[commons.slug])).content.decode()
    # Someone else cannot accept it for them.
    assert clients["member"].post(url("member_action", team, member.uuid, "accept")).status_code == NF
    member.refresh_from_db()
    assert member.status == MemberStatus.INVITED
    assert w.post(url("member_action", team, member.uuid, "accept")).status_code == REDIR
    member.refresh_from_db()
    assert member.status == MemberStatus.TRIAL
    assert w.get(url("team_detail", team)).status_code == OK


def test_invitation_can_be_declined_by_either_side(team, personas, commons, clients):
    worker = member_with_login(commons, name="Dee Decline")
    member = services.member_invite(actor=personas.user("proxy"), team=team, person=worker.person, kind="volunteer")
    event = AuditEvent.objects.get(action="invite", object_id=str(member.uuid))
    assert event.acting_for == team.owner.uuid  # the proxy invited for the owner
    r = _client(worker.person.user).post(url("member_action", team, member.uuid, "decline"), {"reason": "Too far for me"})
    assert r.status_code == REDIR
    member.refresh_from_db()
    assert member.status == MemberStatus.DECLINED and member.end_reason == "Too far for me"
    with pytest.raises(ValidationError, match="still waiting"):
        services.member_accept(actor=worker.person.user, member=member)


def test_request_to_join_and_approval(team, personas, commons, clients):
    asker = member_with_login(commons, name="Ash Asker")
    member = services.member_request(actor=asker.person.user, team=team, kind="volunteer", message="I live round the corner.")
    assert member.status == MemberStatus.REQUESTED
    assert clients["member"].post(url("member_action", team, member.uuid, "approve")).status_code == NF
    member.refresh_from_db()
    assert member.status == MemberStatus.REQUESTED
    assert clients["owner"].post(url("member_action", team, member.uuid, "approve")).status_code == REDIR
    member.refresh_from_db()
    assert member.status == MemberStatus.ACTIVE
    with pytest.raises(ValidationError, match="already in this team"):
        services.member_request(actor=asker.person.user, team=team, kind="volunteer")


def test_trial_ends_in_agreement(world, team, personas):
    trial = TeamMember.objects.get(person=world["trial"].person)
    tc, oc = world["clients"]["trial"], world["clients"]["owner"]
    tc.post(url("member_action", team, trial.uuid, "trial_session"))
    oc.post(url("member_action", team, trial.uuid, "trial_session"))
    r = oc.post(url("member_action", team, trial.uuid, "trial_session"), follow=True)
    assert "already recorded" in r.content.decode()
    trial.refresh_from_db()
    assert trial.trial_done == 2
    oc.post(url("member_action", team, trial.uuid, "trial_yes"))
    trial.refresh_from_db()
    assert trial.status == MemberStatus.TRIAL and trial.owner_says_yes and not trial.member_says_yes
    tc.post(url("member_action", team, trial.uuid, "trial_yes"))
    trial.refresh_from_db()
    assert trial.status == MemberStatus.ACTIVE


def test_either_side_may_end_a_trial_and_access_goes_at_once(world, team):
    trial = TeamMember.objects.get(person=world["trial"].person)
    r = world["clients"]["trial"].post(url("member_action", team, trial.uuid, "trial_end"), {"reason": "Not for me"})
    assert r.status_code == REDIR
    trial.refresh_from_db()
    assert trial.status == MemberStatus.TRIAL_ENDED
    assert world["clients"]["trial"].get(url("team_detail", team)).status_code == NF


def test_leaving_with_notice_then_access_ends(world, team):
    friend = TeamMember.objects.get(person=world["team_member"].person)
    fc = world["clients"]["team_member"]
    r = fc.post(url("member_action", team, friend.uuid, "leave"), {"notice_days": 7, "goodbye": "Moving to Leeds – thank you all!"})
    assert r.status_code == REDIR
    friend.refresh_from_db()
    assert friend.status == MemberStatus.LEAVING and friend.notice_until is not None
    assert Notice.objects.filter(team=team, text__startswith="Moving to Leeds").exists()
    assert fc.get(url("team_detail", team)).status_code == OK  # still in the team during notice
    from django.core.management import call_command
    from django.utils import timezone

    TeamMember.objects.filter(pk=friend.pk).update(notice_until=timezone.localdate())
    call_command("housekeeping", stdout=open("/dev/null", "w"))
    friend.refresh_from_db()
    assert friend.status == MemberStatus.LEFT
    assert fc.get(url("team_detail", team)).status_code == NF


def test_former_member_cannot_do_anything(world, team):
    fc = world["clients"]["former"]
    count = Notice.objects.count()
    assert fc.post(url("notice_post", team), {"text": "Hello?"}).status_code == NF
    assert Notice.objects.count() == count


def test_noticeboard(world, team):
    r = world["clients"]["team_member"].post(url("notice_post", team), {"text": ""})
    assert r.status_code == 400 and "There is a problem" in r.content.decode()
    world["clients"]["starter"].post(url("notice_post", team), {"text": "Arthur says thanks for the flowers", "for_owner": "on"})
    notice = Notice.objects.get(text__startswith="Arthur says")
    assert notice.acting_for == team.owner and notice.author == world["starter"].person
    html = world["clients"]["trial"].get(url("team_detail", team)).content.decode()
    assert "Arthur says thanks" in html and "Bye all, take care." in html
    assert "Arthur says thanks" not in world["clients"]["organiser"].get(url("team_detail", team)).content.decode()


def test_key_needs_only_for_those_the_owner_chose(world, team, personas, commons):
    services.team_update(actor=personas.user("owner"), team=team, data={"key_needs": "Knock loudly, then wait."})
    assert "Knock loudly" in world["clients"]["owner"].get(url("team_detail", team)).content.decode()
    assert "Knock loudly" in world["clients"]["starter"].get(url("team_detail", team)).content.decode()
    assert "Knock loudly" not in world["clients"]["team_member"].get(url("team_detail", team)).content.decode()
    from caringcity.people.services import grant_create

    grant_create(actor=personas.user("owner"), commons=commons, grantor=team.owner, grantee=world["team_member"].person, part="key_needs")
    assert "Knock loudly" in world["clients"]["team_member"].get(url("team_detail", team)).content.decode()
    assert AuditEvent.objects.filter(subject=team.owner.uuid, part="key_needs", action="view", basis="grant").exists()


def test_promises(world, team):
    page = url("promises", team)
    r = world["clients"]["team_member"].post(page, {"text": "x", "agreed_on": "01/01/2026", "how": "phone", "agreed_by": "x"})
    assert r.status_code == NF and not Promise.objects.exists()
    r = world["clients"]["starter"].post(page, {"text": "We will visit every Tuesday.", "agreed_on": "31/12/2099", "how": "phone", "agreed_by": "Olive"})
    assert r.status_code == 400 and "cannot be in the future" in r.content.decode() and "We will visit every Tuesday." in r.content.decode()
    r = world["clients"]["starter"].post(page, {"text": "We will visit every Tuesday.", "agreed_on": "02/03/2026", "how": "phone", "agreed_by": "Olive, by phone"})
    assert r.status_code == REDIR
    assert Promise.objects.get().how == "phone"
    assert "every Tuesday" in world["clients"]["team_member"].get(page).content.decode()


def test_trust_assessment_shared_only_with_consent(world, team, personas, commons):
    page = url("trust_assessment", team)
    assert world["clients"]["team_member"].get(page).status_code == NF
    r = world["clients"]["starter"].post(page, {"home": "Steep stairs to the front door.", "home_level": "care"})
    assert r.status_code == REDIR
    assert TrustAssessment.objects.get(team=team).home_level == "care"
    from caringcity.people.services import grant_create

    grant_create(actor=personas.user("owner"), commons=commons, grantor=team.owner, grantee=world["team_member"].person, part="trust_assessment")
    html = world["clients"]["team_member"].get(page).content.decode()
    assert "Steep stairs" in html and "<form" not in html.split("<main")[1].split("</main>")[0].replace('class="language-form"', "")
    assert world["clients"]["team_member"].post(page, {"home": "changed"}).status_code == NF
    assert TrustAssessment.objects.get(team=team).home == "Steep stairs to the front door."
    assert AuditEvent.objects.filter(subject=team.owner.uuid, part="trust_assessment", action="view", basis="grant").exists()


def test_team_page_queries_do_not_grow(world, team, personas, commons):
    def grow():
        for _ in range(3):
            add_member(team, personas, member_with_login(commons))
            services.notice_post(actor=personas.user("owner"), team=team, text="Hello")

    assert_queries_constant(world["clients"]["owner"], url("team_detail", team), grow)
    assert_queries_constant(world["clients"]["organiser"], reverse("teams:team_list", args=[commons.slug]),
                            lambda: services.team_create(actor=personas.user("organiser"), commons=commons, owner=member_with_login(commons).person))


def test_a_member_who_leaves_loses_what_the_owner_shared_at_once(world, team, personas, commons):
    from caringcity.people.models import AccessGrant
    from caringcity.people.services import grant_create

    friend = world["team_member"]
    services.team_update(actor=personas.user("owner"), team=team, data={"key_needs": "Knock loudly, then wait."})
    grant_create(actor=personas.user("owner"), commons=commons, grantor=team.owner, grantee=friend.person, part="key_needs")
    grant_create(actor=personas.user("owner"), commons=commons, grantor=team.owner, grantee=friend.person, part="contact")
    member = TeamMember.objects.get(team=team, person=friend.person)
    services.member_leave(actor=friend.person.user, member=member, notice_days=7)
    assert AccessGrant.objects.current().filter(grantee=friend.person).count() == 2  # still in the team during notice
    services.member_leave_now(actor=friend.person.user, member=member)
    assert not AccessGrant.objects.current().filter(grantee=friend.person).exists()
    person_page = reverse("people:person_detail", args=[commons.slug, team.owner.uuid])
    assert team.owner.phone not in world["clients"]["team_member"].get(person_page).content.decode()


def test_owner_shares_profile_sections_with_team_members_from_the_team_page(world, team, commons):
    html = world["clients"]["owner"].get(url("team_detail", team)).content.decode()
    sharing = reverse("people:profile_sharing", args=[commons.slug, team.owner.uuid])
    assert sharing in html and str(world["team_member"].person.uuid) in html
    page = world["clients"]["owner"].get(sharing + f"?people={world['team_member'].person.uuid}").content.decode()
    assert "Fay Friend" in page
    assert sharing not in world["clients"]["team_member"].get(url("team_detail", team)).content.decode()


def test_asking_from_a_call_out_does_not_reveal_whose_team_it_is(team, personas, commons):
    asker = member_with_login(commons, name="Cal Caller")
    services.member_request(actor=asker.person.user, team=team, kind="volunteer")
    html = _client(asker.person.user).get(reverse("teams:team_list", args=[commons.slug])).content.decode()
    assert "A team you asked to join" in html
    assert escape(team.name) not in html and team.owner.name not in html
