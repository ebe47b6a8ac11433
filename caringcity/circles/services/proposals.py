"""Writes for proposals and their rounds: bring a proposal, ask and answer questions, react, answer
the consent round (or enter an answer given by phone, on paper or in the meeting for someone),
move between rounds, close the consent round (adopt, or work through objections), resolve
objections with the recorded tools (a new version, and the consent round again), pass a proposal
to the circle above, withdraw it.

Every function is keyword-only, atomic, checks the move with ``states.check`` before it changes
anything, and writes its audit event (who, what, never what anyone said). A refusal is a
``ValidationError`` with a plain reason, on the field it is about where there is one."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from caringcity.circles import states
from caringcity.circles.access import circle_standing
from caringcity.circles.models import (
    ENTERED_HOW,
    CircleHatTerm,
    ConsentAnswer,
    DecisionKind,
    How,
    Proposal,
    ProposalKind,
    ProposalStage,
    ProposalVersion,
    Resolution,
    ResolutionTool,
    Response,
    Round,
    RoundKind,
)
from caringcity.circles.selectors import proposals as selectors
from caringcity.circles.services.records import decision_record, email_title
from caringcity.core.services import audit_record, email_queue
from caringcity.people.models import Membership

# The rounds each facilitator move opens.
MOVE_OPENS = {"to_reactions": RoundKind.REACTIONS, "back_to_questions": RoundKind.CLARIFYING, "to_consent": RoundKind.CONSENT}


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _audit(actor, action, proposal, **extra):
    return audit_record(actor=actor, action=f"circles.proposal.{action}", obj=proposal, commons=proposal.circle.commons, **extra)


def _lock(proposal):
    return (Proposal.objects.select_for_update(of=("self",))
            .select_related("circle", "circle__commons", "circle__parent", "circle__team", "brought_by")
            .get(pk=proposal.pk))


def _allowed(actor, perm, circle, refusal):
    if not (_user(actor) and actor.has_perm(perm, circle)):
        raise ValidationError(refusal)
    return circle_standing(actor, circle)


def _clean(value):
    return (value or "").strip()


def _latest(proposal):
    return proposal.versions.order_by("-number").first()


def _open_round(actor, proposal, kind, version):
    number = (proposal.rounds.aggregate(n=Max("number"))["n"] or 0) + 1
    return Round.objects.create(proposal=proposal, version=version, kind=kind, number=number, opened_by=_user(actor))


def _close_current(proposal):
    Round.objects.filter(proposal=proposal, closed_at__isnull=True).update(closed_at=timezone.now())


def _current_round(proposal, kind):
    current = proposal.rounds.filter(closed_at__isnull=True).order_by("-number").first()
    if current is None or current.kind != kind:  # the state machine and the rounds always agree; this guards a broken record
        raise ValidationError(_("This round is not open."))
    return current


def _check_dates(review_on, term_ends, *, future=True):
    """Errors for the review date and the end date (the term)."""
    errors = {}
    today = timezone.localdate()
    if review_on is None:
        errors["review_on"] = _("Choose the date when the circle will look at it again.")
    elif future and review_on <= today:
        errors["review_on"] = _("The review date must be after today.")
    if term_ends is not None:
        if future and term_ends <= today:
            errors["term_ends"] = _("The end date must be after today.")
        elif review_on is not None and review_on > term_ends:
            errors["review_on"] = _("The review date must be on or before the day it ends.")
    return errors


def _domain_refusal(circle):
    if circle.parent_id:
        return _("This circle cannot decide that: it is not part of its domain. Bring it to the circle above, %(parent)s.") % {
            "parent": circle.parent.name}
    return _("This circle cannot decide that: it is not part of its domain. Ask the circle's leader where it belongs.")


# --- bringing a proposal ----------------------------------------------------------------------
def _create(*, actor, circle, brought_by, title, driver, text, review_on, term_ends, domain_item, measure, kind,
            acting_for, passed_from, reopens, note=""):
    _allowed(actor, "circles.bring_proposal", circle, _("You cannot bring a proposal to this circle."))
    if circle.ended:
        raise ValidationError(_("This circle has ended: it takes no new proposals."))
    title, driver, text, measure, domain_item = map(_clean, (title, driver, text, measure, domain_item))
    errors = {}
    if not title:
        errors["title"] = _("Give the proposal a short title.")
    if not driver:
        errors["driver"] = _("Say what is happening and why it matters.")
    if not text:
        errors["text"] = _("Write the proposal: what you ask the circle to agree to.")
    fresh = passed_from is None and reopens is None
    errors.update(_check_dates(review_on, term_ends, future=fresh))
    if kind not in ProposalKind.values:
        raise ValueError(f"unknown proposal kind {kind!r}")
    if kind == ProposalKind.POLICY and fresh:
        if domain_item not in circle.domain_lines:
            errors["domain_item"] = _domain_refusal(circle)
    elif domain_item not in circle.domain_lines:
        domain_item = ""
    if errors:
        raise ValidationError(errors)
    proposal = Proposal.objects.create(circle=circle, kind=kind, title=title, brought_by=brought_by, created_by=_user(actor),
                                       acting_for=acting_for, passed_from=passed_from, reopens=reopens, domain_item=domain_item)
    version = ProposalVersion.objects.create(proposal=proposal, number=1, driver=driver, text=text, review_on=review_on,
                                             term_ends=term_ends, measure=measure, note=_clean(note)[:500], created_by=_user(actor))
    _open_round(actor, proposal, RoundKind.CLARIFYING, version)
    return proposal


@transaction.atomic
def proposal_create(*, actor, circle, title, driver, text, review_on, term_ends=None, domain_item="", measure="",
                    kind=ProposalKind.POLICY, acting_for=None, passed_from=None, reopens=None):
    """Bring a proposal to a circle: version 1 is written and the questions round opens.

    A policy brought fresh (not passed up from the circle below, not a reopened decision) must
    name the line of the circle's domain it falls under (``domain_item``); otherwise it is refused
    on that field, naming the circle above that can decide it. A secretary may bring one for
    someone else (``acting_for``, from a paper form): that person is the one who brought it."""
    standing = circle_standing(actor, circle)
    brought_by = standing.person
    if acting_for is not None and acting_for != brought_by:
        # A hat nomination made for someone else was allowed by structure's ``term_nominate``.
        if kind != ProposalKind.ROLE and not (_user(actor) and actor.has_perm("circles.enter_for_others", circle)):
            raise ValidationError({"acting_for": _("Only the circle's secretary can bring a proposal for someone else.")})
        if not Membership.objects.active().filter(commons=circle.commons, person=acting_for).exists():
            raise ValidationError({"acting_for": _("Choose a member of this commons.")})
        brought_by = acting_for
    else:
        acting_for = None
    if brought_by is None:
        raise ValidationError(_("You cannot bring a proposal to this circle."))
    proposal = _create(actor=actor, circle=circle, brought_by=brought_by, title=title, driver=driver, text=text, review_on=review_on,
                       term_ends=term_ends, domain_item=domain_item, measure=measure, kind=kind, acting_for=acting_for,
                       passed_from=passed_from, reopens=reopens)
    _audit(actor, "create", proposal, acting_for=acting_for, reason=kind)
    return proposal


# --- the questions and reactions rounds -------------------------------------------------------
def _take_part(actor, proposal):
    return _allowed(actor, "circles.take_part", proposal.circle, _("Only people in the circle can take part in its rounds."))


@transaction.atomic
def proposal_ask(*, actor, proposal, text):
    """Ask a question to understand the proposal (anyone in the circle, as often as they need)."""
    proposal = _lock(proposal)
    states.check("proposal", proposal.stage, "ask")
    standing = _take_part(actor, proposal)
    text = _clean(text)
    if not text:
        raise ValidationError({"text": _("Write your question.")})
    question = Response.objects.create(round=_current_round(proposal, RoundKind.CLARIFYING), person=standing.person, text=text,
                                       recorded_by=_user(actor), recorded_by_person=standing.person)
    _audit(actor, "ask", proposal)
    return question


def may_reply(actor, proposal):
    """The person who brought it (or who entered it for them) and the facilitator answer questions."""
    if not _user(actor):
        return False
    standing = circle_standing(actor, proposal.circle)
    if standing.person is not None and standing.person.pk == proposal.brought_by_id:
        return standing.can_view
    if proposal.created_by_id == actor.pk and standing.can_view:
        return True
    return actor.has_perm("circles.facilitate", proposal.circle)


@transaction.atomic
def proposal_reply(*, actor, proposal, question, reply):
    """Write (or correct) the answer to a question, while the questions round is open."""
    proposal = _lock(proposal)
    states.check("proposal", proposal.stage, "reply")
    if not may_reply(actor, proposal):
        raise ValidationError(_("Only the person who brought the proposal or the facilitator can answer questions."))
    current = _current_round(proposal, RoundKind.CLARIFYING)
    if question.round_id != current.pk:
        raise ValidationError(_("That question is not in the questions round open now."))
    reply = _clean(reply)
    if not reply:
        raise ValidationError({"reply": _("Write the answer.")})
    question.reply, question.replied_by, question.replied_at = reply, circle_standing(actor, proposal.circle).person, timezone.now()
    question.save(update_fields=["reply", "replied_by", "replied_at", "updated"])
    _audit(actor, "reply", proposal)
    return question


@transaction.atomic
def proposal_react(*, actor, proposal, text):
    """Give (or change) your reaction: one per person in each reactions round."""
    proposal = _lock(proposal)
    states.check("proposal", proposal.stage, "react")
    standing = _take_part(actor, proposal)
    text = _clean(text)
    if not text:
        raise ValidationError({"text": _("Write your reaction.")})
    current = _current_round(proposal, RoundKind.REACTIONS)
    reaction = Response.objects.filter(round=current, person=standing.person).first()
    changed = reaction is not None
    reaction = reaction or Response(round=current, person=standing.person)
    reaction.text, reaction.how, reaction.recorded_by, reaction.recorded_by_person = text, How.ONLINE, _user(actor), standing.person
    reaction.save()
    _audit(actor, "react", proposal, reason="changed" if changed else "")
    return reaction


# --- the consent round ------------------------------------------------------------------------
def _check_answer(answer, text):
    if answer not in ConsentAnswer.values:
        raise ValidationError({"answer": _("Choose: I consent, I consent with a concern, or I object.")})
    if answer == ConsentAnswer.OBJECT and not text:
        raise ValidationError({"text": _("An objection needs its reason: say what harm to the circle's aim you foresee if this goes ahead.")})
    if answer == ConsentAnswer.CONCERN and not text:
        raise ValidationError({"text": _("Say what your concern is, so it is written down with the decision.")})


@transaction.atomic
def proposal_answer(*, actor, proposal, answer, text="", person=None, how=How.ONLINE):
    """Answer the consent round: consent, consent with a concern, or an objection with its reason.

    A full participant answers for themselves (and may change their answer while the round is
    open). The secretary enters an answer someone gave by phone, on paper or in the meeting: they
    choose a full participant who has not answered themselves (``person``) and say ``how``."""
    proposal = _lock(proposal)
    states.check("proposal", proposal.stage, "answer")
    circle = proposal.circle
    standing = circle_standing(actor, circle)
    text = _clean(text)
    for_other = person is not None and person != standing.person
    current = _current_round(proposal, RoundKind.CONSENT)
    if for_other:
        _allowed(actor, "circles.enter_for_others", circle, _("Only the circle's secretary can enter answers for other people."))
        if person.pk not in {p.pk for p in selectors.full_participants(circle)}:
            raise ValidationError({"person": _("Only full participants of the circle answer the consent round.")})
        if how not in ENTERED_HOW:
            raise ValidationError({"how": _("Say how they gave their answer: by phone, on paper or in the meeting.")})
    else:
        _allowed(actor, "circles.consent", circle,
                 _("Only full participants answer the consent round. Learning participants and guests take part in the questions and reactions."))
        person, how = standing.person, How.ONLINE
    _check_answer(answer, text)
    existing = Response.objects.filter(round=current, person=person).exclude(answer="").first()
    if for_other and existing is not None and existing.recorded_by_person_id in (None, person.pk):
        raise ValidationError({"person": _("%(name)s has answered themselves. Only they can change their answer.") % {"name": person.name}})
    response = existing or Response(round=current, person=person)
    response.answer, response.text, response.how = answer, text, how
    response.recorded_by, response.recorded_by_person = _user(actor), standing.person
    response.save()
    _audit(actor, "answer", proposal, acting_for=person if for_other else None,
           reason="answer changed" if existing is not None else "answer given")
    return response


def _email_consent_open(actor, proposal):
    """Tell the full participants that their answer is asked: a link only, no more than the title."""
    link = settings.SITE_URL + reverse("circles:proposal_detail", args=[proposal.circle.commons.slug, proposal.uuid])
    actor_user = _user(actor)
    sent = set()
    for person in selectors.full_participants(proposal.circle):
        user = person.user
        if user is None or not user.email or user.email in sent or (actor_user and user.pk == actor_user.pk):
            continue
        sent.add(user.email)
        title = email_title(proposal.circle, proposal.title)
        email_queue(to=user.email, subject=_("Your answer is asked: %(title)s") % {"title": title},
                    template="circles/proposals/email/consent_open",
                    context={"circle": proposal.circle.name, "title": title, "link": link})
    return len(sent)


# --- the facilitator's moves ------------------------------------------------------------------
def _facilitate(actor, proposal):
    return _allowed(actor, "circles.facilitate", proposal.circle, _("Only the circle's facilitator can move a proposal on."))


@transaction.atomic
def proposal_move(*, actor, proposal, move):
    """The facilitator moves the proposal to the next round (``to_reactions``, ``to_consent``) or
    back to questions (``back_to_questions``). Opening the consent round e-mails the full participants."""
    if move not in MOVE_OPENS:
        raise ValidationError(_("That is not a move between rounds."))
    proposal = _lock(proposal)
    to = states.check("proposal", proposal.stage, move)
    _facilitate(actor, proposal)
    _close_current(proposal)
    _open_round(actor, proposal, MOVE_OPENS[move], _latest(proposal))
    proposal.stage = to
    proposal.save(update_fields=["stage", "updated"])
    if to == ProposalStage.CONSENT:
        _email_consent_open(actor, proposal)
    _audit(actor, "move", proposal, reason=move)
    return proposal


def _by(response):
    """'Arthur Price (on paper, entered by Janet Price)' or 'Doreen Clarke'."""
    if response.entered_for:
        return _("%(name)s (%(how)s, entered by %(by)s)") % {"name": response.person.name, "how": selectors.HOW_WORDS[response.how],
                                                             "by": response.recorded_by_person.name}
    return response.person.name


def _concerns_text(final_round, version):
    lines = [f"{_by(r)}: {r.text}" for r in final_round.responses.filter(answer=ConsentAnswer.CONCERN)
             .select_related("person", "recorded_by_person").order_by("created", "pk")]
    if version.measure:
        lines.append(_("What we will measure: %(measure)s") % {"measure": version.measure})
    return "\n".join(lines)


def _objections_text(proposal):
    history = selectors.proposal_history(proposal)
    blocks = []
    for objection in history["objections"]:
        lines = [_("%(who)s objected to version %(version)s: %(reason)s") % {
            "who": _by(objection), "version": objection.version_number, "reason": objection.text}]
        for resolution in objection.resolution_list:
            lines.append(_("How it was resolved: %(tools)s. %(note)s") % {"tools": ", ".join(resolution.tool_labels), "note": resolution.note})
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def _takers(proposal):
    """Everyone who said something in any round, with how their last word reached the record."""
    latest = {}
    for response in Response.objects.filter(round__proposal=proposal).select_related("person").order_by("created", "pk"):
        latest[response.person_id] = (response.person, response.how)
    return sorted(latest.values(), key=lambda pair: pair[0].name)


@transaction.atomic
def proposal_close(*, actor, proposal):
    """The facilitator closes the consent round. Refused while a full participant has not answered
    (naming them). With no objection the proposal is adopted: the decision is recorded (and for a
    hat, the term starts); with objections, the circle works through them. Returns the Decision
    when adopted, else None."""
    proposal = _lock(proposal)
    states.check("proposal", proposal.stage, "close_consent")
    _facilitate(actor, proposal)
    current = _current_round(proposal, RoundKind.CONSENT)
    answered = set(current.responses.exclude(answer="").values_list("person_id", flat=True))
    missing = [p.name for p in selectors.full_participants(proposal.circle) if p.pk not in answered]
    if missing:
        raise ValidationError(_("Every full participant answers before the round closes. Still to answer: %(names)s. "
                                "The secretary can enter an answer given by phone, on paper or in the meeting.")
                              % {"names": ", ".join(missing)})
    current.closed_at = timezone.now()
    current.save(update_fields=["closed_at", "updated"])
    if current.responses.filter(answer=ConsentAnswer.OBJECT).exists():
        proposal.stage = ProposalStage.RESOLVING
        proposal.save(update_fields=["stage", "updated"])
        _audit(actor, "close", proposal, reason="objections")
        return None
    version = current.version
    decision = decision_record(
        actor=actor, circle=proposal.circle, kind=DecisionKind.CONSENT, title=proposal.title, text=version.text,
        reasons=version.driver, concerns=_concerns_text(current, version), objections=_objections_text(proposal),
        review_on=version.review_on, ends_on=version.term_ends, proposal=proposal, takers=_takers(proposal),
        note=_("Adopted by consent (version %(number)s of the proposal).") % {"number": version.number},
    )
    if proposal.kind == ProposalKind.ROLE:
        from caringcity.circles.services.structure import term_take_up

        term = CircleHatTerm.objects.filter(proposal=proposal).first()
        if term is None:
            raise ValidationError(_("This proposal is not linked to a hat."))
        term_take_up(actor=actor, term=term, decision=decision)
    proposal.stage = ProposalStage.ADOPTED
    proposal.save(update_fields=["stage", "updated"])
    _audit(actor, "close", proposal, reason="adopted")
    return decision


# --- working through objections ---------------------------------------------------------------
def _resolve_errors(resolutions, objections):
    errors, used = {}, set()
    given = {item["objection"].pk: item for item in resolutions}
    for number, objection in enumerate(objections, start=1):
        item = given.get(objection.pk) or {}
        tools = list(item.get("tools") or [])
        if not tools or any(tool not in ResolutionTool.values for tool in tools):
            errors[f"objection_{number}_tools"] = _("Choose how the objection from %(name)s was resolved.") % {"name": objection.person.name}
        if not _clean(item.get("note")):
            errors[f"objection_{number}_note"] = _("Write what was agreed with %(name)s.") % {"name": objection.person.name}
        used.update(tools)
    return errors, used


def _honest_changes(latest, used, text, review_on, term_ends, measure):
    """The tools chosen must match what changed, and what changed must be one of the tools."""
    errors = {}
    changed_text = text != latest.text.strip()
    if ResolutionTool.AMEND in used and not changed_text:
        errors["text"] = _("You chose “Change the proposal”: change the wording of the proposal.")
    elif changed_text and ResolutionTool.AMEND not in used:
        errors["text"] = _("You changed the wording: choose “Change the proposal” for the objection it answers.")
    if review_on is not None:
        longer_end = term_ends is None and latest.term_ends is not None or (term_ends and latest.term_ends and term_ends > latest.term_ends)
        if longer_end:
            errors["term_ends"] = _("Working through objections can keep the term or make it shorter, not longer. "
                                    "To make it longer, bring a new proposal.")
        elif review_on > latest.review_on:
            errors["review_on"] = _("Working through objections can keep the review date or bring it forward, not put it later.")
        else:
            shorter = review_on < latest.review_on or (term_ends is not None and (latest.term_ends is None or term_ends < latest.term_ends))
            if ResolutionTool.SHORTEN in used and not shorter:
                errors["term_ends"] = _("You chose “Shorten its term”: give an earlier end date or an earlier review date.")
            elif shorter and ResolutionTool.SHORTEN not in used:
                errors["term_ends"] = _("You made the term shorter: choose “Shorten its term” for the objection it answers.")
    changed_measure = measure != latest.measure.strip()
    if ResolutionTool.MEASURE in used and not (measure and changed_measure):
        errors["measure"] = _("You chose “Measure the concern”: say what will be measured, so the circle knows whether it came true.")
    elif changed_measure and ResolutionTool.MEASURE not in used:
        errors["measure"] = _("You changed what will be measured: choose “Measure the concern” for the objection it answers.")
    return errors


@transaction.atomic
def proposal_resolve(*, actor, proposal, resolutions, text, review_on, term_ends=None, measure="", note):
    """The facilitator records how each objection of the last consent round was worked through and
    writes the new version; the consent round then runs again on it.

    ``resolutions``: one ``{"objection": Response, "tools": [ResolutionTool…], "note": str}`` for
    each objection in ``selectors.open_objections`` order; refusals name ``objection_<n>_tools``
    and ``objection_<n>_note`` (n counts from 1 in that order). The tools chosen must match what
    changed: “change the proposal” a new wording, “shorten its term” an earlier end or review date,
    “measure the concern” what will be measured; “withdrawn” when the objector withdrew it."""
    proposal = _lock(proposal)
    to = states.check("proposal", proposal.stage, "resolve")
    _facilitate(actor, proposal)
    objections = selectors.open_objections(proposal)
    latest = _latest(proposal)
    text, measure, note = _clean(text), _clean(measure), _clean(note)
    errors, used = _resolve_errors(resolutions, objections)
    if not text:
        errors["text"] = _("Write the proposal.")
    errors.update(_check_dates(review_on, term_ends))
    if not note:
        errors["note"] = _("Say what changed and why.")
    if not errors and text:
        errors.update(_honest_changes(latest, used, text, review_on, term_ends, measure))
    if errors:
        raise ValidationError(errors)
    version = ProposalVersion.objects.create(proposal=proposal, number=latest.number + 1, driver=latest.driver, text=text,
                                             review_on=review_on, term_ends=term_ends, measure=measure,
                                             tools=[tool for tool in ResolutionTool.values if tool in used], note=note[:500],
                                             created_by=_user(actor))
    given = {item["objection"].pk: item for item in resolutions}
    for objection in objections:
        item = given[objection.pk]
        Resolution.objects.create(proposal=proposal, objection=objection, new_version=version, by=_user(actor),
                                  tools=[tool for tool in ResolutionTool.values if tool in item["tools"]], note=_clean(item["note"]))
    _open_round(actor, proposal, RoundKind.CONSENT, version)
    proposal.stage = to
    proposal.save(update_fields=["stage", "updated"])
    _email_consent_open(actor, proposal)
    _audit(actor, "resolve", proposal, reason=",".join(version.tools))
    return version


@transaction.atomic
def proposal_pass_up(*, actor, proposal, note):
    """The facilitator passes a proposal whose objections the circle could not resolve to the circle
    above: a new proposal there (in its questions round) with the latest wording and the note.
    Refused for a circle with no parent, and for choosing someone for a hat (that stays in its circle)."""
    proposal = _lock(proposal)
    states.check("proposal", proposal.stage, "pass_up")
    _facilitate(actor, proposal)
    if proposal.kind == ProposalKind.ROLE:
        raise ValidationError(_("Who wears a hat is decided in the circle itself, so this proposal cannot be passed to another circle."))
    parent = proposal.circle.parent
    if parent is None:
        raise ValidationError(_("This circle has no circle above it to pass the proposal to."))
    note = _clean(note)
    if not note:
        raise ValidationError({"note": _("Say why the circle is passing it on, so the circle above knows.")})
    latest = _latest(proposal)
    passed = _create(actor=actor, circle=parent, brought_by=proposal.brought_by, title=proposal.title, driver=latest.driver,
                     text=latest.text, review_on=latest.review_on, term_ends=latest.term_ends, domain_item="", measure=latest.measure,
                     kind=ProposalKind.POLICY, acting_for=None, passed_from=proposal, reopens=None, note=note)
    proposal.stage, proposal.stage_note = ProposalStage.PASSED_UP, note[:500]
    proposal.save(update_fields=["stage", "stage_note", "updated"])
    _audit(actor, "pass_up", proposal)
    _audit(actor, "create", passed, reason="passed up")
    return passed


def may_withdraw(actor, proposal):
    if not _user(actor):
        return False
    standing = circle_standing(actor, proposal.circle)
    if not standing.can_view:
        return False
    mine = (standing.person is not None and standing.person.pk == proposal.brought_by_id) or proposal.created_by_id == actor.pk
    return mine or actor.has_perm("circles.facilitate", proposal.circle)


@transaction.atomic
def proposal_withdraw(*, actor, proposal, note):
    """The person who brought it (or the secretary who entered it for them) or the facilitator
    withdraws an open proposal. For a hat, the nomination is withdrawn too."""
    proposal = _lock(proposal)
    to = states.check("proposal", proposal.stage, "withdraw")
    if not may_withdraw(actor, proposal):
        raise ValidationError(_("Only the person who brought it or the facilitator can withdraw it."))
    note = _clean(note)
    if not note:
        raise ValidationError({"note": _("Say why it is withdrawn, so the circle knows.")})
    _close_current(proposal)
    proposal.stage, proposal.stage_note = to, note[:500]
    proposal.save(update_fields=["stage", "stage_note", "updated"])
    if proposal.kind == ProposalKind.ROLE:
        term = CircleHatTerm.objects.filter(proposal=proposal).first()
        if term is not None:
            from caringcity.circles.services.structure import term_withdraw

            term_withdraw(actor=actor, term=term, note=note)
    _audit(actor, "withdraw", proposal)
    return proposal
