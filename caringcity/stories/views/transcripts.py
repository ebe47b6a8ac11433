"""Pages of the transcripts part (see docs/stories-transcripts.md), all for the interview's research
team and only while its material is there (``interview_for`` answers 404 otherwise):

- the interview's recordings and transcripts (also a section of the interview page, and a list
  of the project's transcripts as a section of the project page);
- add a recording; play it (served here only, with HTTP Range so the player can seek);
- import a transcript file; write one from a recording on this machine (a background task);
- a transcript's page: its job state, the player, and the review editor (every turn a row, saved
  at once; cut, join, remove and add turns; save and mark as checked);
- WebVTT and SRT downloads."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from caringcity.stories.forms import transcripts as forms
from caringcity.stories.models import Transcript
from caringcity.stories.selectors import transcripts as selectors
from caringcity.stories.services import transcripts as services
from caringcity.stories.services.looks import record_look
from caringcity.stories.transcripts import model as library
from caringcity.stories.transcripts.model import TranscriptError
from caringcity.stories.transcripts.writers import to_srt, to_webvtt
from caringcity.stories.views.base import (
    MATERIAL_STATES,
    I,
    _act,
    _submit,
    interview_for,
    register_section,
    render_stories,
)

PERM = "stories.research_interview"
CHUNK = 64 * 1024


def _args(commons, project, interview, *more):
    return [commons.slug, project.uuid, interview.uuid, *more]


def _material_url(commons, project, interview):
    return reverse("stories:transcripts", args=_args(commons, project, interview))


def _transcript_url(commons, project, interview, transcript):
    return reverse("stories:transcript", args=_args(commons, project, interview, transcript.uuid))


def _crumb(commons, project, interview):
    return {"crumb_url": _material_url(commons, project, interview),
            "crumb_label": _("Recordings and transcripts: %(title)s") % {"title": interview.title}}


def _render(request, template, commons, project, ctx, status=200):
    return render_stories(request, template, commons, ctx, status=status, project=project)


def _form_page(request, commons, project, interview, form, *, title, submit_label, intro=""):
    status = 400 if form.is_bound and form.errors else 200
    ctx = {"form": form, "title": title, "submit_label": submit_label, "intro": intro, "interview": interview,
           "cancel_url": _material_url(commons, project, interview), **_crumb(commons, project, interview)}
    return _render(request, "stories/transcripts/form.html", commons, project, ctx, status)


def _confirm(request, commons, project, interview, **ctx):
    return _render(request, "stories/confirm.html", commons, project, {**_crumb(commons, project, interview), **ctx})


# --- the interview's recordings and transcripts ------------------------------------------------------

def _material(commons, project, interview):
    recordings = selectors.recordings_of(interview)
    transcripts = selectors.transcripts_of(interview)
    for recording in recordings:
        recording.audio_url = reverse("stories:recording_audio", args=_args(commons, project, interview, recording.uuid))
        recording.transcribe_url = reverse("stories:recording_transcribe", args=_args(commons, project, interview, recording.uuid))
        recording.remove_url = reverse("stories:recording_remove", args=_args(commons, project, interview, recording.uuid))
        recording.name = forms.recording_label(recording)
        recording.length = forms.clock(recording.duration_seconds)
    for transcript in transcripts:
        transcript.url = _transcript_url(commons, project, interview, transcript)
    return {"recordings": recordings, "transcripts": transcripts,
            "add_recording_url": reverse("stories:recording_add", args=_args(commons, project, interview)),
            "import_url": reverse("stories:transcript_import", args=_args(commons, project, interview)),
            "material_url": _material_url(commons, project, interview)}


@login_required
def material(request, slug, project_uuid, interview_uuid):
    commons, project, interview = interview_for(request, slug, project_uuid, interview_uuid, PERM)
    ctx = {"interview": interview, **_material(commons, project, interview),
           "project_url": reverse("stories:project", args=[commons.slug, project.uuid])}
    return _render(request, "stories/transcripts/material.html", commons, project, ctx)


def _interview_section(request, commons, interview):
    """The interview page's section: its recordings and transcripts."""
    if interview.state not in MATERIAL_STATES or not request.user.has_perm(PERM, interview):
        return None
    return {"interview": interview, **_material(commons, interview.project, interview)}


def _project_section(request, commons, project):
    """The project page's section: each interview's transcripts, and how many need review."""
    if not request.user.has_perm("stories.research", project):
        return None
    interviews = selectors.project_interviews(project)
    waiting = 0
    for interview in interviews:
        interview.material_url = _material_url(commons, project, interview)
        for transcript in interview.transcripts.all():
            transcript.url = _transcript_url(commons, project, interview, transcript)
            waiting += transcript.needs_review
    return {"interviews": interviews, "waiting": waiting}


register_section("interview", 20, "stories/transcripts/_interview_section.html", _interview_section)
register_section("project", 20, "stories/transcripts/_project_section.html", _project_section)


# --- recordings -------------------------------------------------------------------------------------

@login_required
def recording_add(request, slug, project_uuid, interview_uuid):
    commons, project, interview = interview_for(request, slug, project_uuid, interview_uuid, PERM)
    form = forms.RecordingForm(request.POST or None, request.FILES or None)

    def call(data):
        services.recording_add(actor=request.user, interview=interview, upload=data["file"], label=data["label"])

    if _submit(request, form, call, _("The recording is saved.")):
        return redirect(_material_url(commons, project, interview))
    return _form_page(request, commons, project, interview, form, title=_("Add a recording"),
                      submit_label=_("Upload the recording"),
                      intro=_("The recording is kept privately: only the research team can play it."))


def _recording(request, slug, project_uuid, interview_uuid, recording_uuid):
    commons, project, interview = interview_for(request, slug, project_uuid, interview_uuid, PERM)
    recording = selectors.recording_in(interview, recording_uuid)
    if recording is None:
        raise Http404
    return commons, project, interview, recording


_RANGE_RE = re.compile(r"^bytes=(\d*)-(\d*)$")


def parse_range(header, size):
    """(start, end) inclusive for one ``Range: bytes=...`` of a file of ``size`` bytes; None when
    there is no range, or several (the whole file is sent); "bad" when it cannot be satisfied."""
    if not header:
        return None
    header = header.strip()
    if "," in header:
        return None
    match = _RANGE_RE.match(header)
    if not match or (not match.group(1) and not match.group(2)):
        return "bad"
    first, last = match.groups()
    if not first:  # the last N bytes
        length = int(last)
        if length == 0:
            return "bad"
        return max(size - length, 0), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size or (last and int(last) < start):
        return "bad"
    return start, end


def _stream(handle, start, length):
    try:
        handle.seek(start)
        while length > 0:
            chunk = handle.read(min(CHUNK, length))
            if not chunk:
                break
            length -= len(chunk)
            yield chunk
    finally:
        handle.close()


@login_required
def recording_audio(request, slug, project_uuid, interview_uuid, recording_uuid):
    """The recording, for the team only, with HTTP Range (206 with Content-Range; 416 when the
    range cannot be satisfied). A look is recorded for each play from the start (byte 0)."""
    commons, project, interview, recording = _recording(request, slug, project_uuid, interview_uuid, recording_uuid)
    try:
        handle = recording.file.open("rb")
        size = recording.file.size
    except (FileNotFoundError, OSError, ValueError):
        raise Http404 from None
    wanted = parse_range(request.headers.get("Range"), size)
    if wanted == "bad":
        handle.close()
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        response["Accept-Ranges"] = "bytes"
        return response
    start, end = wanted if wanted else (0, size - 1)
    if start == 0:
        record_look(actor=request.user, interview=interview, what="recording")
    length = end - start + 1
    response = StreamingHttpResponse(_stream(handle, start, length), status=206 if wanted else 200,
                                     content_type=recording.content_type or "application/octet-stream")
    response["Content-Length"] = str(length)
    response["Accept-Ranges"] = "bytes"
    if wanted:
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Content-Disposition"] = f'inline; filename="recording.{recording.kind}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def recording_transcribe(request, slug, project_uuid, interview_uuid, recording_uuid):
    commons, project, interview, recording = _recording(request, slug, project_uuid, interview_uuid, recording_uuid)
    if request.method == "POST":
        made = {}

        def call():
            made["transcript"] = services.transcription_queue(actor=request.user, recording=recording)

        if _act(request, call, _("The transcript is being written on this server. Refresh its page to see how it is going.")):
            return redirect(_transcript_url(commons, project, interview, made["transcript"]))
        return redirect(_material_url(commons, project, interview))
    return _confirm(request, commons, project, interview, title=_("Write a transcript from this recording?"),
                    explanation=_("This server listens to the recording and writes down what it hears. Nothing "
                                  "leaves this server. It takes a few minutes for an hour of talk, and makes "
                                  "mistakes: someone on the team must check it against the recording."),
                    confirm_label=_("Write a transcript from this recording"),
                    cancel_url=_material_url(commons, project, interview))


@login_required
def recording_remove(request, slug, project_uuid, interview_uuid, recording_uuid):
    commons, project, interview, recording = _recording(request, slug, project_uuid, interview_uuid, recording_uuid)
    if request.method == "POST":
        if _act(request, lambda: services.recording_remove(actor=request.user, recording=recording),
                _("The recording is removed.")):
            return redirect(_material_url(commons, project, interview))
    return _confirm(request, commons, project, interview, title=_("Remove this recording?"), danger=True,
                    explanation=_("The sound file is deleted from this server. Transcripts made from it stay, "
                                  "but can no longer play the sound."),
                    confirm_label=_("Remove the recording"), cancel_url=_material_url(commons, project, interview))


# --- importing a transcript ------------------------------------------------------------------------

@login_required
def transcript_import(request, slug, project_uuid, interview_uuid):
    commons, project, interview = interview_for(request, slug, project_uuid, interview_uuid, PERM)
    form = forms.ImportForm(request.POST or None, request.FILES or None, recordings=selectors.recordings_of(interview))
    made = {}

    def call(data):
        made["transcript"] = services.transcript_import(actor=request.user, interview=interview, upload=data["file"],
                                                        recording=data.get("recording"))

    if _submit(request, form, call):
        transcript = made["transcript"]
        messages.success(request, _("The transcript is saved: %(count)s turns.") % {"count": transcript.turns.count()})
        return redirect(_transcript_url(commons, project, interview, transcript))
    return _form_page(request, commons, project, interview, form, title=_("Import a transcript"),
                      submit_label=_("Import the transcript"),
                      intro=_("We read who spoke, when, and what they said. Check the turns afterwards."))


# --- a transcript: job state, player and the review editor --------------------------------------------

def _transcript(request, slug, project_uuid, interview_uuid, transcript_uuid):
    commons, project, interview = interview_for(request, slug, project_uuid, interview_uuid, PERM)
    transcript = selectors.transcript_in(interview, transcript_uuid)
    if transcript is None:
        raise Http404
    transcript.interview = interview
    return commons, project, interview, transcript


def _rows(formset, turns, audio_url):
    """Each editor row: its form, turn and play control (from the saved start time)."""
    rows = []
    for number, (form, turn) in enumerate(zip(formset.forms, turns, strict=False), 1):
        start = turn.start
        rows.append({"form": form, "turn": turn, "number": number, "clock": forms.clock(start),
                     "play_url": f"{audio_url}#t={start:.1f}" if audio_url and start is not None else "",
                     "start": f"{start:.3f}" if start is not None else ""})
    return rows


def _editor_page(request, commons, project, interview, transcript, turns, formset, status=200):
    audio_url = ""
    if transcript.recording_id:
        audio_url = reverse("stories:recording_audio", args=_args(commons, project, interview, transcript.recording.uuid))
    url = _transcript_url(commons, project, interview, transcript)
    busy = transcript.job in (Transcript.Job.QUEUED, Transcript.Job.RUNNING)
    ctx = {"interview": interview, "transcript": transcript, "rows": _rows(formset, turns, audio_url),
           "formset": formset, "audio_url": audio_url, "busy": busy, "page_url": url,
           "vtt_url": reverse("stories:transcript_vtt", args=_args(commons, project, interview, transcript.uuid)),
           "srt_url": reverse("stories:transcript_srt", args=_args(commons, project, interview, transcript.uuid)),
           "remove_url": reverse("stories:transcript_remove", args=_args(commons, project, interview, transcript.uuid)),
           "retry_url": reverse("stories:transcript_retry", args=_args(commons, project, interview, transcript.uuid)),
           "timed": any(t.start is not None for t in turns), **_crumb(commons, project, interview)}
    return _render(request, "stories/transcripts/transcript.html", commons, project, ctx, status)


ACTIONS = {"split": services.turn_split, "merge": services.turn_merge, "remove": services.turn_remove,
           "add": services.turn_add}
DONE = {"save": gettext_lazy("Your changes are saved."), "split": gettext_lazy("The turn is cut in two."),
        "merge": gettext_lazy("The turns are joined."), "remove": gettext_lazy("The turn is removed."),
        "add": gettext_lazy("A new turn is added: write what was said."),
        "checked": gettext_lazy("The transcript is marked as checked.")}


def _formset_errors(formset, error):
    if hasattr(error, "error_dict"):
        for key, errors in error.error_dict.items():
            index, _dot, field = key.partition(".")
            if index.isdigit() and int(index) < len(formset.forms) and field in formset.forms[int(index)].fields:
                formset.forms[int(index)].add_error(field, errors)
            else:
                formset.non_form_errors().extend(e for err in errors for e in err.messages)
    else:
        formset.non_form_errors().extend(error.messages)


@login_required
def transcript_page(request, slug, project_uuid, interview_uuid, transcript_uuid):
    commons, project, interview, transcript = _transcript(request, slug, project_uuid, interview_uuid, transcript_uuid)
    turns = selectors.turns_of(transcript)
    url = _transcript_url(commons, project, interview, transcript)
    if request.method != "POST":
        record_look(actor=request.user, interview=interview, what="transcript")
        return _editor_page(request, commons, project, interview, transcript, turns, forms.turn_formset(turns))
    formset = forms.turn_formset(turns, request.POST)
    action, _sep, target = (request.POST.get("action") or "save").partition(":")
    if action not in ACTIONS and action not in ("save", "checked"):
        action = "save"
    if formset.is_valid():
        rows = [form.cleaned_data for form in formset.forms]
        try:
            services.turns_save(actor=request.user, transcript=transcript, rows=rows)
            anchor = ""
            if action in ACTIONS:
                turn = selectors.turn_in(transcript, target)
                if turn is None:
                    raise ValidationError(_("That turn is no longer there. Open the transcript again."))
                made = ACTIONS[action](actor=request.user, transcript=transcript, **({"after": turn} if action == "add" else {"turn": turn}))
                anchor = f"#turn-{(made or turn).uuid}" if action != "remove" else ""
            elif action == "checked":
                services.transcript_mark_checked(actor=request.user, transcript=transcript)
            messages.success(request, DONE[action])
            return redirect(url + anchor)
        except ValidationError as error:
            if action in ACTIONS or action == "checked":  # the rows were saved; the action was refused
                messages.error(request, " ".join(error.messages))
                return redirect(url)
            _formset_errors(formset, error)
    return _editor_page(request, commons, project, interview, transcript, turns, formset, status=400)


def _export(request, slug, project_uuid, interview_uuid, transcript_uuid, writer, ending, content_type):
    commons, project, interview, transcript = _transcript(request, slug, project_uuid, interview_uuid, transcript_uuid)
    turns = [library.Turn(t.speaker, t.start, t.end, t.text) for t in selectors.turns_of(transcript)]
    try:
        body = writer(library.Transcript(turns, language=transcript.language))
    except TranscriptError as error:
        messages.error(request, _("This transcript cannot be saved as captions yet: %(reason)s") % {"reason": error})
        return redirect(_transcript_url(commons, project, interview, transcript))
    record_look(actor=request.user, interview=interview, what="transcript", downloaded=True)
    response = HttpResponse(body, content_type=content_type)
    name = slugify(interview.title)[:60] or "transcript"
    response["Content-Disposition"] = f'attachment; filename="{name}.{ending}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def transcript_vtt(request, slug, project_uuid, interview_uuid, transcript_uuid):
    return _export(request, slug, project_uuid, interview_uuid, transcript_uuid, to_webvtt, "vtt", "text/vtt; charset=utf-8")


@login_required
def transcript_srt(request, slug, project_uuid, interview_uuid, transcript_uuid):
    return _export(request, slug, project_uuid, interview_uuid, transcript_uuid, to_srt, "srt", "application/x-subrip; charset=utf-8")


@login_required
@require_POST
def transcript_retry(request, slug, project_uuid, interview_uuid, transcript_uuid):
    """The "Try again" button of a transcript that could not be written (a form: no JavaScript needed)."""
    commons, project, interview, transcript = _transcript(request, slug, project_uuid, interview_uuid, transcript_uuid)
    _act(request, lambda: services.transcription_retry(actor=request.user, transcript=transcript),
         _("The transcript is being written again. Refresh its page to see how it is going."))
    return redirect(_transcript_url(commons, project, interview, transcript))


@login_required
def transcript_remove(request, slug, project_uuid, interview_uuid, transcript_uuid):
    commons, project, interview, transcript = _transcript(request, slug, project_uuid, interview_uuid, transcript_uuid)
    if request.method == "POST":
        if _act(request, lambda: services.transcript_remove(actor=request.user, transcript=transcript),
                _("The transcript is removed.")):
            return redirect(_material_url(commons, project, interview))
    return _confirm(request, commons, project, interview, title=_("Remove this transcript?"), danger=True,
                    explanation=_("Every turn of it is deleted, with any passages highlighted in it. "
                                  "The recording stays."),
                    confirm_label=_("Remove the transcript"), cancel_url=_transcript_url(commons, project, interview, transcript))


R = I + "recordings/<uuid:recording_uuid>/"
T = I + "transcripts/<uuid:transcript_uuid>/"

urlpatterns = [
    path(I + "transcripts/", material, name="transcripts"),
    path(I + "transcripts/import/", transcript_import, name="transcript_import"),
    path(I + "recordings/add/", recording_add, name="recording_add"),
    path(R + "audio/", recording_audio, name="recording_audio"),
    path(R + "transcribe/", recording_transcribe, name="recording_transcribe"),
    path(R + "remove/", recording_remove, name="recording_remove"),
    path(T, transcript_page, name="transcript"),
    path(T + "transcript.vtt", transcript_vtt, name="transcript_vtt"),
    path(T + "transcript.srt", transcript_srt, name="transcript_srt"),
    path(T + "retry/", transcript_retry, name="transcript_retry"),
    path(T + "remove/", transcript_remove, name="transcript_remove"),
]
