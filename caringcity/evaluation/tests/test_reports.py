"""Reports: who may read and write them, what a report assembles for its period, the page, the
PDF made from the same content, and constant queries."""

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from caringcity.core.models import AuditEvent
from caringcity.core.testing import assert_matrix, assert_queries_constant
from caringcity.evaluation import keys
from caringcity.evaluation.models import Report
from caringcity.evaluation.selectors.reports import report_content
from caringcity.evaluation.tests.factories import make_answer, make_quote, make_report, make_value
from caringcity.evaluation.tests.reports_world import build_world, month_end

pytestmark = pytest.mark.django_db

OK, NF, REDIR = 200, 404, 302
READ = {"anonymous": REDIR, "outsider": NF, "member": OK, "owner": OK, "proxy": OK, "organiser": OK, "admin": OK}
KEEP = {"anonymous": REDIR, "outsider": NF, "member": NF, "owner": NF, "proxy": NF, "organiser": OK, "admin": OK}


@pytest.fixture
def world(commons, personas):
    return build_world(commons)


def _text(response):
    return response.content.decode()


def pdf_text(body):
    reader = PdfReader(io.BytesIO(body))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


# --- who may do what ----------------------------------------------------------------------------------

def test_every_member_reads_reports_and_only_organisers_write_them(world, clients):
    slug, uuid = world.commons.slug, world.report.uuid
    for name in ("reports", ):
        assert_matrix(clients, reverse(f"evaluation:{name}", args=[slug]), READ)
    for name in ("report", "report_pdf", "report_summary", "report_summary_pdf"):
        assert_matrix(clients, reverse(f"evaluation:{name}", args=[slug, uuid]), READ)
    assert_matrix(clients, reverse("evaluation:report_create", args=[slug]), KEEP)
    for name in ("report_edit", "report_delete"):
        assert_matrix(clients, reverse(f"evaluation:{name}", args=[slug, uuid]), KEEP)


def test_a_report_of_another_commons_or_a_bad_uuid_is_not_found(world, clients, other_commons):
    other = make_report(other_commons, "Elsewhere")
    assert clients["organiser"].get(reverse("evaluation:report", args=[world.commons.slug, other.uuid])).status_code == NF
    assert clients["organiser"].get(f"/c/{world.commons.slug}/evaluation/reports/not-a-uuid/").status_code == NF


@pytest.mark.parametrize("role", ["anonymous", "outsider", "member", "owner", "proxy"])
def test_denied_writes_change_nothing(world, clients, role):
    slug, report = world.commons.slug, world.report
    data = {"title": "Changed", "period_start": "2026-01-01", "period_end": "2026-06-30"}
    before = Report.objects.count(), AuditEvent.objects.count()
    clients[role].post(reverse("evaluation:report_create", args=[slug]), data)
    clients[role].post(reverse("evaluation:report_edit", args=[slug, report.uuid]), data)
    clients[role].post(reverse("evaluation:report_delete", args=[slug, report.uuid]))
    report.refresh_from_db()
    assert report.title == "How we did in 2026"
    assert (Report.objects.count(), AuditEvent.objects.count()) == before


def test_an_organiser_writes_changes_and_removes_a_report(world, clients, personas):
    slug = world.commons.slug
    client = clients["organiser"]
    response = client.post(reverse("evaluation:report_create", args=[slug]), {
        "title": "First half", "period_start": "2026-01-01", "period_end": "2026-06-30", "introduction": "Hello.",
        "quotes": [world.quotes["shown"].pk]})
    report = Report.objects.get(title="First half")
    assert response.status_code == REDIR and response["Location"] == reverse("evaluation:report", args=[slug, report.uuid])
    assert report.framework == world.framework  # the one in use, by default
    assert list(report.quotes.all()) == [world.quotes["shown"]]
    event = AuditEvent.objects.get(action="evaluation.report.create")
    assert event.actor == personas.user("organiser")

    response = client.post(reverse("evaluation:report_edit", args=[slug, report.uuid]), {
        "title": "First half of 2026", "period_start": "2026-01-01", "period_end": "2026-06-30"})
    report.refresh_from_db()
    assert response.status_code == REDIR and report.title == "First half of 2026" and not report.quotes.exists()

    client.post(reverse("evaluation:report_delete", args=[slug, report.uuid]))
    assert not Report.objects.filter(pk=report.pk).exists()
    assert AuditEvent.objects.filter(action="evaluation.report.delete").count() == 1


def test_bad_dates_and_a_withdrawn_quote_are_form_errors_that_keep_what_was_typed(world, clients):
    url = reverse("evaluation:report_create", args=[world.commons.slug])
    response = clients["organiser"].post(url, {"title": "Oops", "period_start": "2026-13-45", "period_end": "2026-01-01"})
    assert response.status_code == 400 and 'value="Oops"' in _text(response) and "error-summary" in _text(response)
    response = clients["organiser"].post(url, {"title": "Backwards", "period_start": "2026-06-01", "period_end": "2026-01-01"})
    assert response.status_code == 400 and "The end must be on or after the start." in _text(response)
    response = clients["organiser"].post(url, {"title": "Withdrawn", "period_start": "2026-01-01", "period_end": "2026-06-01",
                                               "quotes": [world.quotes["withdrawn"].pk]})
    assert response.status_code == 400
    assert not Report.objects.filter(title__in=["Oops", "Backwards", "Withdrawn"]).exists()


# --- what a report assembles --------------------------------------------------------------------------

def test_the_report_assembles_the_period_indicators_rounds_reflections_and_quotes(world):
    content = report_content(world.report)
    (domain, outcomes), = content.domains
    (outcome, blocks), = outcomes
    metric, survey, words = blocks
    assert [p.label for p in metric.points] == ["Jan 2026", "Feb 2026", "Mar 2026"]  # December 2025 is outside
    assert [p.figure.value_text for p in metric.points] == ["50%", "62.5%", "75%"]
    assert "5 out of 8 counted" in metric.points[1].figure.how
    assert metric.chart.startswith("<svg") and "<title" in metric.chart
    assert "up by 0.25" in metric.change_text
    # rounds: the small round is "too few"; the round in its first look is left out
    assert [s.round.name for s in content.surveys] == ["Small round", "Spring round"]
    small, big = content.surveys
    assert small.too_few and all(row.figure is None for i in small.instruments for row in i.measures)
    (measure,) = [row for i in big.instruments for row in i.measures if row.key == "metric"]
    assert measure.n == 5 and measure.figure.value_text == "24"
    # the questionnaire indicator shows the same figures, round by round
    assert [(p.label, p.value) for p in survey.points] == [("Small round", None), ("Spring round", 24.0)]
    assert words.note and not words.points
    assert [r.title for r in content.reflections] == ["Visits feel warmer"]
    assert [q.text for q in content.quotes] == ["The rota means I am never alone on a Sunday."]
    assert [f.ref for f in content.figures] == [f"fig-{n}" for n in range(1, len(content.figures) + 1)]


def test_the_page_shows_every_figure_linked_to_how_it_was_worked_out(world, clients):
    response = clients["member"].get(reverse("evaluation:report", args=[world.commons.slug, world.report.uuid]))
    page = _text(response)
    content = report_content(world.report)
    for heading in ("Our theory of change", "Indicators", "Survey results", "What we learned: reflections",
                    "own words", "How each figure was worked out"):
        assert heading in page
    for figure in content.figures:
        assert f'href="#{figure.ref}">{figure.value_text}' in page
        assert f'id="{figure.ref}"' in page
    assert "Too few answers to show (fewer than 5)" in page
    assert "The rota means I am never alone on a Sunday." in page
    assert "Withdrawn words" not in page and "Taken back words" not in page
    assert "Survey Person" not in page  # never a name
    assert "First look round" not in page and "An old reflection" not in page
    assert 'role="img"' in page


def test_the_pdf_opens_and_holds_the_headings_and_figures_of_the_page(world, clients):
    response = clients["member"].get(reverse("evaluation:report_pdf", args=[world.commons.slug, world.report.uuid]))
    assert response.status_code == OK and response["Content-Type"] == "application/pdf"
    reader, text = pdf_text(response.content)
    assert reader.metadata.title == "How we did in 2026"
    for heading in ("How we did in 2026", "Our theory of change", "Indicators", "Survey results",
                    "What we learned: reflections", "In people's own words", "How each figure was worked out"):
        assert heading in text
    for figure in report_content(world.report).figures:
        assert figure.value_text in text and figure.label.split(":")[0] in text
    assert "never alone on a Sunday" in text
    assert "Withdrawn words" not in text and "Taken back words" not in text
    assert "Too few answers to show" in text


def test_the_pdf_shows_turkish_names_with_dejavu(world, clients):
    world.report.title = "Kemal Aydın: şöyle güzel"
    world.report.save()
    response = clients["member"].get(reverse("evaluation:report_pdf", args=[world.commons.slug, world.report.uuid]))
    reader, text = pdf_text(response.content)
    assert reader.metadata.title == "Kemal Aydın: şöyle güzel"
    assert "Kemal Aydın: şöyle güzel" in text


def test_a_quote_taken_back_after_the_report_was_written_leaves_the_report(world, clients):
    make_quote(make_answer(world.big_round.invitations.order_by("pk")[3], "Words that will be withdrawn later."))
    world.report.quotes.add(*world.report.commons.evaluation_quotes.all())
    url = reverse("evaluation:report", args=[world.commons.slug, world.report.uuid])
    assert "Words that will be withdrawn later." in _text(clients["member"].get(url))
    from caringcity.evaluation.models import Quote

    Quote.objects.filter(text__startswith="Words that").update(withdrawn_at=datetime.datetime(2026, 5, 1, tzinfo=datetime.timezone.utc))
    assert "Words that will be withdrawn later." not in _text(clients["member"].get(url))
    _reader, text = pdf_text(clients["member"].get(reverse("evaluation:report_pdf", args=[world.commons.slug, world.report.uuid])).content)
    assert "withdrawn later" not in text


# --- constant queries ----------------------------------------------------------------------------------

def test_report_pages_use_a_constant_number_of_queries(world, clients):
    state = {"n": 0}

    def grow():
        state["n"] += 1
        start = datetime.date(2026, 4 + state["n"] % 9, 1)
        make_value(world.commons, keys.CONTINUITY, start, month_end(start), 0.5)
        invitation = world.big_round.invitations.order_by("pk")[state["n"] % 5]
        answer = make_answer(invitation, f"Quote number {state['n']}", item_key=f"say{state['n']}")
        world.report.quotes.add(make_quote(answer))
        make_report(world.commons, f"Report {state['n']}")

    client = clients["organiser"]
    slug, uuid = world.commons.slug, world.report.uuid
    for url in (reverse("evaluation:report", args=[slug, uuid]), reverse("evaluation:reports", args=[slug]),
                reverse("evaluation:report_summary", args=[slug, uuid]), reverse("evaluation:home", args=[slug])):
        assert_queries_constant(client, url, grow)
