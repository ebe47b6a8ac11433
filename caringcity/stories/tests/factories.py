"""Helpers to build stories test data straight from the models (each part's own tests go through
the services where the rules matter). Each part appends its helpers in its block."""

import datetime

from caringcity.stories.models import Agreement, Interview, InterviewState, Project, Researcher, Use


def make_project(commons, name="Biographies of engagement", lead=None, researchers=(), **fields):
    project = Project.objects.create(commons=commons, name=name, **fields)
    if lead is not None:
        Researcher.objects.create(project=project, person=lead, role=Researcher.Role.LEAD)
    for person in researchers:
        Researcher.objects.create(project=project, person=person, role=Researcher.Role.RESEARCHER)
    return project


def make_interview(project, respondent, title="A life in Clapton", agreed=True, uses=(Use.RESEARCH, Use.QUOTE_ANONYMOUS), **fields):
    """An interview; with ``agreed`` an agreement by phone allowing ``uses`` and the state AGREED."""
    fields.setdefault("held_on", datetime.date(2026, 5, 12))
    interview = Interview.objects.create(commons=project.commons, project=project, respondent=respondent, title=title,
                                         state=InterviewState.AGREED if agreed else InterviewState.DRAFT, **fields)
    if agreed:
        Agreement.objects.create(interview=interview, how=Agreement.How.PHONE, agreed_on=interview.held_on, uses=list(uses))
    return interview

def build_stories_demo(ctx, parts=()):
    """The stories demo's project and team, then only ``parts`` of it (names from
    ``caringcity.stories.demo.PARTS``), for tests built on the people demo alone. The teams demo
    is built first when a part needs the demo's interviewed people (Gloria, Doreen)."""
    from caringcity.stories import demo as stories_demo

    if parts:
        from caringcity.teams import demo as teams_demo

        teams_demo.build(ctx)
    original = stories_demo.PARTS
    stories_demo.PARTS = [part for part in original if part in parts]
    try:
        stories_demo.build(ctx)
    finally:
        stories_demo.PARTS = original
    return ctx

# --- interviews --------------------------------------------------------------------------------

TINY_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
TINY_PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def upload(content=TINY_PDF, name="form.pdf", content_type="application/pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type=content_type)


def add_turns(interview, *texts, speaker="Gloria"):
    """A typed transcript of ``interview`` with one turn per text."""
    from caringcity.stories.models import Transcript, Turn

    transcript = Transcript.objects.create(interview=interview, source=Transcript.Source.TYPED)
    for order, text in enumerate(texts):
        Turn.objects.create(transcript=transcript, order=order, speaker=speaker, start=order * 10.0, text=text)
    return transcript


# --- transcripts -------------------------------------------------------------------------------

def make_transcript(interview, turns=(("Inès", 0.0, 4.0, "How did you meet your neighbours?"),
                                      ("Gloria", 4.0, 9.5, "Through the lunch club.")),
                    source="webvtt", recording=None, **fields):
    """A transcript with ``turns`` given as (speaker, start, end, text)."""
    from caringcity.stories.models import Transcript, Turn

    transcript = Transcript.objects.create(interview=interview, source=source, recording=recording, **fields)
    Turn.objects.bulk_create([Turn(transcript=transcript, order=n, speaker=sp, start=st, end=en, text=tx)
                              for n, (sp, st, en, tx) in enumerate(turns, 1)])
    return transcript


def make_recording(interview, data=None, kind="wav", label="Part 1"):
    """A recording stored from ``data`` (default: the short test WAV)."""
    from pathlib import Path

    from django.core.files.base import ContentFile

    from caringcity.stories.models import Recording

    if data is None:
        data = (Path(__file__).parent / "data" / "short_recording.wav").read_bytes()
    recording = Recording(interview=interview, kind=kind, content_type="audio/wav", size=len(data), label=label)
    recording.file.save(str(recording.uuid), ContentFile(data), save=False)
    recording.save()
    return recording

# --- summaries ---------------------------------------------------------------------------------

GLORIA_TURNS = [
    ("Inès", "Thank you for talking with me. How did you come to Clapton?"),
    ("Gloria", "I came to Clapton in 1979 from Kingston. My sister had a flat on Chatsworth Road and I stayed with her. "
               "Yes. The market was where everybody met, the market was the heart of the street."),
    ("Inès", "And how did the care start?"),
    ("Gloria", "When my husband got ill the market people helped me every week. They brought food and they sat with him "
               "so I could rest. Mm. Later the care team came and some of the market people joined the care team. "
               "Without the market people I would not have managed those years."),
    ("Inès", "What gets in the way?"),
    ("Gloria", "The forms get in the way. Nobody explains the forms and the council changes them every year. "
               "I want the young people to know the market and to keep it going."),
]


def make_summary_transcript(interview, turns=GLORIA_TURNS, source="typed"):
    """A transcript with ``turns`` ((speaker, text) pairs)."""
    from caringcity.stories.models import Transcript, Turn

    transcript = Transcript.objects.create(interview=interview, source=source)
    Turn.objects.bulk_create([Turn(transcript=transcript, order=i, speaker=speaker, text=text)
                              for i, (speaker, text) in enumerate(turns)])
    return transcript


def make_summary(interview, text="She came to Clapton in 1979. The market helped her.", state="draft", sent_how=""):
    """A summary with one team version (``sent_how`` marks it as sent to the person that way)."""
    from caringcity.stories.models import Summary, SummaryVersion

    summary = Summary.objects.create(interview=interview, state=state)
    SummaryVersion.objects.create(summary=summary, number=1, kind=SummaryVersion.Kind.DRAFT, text=text, how=sent_how)
    return summary

# --- coding ------------------------------------------------------------------------------------


def make_coded_transcript(interview, turns=(("Interviewer", "How did it start?"), ("Gloria", "I brought soup to my neighbour, then soup again.")),
                    **fields):
    """A typed transcript with ``turns`` [(speaker, text)] (times: ten seconds apart)."""
    from caringcity.stories.models import Transcript, Turn

    fields.setdefault("source", Transcript.Source.TYPED)
    transcript = Transcript.objects.create(interview=interview, **fields)
    for order, (speaker, text) in enumerate(turns):
        Turn.objects.create(transcript=transcript, order=order, speaker=speaker, text=text, start=order * 10.0, end=order * 10.0 + 9)
    return transcript


def make_code(project, name, parent=None, colour="#1d70b8", order=0):
    from caringcity.stories.models import Code

    return Code.objects.create(project=project, name=name, parent=parent, colour=colour, order=order)


def make_approved_summary(interview, text="She helps her neighbours every day, and paperwork gets in the way.", approved=True):
    """A summary with one version; approved (by phone) when ``approved``."""
    from django.utils import timezone

    from caringcity.stories.models import ReviewHow, Summary, SummaryState, SummaryVersion

    summary = Summary.objects.create(interview=interview)
    version = SummaryVersion.objects.create(summary=summary, number=1, kind=SummaryVersion.Kind.DRAFT, text=text)
    if approved:
        summary.state, summary.approved_version, summary.approved_at = SummaryState.APPROVED, version, timezone.now()
        summary.approved_how = ReviewHow.PHONE
        summary.save()
    return summary


def make_passage(interview, codes, turn=None, summary_version=None, words=None):
    """A coded passage of ``words`` (first occurrence) in a turn or summary version."""
    from caringcity.stories.models import Passage

    text = turn.text if turn is not None else summary_version.text
    words = words or text[:12]
    start = text.index(words)
    passage = Passage.objects.create(interview=interview, turn=turn, summary_version=summary_version, start=start,
                                     end=start + len(words), text=words)
    passage.codes.set(codes)
    return passage
