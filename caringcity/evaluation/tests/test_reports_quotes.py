"""Quotes: only answers whose writers allowed it, never with a name, approved by organisers,
withdrawn by them or taken back by the writer, and quotes from other sources through the registry."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from caringcity.core.models import AuditEvent
from caringcity.core.testing import assert_matrix, assert_queries_constant
from caringcity.evaluation import quotes as quote_sources
from caringcity.evaluation.models import ConsentState, Quote
from caringcity.evaluation.selectors.reports import report_content
from caringcity.evaluation.services.reports import quote_approve, quote_permission_withdraw
from caringcity.evaluation.tests.factories import invite, make_answer, make_quote, make_report, make_round

pytestmark = pytest.mark.django_db

OK, NF, REDIR = 200, 404, 302
WORDS = "Since the team started I see my neighbours every week and I laugh again."


@pytest.fixture
def answer(commons, personas):
    survey_round = make_round(commons, name="Autumn round")
    invitation = invite(survey_round, personas["owner"].person, consent=ConsentState.GIVEN, groups=["team_owners", "volunteers"])
    return make_answer(invitation, WORDS)


def test_only_organisers_approve_and_withdraw(commons, clients, answer):
    expected = {"anonymous": REDIR, "outsider": NF, "member": NF, "owner": NF, "proxy": NF, "organiser": OK, "admin": OK}
    assert_matrix(clients, reverse("evaluation:quote_approve", args=[commons.slug, answer.uuid]), expected)
    quote = make_quote(answer)
    for role in ("anonymous", "outsider", "member", "owner", "proxy"):
        clients[role].post(reverse("evaluation:quote_withdraw", args=[commons.slug, quote.uuid]))
        clients[role].post(reverse("evaluation:quote_approve", args=[commons.slug, answer.uuid]), {"text": "team started", "attribution": "A volunteer"})
    quote.refresh_from_db()
    assert quote.withdrawn_at is None and quote.text == WORDS
    assert not AuditEvent.objects.filter(action__startswith="evaluation.quote").exists()


def test_the_quotes_page_never_shows_a_name(commons, clients, answer, personas):
    page = clients["organiser"].get(reverse("evaluation:quotes", args=[commons.slug])).content.decode()
    assert WORDS in page and "Someone who owns a care team" in page
    assert personas["owner"].person.name not in page


def test_an_organiser_approves_a_shortened_quote_and_it_is_audited_without_the_words(commons, clients, answer):
    url = reverse("evaluation:quote_approve", args=[commons.slug, answer.uuid])
    response = clients["organiser"].post(url, {"text": "I see my neighbours every week", "attribution": "A volunteer"})
    assert response.status_code == REDIR
    quote = Quote.objects.get(answer=answer)
    assert (quote.text, quote.attribution) == ("I see my neighbours every week", "A volunteer")
    event = AuditEvent.objects.get(action="evaluation.quote.approve")
    assert "neighbours" not in event.reason


def test_changed_words_or_a_name_are_refused(commons, personas, answer):
    organiser = personas.user("organiser")
    with pytest.raises(ValidationError) as refused:
        quote_approve(actor=organiser, answer=answer, text="I see my friends every day", attribution="A volunteer")
    assert "text" in refused.value.error_dict
    with pytest.raises(ValidationError) as refused:
        quote_approve(actor=organiser, answer=answer, text="I laugh again", attribution="Olive, a volunteer")
    assert "attribution" in refused.value.error_dict
    assert not Quote.objects.exists()


def test_answers_not_allowed_to_be_quoted_are_not_offered(commons, clients, personas, answer):
    answer.may_quote = False
    answer.save()
    assert clients["organiser"].get(reverse("evaluation:quote_approve", args=[commons.slug, answer.uuid])).status_code == NF
    assert WORDS not in clients["organiser"].get(reverse("evaluation:quotes", args=[commons.slug])).content.decode()
    with pytest.raises(ValidationError):
        quote_approve(actor=personas.user("organiser"), answer=answer, text=WORDS, attribution="A volunteer")


def test_withdrawn_quotes_never_show_and_approving_again_brings_one_back(commons, clients, personas, answer):
    quote = make_quote(answer)
    report = make_report(commons)
    report.quotes.add(quote)
    assert [q.text for q in report_content(report).quotes] == [WORDS]
    assert clients["organiser"].post(reverse("evaluation:quote_withdraw", args=[commons.slug, quote.uuid])).status_code == REDIR
    assert report_content(report).quotes == []
    assert WORDS not in clients["member"].get(reverse("evaluation:report", args=[commons.slug, report.uuid])).content.decode()
    quote_approve(actor=personas.user("organiser"), answer=answer, text=WORDS, attribution="A volunteer")
    assert [q.text for q in report_content(report).quotes] == [WORDS]
    assert AuditEvent.objects.filter(action="evaluation.quote.restore").count() == 1


def test_the_writer_or_their_proxy_takes_back_permission_and_the_quote_leaves_every_report(commons, personas, answer):
    quote = make_quote(answer)
    report = make_report(commons)
    report.quotes.add(quote)
    with pytest.raises(PermissionDenied):
        quote_permission_withdraw(actor=personas.user("member"), answer=answer)
    with pytest.raises(PermissionDenied):
        quote_permission_withdraw(actor=personas.user("organiser"), answer=answer)
    assert report_content(report).quotes
    quote_permission_withdraw(actor=personas.user("proxy"), answer=answer)  # Pat acts for Olive
    answer.refresh_from_db()
    quote.refresh_from_db()
    assert not answer.may_quote and quote.withdrawn_at and quote.text == ""
    assert report_content(report).quotes == []
    event = AuditEvent.objects.get(action="evaluation.quote.permission_withdraw")
    assert event.acting_for == personas["owner"].person.uuid


def test_quotes_from_another_source_come_through_the_registry(commons, clients, personas):
    items = {"s1": quote_sources.QuoteItem("elsewhere", "s1", "From an interview about the market.", "A stallholder")}
    quote_sources.register_quote_source("elsewhere", "Interviews", lambda c: list(items.values()),
                                        lambda c, ids: {i: items[i] for i in ids if i in items})
    try:
        response = clients["organiser"].post(reverse("evaluation:report_create", args=[commons.slug]), {
            "title": "With a story", "period_start": "2026-01-01", "period_end": "2026-12-31", "outside_quotes": ["elsewhere:s1"]})
        assert response.status_code == REDIR
        report = commons.evaluation_reports.get(title="With a story")
        assert report.outside_quotes == [{"source": "elsewhere", "id": "s1"}]
        assert [q.text for q in report_content(report).quotes] == ["From an interview about the market."]
        items.clear()  # the interview's quote is withdrawn in its own app
        assert report_content(report).quotes == []
    finally:
        quote_sources.SOURCES.pop("elsewhere", None)  # a made-up source: the real ones stay registered


def test_the_quotes_page_uses_a_constant_number_of_queries(commons, clients, personas):
    survey_round = make_round(commons, name="Round")
    state = {"n": 0}

    def grow():
        state["n"] += 1
        from caringcity.people.tests.factories import MembershipFactory, PersonFactory

        person = MembershipFactory(commons=commons, person=PersonFactory()).person
        invitation = invite(survey_round, person, consent=ConsentState.GIVEN, groups=["family"])
        make_quote(make_answer(invitation, f"Words {state['n']}"))
        make_answer(invitation, f"Other words {state['n']}", item_key="other")

    assert_queries_constant(clients["organiser"], reverse("evaluation:quotes", args=[commons.slug]), grow)


def test_a_quote_leaves_the_reports_when_its_writer_changes_or_unticks_their_answer(commons, personas, answer):
    report = make_report(commons)
    report.quotes.add(make_quote(answer, text="I laugh again"))
    assert [q.text for q in report_content(report).quotes] == ["I laugh again"]
    answer.text = "Since the team started I see my neighbours every week."
    answer.save()
    assert report_content(report).quotes == []
    answer.text = WORDS
    answer.save()
    assert report_content(report).quotes
    answer.may_quote = False  # what the surveys part's answer_save stores when they untick the box
    answer.save()
    assert report_content(report).quotes == []
