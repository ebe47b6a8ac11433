"""Reads of the transcripts part, with a fixed number of queries whatever the data.

Who may see them is the interview's rule (``stories.research_interview``, twin
``selectors.interviews.team_interviews``) and its state (material only while draft or agreed, as
``views.base.interview_for``); ``project_interviews`` is the state rule's twin for a whole project
(tests: test_closed_or_taken_down_material_is_not_found_anywhere)."""

from django.db.models import Count, Prefetch

from caringcity.stories.models import Interview, InterviewState, Recording, Transcript, Turn

MATERIAL_STATES = (InterviewState.DRAFT, InterviewState.AGREED)


def recordings_of(interview):
    return list(Recording.objects.filter(interview=interview).select_related("uploaded_by").order_by("created"))


def transcripts_of(interview):
    """The interview's transcripts, each with ``turn_count`` and its recording."""
    return list(Transcript.objects.filter(interview=interview).select_related("recording", "reviewed_by", "added_by")
                .annotate(turn_count=Count("turns")).order_by("created"))


def transcript_in(interview, uuid):
    """One transcript of the interview (with its recording), or None."""
    try:
        return (Transcript.objects.select_related("recording", "reviewed_by", "added_by")
                .filter(interview=interview, uuid=uuid).first())
    except (ValueError, TypeError):
        return None


def recording_in(interview, uuid):
    try:
        return Recording.objects.filter(interview=interview, uuid=uuid).first()
    except (ValueError, TypeError):
        return None


def turns_of(transcript):
    return list(Turn.objects.filter(transcript=transcript).order_by("order", "created"))


def turn_in(transcript, uuid):
    try:
        return Turn.objects.filter(transcript=transcript, uuid=uuid).first()
    except (ValueError, TypeError):
        return None


def project_interviews(project):
    """The project's interviews whose material the team may work on, each with ``transcripts``
    (with ``turn_count``), for the project page (the caller has checked ``stories.research``)."""
    transcripts = Transcript.objects.annotate(turn_count=Count("turns")).order_by("created")
    return list(Interview.objects.filter(project=project, state__in=MATERIAL_STATES)
                .select_related("respondent").prefetch_related(Prefetch("transcripts", queryset=transcripts))
                .order_by("-held_on", "title"))
