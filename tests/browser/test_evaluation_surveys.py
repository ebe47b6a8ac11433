"""Answering a survey online with JavaScript off: Rosa finds "Questions waiting for you" on the
evaluation landing page, reads what it is for and agrees, answers one question per page (one
chosen, one skipped, one in her own words that she lets us quote), checks her answers, finishes,
and reads them on "My answers". Every page passes axe."""

import pytest

from tests.browser.support import sign_in, submit
from tests.browser.test_teams import Mirror

pytestmark = pytest.mark.browser


@pytest.fixture
def survey(demo, monkeypatch):
    from caringcity.evaluation.models import RoundStatus
    from caringcity.evaluation.tests.factories import hand_instrument, invite, make_round, use_instruments

    inst = hand_instrument()
    use_instruments(monkeypatch, inst)
    commons = demo["commons"]["clapton"]
    survey_round = make_round(commons, name="Spring questions", instruments=[inst.key], status=RoundStatus.OPEN)
    invitation = invite(survey_round, demo["people"]["member"], code="ABC234")
    return invitation


def test_rosa_answers_online_one_question_per_page(browse, survey):
    axe = Mirror(browse).check
    page = browse.new_page(javascript=False)
    sign_in(page, "rosa@example.org")
    page.goto("/c/clapton/evaluation/")
    assert page.get_by_role("heading", name="Questions waiting for you").count() == 1
    axe(page, "the landing page with questions waiting")
    with page.expect_navigation():
        page.locator("main a", has_text="Find out more").click()
    assert "Nobody sees your answers one by one" in page.locator("main").inner_text()
    axe(page, "the consent page")
    with page.expect_navigation():
        page.get_by_role("button", name="Yes, I agree to take part").click()

    assert "Question 1 of 3" in page.locator("main").inner_text()
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Save and continue").click()
    assert navigation.value.status == 400
    axe(page, "a question with an error")
    page.get_by_label("Often").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save and continue").click()

    assert "Question 2 of 3" in page.locator("main").inner_text()
    axe(page, "a scale question")
    with page.expect_navigation():
        page.get_by_role("button", name="Skip this question").click()

    page.get_by_label("What helps you most?").fill("Tea on Thursdays with Arthur.")
    page.get_by_label("You may quote my words without my name").check()
    axe(page, "a question in your own words")
    with page.expect_navigation():
        page.get_by_role("button", name="Save and continue").click()

    main = page.locator("main").inner_text()
    assert "Check your answers" in main and "Often" in main and "Skipped" in main and "Tea on Thursdays" in main
    axe(page, "the check page")
    submit(page.locator("main form").last)
    main = page.locator("main").inner_text()
    assert "My answers" in main and "Tea on Thursdays" in main
    axe(page, "my answers")
    browse.assert_clean()
