"""Writes for meetings: planning, changing and cancelling a meeting, recording that it was held
(who came, and how), writing its minutes (notes per agenda item, actions, general notes, whether
they are confidential and why), and marking an action done.

A meeting's moves are in ``states.py`` ("meeting"): planned -> held or cancelled; only a planned
meeting changes; minutes are written for a held one. Every change a calendar can see (time, length,
place, title, cancelled, held) raises ``Meeting.sequence`` so calendars update their copy.

Every write is atomic and audited (who, what, when; never the content)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from caringcity.circles import states
from caringcity.circles.models import Action, AgendaItem, How, Meeting, MeetingStatus, Stakeholder, Taker
from caringcity.circles.services.records import takers_snapshot
from caringcity.core.services import audit_record, email_queue
from caringcity.people import selectors as people_selectors

ATTENDANCE_HOW = (How.MEETING, How.PHONE, How.VIDEO)
MIN_LENGTH, MAX_LENGTH = 15, 12 * 60
MAX_AGENDA = 40


def _audit(actor, verb, meeting):
    return audit_record(actor=actor, action=f"circles.meeting.{verb}", obj=meeting, commons=meeting.circle.commons)


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _lock(meeting):
    """Read the meeting's state again under a row lock (two secretaries pressing at once)."""
    meeting.status = Meeting.objects.select_for_update(of=("self",)).values_list("status", flat=True).get(pk=meeting.pk)
    return meeting


# --- checks -------------------------------------------------------------------------------------
def _agenda_titles(agenda):
    lines = agenda.splitlines() if isinstance(agenda, str) else list(agenda)
    titles = [str(line).strip(" -•\t") for line in lines if str(line).strip(" -•\t")]
    if any(len(t) > 200 for t in titles):
        raise ValidationError({"agenda": _("Keep each agenda item to 200 letters or fewer.")})
    if len(titles) > MAX_AGENDA:
        raise ValidationError({"agenda": _("An agenda can have at most %(n)s items.") % {"n": MAX_AGENDA}})
    return titles


def _open_proposals(circle, proposals):
    proposals = list(proposals or ())
    if any(p.circle_id != circle.pk or not p.is_open for p in proposals):
        raise ValidationError({"proposals": _("Only open proposals of this circle can go on its agenda.")})
    return proposals


def _details(title, starts, minutes_long, place):
    title, place = (title or "").strip(), (place or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the meeting a title, for example: Monthly circle meeting.")})
    if starts is None or timezone.is_naive(starts):
        raise ValidationError({"starts": _("Give the date and time the meeting starts.")})
    if not (MIN_LENGTH <= int(minutes_long or 0) <= MAX_LENGTH):
        raise ValidationError({"minutes_long": _("A meeting lasts between 15 minutes and 12 hours.")})
    return title[:150], place[:200]


def _write_agenda(meeting, titles, proposals):
    rows = [AgendaItem(meeting=meeting, order=i, title=title) for i, title in enumerate(titles)]
    rows += [AgendaItem(meeting=meeting, order=len(titles) + i, title=p.title[:200], proposal=p) for i, p in enumerate(proposals)]
    AgendaItem.objects.bulk_create(rows)


def _tell(meeting, actor, subject, template):
    """E-mail the circle's people about a change to a meeting: when, where and a link. Not its
    title, agenda or why (those may hold someone's private matters)."""
    from caringcity.circles.selectors.meetings import meeting_link, people_of

    me = getattr(_user(actor), "pk", None)
    for row in people_of(meeting.circle):
        user = row.person.user
        if user is None or not user.email or user.pk == me:
            continue
        email_queue(to=user.email, subject=subject, template=template,
                    context={"meeting": meeting, "circle": meeting.circle, "commons": meeting.circle.commons,
                             "when": timezone.localtime(meeting.starts), "link": meeting_link(meeting)})


# --- planning -----------------------------------------------------------------------------------
@transaction.atomic
def meeting_plan(*, actor, circle, title, starts, minutes_long=90, place="", agenda=(), proposals=()):
    """Plan a meeting of ``circle``. ``agenda``: item titles (an iterable, or text with one item on
    each line); ``proposals``: open proposals of the circle to put on the agenda after them. A
    meeting that already happened may be planned with its past date, then recorded as held."""
    if circle.ended:
        raise ValidationError(_("This circle has ended, so it has no more meetings."))
    title, place = _details(title, starts, minutes_long, place)
    titles, proposals = _agenda_titles(agenda), _open_proposals(circle, proposals)
    meeting = Meeting.objects.create(circle=circle, title=title, starts=starts, minutes_long=int(minutes_long), place=place,
                                     created_by=_user(actor))
    _write_agenda(meeting, titles, proposals)
    _audit(actor, "plan", meeting)
    return meeting


@transaction.atomic
def meeting_change(*, actor, meeting, title, starts, minutes_long, place="", agenda=(), proposals=()):
    """Change a planned meeting: its title, time, length, place and agenda (written again)."""
    states.check("meeting", _lock(meeting).status, "change")
    title, place = _details(title, starts, minutes_long, place)
    titles, proposals = _agenda_titles(agenda), _open_proposals(meeting.circle, proposals)
    moved = (starts, int(minutes_long), place) != (meeting.starts, meeting.minutes_long, meeting.place)
    meeting.title, meeting.starts, meeting.minutes_long, meeting.place = title, starts, int(minutes_long), place
    meeting.sequence += 1
    meeting.save()
    AgendaItem.objects.filter(meeting=meeting).delete()
    _write_agenda(meeting, titles, proposals)
    _audit(actor, "change", meeting)
    if moved:
        _tell(meeting, actor, _("A meeting of your circle has moved"), "circles/meetings/email/meeting_changed")
    return meeting


@transaction.atomic
def meeting_cancel(*, actor, meeting, reason):
    states.check("meeting", _lock(meeting).status, "cancel")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why, so the circle's people know.")})
    meeting.status, meeting.cancel_reason = MeetingStatus.CANCELLED, reason[:200]
    meeting.sequence += 1
    meeting.save(update_fields=["status", "cancel_reason", "sequence", "updated"])
    _audit(actor, "cancel", meeting)
    _tell(meeting, actor, _("A meeting of your circle is cancelled"), "circles/meetings/email/meeting_cancelled")
    return meeting


# --- who came -------------------------------------------------------------------------------------
def _check_attendance(meeting, people, guests):
    """people: [(person, how)] of the circle's people; guests: [(person, how, stakeholder)] of
    members of the commons who are not in the circle. Returns them as lists."""
    from caringcity.circles.selectors.meetings import people_of

    people, guests = list(people), list(guests)
    in_circle = {row.person.pk for row in people_of(meeting.circle)}
    if not people and not guests:
        raise ValidationError(_("Say who came: nobody is ticked."))
    if any(how not in ATTENDANCE_HOW for _p, how in people) or any(how not in ATTENDANCE_HOW for _p, how, _s in guests):
        raise ValidationError(_("Say how each person took part: in the room, by phone or by video call."))
    if any(person.pk not in in_circle for person, _how in people):
        raise ValidationError(_("Only the circle's people can be ticked here. Add anyone else as a guest."))
    ids = [p.pk for p, _h in people] + [p.pk for p, _h, _s in guests]
    if len(ids) != len(set(ids)):
        raise ValidationError({"guests": _("Each person can only be counted once.")})
    if any(person.pk in in_circle for person, _h, _s in guests):
        raise ValidationError({"guests": _("That guest is in the circle: tick them in the list above instead.")})
    if any(stake not in Stakeholder.values for _p, _h, stake in guests):
        raise ValidationError({"guests": _("Say who each guest is here as.")})
    members = set(people_selectors.people_in_commons(meeting.circle.commons).filter(pk__in=[p.pk for p, _h, _s in guests])
                  .values_list("pk", flat=True))
    if any(person.pk not in members for person, _h, _s in guests):
        raise ValidationError({"guests": _("Guests must be members of this commons.")})
    return people, guests


def _write_attendance(meeting, people, guests):
    """Keep the snapshot of people already recorded (their place at the meeting), write new ones
    with ``records.takers_snapshot`` and drop the people no longer ticked."""
    wanted = {person.pk: (person, how, None) for person, how in people}
    wanted.update({person.pk: (person, how, stake) for person, how, stake in guests})
    existing = {t.person_id: t for t in Taker.objects.filter(meeting=meeting)}
    Taker.objects.filter(meeting=meeting).exclude(person_id__in=wanted).delete()
    changed = []
    for pk, taker in existing.items():
        if pk in wanted:
            _person, how, stake = wanted[pk]
            if taker.how != how or (stake and taker.stakeholder != stake):
                taker.how, taker.stakeholder = how, stake or taker.stakeholder
                changed.append(taker)
    Taker.objects.bulk_update(changed, ["how", "stakeholder", "updated"])
    new = [(person, how) for pk, (person, how, _s) in wanted.items() if pk not in existing]
    takers_snapshot(circle=meeting.circle, people=new, meeting=meeting)
    # Guests are not in the circle (their place is empty); keep what the secretary said they are here as.
    new_guests = {}
    for pk, (_person, _how, stake) in wanted.items():
        if stake and pk not in existing:
            new_guests.setdefault(stake, []).append(pk)
    for stake, pks in new_guests.items():
        Taker.objects.filter(meeting=meeting, person_id__in=pks).update(stakeholder=stake, kind="")


@transaction.atomic
def meeting_hold(*, actor, meeting, people, guests=()):
    """Record that a planned meeting was held, and who came: ``people`` [(person, how)] from the
    circle, ``guests`` [(person, how, stakeholder)] from the commons. Their places in the circle
    are kept as they are today (``records.takers_snapshot``)."""
    states.check("meeting", _lock(meeting).status, "hold")
    if meeting.starts > timezone.now():
        raise ValidationError(_("This meeting has not started yet. Record it once it has been held."))
    people, guests = _check_attendance(meeting, people, guests)
    meeting.status = MeetingStatus.HELD
    meeting.sequence += 1
    meeting.save(update_fields=["status", "sequence", "updated"])
    _write_attendance(meeting, people, guests)
    _audit(actor, "hold", meeting)
    return meeting


@transaction.atomic
def meeting_attendance(*, actor, meeting, people, guests=()):
    """Correct who came to a held meeting (as ``meeting_hold``)."""
    states.check("meeting", _lock(meeting).status, "write_minutes")
    people, guests = _check_attendance(meeting, people, guests)
    _write_attendance(meeting, people, guests)
    _audit(actor, "attendance", meeting)
    return meeting


# --- the minutes ------------------------------------------------------------------------------------
@transaction.atomic
def meeting_write_minutes(*, actor, meeting, notes="", item_notes=None, new_items=(), actions=(), confidential=False,
                          confidential_reason=""):
    """Write (or rewrite) a held meeting's minutes.

    ``item_notes``: {agenda item: what was said}; ``new_items``: [(title, notes)] discussed though
    not on the agenda; ``actions``: new actions [(what, who or None, by when or None)];
    ``confidential`` minutes need ``confidential_reason``, which everyone who may not read them sees."""
    from caringcity.circles.selectors.meetings import people_of

    states.check("meeting", _lock(meeting).status, "write_minutes")
    reason = (confidential_reason or "").strip()
    if confidential and not reason:
        raise ValidationError({"confidential_reason": _("Say why the minutes are confidential. Members of the commons "
                                                        "who cannot read them see this reason.")})
    items = {item.pk: item for item in AgendaItem.objects.filter(meeting=meeting)}
    item_notes = item_notes or {}
    if any(item.pk not in items for item in item_notes):
        raise ValidationError(_("That agenda item belongs to another meeting."))
    new_items = [(t.strip(), (n or "").strip()) for t, n in new_items if (t or "").strip()]
    if any(len(t) > 200 for t, _n in new_items):
        raise ValidationError({"agenda": _("Keep each agenda item to 200 letters or fewer.")})
    actions = [((text or "").strip(), who, due) for text, who, due in actions]
    if any(not text for text, _w, _d in actions):
        raise ValidationError({"actions": _("Say what will be done for each action.")})
    if any(len(text) > 300 for text, _w, _d in actions):
        raise ValidationError({"actions": _("Keep each action to 300 letters or fewer.")})
    allowed = {row.person.pk for row in people_of(meeting.circle)} | set(
        Taker.objects.filter(meeting=meeting).values_list("person_id", flat=True))
    if any(who is not None and who.pk not in allowed for _t, who, _d in actions):
        raise ValidationError({"actions": _("An action can go to one of the circle's people or someone who came.")})
    changed = []
    for item, text in item_notes.items():
        current = items[item.pk]
        if current.notes != (text or "").strip():
            current.notes = (text or "").strip()
            changed.append(current)
    AgendaItem.objects.bulk_update(changed, ["notes", "updated"])
    last = max((i.order for i in items.values()), default=-1)
    AgendaItem.objects.bulk_create([AgendaItem(meeting=meeting, order=last + 1 + i, title=t, notes=n) for i, (t, n) in enumerate(new_items)])
    Action.objects.bulk_create([Action(meeting=meeting, text=text, who=who, due=due) for text, who, due in actions])
    meeting.notes = (notes or "").strip()
    meeting.confidential, meeting.confidential_reason = bool(confidential), reason[:300] if confidential else ""
    meeting.save(update_fields=["notes", "confidential", "confidential_reason", "updated"])
    _audit(actor, "write_minutes", meeting)
    return meeting


@transaction.atomic
def action_done(*, actor, action):
    """Mark an action from a meeting's minutes as done."""
    action = Action.objects.select_for_update(of=("self",)).select_related("meeting__circle__commons").get(pk=action.pk)
    if action.done_at is not None:
        raise ValidationError(_("This action is already done."))
    action.done_at = timezone.now()
    action.save(update_fields=["done_at", "updated"])
    audit_record(actor=actor, action="circles.action.done", obj=action, commons=action.meeting.circle.commons)
    return action

