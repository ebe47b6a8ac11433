"""The quote bank: quotes only in the uses the agreement allows, never the name on an anonymised one,
approval recorded (or carried over from an approved summary), and a quote usable only while
everything still allows it: the selector, the rule and the evaluation reports agree at once."""

import datetime

import pytest
import rules
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from caringcity.core.testing import assert_matrix
from caringcity.evaluation import quotes as quote_sources
from caringcity.stories.models import Agreement, Closure, InterviewState, StoryQuote, SummaryState, TakeDown, Use
from caringcity.stories.selectors.coding import usable_quotes
from caringcity.stories.services import coding as services
from caringcity.stories.tests.factories import (
    make_approved_summary, make_code, make_interview, make_passage, make_project, make_coded_transcript,
)

pytestmark = pytest.mark.django_db

OK, NF, REDIR = 200, 404, 302
ALL_USES = (Use.RESEARCH, Use.QUOTE_NAMED, Use.QUOTE_ANONYMOUS)


@pytest.fixture
def team(commons, personas):
    project = make_project(commons, lead=personas["member"].person, researchers=[personas["admin"].person])
    return {"project": project, "actor": personas.user("member"), "code": make_code(project, "Being there")}


def _passage(team, respondent, uses=ALL_USES, words="soup", summary=False):
    interview = make_interview(team["project"], respondent, uses=uses)
    if summary:
        approved = make_approved_summary(interview)
        return make_passage(interview, [team["code"]], summary_version=approved.approved_version, words="paperwork")
    turn = make_coded_transcript(interview).turns.last()
    return make_passage(interview, [team["code"]], turn=turn, words=words)


def _approved(team, passage, use="anonymised", attribution="A neighbour in Clapton"):
    quote = services.quote_create(actor=team["actor"], passage=passage, use=use, attribution=attribution)
    return services.quote_approve(actor=team["actor"], quote=quote, how="phone")


def _usable(commons):
    return set(usable_quotes(commons).values_list("pk", flat=True))


def test_named_quote_says_the_name_and_anonymised_never_does(team, personas):
    olive = personas["owner"].person
    passage = _passage(team, olive)
    named = services.quote_create(actor=team["actor"], passage=passage, use="named")
    assert named.attribution == olive.name
    with pytest.raises(ValidationError) as refused:
        services.quote_create(actor=team["actor"], passage=passage, use="anonymised", attribution=f"{olive.name.split()[0]} from the market")
    assert "must not carry their name" in str(refused.value)
    with pytest.raises(ValidationError):
        services.quote_create(actor=team["actor"], passage=passage, use="anonymised", attribution="")
    assert StoryQuote.objects.count() == 1


def test_only_uses_the_agreement_allows(team, personas):
    passage = _passage(team, personas["owner"].person, uses=(Use.RESEARCH, Use.QUOTE_ANONYMOUS))
    with pytest.raises(ValidationError) as refused:
        services.quote_create(actor=team["actor"], passage=passage, use="named")
    assert "does not allow" in str(refused.value)
    assert not StoryQuote.objects.exists()
    draft = make_interview(team["project"], personas["owner"].person, agreed=False)
    loose = make_passage(draft, [team["code"]], turn=make_coded_transcript(draft).turns.last(), words="soup")
    with pytest.raises(ValidationError):
        services.quote_create(actor=team["actor"], passage=loose, use="anonymised", attribution="A neighbour")
    assert not StoryQuote.objects.exists()


def test_words_must_come_from_the_passage(team, personas):
    passage = _passage(team, personas["owner"].person, words="soup to my neighbour")
    with pytest.raises(ValidationError):
        services.quote_create(actor=team["actor"], passage=passage, use="named", words="soup for everyone")
    quote = services.quote_create(actor=team["actor"], passage=passage, use="named", words="my neighbour")
    assert quote.text == "my neighbour"


def test_a_quote_waits_for_approval_then_is_usable(team, commons, personas):
    quote = services.quote_create(actor=team["actor"], passage=_passage(team, personas["owner"].person), use="named")
    assert quote.approved_at is None and quote.pk not in _usable(commons)
    services.quote_approve(actor=team["actor"], quote=quote, how="phone", recorded_by=personas["admin"].person)
    quote.refresh_from_db()
    assert quote.approved_by == personas["admin"].person and quote.approved_how == "phone"
    assert quote.pk in _usable(commons)


def test_a_quote_from_the_approved_summary_counts_as_approved(team, commons, personas):
    passage = _passage(team, personas["owner"].person, summary=True)
    quote = services.quote_create(actor=team["actor"], passage=passage, use="anonymised", attribution="A neighbour")
    assert quote.approved_at is not None and quote.approved_how == "phone"
    assert quote.pk in _usable(commons)


def _take_down(quote):
    TakeDown.objects.create(interview=quote.interview, asked_by="Herself")
    quote.interview.state, quote.interview.taken_down_at = InterviewState.TAKEN_DOWN, timezone.now()
    quote.interview.save()


def _close(quote):
    Closure.objects.create(interview=quote.interview, until=timezone.localdate() + datetime.timedelta(days=30))
    quote.interview.state = InterviewState.CLOSED
    quote.interview.save()


def _withdraw_agreement(quote):
    Agreement.objects.filter(interview=quote.interview).update(withdrawn_at=timezone.now())
    quote.interview.state = InterviewState.DRAFT
    quote.interview.save()


def _narrower_agreement(quote):
    Agreement.objects.create(interview=quote.interview, how=Agreement.How.PAPER, agreed_on=timezone.localdate(), uses=[Use.RESEARCH])


def _withdraw_summary_approval(quote):
    summary = quote.passage.summary_version.summary
    summary.state = SummaryState.WITHDRAWN
    summary.save()


def _withdraw_quote(quote):
    services.quote_withdraw(actor=quote._actor, quote=quote)


@pytest.mark.parametrize("change", [_take_down, _close, _withdraw_agreement, _narrower_agreement,
                                   _withdraw_summary_approval, _withdraw_quote])
def test_a_quote_leaves_the_bank_and_every_report_at_once(team, commons, personas, change):
    passage = _passage(team, personas["owner"].person, summary=True)
    quote = _approved(team, passage)
    other = _approved(team, _passage(team, personas["paper"].person), use="named")
    chosen = [{"source": "stories", "id": str(quote.uuid)}, {"source": "stories", "id": str(other.uuid)}]
    assert [item.id for item in quote_sources.outside_quotes(commons, chosen)] == [str(quote.uuid), str(other.uuid)]
    assert rules.test_rule("stories.usable_quote", quote)
    quote._actor = team["actor"]
    change(quote)
    quote = StoryQuote.objects.get(pk=quote.pk)
    assert [item.id for item in quote_sources.outside_quotes(commons, chosen)] == [str(other.uuid)]
    assert str(quote.uuid) not in {item.id for item in quote_sources.SOURCES["stories"].list_fn(commons)}
    assert quote.pk not in _usable(commons)
    assert not rules.test_rule("stories.usable_quote", quote)


def test_the_selector_and_the_rule_agree_in_every_state(team, commons, personas):
    quotes = []
    for index, change in enumerate([None, _take_down, _close, _withdraw_agreement, _narrower_agreement, _withdraw_quote]):
        for summary in (False, True):
            passage = _passage(team, personas["owner"].person, summary=summary)
            quote = services.quote_create(actor=team["actor"], passage=passage, use="anonymised", attribution="A neighbour")
            if index % 2 == 0 or summary:
                quote = services.quote_approve(actor=team["actor"], quote=quote, how="phone") if quote.approved_at is None else quote
            if change is not None:
                quote._actor = team["actor"]
                change(quote)
            quotes.append(quote.pk)
    by_rule = {q.pk for q in StoryQuote.objects.filter(pk__in=quotes) if rules.test_rule("stories.usable_quote", q)}
    assert by_rule == _usable(commons)
    assert 0 < len(by_rule) < len(quotes)


def test_report_items_carry_the_name_only_for_named_quotes(team, commons, personas):
    olive = personas["owner"].person
    named = _approved(team, _passage(team, olive), use="named")
    anonymous = _approved(team, _passage(team, olive), use="anonymised", attribution="A neighbour")
    items = {item.id: item for item in quote_sources.SOURCES["stories"].list_fn(commons)}
    assert items[str(named.uuid)].attribution == olive.name
    assert olive.name not in items[str(anonymous.uuid)].attribution
    assert olive.name not in items[str(anonymous.uuid)].where


def test_reports_read_quotes_with_a_fixed_number_of_queries(team, commons, personas):
    quotes = [_approved(team, _passage(team, personas["owner"].person)) for _ in range(5)]
    get = quote_sources.SOURCES["stories"].get_fn
    with CaptureQueriesContext(connection) as one:
        assert len(get(commons, [str(quotes[0].uuid)])) == 1
    with CaptureQueriesContext(connection) as five:
        assert len(get(commons, [str(q.uuid) for q in quotes] + ["not-a-uuid"])) == 5
    assert len(one.captured_queries) == len(five.captured_queries)
    assert get(commons, ["nonsense"]) == {}


def test_quotes_stay_in_their_commons(team, other_commons, personas):
    quote = _approved(team, _passage(team, personas["owner"].person))
    assert quote_sources.SOURCES["stories"].get_fn(other_commons, [str(quote.uuid)]) == {}


def test_quote_pages_for_the_team_only(team, clients, commons, personas):
    passage = _passage(team, personas["owner"].person)
    project = team["project"]
    make_url = reverse("stories:coding_quote_create", args=[commons.slug, project.uuid, passage.interview.uuid, passage.uuid])
    expected = {"anonymous": REDIR, "outsider": NF, "member": OK, "owner": NF, "proxy": NF, "organiser": NF, "admin": OK}
    assert_matrix(clients, make_url, expected)
    response = clients["organiser"].post(make_url, {"use": "named", "words": "soup"})
    assert response.status_code == 404 and not StoryQuote.objects.exists()
    response = clients["member"].post(make_url, {"use": "anonymised", "attribution": "", "words": "soup"})
    assert response.status_code == 400 and "Say who said it" in response.content.decode()
    response = clients["member"].post(make_url, {"use": "anonymised", "attribution": "A neighbour", "words": "soup"})
    assert response.status_code == 302
    quote = StoryQuote.objects.get()
    bank = clients["member"].get(reverse("stories:coding_quotes", args=[commons.slug, project.uuid])).content.decode()
    assert "Waiting for the person" in bank and "0 quotes are ready" in bank
    approve = reverse("stories:coding_quote_approve", args=[commons.slug, project.uuid, quote.uuid])
    assert clients["organiser"].post(approve, {"how": "phone", "recorded_by": str(personas["member"].person.uuid)}).status_code == 404
    response = clients["member"].post(approve, {"how": "phone", "recorded_by": str(personas["admin"].person.uuid)})
    assert response.status_code == 302
    bank = clients["member"].get(reverse("stories:coding_quotes", args=[commons.slug, project.uuid])).content.decode()
    assert "1 quote is ready" in bank and "recorded by Ada Admin" in bank
    withdraw = reverse("stories:coding_quote_withdraw", args=[commons.slug, project.uuid, quote.uuid])
    assert clients["member"].post(withdraw).status_code == 302
    quote.refresh_from_db()
    assert quote.withdrawn_at is not None
