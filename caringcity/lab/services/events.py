"""Writes of the events part (see docs/lab-events.md): events, registrations (with the waiting list
and the private manage link), attendance, notes and outcomes, participation payments and the
benchmarks who was around the table is set against.

Organisers (``lab.keep_events``) keep events, attendance, payments and benchmarks. Anyone may sign
up for a public event, members for any event of their commons. A signed-out person changes or
cancels through their manage link: only the token's SHA-256 is stored. Audit events record who and
what, never what people shared (needs, characteristics, names, contact details)."""

import secrets
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from caringcity.core.services import audit_record
from caringcity.lab import table
from caringcity.lab.access import lab_standing
from caringcity.lab.models import Benchmark, Campaign, DemoProject, Event, Partnership, Payment, Policy, Registration
from caringcity.people.models import Organisation, hash_token

KEEP = "lab.keep_events"
MAX_PENCE = 10_000_00  # £10,000 for one payment to one person is more than enough
MAX_CHILDREN = 20


def _require(actor, commons, perm=KEEP):
    if not actor.has_perm(perm, commons):
        raise PermissionDenied


token_hash = hash_token  # the manage link's token is kept only as this hash, like invitations


# --- events ---------------------------------------------------------------------------------------

def _clean_event(commons, data):
    title = (data.get("title") or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the event a title.")})
    if not (data.get("summary") or "").strip():
        raise ValidationError({"summary": _("Say in a few plain words what the event is about.")})
    starts, ends = data.get("starts_at"), data.get("ends_at")
    if not starts:
        raise ValidationError({"starts_at": _("Say when it starts.")})
    if not ends or ends <= starts:
        raise ValidationError({"ends_at": _("The end must be after the start.")})
    if not (data.get("place") or "").strip() and not data.get("online_url"):
        raise ValidationError({"place": _("Say where it happens: a place, an online link, or both.")})
    capacity = data.get("capacity")
    if capacity is not None and capacity < 1:
        raise ValidationError({"capacity": _("Places must be 1 or more, or left empty for no limit.")})
    policies = list(data.get("policies") or [])
    if policies and Policy.objects.filter(pk__in=[p.pk for p in policies], plan__commons=commons).count() != len(policies):
        raise ValidationError({"policies": _("Choose policies of this commons' plans.")})
    for name, model in (("partnership", Partnership), ("project", DemoProject), ("campaign", Campaign)):
        obj = data.get(name)
        if obj is not None and obj.commons_id != commons.pk:
            raise ValidationError({name: _("Choose one of this commons.")})
    data["title"] = title
    return policies


def _clean_proposals(actor, chosen, kept=()):
    """The circle proposals an event links to, as "commons:uuid": each must be one the actor may
    see. Links already there that the actor cannot see (a care team's circle, say) are kept as they
    were, so an organiser who cannot see them does not remove them by saving."""
    from caringcity.lab.selectors.events import proposal_choices

    chosen = [str(value) for value in chosen or []]
    if not chosen and not kept:
        return []
    allowed = {value for value, _label in proposal_choices(actor)}
    if any(value not in allowed for value in chosen):
        raise ValidationError({"proposals": _("Choose proposals of circles you can see.")})
    return list(dict.fromkeys([*chosen, *(value for value in kept if value not in allowed)]))


FIELDS = ["title", "kind", "summary", "starts_at", "ends_at", "place", "address", "postcode", "online_url", "access_info",
          "capacity", "public", "partnership", "project", "campaign"]


def _fill_places(event, actor):
    """Move people up from the waiting list while there are free places (oldest first)."""
    if event.cancelled_at:
        return []
    waiting = list(event.registrations.filter(state=Registration.State.WAITING).order_by("created", "pk"))
    if not waiting:
        return []
    free = None
    if event.capacity is not None:
        free = event.capacity - event.registrations.filter(state=Registration.State.BOOKED).count()
    moved = waiting if free is None else waiting[:max(free, 0)]
    for registration in moved:
        registration.state = Registration.State.BOOKED
        registration.save(update_fields=["state", "updated"])
        audit_record(actor=actor, action="lab.registration.move_up", obj=registration, commons=event.commons)
    return moved


@transaction.atomic
def event_create(*, actor, commons, policies=(), proposals=(), **data):
    _require(actor, commons)
    data["policies"] = policies
    policies = _clean_event(commons, data)
    event = Event(commons=commons, proposals=_clean_proposals(actor, proposals),
                  **{name: data.get(name) for name in FIELDS if name in data})
    for name in ("place", "address", "postcode", "online_url", "access_info"):
        setattr(event, name, (getattr(event, name) or "").strip())
    event.save()
    event.policies.set(policies)
    audit_record(actor=actor, action="lab.event.create", obj=event, commons=commons)
    return event


@transaction.atomic
def event_update(*, actor, event, policies=(), proposals=None, **data):
    commons = event.commons
    _require(actor, commons)
    data["policies"] = policies
    policies = _clean_event(commons, data)
    for name in FIELDS:
        if name in data:
            value = data[name]
            setattr(event, name, value.strip() if isinstance(value, str) else value)
    if proposals is not None:
        event.proposals = _clean_proposals(actor, proposals, kept=event.proposals or [])
    event.save()
    event.policies.set(policies)
    _fill_places(event, actor)
    audit_record(actor=actor, action="lab.event.update", obj=event, commons=commons)
    return event


@transaction.atomic
def event_cancel(*, actor, event):
    _require(actor, event.commons)
    if event.cancelled_at:
        raise ValidationError(_("This event is already cancelled."))
    event.cancelled_at = timezone.now()
    event.save(update_fields=["cancelled_at", "updated"])
    audit_record(actor=actor, action="lab.event.cancel", obj=event, commons=event.commons)
    return event


@transaction.atomic
def event_outcomes_set(*, actor, event, notes="", outcomes=""):
    _require(actor, event.commons)
    event.notes, event.outcomes = (notes or "").strip(), (outcomes or "").strip()
    event.save(update_fields=["notes", "outcomes", "updated"])
    audit_record(actor=actor, action="lab.event.outcomes", obj=event, commons=event.commons)
    return event


# --- registrations ----------------------------------------------------------------------------------

def may_register(user, event):
    """Anyone for a public event; members of the commons for any event."""
    return event.public or lab_standing(user, event.commons).is_member


def _clean_registration(event, data):
    name = (data.get("name") or "").strip()
    if not name:
        raise ValidationError({"name": _("Tell us your name, or the name you would like us to use.")})
    email, phone = (data.get("email") or "").strip(), (data.get("phone") or "").strip()
    if not email and not phone:
        raise ValidationError({"email": _("Give an e-mail address or a phone number, so we can tell you if anything changes.")})
    organisation = data.get("organisation")
    if organisation is not None and organisation.commons_id != event.commons_id:
        raise ValidationError({"organisation": _("Choose one of the groups listed.")})
    kind = data.get("organisation_kind") or ""
    if kind not in dict(Organisation.Kind.choices) and kind not in (table.RESIDENT, ""):
        raise ValidationError({"organisation_kind": _("Choose one of the kinds listed.")})
    if organisation is not None and not kind:
        kind = organisation.kind
    childcare = data.get("childcare") or 0
    if childcare < 0 or childcare > MAX_CHILDREN:
        raise ValidationError({"childcare": _("Give a number from 0 to %(max)s.") % {"max": MAX_CHILDREN}})
    return {
        "name": name, "email": email, "phone": phone, "organisation": organisation, "organisation_kind": kind,
        "access_needs": (data.get("access_needs") or "").strip(), "interpreter": (data.get("interpreter") or "").strip(),
        "bsl": bool(data.get("bsl")), "childcare": childcare, "dietary": (data.get("dietary") or "").strip(),
        "characteristics": table.clean_characteristics(data.get("characteristics")),
    }


def booked_count(event):
    return event.registrations.filter(state=Registration.State.BOOKED).count()


@transaction.atomic
def registration_create(*, actor, event, **data):
    """Sign up (signed in or not). Returns ``(registration, token)``: the token for the private
    manage link when the person is signed out (None otherwise). Booked while there are places,
    else on the waiting list."""
    if not may_register(actor, event):
        raise PermissionDenied
    if event.cancelled_at:
        raise ValidationError(_("This event is cancelled, so nobody can sign up for it."))
    if event.ends_at < timezone.now():
        raise ValidationError(_("This event is over, so nobody can sign up for it."))
    fields = _clean_registration(event, data)
    person = lab_standing(actor, event.commons).person if getattr(actor, "is_authenticated", False) else None
    if person is None and getattr(actor, "is_authenticated", False):
        person = getattr(actor, "person", None)
    if person is not None and event.registrations.filter(person=person).exclude(state=Registration.State.CANCELLED).exists():
        raise ValidationError(_("You are already signed up for this event. You can change or cancel it on the event's page."))
    full = event.capacity is not None and booked_count(event) >= event.capacity
    registration = Registration(event=event, person=person,
                                state=Registration.State.WAITING if full else Registration.State.BOOKED, **fields)
    token = None
    if person is None:
        token = secrets.token_urlsafe(24)
        registration.manage_token_hash = token_hash(token)
    registration.save()
    audit_record(actor=actor, action="lab.registration.create", obj=registration, commons=event.commons)
    return registration, token


def registration_by_token(event, token):
    """The registration a manage link's token opens, or None."""
    if not token:
        return None
    return event.registrations.filter(manage_token_hash=token_hash(token)).exclude(state=Registration.State.CANCELLED).first()


def may_manage(user, registration, token=None):
    """The person who signed up (signed in), the holder of the manage link, or an organiser."""
    if token and registration.manage_token_hash and secrets.compare_digest(registration.manage_token_hash, token_hash(token)):
        return True
    person = getattr(user, "person", None) if getattr(user, "is_authenticated", False) else None
    if person is not None and registration.person_id == person.pk:
        return True
    return bool(getattr(user, "is_authenticated", False) and user.has_perm(KEEP, registration.event.commons))


@transaction.atomic
def registration_update(*, actor, registration, token=None, **data):
    if not may_manage(actor, registration, token):
        raise PermissionDenied
    if registration.state == Registration.State.CANCELLED:
        raise ValidationError(_("This sign-up was cancelled."))
    fields = _clean_registration(registration.event, data)
    for name, value in fields.items():
        setattr(registration, name, value)
    registration.save()
    audit_record(actor=actor, action="lab.registration.update", obj=registration, commons=registration.event.commons)
    return registration


@transaction.atomic
def registration_cancel(*, actor, registration, token=None):
    """Cancel a sign-up; a freed place goes to the first on the waiting list."""
    if not may_manage(actor, registration, token):
        raise PermissionDenied
    if registration.state == Registration.State.CANCELLED:
        raise ValidationError(_("This sign-up is already cancelled."))
    registration.state = Registration.State.CANCELLED
    registration.save(update_fields=["state", "updated"])
    audit_record(actor=actor, action="lab.registration.cancel", obj=registration, commons=registration.event.commons)
    _fill_places(registration.event, actor)
    return registration


# --- attendance -----------------------------------------------------------------------------------

def _check_attendance_day(event):
    if timezone.localdate(event.starts_at) > timezone.localdate():
        raise ValidationError(_("Attendance can be taken from the day of the event."))
    if event.cancelled_at:
        raise ValidationError(_("This event was cancelled."))


@transaction.atomic
def attendance_record(*, actor, event, present):
    """``present``: the uuids (strings) of the registrations who came. Everyone else listed (booked
    or waiting) is marked as not there. Works the same at the door and afterwards."""
    _require(actor, event.commons)
    _check_attendance_day(event)
    present = {str(value) for value in present or []}
    now = timezone.now()
    regs = list(event.registrations.exclude(state=Registration.State.CANCELLED))
    known = {str(r.uuid) for r in regs}
    if present - known:
        raise ValidationError(_("Someone ticked is no longer signed up. Load the page again and try again."))
    for registration in regs:
        registration.attended = str(registration.uuid) in present
        registration.attendance_taken_at = now
    Registration.objects.bulk_update(regs, ["attended", "attendance_taken_at"])
    audit_record(actor=actor, action="lab.attendance.record", obj=event, commons=event.commons)
    return sum(1 for r in regs if r.attended)


@transaction.atomic
def walk_in_add(*, actor, event, name, organisation=None, organisation_kind=""):
    """Someone who came without signing up: added as there (walk-ins may go over the places)."""
    _require(actor, event.commons)
    _check_attendance_day(event)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Write their name, or a first name.")})
    if organisation is not None and organisation.commons_id != event.commons_id:
        raise ValidationError({"organisation": _("Choose one of the groups listed.")})
    kind = organisation_kind or (organisation.kind if organisation else "")
    registration = Registration.objects.create(event=event, name=name, organisation=organisation, organisation_kind=kind,
                                               state=Registration.State.BOOKED, attended=True, walk_in=True,
                                               attendance_taken_at=timezone.now())
    audit_record(actor=actor, action="lab.registration.walk_in", obj=registration, commons=event.commons)
    return registration


# --- payments -------------------------------------------------------------------------------------

def to_pence(amount):
    try:
        pence = int((Decimal(str(amount)) * 100).to_integral_value())
    except (InvalidOperation, TypeError, ValueError) as exc:
        raise ValidationError({"amount": _("Give the amount in pounds, for example 25 or 12.50.")}) from exc
    if pence <= 0 or pence > MAX_PENCE:
        raise ValidationError({"amount": _("Give an amount from £0.01 to £10,000.")})
    return pence


def _clean_payment(event, data):
    registration = data.get("registration")
    if registration is not None and registration.event_id != event.pk:
        raise ValidationError({"registration": _("Choose someone who signed up for this event.")})
    label = (data.get("recipient_label") or "").strip()
    if not label and registration is not None:
        label = registration.name
    if not label:
        raise ValidationError({"recipient_label": _("Choose who was paid, or write who it was.")})
    if data.get("kind") not in dict(Payment.Kind.choices):
        raise ValidationError({"kind": _("Choose the kind of payment.")})
    if not data.get("paid_on"):
        raise ValidationError({"paid_on": _("Give the date it was paid.")})
    funder = data.get("funder")
    if funder is not None and funder.commons_id != event.commons_id:
        raise ValidationError({"funder": _("Choose one of the groups listed.")})
    return {"registration": registration, "recipient_label": label, "kind": data["kind"],
            "amount_pence": to_pence(data.get("amount")), "paid_on": data["paid_on"], "funder": funder,
            "grant_reference": (data.get("grant_reference") or "").strip(), "note": (data.get("note") or "").strip()}


@transaction.atomic
def payment_create(*, actor, event, **data):
    _require(actor, event.commons)
    payment = Payment.objects.create(event=event, recorded_by=getattr(actor, "person", None), **_clean_payment(event, data))
    audit_record(actor=actor, action="lab.payment.create", obj=payment, commons=event.commons)
    return payment


@transaction.atomic
def payment_update(*, actor, payment, **data):
    event = payment.event
    _require(actor, event.commons)
    for name, value in _clean_payment(event, data).items():
        setattr(payment, name, value)
    payment.save()
    audit_record(actor=actor, action="lab.payment.update", obj=payment, commons=event.commons)
    return payment


@transaction.atomic
def payment_delete(*, actor, payment):
    commons = payment.event.commons
    _require(actor, commons)
    audit_record(actor=actor, action="lab.payment.delete", obj=payment, commons=commons)
    payment.delete()


# --- benchmarks -----------------------------------------------------------------------------------

@transaction.atomic
def benchmark_save(*, actor, commons, characteristic, value, share, source):
    """Set (or change) the share of the communities affected with one value of a characteristic."""
    _require(actor, commons)
    if characteristic not in table.CHARACTERISTICS:
        raise ValidationError({"characteristic": _("Choose one of the questions listed.")})
    if value not in dict(table.CHARACTERISTICS[characteristic][2]):
        raise ValidationError({"value": _("Choose an answer to that question.")})
    if share is None or share < 0 or share > 100:
        raise ValidationError({"share": _("Give a share from 0 to 100.")})
    source = (source or "").strip()
    if not source:
        raise ValidationError({"source": _("Say where the figure comes from, for example: Census 2021, Hackney.")})
    bench, _created = Benchmark.objects.update_or_create(commons=commons, characteristic=characteristic, value=value,
                                                        defaults={"share": Decimal(share).quantize(Decimal("0.1")), "source": source})
    audit_record(actor=actor, action="lab.benchmark.save", obj=bench, commons=commons)
    return bench


@transaction.atomic
def benchmark_delete(*, actor, benchmark):
    _require(actor, benchmark.commons)
    audit_record(actor=actor, action="lab.benchmark.delete", obj=benchmark, commons=benchmark.commons)
    benchmark.delete()
