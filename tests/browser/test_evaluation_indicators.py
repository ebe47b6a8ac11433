"""The Figures tab: an organiser counts the figures again with the button, sees each figure with its
definition, a trend drawn as SVG with its table, and the team breakdown; opens one figure's page
and picks quarters. axe finds nothing wrong on either page."""

import pytest

from tests.browser.support import check_axe, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def figures(demo):
    from importlib import import_module

    from caringcity.teams import demo as teams_demo
    from caringcity.visits import demo_rota

    teams_demo.build(demo)
    demo_rota.build(demo)
    import_module("caringcity.evaluation.demo_indicators").build(demo)
    return "/c/clapton/evaluation/figures/"


def test_an_organiser_counts_again_and_reads_a_figure(browse, figures):
    page = browse.new_page()
    sign_in(page, "kemal@example.org", totp=True)
    page.goto(figures)
    assert page.locator("h1").inner_text() == "Figures the platform counts"
    assert "Last counted on" in page.locator("main").inner_text()
    page.get_by_role("button", name="Count again now").click()
    page.wait_for_load_state()
    assert "being counted again" in page.locator("body").inner_text()
    card = page.locator("#figure-cover_rate")
    assert "Of the visits on the rota" in card.inner_text()
    assert card.locator("svg[role=img] title").count() == 1 and card.locator("table").count() == 1
    assert page.locator("#ev-by-team table tbody tr").count() >= 2
    check_axe(page, "figures")
    page.get_by_role("link", name="How “Visits that had someone” is counted, period by period").click()
    page.get_by_label("Show figures for").select_option("quarter")
    page.get_by_role("button", name="Show").click()
    assert "Quarters for" in page.locator("main h2").all_inner_texts()[1]
    assert "How it is counted" in page.locator("main").inner_text()
    check_axe(page, "one figure")
