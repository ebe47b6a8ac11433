"""The transcripts demo, on a small stand-in for what demo_interviews builds: Gloria's imported
from WebVTT and checked, Doreen's written from her recording by the real engine and waiting for
review, Arthur's typed notes; running it twice adds nothing."""

import pytest

from caringcity.stories import demo_transcripts
from caringcity.stories.models import Recording, Transcript, Turn
from caringcity.stories.tests.factories import make_interview, make_project

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_without_interviews_it_builds_nothing(commons, personas):
    ctx = {"stories": {"project": make_project(commons, lead=personas["member"].person)},
           "people": {"researcher": personas["member"].person}}
    demo_transcripts.build(ctx)
    assert not Transcript.objects.exists() and "transcripts" not in ctx["stories"]


def test_the_demo_builds_three_transcripts_and_is_safe_to_run_twice(commons, personas, django_capture_on_commit_callbacks):
    ines = personas["member"].person
    project = make_project(commons, lead=ines)
    interviews = {key: make_interview(project, personas["owner"].person, title=key.title())
                  for key in ["gloria", "doreen", "arthur"]}
    interviews["taken_down"] = make_interview(project, personas["proxy"].person, title="Gone")
    interviews["taken_down"].state = "taken_down"
    interviews["taken_down"].save()
    ctx = {"stories": {"project": project, "interviews": interviews}, "people": {"researcher": ines}}
    with django_capture_on_commit_callbacks(execute=True):
        demo_transcripts.build(ctx)
    made = ctx["stories"]["transcripts"]
    assert set(made) == {"gloria", "doreen", "arthur"}

    gloria = made["gloria"]
    assert gloria.source == "webvtt" and gloria.turns.count() == 25 and not gloria.needs_review and gloria.reviewed_by == ines
    assert set(gloria.turns.values_list("speaker", flat=True)) == {"Inès", "Gloria"}
    assert gloria.turns.filter(text__icontains="Clapton").exists()

    doreen = made["doreen"]
    assert doreen.source == "machine" and doreen.job == "done" and doreen.needs_review and doreen.engine == "pocketsphinx"
    words = " ".join(doreen.turns.values_list("text", flat=True)).lower().split()
    assert {"morning", "team", "tuesday"} & set(words), words
    assert doreen.recording.duration_seconds == pytest.approx(7.6, abs=0.2)

    arthur = made["arthur"]
    assert arthur.source == "text" and list(dict.fromkeys(arthur.turns.values_list("speaker", flat=True))) == ["Inès", "Arthur"]

    counts = (Transcript.objects.count(), Turn.objects.count(), Recording.objects.count())
    with django_capture_on_commit_callbacks(execute=True):
        demo_transcripts.build(ctx)
    assert (Transcript.objects.count(), Turn.objects.count(), Recording.objects.count()) == counts == (3, counts[1], 1)
