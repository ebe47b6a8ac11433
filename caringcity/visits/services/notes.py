"""Writes for care notes. Keyword-only, atomic, each writing its audit event (who, what, why:
never the text). A proxy's writes record ``acting_for`` the owner. Attachments are checked by
their bytes (the ``filetype`` package), not by their name or what the browser claims, and are
stored under a uuid name; a refused file leaves nothing behind (no note, no file)."""

import os

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from caringcity.core.middleware import current_request_id
from caringcity.core.models import AuditEvent
from caringcity.core.services import audit_record
from caringcity.visits.access import record_standing
from caringcity.visits.models import CareNote, CareNoteAmendment, CareNoteAttachment, NoteReaders
from caringcity.visits.selectors import notes as selectors

A = AuditEvent.Action
PART = "care_notes"

# What may be attached: the type found in the bytes -> the file name endings that type may have.
ALLOWED_TYPES = {
    "image/jpeg": ("jpg", "jpeg"),
    "image/png": ("png",),
    "image/webp": ("webp",),
    "application/pdf": ("pdf",),
}
# What browsers may claim for a file without knowing better.
VAGUE_CLAIMS = {"", "application/octet-stream", "binary/octet-stream"}
ALIASES = {"image/jpg": "image/jpeg", "image/pjpeg": "image/jpeg", "application/x-pdf": "application/pdf"}


def max_attachment_bytes():
    return int(settings.CARINGCITY.get("ATTACHMENT_MAX_MB", 5)) * 1024 * 1024


def check_attachment(upload):
    """The type found in the file's bytes, or ValidationError (on the ``files`` field) saying why."""
    name = getattr(upload, "name", "") or ""
    limit = max_attachment_bytes()
    if upload.size > limit:
        raise ValidationError({"files": _("“%(name)s” is too big. A file can be up to %(limit)s.")
                               % {"name": os.path.basename(name), "limit": filesizeformat(limit)}})
    if upload.size == 0:
        raise ValidationError({"files": _("“%(name)s” is empty.") % {"name": os.path.basename(name)}})
    upload.seek(0)
    head = upload.read(262)
    upload.seek(0)
    kind = filetype.guess(head)
    found = kind.mime if kind else None
    if found not in ALLOWED_TYPES:
        raise ValidationError({"files": _("“%(name)s” is not a photo (JPEG, PNG or WebP) or a PDF. Only those can be added.")
                               % {"name": os.path.basename(name)}})
    ending = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    claimed = ALIASES.get((getattr(upload, "content_type", "") or "").lower(), (getattr(upload, "content_type", "") or "").lower())
    if ending not in ALLOWED_TYPES[found] or (claimed not in VAGUE_CLAIMS and claimed != found):
        raise ValidationError({"files": _("“%(name)s” is not what its name says: its contents are a %(kind)s file. "
                                          "Check you chose the right file, or give it the right name.")
                               % {"name": os.path.basename(name), "kind": ALLOWED_TYPES[found][0].upper()}})
    return found


def _audit(actor, action, obj, team, **extra):
    return audit_record(actor=actor, action=action, obj=obj, commons=team.commons, subject=team.owner, part=PART, **extra)


def _check_readers(team, readers, named_readers):
    allowed = selectors.record_settings(team).allowed_readers
    if readers not in NoteReaders.values or readers not in allowed:
        raise ValidationError({"readers": _("Choose who can read the note from the choices the owner allows.")})
    if readers == NoteReaders.NAMED:
        if not named_readers:
            raise ValidationError({"named_readers": _("Choose at least one person who can read it.")})
        members = {p.pk for p in selectors.possible_named_readers(team)}
        if any(p.pk not in members for p in named_readers):
            raise ValidationError({"named_readers": _("Only people in the team now can be chosen.")})
        return list(named_readers)
    return []


@transaction.atomic
def note_create(*, actor, team, text, readers, named_readers=(), visit=None, files=(), attachment_kind=CareNoteAttachment.Kind.DOCUMENT):
    """Write a note in the team's notebook, with its readers and any attachments. Everything is
    checked before anything is saved."""
    st = record_standing(actor, team)
    if st.person is None or not st.in_team:
        raise ValidationError(_("Only people in the team can write in its notebook."))
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the note.")})
    named = _check_readers(team, readers, named_readers)
    if visit is not None and visit.team_id != team.pk:
        raise ValidationError({"visit": _("Choose one of this team's visits.")})
    if attachment_kind not in CareNoteAttachment.Kind.values:
        raise ValidationError({"attachment_kind": _("Choose what the files are.")})
    checked = [(upload, check_attachment(upload)) for upload in files]
    storage = CareNoteAttachment.file.field.storage
    stored = []
    try:
        note = CareNote.objects.create(team=team, author=st.person, acting_for=st.acting_for, readers=readers, text=text, visit=visit)
        if named:
            note.named_readers.set(named)
        for upload, content_type in checked:
            attachment = CareNoteAttachment(note=note, kind=attachment_kind, content_type=content_type, size=upload.size)
            attachment.file.save("upload", upload, save=False)
            stored.append(attachment.file.name)
            attachment.save()
            _audit(actor, A.CREATE, attachment, team, acting_for=st.acting_for, reason="attachment")
        _audit(actor, A.CREATE, note, team, acting_for=st.acting_for, reason=f"readers {readers}")
    except Exception:
        # The transaction rolls back; the files written so far must go too (nothing half-saved).
        for name in stored:
            storage.delete(name)
        raise
    return note


@transaction.atomic
def note_amend(*, actor, note, text, reason):
    """Add an amendment: the note as it should read now and why. The original never changes."""
    team = note.team
    st = record_standing(actor, team)
    if st.person is None or not (st.is_owner or st.is_proxy or (st.in_team and note.author_id == st.person.pk)):
        raise ValidationError(_("Only the person who wrote the note, or the owner, can amend it."))
    text, reason = (text or "").strip(), (reason or "").strip()
    errors = {}
    if not text:
        errors["text"] = _("Write the note as it should read now.")
    if not reason:
        errors["reason"] = _("Say why it changed.")
    if errors:
        raise ValidationError(errors)
    latest = note.amendments.order_by("-created", "-pk").first()
    if text == (latest.text if latest else note.text):
        raise ValidationError({"text": _("The text is the same as before. Change it, or cancel.")})
    amendment = CareNoteAmendment.objects.create(note=note, author=st.person, acting_for=st.acting_for, text=text, reason=reason[:300])
    _audit(actor, A.UPDATE, note, team, acting_for=st.acting_for, reason="amended")
    return amendment


@transaction.atomic
def notes_record_reads(*, actor, team, notes, action=A.VIEW, reason=""):
    """One audit event per note shown (or exported), written in one query. The owner's own reads
    are recorded too (basis "self"); their access log leaves them out."""
    st = record_standing(actor, team)
    if not notes:
        return []
    me = st.person
    request_id = current_request_id()
    events = [
        AuditEvent(
            commons=team.commons, actor=actor, actor_person=me.uuid if me else None,
            acting_for=team.owner.uuid if st.acting_for else None, subject=team.owner.uuid, action=action,
            object_type=CareNote._meta.label_lower, object_id=str(note.uuid), part=PART,
            basis=selectors.read_basis(st, note), reason=reason, request_id=request_id,
        )
        for note in notes
    ]
    return AuditEvent.objects.bulk_create(events)


@transaction.atomic
def attachment_record_download(*, actor, attachment):
    note = attachment.note
    st = record_standing(actor, note.team)
    return _audit(actor, A.EXPORT, attachment, note.team, basis=selectors.read_basis(st, note),
                  acting_for=st.acting_for, reason="attachment")
