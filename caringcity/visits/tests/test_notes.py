"""Care notes: who may read each note (the rule and its queryset twin over every persona and
every readers choice), the notebook, search, CSV export, attachments, amendments, and the owner's
list of who looked."""

import csv
import io

from datetime import timedelta

import pytest
from django.utils import timezone
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from caringcity.core.models import AuditEvent
from caringcity.core.testing import ROLES, assert_matrix, assert_queries_constant
from caringcity.people import selectors as people_selectors
from caringcity.visits.models import CareNote, CareNoteAmendment, CareNoteAttachment, NoteReaders, RecordSettings
from caringcity.visits.selectors.notes import notes_visible_to
from caringcity.visits.services import notes as services
from caringcity.visits.tests.factories import make_visit
from caringcity.visits.tests.notes_world import EXTRA, NF, OK, REDIR, person, roles, team, user, world  # noqa: F401

pytestmark = pytest.mark.django_db

ALL = (*ROLES, *EXTRA)
IN_TEAM = dict(owner=OK, proxy=OK, friend=OK, worker=OK, friend2=OK, starter=OK, lead=OK)

# The smallest valid files, built from bytes.
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def url(name, team, *args):
    return reverse(f"visits:{name}", args=[team.commons.slug, team.uuid, *args])


def write(world, role, readers=NoteReaders.TEAM, named=(), text="Had a good chat about the garden.", files=()):
    return services.note_create(actor=user(world, role), team=world["team"], text=text, readers=readers,
                                named_readers=[person(world, r) for r in named], files=files)


def one_of_each(world):
    """A note for each readers choice, written by the friend; the named one names the worker."""
    return {
        readers: write(world, "friend", readers, named=("worker",) if readers == NoteReaders.NAMED else (), text=f"note for {readers}")
        for readers in NoteReaders.values
    }


# --- the rule and its twin ---------------------------------------------------------------------
EXPECTED = {
    # readers -> the roles who may read a note written by the friend (named: the worker)
    NoteReaders.TEAM: {"owner", "proxy", "friend", "worker", "friend2", "starter", "lead"},
    NoteReaders.PAID: {"owner", "proxy", "friend", "worker", "starter"},
    NoteReaders.NAMED: {"owner", "proxy", "friend", "worker", "starter"},
    NoteReaders.OWNER: {"owner", "proxy", "friend"},
}


def test_rule_and_queryset_twin_agree_for_every_persona_and_readers_choice(world):
    notes = one_of_each(world)
    for role in ALL:
        u = user(world, role)
        if u is None:
            continue
        visible = set(notes_visible_to(u, world["team"]))
        for readers, note in notes.items():
            allowed = u.has_perm("visits.view_note", note)
            assert (note in visible) == allowed, (role, readers)
            assert allowed == (role in EXPECTED[readers]), (role, readers)


def test_an_author_who_left_sees_nothing_not_even_their_own(world):
    note = CareNote.objects.create(team=world["team"], author=person(world, "former"), readers=NoteReaders.OWNER, text="x")
    former = user(world, "former")
    assert not former.has_perm("visits.view_note", note)
    assert not notes_visible_to(former, world["team"]).exists()
    assert user(world, "owner").has_perm("visits.view_note", note)


def test_a_named_reader_who_leaves_loses_the_note(world):
    note = write(world, "friend", NoteReaders.NAMED, named=("friend2",))
    u = user(world, "friend2")
    assert u.has_perm("visits.view_note", note)
    from caringcity.teams import services as team_services
    from caringcity.teams.models import TeamMember

    member = TeamMember.objects.get(team=world["team"], person=person(world, "friend2"))
    team_services.member_leave(actor=u, member=member, notice_days=0, goodbye="")
    u = type(u).objects.get(pk=u.pk)  # a fresh request: the standing is worked out again
    assert not u.has_perm("visits.view_note", note)
    assert not notes_visible_to(u, world["team"]).exists()


# --- pages: the role matrix ----------------------------------------------------------------------
def test_notebook_and_write_pages_role_matrix(world):
    t = world["team"]
    assert_matrix(world["clients"], url("notebook", t), roles(**IN_TEAM))
    assert_matrix(world["clients"], url("note_create", t), roles(**IN_TEAM))
    # The CSV is for the owner's side only.
    assert_matrix(world["clients"], url("notes_export", t), roles(owner=OK, proxy=OK, starter=OK))


def test_amend_page_role_matrix(world):
    note = write(world, "friend", NoteReaders.TEAM)
    assert_matrix(world["clients"], url("note_amend", world["team"], note.uuid), roles(owner=OK, proxy=OK, friend=OK))


def test_writing_is_refused_to_everyone_outside_the_team_and_nothing_is_saved(world):
    data = {"text": "Sneaky note", "readers": "team", "attachment_kind": "document"}
    for role in ("anonymous", "outsider", "member", "organiser", "admin", "former"):
        response = world["clients"][role].post(url("note_create", world["team"]), data)
        assert response.status_code in (REDIR, NF), role
    assert not CareNote.objects.exists()
    assert not AuditEvent.objects.filter(object_type="visits.carenote").exists()


# --- a note with named readers is invisible to others everywhere ----------------------------------
def test_named_note_is_absent_from_list_search_csv_and_attachment_for_others(world):
    secret = write(world, "friend", NoteReaders.NAMED, named=("worker",), text="Blue folder secret",
                   files=[SimpleUploadedFile("scan.png", PNG, content_type="image/png")])
    open_note = write(world, "friend", NoteReaders.TEAM, text="Blue sky today")
    attachment = secret.attachments.get()
    t = world["team"]
    others = world["clients"]["friend2"]
    page = others.get(url("notebook", t)).content.decode()
    assert "Blue sky today" in page and "Blue folder secret" not in page
    page = others.post(url("notebook", t), {"q": "blue"}).content.decode()
    assert "Blue sky today" in page and "Blue folder secret" not in page and "1 note found" in page
    assert others.get(url("note_attachment", t, secret.uuid, attachment.uuid)).status_code == NF
    assert others.get(url("note_amend", t, secret.uuid)).status_code == NF
    # The worker was named: they see it, in the list, in search and its file.
    worker = world["clients"]["worker"]
    assert "Blue folder secret" in worker.post(url("notebook", t), {"q": "folder"}).content.decode()
    assert worker.get(url("note_attachment", t, secret.uuid, attachment.uuid)).status_code == OK
    # The CSV of someone on the owner's side holds only what they may read: an owner-only note is
    # not in the Team Starter's download.
    private = write(world, "proxy", NoteReaders.OWNER, text="Only for Olive")
    rows = list(csv.reader(io.StringIO(world["clients"]["starter"].get(url("notes_export", t)).content.decode("utf-8-sig"))))
    texts = {r[5] for r in rows[1:]}
    assert "Only for Olive" not in texts and "Blue folder secret" in texts and open_note.text in texts
    rows = list(csv.reader(io.StringIO(world["clients"]["owner"].get(url("notes_export", t)).content.decode("utf-8-sig"))))
    assert private.text in {r[5] for r in rows[1:]}


def test_csv_cells_cannot_run_as_formulas(world):
    write(world, "owner", text="=HYPERLINK(\"http://x\")")
    body = world["clients"]["owner"].get(url("notes_export", world["team"])).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in body


# --- reads are audited, in bulk, and shown in the owner's list of who looked ----------------------
def test_every_note_shown_is_recorded_once_per_read_and_appears_in_who_looked(world):
    notes = one_of_each(world)
    AuditEvent.objects.all().delete()
    world["clients"]["friend2"].get(url("notebook", world["team"]))
    events = AuditEvent.objects.filter(action="view", part="care_notes")
    assert {e.object_id for e in events} == {str(notes[NoteReaders.TEAM].uuid)}
    assert events.get().basis == "team_member"
    world["clients"]["proxy"].get(url("notebook", world["team"]))
    proxy_events = AuditEvent.objects.filter(action="view", part="care_notes", actor=user(world, "proxy"))
    assert proxy_events.count() == 4
    assert all(e.basis == "proxy" and e.acting_for == person(world, "owner").uuid for e in proxy_events)
    log = people_selectors.access_log(world["commons"], person(world, "owner"))
    gus = [e for e in log if e.actor_name == "Gus Second" and e.action == "view"]
    assert gus and str(gus[0].part_label) == "Care notes" and str(gus[0].basis_label) == "member of their team"
    page = world["clients"]["owner"].get(reverse("people:access_log", args=[world["commons"].slug, person(world, "owner").uuid]))
    assert "Care notes" in page.content.decode() and "member of their team" in page.content.decode()


def test_notebook_query_count_stays_the_same_as_notes_grow(world):
    def grow():
        note = write(world, "friend", NoteReaders.NAMED, named=("worker", "friend2"),
                      files=[SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf")])
        services.note_amend(actor=user(world, "friend"), note=note, text=f"changed {note.pk}", reason="typo")
        write(world, "worker", NoteReaders.PAID)

    assert_queries_constant(world["clients"]["owner"], url("notebook", world["team"]), grow)


# --- writing, attachments and bad input ------------------------------------------------------------
def _post(world, role, **data):
    payload = {"text": "Arthur enjoyed lunch.", "readers": "team", "attachment_kind": "document", **data}
    return world["clients"][role].post(url("note_create", world["team"]), payload)


def test_proxy_writes_a_note_for_the_owner_with_named_readers(world):
    response = _post(world, "proxy", readers="named", named_readers=[person(world, "worker").pk])
    assert response.status_code == REDIR
    note = CareNote.objects.get()
    assert note.author == person(world, "proxy") and note.acting_for == person(world, "owner")
    assert list(note.named_readers.all()) == [person(world, "worker")]
    event = AuditEvent.objects.get(action="create", object_id=str(note.uuid))
    assert event.acting_for == person(world, "owner").uuid and event.part == "care_notes" and "Arthur" not in event.reason


def test_named_readers_must_be_chosen_and_in_the_team(world):
    response = _post(world, "friend", readers="named")
    assert response.status_code == 400 and "Choose at least one person" in response.content.decode()
    response = _post(world, "friend", readers="named", named_readers=[person(world, "member").pk])
    assert response.status_code == 400
    assert not CareNote.objects.exists()


def test_readers_are_limited_to_what_the_owner_allows(world):
    RecordSettings.objects.update_or_create(team=world["team"], defaults={"note_readers_allowed": "team,owner"})
    page = world["clients"]["friend"].get(url("note_create", world["team"])).content.decode()
    assert 'value="named"' not in page and 'value="owner"' in page
    response = _post(world, "friend", readers="paid")
    assert response.status_code == 400 and not CareNote.objects.exists()
    with pytest.raises(Exception):
        write(world, "friend", NoteReaders.PAID)
    assert not CareNote.objects.exists()


def test_a_good_attachment_is_saved_under_a_uuid_name_and_served_with_safe_headers(world):
    upload = SimpleUploadedFile("Olive body map.png", PNG, content_type="image/png")
    assert _post(world, "friend", files=[upload], attachment_kind="body_map").status_code == REDIR
    attachment = CareNoteAttachment.objects.get()
    assert attachment.content_type == "image/png" and attachment.size == len(PNG) and attachment.kind == "body_map"
    assert "Olive" not in attachment.file.name and str(attachment.uuid) in attachment.file.name
    note = attachment.note
    response = world["clients"]["friend2"].get(url("note_attachment", world["team"], note.uuid, attachment.uuid))
    assert response.status_code == OK
    assert b"".join(response.streaming_content) == PNG
    assert response["Content-Type"] == "image/png" and response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store" and response["Content-Disposition"].startswith("inline")
    assert AuditEvent.objects.filter(action="export", object_id=str(attachment.uuid), actor=user(world, "friend2")).count() == 1
    pdf = services.note_create(actor=user(world, "friend"), team=world["team"], text="x", readers="team",
                               files=[SimpleUploadedFile("letter.pdf", PDF, content_type="application/pdf")]).attachments.get()
    response = world["clients"]["owner"].get(url("note_attachment", world["team"], pdf.note.uuid, pdf.uuid))
    assert response["Content-Disposition"].startswith("attachment")
    # Everyone who may not read the note gets "not found", and nothing is recorded for them.
    expected = roles(**IN_TEAM)
    assert_matrix(world["clients"], url("note_attachment", world["team"], note.uuid, attachment.uuid), expected)


@pytest.mark.parametrize("name, content, claimed, words", [
    ("scan.pdf", PNG, "application/pdf", "not what its name says"),          # a PNG pretending to be a PDF
    ("photo.png", PNG, "application/pdf", "not what its name says"),         # the browser claims another type
    ("photo.png", b"MZ\x90\x00 this is a program", "image/png", "is not a photo"),
    ("notes.png", b"just some text", "image/png", "is not a photo"),
    ("empty.png", b"", "image/png", "empty"),
])
def test_a_file_that_is_not_what_it_says_is_refused_and_nothing_is_saved(world, tmp_path, name, content, claimed, words):
    good = SimpleUploadedFile("good.png", PNG, content_type="image/png")
    bad = SimpleUploadedFile(name, content, content_type=claimed)
    response = _post(world, "friend", files=[good, bad])
    assert response.status_code == 400
    page = response.content.decode()
    assert words in page and 'id="id_files-error"' in page
    assert "Arthur enjoyed lunch." in page, "what was typed is kept"
    assert not CareNote.objects.exists() and not CareNoteAttachment.objects.exists()
    media = tmp_path / "media"
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_a_file_too_big_is_refused(world, settings, tmp_path):
    settings.CARINGCITY = {**settings.CARINGCITY, "ATTACHMENT_MAX_MB": 1}
    big = SimpleUploadedFile("big.png", PNG + b"\0" * (1024 * 1024), content_type="image/png")
    response = _post(world, "friend", files=[big])
    assert response.status_code == 400 and "too big" in response.content.decode()
    assert not CareNote.objects.exists()


def test_the_service_checks_files_too(world):
    with pytest.raises(Exception) as caught:
        write(world, "friend", files=[SimpleUploadedFile("x.jpg", PDF, content_type="image/jpeg")])
    assert "files" in caught.value.message_dict
    assert not CareNote.objects.exists() and not CareNoteAttachment.objects.exists()


def test_no_500_for_odd_input(world):
    t = world["team"]
    client = world["clients"]["friend"]
    assert _post(world, "friend", readers="nonsense").status_code == 400
    assert _post(world, "friend", text="").status_code == 400
    make_visit(t, starts=timezone.now() - timedelta(days=1), joined=[person(world, "friend")])
    assert _post(world, "friend", visit="not-a-visit").status_code == 400
    assert client.post(url("notebook", t) + "?page=abc", {"q": "%" * 300}).status_code == OK
    assert not CareNote.objects.exists()


def test_a_note_can_be_about_a_recent_visit(world):
    visit = make_visit(world["team"], starts=timezone.now() - timedelta(hours=3), joined=[person(world, "worker")])
    assert _post(world, "worker", visit=str(visit.uuid)).status_code == REDIR
    assert CareNote.objects.get().visit == visit


# --- amendments ------------------------------------------------------------------------------------
def test_an_amendment_keeps_the_original_and_shows_both(world):
    note = write(world, "friend", text="Visited on Monday.")
    response = world["clients"]["friend"].post(url("note_amend", world["team"], note.uuid),
                                               {"text": "Visited on Tuesday.", "reason": "I wrote the wrong day."})
    assert response.status_code == REDIR
    note.refresh_from_db()
    assert note.text == "Visited on Monday."
    amendment = CareNoteAmendment.objects.get(note=note)
    assert (amendment.text, amendment.reason, amendment.author) == ("Visited on Tuesday.", "I wrote the wrong day.", person(world, "friend"))
    page = world["clients"]["friend2"].get(url("notebook", world["team"])).content.decode()
    assert "As first written" in page and "Visited on Monday." in page and "Visited on Tuesday." in page
    assert "I wrote the wrong day." in page and "Amendment 1 by Fay Friend" in page
    # Search finds the note by its amended words too.
    assert "Visited on Monday." in world["clients"]["friend2"].post(url("notebook", world["team"]), {"q": "tuesday"}).content.decode()


def test_amending_needs_a_reason_and_is_refused_to_other_readers(world):
    note = write(world, "friend", text="Visited on Monday.")
    response = world["clients"]["friend"].post(url("note_amend", world["team"], note.uuid), {"text": "Tuesday", "reason": ""})
    assert response.status_code == 400 and "field-error" in response.content.decode()
    for role in ("friend2", "worker", "starter", "organiser", "former"):
        response = world["clients"][role].post(url("note_amend", world["team"], note.uuid), {"text": "Hacked", "reason": "x"})
        assert response.status_code == NF, role
    assert not CareNoteAmendment.objects.exists()
    note.refresh_from_db()
    assert note.text == "Visited on Monday."


def test_team_page_shows_the_panel_to_the_team_only(world):
    t = world["team"]
    page = world["clients"]["friend"].get(reverse("teams:team_detail", args=[t.commons.slug, t.uuid])).content.decode()
    assert url("notebook", t) in page
    page = world["clients"]["organiser"].get(reverse("teams:team_detail", args=[t.commons.slug, t.uuid])).content.decode()
    assert url("notebook", t) not in page and reverse("visits:team_concerns", args=[t.commons.slug, t.uuid]) in page
