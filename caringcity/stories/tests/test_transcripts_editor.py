"""The review editor and speech to text: every turn saved at once (typed input kept on errors), cut,
join, remove and add turns, the play controls, "needs review" until someone marks it checked, and a
short recording transcribed on this machine with networking disabled."""

import socket
from pathlib import Path

import pytest
from django.urls import reverse

from caringcity.core.models import AuditEvent
from caringcity.stories.models import Transcript, Turn
from caringcity.stories.services import transcripts as services
from caringcity.stories.tests.factories import make_interview, make_project, make_recording, make_transcript

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def world(commons, personas):
    project = make_project(commons, lead=personas["member"].person)
    interview = make_interview(project, personas["owner"].person, title="Doreen on the estate")
    return project, interview


def page_url(project, interview, transcript):
    return reverse("stories:transcript", args=[project.commons.slug, project.uuid, interview.uuid, transcript.uuid])


def editor_data(transcript, changes=None, action="save"):
    """What the editor posts, with ``changes`` {row index: {field: value}} applied."""
    turns = list(transcript.turns.order_by("order"))
    data = {"turns-TOTAL_FORMS": str(len(turns)), "turns-INITIAL_FORMS": str(len(turns)),
            "turns-MIN_NUM_FORMS": "0", "turns-MAX_NUM_FORMS": "1000", "action": action}
    from caringcity.stories.forms.transcripts import clock

    for i, turn in enumerate(turns):
        row = {"turn": str(turn.uuid), "speaker": turn.speaker, "start": clock(turn.start), "text": turn.text}
        row.update((changes or {}).get(i, {}))
        data.update({f"turns-{i}-{key}": value for key, value in row.items()})
    return data


def rows(transcript):
    return [(t.speaker, t.start, t.text) for t in transcript.turns.order_by("order")]


def test_the_editor_shows_every_turn_with_a_player_and_play_controls(world, clients):
    project, interview = world
    recording = make_recording(interview)
    transcript = make_transcript(interview, recording=recording,
                                 turns=[("Inès", 0.0, 83.0, "Hello."), ("Doreen", 83.0, 90.0, "Hello, love.")])
    page = clients["member"].get(page_url(project, interview, transcript)).content.decode()
    audio = reverse("stories:recording_audio", args=[project.commons.slug, project.uuid, interview.uuid, recording.uuid])
    assert f'<audio id="st-transcripts-audio" controls preload="metadata" src="{audio}"' in page
    assert f'href="{audio}#t=83.0" data-start="83.000">Play from 01:23' in page
    assert page.count('name="turns-') >= 6 and 'value="Doreen"' in page and "Hello, love." in page
    assert "js/stories-transcripts.js" in page and "<script>" not in page
    assert AuditEvent.objects.filter(object_id=str(interview.uuid), reason="transcript").count() == 1


def test_the_editor_saves_every_turn_at_once(world, clients, personas):
    project, interview = world
    transcript = make_transcript(interview)
    data = editor_data(transcript, {0: {"speaker": "Inès Moreau", "start": "0:01.5"},
                                    1: {"text": "Through the lunch club, in 1998.", "start": "1:02:03"}})
    response = clients["member"].post(page_url(project, interview, transcript), data)
    assert response.status_code == 302
    assert rows(transcript) == [("Inès Moreau", 1.5, "How did you meet your neighbours?"),
                                ("Gloria", 3723.0, "Through the lunch club, in 1998.")]
    event = AuditEvent.objects.get(action="stories.transcript.edit")
    assert event.reason == "2 turns changed" and "lunch" not in event.reason


@pytest.mark.parametrize("changes, field, words", [
    ({1: {"start": "1:7x"}}, "turns-1-start", "is not a time"),
    ({1: {"start": "0:00"}, 0: {"start": "0:05"}}, "turns-1-start", "starts before the one above"),
    ({0: {"text": "   "}}, "turns-0-text", "Write what was said"),
])
def test_a_mistake_is_shown_next_to_its_field_and_nothing_is_saved_and_typing_is_kept(world, clients, changes, field, words):
    project, interview = world
    transcript = make_transcript(interview)
    before = rows(transcript)
    typed = {1: {"speaker": "Gloria Mensah", **changes.get(1, {})}, 0: changes.get(0, {})}
    response = clients["member"].post(page_url(project, interview, transcript), editor_data(transcript, typed))
    assert response.status_code == 400
    page = response.content.decode()
    assert f'id="id_{field}-error"' in page and words in page.split(f'id="id_{field}-error"')[1].split("</p>")[0]
    assert 'value="Gloria Mensah"' in page  # what was typed stays
    assert rows(transcript) == before


def test_someone_else_changing_the_turns_meanwhile_is_refused(world, clients):
    project, interview = world
    transcript = make_transcript(interview)
    data = editor_data(transcript, {0: {"text": "Mine."}})
    Turn.objects.create(transcript=transcript, order=3, speaker="", start=12.0, text="Added by someone else.")
    response = clients["member"].post(page_url(project, interview, transcript), data)
    assert response.status_code == 400 and "changed by someone else" in response.content.decode()
    assert transcript.turns.filter(text="Mine.").count() == 0


def test_cut_join_add_and_remove_turns(world, clients):
    project, interview = world
    transcript = make_transcript(interview, turns=[("Doreen", 10.0, 20.0, "I moved here in 1970. The estate was new then."),
                                                   ("Inès", 20.0, 22.0, "And now?")])
    address = page_url(project, interview, transcript)
    client = clients["member"]
    first = transcript.turns.get(order=1)

    # a typed change and the cut go together: the change is saved first
    client.post(address, editor_data(transcript, {1: {"text": "And today?"}}, action=f"split:{first.uuid}"))
    assert rows(transcript) == [("Doreen", 10.0, "I moved here in 1970."), ("Doreen", 14.667, "The estate was new then."),
                                ("Inès", 20.0, "And today?")]
    assert transcript.turns.get(order=1).end == 14.667

    client.post(address, editor_data(transcript, action=f"merge:{first.uuid}"))
    assert rows(transcript) == [("Doreen", 10.0, "I moved here in 1970. The estate was new then."), ("Inès", 20.0, "And today?")]
    assert transcript.turns.get(order=1).end == 20.0

    response = client.post(address, editor_data(transcript, action=f"add:{first.uuid}"))
    added = transcript.turns.get(order=2)
    assert response["Location"].endswith(f"#turn-{added.uuid}")
    assert (added.speaker, added.start, added.text) == ("", 20.0, "")
    with_text = editor_data(transcript, {1: {"text": "Inès laughs.", "speaker": "Inès"}}, action=f"remove:{added.uuid}")
    client.post(address, with_text)
    assert rows(transcript) == [("Doreen", 10.0, "I moved here in 1970. The estate was new then."), ("Inès", 20.0, "And today?")]
    assert [t.order for t in transcript.turns.order_by("order")] == [1, 2]

    last = transcript.turns.get(order=2)
    follow = client.post(address, editor_data(transcript, action=f"merge:{last.uuid}"), follow=True)
    assert "nothing below it to join" in follow.content.decode()
    client.post(address, editor_data(transcript, action=f"remove:{last.uuid}"))
    only = transcript.turns.get()
    follow = client.post(address, editor_data(transcript, action=f"remove:{only.uuid}"), follow=True)
    assert "at least one turn" in follow.content.decode() and transcript.turns.count() == 1
    follow = client.post(address, editor_data(transcript, {0: {"text": "Short"}}, action=f"split:{only.uuid}"), follow=True)
    assert "too short" in follow.content.decode()


def test_a_cut_at_an_empty_line_the_person_left(world, personas):
    project, interview = world
    transcript = make_transcript(interview, turns=[("Doreen", None, None, "First part, no stop\n\nsecond part here")],
                                 source="text")
    services.turn_split(actor=personas.user("member"), transcript=transcript, turn=transcript.turns.get())
    assert rows(transcript) == [("Doreen", None, "First part, no stop"), ("Doreen", None, "second part here")]


def test_only_the_team_edits_and_nothing_changes_otherwise(world, clients, personas):
    project, interview = world
    transcript = make_transcript(interview)
    before = rows(transcript)
    for role in ["owner", "organiser", "admin", "outsider"]:
        response = clients[role].post(page_url(project, interview, transcript), editor_data(transcript, {0: {"text": "X"}},
                                                                                            action="checked"))
        assert response.status_code == 404, role
    assert rows(transcript) == before
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.turns_save(actor=personas.user("organiser"), transcript=transcript, rows=[])


# --- speech to text ----------------------------------------------------------------------------------

@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("networking is disabled in this test")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_a_recording_is_written_on_this_machine_with_networking_disabled_and_needs_review_until_checked(
        world, clients, personas, no_network, django_capture_on_commit_callbacks):
    project, interview = world
    recording = make_recording(interview)
    transcribe = reverse("stories:recording_transcribe", args=[project.commons.slug, project.uuid, interview.uuid, recording.uuid])
    client = clients["member"]
    assert "Write a transcript from this recording" in client.get(transcribe).content.decode()
    assert not Transcript.objects.exists()  # GET only asks
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(transcribe)
    transcript = Transcript.objects.get()
    assert response["Location"] == page_url(project, interview, transcript)
    assert (transcript.source, transcript.job, transcript.job_error) == ("machine", "done", "")
    assert transcript.engine == "pocketsphinx" and transcript.engine_version and "en-us" in transcript.engine_model
    assert transcript.needs_review and transcript.seconds_taken > 0 and transcript.recording == recording
    words = " ".join(transcript.turns.values_list("text", flat=True)).lower().split()
    content = {"care", "team", "every", "morning", "thank", "coming", "meeting", "today"}
    assert len(content & set(words)) >= 4, words
    assert all(t.start is not None and t.speaker == "" for t in transcript.turns.all())
    machine = AuditEvent.objects.get(action="stories.transcript.machine")
    assert "pocketsphinx" in machine.reason and "morning" not in machine.reason

    page = client.get(page_url(project, interview, transcript)).content.decode()
    assert "Needs review" in page and "Written on this server by pocketsphinx" in page and "Save and mark as checked" in page

    client.post(page_url(project, interview, transcript), editor_data(transcript, {0: {"speaker": "Doreen"}}, action="checked"))
    transcript.refresh_from_db()
    assert not transcript.needs_review and transcript.reviewed_by == personas["member"].person and transcript.reviewed_at
    assert transcript.turns.get(order=1).speaker == "Doreen"
    page = client.get(page_url(project, interview, transcript)).content.decode()
    assert "Needs review" not in page and f"Checked by {personas['member'].person}" in page


def test_a_queued_transcript_shows_its_state_with_a_refresh_link_and_cannot_be_edited(world, clients, personas):
    project, interview = world
    transcript = make_transcript(interview, turns=[], source="machine", job="queued", needs_review=True,
                                 recording=make_recording(interview))
    address = page_url(project, interview, transcript)
    page = clients["member"].get(address).content.decode()
    assert "Waiting to start" in page and f'href="{address}">Refresh the page' in page
    assert "Save all changes" not in page
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.transcript_mark_checked(actor=personas.user("member"), transcript=transcript)


def test_a_recording_that_cannot_be_read_fails_plainly(world, personas):
    project, interview = world
    recording = make_recording(interview, data=b"ID3" + b"\0" * 500, kind="mp3")
    transcript = Transcript.objects.create(interview=interview, recording=recording, source="machine", job="queued",
                                           needs_review=True)
    assert services.transcription_run(transcript.pk) == "failed"
    transcript.refresh_from_db()
    assert transcript.job == "failed" and "ffmpeg" in transcript.job_error
    assert services.transcription_run(transcript.pk) == "failed"  # safe to run twice: left alone


def test_an_unexpected_engine_failure_is_recorded_without_details(world):
    project, interview = world
    recording = make_recording(interview)
    transcript = Transcript.objects.create(interview=interview, recording=recording, source="machine", job="queued",
                                           needs_review=True)

    class Broken:
        def transcribe(self, path):
            raise RuntimeError("secret words from the recording")

    with pytest.raises(RuntimeError):
        services.transcription_run(transcript.pk, engine=Broken())
    transcript.refresh_from_db()
    assert transcript.job == "failed" and "secret" not in transcript.job_error and "went wrong" in transcript.job_error


def test_a_failed_transcript_is_tried_again_from_its_page(world, clients, personas, no_network,
                                                          django_capture_on_commit_callbacks):
    project, interview = world
    recording = make_recording(interview)
    transcript = Transcript.objects.create(interview=interview, recording=recording, source="machine", job="failed",
                                           job_error="The engine was missing.", needs_review=True)
    address = page_url(project, interview, transcript)
    retry = reverse("stories:transcript_retry", args=[project.commons.slug, project.uuid, interview.uuid, transcript.uuid])
    page = clients["member"].get(address).content.decode()
    assert "The engine was missing." in page and f'action="{retry}"' in page and "Try again" in page
    # Someone not on the research team cannot, and nothing changes.
    for role in ("organiser", "proxy", "outsider"):
        assert clients[role].post(retry).status_code == 404
    transcript.refresh_from_db()
    assert transcript.job == "failed" and not AuditEvent.objects.filter(action="stories.transcript.retry").exists()
    assert clients["member"].get(retry).status_code == 405  # a button, never a link
    # The team tries again: the task runs (at once here), on this machine, from the same recording.
    with django_capture_on_commit_callbacks(execute=True):
        assert clients["member"].post(retry).status_code == 302
    transcript.refresh_from_db()
    assert transcript.job == "done" and transcript.job_error == "" and transcript.engine == "pocketsphinx"
    assert transcript.turns.exists() and transcript.needs_review
    assert AuditEvent.objects.filter(action="stories.transcript.retry", object_id=str(transcript.uuid)).count() == 1
    # A transcript that did not fail is not tried again; the refusal says why.
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="could not be written"):
        services.transcription_retry(actor=personas.user("member"), transcript=transcript)


def test_a_failed_transcript_whose_recording_is_gone_cannot_be_tried_again(world, clients, personas):
    project, interview = world
    transcript = Transcript.objects.create(interview=interview, recording=None, source="machine", job="failed",
                                           job_error="The recording was removed before it could be written.", needs_review=True)
    page = clients["member"].get(page_url(project, interview, transcript)).content.decode()
    assert "Try again" not in page and "Remove this transcript" in page
    retry = reverse("stories:transcript_retry", args=[project.commons.slug, project.uuid, interview.uuid, transcript.uuid])
    response = clients["member"].post(retry, follow=True)
    assert "nothing to write it from" in response.content.decode()
    transcript.refresh_from_db()
    assert transcript.job == "failed"
