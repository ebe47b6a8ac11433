"""The transcript review editor: with JavaScript off a researcher corrects a turn and saves it (the
play controls are plain links to the recording at that time); with JavaScript a play control seeks
the page's player. axe finds nothing wrong on the editor or the interview's recordings page."""

from pathlib import Path

import pytest

from tests.browser.support import check_axe, sign_in, submit

pytestmark = pytest.mark.browser

DEMO = Path(__file__).resolve().parents[2] / "caringcity" / "stories" / "data" / "demo"


@pytest.fixture
def editor(demo, settings, tmp_path):
    from caringcity.people.models import Person
    from caringcity.stories.tests.factories import make_interview, make_recording, make_transcript

    settings.MEDIA_ROOT = tmp_path
    if "stories" not in demo:  # the browser fixture builds the people demo only
        from caringcity.stories.tests.factories import build_stories_demo

        build_stories_demo(demo)  # the project and its team
    project = demo["stories"]["project"]
    respondent = Person.objects.filter(memberships__commons=project.commons).exclude(pk=demo["people"]["researcher"].pk).first()
    interview = make_interview(project, respondent, title="Browser test interview")
    recording = make_recording(interview, (DEMO / "doreen.wav").read_bytes())
    transcript = make_transcript(interview, recording=recording, source="machine", job="done", needs_review=True,
                                 turns=[("", 0.0, 3.5, "i moved to state the nineteen seventy"),
                                        ("", 3.5, 5.2, "every morning i got on my neighbor's lawn"),
                                        ("", 5.2, 7.6, "care team comes on tuesday")])
    base = f"/c/{project.commons.slug}/stories/projects/{project.uuid}/interviews/{interview.uuid}/"
    return {"transcript": transcript, "url": f"{base}transcripts/{transcript.uuid}/", "material": f"{base}transcripts/"}


def test_with_javascript_off_a_researcher_corrects_a_turn_and_saves(browse, editor):
    page = browse.new_page(javascript=False)
    sign_in(page, "ines@example.org")
    page.goto(editor["url"])
    assert page.locator("h1").inner_text() == "Transcript: Browser test interview"
    assert page.get_by_text("Needs review").first.is_visible()
    play = page.locator("a.st-transcripts-play").nth(1)
    assert play.inner_text().startswith("Play from 00:03.500")
    assert play.get_attribute("href").endswith("/audio/#t=3.5")
    page.fill("#id_turns-1-speaker", "Doreen")
    page.fill("#id_turns-1-text", "Every morning I knock on my neighbour's door.")
    page.fill("#id_turns-2-start", "0:0x")  # a mistake first: kept, and said next to the field
    submit(page.locator("form.st-transcripts-editor"))
    assert "is not a time" in page.locator("#id_turns-2-start-error").inner_text()
    assert page.input_value("#id_turns-1-text") == "Every morning I knock on my neighbour's door."
    page.fill("#id_turns-2-start", "00:05.2")
    submit(page.locator("form.st-transcripts-editor"))
    assert "Your changes are saved." in page.locator("main").inner_text()
    turn = editor["transcript"].turns.get(order=2)
    assert (turn.speaker, turn.text) == ("Doreen", "Every morning I knock on my neighbour's door.")
    page.locator("button[value=checked]").click()
    page.wait_for_load_state()
    assert "The transcript is marked as checked." in page.locator("main").inner_text()
    check_axe(page, "transcript editor (JavaScript off)")


def test_with_javascript_the_play_control_seeks_the_player(browse, editor):
    page = browse.new_page()
    sign_in(page, "ines@example.org")
    page.goto(editor["url"])
    audio = page.locator("#st-transcripts-audio")
    assert audio.evaluate("a => a.currentTime") == 0
    page.locator("a.st-transcripts-play").nth(2).click()
    page.wait_for_function("() => document.getElementById('st-transcripts-audio').currentTime >= 5.2", timeout=10_000)
    assert page.url.endswith(editor["url"])  # stayed on the editor
    check_axe(page, "transcript editor")
    page.goto(editor["material"])
    assert page.get_by_text("Needs review").first.is_visible()
    check_axe(page, "an interview's recordings and transcripts")
