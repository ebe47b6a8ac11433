"""Writes for visit logs and the team's record settings. Keyword-only, atomic, each writing its
audit event (who, what, when, why: never the content of a log). Someone acting for the owner is
recorded as ``acting_for``. Refused moves raise ValidationError with the reason; moves the actor
may not make at all raise PermissionDenied (views answer 404)."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from caringcity.core.models import AuditEvent
from caringcity.core.services import audit_record
from caringcity.visits import states
from caringcity.visits.access import record_standing
from caringcity.visits.models import (
    LogAnswer,
    LogStatus,
    NoteReaders,
    TeamTask,
    VisitLog,
    VisitLogChange,
    VisitStatus,
)
from caringcity.visits.selectors import logs as selectors
from caringcity.visits.selectors import medication as med_selectors

A = AuditEvent.Action
PART = "visit_log"
LOG_FIELDS = ("arrived", "left", "tasks", "done_text", "seemed", "seemed_text", "food_drink", "pass_on")
MAX_LOG_HOURS = 24


def _audit(actor, action, obj, team, *, acting_for=None, reason="", part=PART):
    return audit_record(actor=actor, action=action, obj=obj, commons=team.commons, subject=team.owner,
                        acting_for=acting_for, part=part, reason=reason)


def _forget(actor):
    if actor is not None:
        actor.__dict__.pop("_cc_record_standing", None)


# --- record settings and the task list ----------------------------------------------------------
@transaction.atomic
def record_settings_update(*, actor, team, data):
    standing = record_standing(actor, team)
    if not standing.owner_side:
        raise PermissionDenied
    settings_obj = selectors.record_settings(team)
    readers = [r for r in data.get("note_readers_allowed", []) if r in NoteReaders.values]
    if not readers:
        raise ValidationError({"note_readers_allowed": _("Choose at least one kind of reader.")})
    hours = data.get("auto_confirm_hours")
    if hours is not None and not 1 <= hours <= 720:
        raise ValidationError({"auto_confirm_hours": _("Choose between 1 and 720 hours, or leave it empty.")})
    late = data.get("late_after_minutes")
    if late is None or not 0 <= late <= 240:
        raise ValidationError({"late_after_minutes": _("Choose between 0 and 240 minutes.")})
    values = {
        "confirm_by": data["confirm_by"],
        "auto_confirm_hours": hours,
        "late_after_minutes": late,
        "note_readers_allowed": ",".join(r for r in NoteReaders.values if r in readers),
    }
    changed = [f for f, v in values.items() if getattr(settings_obj, f) != v]
    for f in changed:
        setattr(settings_obj, f, values[f])
    if changed:
        settings_obj.save(update_fields=[*changed, "updated"])
        _audit(actor, A.UPDATE, settings_obj, team, acting_for=standing.acting_for, reason=", ".join(changed), part="record_settings")
    return changed


def _clean_task_name(name):
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("Write the task, for example: Help with lunch.")})
    if len(name) > 100:
        raise ValidationError({"name": _("Keep the task under 100 letters.")})
    return name


@transaction.atomic
def task_add(*, actor, team, name):
    standing = record_standing(actor, team)
    if not standing.owner_side:
        raise PermissionDenied
    name = _clean_task_name(name)
    if team.tasks.filter(name__iexact=name).exists():
        raise ValidationError({"name": _("The list already has “%(name)s”.") % {"name": name}})
    try:
        with transaction.atomic():
            task = TeamTask.objects.create(team=team, name=name)
    except IntegrityError:
        raise ValidationError({"name": _("The list already has “%(name)s”.") % {"name": name}}) from None
    _audit(actor, A.CREATE, task, team, acting_for=standing.acting_for, part="record_settings", reason="task added")
    return task


@transaction.atomic
def task_update(*, actor, task, name=None, active=None):
    team = task.team
    standing = record_standing(actor, team)
    if not standing.owner_side:
        raise PermissionDenied
    changed = []
    if name is not None:
        name = _clean_task_name(name)
        if name != task.name:
            if team.tasks.filter(name__iexact=name).exclude(pk=task.pk).exists():
                raise ValidationError({"name": _("The list already has “%(name)s”.") % {"name": name}})
            task.name = name
            changed.append("name")
    if active is not None and active != task.active:
        task.active = active
        changed.append("active")
    if changed:
        task.save(update_fields=[*changed, "updated"])
        reason = "renamed" if "name" in changed else ""
        if "active" in changed:
            reason = (reason + " " if reason else "") + ("brought back" if task.active else "retired")
        _audit(actor, A.UPDATE, task, team, acting_for=standing.acting_for, part="record_settings", reason=reason)
    return changed


# --- logs -------------------------------------------------------------------------------------
def _check_times(visit, arrived, left):
    if arrived is None:
        raise ValidationError({"arrived": _("Enter the time you arrived.")})
    if left is None:
        raise ValidationError({"left": _("Enter the time you left.")})
    if left <= arrived:
        raise ValidationError({"left": _("The time you left must be after the time you arrived.")})
    if left - arrived > timedelta(hours=MAX_LOG_HOURS):
        raise ValidationError({"left": _("A visit log can cover at most %(n)s hours.") % {"n": MAX_LOG_HOURS}})
    if abs(arrived - visit.starts) > timedelta(hours=MAX_LOG_HOURS):
        raise ValidationError({"arrived": _("The time you arrived must be on the day of the visit.")})


def _check_tasks(team, tasks, keep=()):
    keep = {t.pk for t in keep}
    for task in tasks:
        if task.team_id != team.pk or not (task.active or task.pk in keep):
            raise ValidationError({"tasks": _("Choose tasks from the team's list.")})


def _snapshot(log):
    """The log's values as stored in a VisitLogChange (times as ISO text, tasks as names)."""
    values = {f: getattr(log, f) for f in LOG_FIELDS if f != "tasks"}
    values["arrived"] = log.arrived.isoformat()
    values["left"] = log.left.isoformat()
    values["tasks"] = sorted(t.name for t in log.tasks.all())
    return values


def _answer(log, party, answer, actor, standing, reason=""):
    return LogAnswer.objects.create(log=log, version=log.version, party=party, answer=answer, reason=reason,
                                    person=standing.person if standing else None,
                                    acting_for=standing.acting_for if standing else None, by=actor)


def _set_status(log, status):
    if log.status != status:
        log.status = status
        log.status_changed = timezone.now()
        log.save(update_fields=["status", "status_changed", "updated"])


def log_settle(log):
    """Work out the status from the answers on the current version: a dispute -> disputed; every
    required party confirmed and no dose left without an outcome -> confirmed; else pending.
    Paid logs stay paid."""
    if log.status == LogStatus.PAID:
        return log.status
    answers = [a for a in LogAnswer.objects.filter(log=log, version=log.version)]
    if any(a.answer == LogAnswer.Answer.DISPUTE for a in answers):
        _set_status(log, LogStatus.DISPUTED)
    elif (selectors.required_parties(log, selectors.record_settings(log.visit.team)) <= selectors.confirmed_parties(log, answers)
          and not med_selectors.missing_doses(log.visit)):
        _set_status(log, LogStatus.CONFIRMED)
    else:
        _set_status(log, LogStatus.PENDING)
    return log.status


@transaction.atomic
def log_write(*, actor, visit, data):
    """The first version of a visit's log, by someone who joined it (or the owner's side for a
    family visit), once it has started. Writing it counts as the writer's confirmation."""
    team = visit.team
    standing = record_standing(actor, team)
    if not selectors.may_write_log(standing, visit):
        raise PermissionDenied
    if visit.status == VisitStatus.CANCELLED:
        raise ValidationError(_("This visit was cancelled, so it has no log."))
    if visit.starts > timezone.now():
        raise ValidationError(_("A log can be written once the visit has started."))
    if VisitLog.objects.filter(visit=visit).exists():
        raise ValidationError(_("This visit has a log already. Change it instead."))
    _check_times(visit, data.get("arrived"), data.get("left"))
    tasks = list(data.get("tasks") or [])
    _check_tasks(team, tasks)
    log = VisitLog.objects.create(
        visit=visit, worker=standing.person, acting_for=standing.acting_for, paid=visit.paid,
        **{f: data.get(f) or "" for f in LOG_FIELDS if f not in ("tasks", "arrived", "left")},
        arrived=data["arrived"], left=data["left"],
    )
    log.tasks.set(tasks)
    VisitLogChange.objects.create(log=log, version=1, changed_fields=[], previous={}, by=actor, acting_for=standing.acting_for)
    for party in selectors.parties_for(standing, log):
        _answer(log, party, LogAnswer.Answer.CONFIRM, actor, standing)
    log_settle(log)
    _audit(actor, A.CREATE, log, team, acting_for=standing.acting_for, reason="written")
    return log


@transaction.atomic
def log_edit(*, actor, log, data):
    """A new version: records what changed (and the values before), resets the answers (the old
    ones stay with the old version) and counts as the editor's confirmation of the new one."""
    log = VisitLog.objects.select_for_update().select_related("visit", "visit__team").get(pk=log.pk)
    team = log.visit.team
    standing = record_standing(actor, team)
    parties = selectors.parties_for(standing, log)
    if not parties or not (standing.is_current_member or standing.owner_side):
        raise PermissionDenied
    states.check_log_move(log.status, "edit")
    _check_times(log.visit, data.get("arrived"), data.get("left"))
    old_tasks = list(log.tasks.all())
    tasks = list(data.get("tasks") or [])
    _check_tasks(team, tasks, keep=old_tasks)
    before = _snapshot(log)
    for f in LOG_FIELDS:
        if f != "tasks":
            setattr(log, f, data.get(f) if f in ("arrived", "left") else (data.get(f) or ""))
    after = {f: getattr(log, f) for f in LOG_FIELDS if f != "tasks"}
    after["arrived"], after["left"] = log.arrived.isoformat(), log.left.isoformat()
    after["tasks"] = sorted(t.name for t in tasks)
    changed = [f for f in LOG_FIELDS if before[f] != after[f]]
    if not changed:
        return []
    log.version += 1
    log.save()
    log.tasks.set(tasks)
    VisitLogChange.objects.create(log=log, version=log.version, changed_fields=changed,
                                  previous={f: before[f] for f in changed}, by=actor, acting_for=standing.acting_for)
    for party in parties:
        _answer(log, party, LogAnswer.Answer.CONFIRM, actor, standing)
    _set_status(log, LogStatus.PENDING)
    log_settle(log)
    _audit(actor, A.UPDATE, log, team, acting_for=standing.acting_for, reason=f"version {log.version}: " + ", ".join(changed))
    return changed


@transaction.atomic
def log_confirm(*, actor, log):
    log = VisitLog.objects.select_for_update().select_related("visit", "visit__team").get(pk=log.pk)
    team = log.visit.team
    standing = record_standing(actor, team)
    parties = selectors.parties_for(standing, log)
    if not parties:
        raise PermissionDenied
    states.check_log_move(log.status, "confirm")
    missing = med_selectors.missing_doses(log.visit)
    if missing:
        names = ", ".join(f"{med.name} ({timezone.localtime(when):%H:%M})" for med, when in missing)
        raise ValidationError(_("This log cannot be confirmed yet: a medicine due at this visit has no record of what happened. "
                                "Record it first: %(doses)s.") % {"doses": names})
    answered = {a.party for a in LogAnswer.objects.filter(log=log, version=log.version, party__in=parties)}
    todo = parties - answered
    if not todo:
        raise ValidationError(_("You have already answered for this version of the log."))
    for party in sorted(todo):
        _answer(log, party, LogAnswer.Answer.CONFIRM, actor, standing)
    status = log_settle(log)
    _audit(actor, A.UPDATE, log, team, acting_for=standing.acting_for, reason=f"confirmed version {log.version}")
    return status


@transaction.atomic
def log_dispute(*, actor, log, reason):
    log = VisitLog.objects.select_for_update().select_related("visit", "visit__team").get(pk=log.pk)
    team = log.visit.team
    standing = record_standing(actor, team)
    parties = selectors.parties_for(standing, log)
    if not parties:
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say what is wrong with the log.")})
    states.check_log_move(log.status, "dispute")
    party = LogAnswer.Party.OWNER if LogAnswer.Party.OWNER in parties else LogAnswer.Party.WORKER
    _answer(log, party, LogAnswer.Answer.DISPUTE, actor, standing, reason=reason[:2000])
    _set_status(log, LogStatus.DISPUTED)
    _audit(actor, A.UPDATE, log, team, acting_for=standing.acting_for, reason=f"disputed version {log.version}")
    return log


@transaction.atomic
def log_mark_paid(*, actor, log):
    """For the money part: a confirmed log has been paid. Paid logs cannot be changed."""
    log = VisitLog.objects.select_for_update().select_related("visit", "visit__team").get(pk=log.pk)
    states.check_log_move(log.status, "mark_paid")
    _set_status(log, LogStatus.PAID)
    _audit(actor, A.UPDATE, log, log.visit.team, reason="paid")
    return log


@transaction.atomic
def log_auto_confirm(*, log, now=None):
    """Confirm one waiting log nobody disputed in the team's time (party AUTO). Returns True when
    it did. Safe to run again."""
    now = now or timezone.now()
    log = VisitLog.objects.select_for_update().select_related("visit", "visit__team").get(pk=log.pk)
    hours = selectors.record_settings(log.visit.team).auto_confirm_hours
    if log.status != LogStatus.PENDING or hours is None or log.status_changed > now - timedelta(hours=hours):
        return False
    if LogAnswer.objects.filter(log=log, version=log.version, answer=LogAnswer.Answer.DISPUTE).exists():
        return False
    if med_selectors.missing_doses(log.visit):
        return False
    states.check_log_move(log.status, "auto_confirm")
    LogAnswer.objects.create(log=log, version=log.version, party=LogAnswer.Party.AUTO, answer=LogAnswer.Answer.CONFIRM)
    _set_status(log, LogStatus.CONFIRMED)
    _audit(None, A.UPDATE, log, log.visit.team, reason=f"confirmed by itself after {hours} hours")
    return True


def run_housekeeping(stdout):
    """Periodic work for visit logs: confirm waiting logs nobody disputed in their team's time.
    Idempotent: a log is confirmed once."""
    now = timezone.now()
    count = 0
    candidates = (VisitLog.objects.filter(status=LogStatus.PENDING)
                  .filter(Q(visit__team__record_settings__isnull=True) | Q(visit__team__record_settings__auto_confirm_hours__isnull=False))
                  .values_list("pk", flat=True))
    for pk in list(candidates):
        if log_auto_confirm(log=VisitLog(pk=pk), now=now):
            count += 1
    stdout.write(f"visit logs: {count} confirmed by themselves\n")
    return count
