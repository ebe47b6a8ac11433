"""The database mapped to REFI-QDA (``caringcity.stories.refiqda``): a project as a .qdpx, its
themes as a .qdc codebook. See docs/stories-coding.md.

What may leave: only the material of **usable** interviews (agreed: never draft, closed or taken
down). For each: every transcript that has turns, as plain text ("Speaker: words" lines, ``\\n``
line endings), with its recording inside the archive when the file is there (and a sync point at
each timed turn's start); and the approved version of its summary when the summary is approved.
Coded passages become coded segments, their turn offsets moved to offsets in that text.
"""

from django.utils import timezone

from caringcity.stories import refiqda
from caringcity.stories.models import Code, Passage, Researcher, Summary, SummaryState, Transcript
from caringcity.stories.selectors.coding import code_tree
from caringcity.stories.selectors.interviews import material_interviews, usable_interviews

DEFAULT_COLOUR = "#1D70B8"


def _codes(project):
    """The project's themes as a tree of ``refiqda.Code`` (colours kept)."""
    made = {}
    tops = []
    for code, _depth in code_tree(list(Code.objects.filter(project=project))):
        item = refiqda.Code(code.uuid, code.name, color=code.colour or DEFAULT_COLOUR, description=code.description)
        made[code.pk] = item
        parent = made.get(code.parent_id)
        (parent.children if parent is not None else tops).append(item)
    return tops


def codebook(project):
    """The .qdc bytes of the project's themes (a ``RefiQdaError`` when it has none)."""
    return refiqda.write_qdc(_codes(project))


def transcript_text(turns):
    """The plain text of a transcript and, per turn pk, where the turn's own words start in it."""
    lines, starts, position = [], {}, 0
    for turn in turns:
        label = f"{turn.speaker}: " if turn.speaker else ""
        starts[turn.pk] = position + len(label)
        line = label + turn.text.replace("\r\n", "\n").replace("\r", "\n")
        lines.append(line)
        position += len(line) + 1
    return "\n".join(lines) + ("\n" if lines else ""), starts


def _audio(transcript, turns, starts):
    recording = transcript.recording
    if recording is None or not recording.file:
        return None
    try:
        with recording.file.open("rb") as handle:
            data = handle.read()
    except (OSError, ValueError):
        return None
    sync = [refiqda.SyncPoint(position=starts[turn.pk] - (len(turn.speaker) + 2 if turn.speaker else 0),
                              milliseconds=int(round(turn.start * 1000)))
            for turn in turns if turn.start is not None and turn.start >= 0]
    return refiqda.Audio(recording.uuid, f"{recording.uuid}.{recording.kind or 'mp3'}", data, sync_points=sync)


def exported_interviews(project):
    """The interviews whose material goes into an export: usable ones only."""
    return usable_interviews(material_interviews(project)).select_related("respondent").order_by("held_on", "title")


def build_project(project, actor_person=None, now=None):
    """``(refiqda.Project, interviews)``: the project's usable material, themes, coded segments
    and the research team as users; the interviews whose material went in. A fixed number of
    queries (plus one file read per recording)."""
    interviews = list(exported_interviews(project))
    ids = [interview.pk for interview in interviews]
    users = {}
    for researcher in Researcher.objects.filter(project=project).select_related("person").order_by("person__name"):
        users.setdefault(researcher.person_id, refiqda.User(researcher.person.uuid, researcher.person.name))

    transcripts = list(Transcript.objects.filter(interview_id__in=ids).select_related("recording", "interview", "added_by")
                       .prefetch_related("turns").order_by("interview__held_on", "interview__title", "created"))
    passages = list(Passage.objects.filter(interview_id__in=ids).select_related("coded_by", "turn", "summary_version__summary")
                    .prefetch_related("codes"))
    for passage in passages:
        if passage.coded_by_id and passage.coded_by_id not in users:
            users[passage.coded_by_id] = refiqda.User(passage.coded_by.uuid, passage.coded_by.name)

    def user_guid(person_id):
        user = users.get(person_id)
        return user.guid if user else None

    sources, segments, places = [], [], {}  # places: turn pk -> (source guid, offset of its words)
    for transcript in transcripts:
        turns = list(transcript.turns.all())
        if not turns:
            continue
        text, starts = transcript_text(turns)
        interview = transcript.interview
        source = refiqda.Source(transcript.uuid, f"{interview.title} – {transcript.get_source_display()}", text,
                                creating_user=user_guid(transcript.added_by_id), created=transcript.created,
                                audio=_audio(transcript, turns, starts))
        sources.append(source)
        for turn in turns:
            places[turn.pk] = (source.guid, starts[turn.pk], turn.text)
    versions = {}
    for summary in Summary.objects.filter(interview_id__in=ids, state=SummaryState.APPROVED).select_related("approved_version", "interview"):
        version = summary.approved_version
        if version is None:
            continue
        sources.append(refiqda.Source(version.uuid, f"{summary.interview.title} – summary", version.text,
                                      created=version.created))
        versions[version.pk] = version

    codes = _codes(project)
    for passage in passages:
        guids = [code.uuid for code in passage.codes.all() if code.project_id == project.pk]
        if not guids:
            continue
        if passage.turn_id in places:
            source, offset, text = places[passage.turn_id]
        elif passage.summary_version_id in versions:
            source, offset, text = versions[passage.summary_version_id].uuid, 0, versions[passage.summary_version_id].text
        else:
            continue
        start, end = passage.start, passage.end
        if not (0 <= start < end <= len(text)) or text[start:end] != passage.text:
            found = text.find(passage.text) if passage.text else -1  # the text changed since: find the words again
            if found == -1:
                continue
            start, end = found, found + len(passage.text)
        text_for = passage.turn.text if passage.turn_id else text
        if text_for.replace("\r\n", "\n") != text_for:
            continue  # offsets would shift with the line endings: leave it out rather than mark the wrong words
        segments.append(refiqda.Segment(passage.uuid, source, offset + start, offset + end, guids, note=passage.memo,
                                        creating_user=user_guid(passage.coded_by_id), created=passage.created))
    creator = users.get(actor_person.pk).guid if actor_person is not None and actor_person.pk in users else None
    result = refiqda.Project(name=project.name, created=now or timezone.now(), creating_user=creator,
                             users=list(users.values()), codes=codes, sources=sources, segments=segments,
                             description=project.purpose)
    return result, interviews


def project_qdpx(project, actor_person=None, now=None):
    """``(bytes, interviews)``: the .qdpx archive and the interviews whose material is in it."""
    built, interviews = build_project(project, actor_person, now)
    return refiqda.write_qdpx(built), interviews
