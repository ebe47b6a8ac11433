"""The surveys pages: who reaches each one (role matrices), answering online one question per page
with JavaScript off, the paper and phone entry page, the round page (counts, never answers), the
printable forms, "My answers", and constant query counts."""

import datetime
import re

import pytest
from django.urls import reverse

from caringcity.core.testing import assert_matrix, assert_queries_constant
from caringcity.evaluation.models import Answer, ConsentState, How, Invitation, RoundStatus, SurveyRound
from caringcity.evaluation.services import surveys as services
from caringcity.evaluation.tests.test_surveys_world import TODAY, inst, invitation_of, open_round, round_data, world  # noqa: F401
from caringcity.people.tests.factories import PersonFactory
from caringcity.teams.models import MemberKind, MemberStatus, TeamMember

pytestmark = pytest.mark.django_db

OK, NF, REDIR = 200, 404, 302
KEEPERS = {"anonymous": REDIR, "outsider": NF, "member": NF, "owner": NF, "proxy": NF, "organiser": OK, "admin": OK}


def u(name, commons, *args):
    return reverse(f"evaluation:{name}", args=[commons.slug, *args])


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def opened(commons, personas, world, inst):
    return open_round(personas, commons, inst)


# --- role matrices ---------------------------------------------------------------------------------------
def test_organiser_pages_are_for_organisers_only(commons, clients, opened, personas):
    invitation = invitation_of(opened, personas["owner"].person)
    for url in [u("survey_rounds", commons), u("survey_round_new", commons), u("survey_round", commons, opened.uuid),
                u("survey_round_change", commons, opened.uuid), u("survey_round_close", commons, opened.uuid),
                u("survey_print", commons, opened.uuid), u("survey_enter", commons, opened.uuid),
                u("survey_enter_form", commons, opened.uuid, invitation.uuid)]:
        assert_matrix(clients, url, KEEPERS)


def test_an_invitation_is_reached_only_by_the_person_asked(commons, clients, opened, personas):
    invitation = invitation_of(opened, personas["owner"].person)
    expected = {"anonymous": REDIR, "outsider": NF, "member": NF, "owner": OK, "proxy": NF, "organiser": NF, "admin": NF}
    for url in [u("survey_start", commons, invitation.uuid), u("survey_stop", commons, invitation.uuid)]:
        assert_matrix(clients, url, expected)
    services.consent_record(actor=personas.user("owner"), invitation=invitation, given=True)
    for url in [u("survey_question", commons, invitation.uuid, 1), u("survey_check", commons, invitation.uuid)]:
        assert_matrix(clients, url, expected)


def test_my_answers_is_for_every_member(commons, clients, opened):
    expected = {"anonymous": REDIR, "outsider": NF, "member": OK, "owner": OK, "proxy": OK, "organiser": OK, "admin": OK}
    assert_matrix(clients, u("survey_mine", commons), expected)


def test_denied_posts_change_nothing(commons, clients, personas, world, inst):
    draft = services.round_create(actor=personas.user("organiser"), commons=commons, **round_data(inst))
    invitation_round = open_round(personas, commons, inst, name="Open one")
    invitation = invitation_of(invitation_round, personas["owner"].person)
    for role in ("anonymous", "outsider", "member", "owner", "proxy"):
        clients[role].post(u("survey_round_open", commons, draft.uuid))
        clients[role].post(u("survey_round_change", commons, draft.uuid), {"name": "Hacked"})
        clients[role].post(u("survey_enter_form", commons, invitation_round.uuid, invitation.uuid),
                           {"how": "paper", "agreed": "on", "q1": "3"})
    draft.refresh_from_db()
    assert draft.status == RoundStatus.DRAFT and draft.name == "Spring round"
    assert not Answer.objects.exists()
    for role in ("anonymous", "outsider", "member", "proxy", "organiser", "admin"):
        clients[role].post(u("survey_consent", commons, invitation.uuid), {"answer": "yes"})
        clients[role].post(u("survey_question", commons, invitation.uuid, 1), {"value": "3"})
    invitation.refresh_from_db()
    assert invitation.consent == ConsentState.NOT_ASKED and not Answer.objects.exists()


# --- organisers' pages ---------------------------------------------------------------------------------------
def test_creating_opening_and_closing_a_round_through_the_pages(commons, clients, personas, world, inst):
    client = clients["organiser"]
    bad = client.post(u("survey_round_new", commons), {"name": "Autumn", "kind": "baseline", "instruments": [inst.key],
                                                       "groups": ["family"], "pace": "all", "items_per_prompt": 2,
                                                       "days_between_prompts": 7, "opens_on": "2026-13-45",
                                                       "closes_on": "2026-10-01", "first_look_days": 7})
    assert bad.status_code == 400 and "Enter a valid date" in text(bad) and 'value="Autumn"' in text(bad)
    assert not SurveyRound.objects.exists()
    response = client.post(u("survey_round_new", commons), {
        "name": "Autumn", "kind": "baseline", "instruments": [inst.key], "groups": ["family", "volunteers"], "pace": "all",
        "items_per_prompt": 2, "days_between_prompts": 7, "opens_on": "2026-09-01", "closes_on": "2026-10-01",
        "first_look_days": 7})
    survey_round = SurveyRound.objects.get()
    assert response.status_code == 302 and response["Location"] == u("survey_round", commons, survey_round.uuid)
    assert client.post(u("survey_round_open", commons, survey_round.uuid)).status_code == 302
    survey_round.refresh_from_db()
    assert survey_round.status == RoundStatus.OPEN and survey_round.invitations.count() == 2
    page = text(client.get(u("survey_round", commons, survey_round.uuid)))
    assert "Asked</th><td>2</td>" in page and "Open the round" not in page
    client.post(u("survey_round_close", commons, survey_round.uuid))
    survey_round.refresh_from_db()
    assert survey_round.status == RoundStatus.CLOSED


def test_entering_a_paper_form_by_code_saves_it_for_the_person_and_shows_no_answers(commons, clients, personas, opened, world, inst):
    client = clients["organiser"]
    invitation = invitation_of(opened, world["worker"])
    missing = client.get(u("survey_enter", commons, opened.uuid), {"code": "ZZZZZZ", "how": "paper"})
    assert missing.status_code == 400 and "No one in this round has that code" in text(missing)
    found = client.get(u("survey_enter", commons, opened.uuid), {"code": invitation.code.lower(), "how": "paper"})
    form_url = u("survey_enter_form", commons, opened.uuid, invitation.uuid)
    assert found["Location"] == f"{form_url}?how=paper"
    page = text(client.get(found["Location"]))
    assert "They ticked &#x27;I agree to take part&#x27;" in page and inst.notice in page
    refused = client.post(form_url, {"how": "paper", "q1": "5", "q2": "3"})
    assert refused.status_code == 400 and "Without their agreement" in text(refused) and not Answer.objects.exists()
    bad = client.post(form_url, {"how": "paper", "agreed": "on", "q1": "9"})
    assert bad.status_code == 400 and not Answer.objects.exists()
    saved = client.post(form_url, {"how": "paper", "agreed": "on", "q1": "5", "q2": "3", "q3": "Company on Sundays",
                                   "q3_quote": "on"}, follow=True)
    page = text(saved)
    assert "Saved the answers for Wendy Worker" in page
    assert "Company on Sundays" not in page and "All of the time" not in page
    assert "Entered by Orla Organiser for Wendy Worker (on paper)" in page
    answers = Answer.objects.filter(invitation=invitation)
    assert {(a.how, a.entered_by_id, a.acting_for_id) for a in answers} == {(How.PAPER, personas.user("organiser").pk, world["worker"].pk)}
    again = text(client.get(form_url))
    assert "Company on Sundays" not in again and "already saved" in again


def test_phone_entry_for_someone_who_said_no_is_refused_with_the_reason(commons, clients, personas, opened, inst):
    invitation = invitation_of(opened, personas["owner"].person)
    services.consent_record(actor=personas.user("owner"), invitation=invitation, given=False)
    url = u("survey_enter_form", commons, opened.uuid, invitation.uuid) + "?how=phone"
    page = text(clients["organiser"].get(url))
    assert "said no to taking part" in page
    response = clients["organiser"].post(url, {"how": "phone", "agreed": "on", "q1": "2"})
    assert response.status_code == 400 and not Answer.objects.exists()


def test_the_printable_forms_have_a_page_per_person_with_code_questions_and_notice(commons, clients, opened, inst):
    page = text(clients["organiser"].get(u("survey_print", commons, opened.uuid)))
    assert page.count('class="ev-surveys-sheet"') == opened.invitations.count()
    for invitation in opened.invitations.all():
        assert invitation.code in page
    assert "I agree to take part" in page and "I have been feeling calm" in page and inst.notice in page
    assert "you can skip any question" in page.lower()
    assert clients["organiser"].get(u("survey_print", commons, opened.uuid) + "?invitation=nonsense").status_code == 404


def test_bad_uuids_answer_404(commons, clients, opened):
    client = clients["organiser"]
    assert client.get(f"/c/{commons.slug}/evaluation/surveys/not-a-uuid/").status_code == 404
    assert client.get(u("survey_round", commons, "6f1c1f1e-0000-4000-8000-000000000000")).status_code == 404


# --- answering online -------------------------------------------------------------------------------------------
def test_answering_online_one_question_per_page_with_javascript_off(commons, clients, personas, opened, inst):
    client = clients["member"]
    invitation = invitation_of(opened, personas["member"].person)
    home = text(client.get(u("home", commons)))
    assert "Questions waiting for you" in home
    start = u("survey_start", commons, invitation.uuid)
    assert client.get(u("survey_question", commons, invitation.uuid, 1))["Location"] == start  # consent first
    consent = text(client.get(start))
    assert "Nobody sees your answers one by one" in consent and "groups of 5 people or more" in consent
    assert "You can skip any question" in consent and "You can stop at any time" in consent
    response = client.post(u("survey_consent", commons, invitation.uuid), {"answer": "yes"})
    q1 = u("survey_question", commons, invitation.uuid, 1)
    assert response["Location"] == q1
    page = text(client.get(q1))
    assert "Question 1 of 3" in page and "Skip this question" in page and inst.notice in page and 'href="' + start in page
    assert page.count('type="radio"') == 5
    empty = client.post(q1, {})
    assert empty.status_code == 400 and "Choose one answer" in text(empty) and 'href="#id_value"' in text(empty)
    assert client.post(q1, {"value": "4"})["Location"] == u("survey_question", commons, invitation.uuid, 2)
    assert client.post(u("survey_question", commons, invitation.uuid, 2), {"skip": "1"})["Location"] == \
        u("survey_question", commons, invitation.uuid, 3)
    q3 = text(client.get(u("survey_question", commons, invitation.uuid, 3)))
    assert "You may quote my words without my name" in q3
    check_url = u("survey_check", commons, invitation.uuid)
    assert client.post(u("survey_question", commons, invitation.uuid, 3),
                       {"value": "Sunday lunch", "may_quote": "on"})["Location"] == check_url
    check = text(client.get(check_url))
    assert "Often" in check and "Skipped" in check and "Sunday lunch" in check and "?from=check" in check
    changed = client.post(q1, {"value": "5", "from": "check"})
    assert changed["Location"] == check_url
    assert client.post(u("survey_finish", commons, invitation.uuid))["Location"] == u("survey_mine", commons)
    invitation.refresh_from_db()
    assert invitation.finished_at and invitation.answers.get(item_key="calm").value == 5
    mine = text(client.get(u("survey_mine", commons)))
    assert "All of the time" in mine and "Sunday lunch" in mine
    assert "Questions waiting for you" not in text(client.get(u("home", commons)))
    # Nobody else sees them.
    for role in ("organiser", "owner", "admin"):
        assert "Sunday lunch" not in text(clients[role].get(u("survey_mine", commons)))
    assert "Sunday lunch" not in text(clients["organiser"].get(u("survey_round", commons, opened.uuid)))


def test_saying_no_and_stopping_online(commons, clients, personas, opened):
    owner, member = clients["owner"], clients["member"]
    inv_owner = invitation_of(opened, personas["owner"].person)
    owner.post(u("survey_consent", commons, inv_owner.uuid), {"answer": "no"})
    inv_owner.refresh_from_db()
    assert inv_owner.consent == ConsentState.DECLINED
    inv = invitation_of(opened, personas["member"].person)
    member.post(u("survey_consent", commons, inv.uuid), {"answer": "yes"})
    member.post(u("survey_question", commons, inv.uuid, 1), {"value": "2"})
    assert "Stop and delete my answers" in text(member.get(u("survey_stop", commons, inv.uuid)))
    member.post(u("survey_stop", commons, inv.uuid))
    inv.refresh_from_db()
    assert inv.consent == ConsentState.WITHDRAWN and not inv.answers.exists()


# --- query counts ---------------------------------------------------------------------------------------------------
def _grower(commons, personas, world, inst):
    made = {"n": 0}

    def grow():
        made["n"] += 1
        person = PersonFactory(name=f"Helper {made['n']}", email="")
        TeamMember.objects.create(team=world["team"], person=person, kind=MemberKind.FAMILY, status=MemberStatus.ACTIVE)
        survey_round = open_round(personas, commons, inst, name=f"Round {made['n']}")
        invitation = invitation_of(survey_round, person)
        services.paper_form_enter(actor=personas.user("organiser"), invitation=invitation, how=How.PAPER, agreed=True,
                                  answers={(inst.key, "calm"): "3"})
        services.consent_record(actor=personas.user("member"), invitation=invitation_of(survey_round, personas["member"].person),
                                given=True)
        return survey_round
    return grow


def test_query_counts_stay_constant(commons, clients, personas, world, inst):
    grow = _grower(commons, personas, world, inst)
    assert_queries_constant(clients["organiser"], u("survey_rounds", commons), grow)
    assert_queries_constant(clients["member"], u("survey_mine", commons), grow)
    assert_queries_constant(clients["member"], u("home", commons), grow)
    first = grow()

    def grow_in_round():
        person = PersonFactory(email="")
        invitation = Invitation.objects.create(round=first, person=person, code=f"X{Invitation.objects.count():05d}")
        services.paper_form_enter(actor=personas.user("organiser"), invitation=invitation, how=How.PHONE, agreed=True,
                                  answers={(inst.key, "close"): "2"})
    for name in ("survey_round", "survey_print"):
        assert_queries_constant(clients["organiser"], u(name, commons, first.uuid), grow_in_round)
