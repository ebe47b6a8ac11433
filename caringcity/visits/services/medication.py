"""Writes for the medication record (MAR): medicines (add, change, stop) and dose outcomes.
Outcomes are append-only: a change is a new row with a reason that replaces the old one, which
is kept (``current=False``). Audit events never hold the medicine's name, dose or outcome."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from caringcity.core.models import AuditEvent
from caringcity.core.services import audit_record
from caringcity.visits.access import record_standing
from caringcity.visits.models import DoseOutcome, DoseResult, Medicine, Support, VisitLog, VisitStatus
from caringcity.visits.selectors import logs as log_selectors
from caringcity.visits.selectors import medication as selectors

A = AuditEvent.Action
PART = "medication"
REASON_NEEDED = {DoseResult.REFUSED, DoseResult.NOT_TAKEN}
MEDICINE_FIELDS = ("name", "dose", "times", "support", "instructions", "first_day", "last_day")


def _audit(actor, action, obj, team, *, acting_for=None, reason=""):
    return audit_record(actor=actor, action=action, obj=obj, commons=team.commons, subject=team.owner,
                        acting_for=acting_for, part=PART, reason=reason)


def _may_manage(standing):
    return standing.owner_side or standing.is_mar_holder


def may_record_doses(standing, visit):
    """The owner's side, the MAR Holder, or someone who joined the visit."""
    if standing.person is None:
        return False
    if standing.owner_side or standing.is_mar_holder:
        return True
    return standing.is_current_member and log_selectors.joined(visit, standing.person)


def _clean_medicine(data):
    values = {f: data.get(f) for f in MEDICINE_FIELDS}
    for f in ("name", "dose", "instructions"):
        values[f] = " ".join((values[f] or "").split())
    if not values["name"]:
        raise ValidationError({"name": _("Write the name of the medicine.")})
    if not values["dose"]:
        raise ValidationError({"dose": _("Write the dose, for example: one 5 mg tablet.")})
    try:
        times = selectors.parse_times(values["times"])
    except ValueError as bad:
        raise ValidationError({"times": _("“%(part)s” is not a time. Use 24-hour times like 08:00 or 20:30, separated by commas.") % {"part": str(bad)[:20]}}) from None
    if not times:
        raise ValidationError({"times": _("Write at least one time, for example: 08:00.")})
    values["times"] = ", ".join(times)
    if values["support"] not in Support.values:
        raise ValidationError({"support": _("Choose the support needed.")})
    if values["first_day"] is None:
        raise ValidationError({"first_day": _("Enter the first day.")})
    if values["last_day"] is not None and values["last_day"] < values["first_day"]:
        raise ValidationError({"last_day": _("The last day must be on or after the first day.")})
    return values


@transaction.atomic
def medicine_add(*, actor, team, data):
    standing = record_standing(actor, team)
    if not _may_manage(standing):
        raise PermissionDenied
    values = _clean_medicine(data)
    medicine = Medicine.objects.create(team=team, created_by=actor, **values)
    _audit(actor, A.CREATE, medicine, team, acting_for=standing.acting_for)
    return medicine


@transaction.atomic
def medicine_update(*, actor, medicine, data):
    team = medicine.team
    standing = record_standing(actor, team)
    if not _may_manage(standing):
        raise PermissionDenied
    values = _clean_medicine(data)
    changed = [f for f, v in values.items() if getattr(medicine, f) != v]
    for f in changed:
        setattr(medicine, f, values[f])
    if changed:
        medicine.save(update_fields=[*changed, "updated"])
        _audit(actor, A.UPDATE, medicine, team, acting_for=standing.acting_for, reason=", ".join(changed))
    return changed


@transaction.atomic
def medicine_stop(*, actor, medicine, last_day=None):
    """Stop a medicine: its last day becomes ``last_day`` (today by default)."""
    team = medicine.team
    standing = record_standing(actor, team)
    if not _may_manage(standing):
        raise PermissionDenied
    last_day = last_day or timezone.localdate()
    if medicine.last_day is not None and medicine.last_day <= last_day:
        raise ValidationError(_("This medicine has already stopped."))
    if last_day < medicine.first_day:
        raise ValidationError(_("The last day must be on or after the first day."))
    medicine.last_day = last_day
    medicine.save(update_fields=["last_day", "updated"])
    _audit(actor, A.UPDATE, medicine, team, acting_for=standing.acting_for, reason="stopped")
    return medicine


def _check_result(result, reason):
    if result not in DoseResult.values:
        raise ValidationError({"result": _("Choose what happened.")})
    if result in REASON_NEEDED and not reason:
        raise ValidationError({"reason": _("Say why the medicine was refused or not taken.")})


def _settle_log(visit):
    from caringcity.visits.services.logs import log_settle

    log = VisitLog.objects.filter(visit=visit).select_related("visit", "visit__team").first()
    if log is not None:
        log_settle(log)


@transaction.atomic
def dose_record(*, actor, visit, medicine, scheduled, result, reason=""):
    """The outcome of one scheduled dose at a visit, recorded once (a change goes through
    ``dose_change``)."""
    team = visit.team
    standing = record_standing(actor, team)
    if not may_record_doses(standing, visit):
        raise PermissionDenied
    if visit.status == VisitStatus.CANCELLED:
        raise ValidationError(_("This visit was cancelled."))
    if visit.starts > timezone.now():
        raise ValidationError(_("Medicines can be recorded once the visit has started."))
    if (medicine, scheduled) not in selectors.scheduled_doses(visit):
        raise ValidationError(_("That medicine is not due at this visit."))
    reason = " ".join((reason or "").split())[:300]
    _check_result(result, reason)
    if DoseOutcome.objects.select_for_update().filter(visit=visit, medicine=medicine, scheduled=scheduled, current=True).exists():
        raise ValidationError(_("This dose is recorded already. To change it, give a reason."))
    outcome = DoseOutcome.objects.create(visit=visit, medicine=medicine, scheduled=scheduled, result=result, reason=reason,
                                         recorded_by=standing.person, acting_for=standing.acting_for)
    _audit(actor, A.CREATE, outcome, team, acting_for=standing.acting_for)
    _settle_log(visit)
    return outcome


@transaction.atomic
def dose_change(*, actor, outcome, result, reason):
    """Change an outcome: a new row with the reason for the change replaces it, and the old one
    is kept (shown struck through). The reason is always required."""
    outcome = DoseOutcome.objects.select_for_update().select_related("visit", "visit__team", "medicine").get(pk=outcome.pk)
    visit = outcome.visit
    standing = record_standing(actor, visit.team)
    if not may_record_doses(standing, visit):
        raise PermissionDenied
    if not outcome.current:
        raise ValidationError(_("This record has been changed already. Change the newest one."))
    reason = " ".join((reason or "").split())[:300]
    if not reason:
        raise ValidationError({"reason": _("Say why you are changing what was recorded.")})
    _check_result(result, reason)
    if result == outcome.result:
        raise ValidationError({"result": _("That is what is recorded already. Choose what really happened.")})
    outcome.current = False
    outcome.save(update_fields=["current", "updated"])
    new = DoseOutcome.objects.create(visit=visit, medicine=outcome.medicine, scheduled=outcome.scheduled, result=result,
                                     reason=reason, replaces=outcome, recorded_by=standing.person, acting_for=standing.acting_for)
    _audit(actor, A.UPDATE, new, visit.team, acting_for=standing.acting_for, reason="outcome changed")
    return new
