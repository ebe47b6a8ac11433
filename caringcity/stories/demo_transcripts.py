"""Demo stories, transcripts part (fills in ctx["stories"]["transcripts"]).

- Gloria's interview: imported from a WebVTT file as Microsoft Teams writes it (``data/demo/gloria.vtt``,
  25 turns, Inès and Gloria), then marked as checked.
- Doreen's: a short recording (``data/demo/doreen.wav``, made once with espeak-ng) written on this
  machine by the real speech-to-text engine (a few seconds), left "needs review".
- Arthur's: typed from paper notes, imported as plain text (``data/demo/arthur.txt``).

Runs after demo_interviews (which sets ctx["stories"]["interviews"]); without it, builds nothing.
Safe to run twice: what exists is kept."""

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from caringcity.stories.models import Transcript
from caringcity.stories.services import transcripts as services

DEMO = Path(__file__).parent / "data" / "demo"
RECORDING_LABEL = "Kitchen table, part 1"


def _import(actor, interview, filename, source):
    existing = interview.transcripts.filter(source=source).order_by("created").first()
    if existing is not None:
        return existing
    data = (DEMO / filename).read_bytes()
    return services.transcript_import(actor=actor, interview=interview, upload=SimpleUploadedFile(filename, data))


def _gloria(actor, interview):
    transcript = _import(actor, interview, "gloria.vtt", Transcript.Source.WEBVTT)
    if transcript.reviewed_at is None:
        services.transcript_mark_checked(actor=actor, transcript=transcript)
    return transcript


def _doreen(actor, interview):
    recording = interview.recordings.filter(label=RECORDING_LABEL).first()
    if recording is None:
        data = (DEMO / "doreen.wav").read_bytes()
        recording = services.recording_add(actor=actor, interview=interview, label=RECORDING_LABEL,
                                           upload=SimpleUploadedFile("doreen.wav", data, content_type="audio/wav"))
    transcript = recording.transcripts.filter(source=Transcript.Source.MACHINE).order_by("created").first()
    if transcript is None:
        transcript = services.transcription_queue(actor=actor, recording=recording)
    if transcript.job != Transcript.Job.DONE:
        services.transcription_run(transcript.pk)  # the real engine, now (a task queued as well finds it done)
        transcript.refresh_from_db()
    return transcript


def build(ctx):
    stories = ctx.get("stories") or {}
    interviews = stories.get("interviews")
    if not interviews:
        return
    actor = ctx["people"]["researcher"].user
    built = {}
    for key, make in [("gloria", _gloria), ("doreen", _doreen),
                      ("arthur", lambda a, i: _import(a, i, "arthur.txt", Transcript.Source.TEXT))]:
        interview = interviews.get(key)
        if interview is not None and actor.has_perm("stories.research_interview", interview) and interview.state in services.MATERIAL_STATES:
            built[key] = make(actor, interview)
    stories["transcripts"] = built
