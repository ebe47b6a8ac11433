"""Questionnaires in the browser with JavaScript off: Kemal (organiser) opens the Questionnaires
tab, reads SWEMWBS (its questions, how it is scored, its copyright notice) and previews it, then
builds a small questionnaire of his own: a name, a part, a question that is refused until it is
complete, then accepted. Every page passes axe."""

import pytest

from tests.browser.support import sign_in
from tests.browser.test_teams import Mirror, follow, main, person_page, press

pytestmark = pytest.mark.browser


@pytest.fixture
def climate(demo):
    from caringcity.evaluation.demo_instruments import build

    build(demo)
    return demo


@pytest.fixture
def axe(browse):
    return Mirror(browse).check


def test_an_organiser_reads_a_questionnaire_and_builds_one(browse, climate, axe):
    kemal = person_page(browse)
    sign_in(kemal, "kemal@example.org", totp=True)
    response = kemal.goto("/c/clapton/evaluation/questionnaires/")
    assert response is not None and response.status == 200
    axe(kemal, "the questionnaires")
    text = main(kemal).inner_text()
    assert "Social climate survey" in text and "Needs a licence" in text

    follow(kemal, main(kemal).locator("a", has_text="Short Warwick-Edinburgh Mental Wellbeing Scale"), axe, "SWEMWBS")
    text = main(kemal).inner_text()
    assert "I've been thinking clearly" in text and "official conversion table" in text
    assert "© NHS Health Scotland, University of Warwick and University of Edinburgh, 2008, all rights reserved." in text
    follow(kemal, main(kemal).locator("a", has_text="See it as the person answering would"), axe, "the SWEMWBS preview")
    assert main(kemal).locator("input[type=radio]").count() == 35

    kemal.goto("/c/clapton/evaluation/questionnaires/")
    follow(kemal, main(kemal).locator("a", has_text="Make a new questionnaire"), axe, "a new questionnaire")
    form = main(kemal).locator("form")
    form.locator("input[name=name]").fill("Market day check-in")
    press(kemal, form.locator("button[type=submit]"), axe, "the new questionnaire")
    assert "Market day check-in" in main(kemal).locator("h1").inner_text()

    follow(kemal, main(kemal).locator("a", has_text="Add a part"), axe, "add a part")
    form = main(kemal).locator("form")
    form.locator("input[name=name]").fill("Belonging")
    press(kemal, form.locator("button[type=submit]"), axe, "after adding a part")

    follow(kemal, main(kemal).locator("a", has_text="Add a question"), axe, "add a question")
    form = main(kemal).locator("form")
    form.locator("input[value=choice]").check()
    form.locator("textarea[name=text]").fill("Which stall do you visit most?")
    with kemal.expect_navigation() as navigation:
        form.locator("button[type=submit]").click()
    assert navigation.value.status == 400  # refused, with what to fix next to the field
    axe(kemal, "a question refused")
    assert "Give at least two answers to choose from" in main(kemal).inner_text()
    form = main(kemal).locator("form")
    assert form.locator("textarea[name=text]").input_value() == "Which stall do you visit most?"
    form.locator("textarea[name=choices]").fill("Fruit and veg\nBread\nFlowers")
    press(kemal, form.locator("button[type=submit]"), axe, "after adding a question")
    assert "Which stall do you visit most?" in main(kemal).inner_text()
    axe(kemal, "the questionnaire, printed", media="print")
