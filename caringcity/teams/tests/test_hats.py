"""The hats page and its actions, as every persona, with JavaScript off (plain GET/POST)."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from caringcity.core.models import AuditEvent
from caringcity.core.testing import assert_matrix, assert_queries_constant
from caringcity.people.tests.factories import member_with_login
from caringcity.teams import services
from caringcity.teams.models import (
    ChecklistTick,
    Hat,
    HatConsent,
    HatKind,
    HatTerm,
    MemberKind,
    StageChange,
    Team,
    TermStatus,
)

pytestmark = pytest.mark.django_db
OK, REDIR, NF, BAD = 200, 302, 404, 400


# --- fixtures -----------------------------------------------------------------------------------
def _join(team, commons, organiser, kind, name, trial_sessions=0, person=None):
    membership = None
    if person is None:
        membership = member_with_login(commons, name=name)
        person = membership.person
    member = services.member_invite(actor=organiser, team=team, person=person, kind=kind, trial_sessions=trial_sessions)
    services.member_accept(actor=person.user, member=member)
    return member


@pytest.fixture
def team(personas, commons):
    """Olive's team: Mo (friend, active), Sam (Team Starter), Tia (on trial), Fred (left), and
    Sue, a member of the commons who is not in the team."""
    organiser = personas.user("organiser")
    team = services.team_create(actor=organiser, commons=commons, owner=personas["owner"].person)
    _join(team, commons, organiser, MemberKind.FRIEND, "", person=personas["member"].person)
    team.starter = _join(team, commons, organiser, MemberKind.STARTER, "Sam Starter")
    team.trial = _join(team, commons, organiser, MemberKind.VOLUNTEER, "Tia Trial", trial_sessions=2)
    former = _join(team, commons, organiser, MemberKind.FRIEND, "Fred Former")
    services.member_leave(actor=former.person.user, member=former, notice_days=0)
    team.former = former
    team.stranger = member_with_login(commons, name="Sue Stranger")
    return team


@pytest.fixture
def team_clients(clients, team):
    """The seven personas plus the trial member, the former member, the starter and a stranger."""
    result = dict(clients)
    for role, person in [("trial", team.trial.person), ("former", team.former.person), ("starter", team.starter.person),
                         ("stranger", team.stranger.person)]:
        client = Client()
        client.force_login(person.user)
        result[role] = client
    return result


def url(name, team, *args):
    return reverse(f"teams:{name}", args=[team.commons.slug, team.uuid, *args])


def hat(team, kind):
    return Hat.objects.get(team=team, kind=kind)


def db_state():
    """What a denied action must leave untouched."""
    return (
        list(Hat.objects.order_by("pk").values_list("pk", "name", "description")),
        list(HatTerm.objects.order_by("pk").values_list("pk", "status", "holder_id", "paid", "ends", "check_in", "end_note")),
        list(HatConsent.objects.order_by("pk").values_list("pk", "person_id", "answer", "reason")),
        list(Team.objects.order_by("pk").values_list("pk", "stage", "waiting", "waiting_since")),
        list(ChecklistTick.objects.order_by("pk").values_list("pk", "item")),
        StageChange.objects.count(),
        AuditEvent.objects.exclude(action=AuditEvent.Action.VIEW).count(),
    )


def assert_denied(team_clients, url_, data, allowed):
    """Everyone not in ``allowed`` gets 404 (anonymous: the login page) and nothing changes."""
    denied = {role: c for role, c in team_clients.items() if role not in allowed}
    before = db_state()
    assert_matrix(denied, url_, {role: REDIR if role == "anonymous" else NF for role in denied}, method="post", data=data)
    assert db_state() == before
    login = team_clients["anonymous"].post(url_, data)
    assert reverse("account_login") in login["Location"]


IN_TEAM = {"member", "owner", "proxy", "trial", "starter"}
OWNER_SIDE = {"owner", "proxy", "starter"}
ALL_ROLES = {"anonymous", "outsider", "member", "owner", "proxy", "organiser", "admin", "trial", "former", "starter", "stranger"}


def expect(allowed, ok=OK):
    return {role: (ok if role in allowed else REDIR if role == "anonymous" else NF) for role in ALL_ROLES}


def nominate(team, personas, kind=HatKind.ROTA_HOLDER, holder=None, by=None):
    holder = holder or personas["member"].person
    return services.hat_nominate(actor=(by or holder.user), hat=hat(team, kind), holder=holder)


def hold(team, personas, kind=HatKind.ROTA_HOLDER, holder=None):
    term = nominate(team, personas, kind, holder)
    services.hat_answer(actor=personas.user("owner"), term=term, answer="consent")
    return services.hat_confirm(actor=personas.user("owner"), term=term)


# --- role matrix ----------------------------------------------------------------------------------
def test_hats_pages_role_matrix(team_clients, team, personas):
    assert_matrix(team_clients, url("hats", team), expect(IN_TEAM | {"organiser", "admin"}))
    assert_matrix(team_clients, url("hat_create", team), expect(OWNER_SIDE))
    assert_matrix(team_clients, url("hat_nominate", team, hat(team, HatKind.WELCOMER).uuid), expect(IN_TEAM))
    term = nominate(team, personas)
    assert_matrix(team_clients, url("hat_term_action", team, term.uuid, "answer"), expect(IN_TEAM))
    assert_matrix(team_clients, url("hat_term_action", team, term.uuid, "confirm"), expect(OWNER_SIDE))
    # Withdraw, drop and check in: the owner's side and the person wearing (or nominated for) the hat.
    assert_matrix(team_clients, url("hat_term_action", team, term.uuid, "withdraw"), expect(OWNER_SIDE | {"member"}))
    assert team_clients["owner"].get(url("hat_term_action", team, term.uuid, "shout")).status_code == NF


def test_former_member_loses_the_hats_page_the_moment_they_leave(team_clients, team, personas):
    client = Client()
    client.force_login(personas.user("member"))
    assert client.get(url("hats", team)).status_code == OK
    member = team.members.get(person=personas["member"].person)
    services.member_leave(actor=personas.user("member"), member=member, notice_days=0)
    assert client.get(url("hats", team)).status_code == NF


def test_add_hat_denied_changes_nothing_and_allowed_roles_add(team_clients, team):
    assert_denied(team_clients, url("hat_create", team), {"name": "Garden helper"}, OWNER_SIDE)
    for role in sorted(OWNER_SIDE):
        r = team_clients[role].post(url("hat_create", team), {"name": f"Garden helper {role}", "description": "Weeds"})
        assert r.status_code == REDIR
        assert Hat.objects.filter(team=team, kind=HatKind.CUSTOM, name=f"Garden helper {role}").exists()


def test_nominate_denied_changes_nothing_and_holders_are_limited(team_clients, team, personas):
    welcomer = hat(team, HatKind.WELCOMER)
    data = {"holder": personas["member"].person.pk}
    assert_denied(team_clients, url("hat_nominate", team, welcomer.uuid), data, IN_TEAM)
    # Only the owner and members on trial or active can be chosen; not the proxy, the former member or strangers.
    form = team_clients["member"].get(url("hat_nominate", team, welcomer.uuid)).context["form"]
    choices = set(form.fields["holder"].queryset)
    assert choices == {personas["owner"].person, personas["member"].person, team.trial.person, team.starter.person}
    r = team_clients["member"].post(url("hat_nominate", team, welcomer.uuid), {"holder": team.former.person.pk})
    assert r.status_code == BAD and not HatTerm.objects.filter(hat=welcomer).exists()


def test_answer_denied_changes_nothing(team_clients, team, personas):
    term = nominate(team, personas)
    allowed = IN_TEAM
    assert_denied(team_clients, url("hat_term_action", team, term.uuid, "answer"), {"answer": "consent", "for_owner": "on"}, allowed)


def test_confirm_withdraw_drop_check_in_denied_change_nothing(team_clients, team, personas):
    waiting = nominate(team, personas, HatKind.WELCOMER)
    assert_denied(team_clients, url("hat_term_action", team, waiting.uuid, "confirm"), {}, OWNER_SIDE)
    assert_denied(team_clients, url("hat_term_action", team, waiting.uuid, "withdraw"), {}, OWNER_SIDE | {"member"})
    held = hold(team, personas)
    assert_denied(team_clients, url("hat_term_action", team, held.uuid, "drop"), {}, OWNER_SIDE | {"member"})
    future = (timezone.localdate() + datetime.timedelta(days=30)).strftime("%d/%m/%Y")
    assert_denied(team_clients, url("hat_term_action", team, held.uuid, "check_in"), {"next_check_in": future}, OWNER_SIDE | {"member"})


def test_a_term_of_another_team_is_not_found(team_clients, team, personas, commons):
    other = services.team_create(actor=personas.user("organiser"), commons=commons, owner=team.stranger.person)
    term = services.hat_nominate(actor=personas.user("organiser"), hat=other.hats.get(kind=HatKind.WELCOMER), holder=team.stranger.person)
    before = db_state()
    assert team_clients["owner"].post(url("hat_term_action", team, term.uuid, "withdraw")).status_code == NF
    assert team_clients["owner"].get(url("hat_nominate", team, other.hats.get(kind=HatKind.WELCOMER).uuid)).status_code == NF
    assert db_state() == before


# --- the journey ----------------------------------------------------------------------------------
def test_nominate_consent_confirm_then_held_and_shown_with_paid_or_gifted(team_clients, team, personas):
    rota = hat(team, HatKind.ROTA_HOLDER)
    member = personas["member"].person
    # Mo nominates himself: his own yes is recorded at once.
    r = team_clients["member"].post(url("hat_nominate", team, rota.uuid), {"holder": member.pk, "paid": ""})
    assert r.status_code == REDIR and r["Location"].endswith(f"#hat-{rota.uuid}")
    term = HatTerm.objects.get(hat=rota, holder=member)
    assert term.status == TermStatus.NOMINATED
    assert term.consents.get(person=member).answer == "consent"
    page = team_clients["owner"].get(url("hats", team)).content.decode()
    assert "Nominated: Mo Member" in page and "Not answered yet" in page
    # The owner says yes and confirms.
    r = team_clients["owner"].post(url("hat_term_action", team, term.uuid, "answer"), {"answer": "consent"})
    assert r.status_code == REDIR
    assert term.consents.get(person=personas["owner"].person).recorded_by == personas.user("owner")
    r = team_clients["owner"].post(url("hat_term_action", team, term.uuid, "confirm"), follow=True)
    assert "Mo Member now wears the hat" in r.content.decode()
    term.refresh_from_db()
    assert term.status == TermStatus.HELD and term.starts == timezone.localdate()
    page = team_clients["trial"].get(url("hats", team)).content.decode()
    assert "Gifted (unpaid)" in page and "Mo Member" in page


def test_proxy_answers_for_the_owner_and_the_checkbox_is_only_for_those_acting_for_the_owner(team_clients, team, personas):
    term = nominate(team, personas)
    assert 'name="for_owner"' in team_clients["proxy"].get(url("hats", team)).content.decode()
    assert 'name="for_owner"' in team_clients["starter"].get(url("hats", team)).content.decode()
    assert 'name="for_owner"' not in team_clients["member"].get(url("hats", team)).content.decode()
    assert 'name="for_owner"' not in team_clients["owner"].get(url("hats", team)).content.decode()
    # The proxy is not in the team: answering without the box ticked is refused, nothing recorded.
    answer_url = url("hat_term_action", team, term.uuid, "answer")
    r = team_clients["proxy"].post(answer_url, {"answer": "consent"})
    assert r.status_code == BAD and 'href="#id_for_owner"' in r.content.decode()
    assert not term.consents.filter(person=personas["owner"].person).exists()
    r = team_clients["proxy"].post(answer_url, {"answer": "consent", "for_owner": "on"})
    assert r.status_code == REDIR
    consent = term.consents.get(person=personas["owner"].person)
    assert consent.recorded_by == personas.user("proxy")
    assert AuditEvent.objects.filter(actor=personas.user("proxy"), acting_for=personas["owner"].person.uuid).exists()
    r = team_clients["proxy"].post(url("hat_term_action", team, term.uuid, "confirm"))
    term.refresh_from_db()
    assert term.status == TermStatus.HELD


def test_objection_without_reason_is_refused_and_nothing_recorded(team_clients, team, personas):
    term = nominate(team, personas, holder=team.trial.person)
    answer_url = url("hat_term_action", team, term.uuid, "answer")
    before = db_state()
    r = team_clients["member"].post(answer_url, {"answer": "object", "reason": "no"})
    assert r.status_code == BAD
    html = r.content.decode()
    assert 'href="#id_reason"' in html and "An objection needs a reason" in html
    assert re.search(r'value="object"[^>]*checked', html) and ">\nno</textarea>" in html  # typed input kept
    assert db_state() == before
    r = team_clients["member"].post(answer_url, {"answer": "object", "reason": "Tia is new and does not know the rota yet."})
    assert r.status_code == REDIR
    assert term.consents.get(person=personas["member"].person).answer == "object"


def test_a_hat_with_an_objection_cannot_be_confirmed_and_the_reason_is_shown(team_clients, team, personas):
    term = nominate(team, personas, holder=team.trial.person)
    services.hat_answer(actor=personas.user("owner"), term=term, answer="consent")
    services.hat_answer(actor=personas.user("member"), term=term, answer="object", reason="Tia has only done one session.")
    page = team_clients["owner"].get(url("hats", team)).content.decode()
    assert "Objects" in page and "Tia has only done one session." in page
    r = team_clients["owner"].post(url("hat_term_action", team, term.uuid, "confirm"), follow=True)
    assert "Mo Member objected" in r.content.decode()
    term.refresh_from_db()
    assert term.status == TermStatus.NOMINATED


def test_confirm_waits_for_the_owner(team_clients, team, personas):
    term = nominate(team, personas)
    r = team_clients["starter"].post(url("hat_term_action", team, term.uuid, "confirm"), follow=True)
    assert "The owner has not consented yet" in r.content.decode()
    term.refresh_from_db()
    assert term.status == TermStatus.NOMINATED


def test_hand_over_ends_the_old_term_and_history_is_kept(team_clients, team, personas):
    old = hold(team, personas)
    rota = old.hat
    r = team_clients["owner"].post(url("hat_nominate", team, rota.uuid), {"holder": team.trial.person.pk, "paid": "on"})
    assert r.status_code == REDIR
    new = HatTerm.objects.get(hat=rota, holder=team.trial.person)
    assert new.paid
    team_clients["owner"].post(url("hat_term_action", team, new.uuid, "answer"), {"answer": "consent"})
    team_clients["owner"].post(url("hat_term_action", team, new.uuid, "confirm"))
    old.refresh_from_db()
    new.refresh_from_db()
    assert new.status == TermStatus.HELD
    assert old.status == TermStatus.ENDED and old.end_note == "Handed over to Tia Trial"
    page = team_clients["member"].get(url("hats", team)).content.decode()
    history = page[page.index('id="history"'):]
    assert "Handed over to Tia Trial" in history and "Mo Member" in history and "Tia Trial" in history


def test_holder_drops_the_hat_and_history_says_so(team_clients, team, personas):
    term = hold(team, personas)
    r = team_clients["member"].post(url("hat_term_action", team, term.uuid, "drop"), follow=True)
    assert "no longer wears the hat" in r.content.decode()
    term.refresh_from_db()
    assert term.status == TermStatus.ENDED and term.ended_at is not None
    page = team_clients["owner"].get(url("hats", team)).content.decode()
    assert "Stopped wearing it" in page[page.index('id="history"'):]
    # A dropped hat cannot be dropped again, and a waiting nomination is withdrawn, not dropped.
    r = team_clients["member"].post(url("hat_term_action", team, term.uuid, "drop"), follow=True)
    assert "Only a hat someone is wearing can be dropped." in r.content.decode()
    waiting = nominate(team, personas, HatKind.WELCOMER)
    r = team_clients["member"].post(url("hat_term_action", team, waiting.uuid, "drop"), follow=True)
    waiting.refresh_from_db()
    assert waiting.status == TermStatus.NOMINATED
    r = team_clients["owner"].post(url("hat_term_action", team, waiting.uuid, "withdraw"), {"reason": "Mo has enough to do."})
    waiting.refresh_from_db()
    assert waiting.status == TermStatus.WITHDRAWN and waiting.end_note == "Mo has enough to do."


def test_check_in_saves_and_a_past_date_keeps_the_input(team_clients, team, personas):
    term = hold(team, personas)
    check_url = url("hat_term_action", team, term.uuid, "check_in")
    r = team_clients["owner"].post(check_url, {"next_check_in": "01/01/2001", "ends": ""})
    assert r.status_code == BAD
    html = r.content.decode()
    assert 'href="#id_next_check_in"' in html and 'value="01/01/2001"' in html
    term.refresh_from_db()
    assert term.check_in is None
    future = timezone.localdate() + datetime.timedelta(days=40)
    r = team_clients["member"].post(check_url, {"next_check_in": future.strftime("%d/%m/%Y")})
    assert r.status_code == REDIR
    term.refresh_from_db()
    assert term.check_in == future
    assert future.strftime("%d/%m/%Y") in team_clients["owner"].get(url("hats", team)).content.decode()


def test_forms_keep_typed_input_on_error(team_clients, team, personas):
    services.hat_create(actor=personas.user("owner"), team=team, name="Garden helper")
    r = team_clients["owner"].post(url("hat_create", team), {"name": "garden helper", "description": "Weeding on Fridays"})
    assert r.status_code == BAD
    html = r.content.decode()
    assert 'href="#id_name"' in html and 'value="garden helper"' in html and "Weeding on Fridays" in html
    welcomer = hat(team, HatKind.WELCOMER)
    r = team_clients["member"].post(url("hat_nominate", team, welcomer.uuid),
                                    {"holder": personas["member"].person.pk, "ends": "02/02/2002", "check_in": ""})
    assert r.status_code == BAD
    html = r.content.decode()
    assert 'href="#id_ends"' in html and 'value="02/02/2002"' in html
    assert not HatTerm.objects.filter(hat=welcomer).exists()


def test_hats_page_query_count_is_constant(team_clients, team, personas):
    n = iter(range(100))

    def grow():
        i = next(n)
        new_hat = services.hat_create(actor=personas.user("owner"), team=team, name=f"Hat {i}")
        term = services.hat_nominate(actor=personas.user("member"), hat=new_hat, holder=personas["member"].person)
        services.hat_answer(actor=personas.user("owner"), term=term, answer="consent")
        services.hat_confirm(actor=personas.user("owner"), term=term)
        waiting = services.hat_nominate(actor=team.trial.person.user, hat=new_hat, holder=team.trial.person)
        services.hat_answer(actor=personas.user("member"), term=waiting, answer="object", reason="Not this month, please.")
        dropped = services.hat_nominate(actor=personas.user("owner"), hat=new_hat, holder=personas["owner"].person)
        services.hat_end(actor=personas.user("owner"), term=dropped)

    for role in ("owner", "proxy", "member"):
        assert_queries_constant(team_clients[role], url("hats", team), grow)
