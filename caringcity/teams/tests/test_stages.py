"""The stage page: where the team is, the Team Starter's checklist, the waiting list, moves one
stage at a time, independence, and the history. JavaScript off (plain GET/POST)."""

import pytest
from django.test import Client
from django.utils import timezone

from caringcity.core.testing import assert_matrix, assert_queries_constant
from caringcity.people.models import Proxy
from caringcity.teams import services
from caringcity.teams.models import ESSENTIAL_HATS, ChecklistTick, HatKind, Stage, StageChange, Team
from caringcity.teams.tests.test_hats import (  # noqa: F401  (shared fixtures)
    BAD,
    NF,
    OK,
    REDIR,
    assert_denied,
    db_state,
    expect,
    hat,
    team,
    team_clients,
    url,
)

pytestmark = pytest.mark.django_db
CHANGERS = {"starter", "organiser", "admin"}
VIEWERS = {"member", "owner", "proxy", "trial", "starter", "organiser", "admin"}


def move_to(team, stage, actor):
    """Walk the team forward one stage at a time (as the service allows)."""
    from caringcity.teams.states import STAGE_ORDER

    current = Team.objects.get(pk=team.pk).stage
    for s in STAGE_ORDER[STAGE_ORDER.index(current) + 1: STAGE_ORDER.index(stage) + 1]:
        services.team_move_stage(actor=actor, team=team, to_stage=s)
    team.refresh_from_db()


def test_stage_page_role_matrix_and_denied_posts_change_nothing(team_clients, team):
    page = url("stage", team)
    assert_matrix(team_clients, page, expect(VIEWERS))
    for data in ({"action": "move", "to_stage": Stage.BEGINNING},
                 {"action": "checklist", "items": ["fc_called"]},
                 {"action": "waiting", "waiting": "yes"},
                 {"action": "end", "end-reason": "Moved away."}):
        assert_denied(team_clients, page, data, CHANGERS)


def test_team_members_read_the_page_without_forms(team_clients, team):
    html = team_clients["member"].get(url("stage", team)).content.decode()
    assert 'aria-current="step"' in html and "First contact" in html
    assert 'value="move"' not in html and 'name="items"' not in html and 'value="end"' not in html
    assert "Only the Team Starter and organisers can change the stage." in html
    html = team_clients["starter"].get(url("stage", team)).content.decode()
    assert 'value="move"' in html and 'name="items"' in html and 'value="end"' in html


def test_stage_moves_one_step_and_is_recorded(team_clients, team, personas):
    page = url("stage", team)
    form = team_clients["starter"].get(page).context["move_form"]
    assert [value for value, _label in form.fields["to_stage"].choices] == [Stage.BEGINNING]
    r = team_clients["starter"].post(page, {"action": "move", "to_stage": Stage.BEGINNING, "note": "Met Olive at home."})
    assert r.status_code == REDIR
    team.refresh_from_db()
    assert team.stage == Stage.BEGINNING
    change = StageChange.objects.filter(team=team).latest("created")
    assert (change.from_stage, change.to_stage, change.by, change.acting_for, change.note) == (
        Stage.FIRST_CONTACT, Stage.BEGINNING, team.starter.person.user, personas["owner"].person, "Met Olive at home.")
    html = team_clients["member"].get(page).content.decode()
    assert "Met Olive at home." in html and "Sam Starter" in html
    # Now it can go forward one or back one.
    form = team_clients["starter"].get(page).context["move_form"]
    assert [value for value, _label in form.fields["to_stage"].choices] == [Stage.FINDING_MATCH, Stage.FIRST_CONTACT]
    r = team_clients["organiser"].post(page, {"action": "move", "to_stage": Stage.FIRST_CONTACT})
    team.refresh_from_db()
    assert r.status_code == REDIR and team.stage == Stage.FIRST_CONTACT


def test_a_jump_is_refused_and_says_why(team_clients, team):
    page = url("stage", team)
    before = db_state()
    r = team_clients["starter"].post(page, {"action": "move", "to_stage": Stage.BUILDING, "note": "Skip ahead"})
    assert r.status_code == BAD
    html = r.content.decode()
    assert "A team moves one stage at a time." in html and "Beginning the relationship" in html
    assert 'value="Skip ahead"' in html  # typed input kept
    assert db_state() == before
    r = team_clients["starter"].post(page, {"action": "move"})
    assert r.status_code == BAD and 'href="#id_to_stage"' in r.content.decode()
    assert team_clients["starter"].post(page, {"action": "dance"}).status_code == NF


def test_independent_refused_until_the_checks_pass_then_allowed(team_clients, team, personas):
    move_to(team, Stage.STEPPING_BACK, personas.user("organiser"))
    page = url("stage", team)
    html = team_clients["starter"].get(page).content.decode()
    assert "When all three are true, the Team Starter can step back and the team carries on." in html
    assert "Nobody in the team wears: Profile Holder, Rota Holder, Check-in Facilitator." in html
    r = team_clients["starter"].post(page, {"action": "move", "to_stage": Stage.INDEPENDENT})
    assert r.status_code == BAD
    html = r.content.decode()
    assert "The team cannot run by itself yet" in html and "the rota is not running yet" in html
    team.refresh_from_db()
    assert team.stage == Stage.STEPPING_BACK

    owner = personas.user("owner")
    # Hats worn by the Team Starter do not count: the team must carry on without them.
    for kind in ESSENTIAL_HATS:
        holder = team.starter.person if kind == HatKind.CHECKIN_FACILITATOR else personas["member"].person
        term = services.hat_nominate(actor=owner, hat=hat(team, kind), holder=holder)
        services.hat_answer(actor=owner, term=term, answer="consent")
        services.hat_confirm(actor=owner, term=term)
    services.team_update(actor=owner, team=team, data={"rota_running": True})
    r = team_clients["starter"].post(page, {"action": "move", "to_stage": Stage.INDEPENDENT})
    assert r.status_code == BAD and "Check-in Facilitator" in r.content.decode()

    term = services.hat_nominate(actor=owner, hat=hat(team, HatKind.CHECKIN_FACILITATOR), holder=team.trial.person)
    services.hat_answer(actor=owner, term=term, answer="consent")
    services.hat_answer(actor=team.starter.person.user, term=term, answer="consent")
    services.hat_confirm(actor=owner, term=term)
    html = team_clients["member"].get(page).content.decode()
    assert "All three are true. The team can run by itself." in html
    r = team_clients["starter"].post(page, {"action": "move", "to_stage": Stage.INDEPENDENT})
    assert r.status_code == REDIR
    team.refresh_from_db()
    assert team.stage == Stage.INDEPENDENT


def test_owner_without_login_or_proxy_is_not_involved(team_clients, team, personas):
    Proxy.objects.filter(principal=personas["owner"].person).delete()
    owner = personas["owner"].person
    owner.user = None
    owner.save()
    html = team_clients["starter"].get(url("stage", team)).content.decode()
    assert "The owner has no login and nobody acts for them yet." in html


def test_checklist_ticks_saved_with_who_ticked(team_clients, team):
    page = url("stage", team)
    r = team_clients["starter"].post(page, {"action": "checklist", "items": ["fc_called", "fc_consent"]})
    assert r.status_code == REDIR
    assert set(ChecklistTick.objects.filter(team=team).values_list("item", flat=True)) == {"fc_called", "fc_consent"}
    assert ChecklistTick.objects.get(team=team, item="fc_called").by == team.starter.person.user
    html = team_clients["member"].get(page).content.decode()
    today = timezone.localdate().strftime("%d/%m/%Y")
    assert f"Ticked by Sam Starter on {today}" in html and "Checklist: 2 of 3 done" in html
    # Unticking one keeps the other; an item of another stage is ignored.
    team_clients["organiser"].post(page, {"action": "checklist", "items": ["fc_called", "bg_visit"]})
    assert set(ChecklistTick.objects.filter(team=team).values_list("item", flat=True)) == {"fc_called"}
    html = team_clients["starter"].get(page).content.decode()
    assert 'value="fc_called" checked' in html and 'value="fc_consent">' in html


def test_waiting_list_at_first_contact(team_clients, team):
    page = url("stage", team)
    r = team_clients["starter"].post(page, {"action": "waiting", "waiting": "yes"})
    assert r.status_code == REDIR
    team.refresh_from_db()
    assert team.waiting and team.waiting_since == timezone.localdate()
    html = team_clients["member"].get(page).content.decode()
    assert f"Waiting since {timezone.localdate().strftime('%d/%m/%Y')}" in html
    team_clients["starter"].post(page, {"action": "waiting", "waiting": "no"})
    team.refresh_from_db()
    assert not team.waiting and team.waiting_since is None
    # Later stages have no waiting list.
    team_clients["starter"].post(page, {"action": "move", "to_stage": Stage.BEGINNING})
    r = team_clients["starter"].post(page, {"action": "waiting", "waiting": "yes"}, follow=True)
    assert "Only a team at first contact can be on the waiting list." in r.content.decode()
    team.refresh_from_db()
    assert not team.waiting


def test_end_the_team_needs_a_reason(team_clients, team):
    page = url("stage", team)
    r = team_clients["starter"].post(page, {"action": "end", "end-reason": ""})
    assert r.status_code == BAD and 'href="#id_end-reason"' in r.content.decode()
    team.refresh_from_db()
    assert team.stage == Stage.FIRST_CONTACT
    r = team_clients["starter"].post(page, {"action": "end", "end-reason": "Olive moved to her daughter's."})
    assert r.status_code == REDIR
    team.refresh_from_db()
    assert team.stage == Stage.ENDED
    html = team_clients["organiser"].get(page).content.decode()
    assert "This team has ended." in html and "Olive moved to her daughter&#x27;s." in html
    assert 'value="move"' not in html
    r = team_clients["organiser"].post(page, {"action": "move", "to_stage": Stage.BEGINNING})
    assert r.status_code == BAD and "This team has ended." in r.content.decode()
    team.refresh_from_db()
    assert team.stage == Stage.ENDED


def test_stage_page_query_count_is_constant(team_clients, team, personas):
    stages = iter([Stage.BEGINNING, Stage.FIRST_CONTACT] * 10)

    def grow():
        services.team_move_stage(actor=personas.user("organiser"), team=team, to_stage=next(stages), note="Back and forth")
        services.checklist_tick(actor=team.starter.person.user, team=team, item="fc_called", done=True)

    client = Client()
    client.force_login(team.starter.person.user)
    assert_queries_constant(client, url("stage", team), grow)
