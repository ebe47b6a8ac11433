"""Coding an interview with JavaScript off: a researcher opens "Code words in this turn", copies the
words, ticks a theme and sees the words marked with the theme's name; the theme's page lists the
passage in its interview. With JavaScript on, selecting words fills the form. Axe finds nothing
wrong on the coding, themes, theme and quote bank pages."""

import pytest

from tests.browser.support import check_axe, sign_in, submit

pytestmark = pytest.mark.browser

WORDS = "soup up to Mrs Adeyemi"


@pytest.fixture
def world(demo):
    from caringcity.stories.tests.factories import make_code, make_interview, make_project, make_coded_transcript

    clapton = demo["commons"]["clapton"]
    rosa = demo["people"]["member"]
    project = make_project(clapton, name="Biographies of engagement", lead=rosa)
    interview = make_interview(project, demo["people"]["paper"], title="Arthur: the number 55")
    make_coded_transcript(interview, turns=[("Rosa", "How did it start?"),
                                      ("Arthur", "I took soup up to Mrs Adeyemi every day. Then the soup again on Sunday.")])
    parent = make_code(project, "Being there", colour="#00703c")
    code = make_code(project, "Small daily help", parent=parent)
    base = f"/c/clapton/stories/projects/{project.uuid}/"
    return {"coding": f"{base}interviews/{interview.uuid}/coding/", "themes": f"{base}themes/",
            "theme": f"{base}themes/{code.uuid}/", "quotes": f"{base}quotes/", "export": f"{base}export/"}


def test_code_a_passage_with_javascript_off_and_find_it_under_its_theme(browse, world):
    page = browse.new_page(javascript=False)
    sign_in(page, "rosa@example.org")
    page.goto(world["coding"])
    turn = page.locator(".st-coding-turn").nth(1)
    turn.locator("summary", has_text="Code words in this turn").click()
    form = turn.locator("form")
    form.get_by_label("The words to code").fill(WORDS)
    form.get_by_label("— Small daily help").check()
    submit(form)
    assert page.locator(".notice", has_text="The passage is coded").is_visible()
    assert page.locator("mark.st-coding-mark").inner_text() == WORDS
    assert "[Small daily help]" in page.locator(".st-coding-tags").inner_text()  # the name, not only a colour
    check_axe(page, "coding page")

    page.goto(world["theme"])
    assert page.locator(".st-coding-passage mark").inner_text() == WORDS
    assert "Arthur: the number 55" in page.locator(".st-coding-passage").inner_text()
    assert "1 passage" in page.locator("h2").first.inner_text()
    check_axe(page, "theme page")

    page.goto(world["themes"])
    assert "Green" in page.locator("main").inner_text()
    check_axe(page, "themes")


def test_selecting_words_fills_the_form_with_javascript_on(browse, world):
    page = browse.new_page()
    sign_in(page, "rosa@example.org")
    page.goto(world["coding"])
    text = page.locator(".st-coding-turn").nth(1).locator("[data-st-coding-text]")
    page.evaluate("""(el) => {
        const node = el.firstChild; const range = document.createRange();
        const at = node.textContent.lastIndexOf('soup again');
        range.setStart(node, at); range.setEnd(node, at + 10);
        const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
        document.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
    }""", text.element_handle())
    form = page.locator(".st-coding-turn").nth(1).locator("form")
    assert form.get_by_label("The words to code").input_value() == "soup again"
    full = "I took soup up to Mrs Adeyemi every day. Then the soup again on Sunday."
    assert form.locator("input[name$='-start']").input_value() == str(full.index("soup again"))
    form.get_by_label("— Small daily help").check()
    submit(form)
    assert page.locator("mark.st-coding-mark").inner_text() == "soup again"
    for name in ("quotes", "export"):
        page.goto(world[name])
        check_axe(page, name)
