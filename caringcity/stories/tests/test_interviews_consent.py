"""The consent state machine: every move, who may make it, and every refusal (which says why and
changes nothing); closures that end by themselves; the take-down; the audit trail."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from caringcity.core.models import AuditEvent
from caringcity.stories.models import Agreement, Closure, InterviewState, TakeDown, Use
from caringcity.stories.selectors.interviews import material_interviews, usable_interviews
from caringcity.stories.services import interviews as services
from caringcity.stories.tests.factories import TINY_PNG, make_interview, make_project, upload

pytestmark = pytest.mark.django_db

S = InterviewState
TODAY = timezone.localdate()
LATER = TODAY + datetime.timedelta(days=30)


@pytest.fixture
def world(commons, personas, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    project = make_project(commons, lead=personas["member"].person)
    interview = make_interview(project, personas["owner"].person, agreed=False)
    return project, interview


def user(personas, role):
    return personas[role].person.user


def snapshot(interview):
    interview.refresh_from_db()
    return (interview.state, interview.closed_until, interview.taken_down_at, interview.agreements.count(),
            interview.agreements.filter(withdrawn_at__isnull=True).count(), interview.closures.count(),
            TakeDown.objects.filter(interview=interview).count())


def refused(call, interview, contains=None):
    before = snapshot(interview)
    audits = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as info:
        call()
    assert snapshot(interview) == before, "a refused move changed the interview"
    assert AuditEvent.objects.count() == audits
    text = " ".join(info.value.messages)
    assert text.strip()
    if contains:
        assert contains in text, text
    return info.value


def test_nothing_leaves_draft_without_an_agreement(world, personas):
    project, interview = world
    assert interview.state == S.DRAFT
    assert interview not in usable_interviews()
    refused(lambda: services.closure_add(actor=user(personas, "member"), interview=interview, until=LATER, asked_by="Olive"),
            interview, "no agreement yet")
    refused(lambda: services.agreement_withdraw(actor=user(personas, "member"), interview=interview), interview, "still a draft")
    refused(lambda: services.agreement_record(actor=user(personas, "member"), interview=interview, how="phone", uses=[]),
            interview, "Tick at least one")


def test_an_agreement_by_phone_moves_draft_to_agreed_and_is_audited_without_content(world, personas):
    project, interview = world
    agreement = services.agreement_record(actor=user(personas, "member"), interview=interview, how="phone",
                                          uses=[Use.QUOTE_ANONYMOUS, Use.RESEARCH, "nonsense"], signed_name="Olive, with her son")
    interview.refresh_from_db()
    assert interview.state == S.AGREED and interview in usable_interviews()
    assert agreement.uses == [Use.RESEARCH, Use.QUOTE_ANONYMOUS]
    assert agreement.recorded_by == personas["member"].person
    event = AuditEvent.objects.get(action="stories.interview.agree")
    assert event.subject == personas["owner"].person.uuid
    assert "Olive" not in event.reason and "son" not in event.reason


def test_on_screen_needs_the_name_typed_and_the_person_present(world, personas):
    project, interview = world
    error = refused(lambda: services.agreement_record(actor=user(personas, "member"), interview=interview, how="screen",
                                                      uses=[Use.RESEARCH]), interview)
    assert set(error.error_dict) == {"signed_name", "present"}
    services.agreement_record(actor=user(personas, "member"), interview=interview, how="screen", uses=[Use.RESEARCH],
                              signed_name="Olive Owner", present=True)
    assert snapshot(interview)[0] == S.AGREED


def test_on_paper_needs_a_pdf_jpeg_or_png_judged_by_its_bytes(world, personas):
    project, interview = world
    actor = user(personas, "member")
    error = refused(lambda: services.agreement_record(actor=actor, interview=interview, how="paper", uses=[Use.RESEARCH]), interview)
    assert "paper" in error.error_dict
    fake = upload(b"MZ\x90\x00 not a pdf", name="form.pdf")
    error = refused(lambda: services.agreement_record(actor=actor, interview=interview, how="paper", uses=[Use.RESEARCH], paper=fake),
                    interview)
    assert "cannot be used here" in " ".join(error.error_dict["paper"][0].messages)
    agreement = services.agreement_record(actor=actor, interview=interview, how="paper", uses=[Use.RESEARCH],
                                          paper=upload(TINY_PNG, name="photo.jpg", content_type="image/jpeg"))
    assert agreement.paper_content_type == "image/png"  # from the bytes, not the name or the browser's claim
    assert agreement.paper.name.startswith("stories/agreements/") and "photo" not in agreement.paper.name


def test_paper_too_big_is_refused(world, personas, settings):
    project, interview = world
    settings.UPLOAD_MAX_BYTES = 10
    refused(lambda: services.agreement_record(actor=user(personas, "member"), interview=interview, how="paper",
                                              uses=[Use.RESEARCH], paper=upload()), interview, "too big")


def test_a_new_agreement_replaces_the_old_one_which_is_kept(world, personas):
    project, interview = world
    actor = user(personas, "member")
    first = services.agreement_record(actor=actor, interview=interview, how="phone", uses=[Use.RESEARCH])
    second = services.agreement_record(actor=actor, interview=interview, how="phone", uses=[Use.RESEARCH, Use.QUOTE_NAMED])
    first.refresh_from_db()
    assert first.withdrawn_at is not None and second.withdrawn_at is None
    assert services.current_agreement(interview) == second
    assert AuditEvent.objects.filter(action="stories.interview.reagree").count() == 1


def test_withdrawing_the_agreement_goes_back_to_draft(world, personas):
    project, interview = world
    actor = user(personas, "member")
    services.agreement_record(actor=actor, interview=interview, how="phone", uses=[Use.RESEARCH])
    services.agreement_withdraw(actor=actor, interview=interview, why="recorded by mistake")
    interview.refresh_from_db()
    assert interview.state == S.DRAFT and services.current_agreement(interview) is None
    assert interview not in usable_interviews() and interview in material_interviews(project)


def test_closure_lift_and_expiry(world, personas):
    project, interview = world
    actor = user(personas, "member")
    services.agreement_record(actor=actor, interview=interview, how="phone", uses=[Use.RESEARCH])
    refused(lambda: services.closure_add(actor=actor, interview=interview, until=TODAY, asked_by="Olive"), interview, "after today")
    refused(lambda: services.closure_add(actor=actor, interview=interview, until=LATER, asked_by=""), interview, "who asked")
    services.closure_add(actor=actor, interview=interview, until=LATER, asked_by="Olive", reason="moving house")
    interview.refresh_from_db()
    assert interview.state == S.CLOSED and interview.closed_until == LATER
    assert interview not in usable_interviews() and interview not in material_interviews(project)
    refused(lambda: services.closure_add(actor=actor, interview=interview, until=LATER, asked_by="Olive"), interview, "already closed")
    refused(lambda: services.agreement_record(actor=actor, interview=interview, how="phone", uses=[Use.RESEARCH]), interview,
            "Lift the closure")
    refused(lambda: services.agreement_withdraw(actor=actor, interview=interview), interview, "Lift the closure")
    assert "moving" not in AuditEvent.objects.get(action="stories.interview.close").reason

    services.closure_lift(actor=actor, interview=interview)
    interview.refresh_from_db()
    assert interview.state == S.AGREED and interview.closed_until is None
    assert Closure.objects.get(interview=interview).lifted_at is not None
    refused(lambda: services.closure_lift(actor=actor, interview=interview), interview, "not closed")


def test_closures_reopen_by_themselves_on_their_end_date(world, personas):
    project, interview = world
    actor = user(personas, "member")
    services.agreement_record(actor=actor, interview=interview, how="phone", uses=[Use.RESEARCH])
    services.closure_add(actor=actor, interview=interview, until=LATER, asked_by="Olive")
    assert services.closures_expire(LATER - datetime.timedelta(days=1)) == 0
    assert snapshot(interview)[0] == S.CLOSED
    call_command("stories_closures", today=LATER.isoformat(), stdout=open("/dev/null", "w"))
    interview.refresh_from_db()
    assert interview.state == S.AGREED and interview.closed_until is None
    assert Closure.objects.get(interview=interview).lifted_at is None  # it ended, it was not lifted
    event = AuditEvent.objects.get(action="stories.interview.reopen")
    assert event.actor is None and event.subject == personas["owner"].person.uuid
    assert services.closures_expire(LATER) == 0  # safe to run twice


def test_take_down_is_final_and_hides_the_material_at_once(world, personas):
    project, interview = world
    actor = user(personas, "member")
    services.agreement_record(actor=actor, interview=interview, how="phone", uses=[Use.RESEARCH])
    services.closure_add(actor=actor, interview=interview, until=LATER, asked_by="Olive")
    refused(lambda: services.take_down(actor=actor, interview=interview), interview, "who asked")
    services.take_down(actor=actor, interview=interview, asked_by="Olive", how="by phone to Mo")
    interview.refresh_from_db()
    assert interview.state == S.TAKEN_DOWN and interview.taken_down_at and interview.closed_until is None
    assert interview not in usable_interviews() and interview not in material_interviews(project)
    for move in (lambda: services.take_down(actor=actor, interview=interview, asked_by="x", how="y"),
                 lambda: services.agreement_record(actor=actor, interview=interview, how="phone", uses=[Use.RESEARCH]),
                 lambda: services.closure_lift(actor=actor, interview=interview),
                 lambda: services.closure_add(actor=actor, interview=interview, until=LATER, asked_by="x"),
                 lambda: services.agreement_withdraw(actor=actor, interview=interview),
                 lambda: services.interview_update(actor=actor, interview=interview, respondent=interview.respondent, title="New")):
        refused(move, interview, "taken down")


def test_the_person_and_their_proxy_close_and_take_down_themselves_at_once(world, personas):
    project, interview = world
    services.agreement_sign(actor=user(personas, "owner"), interview=interview, signed_name="Olive Owner", uses=[Use.RESEARCH])
    interview.refresh_from_db()
    assert interview.state == S.AGREED
    assert Agreement.objects.get(interview=interview).how == Agreement.How.SCREEN
    services.closure_add(actor=user(personas, "proxy"), interview=interview, until=LATER)
    closure = Closure.objects.get(interview=interview)
    assert closure.asked_by == personas["owner"].person.display_name
    event = AuditEvent.objects.get(action="stories.interview.close")
    assert event.acting_for == personas["owner"].person.uuid
    services.closure_lift(actor=user(personas, "owner"), interview=interview)
    services.take_down(actor=user(personas, "owner"), interview=interview)
    interview.refresh_from_db()
    assert interview.state == S.TAKEN_DOWN and interview.take_down.asked_by == personas["owner"].person.display_name


@pytest.mark.parametrize("role", ["organiser", "admin", "paper_member", "outsider"])
def test_people_beyond_the_team_and_the_person_cannot_move_consent(world, personas, role, commons):
    from caringcity.people.tests.factories import member_with_login

    project, interview = world
    actor = member_with_login(commons, name="Someone Else").person.user if role == "paper_member" else user(personas, role)
    before = snapshot(interview)
    for move in (lambda: services.agreement_record(actor=actor, interview=interview, how="phone", uses=[Use.RESEARCH]),
                 lambda: services.agreement_sign(actor=actor, interview=interview, signed_name="X", uses=[Use.RESEARCH]),
                 lambda: services.take_down(actor=actor, interview=interview, asked_by="x", how="y")):
        with pytest.raises(PermissionDenied):
            move()
    assert snapshot(interview) == before


def test_the_person_cannot_record_for_the_team_nor_the_proxy_sign_with_an_empty_name(world, personas):
    project, interview = world
    with pytest.raises(PermissionDenied):
        services.agreement_record(actor=user(personas, "owner"), interview=interview, how="phone", uses=[Use.RESEARCH])
    refused(lambda: services.agreement_sign(actor=user(personas, "proxy"), interview=interview, signed_name=" ", uses=[Use.RESEARCH]),
            interview, "Type your name")


def test_the_person_interviewed_cannot_change_once_they_agreed(world, personas):
    project, interview = world
    actor = user(personas, "member")
    services.agreement_record(actor=actor, interview=interview, how="phone", uses=[Use.RESEARCH])
    title = interview.title
    refused(lambda: services.interview_update(actor=actor, interview=interview, respondent=personas["paper"].person, title="Other"),
            interview, "cannot change once they have agreed")
    interview.refresh_from_db()
    assert interview.title == title and interview.respondent == personas["owner"].person
    refused(lambda: services.interview_update(actor=actor, interview=interview, respondent=interview.respondent, title="X",
                                              interviewers=[personas["owner"].person]), interview, "cannot also be an interviewer")


def test_my_interviews_agrees_with_the_rule_own_interview(world, personas, commons):
    from caringcity.stories.selectors.interviews import my_interviews

    project, interview = world
    other = make_interview(project, personas["paper"].person, title="Percy's")
    for role in ("member", "owner", "proxy", "organiser", "admin", "outsider"):
        who = user(personas, role)
        listed = set(my_interviews(who, commons))
        allowed = {i for i in (interview, other) if who.has_perm("stories.own_interview", i)}
        assert listed == allowed, role
    assert set(my_interviews(user(personas, "proxy"), commons)) == {interview}
