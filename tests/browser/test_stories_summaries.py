"""Doreen opens her private link with JavaScript off, reads her summary, changes a word and approves
it; axe finds nothing wrong on the way; the printed copy the team makes shows no buttons."""

import pytest

from tests.browser.support import check_axe, sign_in, submit

pytestmark = pytest.mark.browser

DOREEN_LINK = "/stories/review/demo-doreen-2026/"


@pytest.fixture
def stories(demo, settings, tmp_path):
    """The stories demo's interviews, transcripts and summaries on top of the people and teams demos."""
    from caringcity.stories.tests.factories import build_stories_demo

    settings.MEDIA_ROOT = str(tmp_path / "media")
    return build_stories_demo(demo, ["demo_interviews", "demo_transcripts", "demo_summaries"])


def test_doreen_reads_changes_and_approves_her_summary_without_javascript(browse, stories):
    page = browse.new_page(javascript=False)
    response = page.goto(DOREEN_LINK)
    assert response.status == 200
    assert "Doreen" in page.locator("h1").inner_text()
    assert page.locator('meta[name="referrer"][content="no-referrer"]').count() == 1
    check_axe(page, "Doreen's summary")

    page.get_by_role("link", name="Change the words").click()
    text = page.get_by_label("Your summary, as you want it to read")
    text.fill(text.input_value().replace("mostly in", "in"))
    check_axe(page, "changing the summary")
    submit(page.locator("main form"))
    assert page.url.endswith(DOREEN_LINK)
    assert "Thank you. The research team will see your changes." in page.locator("main").inner_text()
    assert "These are your own changes." in page.locator("main").inner_text()

    page.emulate_media(media="print")
    assert not page.get_by_role("button", name="It is right: I approve it").is_visible()
    page.emulate_media(media="screen")
    submit(page.locator("form.st-summaries-approve"))
    assert page.locator("h1").inner_text() == "Thank you"
    check_axe(page, "thank you")
    assert page.goto(DOREEN_LINK).status == 404  # the link is used up

    summary = stories["stories"]["summaries"]["doreen"]
    summary.refresh_from_db()
    assert summary.state == "approved" and summary.approved_version.kind == "suggestion"
    browse.assert_clean()


def test_the_printed_copy_hides_its_buttons(browse, stories):
    arthur = stories["stories"]["summaries"]["arthur"]
    interview = arthur.interview
    url = f"/c/clapton/stories/projects/{interview.project.uuid}/interviews/{interview.uuid}/summary/print/"
    page = browse.new_page()
    sign_in(page, "ines@example.org")
    assert page.goto(url).status == 200
    assert page.get_by_role("button", name="Print").is_visible()
    check_axe(page, "printed copy")
    page.emulate_media(media="print")
    assert not page.get_by_role("button", name="Print").is_visible()
    assert not page.get_by_role("link", name="Back to the summary").is_visible()
    assert page.locator(".st-summaries-write").first.is_visible()
    browse.assert_clean()
