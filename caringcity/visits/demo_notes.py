"""Demo care notes and concerns, on top of the people, teams and rota demos (fictional people).

Arthur's team: notes with each kind of readers (one for the named worker Ayo only, one for Arthur
and Janet only), an amendment, a PDF attached; Rosa wears the Safeguarding Lead hat; Ayo raises an
urgent concern (the lead and the organisers get the e-mail with no details); an accident is due
for its monthly review. Gloria's team: a note and a concern that reached an outcome, plus older
feedback for the trend counts. Notes about a visit use the rota demo's past visits when there are
some. Safe to run again: every record is found by its text before it is made.

Call ``build(ctx)`` after ``caringcity.teams.demo.build`` (and the rota demo), with ``ctx["teams"]``
and ``ctx["people"]`` filled in."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from caringcity.teams.models import Hat, HatKind, HatTerm, TermStatus
from caringcity.visits.models import CareNote, CareNoteAmendment, Concern, ConcernKind, ConcernStatus, NoteReaders, Visit
from caringcity.visits.services import concerns as concern_services
from caringcity.visits.services import notes as note_services

# A one-page PDF built from bytes (no libraries needed).
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj\n"
    b"4 0 obj<</Length 44>>stream\nBT /F1 12 Tf 20 50 Td (Hospital letter) Tj ET\nendstream endobj\n"
    b"5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)

NAMED_TEXT = "Arthur's blood test on Tuesday showed his iron is low. The GP will ring Janet. Ayo: please offer the iron-rich lunch list."
OWNER_TEXT = "Arthur asked me to write down that he does not want to go into a care home, whatever happens."
TEAM_TEXT = "Arthur enjoyed his lunch and we did the crossword. He was a bit tired after the walk to the shop."
TEAM_AMENDED = "Arthur enjoyed his lunch and we did the crossword. He was a bit tired after the walk to the post office."
PAID_TEXT = "New key safe by the back door. Janet will tell you the code by phone. The hospital letter is attached."
GLORIA_TEXT = "Gloria's granddaughter visits on Sundays now, so no Sunday afternoon visit is needed."

URGENT_TEXT = "Arthur had a bruise on his arm and said a man came to the door asking for money. He seemed frightened."
DUE_TEXT = "Arthur slipped on the wet bathroom floor. No injury. We need a non-slip mat."
CLOSED_TEXT = "Visits were late three times in a row last month."


def _user(person):
    return person.user


def _past_visit(team):
    return Visit.objects.filter(team=team, starts__lt=timezone.now()).order_by("-starts").first()


def _note(team, author, text, readers, named=(), visit=None, files=()):
    note = CareNote.objects.filter(team=team, text=text).first()
    if note is None:
        note = note_services.note_create(actor=_user(author), team=team, text=text, readers=readers, named_readers=list(named),
                                         visit=visit, files=list(files))
    return note


def _concern(team, raiser, kind, text, urgent=False):
    concern = Concern.objects.filter(team=team, what_happened=text).first()
    if concern is None:
        concern = concern_services.concern_raise(actor=_user(raiser), team=team, kind=kind, what_happened=text, urgent=urgent)
    return concern


def build(ctx):
    p, teams = ctx["people"], ctx["teams"]
    arthur, gloria = teams["arthur"], teams["gloria"]
    janet, rosa, ayo, kemal, zeynep = p["proxy"], p["member"], p["ayo"], p["organiser"], p["zeynep"]

    # Rosa wears the Safeguarding Lead hat in Arthur's team.
    hat, _ = Hat.objects.get_or_create(team=arthur, kind=HatKind.SAFEGUARDING_LEAD)
    HatTerm.objects.get_or_create(hat=hat, holder=rosa, status=TermStatus.HELD, defaults={
        "starts": timezone.localdate() - timedelta(days=30), "check_in": timezone.localdate() + timedelta(days=60)})
    for person in (janet, rosa, ayo, kemal, zeynep):  # hats and teams changed: work standings out again
        if person.user_id:
            person.user.__dict__.pop("_cc_record_standing", None)
            person.user.__dict__.pop("_cc_team_standing", None)

    # Notes in Arthur's team: every kind of readers.
    team_note = _note(arthur, ayo, TEAM_TEXT, NoteReaders.TEAM, visit=_past_visit(arthur))
    if not CareNoteAmendment.objects.filter(note=team_note).exists():
        note_services.note_amend(actor=_user(ayo), note=team_note, text=TEAM_AMENDED, reason="It was the post office, not the shop.")
    _note(arthur, janet, PAID_TEXT, NoteReaders.PAID,
          files=[SimpleUploadedFile("hospital-letter.pdf", DEMO_PDF, content_type="application/pdf")])
    _note(arthur, janet, NAMED_TEXT, NoteReaders.NAMED, named=[ayo])
    _note(arthur, janet, OWNER_TEXT, NoteReaders.OWNER)
    # Gloria's team.
    _note(gloria, zeynep, GLORIA_TEXT, NoteReaders.TEAM, visit=_past_visit(gloria))

    # Concerns: one urgent and open, one due for review, one with an outcome, older ones for trends.
    _concern(arthur, ayo, ConcernKind.SAFEGUARDING, URGENT_TEXT, urgent=True)
    due = _concern(arthur, ayo, ConcernKind.ACCIDENT, DUE_TEXT)
    if due.status == ConcernStatus.UNDERSTANDING:
        concern_services.concern_move(actor=_user(rosa), concern=due, to_status=ConcernStatus.AWAITING,
                                      note="Asked Janet to buy a non-slip mat.")
    Concern.objects.filter(pk=due.pk).update(created=timezone.now() - timedelta(days=35),
                                             next_review=timezone.localdate() - timedelta(days=3))
    closed = _concern(gloria, zeynep, ConcernKind.COMPLAINT, CLOSED_TEXT)
    if closed.status == ConcernStatus.UNDERSTANDING:
        concern_services.concern_move(actor=_user(kemal), concern=closed, to_status=ConcernStatus.EXPLORING,
                                      note="Talked with Gloria and with Ayo about the bus times.")
        concern_services.concern_move(actor=_user(kemal), concern=closed, to_status=ConcernStatus.OUTCOME,
                                      note="Agreed with Gloria.", outcome="Visits now start at 10:30 instead of 10:00. Gloria is happy with this.")
    Concern.objects.filter(pk=closed.pk).update(created=timezone.now() - timedelta(days=70))
    for days, text in ((40, "Gloria says the new volunteer is lovely."), (100, "Gloria would like more visits to the park.")):
        older = _concern(gloria, zeynep, ConcernKind.FEEDBACK, text)
        Concern.objects.filter(pk=older.pk).update(created=timezone.now() - timedelta(days=days))

    ctx.setdefault("notes", []).append(
        "Care notes and concerns: Arthur's notebook has notes for the team, paid workers, Ayo only (named) and Arthur only; "
        "Rosa is Arthur's Safeguarding Lead and got the e-mail about an urgent concern; see Concerns in the commons for the review list.")
