"""Reads for care notes. ``notes_visible_to`` is the queryset twin of the ``visits.view_note``
rule (``can_view_note``); a test holds them in agreement over every persona and readers choice.

Who may read a note about the owner (everyone must be in the team now: the owner's side or a
current member; ex-members and organisers who are not in the team see nothing):
  - the owner and their proxy (acting for them): every note, "owner only" ones too;
  - the author: their own notes;
  - "team": everyone in the team (current members and the owner's side);
  - "paid": current paid care workers and the owner's side (the Team Starter too);
  - "named": the people chosen and the owner's side;
  - "owner": only the owner and their proxy (and the author).
"""

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import Http404

from caringcity.visits.access import record_standing
from caringcity.visits.models import CareNote, CareNoteAmendment, CareNoteAttachment, NoteReaders, RecordSettings

PAGE_SIZE = 20


def _named(person):
    through = CareNote.named_readers.through
    return Exists(through.objects.filter(carenote=OuterRef("pk"), person=person))


def notes_visible_to(user, team):
    """The team's notes this user may read (the twin of ``can_view_note``)."""
    st = record_standing(user, team)
    me = st.person
    if me is None or not st.in_team:
        return CareNote.objects.none()
    notes = CareNote.objects.filter(team=team)
    if st.is_owner or st.is_proxy:
        return notes
    cond = Q(author=me) | Q(readers=NoteReaders.TEAM)
    if st.owner_side or st.is_paid_worker:
        cond |= Q(readers=NoteReaders.PAID)
    if st.owner_side:
        cond |= Q(readers=NoteReaders.NAMED)
    else:
        cond |= Q(readers=NoteReaders.NAMED) & _named(me)
    return notes.filter(cond)


def can_view_note(user, note):
    """The rule ``visits.view_note`` for one note (the predicate; see the module docstring)."""
    st = record_standing(user, note.team)
    me = st.person
    if me is None or not st.in_team:
        return False
    if st.is_owner or st.is_proxy or note.author_id == me.pk:
        return True
    if note.readers == NoteReaders.TEAM:
        return True
    if note.readers == NoteReaders.PAID:
        return st.owner_side or st.is_paid_worker
    if note.readers == NoteReaders.NAMED:
        return st.owner_side or note.named_readers.filter(pk=me.pk).exists()
    return False


def read_basis(standing, note):
    """Why this reader may see this note, in the words of the owner's access log (no queries)."""
    me = standing.person
    if standing.is_owner:
        return "self"
    if standing.is_proxy:
        return "proxy"
    if me is not None and note.author_id == me.pk:
        return "author"
    if standing.owner_side:
        return "team"
    if note.readers == NoteReaders.NAMED:
        return "named"
    if note.readers == NoteReaders.PAID:
        return "paid_worker"
    return "team_member"


def record_settings(team):
    """The team's record settings (made with the defaults the first time)."""
    settings, _created = RecordSettings.objects.get_or_create(team=team)
    return settings


def allowed_readers(team):
    allowed = record_settings(team).allowed_readers
    return [choice for choice in NoteReaders.choices if choice[0] in allowed]


def note_list(user, team, search=""):
    """Visible notes, newest first, with everything the notebook shows in a fixed number of queries."""
    notes = notes_visible_to(user, team)
    search = (search or "").strip()
    if search:
        amended = CareNoteAmendment.objects.filter(note=OuterRef("pk"), text__icontains=search)
        notes = notes.filter(Q(text__icontains=search) | Exists(amended))
    return (
        notes.select_related("author", "acting_for", "visit")
        .prefetch_related(
            Prefetch("amendments", queryset=CareNoteAmendment.objects.select_related("author", "acting_for").order_by("created", "pk")),
            Prefetch("attachments", queryset=CareNoteAttachment.objects.order_by("created", "pk")),
            "named_readers",
        )
        .order_by("-created", "-pk")
    )


def access_note(user, team, note_uuid):
    """One note the user may read, or 404 (a note they may not read looks like no note)."""
    note = notes_visible_to(user, team).filter(uuid=note_uuid).select_related("author", "acting_for", "team").first()
    if note is None:
        raise Http404
    return note


def access_attachment(user, team, note_uuid, attachment_uuid):
    note = access_note(user, team, note_uuid)
    attachment = CareNoteAttachment.objects.filter(note=note, uuid=attachment_uuid).first()
    if attachment is None:
        raise Http404
    attachment.note = note
    return attachment


def possible_named_readers(team):
    """Who can be named as a reader: the team's current members (the owner's side reads every
    named note anyway)."""
    from caringcity.teams import selectors as teams

    return [m.person for m in teams.current_members(team)]


def recent_visits(team, days=14):
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    return team.visits.filter(starts__gte=now - timedelta(days=days), starts__lte=now + timedelta(days=1)).order_by("-starts")[:30]


def panel(user, team):
    """What the notes and concerns panel on the team page offers this user (no extra queries
    beyond the user's standing)."""
    can_notes = user.has_perm("visits.view_notes", team)
    can_raise = user.has_perm("visits.raise_concern", team)
    can_see_concerns = can_raise or user.has_perm("visits.handle_concerns", team)
    if not (can_notes or can_see_concerns):
        return None
    return {"can_notes": can_notes, "can_raise": can_raise, "can_see_concerns": can_see_concerns}
