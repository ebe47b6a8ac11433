"""A round's results in the browser: Rosa answered, so she sees the results before everyone else;
the page has its charts as images with a title and a description, each with its table, a team of
four shows no breakdown, and axe finds nothing wrong. Then she writes in the reflection log with
JavaScript off."""

import pytest

from tests.browser.support import check_axe, sign_in, submit

pytestmark = pytest.mark.browser


@pytest.fixture
def results(demo):
    from caringcity.evaluation import keys
    from caringcity.evaluation.models import Factor, OwnInstrument, OwnItem
    from caringcity.evaluation.tests.factories import answered, make_round, shared
    from caringcity.teams.models import Team

    clapton = demo["commons"]["clapton"]
    own = OwnInstrument.objects.create(commons=clapton, name="How we get on", locked=True)
    unity = Factor.objects.create(instrument=own, key="unity", name="Group unity and cohesion", order=1)
    OwnItem.objects.create(instrument=own, key="q1", text="We pull together.", factor=unity)
    survey_round = make_round(clapton, name="Browser round", instruments=[keys.SWEMWBS, own.key], status="closed")
    small = Team.objects.create(commons=clapton, owner=demo["people"]["member"], name="A small team")
    answered(survey_round, demo["people"]["member"], teams=[small],
             scores={(keys.SWEMWBS, "metric"): 23.21, (own.key, "factor-unity"): 4})
    for value in (19.25, 20.73, 25.03, 27.03):
        answered(survey_round, teams=[small] if value < 25 else [],
                 scores={(keys.SWEMWBS, "metric"): value, (own.key, "factor-unity"): 3})
    shared(survey_round, days_ago=1)
    return f"/c/clapton/evaluation/results/{survey_round.uuid}/"


def test_the_results_page_shows_accessible_charts_first_to_the_people_who_answered(browse, results):
    page = browse.new_page()
    sign_in(page, "rosa@example.org")
    page.goto(results)
    assert "You answered, so you see these results before everyone else." in page.locator("main").inner_text()
    charts = page.locator("main svg[role=img]")
    assert charts.count() >= 2
    first = charts.first
    assert first.locator("title").count() == 1 and first.locator("desc").count() == 1
    assert page.locator("main table").count() >= 2  # each chart has its table
    assert "Too few answers to show (fewer than 5)" in page.locator("main").inner_text()  # the small team
    check_axe(page, "round results")


def test_writing_in_the_reflection_log_without_javascript(browse, results):
    page = browse.new_page(javascript=False)
    sign_in(page, "rosa@example.org")
    page.goto("/c/clapton/evaluation/learned/add/")
    page.fill("#id_title", "We feel we pull together")
    page.fill("#id_saw", "Most of us said we pull together.")
    page.fill("#id_look_again_on", "2027-03-14")
    submit(page.locator("main form"))
    assert page.locator("h1").inner_text() == "We feel we pull together"
    check_axe(page, "a reflection")
