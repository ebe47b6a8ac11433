"""Writes of the partnerships part (see docs/lab-partnerships.md): partnerships, partners,
commitments, joint decisions and their sign-offs; and campaigns with their actions and evidence.

Every write checks its rule, runs in one transaction and records an audit event
``lab.<thing>.<verb>`` (who, what, when, why: never the words of a decision or a note).
A refusal raises ``ValidationError`` with a plain message, keyed by field where it belongs to one.

A joint decision is made (``agreed_at``) when the named signatory of every current partner has
agreed. Changing a decision's words after sign-offs clears them: everyone signs again."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from caringcity.core.services import audit_record
from caringcity.core.validators import FileValidator
from caringcity.lab.access import lab_standing
from caringcity.lab.models import Campaign, CampaignAction, CampaignEvidence, Commitment, JointDecision, Partner, Partnership, SignOff
from caringcity.people.models import Membership

MAX_PENCE = 10**12
PHOTO_KINDS = ("jpeg", "png")
DOCUMENT_KINDS = ("pdf", "jpeg", "png", "zip", "text")


def _require(actor, perm, obj):
    if not actor.has_perm(perm, obj):
        raise PermissionDenied


def _text(value, field, message):
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


def _dates(start, end, end_field):
    if start and end and end < start:
        raise ValidationError({end_field: _("The end must be on or after the start.")})


def _is_member(person, commons):
    return person is not None and Membership.objects.active().filter(person=person, commons=commons).exists()


# --- partnerships -------------------------------------------------------------------------------------

def _clean_partnership(commons, *, name, purpose, started_on, ended_on, project):
    name = _text(name, "name", _("Give the partnership a name."))
    purpose = _text(purpose, "purpose", _("Say what the partnership is for, in plain words."))
    _dates(started_on, ended_on, "ended_on")
    if project is not None and project.commons_id != commons.pk:
        raise ValidationError({"project": _("Choose a project of this network.")})
    return name, purpose


@transaction.atomic
def partnership_create(*, actor, commons, name, purpose, how_we_decide="", started_on=None, ended_on=None, project=None):
    _require(actor, "lab.keep_partnerships", commons)
    name, purpose = _clean_partnership(commons, name=name, purpose=purpose, started_on=started_on, ended_on=ended_on, project=project)
    partnership = Partnership.objects.create(commons=commons, name=name, purpose=purpose, how_we_decide=how_we_decide or "",
                                             started_on=started_on, ended_on=ended_on, project=project)
    audit_record(actor=actor, action="lab.partnership.create", obj=partnership, commons=commons)
    return partnership


@transaction.atomic
def partnership_update(*, actor, partnership, name, purpose, how_we_decide="", started_on=None, ended_on=None, project=None):
    commons = partnership.commons
    _require(actor, "lab.keep_partnerships", commons)
    name, purpose = _clean_partnership(commons, name=name, purpose=purpose, started_on=started_on, ended_on=ended_on, project=project)
    partnership.name, partnership.purpose, partnership.how_we_decide = name, purpose, how_we_decide or ""
    partnership.started_on, partnership.ended_on, partnership.project = started_on, ended_on, project
    partnership.save()
    audit_record(actor=actor, action="lab.partnership.update", obj=partnership, commons=commons)
    return partnership


# --- partners ------------------------------------------------------------------------------------------

def _check_signatory(commons, signatory):
    if signatory is not None and not _is_member(signatory, commons):
        raise ValidationError({"signatory": _("The person who signs must be a member of this network.")})


def _settle_open_decisions(actor, partnership):
    """After the partners change, a waiting decision may now have every side's agreement."""
    for decision in partnership.decisions.filter(agreed_at__isnull=True):
        _settle(actor, decision)


@transaction.atomic
def partner_add(*, actor, partnership, organisation, signatory=None, role=""):
    commons = partnership.commons
    _require(actor, "lab.keep_partnerships", commons)
    if organisation is None or organisation.commons_id != commons.pk:
        raise ValidationError({"organisation": _("Choose a group of this network.")})
    if partnership.partners.filter(organisation=organisation).exists():
        raise ValidationError({"organisation": _("This group is already a partner.")})
    _check_signatory(commons, signatory)
    partner = Partner.objects.create(partnership=partnership, organisation=organisation, signatory=signatory, role=role or "")
    audit_record(actor=actor, action="lab.partner.add", obj=partner, commons=commons)
    return partner


@transaction.atomic
def partner_update(*, actor, partner, signatory=None, role=""):
    """A new signatory clears that side's answers on decisions not yet made: they sign again."""
    partnership = partner.partnership
    commons = partnership.commons
    _require(actor, "lab.keep_partnerships", commons)
    _check_signatory(commons, signatory)
    cleared = 0
    if partner.signatory_id != (signatory.pk if signatory else None):
        cleared, _by_model = SignOff.objects.filter(partner=partner, decision__agreed_at__isnull=True).delete()
    partner.signatory, partner.role = signatory, role or ""
    partner.save()
    audit_record(actor=actor, action="lab.partner.update", obj=partner, commons=commons,
                 reason=f"{cleared} open sign-offs cleared" if cleared else "")
    return partner


@transaction.atomic
def partner_leave(*, actor, partner, on=None):
    partnership = partner.partnership
    _require(actor, "lab.keep_partnerships", partnership.commons)
    if partner.left_on is not None:
        raise ValidationError(_("This partner has already left."))
    partner.left_on = on or timezone.localdate()
    partner.save(update_fields=["left_on", "updated"])
    audit_record(actor=actor, action="lab.partner.leave", obj=partner, commons=partnership.commons)
    _settle_open_decisions(actor, partnership)
    return partner


# --- commitments ----------------------------------------------------------------------------------------

def _clean_commitment(*, kind, what, hours, amount):
    if kind not in Commitment.Kind.values:
        raise ValidationError({"kind": _("Choose what kind of commitment it is.")})
    what = _text(what, "what", _("Say what they commit to."))
    if hours is not None and hours < 0:
        raise ValidationError({"hours": _("Hours cannot be below nothing.")})
    pence = None
    if amount is not None:
        if amount < 0:
            raise ValidationError({"amount": _("The amount cannot be below nothing.")})
        pence = int((Decimal(amount) * 100).quantize(Decimal("1")))
        if pence >= MAX_PENCE:
            raise ValidationError({"amount": _("The amount is too big.")})
    if kind == Commitment.Kind.TIME and hours is None:
        raise ValidationError({"hours": _("Say how many hours.")})
    if kind == Commitment.Kind.MONEY and pence is None:
        raise ValidationError({"amount": _("Say how much money, in pounds.")})
    return what, pence


@transaction.atomic
def commitment_add(*, actor, partner, kind, what, hours=None, amount=None, due_on=None):
    """``amount`` in pounds (a Decimal); stored in pence."""
    commons = partner.partnership.commons
    _require(actor, "lab.keep_partnerships", commons)
    if partner.left_on is not None:
        raise ValidationError({"partner": _("This partner has left the partnership.")})
    what, pence = _clean_commitment(kind=kind, what=what, hours=hours, amount=amount)
    commitment = Commitment.objects.create(partner=partner, kind=kind, what=what, hours=hours, amount_pence=pence, due_on=due_on)
    audit_record(actor=actor, action="lab.commitment.add", obj=commitment, commons=commons)
    return commitment


@transaction.atomic
def commitment_update(*, actor, commitment, kind, what, hours=None, amount=None, due_on=None):
    commons = commitment.partner.partnership.commons
    _require(actor, "lab.keep_partnerships", commons)
    what, pence = _clean_commitment(kind=kind, what=what, hours=hours, amount=amount)
    commitment.kind, commitment.what, commitment.hours, commitment.amount_pence, commitment.due_on = kind, what, hours, pence, due_on
    commitment.save()
    audit_record(actor=actor, action="lab.commitment.update", obj=commitment, commons=commons)
    return commitment


@transaction.atomic
def commitment_done(*, actor, commitment, on=None):
    commons = commitment.partner.partnership.commons
    _require(actor, "lab.mark_commitment_done", commitment)
    if commitment.done_on is not None:
        raise ValidationError(_("This commitment was already marked done."))
    commitment.done_on = on or timezone.localdate()
    commitment.save(update_fields=["done_on", "updated"])
    audit_record(actor=actor, action="lab.commitment.done", obj=commitment, commons=commons)
    return commitment


@transaction.atomic
def commitment_remove(*, actor, commitment):
    commons = commitment.partner.partnership.commons
    _require(actor, "lab.keep_partnerships", commons)
    audit_record(actor=actor, action="lab.commitment.remove", obj=commitment, commons=commons)
    commitment.delete()


# --- joint decisions --------------------------------------------------------------------------------------

def _clean_decision(partnership, *, title, summary, policies):
    title = _text(title, "title", _("Give the decision a title."))
    summary = _text(summary, "summary", _("Say what the decision means, in plain words."))
    policies = list(policies or [])
    if any(policy.plan.commons_id != partnership.commons_id for policy in policies):
        raise ValidationError({"policies": _("Choose policies of this network's plans.")})
    return title, summary, policies


def _settle(actor, decision):
    """Mark the decision made when every current partner's named signatory has agreed."""
    if decision.agreed_at is not None:
        return False
    partners = list(decision.partnership.partners.filter(left_on__isnull=True))
    if not partners or any(partner.signatory_id is None for partner in partners):
        return False
    agreed = set(decision.signoffs.filter(answer=SignOff.Answer.AGREE).values_list("partner_id", "person_id"))
    if all((partner.pk, partner.signatory_id) in agreed for partner in partners):
        decision.agreed_at = timezone.now()
        decision.save(update_fields=["agreed_at", "updated"])
        audit_record(actor=actor, action="lab.decision.agree", obj=decision, commons=decision.partnership.commons,
                     reason=f"{len(partners)} partners agreed")
        return True
    return False


@transaction.atomic
def decision_propose(*, actor, partnership, title, summary, text="", proposed_on=None, policies=()):
    _require(actor, "lab.propose_decision", partnership)
    title, summary, policies = _clean_decision(partnership, title=title, summary=summary, policies=policies)
    decision = JointDecision.objects.create(partnership=partnership, title=title, summary=summary, text=text or "",
                                            proposed_on=proposed_on or timezone.localdate(),
                                            proposed_by=lab_standing(actor, partnership.commons).person)
    decision.policies.set(policies)
    audit_record(actor=actor, action="lab.decision.propose", obj=decision, commons=partnership.commons)
    return decision


@transaction.atomic
def decision_update(*, actor, decision, title, summary, text="", policies=()):
    """Changing the title, summary or text clears every sign-off so far (the form says so first)."""
    _require(actor, "lab.change_decision", decision)
    decision = JointDecision.objects.select_for_update().select_related("partnership__commons").get(pk=decision.pk)
    if decision.agreed_at is not None:
        raise ValidationError(_("This decision was already made. It cannot be changed."))
    title, summary, policies = _clean_decision(decision.partnership, title=title, summary=summary, policies=policies)
    text = text or ""
    changed = (title, summary, text) != (decision.title, decision.summary, decision.text)
    cleared = 0
    if changed:
        cleared, _by_model = decision.signoffs.all().delete()
    decision.title, decision.summary, decision.text = title, summary, text
    decision.save()
    decision.policies.set(policies)
    audit_record(actor=actor, action="lab.decision.update", obj=decision, commons=decision.partnership.commons,
                 reason=f"{cleared} sign-offs cleared" if cleared else "")
    return decision


@transaction.atomic
def decision_sign(*, actor, decision, partner, answer, note=""):
    """The named signatory of ``partner`` answers for their side: agree, or not yet (with a note)."""
    decision = JointDecision.objects.select_for_update().select_related("partnership__commons").get(pk=decision.pk)
    commons = decision.partnership.commons
    if partner is None or partner.partnership_id != decision.partnership_id:
        raise ValidationError(_("This group is not a partner in this partnership."))
    if decision.agreed_at is not None:
        raise ValidationError(_("This decision was already made on %(day)s. Nothing more to sign.")
                              % {"day": date_format(timezone.localtime(decision.agreed_at).date())})
    if not actor.has_perm("lab.sign_off", partner):
        raise ValidationError(_("Only the person named to sign for %(group)s can answer for them.")
                              % {"group": partner.organisation.name})
    if answer not in SignOff.Answer.values:
        raise ValidationError({"answer": _("Choose agree or not yet.")})
    note = (note or "").strip()
    if answer == SignOff.Answer.NOT_YET and not note:
        raise ValidationError({"note": _("Say what needs to change.")})
    person = lab_standing(actor, commons).person
    current = SignOff.objects.filter(decision=decision, partner=partner).first()
    if current is not None and current.answer == SignOff.Answer.AGREE:
        raise ValidationError(_("You have already agreed for %(group)s.") % {"group": partner.organisation.name})
    if current is None:
        current = SignOff(decision=decision, partner=partner)
    current.person, current.answer, current.note = person, answer, note
    current.save()
    audit_record(actor=actor, action="lab.decision.signoff", obj=decision, commons=commons,
                 reason=f"{answer} for partner {partner.uuid}")
    _settle(actor, decision)
    return decision


# --- campaigns ------------------------------------------------------------------------------------------------

def _clean_campaign(commons, *, name, place, threat, state, allies, ally_actors, policies):
    name = _text(name, "name", _("Give the campaign a name."))
    place = _text(place, "place", _("Say which place the campaign is about."))
    threat = _text(threat, "threat", _("Say what threatens the place."))
    if state not in Campaign.State.values:
        raise ValidationError({"state": _("Choose how the campaign stands.")})
    allies = list(allies or [])
    if any(group.commons_id != commons.pk for group in allies):
        raise ValidationError({"allies": _("Choose groups of this network.")})
    from caringcity.lab.selectors.partnerships import map_ally_choices

    known = {str(actor.uuid) for actor in map_ally_choices(commons)}
    ally_actors = [str(uuid) for uuid in ally_actors or []]
    if any(uuid not in known for uuid in ally_actors):
        raise ValidationError({"ally_actors": _("Choose groups from the neighbourhood map.")})
    policies = list(policies or [])
    if any(policy.plan.commons_id != commons.pk for policy in policies):
        raise ValidationError({"policies": _("Choose policies of this network's plans.")})
    return name, place, threat, allies, ally_actors, policies


def _campaign_fields(campaign, *, name, place, postcode, threat, aim, state, outcome, public, ally_actors):
    campaign.name, campaign.place, campaign.postcode = name, place, (postcode or "").strip().upper()
    campaign.threat, campaign.aim, campaign.state, campaign.outcome = threat, aim or "", state, outcome or ""
    campaign.public, campaign.ally_actors = bool(public), ally_actors


@transaction.atomic
def campaign_create(*, actor, commons, name, place, threat, postcode="", aim="", state=Campaign.State.ACTIVE, outcome="",
                    allies=(), ally_actors=(), policies=(), public=True):
    _require(actor, "lab.keep_campaigns", commons)
    name, place, threat, allies, ally_actors, policies = _clean_campaign(
        commons, name=name, place=place, threat=threat, state=state, allies=allies, ally_actors=ally_actors, policies=policies)
    campaign = Campaign(commons=commons)
    _campaign_fields(campaign, name=name, place=place, postcode=postcode, threat=threat, aim=aim, state=state,
                     outcome=outcome, public=public, ally_actors=ally_actors)
    campaign.save()
    campaign.allies.set(allies)
    campaign.policies.set(policies)
    audit_record(actor=actor, action="lab.campaign.create", obj=campaign, commons=commons)
    return campaign


@transaction.atomic
def campaign_update(*, actor, campaign, name, place, threat, postcode="", aim="", state=Campaign.State.ACTIVE, outcome="",
                    allies=(), ally_actors=(), policies=(), public=True):
    commons = campaign.commons
    _require(actor, "lab.keep_campaigns", commons)
    name, place, threat, allies, ally_actors, policies = _clean_campaign(
        commons, name=name, place=place, threat=threat, state=state, allies=allies, ally_actors=ally_actors, policies=policies)
    before = campaign.state
    _campaign_fields(campaign, name=name, place=place, postcode=postcode, threat=threat, aim=aim, state=state,
                     outcome=outcome, public=public, ally_actors=ally_actors)
    campaign.save()
    campaign.allies.set(allies)
    campaign.policies.set(policies)
    audit_record(actor=actor, action="lab.campaign.update", obj=campaign, commons=commons,
                 reason=f"state {before} -> {state}" if before != state else "")
    return campaign


@transaction.atomic
def action_add(*, actor, campaign, title, due_on=None, owner=None):
    commons = campaign.commons
    _require(actor, "lab.keep_campaigns", commons)
    title = _text(title, "title", _("Say what needs doing."))
    if owner is not None and not _is_member(owner, commons):
        raise ValidationError({"owner": _("Choose a member of this network.")})
    action = CampaignAction.objects.create(campaign=campaign, title=title, due_on=due_on, owner=owner)
    audit_record(actor=actor, action="lab.campaign_action.add", obj=action, commons=commons)
    return action


@transaction.atomic
def action_done(*, actor, action, on=None):
    commons = action.campaign.commons
    _require(actor, "lab.keep_campaigns", commons)
    if action.done_on is not None:
        raise ValidationError(_("This action was already marked done."))
    action.done_on = on or timezone.localdate()
    action.save(update_fields=["done_on", "updated"])
    audit_record(actor=actor, action="lab.campaign_action.done", obj=action, commons=commons)
    return action


@transaction.atomic
def action_remove(*, actor, action):
    commons = action.campaign.commons
    _require(actor, "lab.keep_campaigns", commons)
    if action.done_on is not None:
        raise ValidationError(_("This action is done, so it stays: it is part of the campaign's story."))
    audit_record(actor=actor, action="lab.campaign_action.remove", obj=action, commons=commons)
    action.delete()


COUNTED = (CampaignEvidence.Kind.TRADER_SURVEY, CampaignEvidence.Kind.SHOPPER_SURVEY, CampaignEvidence.Kind.FOOTFALL)


@transaction.atomic
def evidence_add(*, actor, campaign, kind, title, on=None, count=None, notes="", file=None, url=""):
    """Surveys and footfall counts need a count (footfall also a date); a photo needs a JPEG or PNG
    file (checked from its bytes); other files may be PDF, images, office files or text."""
    commons = campaign.commons
    _require(actor, "lab.keep_campaigns", commons)
    if kind not in CampaignEvidence.Kind.values:
        raise ValidationError({"kind": _("Choose what kind of evidence it is.")})
    title = _text(title, "title", _("Give the evidence a title."))
    if kind in COUNTED and count is None:
        raise ValidationError({"count": _("Say how many answers or people were counted.")})
    if kind == CampaignEvidence.Kind.FOOTFALL and on is None:
        raise ValidationError({"on": _("Say on which day the people were counted.")})
    if kind == CampaignEvidence.Kind.PHOTO and not file:
        raise ValidationError({"file": _("Choose a photo (JPEG or PNG).")})
    if file:
        validator = FileValidator(PHOTO_KINDS if kind == CampaignEvidence.Kind.PHOTO else DOCUMENT_KINDS)
        try:
            validator(file)
        except ValidationError as error:
            raise ValidationError({"file": error.messages}) from None
    evidence = CampaignEvidence(campaign=campaign, kind=kind, title=title, on=on, count=count, notes=notes or "", url=url or "")
    if file:
        evidence.file.save(f"evidence.{_ending(file)}", file, save=False)
    evidence.save()
    audit_record(actor=actor, action="lab.campaign_evidence.add", obj=evidence, commons=commons, reason=kind)
    return evidence


def _ending(file):
    from caringcity.core.validators import sniff

    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    kind = sniff(file.read(16))
    file.seek(position)
    return {"jpeg": "jpg", "png": "png", "pdf": "pdf", "zip": "zip", "text": "txt"}.get(kind, "bin")


@transaction.atomic
def evidence_remove(*, actor, evidence):
    commons = evidence.campaign.commons
    _require(actor, "lab.keep_campaigns", commons)
    audit_record(actor=actor, action="lab.campaign_evidence.remove", obj=evidence, commons=commons)
    if evidence.file:
        evidence.file.delete(save=False)
    evidence.delete()
