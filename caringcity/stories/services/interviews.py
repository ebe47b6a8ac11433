"""Writes of the interviews part (see docs/stories-interviews.md): research projects and their
teams, interview records, and the consent state machine (``models.InterviewState``):

    draft --agreement_record--> agreed --closure_add--> closed --closure_lift / closures_expire--> agreed
    agreed --agreement_withdraw--> draft
    any state but taken_down --take_down--> taken_down   (final)

Every move checks who may make it and from which state; a refused move raises ``ValidationError``
saying why and changes nothing. Every move is audited as ``stories.interview.<verb>`` with the
person interviewed as subject: who, what, when and why in plain words, never what was said and
never the closure's or take-down's reasons (they may be private)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from caringcity.core.middleware import current_request_id
from caringcity.core.models import AuditEvent
from caringcity.core.services import audit_record
from caringcity.core.validators import FileValidator, sniff
from caringcity.people.models import Membership, Proxy
from caringcity.stories.access import speaks_for
from caringcity.stories.models import Agreement, Closure, Interview, InterviewState, Project, Researcher, TakeDown, Use

S = InterviewState
PAPER_KINDS = {"pdf": "application/pdf", "jpeg": "image/jpeg", "png": "image/png"}
PAPER_VALIDATOR = FileValidator(PAPER_KINDS)
LOOK_PART = "interviews"


def _require(actor, perm, obj):
    if not actor.has_perm(perm, obj):
        raise PermissionDenied


def _person_of(actor):
    return getattr(actor, "person", None) if getattr(actor, "is_authenticated", False) else None


def _is_member(commons, person):
    return person is not None and Membership.objects.active().filter(commons=commons, person=person).exists()


def _audit(actor, verb, interview, reason="", acting_for=None):
    return audit_record(actor=actor, action=f"stories.interview.{verb}", obj=interview, commons=interview.commons,
                        subject=interview.respondent, acting_for=acting_for, reason=reason)


def _fresh(interview):
    """The interview locked for the change, so two moves at once cannot both pass their checks."""
    return Interview.objects.select_for_update(of=("self",)).select_related("commons", "project", "respondent").get(pk=interview.pk)


def _when(day):
    return date_format(day, "j F Y")


# --- projects and teams ---------------------------------------------------------------------------

@transaction.atomic
def project_start(*, actor, commons, name, purpose="", started_on=None, lead=None):
    """An organiser starts a project. The starter leads it unless they name another member."""
    _require(actor, "stories.start_project", commons)
    errors = {}
    if not (name or "").strip():
        errors["name"] = _("Give the project a name.")
    lead = lead or _person_of(actor)
    if not _is_member(commons, lead):
        errors["lead"] = _("Choose a member of this commons to lead the research.")
    if errors:
        raise ValidationError(errors)
    project = Project.objects.create(commons=commons, name=name.strip(), purpose=(purpose or "").strip(),
                                     started_on=started_on or timezone.localdate())
    Researcher.objects.create(project=project, person=lead, role=Researcher.Role.LEAD)
    audit_record(actor=actor, action="stories.project.start", obj=project, commons=commons)
    audit_record(actor=actor, action="stories.researcher.add", obj=project, commons=commons, subject=lead, reason="lead")
    return project


@transaction.atomic
def project_update(*, actor, project, name, purpose="", started_on=None):
    _require(actor, "stories.manage_team", project)
    if not (name or "").strip():
        raise ValidationError({"name": _("Give the project a name.")})
    project.name, project.purpose, project.started_on = name.strip(), (purpose or "").strip(), started_on
    project.save()
    audit_record(actor=actor, action="stories.project.update", obj=project, commons=project.commons)
    return project


@transaction.atomic
def researcher_add(*, actor, project, person, role=Researcher.Role.RESEARCHER):
    """The lead or an organiser adds a member of the commons to the research team."""
    _require(actor, "stories.manage_team", project)
    if role not in Researcher.Role.values:
        raise ValidationError({"role": _("Choose a role.")})
    if not _is_member(project.commons, person):
        raise ValidationError({"person": _("Choose a member of this commons.")})
    if project.researchers.filter(person=person, ended_at__isnull=True).exists():
        raise ValidationError({"person": _("%(name)s is already on the research team.") % {"name": person.display_name}})
    researcher = Researcher.objects.create(project=project, person=person, role=role)
    audit_record(actor=actor, action="stories.researcher.add", obj=project, commons=project.commons, subject=person, reason=role)
    return researcher


@transaction.atomic
def researcher_end(*, actor, project, researcher):
    """Someone leaves the team. A project always keeps at least one lead."""
    _require(actor, "stories.manage_team", project)
    researcher = Researcher.objects.select_for_update().get(pk=researcher.pk, project=project)
    if researcher.ended_at is not None:
        raise ValidationError(_("%(name)s has already left the research team.") % {"name": researcher.person.display_name})
    if researcher.role == Researcher.Role.LEAD and not (project.researchers.filter(role=Researcher.Role.LEAD, ended_at__isnull=True)
                                                        .exclude(pk=researcher.pk).exists()):
        raise ValidationError(_("The project needs someone to lead it. Add another lead first, then %(name)s can leave.")
                              % {"name": researcher.person.display_name})
    researcher.ended_at = timezone.now()
    researcher.save(update_fields=["ended_at", "updated"])
    audit_record(actor=actor, action="stories.researcher.end", obj=project, commons=project.commons, subject=researcher.person)
    return researcher


# --- interview records ------------------------------------------------------------------------------

def _clean_interview(commons, *, respondent, interviewers, title):
    errors = {}
    if not (title or "").strip():
        errors["title"] = _("Give the interview a short title.")
    if not _is_member(commons, respondent):
        errors["respondent"] = _("Choose the person interviewed from the members of this commons.")
    interviewers = list(interviewers or [])
    members = set(Membership.objects.active().filter(commons=commons, person__in=interviewers).values_list("person_id", flat=True))
    if any(p.pk not in members for p in interviewers):
        errors["interviewers"] = _("Choose interviewers from the members of this commons.")
    elif respondent is not None and any(p.pk == respondent.pk for p in interviewers):
        errors["interviewers"] = _("The person interviewed cannot also be an interviewer.")
    if errors:
        raise ValidationError(errors)
    return title.strip(), interviewers


@transaction.atomic
def interview_create(*, actor, project, respondent, title, interviewers=(), held_on=None, place="", language=""):
    _require(actor, "stories.research", project)
    if project.closed_at:
        raise ValidationError(_("This project is closed: no new interviews can be added."))
    title, interviewers = _clean_interview(project.commons, respondent=respondent, interviewers=interviewers, title=title)
    interview = Interview.objects.create(commons=project.commons, project=project, respondent=respondent, title=title,
                                         held_on=held_on, place=(place or "").strip(), language=(language or "").strip())
    interview.interviewers.set(interviewers)
    _audit(actor, "create", interview)
    return interview


@transaction.atomic
def interview_update(*, actor, interview, respondent, title, interviewers=(), held_on=None, place="", language=""):
    _require(actor, "stories.research_interview", interview)
    interview = _fresh(interview)
    if interview.state == S.TAKEN_DOWN:
        raise ValidationError(_("This interview was taken down: nothing about it can be changed."))
    if respondent is not None and respondent.pk != interview.respondent_id and interview.agreements.exists():
        raise ValidationError({"respondent": _("The person interviewed cannot change once they have agreed: "
                                               "their agreement is about their own interview. Start a new interview record instead.")})
    title, interviewers = _clean_interview(interview.commons, respondent=respondent, interviewers=interviewers, title=title)
    interview.respondent, interview.title, interview.held_on = respondent, title, held_on
    interview.place, interview.language = (place or "").strip(), (language or "").strip()
    interview.save()
    interview.interviewers.set(interviewers)
    _audit(actor, "update", interview)
    return interview


# --- the recording agreement ----------------------------------------------------------------------

def current_agreement(interview):
    """The agreement in force: the newest not withdrawn (twin of ``selectors.interviews.agreement_in_force``)."""
    return interview.agreements.filter(withdrawn_at__isnull=True).order_by("-created").first()


def _clean_uses(uses):
    uses = [u for u in Use.values if u in set(uses or [])]  # keep the models' order, drop unknown ones
    if not uses:
        raise ValidationError({"uses": _("Tick at least one thing the person allows.")})
    return uses


def _can_agree(interview):
    if interview.state == S.TAKEN_DOWN:
        raise ValidationError(_("This interview was taken down: it cannot be agreed again."))
    if interview.state == S.CLOSED:
        raise ValidationError(_("The interview is closed until %(day)s. Lift the closure before recording a new agreement.")
                              % {"day": _when(interview.closed_until)})


def check_paper(upload):
    """The scan or photo of a signed form: a PDF, JPEG or PNG within the size limit, judged by its
    bytes. Returns its content type."""
    if upload is None:
        raise ValidationError({"paper": _("Upload a scan or photo of the signed form (PDF, JPEG or PNG).")})
    try:
        PAPER_VALIDATOR(upload)
    except ValidationError as error:
        raise ValidationError({"paper": error.messages}) from None
    upload.seek(0)
    kind = sniff(upload.read(16))
    upload.seek(0)
    return PAPER_KINDS[kind]


@transaction.atomic
def agreement_record(*, actor, interview, how, uses, agreed_on=None, signed_name="", paper=None, present=False):
    """A researcher records the person's agreement: signed on screen with them present (the person
    types their name), on paper (the scan uploaded) or by phone (recorded by the researcher, now).
    Moves draft -> agreed; in agreed, replaces the agreement in force (the old one is kept)."""
    _require(actor, "stories.research_interview", interview)
    interview = _fresh(interview)
    _can_agree(interview)
    errors = {}
    if how not in Agreement.How.values:
        errors["how"] = _("Choose how the person agreed.")
    try:
        uses = _clean_uses(uses)
    except ValidationError as error:
        errors.update(error.error_dict)
    agreed_on = agreed_on or timezone.localdate()
    if agreed_on > timezone.localdate():
        errors["agreed_on"] = _("The day they agreed cannot be in the future.")
    signed_name = (signed_name or "").strip()
    content_type = ""
    if how == Agreement.How.SCREEN:
        if not signed_name:
            errors["signed_name"] = _("Ask the person to type their name.")
        if not present:
            errors["present"] = _("An agreement signed on screen is only recorded with the person here with you.")
    elif how == Agreement.How.PAPER:
        try:
            content_type = check_paper(paper)
        except ValidationError as error:
            errors.update(error.error_dict)
    if errors:
        raise ValidationError(errors)
    agreement = Agreement(interview=interview, how=how, agreed_on=agreed_on, signed_name=signed_name, uses=uses,
                          recorded_by=_person_of(actor))
    if how == Agreement.How.PAPER:
        paper.seek(0)
        ending = {v: k for k, v in PAPER_KINDS.items()}[content_type]
        agreement.paper.save(f"{agreement.uuid}.{ending}", paper, save=False)
        agreement.paper_content_type = content_type
    _replace(interview, agreement)
    verb = "agree" if interview.state == S.DRAFT else "reagree"
    interview.state = S.AGREED
    interview.save(update_fields=["state", "updated"])
    _audit(actor, verb, interview, reason=f"{how}; uses: {', '.join(uses)}")
    return agreement


def _replace(interview, agreement):
    now = timezone.now()
    interview.agreements.filter(withdrawn_at__isnull=True).update(withdrawn_at=now, withdrawn_note="replaced")
    agreement.save()


@transaction.atomic
def agreement_sign(*, actor, interview, signed_name, uses):
    """The person interviewed (or their proxy, for them) signs on screen while signed in."""
    basis = speaks_for(actor, interview)
    if basis is None:
        raise PermissionDenied
    interview = _fresh(interview)
    _can_agree(interview)
    errors = {}
    try:
        uses = _clean_uses(uses)
    except ValidationError as error:
        errors.update(error.error_dict)
    signed_name = (signed_name or "").strip()
    if not signed_name:
        errors["signed_name"] = _("Type your name to sign.")
    if errors:
        raise ValidationError(errors)
    agreement = Agreement(interview=interview, how=Agreement.How.SCREEN, agreed_on=timezone.localdate(),
                          signed_name=signed_name, uses=uses, recorded_by=_person_of(actor))
    _replace(interview, agreement)
    verb = "agree" if interview.state == S.DRAFT else "reagree"
    interview.state = S.AGREED
    interview.save()
    _audit(actor, verb, interview, reason=f"screen, signed in ({basis}); uses: {', '.join(uses)}",
           acting_for=interview.respondent if basis == "proxy" else None)
    return agreement


@transaction.atomic
def agreement_withdraw(*, actor, interview, why=""):
    """The agreement is withdrawn (for example it was recorded by mistake): agreed -> draft."""
    _require(actor, "stories.research_interview", interview)
    interview = _fresh(interview)
    if interview.state != S.AGREED:
        raise ValidationError({
            S.DRAFT: _("There is no agreement to withdraw: the interview is still a draft."),
            S.CLOSED: _("The interview is closed. Lift the closure before withdrawing the agreement."),
            S.TAKEN_DOWN: _("This interview was taken down: nothing about it can be changed."),
        }[interview.state])
    interview.agreements.filter(withdrawn_at__isnull=True).update(withdrawn_at=timezone.now(), withdrawn_note=(why or "")[:200])
    interview.state = S.DRAFT
    interview.save()
    _audit(actor, "withdraw", interview)
    return interview


# --- closures ---------------------------------------------------------------------------------------

def _may_consent(actor, interview):
    """The team, or the person interviewed (or their proxy). Returns the person's basis or None."""
    basis = speaks_for(actor, interview)
    if basis is None and not actor.has_perm("stories.research_interview", interview):
        raise PermissionDenied
    return basis


@transaction.atomic
def closure_add(*, actor, interview, until, reason="", asked_by=""):
    """Nothing of the interview is used until ``until``: agreed -> closed. The person's own request
    takes effect at once, as does the team's record of a request they made."""
    basis = _may_consent(actor, interview)
    interview = _fresh(interview)
    if interview.state != S.AGREED:
        raise ValidationError({
            S.DRAFT: _("There is no agreement yet, so nothing is used: there is nothing to close."),
            S.CLOSED: _("The interview is already closed until %(day)s.") % {"day": _when(interview.closed_until) if interview.closed_until else "—"},
            S.TAKEN_DOWN: _("This interview was taken down: nothing about it can be changed."),
        }[interview.state])
    today = timezone.localdate()
    if until is None or until <= today:
        raise ValidationError({"until": _("Choose a day after today.")})
    if until > today + datetime.timedelta(days=366 * 5):
        raise ValidationError({"until": _("A closure can last up to five years. For longer, ask for a take-down.")})
    if basis:
        asked_by = asked_by or interview.respondent.display_name
    elif not (asked_by or "").strip():
        raise ValidationError({"asked_by": _("Say who asked for the closure.")})
    closure = Closure.objects.create(interview=interview, starts_on=today, until=until, reason=(reason or "").strip()[:200],
                                     asked_by=asked_by.strip()[:200], recorded_by=_person_of(actor))
    interview.state, interview.closed_until = S.CLOSED, until
    interview.save()
    _audit(actor, "close", interview, reason=f"until {until.isoformat()}" + (f" ({basis})" if basis else ""),
           acting_for=interview.respondent if basis == "proxy" else None)
    return closure


@transaction.atomic
def closure_lift(*, actor, interview):
    """The closure ends early: closed -> agreed."""
    basis = _may_consent(actor, interview)
    interview = _fresh(interview)
    if interview.state != S.CLOSED:
        raise ValidationError(_("The interview is not closed, so there is no closure to lift.")
                              if interview.state != S.TAKEN_DOWN else
                              _("This interview was taken down: nothing about it can be changed."))
    _reopen(interview, lifted=True)
    _audit(actor, "lift", interview, reason=basis or "", acting_for=interview.respondent if basis == "proxy" else None)
    return interview


def _reopen(interview, lifted):
    now = timezone.now()
    if lifted:
        interview.closures.filter(lifted_at__isnull=True, until__gt=timezone.localdate()).update(lifted_at=now)
    interview.state, interview.closed_until = S.AGREED, None
    interview.save()


def closures_expire(today=None):
    """Closed interviews whose closure has reached its end date reopen (closed -> agreed). Run
    daily by ``manage.py stories_closures``. Returns how many reopened. Safe to run twice."""
    today = today or timezone.localdate()
    count = 0
    for pk in Interview.objects.filter(state=S.CLOSED, closed_until__lte=today).values_list("pk", flat=True):
        with transaction.atomic():
            interview = _fresh(Interview(pk=pk))
            if interview.state != S.CLOSED or interview.closed_until is None or interview.closed_until > today:
                continue
            ended = interview.closed_until
            _reopen(interview, lifted=False)
            _audit(None, "reopen", interview, reason=f"closure ended {ended.isoformat()}")
            count += 1
    return count


# --- take-down --------------------------------------------------------------------------------------

@transaction.atomic
def take_down(*, actor, interview, asked_by="", how="", asked_on=None):
    """Any state but taken_down -> taken_down, final: the interview's material is hidden everywhere
    at once (every page, search, quote and export asks ``usable_interviews``/``material_interviews``).
    The person (or their proxy) asking for it themself takes it down at once."""
    basis = _may_consent(actor, interview)
    interview = _fresh(interview)
    if interview.state == S.TAKEN_DOWN:
        raise ValidationError(_("This interview was already taken down on %(day)s.")
                              % {"day": _when(timezone.localtime(interview.taken_down_at).date())})
    errors = {}
    asked_on = asked_on or timezone.localdate()
    if asked_on > timezone.localdate():
        errors["asked_on"] = _("The day they asked cannot be in the future.")
    if basis:
        asked_by = asked_by or interview.respondent.display_name
        how = how or (_("Signed in, by themself") if basis == "self" else _("Signed in, by their proxy"))
    else:
        if not (asked_by or "").strip():
            errors["asked_by"] = _("Say who asked for the take-down.")
        if not (how or "").strip():
            errors["how"] = _("Say how they asked, for example “by phone to Inès”.")
    if errors:
        raise ValidationError(errors)
    TakeDown.objects.create(interview=interview, asked_on=asked_on, asked_by=asked_by.strip()[:200], how=how.strip()[:200],
                            recorded_by=_person_of(actor))
    interview.closures.filter(lifted_at__isnull=True, until__gt=timezone.localdate()).update(lifted_at=timezone.now())
    interview.state, interview.closed_until, interview.taken_down_at = S.TAKEN_DOWN, None, timezone.now()
    interview.save()
    _audit(actor, "take_down", interview, reason=basis or "asked", acting_for=interview.respondent if basis == "proxy" else None)
    return interview


# --- looks from search --------------------------------------------------------------------------------

def search_looks_record(*, actor, interviews):
    """Search results show words of each interview: one look per interview shown (reason "search"),
    written in one query (``services.looks.record_look`` writes one at a time)."""
    interviews = list(interviews)
    person = _person_of(actor)
    if not interviews or person is None:
        return []
    principals = set(Proxy.objects.current().filter(proxy=person, principal__in={i.respondent_id for i in interviews})
                     .values_list("principal_id", flat=True))
    events = []
    for interview in interviews:
        if interview.respondent_id == person.pk:
            continue  # the person's own looks are not listed
        proxy = interview.respondent_id in principals
        events.append(AuditEvent(
            commons=interview.commons, actor=actor, actor_person=person.uuid, action=AuditEvent.Action.VIEW,
            acting_for=interview.respondent.uuid if proxy else None, subject=interview.respondent.uuid,
            object_type=interview._meta.label_lower, object_id=str(interview.uuid), part=LOOK_PART,
            basis="proxy" if proxy else "research", reason="search",
        ))
    for event in events:
        event.request_id = current_request_id()
    return AuditEvent.objects.bulk_create(events)
