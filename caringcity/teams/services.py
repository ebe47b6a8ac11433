"""Writes for care teams. Keyword-only, atomic, each writing its audit event. ``actor`` is the
signed-in User; when they act for the team owner (as proxy or Team Starter), the audit event
records ``acting_for`` the owner. Refused moves raise ValidationError with the reason."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from caringcity.core.geo import normalise
from caringcity.core.models import AuditEvent
from caringcity.core.services import audit_record, email_queue
from caringcity.people import selectors as people
from caringcity.people.models import Membership
from caringcity.teams import extensions, selectors, states
from caringcity.teams.models import (
    ChecklistTick,
    Hat,
    HatConsent,
    HatKind,
    HatTerm,
    MatchRequest,
    MemberKind,
    MemberStatus,
    Notice,
    Promise,
    Stage,
    StageChange,
    Team,
    TeamMember,
    TermStatus,
    TrustAssessment,
)

A = AuditEvent.Action
STANDARD_HATS = [k for k in HatKind.values if k != HatKind.CUSTOM]


def _for_owner(actor, team):
    """The owner when the actor is acting for them; None when the owner acts themselves."""
    me = people.person_for_user(actor)
    return team.owner if me is None or me.pk != team.owner_id else None


def _audit(actor, action, obj, team, **extra):
    return audit_record(actor=actor, action=action, obj=obj, commons=team.commons, subject=team.owner, **extra)


def _forget_standing(*users):
    for user in users:
        if user is not None:
            user.__dict__.pop("_cc_team_standing", None)


def _notify(person, subject, template, context):
    """E-mail someone with a login about a team change. Never any care details."""
    if person.user_id and person.user.email:
        email_queue(to=person.user.email, subject=subject, template=template, context=context)


# --- teams ------------------------------------------------------------------------------------
@transaction.atomic
def team_create(*, actor, commons, owner, name="", waiting=False):
    """First contact: an organiser starts a team around a person of the commons."""
    if not Membership.objects.active().filter(commons=commons, person=owner).exists():
        raise ValidationError({"owner": _("Choose someone who is a member of this commons.")})
    if Team.objects.open().filter(commons=commons, owner=owner).exists():
        raise ValidationError({"owner": _("%(name)s already has a team.") % {"name": owner.display_name}})
    team = Team.objects.create(
        commons=commons, owner=owner, name=name or _("%(name)s's team") % {"name": owner.display_name},
        waiting=waiting, waiting_since=timezone.localdate() if waiting else None, created_by=actor,
    )
    for kind in STANDARD_HATS:
        Hat.objects.create(team=team, kind=kind)
    StageChange.objects.create(team=team, to_stage=team.stage, by=actor, note=_("Team started"))
    _audit(actor, A.CREATE, team, team)
    return team


@transaction.atomic
def team_update(*, actor, team, data):
    fields = [f for f in ("name", "key_needs", "rota_running") if f in data and getattr(team, f) != data[f]]
    for f in fields:
        setattr(team, f, data[f])
    if fields:
        team.save(update_fields=[*fields, "updated"])
        _audit(actor, A.UPDATE, team, team, acting_for=_for_owner(actor, team), reason=", ".join(fields))
    return fields


@transaction.atomic
def team_set_waiting(*, actor, team, waiting):
    if team.stage != Stage.FIRST_CONTACT and waiting:
        raise ValidationError(_("Only a team at first contact can be on the waiting list."))
    team.waiting = waiting
    team.waiting_since = timezone.localdate() if waiting else None
    team.save(update_fields=["waiting", "waiting_since", "updated"])
    _audit(actor, A.UPDATE, team, team, reason="waiting" if waiting else "off waiting list")


@transaction.atomic
def team_move_stage(*, actor, team, to_stage, note=""):
    team = Team.objects.select_for_update().get(pk=team.pk)
    if team.stage == Stage.ENDED:
        raise ValidationError(_("This team has ended. It cannot move to another stage."))
    if to_stage == Stage.ENDED:
        if not note.strip():
            raise ValidationError({"note": _("Say why the team is ending.")})
    elif to_stage not in states.next_stages(team.stage):
        raise ValidationError(_("A team moves one stage at a time. From “%(now)s” it can go to: %(options)s.") % {
            "now": Stage(team.stage).label,
            "options": ", ".join(str(Stage(s).label) for s in states.next_stages(team.stage)) or "-",
        })
    if to_stage == Stage.INDEPENDENT:
        check = selectors.independence(team)
        if not check["ready"]:
            reasons = []
            if check["missing_hats"]:
                reasons.append(_("nobody in the team wears: %(hats)s") % {"hats": ", ".join(str(h) for h in check["missing_hats"])})
            if not team.rota_running:
                reasons.append(_("the rota is not running yet"))
            if not dict((k, ok) for k, ok, _m in check["checks"])["owner"]:
                reasons.append(_("the owner has no login and nobody acts for them"))
            raise ValidationError(_("The team cannot run by itself yet: %(reasons)s.") % {"reasons": "; ".join(reasons)})
    old = team.stage
    team.stage = to_stage
    if to_stage != Stage.FIRST_CONTACT:
        team.waiting = False
    team.save(update_fields=["stage", "waiting", "updated"])
    StageChange.objects.create(team=team, from_stage=old, to_stage=to_stage, by=actor, acting_for=_for_owner(actor, team), note=note[:300])
    _audit(actor, A.UPDATE, team, team, reason=f"stage {old} -> {to_stage}")
    return team


@transaction.atomic
def checklist_tick(*, actor, team, item, done):
    valid = {key for items in states.CHECKLISTS.values() for key, _label in items}
    if item not in valid:
        raise ValidationError(_("That is not on the checklist."))
    if done:
        ChecklistTick.objects.get_or_create(team=team, item=item, defaults={"by": actor})
    else:
        ChecklistTick.objects.filter(team=team, item=item).delete()
    _audit(actor, A.UPDATE, team, team, reason=f"checklist {item} {'done' if done else 'undone'}")


# --- membership by mutual consent ---------------------------------------------------------------
def _check_kind(kind):
    if kind not in MemberKind.values:
        raise ValidationError({"kind": _("Choose how they are part of the team.")})


def _check_trial(sessions):
    if not 0 <= sessions <= 3:
        raise ValidationError({"trial_sessions": _("A trial is 1, 2 or 3 sessions (or 0 for none).")})


@transaction.atomic
def member_invite(*, actor, team, person, kind, trial_sessions=0, message="", from_match=False):
    """The owner's side invites someone. Nothing happens until they accept."""
    _check_kind(kind)
    _check_trial(trial_sessions)
    if person.pk == team.owner_id:
        raise ValidationError({"person": _("The owner leads the team already.")})
    if not Membership.objects.active().filter(commons=team.commons, person=person).exists():
        raise ValidationError({"person": _("Choose someone who is a member of this commons.")})
    try:
        with transaction.atomic():
            member = TeamMember.objects.create(
                team=team, person=person, kind=kind, status=MemberStatus.INVITED, invited_by=actor,
                trial_sessions=trial_sessions, message=message[:500], from_match=from_match,
            )
    except IntegrityError:
        raise ValidationError({"person": _("%(name)s is already in this team or has a waiting invitation.") % {"name": person.display_name}}) from None
    _audit(actor, A.INVITE, member, team, acting_for=_for_owner(actor, team))
    _notify(person, _("You are invited to join a care team"), "teams/email/invited", {"team": team, "member": member})
    return member


@transaction.atomic
def member_request(*, actor, team, kind, message="", call_out=None):
    """Someone asks to join; the owner's side decides."""
    _check_kind(kind)
    person = people.person_for_user(actor)
    if person is None or not Membership.objects.active().filter(commons=team.commons, person=person).exists():
        raise PermissionDenied
    if person.pk == team.owner_id:
        raise ValidationError(_("You lead this team already."))
    if kind == MemberKind.STARTER:
        raise ValidationError({"kind": _("Team Starters are invited by the team or an organiser.")})
    try:
        with transaction.atomic():
            member = TeamMember.objects.create(team=team, person=person, kind=kind, status=MemberStatus.REQUESTED, message=message[:500])
    except IntegrityError:
        raise ValidationError(_("You are already in this team or waiting for an answer.")) from None
    _audit(actor, A.CREATE, member, team, reason="asked to join" + (" from a call-out" if call_out else ""))
    _forget_standing(actor)
    return member


def _start(member, actor):
    member.status = MemberStatus.TRIAL if member.trial_sessions else MemberStatus.ACTIVE
    member.joined = timezone.now()
    member.save(update_fields=["status", "joined", "updated"])
    _forget_standing(actor)


@transaction.atomic
def member_accept(*, actor, member):
    """The invited person says yes."""
    states.check_member_move(member, "accept")
    me = people.person_for_user(actor)
    if me is None or me.pk != member.person_id:
        raise PermissionDenied
    _start(member, actor)
    _audit(actor, A.JOIN, member, member.team, reason=member.status)
    return member


@transaction.atomic
def member_approve(*, actor, member, trial_sessions=None):
    """The owner's side says yes to a request."""
    states.check_member_move(member, "approve")
    if trial_sessions is not None:
        _check_trial(trial_sessions)
        member.trial_sessions = trial_sessions
    _start(member, actor)
    _audit(actor, A.JOIN, member, member.team, acting_for=_for_owner(actor, member.team), reason=member.status)
    _notify(member.person, _("Your request to join a care team was accepted"), "teams/email/approved", {"team": member.team})
    return member


@transaction.atomic
def member_decline(*, actor, member, reason=""):
    states.check_member_move(member, "decline")
    member.status = MemberStatus.DECLINED
    member.ended = timezone.now()
    member.end_reason = reason[:300]
    member.save(update_fields=["status", "ended", "end_reason", "updated"])
    _audit(actor, A.UPDATE, member, member.team, reason="declined")
    return member


@transaction.atomic
def trial_record_session(*, actor, member):
    states.check_member_move(member, "trial_session")
    if member.trial_done >= member.trial_sessions:
        raise ValidationError(_("All %(n)s trial sessions are already recorded. Now both sides say whether to go on.") % {"n": member.trial_sessions})
    member.trial_done += 1
    member.save(update_fields=["trial_done", "updated"])
    _audit(actor, A.UPDATE, member, member.team, reason=f"trial session {member.trial_done}")
    return member


@transaction.atomic
def trial_say_yes(*, actor, member, side):
    """Each side says yes after the trial; when both have, the person joins fully."""
    states.check_member_move(member, "trial_yes")
    if side == "owner":
        member.owner_says_yes = True
    elif side == "member":
        member.member_says_yes = True
    else:
        raise ValidationError(_("Say which side is agreeing."))
    if member.owner_says_yes and member.member_says_yes:
        member.status = MemberStatus.ACTIVE
    member.save(update_fields=["owner_says_yes", "member_says_yes", "status", "updated"])
    _audit(actor, A.UPDATE, member, member.team, reason=f"trial yes ({side})" + (", joined" if member.status == MemberStatus.ACTIVE else ""),
           acting_for=_for_owner(actor, member.team) if side == "owner" else None)
    return member


@transaction.atomic
def trial_end(*, actor, member, reason=""):
    """Either side may end a trial; the person does not join."""
    states.check_member_move(member, "trial_end")
    member.status = MemberStatus.TRIAL_ENDED
    member.ended = timezone.now()
    member.end_reason = reason[:300]
    member.save(update_fields=["status", "ended", "end_reason", "updated"])
    _end_terms_of(member, actor, _("Trial ended"))
    _revoke_owner_grants(member, actor)
    extensions.member_left(member, actor)
    _audit(actor, A.UPDATE, member, member.team, reason="trial ended")
    _forget_standing(member.person.user)
    return member


@transaction.atomic
def member_leave(*, actor, member, notice_days, goodbye=""):
    """Leave with a notice period (0 = now) and a goodbye message posted to the team."""
    states.check_member_move(member, "leave")
    if not 0 <= notice_days <= 28:
        raise ValidationError({"notice_days": _("Notice can be from 0 to 28 days.")})
    if notice_days == 0 or member.status == MemberStatus.TRIAL:
        member.status = MemberStatus.LEFT
        member.ended = timezone.now()
    else:
        member.status = MemberStatus.LEAVING
        member.notice_until = timezone.localdate() + timezone.timedelta(days=notice_days)
    member.goodbye = goodbye
    member.save(update_fields=["status", "ended", "notice_until", "goodbye", "updated"])
    if goodbye.strip():
        Notice.objects.create(team=member.team, author=member.person, text=goodbye.strip()[:500])
    if member.status == MemberStatus.LEFT:
        _end_terms_of(member, actor, _("Left the team"))
        _revoke_owner_grants(member, actor)
        extensions.member_left(member, actor)
    _audit(actor, A.UPDATE, member, member.team, reason=f"leaving, notice {notice_days} days")
    _forget_standing(member.person.user)
    return member


@transaction.atomic
def member_leave_now(*, actor, member):
    states.check_member_move(member, "leave_now")
    member.status = MemberStatus.LEFT
    member.ended = timezone.now()
    member.save(update_fields=["status", "ended", "updated"])
    _end_terms_of(member, actor, _("Left the team"))
    _revoke_owner_grants(member, actor)
    extensions.member_left(member, actor)
    _audit(actor, A.UPDATE, member, member.team, reason="left")
    _forget_standing(member.person.user)
    return member


def members_finish_notice(*, today=None):
    """Periodic job: people whose notice has run out have left (and lose access at once)."""
    today = today or timezone.localdate()
    count = 0
    for member in TeamMember.objects.filter(status=MemberStatus.LEAVING, notice_until__lte=today).select_related("team", "team__commons", "team__owner"):
        member_leave_now(actor=None, member=member)
        count += 1
    return count


def _revoke_owner_grants(member, actor):
    """Someone who has left loses, at that moment, whatever the owner had let them see."""
    from caringcity.people.models import AccessGrant
    from caringcity.people.services import grant_revoke

    for grant in AccessGrant.objects.current().filter(commons=member.team.commons, grantor=member.team.owner, grantee=member.person):
        grant_revoke(actor=actor, grant=grant)


def _end_terms_of(member, actor, note):
    now = timezone.now()
    HatTerm.objects.filter(hat__team=member.team, holder=member.person, status__in=[TermStatus.NOMINATED, TermStatus.HELD]).update(
        status=TermStatus.ENDED, ended_at=now, end_note=note[:300]
    )


# --- hats -------------------------------------------------------------------------------------
@transaction.atomic
def hat_create(*, actor, team, name, description=""):
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the hat a name.")})
    if Hat.objects.filter(team=team, kind=HatKind.CUSTOM, name__iexact=name).exists():
        raise ValidationError({"name": _("The team already has a hat with this name.")})
    hat = Hat.objects.create(team=team, kind=HatKind.CUSTOM, name=name, description=description)
    _audit(actor, A.CREATE, hat, team, acting_for=_for_owner(actor, team))
    return hat


def _holder_allowed(team, person):
    if person.pk == team.owner_id:
        return True
    return TeamMember.objects.filter(team=team, person=person, status__in=[MemberStatus.ACTIVE, MemberStatus.TRIAL]).exists()


@transaction.atomic
def hat_nominate(*, actor, hat, holder, paid=False, ends=None, check_in=None):
    """Nominate someone (or yourself) to wear a hat. They hold it once the team consents."""
    team = hat.team
    if not _holder_allowed(team, holder):
        raise ValidationError({"holder": _("Only the owner or a current team member can wear a hat.")})
    if HatTerm.objects.filter(hat=hat, holder=holder, status__in=[TermStatus.NOMINATED, TermStatus.HELD]).exists():
        raise ValidationError({"holder": _("%(name)s already wears or is nominated for this hat.") % {"name": holder.display_name}})
    today = timezone.localdate()
    if ends and ends <= today:
        raise ValidationError({"ends": _("The term must end in the future.")})
    if check_in and ends and check_in > ends:
        raise ValidationError({"check_in": _("The check-in must come before the term ends.")})
    me = people.person_for_user(actor)
    term = HatTerm.objects.create(hat=hat, holder=holder, nominated_by=me, paid=paid, ends=ends, check_in=check_in)
    if me and me.pk == holder.pk:
        HatConsent.objects.create(term=term, person=me, answer=HatConsent.Answer.CONSENT, recorded_by=actor)
    _audit(actor, A.CREATE, term, team, reason=f"nominated for {hat.kind}")
    return term


@transaction.atomic
def hat_answer(*, actor, term, answer, reason="", for_person=None):
    """A team member consents or objects (an objection must say what harm it foresees). A secretary
    or proxy may record the answer of someone who is not online (``for_person``)."""
    states.check_term_move(term, "confirm")
    team = term.hat.team
    me = people.person_for_user(actor)
    person = for_person or me
    if person is None or not (person.pk == team.owner_id or TeamMember.objects.filter(team=team, person=person, status__in=[MemberStatus.ACTIVE, MemberStatus.TRIAL, MemberStatus.LEAVING]).exists()):
        raise PermissionDenied
    if answer not in HatConsent.Answer.values:
        raise ValidationError({"answer": _("Choose consent or objection.")})
    if answer == HatConsent.Answer.OBJECT and len(reason.strip()) < 5:
        raise ValidationError({"reason": _("An objection needs a reason: say what harm to the team you foresee.")})
    HatConsent.objects.update_or_create(term=term, person=person, defaults={"answer": answer, "reason": reason.strip()[:500], "recorded_by": actor})
    _audit(actor, A.UPDATE, term, team, reason=f"hat {answer}", acting_for=person if person != me else None)


@transaction.atomic
def hat_confirm(*, actor, term, starts=None):
    """The owner's side confirms a nomination: the person now wears the hat. Refused while anyone
    objects, or until the owner (or their proxy for them) has consented."""
    term = HatTerm.objects.select_for_update().get(pk=term.pk)
    states.check_term_move(term, "confirm")
    team = term.hat.team
    objections = term.consents.filter(answer=HatConsent.Answer.OBJECT).select_related("person")
    if objections:
        names = ", ".join(o.person.display_name for o in objections)
        raise ValidationError(_("%(names)s objected. Talk it through, change the term, or they can withdraw the objection.") % {"names": names})
    if term.holder_id != team.owner_id and not term.consents.filter(person=team.owner, answer=HatConsent.Answer.CONSENT).exists():
        raise ValidationError(_("The owner has not consented yet. They, or someone acting for them, can say yes."))
    # Handing over: whoever wore this hat (one-person hats) steps down now.
    now = timezone.now()
    previous = HatTerm.objects.filter(hat=term.hat, status=TermStatus.HELD).exclude(pk=term.pk)
    for old in previous:
        old.status, old.ended_at, old.end_note = TermStatus.ENDED, now, _("Handed over to %(name)s") % {"name": term.holder.display_name}
        old.save(update_fields=["status", "ended_at", "end_note", "updated"])
    term.status = TermStatus.HELD
    term.starts = starts or timezone.localdate()
    term.save(update_fields=["status", "starts", "updated"])
    _audit(actor, A.UPDATE, term, team, reason=f"hat {term.hat.kind} held", acting_for=_for_owner(actor, team))
    return term


@transaction.atomic
def hat_end(*, actor, term, note=""):
    """Drop a hat (the holder or the owner's side), or withdraw a nomination."""
    move = "drop" if term.status == TermStatus.HELD else "withdraw"
    states.check_term_move(term, move)
    term.status = TermStatus.ENDED if move == "drop" else TermStatus.WITHDRAWN
    term.ended_at = timezone.now()
    term.end_note = note[:300]
    term.save(update_fields=["status", "ended_at", "end_note", "updated"])
    _audit(actor, A.UPDATE, term, term.hat.team, reason=f"hat {move}")
    return term


@transaction.atomic
def hat_check_in(*, actor, term, next_check_in=None, ends=None):
    states.check_term_move(term, "check_in")
    if next_check_in and next_check_in <= timezone.localdate():
        raise ValidationError({"next_check_in": _("The next check-in must be in the future.")})
    term.check_in = next_check_in
    if ends:
        term.ends = ends
    term.save(update_fields=["check_in", "ends", "updated"])
    _audit(actor, A.UPDATE, term, term.hat.team, reason="hat check-in")
    return term


# --- noticeboard, promises, trust assessment ----------------------------------------------------
@transaction.atomic
def notice_post(*, actor, team, text, for_owner=False):
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write a message.")})
    me = people.person_for_user(actor)
    notice = Notice.objects.create(team=team, author=me, text=text[:500], acting_for=team.owner if for_owner and me.pk != team.owner_id else None)
    _audit(actor, A.CREATE, notice, team, acting_for=notice.acting_for)
    return notice


@transaction.atomic
def promise_record(*, actor, team, text, agreed_on, how, agreed_by):
    if agreed_on > timezone.localdate():
        raise ValidationError({"agreed_on": _("The date cannot be in the future.")})
    promise = Promise.objects.create(team=team, text=text, agreed_on=agreed_on, how=how, agreed_by=agreed_by, recorded_by=actor)
    _audit(actor, A.CREATE, promise, team, acting_for=_for_owner(actor, team), reason=f"promise {how}")
    return promise


TRUST_FIELDS = ["home", "home_level", "medication", "medication_level", "mobility", "mobility_level",
                "getting_out", "getting_out_level", "boundaries", "boundaries_level"]


@transaction.atomic
def trust_assessment_save(*, actor, team, data):
    assessment, _created = TrustAssessment.objects.get_or_create(team=team)
    changed = [f for f in TRUST_FIELDS if f in data and getattr(assessment, f) != data[f]]
    for f in changed:
        setattr(assessment, f, data[f])
    assessment.updated_by = actor
    assessment.save()
    _audit(actor, A.UPDATE, assessment, team, part="trust_assessment", reason=", ".join(f for f in changed if not f.endswith("_level")) or "levels")
    return assessment


# --- matching and call-outs ---------------------------------------------------------------------
@transaction.atomic
def match_request_save(*, actor, team, data, request=None):
    postcode = normalise(data.get("postcode", ""))
    if not postcode:
        raise ValidationError({"postcode": _("Enter a UK postcode, for example E5 8AA.")})
    if data.get("published") and not (data.get("summary") or "").strip():
        raise ValidationError({"summary": _("Write a short summary before publishing a call-out.")})
    request = request or MatchRequest(team=team, created_by=actor)
    for field in ["max_km", "slots", "skills", "languages", "gender", "paid", "summary", "published",
                  "approach_1", "approach_2", "approach_3", "approach_4", "approach_5", "approach_6"]:
        if field in data:
            setattr(request, field, data[field])
    request.postcode = postcode
    request.save()
    _audit(actor, A.UPDATE, request, team, acting_for=_for_owner(actor, team), reason="published call-out" if request.published else "match request")
    return request


@transaction.atomic
def match_request_close(*, actor, request):
    request.closed = True
    request.published = False
    request.save(update_fields=["closed", "published", "updated"])
    _audit(actor, A.UPDATE, request, request.team, reason="closed")
