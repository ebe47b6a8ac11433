"""The care notes and concerns demo: built on the people and teams demos and the rota demo's
visits (made here with the factories), safe to run twice, and showing what the issue checks."""

from datetime import timedelta

import pytest
from django.utils import timezone

from caringcity.core.models import OutboundEmail
from caringcity.visits.models import CareNote, CareNoteAmendment, CareNoteAttachment, Concern, ConcernStep, NoteReaders
from caringcity.visits.selectors import concerns as concern_selectors
from caringcity.visits.selectors.notes import notes_visible_to
from caringcity.visits.tests.factories import make_visit

pytestmark = pytest.mark.django_db


@pytest.fixture
def ctx(settings, tmp_path):
    from caringcity.people import demo as people_demo
    from caringcity.teams import demo as teams_demo

    settings.MEDIA_ROOT = str(tmp_path / "media")
    ctx = {"signins": []}
    people_demo.build(ctx)
    teams_demo.build(ctx)
    now = timezone.now().replace(second=0, microsecond=0)
    p = ctx["people"]
    for key, who in (("arthur", [p["ayo"]]), ("gloria", [p["zeynep"]])):
        for days in (-3, -1, 2):  # what the rota demo leaves: past and future visits with people joined
            make_visit(ctx["teams"][key], starts=now + timedelta(days=days), joined=who)
    return ctx


def _counts():
    return (CareNote.objects.count(), CareNoteAmendment.objects.count(), CareNoteAttachment.objects.count(),
            Concern.objects.count(), ConcernStep.objects.count(), OutboundEmail.objects.count())


def test_demo_builds_the_story_and_is_safe_to_run_twice(ctx, django_capture_on_commit_callbacks):
    from caringcity.visits import demo_notes

    OutboundEmail.objects.all().delete()
    demo_notes.build(ctx)
    first = _counts()
    demo_notes.build(ctx)
    assert _counts() == first
    p, arthur = ctx["people"], ctx["teams"]["arthur"]

    # Notes with every kind of readers; the named one is for Ayo only, not Rosa.
    assert set(CareNote.objects.filter(team=arthur).values_list("readers", flat=True)) == set(NoteReaders.values)
    named = CareNote.objects.get(team=arthur, readers=NoteReaders.NAMED)
    assert list(named.named_readers.all()) == [p["ayo"]]
    assert named in notes_visible_to(p["ayo"].user, arthur)
    assert named not in notes_visible_to(p["member"].user, arthur)
    assert CareNoteAmendment.objects.filter(note__team=arthur).count() == 1
    attachment = CareNoteAttachment.objects.get()
    assert attachment.content_type == "application/pdf" and attachment.file.storage.exists(attachment.file.name)
    # A note about one of the rota's past visits.
    assert CareNote.objects.filter(team=arthur, visit__starts__lt=timezone.now()).exists()

    # The urgent concern told the Safeguarding Lead (Rosa) and the organiser, with no details.
    urgent = Concern.objects.get(urgent=True)
    recipients = set(OutboundEmail.objects.values_list("to", flat=True))
    assert {"rosa@example.org", "kemal@example.org"} <= recipients
    assert all("bruise" not in m.body_text and "Arthur" not in m.body_text for m in OutboundEmail.objects.all())
    assert urgent in concern_selectors.concerns_visible_to(p["member"].user, arthur.commons)
    # One open concern due for review, one with an outcome, older ones for the trends.
    due = list(concern_selectors.review_due(p["organiser"].user, arthur.commons))
    assert len(due) == 1 and due[0].kind == "accident"
    assert Concern.objects.filter(status="outcome").count() == 1
    assert concern_selectors.trend_counts(arthur.commons)["total"] >= 4
