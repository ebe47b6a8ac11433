"""The reports demo: 2026 costs with their sources, the report "How we did in 2026" (with the
survey demo's quotes when it has some), readable by members, its PDF opens; safe to run twice."""

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from pypdf import PdfReader

from caringcity.evaluation.models import Cost, Quote, Report
from caringcity.people.models import Person

pytestmark = pytest.mark.django_db


def test_the_demo_builds_costs_quotes_and_a_report_and_is_safe_to_run_twice():
    call_command("demo")
    first = (Cost.objects.count(), Quote.objects.count(), Report.objects.count(), list(Report.objects.get(title="How we did in 2026").quotes.all()))
    call_command("demo")
    report = Report.objects.get(title="How we did in 2026")
    assert (Cost.objects.count(), Quote.objects.count(), Report.objects.count(), list(report.quotes.all())) == first
    assert report.commons.slug == "clapton" and str(report.period_start) == "2026-01-01" and str(report.period_end) == "2026-12-31"
    costs = Cost.objects.filter(commons=report.commons)
    assert {c.kind for c in costs} == {"staff", "care", "places", "participation"} and all(c.source for c in costs)
    assert report.quotes.count() == 2  # from the surveys demo's answers whose writers allowed quoting

    member = Client()
    member.force_login(Person.objects.get(name="Rosa Bennett").user)
    page = member.get(reverse("evaluation:report", args=["clapton", report.uuid]))
    assert page.status_code == 200 and "How we did in 2026" in page.content.decode()
    for quote in report.quotes.all():
        assert escape(quote.text) in page.content.decode()
    response = member.get(reverse("evaluation:report_pdf", args=["clapton", report.uuid]))
    assert PdfReader(io.BytesIO(response.content)).metadata.title == "How we did in 2026"
    summary = member.get(reverse("evaluation:report_summary", args=["clapton", report.uuid])).content.decode()
    total = sum(c.amount for c in costs)
    assert f"£{total:,.2f}" in summary
    assert "£21.50" in summary  # the paid care cost is the counted paid hours at the co-op's rate
