"""The life of a summary through its services: drafting, sending, the person's answer (by link,
signed in, through a proxy, on paper recorded by the team), approval and its withdrawal; every
refusal leaves everything as it was; the private link's security."""

import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from caringcity.core.models import AuditEvent, OutboundEmail
from caringcity.stories.models import InterviewState, ReviewLink, Summary, SummaryState, SummaryVersion
from caringcity.stories.selectors import summaries as selectors
from caringcity.stories.services import summaries as services
from caringcity.stories.tests.factories import make_interview, make_project, make_summary_transcript
from caringcity.stories.tests.test_summaries_summarise import service  # noqa: F401  (the local model server)

pytestmark = pytest.mark.django_db

K = SummaryVersion.Kind


@pytest.fixture
def world(commons, personas):
    team = personas["member"].person
    project = make_project(commons, lead=team)
    interview = make_interview(project, personas["owner"].person, title="Gloria on the market")
    make_summary_transcript(interview)
    return {"team": team.user, "interview": interview, "owner": personas["owner"].person.user,
            "proxy": personas["proxy"].person.user, "organiser": personas["organiser"].person.user,
            "admin": personas["admin"].person.user, "team_person": team}


def _snapshot(summary):
    summary.refresh_from_db()
    return (summary.state, summary.approved_version_id, list(summary.versions.values_list("number", "kind", "how", "text")),
            list(ReviewLink.objects.filter(summary=summary).values_list("pk", "cancelled_at")))


def _refused(summary, call, error=ValidationError):
    before = _snapshot(summary)
    with pytest.raises(error):
        call()
    assert _snapshot(summary) == before


def _started(world, text="Gloria came to Clapton in 1979. The market helped her."):
    summary, notice = services.summary_start(actor=world["team"], interview=world["interview"], start_from="blank")
    services.summary_save(actor=world["team"], summary=summary, text=text)
    return summary


def test_the_whole_life_by_private_link(world):
    team, interview = world["team"], world["interview"]
    summary, notice = services.summary_start(actor=team, interview=interview, start_from="extractive")
    assert notice is None and summary.state == SummaryState.DRAFT
    first = summary.versions.get()
    assert (first.number, first.kind, first.started_from, first.how) == (1, K.DRAFT, "extractive", "")
    assert "market" in first.text and "Thank you for talking" not in first.text
    assert not selectors.person_sees(world["owner"], summary)  # a draft never reaches the person

    second = services.summary_save(actor=team, summary=summary, text=first.text + "\n\nShe wants the market kept going.",
                                   note="Added her wish", based_on=1)
    assert (second.number, second.kind, second.written_by) == (2, K.DRAFT, world["team_person"])

    link, token = services.summary_send(actor=team, summary=summary, how="link")
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest() and token not in link.token_hash
    assert len(token) >= 40
    assert (link.expires_at - timezone.now()).days in (29, 30)
    summary.refresh_from_db()
    assert summary.state == SummaryState.WITH_PERSON
    assert SummaryVersion.objects.get(summary=summary, number=2).how == "link"
    assert selectors.review_link_for_token(token).pk == link.pk

    found = selectors.review_link_for_token(token)
    suggestion = services.review_suggest(link=found, text=second.text.replace("1979", "1978"), seen=2)
    assert (suggestion.number, suggestion.kind, suggestion.how, suggestion.written_by) == (3, K.SUGGESTION, "link", interview.respondent)
    summary.refresh_from_db()
    assert summary.state == SummaryState.CHANGES

    accepted = services.summary_accept_changes(actor=team, summary=summary)
    assert (accepted.number, accepted.kind, accepted.text) == (4, K.REVISION, suggestion.text)
    summary.refresh_from_db()
    assert summary.state == SummaryState.DRAFT
    # While the team works, the person still sees their own version 3, never the unsent version 4.
    summary = selectors.summary_for(interview)
    assert selectors.person_version(summary).number == 3

    link2, token2 = services.summary_send(actor=team, summary=summary, how="link")
    assert selectors.review_link_for_token(token) is None  # the old link stopped working
    addition = services.review_add(link=selectors.review_link_for_token(token2), addition="I also ran the tea stall.", seen=4)
    assert addition.kind == K.ADDITION and addition.text.endswith("\n\nI also ran the tea stall.")
    assert selectors.approved_summary_text(interview) is None  # nothing used before approval

    approved = services.review_approve(link=selectors.review_link_for_token(token2), seen=5)
    summary.refresh_from_db()
    assert (summary.state, summary.approved_version, summary.approved_how) == (SummaryState.APPROVED, approved, "link")
    assert approved.number == 5 and summary.approved_at is not None
    assert selectors.review_link_for_token(token2) is None  # used up by approval
    assert selectors.approved_summary_text(interview) == addition.text
    assert list(selectors.usable_summaries()) == [summary]

    services.my_summary_withdraw(actor=world["owner"], summary=summary)
    summary.refresh_from_db()
    assert summary.state == SummaryState.WITHDRAWN
    assert selectors.approved_summary_text(interview) is None and not selectors.usable_summaries().exists()

    actions = list(AuditEvent.objects.filter(action__startswith="stories.summary.").order_by("pk").values_list("action", flat=True))
    assert actions == ["stories.summary.start", "stories.summary.save", "stories.summary.send", "stories.summary.suggest",
                       "stories.summary.accept", "stories.summary.send", "stories.summary.add", "stories.summary.approve",
                       "stories.summary.withdraw"]
    for event in AuditEvent.objects.filter(action__startswith="stories.summary."):
        assert "Clapton" not in event.reason and "tea" not in event.reason and "market" not in event.reason
        assert event.subject == interview.respondent.uuid


def test_a_printed_copy_answered_through_the_proxy_and_approved_by_phone(world):
    summary = _started(world)
    link, token = services.summary_send(actor=world["team"], summary=summary, how="printed")
    assert link is None and token is None
    summary.refresh_from_db()
    assert summary.state == SummaryState.WITH_PERSON and not ReviewLink.objects.exists()
    # Pat (proxy) writes down what Olive marked on her printed copy.
    version = services.my_summary_change(actor=world["proxy"], summary=summary, kind=K.SUGGESTION,
                                         text="Gloria came to Clapton in 1978. The market helped her.", seen=1, how="printed")
    assert (version.how, version.recorded_by, version.written_by.pk) == ("printed", world["proxy"].person, world["interview"].respondent_id)
    event = AuditEvent.objects.get(action="stories.summary.suggest")
    assert event.acting_for == world["interview"].respondent.uuid and event.basis == "proxy"
    # The team answers with a revision, sends by phone, and writes down the approval from the call.
    services.summary_save(actor=world["team"], summary=summary, text=version.text + " She says thank you.")
    services.summary_send(actor=world["team"], summary=summary, how="phone")
    services.summary_record_response(actor=world["team"], summary=summary, how="phone", approve=True)
    summary.refresh_from_db()
    assert summary.state == SummaryState.APPROVED and summary.approved_how == "phone"
    assert summary.approval_recorded_by == world["team_person"] and summary.approved_version.number == 3
    assert summary.approved_version.kind == K.REVISION


def test_the_team_records_changes_and_approval_together(world):
    summary = _started(world)
    services.summary_send(actor=world["team"], summary=summary, how="printed")
    version = services.summary_record_response(actor=world["team"], summary=summary, how="printed", kind=K.ADDITION,
                                               text="My grandson helps too.", approve=True)
    summary.refresh_from_db()
    assert version.kind == K.ADDITION and version.recorded_by == world["team_person"]
    assert summary.approved_version == version and summary.approved_how == "printed"


def test_the_person_approves_signed_in(world):
    summary = _started(world)
    services.summary_send(actor=world["team"], summary=summary, how="link")
    services.my_summary_approve(actor=world["owner"], summary=summary, seen=1)
    summary.refresh_from_db()
    assert summary.state == SummaryState.APPROVED and summary.approved_how == "signed_in" and summary.approval_recorded_by is None
    assert not ReviewLink.objects.filter(cancelled_at__isnull=True).exists()


def test_the_language_model_service_starts_the_draft(world, settings, service):  # noqa: F811
    settings.STORIES_SUMMARY_SERVICE_URL, settings.STORIES_SUMMARY_SERVICE_MODEL = service.url, "local"
    summary, notice = services.summary_start(actor=world["team"], interview=world["interview"], start_from="language_model")
    version = summary.versions.get()
    assert notice is None and version.started_from == "language_model" and version.text == "Gloria came to Clapton in 1979."
    assert "Gloria" not in AuditEvent.objects.get(action="stories.summary.start").reason


def test_a_failing_service_falls_back_to_the_built_in_summary(world, settings, service):  # noqa: F811
    settings.STORIES_SUMMARY_SERVICE_URL = service.url
    service.mode = "error"
    summary, notice = services.summary_start(actor=world["team"], interview=world["interview"], start_from="language_model")
    assert "built-in summary" in notice
    assert summary.versions.get().started_from == "extractive"


def test_refusals_change_nothing(world, settings):
    team, interview = world["team"], world["interview"]
    with pytest.raises(PermissionDenied):
        services.summary_start(actor=world["organiser"], interview=interview, start_from="blank")  # organiser not on the team
    with pytest.raises(ValidationError):
        services.summary_start(actor=team, interview=interview, start_from="language_model")  # no service set up
    assert not Summary.objects.exists()
    summary = _started(world)
    with pytest.raises(ValidationError):
        services.summary_start(actor=team, interview=interview, start_from="blank")
    _refused(summary, lambda: services.summary_save(actor=team, summary=summary, text="   "))
    _refused(summary, lambda: services.summary_save(actor=team, summary=summary, text=summary.versions.last().text))
    _refused(summary, lambda: services.summary_save(actor=team, summary=summary, text="New", based_on=7))  # someone saved since
    _refused(summary, lambda: services.summary_save(actor=world["admin"], summary=summary, text="New"), PermissionDenied)
    _refused(summary, lambda: services.summary_send(actor=team, summary=summary, how="carrier pigeon"))
    world["interview"].respondent.email = ""
    world["interview"].respondent.save()
    _refused(summary, lambda: services.summary_send(actor=team, summary=summary, how="link", email=True))
    _refused(summary, lambda: services.summary_send(actor=team, summary=summary, how="printed", email=True))
    _refused(summary, lambda: services.summary_accept_changes(actor=team, summary=summary))
    _refused(summary, lambda: services.my_summary_approve(actor=world["owner"], summary=summary, seen=1), PermissionDenied)  # not sent

    link, token = services.summary_send(actor=team, summary=summary, how="link")
    _refused(summary, lambda: services.summary_save(actor=team, summary=summary, text="Changed while she reads"))
    found = selectors.review_link_for_token(token)
    _refused(summary, lambda: services.review_approve(link=found, seen=2))  # not the version she read
    _refused(summary, lambda: services.review_suggest(link=found, text=summary.versions.last().text, seen=1))  # no change
    _refused(summary, lambda: services.review_add(link=found, addition=" ", seen=1))
    _refused(summary, lambda: services.my_summary_approve(actor=world["team"], summary=summary, seen=1), PermissionDenied)
    _refused(summary, lambda: services.my_summary_withdraw(actor=world["owner"], summary=summary))  # not approved
    _refused(summary, lambda: services.summary_record_response(actor=team, summary=summary, how="phone"))  # nothing said
    _refused(summary, lambda: services.summary_record_response(actor=team, summary=summary, how="telepathy", approve=True))

    services.review_suggest(link=found, text="Her own words.", seen=1)
    _refused(summary, lambda: services.summary_send(actor=team, summary=summary, how="link"))  # answer her changes first
    services.review_approve(link=selectors.review_link_for_token(token), seen=2)
    _refused(summary, lambda: services.summary_save(actor=team, summary=summary, text="After approval"))
    _refused(summary, lambda: services.summary_take_back(actor=team, summary=summary))

    interview.state = InterviewState.CLOSED
    interview.save()
    _refused(summary, lambda: services.summary_record_withdrawal(actor=team, summary=summary, how="phone"))


def test_the_private_link_only_works_while_it_should(world):
    summary = _started(world)
    link, token = services.summary_send(actor=world["team"], summary=summary, how="link")
    assert selectors.review_link_for_token(token) is not None
    for wrong in ("", "x", token[:-1], token + "x", token.upper(), "a" * 500, link.token_hash):
        assert selectors.review_link_for_token(wrong) is None

    ReviewLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - timezone.timedelta(seconds=1))
    assert selectors.review_link_for_token(token) is None
    ReviewLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() + timezone.timedelta(days=1))

    interview = world["interview"]
    for state in (InterviewState.CLOSED, InterviewState.TAKEN_DOWN):
        interview.state = state
        interview.save()
        assert selectors.review_link_for_token(token) is None
    interview.state = InterviewState.AGREED
    interview.save()
    assert selectors.review_link_for_token(token) is not None
    stale = selectors.review_link_for_token(token)

    services.review_link_cancel(actor=world["team"], link=link)
    assert selectors.review_link_for_token(token) is None
    # A link fetched before it was cancelled cannot be used after.
    _refused(summary, lambda: services.review_approve(link=stale, seen=1), PermissionDenied)
    _refused(summary, lambda: services.review_suggest(link=stale, text="x y z", seen=1), PermissionDenied)
    _refused(summary, lambda: services.review_link_cancel(actor=world["team"], link=link))

    link2, token2 = services.summary_send(actor=world["team"], summary=summary, how="link")
    services.summary_take_back(actor=world["team"], summary=summary)
    assert selectors.review_link_for_token(token2) is None


def test_the_email_carries_only_the_link(world):
    summary = _started(world, text="Gloria talked about her diabetes and the market.")
    world["interview"].respondent.email = "olive@example.org"
    world["interview"].respondent.save()
    link, token = services.summary_send(actor=world["team"], summary=summary, how="link", email=True)
    mail = OutboundEmail.objects.get()
    assert mail.to == "olive@example.org"
    assert f"/stories/review/{token}/" in mail.body_text
    for private in ("diabetes", "market", "Gloria", "summary", world["interview"].title, world["interview"].project.name):
        assert private not in mail.body_text and private not in mail.subject
    assert "e-mailed" in AuditEvent.objects.get(action="stories.summary.send").reason
