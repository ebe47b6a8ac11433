"""Writes of the tracking part (see docs/lab-tracking.md): targets, status updates with evidence,
demonstration projects and their activities and evaluation link. Each write is atomic, checks the
rule, refuses with a plain message (keyed to the field it is about) and is audited as
``lab.<thing>.<verb>`` (who, what, when; never what anyone wrote).

The rules of a status update (``_check_update``):
- the date is not in the future, and not before the plan's own date;
- progress, when given, is a whole number from 0 to 100 (left empty, the previous figure stays);
- "not started" is where a target begins, never a step;
- "implemented" only once an update on or before that date says it was adopted (fully or in part);
- a step that records an institution's decision (partly adopted, adopted, rejected, implemented)
  needs at least one piece of evidence;
- an ended target takes no more updates.
The target's status and progress follow its latest update by date (then by when it was written),
so an update added later for an earlier date fills in the history without moving the target back.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from caringcity.core.services import audit_record
from caringcity.core.validators import FileValidator
from caringcity.lab.models import Activity, DemoProject, Evidence, Status, StatusUpdate, Target, TargetKind
from caringcity.lab.selectors.tracking import DECIDED
from caringcity.people import selectors as people

PDF_ONLY = FileValidator(["pdf"])


def _require(actor, perm, obj):
    if not actor.has_perm(perm, obj):
        raise PermissionDenied


def _text(value):
    return (value or "").strip()


# --- targets ------------------------------------------------------------------------------------

def _clean_target(commons, *, kind, name, institution, lead_person, lead_group):
    errors = {}
    if kind not in TargetKind.values:
        errors["kind"] = _("Choose what kind of plan or decision this is.")
    if not _text(name):
        errors["name"] = _("Say what and where, for example: Hackney Local Plan 2033.")
    for key, org in (("institution", institution), ("lead_group", lead_group)):
        if org is not None and org.commons_id != commons.pk:
            errors[key] = _("Choose a group known to this network.")
    if lead_person is not None and not lead_person.memberships.filter(commons=commons).exists():
        errors["lead_person"] = _("Choose someone in this network.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def target_create(*, actor, policy, kind, name, institution=None, lead_person=None, lead_group=None, next_review=None):
    commons = policy.plan.commons
    _require(actor, "lab.keep", commons)
    _clean_target(commons, kind=kind, name=name, institution=institution, lead_person=lead_person, lead_group=lead_group)
    target = Target.objects.create(policy=policy, kind=kind, name=_text(name), institution=institution, lead_person=lead_person,
                                   lead_group=lead_group, next_review=next_review)
    audit_record(actor=actor, action="lab.target.create", obj=target, commons=commons, reason=f"policy {policy.number}")
    return target


@transaction.atomic
def target_update(*, actor, target, kind, name, institution=None, lead_person=None, lead_group=None, next_review=None):
    commons = target.policy.plan.commons
    _require(actor, "lab.keep", commons)
    if target.ended_on:
        raise ValidationError(_("This target is no longer pursued, so it cannot be changed."))
    _clean_target(commons, kind=kind, name=name, institution=institution, lead_person=lead_person, lead_group=lead_group)
    target.kind, target.name, target.institution = kind, _text(name), institution
    target.lead_person, target.lead_group, target.next_review = lead_person, lead_group, next_review
    target.save(update_fields=["kind", "name", "institution", "lead_person", "lead_group", "next_review", "updated"])
    audit_record(actor=actor, action="lab.target.update", obj=target, commons=commons)
    return target


@transaction.atomic
def target_end(*, actor, target, today=None):
    """No longer pursued: it leaves the overview and the counts, its history stays on the trail."""
    commons = target.policy.plan.commons
    _require(actor, "lab.keep", commons)
    target = Target.objects.select_for_update().get(pk=target.pk)
    if target.ended_on:
        raise ValidationError(_("This target was already ended."))
    target.ended_on = today or timezone.localdate()
    target.save(update_fields=["ended_on", "updated"])
    audit_record(actor=actor, action="lab.target.end", obj=target, commons=commons)
    return target


# --- evidence -----------------------------------------------------------------------------------

def clean_evidence(actor, *, kind, title="", url="", file=None, ref=None):
    """Check one piece of evidence as typed; returns the fields to save. Records of other
    capabilities must be ones the actor may see now."""
    ref = ref if isinstance(ref, dict) else {}
    title = _text(title)
    if kind == Evidence.Kind.DOCUMENT:
        if not file:
            raise ValidationError({"file": _("Choose a PDF document to upload.")})
        try:
            PDF_ONLY(file)
        except ValidationError as error:
            raise ValidationError({"file": error.messages}) from None
        if not title:
            raise ValidationError({"title": _("Give the document a title, for example: Cabinet minutes, 3 March.")})
        return {"kind": kind, "title": title[:300], "file": file}
    if kind == Evidence.Kind.LINK:
        if not url or not str(url).lower().startswith(("https://", "http://")):
            raise ValidationError({"url": _("Give a web address starting with https://")})
        if not title:
            raise ValidationError({"title": _("Give the link a title, so people know where it goes.")})
        return {"kind": kind, "title": title[:300], "url": url}
    if kind == Evidence.Kind.CIRCLE_DECISION:
        from caringcity.lab.selectors.tracking import decision_choices

        value = f"{ref.get('commons', '')}:{ref.get('decision', '')}"
        if value not in dict(decision_choices(actor)):
            raise ValidationError({"decision": _("Choose a decision of a circle you can see.")})
        return {"kind": kind, "title": "", "ref": {"commons": str(ref["commons"]), "decision": str(ref["decision"])}}
    if kind == Evidence.Kind.QUOTE:
        from caringcity.lab.selectors.tracking import quote_choices

        value = f"{ref.get('commons', '')}|{ref.get('source', '')}|{ref.get('id', '')}"
        if value not in dict(quote_choices(actor)):
            raise ValidationError({"quote": _("Choose an approved quote. This one may have been withdrawn.")})
        return {"kind": kind, "title": "", "ref": {"commons": str(ref["commons"]), "source": str(ref["source"]), "id": str(ref["id"])}}
    if kind == Evidence.Kind.EVALUATION_REPORT:
        from caringcity.lab.selectors.tracking import report_choices

        value = f"{ref.get('commons', '')}:{ref.get('report', '')}"
        if value not in dict(report_choices(actor)):
            raise ValidationError({"report": _("Choose an evaluation report you can read.")})
        return {"kind": kind, "title": "", "ref": {"commons": str(ref["commons"]), "report": str(ref["report"])}}
    raise ValidationError({"evidence_kind": _("Choose what kind of evidence this is.")})


def _save_evidence(update, fields):
    evidence = Evidence(update=update, **{k: v for k, v in fields.items() if k != "file"})
    if fields.get("file"):
        evidence.file.save("evidence.pdf", fields["file"], save=False)
    evidence.save()
    return evidence


@transaction.atomic
def evidence_add(*, actor, update, kind, title="", url="", file=None, ref=None):
    target = update.target
    commons = target.policy.plan.commons
    _require(actor, "lab.add_update", commons)
    if target.ended_on:
        raise ValidationError(_("This target is no longer pursued, so it takes no more evidence."))
    evidence = _save_evidence(update, clean_evidence(actor, kind=kind, title=title, url=url, file=file, ref=ref))
    audit_record(actor=actor, action="lab.evidence.add", obj=evidence, commons=commons, reason=kind)
    return evidence


@transaction.atomic
def evidence_remove(*, actor, evidence):
    """Organisers, or whoever wrote the update, take a piece of evidence away."""
    update = evidence.update
    commons = update.target.policy.plan.commons
    person = people.person_for_user(actor)
    if not (actor.has_perm("lab.keep", commons) or (actor.has_perm("lab.add_update", commons) and person and update.by_id == person.pk)):
        raise PermissionDenied
    if update.status in DECIDED and update.evidence.count() <= 1:
        raise ValidationError(_("This step records a decision, so it needs at least one piece of evidence. Add another first."))
    audit_record(actor=actor, action="lab.evidence.remove", obj=evidence, commons=commons, reason=evidence.kind)
    if evidence.file:
        evidence.file.delete(save=False)
    evidence.delete()


# --- status updates -----------------------------------------------------------------------------

def _check_update(target, *, on, status, progress, summary, has_evidence, today):
    errors = {}
    if target.ended_on:
        raise ValidationError(_("This target is no longer pursued, so it takes no more updates."))
    if on is None:
        errors["on"] = _("Give the date it happened.")
    elif on > today:
        errors["on"] = _("The date cannot be in the future. Record a step once it has happened.")
    elif target.policy.plan.published_on and on < target.policy.plan.published_on:
        errors["on"] = _("The date cannot be before the plan was published.")
    if status not in Status.values or status == Status.NOT_STARTED:
        errors["status"] = _("Choose what happened: raised, under consideration, partly adopted, adopted, rejected or implemented.")
    if progress is not None and not (0 <= progress <= 100):
        errors["progress"] = _("Progress is a whole number from 0 to 100.")
    if not _text(summary):
        errors["summary"] = _("Say what happened, in plain words.")
    if status == Status.IMPLEMENTED and on is not None and "on" not in errors:
        adopted = target.updates.filter(on__lte=on, status__in=[Status.ADOPTED, Status.PARTLY_ADOPTED]).exists()
        if not adopted:
            errors["status"] = _("It can only be implemented once it has been adopted (fully or in part). Record the adoption first.")
    if status in DECIDED and not has_evidence and "status" not in errors:
        errors["evidence_kind"] = _("This step records a decision: add a piece of evidence that shows it (a document, a link, "
                                    "a circle's decision, a quote or an evaluation report).")
    if errors:
        raise ValidationError(errors)


def _follow_latest(target):
    """Set the target's status and progress from its latest update (progress carries when left empty)."""
    status, progress = Status.NOT_STARTED, 0
    for update in target.updates.order_by("on", "created"):
        status = update.status
        if update.progress is not None:
            progress = update.progress
    target.status, target.progress = status, progress
    target.save(update_fields=["status", "progress", "updated"])


@transaction.atomic
def status_update_add(*, actor, target, on, status, summary, progress=None, evidence=None, today=None):
    """A dated step on a target, with at most one piece of evidence given at once (``evidence``: the
    keyword arguments of ``clean_evidence``); more can be added to the step afterwards."""
    commons = target.policy.plan.commons
    _require(actor, "lab.add_update", commons)
    target = Target.objects.select_for_update().select_related("policy__plan").get(pk=target.pk)
    today = today or timezone.localdate()
    _check_update(target, on=on, status=status, progress=progress, summary=summary, has_evidence=bool(evidence), today=today)
    fields = clean_evidence(actor, **evidence) if evidence else None
    update = StatusUpdate.objects.create(target=target, on=on, status=status, progress=progress, summary=_text(summary),
                                         by=people.person_for_user(actor))
    if fields:
        saved = _save_evidence(update, fields)
        audit_record(actor=actor, action="lab.evidence.add", obj=saved, commons=commons, reason=saved.kind)
    _follow_latest(target)
    audit_record(actor=actor, action="lab.status.add", obj=update, commons=commons, reason=f"{status} on {on.isoformat()}")
    return update


# --- demonstration projects ---------------------------------------------------------------------

def _clean_project(commons, *, name, summary, starts_on, ends_on, partners, policies):
    errors = {}
    if not _text(name):
        errors["name"] = _("Give the project a name.")
    if not _text(summary):
        errors["summary"] = _("Say what the project is, in plain words.")
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = _("The end must be on or after the start.")
    if any(org.commons_id != commons.pk for org in partners):
        errors["partners"] = _("Choose groups known to this network.")
    if any(policy.plan.commons_id != commons.pk for policy in policies):
        errors["policies"] = _("Choose policies of this network's plans.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def project_create(*, actor, commons, name, summary, aims="", starts_on=None, ends_on=None, partners=(), policies=(), public=True):
    _require(actor, "lab.keep", commons)
    partners, policies = list(partners), list(policies)
    _clean_project(commons, name=name, summary=summary, starts_on=starts_on, ends_on=ends_on, partners=partners, policies=policies)
    project = DemoProject.objects.create(commons=commons, name=_text(name), summary=_text(summary), aims=_text(aims),
                                         starts_on=starts_on, ends_on=ends_on, public=public)
    project.partners.set(partners)
    project.policies.set(policies)
    audit_record(actor=actor, action="lab.project.create", obj=project, commons=commons)
    return project


@transaction.atomic
def project_update(*, actor, project, name, summary, aims="", starts_on=None, ends_on=None, partners=(), policies=(), public=True):
    commons = project.commons
    _require(actor, "lab.keep", commons)
    partners, policies = list(partners), list(policies)
    _clean_project(commons, name=name, summary=summary, starts_on=starts_on, ends_on=ends_on, partners=partners, policies=policies)
    project.name, project.summary, project.aims = _text(name), _text(summary), _text(aims)
    project.starts_on, project.ends_on, project.public = starts_on, ends_on, public
    project.save()
    project.partners.set(partners)
    project.policies.set(policies)
    audit_record(actor=actor, action="lab.project.update", obj=project, commons=commons)
    return project


@transaction.atomic
def project_link_evaluation(*, actor, project, choice):
    """Link the project to an evaluation report ("report:<commons>:<uuid>") or framework
    ("framework:<commons>:<uuid>") in a commons where the actor is an organiser; "" removes the link."""
    from caringcity.lab.selectors.tracking import framework_choices, report_choices

    commons = project.commons
    _require(actor, "lab.keep", commons)
    if not choice:
        project.evaluation = {}
    else:
        kind, _sep, value = str(choice).partition(":")
        allowed = {"report": dict(report_choices(actor, perm="evaluation.keep")), "framework": dict(framework_choices(actor))}
        if kind not in allowed or value not in allowed[kind]:
            raise ValidationError({"evaluation": _("Choose a report or framework of a commons you organise.")})
        slug, _sep, uuid = value.partition(":")
        project.evaluation = {"commons": slug, kind: uuid}
    project.save(update_fields=["evaluation", "updated"])
    audit_record(actor=actor, action="lab.project.link_evaluation", obj=project, commons=commons,
                 reason="unlinked" if not choice else str(choice).partition(":")[0])
    return project


@transaction.atomic
def activity_add(*, actor, project, title, on=None, notes="", today=None):
    commons = project.commons
    _require(actor, "lab.add_activity", commons)
    errors = {}
    if not _text(title):
        errors["title"] = _("Say what was done.")
    if on and on > (today or timezone.localdate()) + datetime.timedelta(days=366):
        errors["on"] = _("The date is more than a year ahead. Check the year.")
    if errors:
        raise ValidationError(errors)
    activity = Activity.objects.create(project=project, on=on, title=_text(title), notes=_text(notes))
    audit_record(actor=actor, action="lab.activity.add", obj=activity, commons=commons)
    return activity

