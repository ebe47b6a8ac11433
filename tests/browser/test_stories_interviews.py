"""Interviews and consent: a researcher records an agreement by phone with JavaScript off, and the
interview is agreed; Gloria finds her interview on the Stories page, reads what she agreed to and
sees who looked. axe finds nothing wrong on those pages."""

import pytest

from tests.browser.support import check_axe, sign_in, submit

pytestmark = pytest.mark.browser


@pytest.fixture
def stories(demo, settings, tmp_path):
    from caringcity.stories.tests.factories import build_stories_demo, make_interview

    settings.MEDIA_ROOT = str(tmp_path / "media")
    build_stories_demo(demo, ["demo_interviews"])  # only this part: the others build on it and are tested on their own
    project = demo["stories"]["project"]
    draft = make_interview(project, demo["people"]["member"], title="Rosa and the tenants' hall", agreed=False)
    return {"project": project, "draft": draft, "gloria": demo["stories"]["interviews"]["gloria"]}


def test_a_researcher_records_an_agreement_with_javascript_off(browse, stories):
    project, draft = stories["project"], stories["draft"]
    record = f"/c/clapton/stories/projects/{project.uuid}/interviews/{draft.uuid}/"
    page = browse.new_page(javascript=False)
    sign_in(page, "ines@example.org")
    page.goto(f"/c/clapton/stories/projects/{project.uuid}/interviews/")
    main = page.locator("main").inner_text()
    assert "Draft: no agreement yet" in main and "Agreed: may be used as agreed" in main
    assert "Thirty years of the Sunday market" not in main  # taken down: never its title
    check_axe(page, "interview list")

    page.goto(record)
    assert "No agreement yet" in page.locator("main").inner_text()
    page.get_by_role("link", name="Record the agreement").click()
    check_axe(page, "agreement form")
    form = page.locator("main form")
    submit(form)  # nothing chosen: the form says what to fix
    assert page.locator(".error-summary").is_visible()
    form = page.locator("main form")
    form.get_by_label("Agreed by phone").check()
    form.get_by_label("For the research only").check()
    form.get_by_label("Quotes without my name").check()
    form.get_by_label("Name as signed, or who agreed").fill("Rosa Bennett")
    submit(form)
    assert page.url.endswith(record)
    main = page.locator("main").inner_text()
    assert "Agreed: may be used as agreed" in main and "Quotes without my name" in main and "Inès" in main
    check_axe(page, "interview record")


def test_gloria_sees_her_interview_and_who_looked(browse, stories):
    page = browse.new_page(javascript=False)
    sign_in(page, "gloria@example.org")
    page.goto("/c/clapton/stories/")
    section = page.locator("section", has_text="Your interviews")
    section.get_by_role("link", name="Forty years on Chatsworth Road").click()
    main = page.locator("main").inner_text()
    assert "What you agreed to" in main and "Published online" in main and "Quotes with my name" in main
    looks = page.locator("table", has_text="Who")
    assert "Inès Moreau" in looks.inner_text() and "the interview record" in looks.inner_text()
    check_axe(page, "my interview")
    page.get_by_role("link", name="Close it for a time").click()
    assert page.get_by_label("Closed until").is_visible()
    check_axe(page, "closure form")
