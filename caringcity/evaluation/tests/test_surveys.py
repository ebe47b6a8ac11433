"""Survey rounds through the services: the state machine, who is invited, paper codes, consent,
answers and skips, scores, drip-feed, stopping, paper and phone entry, and the prompts."""

import datetime
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command

from caringcity.core.models import AuditEvent, OutboundEmail
from caringcity.evaluation.models import (
    Answer, ConsentState, How, Invitation, OwnInstrument, Pace, RoundKind, RoundStatus, Score,
)
from caringcity.evaluation.services import surveys as services
from caringcity.evaluation.tests.test_surveys_world import TODAY, inst, invitation_of, open_round, round_data, world  # noqa: F401

pytestmark = pytest.mark.django_db


# --- the round's life -------------------------------------------------------------------------------
def test_a_round_moves_draft_open_closed_and_refused_moves_say_why(commons, personas, world, inst):
    actor = personas.user("organiser")
    survey_round = services.round_create(actor=actor, commons=commons, **round_data(inst))
    assert survey_round.status == RoundStatus.DRAFT
    with pytest.raises(ValidationError, match="has not been opened yet"):
        services.round_close(actor=actor, survey_round=survey_round)
    services.round_open(actor=actor, survey_round=survey_round, today=TODAY)
    with pytest.raises(ValidationError, match="already open"):
        services.round_open(actor=actor, survey_round=survey_round)
    services.round_close(actor=actor, survey_round=survey_round)
    survey_round.refresh_from_db()
    assert survey_round.status == RoundStatus.CLOSED and survey_round.results_to_respondents
    with pytest.raises(ValidationError, match="cannot be opened again"):
        services.round_open(actor=actor, survey_round=survey_round)
    with pytest.raises(ValidationError, match="closed"):
        services.round_change(actor=actor, survey_round=survey_round, name="New name")
    assert list(AuditEvent.objects.filter(action__startswith="evaluation.round.").order_by("pk").values_list("action", flat=True)) == [
        "evaluation.round.create", "evaluation.round.open", "evaluation.round.close"]


def test_round_rules_refuse_bad_input_with_reasons_named_by_field(commons, personas, world, inst, other_commons):
    actor = personas.user("organiser")
    with pytest.raises(ValidationError) as error:
        services.round_create(actor=actor, commons=commons, **round_data(
            inst, name=" ", instruments=["nope"], groups=[], kind=RoundKind.FOLLOW_UP,
            opens_on=datetime.date(2026, 5, 1), closes_on=datetime.date(2026, 4, 1)))
    assert set(error.value.message_dict) == {"name", "instruments", "groups", "follows", "closes_on"}
    with pytest.raises(ValidationError, match="organisers"):
        services.round_create(actor=personas.user("member"), commons=commons, **round_data(inst))
    baseline = services.round_create(actor=actor, commons=commons, **round_data(inst))
    follow = services.round_create(actor=actor, commons=commons, **round_data(inst, kind=RoundKind.FOLLOW_UP, follows=baseline))
    assert follow.follows == baseline


def test_an_open_round_changes_only_its_name_closing_day_and_first_look(commons, personas, world, inst):
    actor = personas.user("organiser")
    survey_round = open_round(personas, commons, inst)
    services.round_change(actor=actor, survey_round=survey_round, name="Spring 2026", first_look_days=10)
    survey_round.refresh_from_db()
    assert (survey_round.name, survey_round.first_look_days) == ("Spring 2026", 10)
    with pytest.raises(ValidationError, match="fixed now"):
        services.round_change(actor=actor, survey_round=survey_round, pace=Pace.DRIP)
    survey_round.refresh_from_db()
    assert survey_round.pace == Pace.ALL_AT_ONCE


def test_opening_invites_each_person_once_with_a_clear_code_and_keeps_their_teams_and_circles(commons, personas, world, inst):
    survey_round = open_round(personas, commons, inst)
    invitations = {inv.person_id: inv for inv in survey_round.invitations.all()}
    expected = {personas[r].person.pk for r in ("owner", "proxy", "member", "organiser", "admin")} | {world["worker"].pk}
    assert set(invitations) == expected
    codes = [inv.code for inv in invitations.values()]
    assert len(set(codes)) == len(codes)
    assert all(re.fullmatch(r"[2-9A-HJKMNP-Z]{6}", code) for code in codes)
    owner = invitations[personas["owner"].person.pk]
    assert owner.groups == ["team_owners"] and list(owner.teams.all()) == [world["team"]]
    organiser = invitations[personas["organiser"].person.pk]
    assert organiser.groups == ["circle_members"] and list(organiser.circles.all()) == [world["circle"]]
    assert invitations[world["worker"].pk].groups == ["workers"]


def test_only_some_teams_and_groups(commons, personas, world, inst):
    survey_round = open_round(personas, commons, inst, groups=["volunteers"], teams=[world["team"]])
    assert [inv.person for inv in survey_round.invitations.all()] == [personas["member"].person]


def test_opening_with_nobody_to_ask_is_refused_and_changes_nothing(commons, personas, inst):
    actor = personas.user("organiser")
    survey_round = services.round_create(actor=actor, commons=commons, **round_data(inst, groups=["workers"]))
    with pytest.raises(ValidationError, match="Nobody"):
        services.round_open(actor=actor, survey_round=survey_round)
    survey_round.refresh_from_db()
    assert survey_round.status == RoundStatus.DRAFT and not Invitation.objects.exists()


def test_opening_locks_the_own_questionnaires_it_uses(commons, personas, world, monkeypatch):
    from caringcity.evaluation.tests.factories import hand_instrument, use_instruments

    own = OwnInstrument.objects.create(commons=commons, name="Social climate")
    mine = hand_instrument(own.key)
    use_instruments(monkeypatch, mine)
    open_round(personas, commons, mine)
    own.refresh_from_db()
    assert own.locked


# --- consent and answers --------------------------------------------------------------------------------
def test_no_answer_before_consent_and_skip_works(commons, personas, world, inst):
    survey_round = open_round(personas, commons, inst)
    user = personas.user("member")
    invitation = invitation_of(survey_round, personas["member"].person)
    with pytest.raises(ValidationError, match="agree"):
        services.answer_save(actor=user, invitation=invitation, instrument_key=inst.key, item_key="calm", value=3)
    assert not Answer.objects.exists()
    services.consent_record(actor=user, invitation=invitation, given=True)
    invitation.refresh_from_db()
    assert (invitation.consent, invitation.consent_how, invitation.consent_recorded_by) == (ConsentState.GIVEN, How.ONLINE, user)
    services.answer_save(actor=user, invitation=invitation, instrument_key=inst.key, item_key="calm", value=4)
    services.answer_save(actor=user, invitation=invitation, instrument_key=inst.key, item_key="close", skipped=True)
    answers = {a.item_key: a for a in invitation.answers.all()}
    assert answers["calm"].value == 4 and answers["close"].skipped and answers["close"].value is None
    assert answers["calm"].entered_by == user and answers["calm"].acting_for is None
    score = Score.objects.get(invitation=invitation)
    assert score.value is None and score.note
    services.answer_save(actor=user, invitation=invitation, instrument_key=inst.key, item_key="close", value=2)
    assert Score.objects.get(invitation=invitation).value == 6.0


def test_a_bad_value_is_refused_and_nothing_is_saved(commons, personas, world, inst):
    survey_round = open_round(personas, commons, inst)
    user = personas.user("member")
    invitation = invitation_of(survey_round, personas["member"].person)
    services.consent_record(actor=user, invitation=invitation, given=True)
    for value in (0, 6, "x", None):
        with pytest.raises(ValidationError) as error:
            services.answer_save(actor=user, invitation=invitation, instrument_key=inst.key, item_key="calm", value=value)
        assert "value" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.answer_save(actor=user, invitation=invitation, instrument_key=inst.key, item_key="nope", value=1)
    assert not Answer.objects.exists() and not Score.objects.exists()


def test_someone_else_cannot_answer_online_for_a_person(commons, personas, world, inst):
    survey_round = open_round(personas, commons, inst)
    invitation = invitation_of(survey_round, personas["member"].person)
    for role in ("proxy", "organiser"):
        with pytest.raises(ValidationError):
            services.consent_record(actor=personas.user(role), invitation=invitation, given=True)
    invitation.refresh_from_db()
    assert invitation.consent == ConsentState.NOT_ASKED


def test_free_text_may_be_quoted_only_when_ticked(commons, personas, world, inst):
    survey_round = open_round(personas, commons, inst)
    user = personas.user("member")
    invitation = invitation_of(survey_round, personas["member"].person)
    services.consent_record(actor=user, invitation=invitation, given=True)
    answer = services.answer_save(actor=user, invitation=invitation, instrument_key=inst.key, item_key="words",
                                  text="  Tea with Rosa.  ", may_quote=True)
    assert (answer.text, answer.may_quote) == ("Tea with Rosa.", True)
    assert not AuditEvent.objects.filter(reason__icontains="Rosa").exists()


def test_stopping_removes_answers_and_scores_and_nobody_can_enter_for_them(commons, personas, world, inst):
    survey_round = open_round(personas, commons, inst)
    user = personas.user("member")
    invitation = invitation_of(survey_round, personas["member"].person)
    services.consent_record(actor=user, invitation=invitation, given=True)
    services.answer_save(actor=user, invitation=invitation, instrument_key=inst.key, item_key="calm", value=4)
    services.consent_withdraw(actor=user, invitation=invitation)
    invitation.refresh_from_db()
    assert invitation.consent == ConsentState.WITHDRAWN
    assert not Answer.objects.filter(invitation=invitation).exists() and not Score.objects.filter(invitation=invitation).exists()
    with pytest.raises(ValidationError, match="stopped taking part"):
        services.paper_form_enter(actor=personas.user("organiser"), invitation=invitation, how=How.PAPER, agreed=True,
                                  answers={(inst.key, "calm"): "3"})
    assert not Answer.objects.exists()


# --- paper and phone ----------------------------------------------------------------------------------------
def test_a_paper_form_is_attributed_to_who_typed_it_and_for_whom(commons, personas, world, inst):
    survey_round = open_round(personas, commons, inst)
    organiser = personas.user("organiser")
    invitation = invitation_of(survey_round, world["worker"])
    services.paper_form_enter(actor=organiser, invitation=invitation, how=How.PAPER, agreed=True,
                              answers={(inst.key, "calm"): "5", (inst.key, "close"): "3", (inst.key, "words"): "The lunch club."},
                              may_quote={(inst.key, "words")})
    invitation.refresh_from_db()
    assert (invitation.consent, invitation.consent_how, invitation.consent_recorded_by) == (ConsentState.GIVEN, How.PAPER, organiser)
    assert invitation.finished_at
    rows = list(invitation.answers.order_by("item_key"))
    assert [(a.item_key, a.value, a.how, a.entered_by, a.acting_for) for a in rows] == [
        ("calm", 5, How.PAPER, organiser, world["worker"]), ("close", 3, How.PAPER, organiser, world["worker"]),
        ("words", None, How.PAPER, organiser, world["worker"])]
    assert rows[2].may_quote and rows[2].text == "The lunch club."
    assert Score.objects.get(invitation=invitation).value == 8.0
    event = AuditEvent.objects.get(action="evaluation.answer.enter")
    assert event.acting_for == world["worker"].uuid and event.reason == "paper"
    assert "lunch" not in str(AuditEvent.objects.values_list("reason", flat=True))


def test_phone_answers_record_consent_on_the_phone_and_blanks_as_skipped(commons, personas, world, inst):
    survey_round = open_round(personas, commons, inst)
    invitation = invitation_of(survey_round, personas["owner"].person)
    services.paper_form_enter(actor=personas.user("admin"), invitation=invitation, how=How.PHONE, agreed=True,
                              answers={(inst.key, "calm"): "2"})
    invitation.refresh_from_db()
    assert invitation.consent_how == How.PHONE and invitation.consent_recorded_by == personas.user("admin")
    skipped = {a.item_key for a in invitation.answers.filter(skipped=True)}
    assert skipped == {"close", "words"}


@pytest.mark.parametrize("case", ["declined", "not_agreed", "bad_value", "member", "twice", "closed"])
def test_refused_paper_entries_change_nothing(commons, personas, world, inst, case):
    survey_round = open_round(personas, commons, inst)
    organiser = personas.user("organiser")
    invitation = invitation_of(survey_round, personas["owner"].person)
    kwargs = {"actor": organiser, "invitation": invitation, "how": How.PAPER, "agreed": True,
              "answers": {(inst.key, "calm"): "3"}}
    if case == "declined":
        services.consent_record(actor=personas.user("owner"), invitation=invitation, given=False)
    elif case == "not_agreed":
        kwargs["agreed"] = False
    elif case == "bad_value":
        kwargs["answers"] = {(inst.key, "calm"): "9"}
    elif case == "member":
        kwargs["actor"] = personas.user("member")
    elif case == "twice":
        services.paper_form_enter(**kwargs)
    elif case == "closed":
        services.round_close(actor=organiser, survey_round=survey_round)
    before = (list(Answer.objects.values_list("pk", "value", "how")), Invitation.objects.get(pk=invitation.pk).consent,
              AuditEvent.objects.filter(action="evaluation.answer.enter").count())
    with pytest.raises(ValidationError) as error:
        services.paper_form_enter(**kwargs)
    if case == "declined":
        assert "said no" in " ".join(error.value.messages)
    after = (list(Answer.objects.values_list("pk", "value", "how")), Invitation.objects.get(pk=invitation.pk).consent,
             AuditEvent.objects.filter(action="evaluation.answer.enter").count())
    assert after == before


# --- drip-feed ---------------------------------------------------------------------------------------------------
def test_drip_feed_opens_a_few_questions_at_a_time_and_prompts_once_without_wording(commons, personas, world, inst):
    survey_round = open_round(personas, commons, inst, pace=Pace.DRIP, items_per_prompt=2, days_between_prompts=7)
    from caringcity.evaluation.selectors import surveys as sel

    user = personas.user("member")
    invitation = invitation_of(survey_round, personas["member"].person)
    assert invitation.next_prompt_on == TODAY
    mail.outbox.clear()
    sent = services.prompts_send(TODAY)
    assert sent == len([i for i in survey_round.invitations.select_related("person__user") if services._email_of(i.person)])
    assert services.prompts_send(TODAY) == 0  # once
    prompt = OutboundEmail.objects.get(to=user.email, subject="New questions are waiting for you")
    for wording in ("calm", "close to other people", "helps you most", inst.name):
        assert wording not in prompt.body_text and wording not in prompt.subject
    assert str(invitation.uuid) in prompt.body_text
    services.consent_record(actor=user, invitation=invitation, given=True)
    invitation.refresh_from_db()
    assert sel.progress(invitation, TODAY).open == {1, 2}
    services.answer_save(actor=user, invitation=invitation, instrument_key=inst.key, item_key="calm", value=3, today=TODAY)
    with pytest.raises(ValidationError, match="not open yet"):
        services.answer_save(actor=user, invitation=invitation, instrument_key=inst.key, item_key="words", text="x", today=TODAY)
    services.answer_save(actor=user, invitation=invitation, instrument_key=inst.key, item_key="close", skipped=True, today=TODAY)
    invitation.refresh_from_db()
    next_on = TODAY + datetime.timedelta(days=7)
    assert invitation.next_prompt_on == next_on
    prog = sel.progress(invitation, TODAY)
    assert prog.open == {1, 2} and prog.waiting == 0 and prog.next_on == next_on
    assert services.prompts_send(TODAY + datetime.timedelta(days=6)) == 0
    assert services.prompts_send(next_on) == 1
    invitation.refresh_from_db()
    assert sel.progress(invitation, next_on).open == {1, 2, 3}
    assert services.prompts_send(next_on) == 0


def test_the_prompts_command_and_task_send_the_same_prompts(commons, personas, world, inst):
    survey_round = open_round(personas, commons, inst, pace=Pace.DRIP, closes_on=datetime.date(2999, 1, 1))
    survey_round.invitations.update(next_prompt_on=datetime.date(2000, 1, 1))
    call_command("evaluation_prompts")
    first = OutboundEmail.objects.filter(subject="New questions are waiting for you").count()
    assert first > 0
    from caringcity.evaluation.tasks import send_survey_prompts

    send_survey_prompts.call() if hasattr(send_survey_prompts, "call") else send_survey_prompts.func()
    assert OutboundEmail.objects.filter(subject="New questions are waiting for you").count() == first
