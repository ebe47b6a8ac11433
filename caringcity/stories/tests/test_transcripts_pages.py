"""The transcripts pages: who reaches them, importing each format through the page, refusing bad
files with the reason and nothing saved, recording uploads, serving recordings with HTTP Range,
exports, closed and taken-down material, and query counts."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from caringcity.core.models import AuditEvent
from caringcity.core.testing import assert_matrix, assert_queries_constant
from caringcity.stories.models import InterviewState, Recording, Transcript, Turn
from caringcity.stories.tests.factories import make_interview, make_project, make_recording, make_transcript

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
OK, NF, REDIR = 200, 404, 302
TEAM_ONLY = {"anonymous": REDIR, "outsider": NF, "member": OK, "owner": NF, "proxy": NF, "organiser": NF, "admin": NF}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def world(commons, personas):
    project = make_project(commons, lead=personas["member"].person)
    interview = make_interview(project, personas["owner"].person, title="Gloria in Clapton")
    return project, interview


def url(name, project, interview, *more):
    return reverse(f"stories:{name}", args=[project.commons.slug, project.uuid, interview.uuid, *more])


def upload(name, data, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def test_every_page_is_for_the_interview_team_only(world, clients):
    project, interview = world
    recording = make_recording(interview)
    transcript = make_transcript(interview, recording=recording)
    for address in [url("transcripts", project, interview), url("transcript_import", project, interview),
                    url("recording_add", project, interview), url("transcript", project, interview, transcript.uuid),
                    url("transcript_vtt", project, interview, transcript.uuid),
                    url("transcript_srt", project, interview, transcript.uuid),
                    url("recording_audio", project, interview, recording.uuid),
                    url("recording_transcribe", project, interview, recording.uuid),
                    url("transcript_remove", project, interview, transcript.uuid)]:
        assert_matrix(clients, address, TEAM_ONLY)


def test_a_transcript_of_another_interview_is_not_found_through_this_one(world, personas, clients):
    project, interview = world
    other = make_interview(project, personas["proxy"].person, title="Another")
    transcript = make_transcript(other)
    assert clients["member"].get(url("transcript", project, interview, transcript.uuid)).status_code == NF


@pytest.mark.parametrize("state", [InterviewState.CLOSED, InterviewState.TAKEN_DOWN])
def test_closed_or_taken_down_material_is_not_found_anywhere(world, clients, state):
    project, interview = world
    recording = make_recording(interview)
    transcript = make_transcript(interview, recording=recording)
    project_page = reverse("stories:project", args=[project.commons.slug, project.uuid])
    assert "Gloria in Clapton" in clients["member"].get(project_page).content.decode()
    interview.state = state
    interview.save()
    client = clients["member"]
    for address in [url("transcripts", project, interview), url("transcript", project, interview, transcript.uuid),
                    url("transcript_vtt", project, interview, transcript.uuid),
                    url("transcript_srt", project, interview, transcript.uuid),
                    url("recording_audio", project, interview, recording.uuid)]:
        assert client.get(address).status_code == NF, address
    assert client.post(url("recording_transcribe", project, interview, recording.uuid)).status_code == NF
    assert "Gloria in Clapton" not in client.get(project_page).content.decode()  # nor listed on the project page
    assert Transcript.objects.count() == 1


@pytest.mark.parametrize("filename, source, speakers, first_words", [
    ("teams.vtt", "webvtt", ["Interviewer", "Gloria"], "Thank you for talking with us today."),
    ("zoom.vtt", "webvtt", None, None),
    ("interview.srt", "srt", None, None),
    ("otter.txt", "otter", None, None),
    ("interview.otr", "otr", None, None),
    ("interview.txt", "text", ["Interviewer", "Gloria"], "Where did you grow up?"),
    ("interview.docx", "docx", None, None),
])
def test_each_format_imports_through_the_page_into_the_right_turns(world, clients, filename, source, speakers, first_words):
    from caringcity.stories.transcripts.readers import read_transcript

    project, interview = world
    data = (DATA / filename).read_bytes()
    expected = read_transcript(filename, data)
    response = clients["member"].post(url("transcript_import", project, interview), {"file": upload(filename, data)})
    assert response.status_code == 302, response.content.decode()[:2000]
    transcript = Transcript.objects.get(interview=interview)
    assert transcript.source == source and not transcript.needs_review
    turns = list(transcript.turns.order_by("order"))
    assert [(t.speaker, t.start, t.end, t.text) for t in turns] == [(t.speaker, t.start, t.end, t.text) for t in expected.turns]
    if speakers:
        assert list(dict.fromkeys(t.speaker for t in turns)) == speakers
        assert turns[0].text.startswith(first_words) and turns[0].start is not None or source == "text"
    assert response["Location"] == url("transcript", project, interview, transcript.uuid)
    event = AuditEvent.objects.get(action="stories.transcript.import")
    assert source in event.reason and str(len(turns)) in event.reason
    assert first_words is None or first_words not in event.reason


@pytest.mark.parametrize("filename, data, words", [
    ("broken.vtt", b"WEBVTT\n\n00:03 --> 00:04\nHello\n", "Line 3"),
    ("notes.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, ".docx"),
    ("recording.wav", (DATA / "short_recording.wav").read_bytes()[:2000], "recording"),
    ("empty.txt", b"", "empty"),
])
def test_a_bad_file_is_refused_with_the_reason_next_to_the_field_and_nothing_saved(world, clients, filename, data, words):
    project, interview = world
    response = clients["member"].post(url("transcript_import", project, interview), {"file": upload(filename, data)})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_file-error"' in page
    error = page.split('id="id_file-error"')[1].split("</p>")[0]
    assert words.lower() in error.lower(), error
    assert not Transcript.objects.exists() and not Turn.objects.exists()


def test_an_import_may_go_with_one_of_the_interviews_recordings(world, clients, personas):
    project, interview = world
    recording = make_recording(interview)
    other = make_recording(make_interview(project, personas["proxy"].person, title="Other"))
    data = (DATA / "teams.vtt").read_bytes()
    form = url("transcript_import", project, interview)
    assert "Part 1" in clients["member"].get(form).content.decode()
    refused = clients["member"].post(form, {"file": upload("t.vtt", data), "recording": other.pk})
    assert refused.status_code == 400 and not Transcript.objects.exists()
    clients["member"].post(form, {"file": upload("t.vtt", data), "recording": recording.pk})
    assert Transcript.objects.get().recording == recording


# --- recordings ---------------------------------------------------------------------------------------

def test_a_recording_is_uploaded_checked_by_its_bytes_and_kept_privately(world, clients, settings):
    project, interview = world
    data = (DATA / "short_recording.wav").read_bytes()
    response = clients["member"].post(url("recording_add", project, interview),
                                      {"file": upload("my interview.mp3", data, "audio/mpeg"), "label": "Part 1"})
    assert response.status_code == 302
    recording = Recording.objects.get()
    assert recording.kind == "wav" and recording.content_type == "audio/wav" and recording.size == len(data)
    assert recording.duration_seconds == pytest.approx(5.3, abs=0.2)
    assert recording.file.name == f"stories/recordings/{interview.commons.uuid}/{recording.uuid}"
    assert Path(recording.file.path).read_bytes() == data
    assert recording.uploaded_by == interview.project.researchers.get().person
    assert "interview" not in AuditEvent.objects.get(action="stories.recording.add").reason


@pytest.mark.parametrize("name, data, content_type, words", [
    ("notes.wav", b"This is not sound at all, only words.", "audio/wav", "not a recording we recognise"),
    ("empty.wav", b"", "audio/wav", "empty"),
    ("page.wav", (DATA / "short_recording.wav").read_bytes()[:400], "text/html", "not a recording"),
])
def test_a_bad_recording_is_refused_next_to_the_field(world, clients, name, data, content_type, words):
    project, interview = world
    response = clients["member"].post(url("recording_add", project, interview),
                                      {"file": upload(name, data, content_type), "label": "Typed label"})
    assert response.status_code == 400
    page = response.content.decode()
    assert words in page.split('id="id_file-error"')[1].split("</p>")[0]
    assert 'value="Typed label"' in page  # keeps what was typed
    assert not Recording.objects.exists()


def test_a_recording_over_the_size_limit_is_refused(world, clients, settings):
    settings.STORIES_AUDIO_MAX_BYTES = 1000
    project, interview = world
    response = clients["member"].post(url("recording_add", project, interview),
                                      {"file": upload("a.wav", (DATA / "short_recording.wav").read_bytes(), "audio/wav")})
    assert response.status_code == 400 and "the largest we accept is 1000" in response.content.decode()
    assert not Recording.objects.exists()


def _looks(interview):
    return AuditEvent.objects.filter(object_id=str(interview.uuid), part="interviews", reason="recording").count()


def test_the_recording_is_served_with_ranges_and_each_play_is_a_look(world, clients):
    project, interview = world
    data = (DATA / "short_recording.wav").read_bytes()
    recording = make_recording(interview, data)
    address = url("recording_audio", project, interview, recording.uuid)
    client = clients["member"]

    whole = client.get(address)
    assert whole.status_code == 200 and b"".join(whole.streaming_content) == data
    assert whole["Accept-Ranges"] == "bytes" and whole["Content-Length"] == str(len(data))
    assert whole["Content-Type"] == "audio/wav" and whole["Cache-Control"] == "private, no-store"
    assert _looks(interview) == 1

    first = client.get(address, HTTP_RANGE="bytes=0-")
    assert first.status_code == 206 and first["Content-Range"] == f"bytes 0-{len(data) - 1}/{len(data)}"
    assert _looks(interview) == 2

    middle = client.get(address, HTTP_RANGE="bytes=100-199")
    assert middle.status_code == 206 and b"".join(middle.streaming_content) == data[100:200]
    assert middle["Content-Range"] == f"bytes 100-199/{len(data)}" and middle["Content-Length"] == "100"
    tail = client.get(address, HTTP_RANGE="bytes=-10")
    assert b"".join(tail.streaming_content) == data[-10:]
    beyond = client.get(address, HTTP_RANGE=f"bytes=100-{len(data) + 5000}")
    assert b"".join(beyond.streaming_content) == data[100:]
    assert _looks(interview) == 2  # seeking is not another look

    for bad in [f"bytes={len(data)}-", "bytes=50-10", "bytes=-0", "bytes=abc", "pages=1-2"]:
        refused = client.get(address, HTTP_RANGE=bad)
        assert refused.status_code == 416, bad
        assert refused["Content-Range"] == f"bytes */{len(data)}"


def test_a_missing_recording_file_is_not_found(world, clients):
    project, interview = world
    recording = make_recording(interview)
    Path(recording.file.path).unlink()
    assert clients["member"].get(url("recording_audio", project, interview, recording.uuid)).status_code == NF


# --- exports --------------------------------------------------------------------------------------------

def test_exports_as_webvtt_and_srt_record_a_download(world, clients):
    from caringcity.stories.transcripts.readers import read_srt, read_webvtt

    project, interview = world
    transcript = make_transcript(interview)
    vtt = clients["member"].get(url("transcript_vtt", project, interview, transcript.uuid))
    assert vtt.status_code == 200 and vtt["Content-Type"].startswith("text/vtt")
    assert vtt["Content-Disposition"] == 'attachment; filename="gloria-in-clapton.vtt"'
    assert [(t.speaker, t.text) for t in read_webvtt(vtt.content).turns] == [
        ("Inès", "How did you meet your neighbours?"), ("Gloria", "Through the lunch club.")]
    srt = clients["member"].get(url("transcript_srt", project, interview, transcript.uuid))
    assert srt.status_code == 200 and "00:00:04,000 --> 00:00:09,500" in srt.content.decode()
    assert [t.speaker for t in read_srt(srt.content).turns] == ["Inès", "Gloria"]
    downloads = AuditEvent.objects.filter(object_id=str(interview.uuid), action=AuditEvent.Action.EXPORT)
    assert downloads.count() == 2


def test_an_untimed_transcript_cannot_be_exported_and_says_why(world, clients):
    project, interview = world
    transcript = make_transcript(interview, turns=[("Gloria", None, None, "I came in 1962.")], source="text")
    response = clients["member"].get(url("transcript_vtt", project, interview, transcript.uuid), follow=True)
    assert "no start time" in response.content.decode()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


# --- lists and sections ----------------------------------------------------------------------------------

def test_machine_transcripts_show_needs_review_wherever_they_are_listed(world, clients):
    project, interview = world
    make_transcript(interview, source="machine", job="done", needs_review=True)
    make_transcript(interview, source="webvtt")
    for address in [url("transcripts", project, interview), reverse("stories:project", args=[project.commons.slug, project.uuid])]:
        page = clients["member"].get(address).content.decode()
        assert page.count("Needs review") == 1, address
        assert "Checked" in page
    organiser_view = clients["organiser"].get(reverse("stories:project", args=[project.commons.slug, project.uuid]))
    assert "Needs review" not in organiser_view.content.decode()  # the organiser is not on the team


def test_the_interview_section_lists_the_material_for_the_team_only(world, personas, rf):
    from caringcity.stories.views.base import page_sections

    project, interview = world
    make_transcript(interview)
    request = rf.get("/")
    request.user = personas.user("member")
    sections = dict(page_sections("interview", request, project.commons, interview))
    ours = "stories/transcripts/_interview_section.html"
    assert ours in sections  # other parts add their own sections to the same page
    from django.template.loader import render_to_string

    html = render_to_string(ours, {"section": sections[ours]}, request=request)
    assert "Recordings and transcripts" in html and url("transcript_import", project, interview) in html
    assert url("transcript", project, interview, interview.transcripts.get().uuid) in html
    request.user = personas.user("organiser")
    assert ours not in dict(page_sections("interview", request, project.commons, interview))


def test_the_transcript_page_queries_stay_the_same_as_turns_grow(world, clients):
    project, interview = world
    transcript = make_transcript(interview, recording=make_recording(interview))
    counter = iter(range(1000))

    def grow():
        for _ in range(5):
            n = next(counter)
            Turn.objects.create(transcript=transcript, order=100 + n, speaker="Gloria", start=10.0 + n, text=f"Words {n}.")

    assert_queries_constant(clients["member"], url("transcript", project, interview, transcript.uuid), grow)


def test_the_material_and_project_pages_queries_stay_the_same(world, clients, personas):
    project, interview = world

    def grow():
        other = make_interview(project, personas["proxy"].person, title="More")
        make_transcript(other, recording=make_recording(other))
        make_transcript(interview)
        make_recording(interview)

    assert_queries_constant(clients["member"], reverse("stories:project", args=[project.commons.slug, project.uuid]), grow)
    assert_queries_constant(clients["member"], url("transcripts", project, interview), grow)
