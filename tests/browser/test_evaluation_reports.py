"""A report for a period: a member reads it (figures link to how they were worked out, charts
have their table twins), axe finds nothing wrong, it prints without the buttons, and its PDF link
answers with a PDF. Works with JavaScript off."""

import pytest

from tests.browser.support import check_axe, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def report_url(demo):
    from caringcity.evaluation.tests.reports_world import build_world

    world = build_world(demo["commons"]["clapton"])
    return f"/c/clapton/evaluation/reports/{world.report.uuid}/"


def test_a_member_reads_a_report_and_follows_a_figure_to_how_it_was_worked_out(browse, report_url):
    page = browse.new_page(javascript=False)
    sign_in(page, "rosa@example.org")
    page.goto(report_url)
    assert page.locator("h1").inner_text() == "How we did in 2026"
    assert page.locator("svg[role=img]").count() >= 2
    assert page.locator("blockquote").count() == 1  # the withdrawn quotes never show
    figure = page.locator("a.ev-reports-figure").first
    target = figure.get_attribute("href")
    figure.click()
    assert page.url.endswith(target)
    assert page.locator(f"li{target}").is_visible()

    page = browse.new_page()  # axe needs JavaScript
    sign_in(page, "rosa@example.org")
    page.goto(report_url)
    check_axe(page, "evaluation report")
    page.emulate_media(media="print")
    assert not page.locator(".ev-reports-actions").is_visible()
    pdf = page.request.get(page.url.split("#")[0] + "report.pdf")
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
