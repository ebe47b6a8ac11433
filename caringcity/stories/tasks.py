"""Background tasks of stories: take ids, call one service, safe to run twice.

In development and tests the ImmediateBackend runs a task as soon as it is queued; in production
``manage.py db_worker`` runs it (docs/deployment.md, "The background worker")."""

from django_tasks import task


@task()
def transcribe_recording(transcript_id: int) -> str:
    """Speech to text on this machine for one queued machine transcript
    (``services.transcripts.transcription_run``). Returns the job's state."""
    from caringcity.stories.services.transcripts import transcription_run

    return str(transcription_run(transcript_id))
