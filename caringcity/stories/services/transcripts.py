"""Writes of the transcripts part (see docs/stories-transcripts.md): recordings, transcripts imported
from a file or written on this machine from a recording, the review editor's changes, and the check
that clears "needs review".

Only the interview's research team (``stories.research_interview``) writes, and only while the
interview's material is there (draft or agreed). Audit reasons never hold what anyone said: only
counts, kinds and formats."""

import re
import time
import wave

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from caringcity.core.services import audit_record
from caringcity.stories.access import stories_standing
from caringcity.stories.models import InterviewState, Recording, Transcript, Turn
from caringcity.stories.transcripts import audio
from caringcity.stories.transcripts.model import TranscriptError
from caringcity.stories.transcripts.readers import read_transcript

MATERIAL_STATES = (InterviewState.DRAFT, InterviewState.AGREED)
MAX_IMPORT_BYTES = 20 * 1024 * 1024  # the readers' own limit for Word files
CONTENT_TYPES = {kind: types[0] for kind, (label, types) in audio.KINDS.items()}
FAILED_PLAINLY = "Something went wrong on the server while writing it. Try again, or ask the operator."


def _require(actor, interview):
    if not actor.has_perm("stories.research_interview", interview) or interview.state not in MATERIAL_STATES:
        raise PermissionDenied


def _person(actor, interview):
    return stories_standing(actor, interview.commons).person


def _audit(actor, action, obj, interview, reason=""):
    audit_record(actor=actor, action=action, obj=obj, commons=interview.commons, subject=interview.respondent,
                 part="interviews", basis="research", reason=reason)


# --- recordings -----------------------------------------------------------------------------------

def _duration(upload, kind):
    """Seconds, read from a WAV file's header; None for other kinds (that needs ffmpeg)."""
    if kind != "wav":
        return None
    try:
        upload.seek(0)
        with wave.open(upload, "rb") as wav:
            rate = wav.getframerate()
            return round(wav.getnframes() / rate, 3) if rate else None
    except (wave.Error, EOFError, ValueError, OSError):
        return None
    finally:
        upload.seek(0)


@transaction.atomic
def recording_add(*, actor, interview, upload, label=""):
    """Store a recording privately. Its kind is read from its first bytes, not its name."""
    _require(actor, interview)
    limit = settings.STORIES_AUDIO_MAX_BYTES
    if upload is None or not upload.size:
        raise ValidationError({"file": _("This recording is empty. Choose the file again.")})
    if upload.size > limit:
        raise ValidationError({"file": _("This recording is %(size)s; the largest we accept is %(limit)s. "
                                         "Split it into parts, or save it as MP3.")
                               % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if audio.sniff(head) is None:
        raise ValidationError({"file": _("This file is not a recording we recognise. "
                                         "We accept WAV, MP3, M4A, Ogg, FLAC and WebM.")})
    try:
        kind = audio.check_audio(head, upload.size, getattr(upload, "content_type", ""), max_bytes=limit)
    except audio.AudioError as error:
        raise ValidationError({"file": str(error)}) from None
    recording = Recording(interview=interview, kind=kind, content_type=CONTENT_TYPES[kind], size=upload.size,
                          duration_seconds=_duration(upload, kind), label=(label or "").strip()[:120],
                          uploaded_by=_person(actor, interview))
    recording.file.save(str(recording.uuid), upload, save=False)
    recording.save()
    _audit(actor, "stories.recording.add", recording, interview, f"{kind}; {upload.size} bytes")
    return recording


@transaction.atomic
def recording_remove(*, actor, recording):
    interview = recording.interview
    _require(actor, interview)
    name = recording.file.name
    _audit(actor, "stories.recording.remove", recording, interview)
    recording.delete()
    transaction.on_commit(lambda: recording.file.storage.delete(name))


# --- transcripts from a file -----------------------------------------------------------------------

def _check_recording(interview, recording):
    if recording is not None and recording.interview_id != interview.pk:
        raise ValidationError({"recording": _("Choose one of this interview's recordings.")})


def _store_turns(transcript, turns):
    Turn.objects.bulk_create([Turn(transcript=transcript, order=number, speaker=(turn.speaker or "")[:120],
                                   start=turn.start, end=turn.end, text=turn.text)
                              for number, turn in enumerate(turns, 1)])


@transaction.atomic
def transcript_import(*, actor, interview, upload, recording=None, language=""):
    """Read a transcript file (WebVTT, SRT, Otter, oTranscribe, plain text, Word) into turns.
    A file the readers refuse saves nothing; their reason goes next to the field."""
    _require(actor, interview)
    _check_recording(interview, recording)
    if upload is None or not upload.size:
        raise ValidationError({"file": _("This file is empty. Choose the file again.")})
    if upload.size > MAX_IMPORT_BYTES:
        raise ValidationError({"file": _("This file is %(size)s; the largest we accept is %(limit)s.")
                               % {"size": filesizeformat(upload.size), "limit": filesizeformat(MAX_IMPORT_BYTES)}})
    upload.seek(0)
    data = upload.read()
    try:
        result = read_transcript(upload.name or "", data)
    except TranscriptError as error:
        raise ValidationError({"file": str(error)}) from None
    if not result.turns:
        raise ValidationError({"file": _("We found no words in this file.")})
    transcript = Transcript.objects.create(interview=interview, recording=recording, source=result.source_format,
                                           language=(language or result.language or interview.language or "")[:20],
                                           added_by=_person(actor, interview))
    _store_turns(transcript, result.turns)
    _audit(actor, "stories.transcript.import", transcript, interview,
           f"{result.source_format}; {len(result.turns)} turns")
    return transcript


@transaction.atomic
def transcript_remove(*, actor, transcript):
    interview = transcript.interview
    _require(actor, interview)
    _audit(actor, "stories.transcript.remove", transcript, interview)
    transcript.delete()


# --- speech to text on this machine ------------------------------------------------------------------

@transaction.atomic
def transcription_queue(*, actor, recording):
    """A machine transcript waiting for the background task; the task starts after this commits
    (at once in development and tests, by ``manage.py db_worker`` in production)."""
    from caringcity.stories.tasks import transcribe_recording

    interview = recording.interview
    _require(actor, interview)
    transcript = Transcript.objects.create(interview=interview, recording=recording, source=Transcript.Source.MACHINE,
                                           job=Transcript.Job.QUEUED, needs_review=True,
                                           language=(interview.language or "")[:20], added_by=_person(actor, interview))
    _audit(actor, "stories.transcript.queue", transcript, interview, recording.kind)
    transaction.on_commit(lambda: transcribe_recording.enqueue(transcript.pk))
    return transcript


@transaction.atomic
def transcription_retry(*, actor, transcript):
    """Try a failed machine transcript again, from the same recording (after the operator fixed the
    engine, say). Refused, with why, when it did not fail or its recording is gone."""
    from caringcity.stories.tasks import transcribe_recording

    transcript = Transcript.objects.select_for_update(of=("self",)).select_related("interview", "recording").get(pk=transcript.pk)
    _require(actor, transcript.interview)
    if transcript.job != Transcript.Job.FAILED:
        raise ValidationError(_("Only a transcript that could not be written can be tried again."))
    if transcript.recording is None:
        raise ValidationError(_("Its recording was removed, so there is nothing to write it from. Remove this transcript."))
    transcript.job, transcript.job_error = Transcript.Job.QUEUED, ""
    transcript.save(update_fields=["job", "job_error", "updated"])
    _audit(actor, "stories.transcript.retry", transcript, transcript.interview, transcript.recording.kind)
    transaction.on_commit(lambda: transcribe_recording.enqueue(transcript.pk))
    return transcript


def _local_path(recording):
    """(path, cleanup) of the recording on this machine's disk."""
    try:
        return recording.file.path, None
    except NotImplementedError:  # a storage without local files: copy it to a temporary file
        import tempfile

        handle = tempfile.NamedTemporaryFile(suffix="." + recording.kind, delete=False)
        with recording.file.open("rb") as source, handle:
            for chunk in iter(lambda: source.read(1024 * 1024), b""):
                handle.write(chunk)
        return handle.name, handle.name


def transcription_run(transcript_id, engine=None):
    """What the background task does: run the best engine on the recording and keep its turns.
    Safe to run twice: a transcript already done is left alone. Returns the job's state."""
    from caringcity.stories.transcripts.engines import best_engine

    with transaction.atomic():
        transcript = (Transcript.objects.select_for_update(of=("self",)).select_related("recording", "interview")
                      .filter(pk=transcript_id).first())
        if transcript is None or transcript.job not in (Transcript.Job.QUEUED, Transcript.Job.RUNNING):
            return transcript.job if transcript else "missing"
        if transcript.recording is None:
            return _job_failed(transcript, _("The recording was removed before it could be written."))
        transcript.job = Transcript.Job.RUNNING
        transcript.save(update_fields=["job", "updated"])
    began = time.monotonic()
    cleanup = None
    try:
        engine = engine or best_engine(settings)
        path, cleanup = _local_path(transcript.recording)
        result = engine.transcribe(path)
    except TranscriptError as error:
        # The library's messages say what is wrong with the file or the server, never what was said.
        return _job_failed(transcript, str(error))
    except Exception:
        _job_failed(transcript, FAILED_PLAINLY)
        raise
    finally:
        if cleanup:
            import os

            os.unlink(cleanup)
    return _job_done(transcript, result, time.monotonic() - began)


def _job_failed(transcript, message):
    Transcript.objects.filter(pk=transcript.pk).update(job=Transcript.Job.FAILED, job_error=message[:300],
                                                       updated=timezone.now())
    audit_record(actor=None, action="stories.transcript.fail", obj=transcript, commons=transcript.interview.commons,
                 reason="speech to text failed")
    return Transcript.Job.FAILED


@transaction.atomic
def _job_done(transcript, result, seconds):
    transcript = Transcript.objects.select_for_update(of=("self",)).select_related("recording", "interview").get(pk=transcript.pk)
    info = result.engine
    transcript.engine, transcript.engine_model, transcript.engine_version = (
        (info.name, info.model[:200], info.version[:60]) if info else ("", "", ""))
    transcript.language = (result.language or transcript.language)[:20]
    transcript.job, transcript.job_error = Transcript.Job.DONE, ""
    transcript.seconds_taken = round(seconds, 2)
    transcript.needs_review = True
    transcript.save()
    transcript.turns.all().delete()
    _store_turns(transcript, result.turns)
    recording = transcript.recording
    if recording is not None and recording.duration_seconds is None and result.turns and result.turns[-1].end:
        Recording.objects.filter(pk=recording.pk).update(duration_seconds=result.turns[-1].end)
    audit_record(actor=None, action="stories.transcript.machine", obj=transcript, commons=transcript.interview.commons,
                 reason=f"{transcript.engine}; {len(result.turns)} turns; {transcript.seconds_taken} s")
    return Transcript.Job.DONE


# --- the review editor -----------------------------------------------------------------------------

def _editable(actor, transcript):
    _require(actor, transcript.interview)
    if transcript.job in (Transcript.Job.QUEUED, Transcript.Job.RUNNING):
        raise ValidationError(_("This transcript is still being written. Wait until it is done."))


@transaction.atomic
def turns_save(*, actor, transcript, rows):
    """Save every turn at once. ``rows`` is a list of {"turn": uuid, "speaker", "start", "text"} in
    page order, one per turn. Errors are keyed "<row index>.<field>" so the editor puts each next to
    its field; nothing is saved unless every row is right."""
    _editable(actor, transcript)
    turns = {turn.uuid: turn for turn in Turn.objects.select_for_update().filter(transcript=transcript)}
    if len(rows) != len(turns) or {row["turn"] for row in rows} != set(turns):
        raise ValidationError(_("The transcript was changed by someone else since you opened it. "
                                "Open it again and make your changes there."))
    errors = {}
    previous = None
    for index, row in enumerate(rows):
        if not (row.get("text") or "").strip():
            errors[f"{index}.text"] = _("Write what was said, or remove this turn.")
        start = row.get("start")
        if start is not None and previous is not None and start < previous:
            errors[f"{index}.start"] = _("This turn starts before the one above it. Put the times in order.")
        if start is not None:
            previous = start
    if errors:
        raise ValidationError(errors)
    changed = []
    for order, row in enumerate(rows, 1):
        turn = turns[row["turn"]]
        speaker, start, text = (row.get("speaker") or "").strip()[:120], row.get("start"), row["text"].strip()
        end = turn.end if start is not None and turn.end is not None and turn.end >= start else None
        if (turn.order, turn.speaker, turn.start, turn.end, turn.text) != (order, speaker, start, end, text):
            turn.order, turn.speaker, turn.start, turn.end, turn.text = order, speaker, start, end, text
            changed.append(turn)
    if changed:
        Turn.objects.bulk_update(changed, ["order", "speaker", "start", "end", "text"])
        _audit(actor, "stories.transcript.edit", transcript, transcript.interview, f"{len(changed)} turns changed")
    return len(changed)


def _renumber(transcript):
    turns = list(transcript.turns.order_by("order", "created"))
    for order, turn in enumerate(turns, 1):
        turn.order = order
    Turn.objects.bulk_update(turns, ["order"])


def _split_point(text):
    """Where to cut a turn: at its first empty line, else at the end of the sentence nearest the
    middle, else at the space nearest the middle. None when it cannot be cut."""
    text = text.strip()
    blank = re.search(r"\n\s*\n", text)
    if blank:
        return blank.start(), blank.end()
    middle = len(text) / 2
    ends = [m.end() for m in re.finditer(r"[.!?…](?=\s)", text)]
    if ends:
        cut = min(ends, key=lambda i: abs(i - middle))
        return cut, cut
    spaces = [m.start() for m in re.finditer(r"\s", text)]
    if spaces:
        cut = min(spaces, key=lambda i: abs(i - middle))
        return cut, cut
    return None


@transaction.atomic
def turn_split(*, actor, transcript, turn):
    """Cut a turn in two (see ``_split_point``); times are shared in proportion to the words."""
    _editable(actor, transcript)
    point = _split_point(turn.text)
    first, second = (turn.text.strip()[:point[0]].strip(), turn.text.strip()[point[1]:].strip()) if point else ("", "")
    if not first or not second:
        raise ValidationError(_("This turn is too short to cut in two."))
    middle = None
    if turn.start is not None and turn.end is not None and turn.end > turn.start:
        middle = round(turn.start + (turn.end - turn.start) * len(first) / (len(first) + len(second)), 3)
    Turn.objects.filter(transcript=transcript, order__gt=turn.order).update(order=F("order") + 1)
    Turn.objects.create(transcript=transcript, order=turn.order + 1, speaker=turn.speaker, start=middle,
                        end=turn.end if middle is not None else None, text=second)
    turn.text, turn.end = first, middle if middle is not None else turn.end
    turn.save(update_fields=["text", "end", "updated"])
    _audit(actor, "stories.transcript.split", transcript, transcript.interview)


@transaction.atomic
def turn_merge(*, actor, transcript, turn):
    """Join a turn with the next one: one speaker (this turn's), the texts joined, the later end."""
    _editable(actor, transcript)
    following = transcript.turns.filter(order__gt=turn.order).order_by("order").first()
    if following is None:
        raise ValidationError(_("This is the last turn: there is nothing below it to join."))
    turn.text = f"{turn.text.strip()} {following.text.strip()}".strip()
    turn.end = following.end if following.end is not None else turn.end
    turn.save(update_fields=["text", "end", "updated"])
    following.delete()
    _renumber(transcript)
    _audit(actor, "stories.transcript.merge", transcript, transcript.interview)


@transaction.atomic
def turn_remove(*, actor, transcript, turn):
    _editable(actor, transcript)
    if transcript.turns.count() <= 1:
        raise ValidationError(_("A transcript needs at least one turn. Remove the whole transcript instead."))
    turn.delete()
    _renumber(transcript)
    _audit(actor, "stories.transcript.remove_turn", transcript, transcript.interview)


@transaction.atomic
def turn_add(*, actor, transcript, after, text=""):
    """A new turn below ``after``, starting where it ends. Its text is written in the editor."""
    _editable(actor, transcript)
    Turn.objects.filter(transcript=transcript, order__gt=after.order).update(order=F("order") + 1)
    turn = Turn.objects.create(transcript=transcript, order=after.order + 1, speaker="",
                               start=after.end if after.end is not None else after.start, text=text)
    _audit(actor, "stories.transcript.add_turn", transcript, transcript.interview)
    return turn


@transaction.atomic
def transcript_mark_checked(*, actor, transcript):
    """A person has read the transcript against the recording: it no longer needs review."""
    _editable(actor, transcript)
    if transcript.job == Transcript.Job.FAILED:
        raise ValidationError(_("This transcript could not be written, so there is nothing to check."))
    transcript.needs_review = False
    transcript.reviewed_by = _person(actor, transcript.interview)
    transcript.reviewed_at = timezone.now()
    transcript.save(update_fields=["needs_review", "reviewed_by", "reviewed_at", "updated"])
    _audit(actor, "stories.transcript.check", transcript, transcript.interview)
    return transcript
