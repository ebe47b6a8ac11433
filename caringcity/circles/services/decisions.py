"""Writes for the decisions part: reviews (keep it, change its dates, end it), marking a decision
confidential or not, appeals (start, back, back for someone on paper, withdraw; at three backers
the decision is reopened and a proposal made), and the review reminders.

A decision is never edited: every change here is a new version through
``records.decision_revise``, with a note saying what changed and why. Audit events say who did
what and why, never what a decision says."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from caringcity.circles import states
from caringcity.circles.models import (
    ENTERED_HOW,
    Appeal,
    AppealBacker,
    CircleHatTerm,
    Decision,
    DecisionStatus,
    How,
    ReviewReminder,
    TermStatus,
)
from caringcity.circles.selectors import decisions as selectors
from caringcity.circles.services.records import decision_revise, latest_version
from caringcity.core.services import audit_record, email_queue
from caringcity.people import selectors as people


class ReviewOutcome(models.TextChoices):
    KEEP = "keep", gettext_lazy("Keep it, with a new review date")
    CHANGE = "change", gettext_lazy("Change its review date or end date")
    END = "end", gettext_lazy("End it now")


OUTCOME_NOTES = {
    ReviewOutcome.KEEP: gettext_lazy("Reviewed and kept"),
    ReviewOutcome.CHANGE: gettext_lazy("Reviewed: dates changed"),
    ReviewOutcome.END: gettext_lazy("Reviewed and ended"),
}
# Ways a backing can reach the secretary when the person is not online.


def _lock(decision):
    return Decision.objects.select_for_update(of=("self",)).select_related("circle", "circle__commons", "circle__parent").get(pk=decision.pk)


def _note(outcome, note):
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Say what the circle found at the review.")})
    return f"{OUTCOME_NOTES[outcome]}: {note}"[:500]


# --- reviews ----------------------------------------------------------------------------------
@transaction.atomic
def decision_review(*, actor, decision, outcome, note, review_on=None, ends_on=None):
    """Record a review as a new version: keep it (a new review date), change its review or end
    date, or end it. Only the circle's secretary or facilitator may. Returns the new version."""
    decision = _lock(decision)
    if not actor.has_perm("circles.review_decision", decision.circle):
        raise ValidationError(_("Only the circle's secretary or facilitator can record a review."))
    if outcome not in ReviewOutcome.values:
        raise ValidationError({"outcome": _("Choose what the circle decided at the review.")})
    latest = latest_version(decision)
    today = timezone.localdate()
    ended = latest.status == DecisionStatus.ENDED or bool(latest.ends_on and latest.ends_on < today)
    if latest.status == DecisionStatus.ENDED:
        raise ValidationError(_("This decision has already ended. A new decision needs a new proposal."))
    if outcome == ReviewOutcome.END:
        text = _note(outcome, note)
        ends = latest.ends_on if latest.ends_on and latest.ends_on < today else today
        version = decision_revise(actor=actor, decision=decision, note=text, status=DecisionStatus.ENDED, ends_on=ends)
    else:
        if latest.status == DecisionStatus.REOPENED:
            raise ValidationError(_("This decision was reopened after an appeal and the circle is looking at it again. "
                                    "You can only end it."))
        if ended:
            raise ValidationError(_("Its end date has passed, so it is no longer in force. You can only record that it ended."))
        errors = {}
        if outcome == ReviewOutcome.KEEP and not review_on:
            errors["review_on"] = _("Give the date of the next review.")
        if review_on and review_on <= today:
            errors["review_on"] = _("The next review date must be after today.")
        if ends_on and ends_on < today:
            errors["ends_on"] = _("The end date cannot be in the past. To end it now, choose “End it now”.")
        new_review = review_on or latest.review_on
        new_end = ends_on or latest.ends_on
        if not errors and new_review and new_end and new_review > new_end:
            errors["review_on"] = _("The review date must not be after the date it ends.")
        if not errors and outcome == ReviewOutcome.CHANGE and (new_review, new_end) == (latest.review_on, latest.ends_on):
            errors["review_on"] = _("Give a new review date or a new end date: they are the same as now.")
        if errors:
            raise ValidationError(errors)
        version = decision_revise(actor=actor, decision=decision, note=_note(outcome, note), review_on=new_review, ends_on=new_end)
    audit_record(actor=actor, action="circles.decision.review", obj=decision, commons=decision.circle.commons, reason=str(outcome))
    return version


# --- confidential -----------------------------------------------------------------------------
@transaction.atomic
def decision_mark_confidential(*, actor, decision, confidential, confidential_reason, note):
    """Mark a decision confidential (with the reason the commons sees) or open it to the commons
    again, as a new version. Only the circle's secretary (or facilitator) may."""
    decision = _lock(decision)
    if not actor.has_perm("circles.mark_confidential", decision.circle):
        raise ValidationError(_("Only the circle's secretary can change who may read a decision."))
    latest = latest_version(decision)
    reason = (confidential_reason or "").strip() if confidential else ""
    note = (note or "").strip()
    errors = {}
    if confidential and not reason:
        errors["confidential_reason"] = _("Say why it is confidential. Members of the commons who cannot read it see this reason.")
    if not note:
        errors["note"] = _("Say why you are changing who may read it.")
    if not errors and (bool(confidential), reason) == (latest.confidential, latest.confidential_reason if latest.confidential else ""):
        errors["confidential"] = _("That is how it is already.")
    if errors:
        raise ValidationError(errors)
    version = decision_revise(actor=actor, decision=decision, note=note, confidential=bool(confidential), confidential_reason=reason)
    audit_record(actor=actor, action="circles.decision.confidential", obj=decision, commons=decision.circle.commons,
                 reason=f"confidential: {reason}" if confidential else "open to the commons")
    return version


# --- appeals ----------------------------------------------------------------------------------
def _refuse(message, field=None):
    raise ValidationError({field: message} if field else message)


@transaction.atomic
def appeal_start(*, actor, decision, reason):
    """Ask for a decision to be looked at again. The one who starts it is its first backer. Only
    people who did not take part in the decision may."""
    decision = _lock(decision)
    if not actor.has_perm("circles.appeal", decision.circle):
        _refuse(_("Only members of the commons who can see this circle can appeal its decisions."))
    person = people.person_for_user(actor)
    refusal = selectors.appeal_refusal(decision, person)
    if refusal:
        _refuse(refusal)
    target, why_not = selectors.appeal_target(decision)
    if why_not:
        _refuse(why_not)
    reason = (reason or "").strip()
    if not reason:
        _refuse(_("Say why the circle should look at it again."), "reason")
    appeal = Appeal.objects.create(decision=decision, to_circle=target, reason=reason, created_by=actor)
    AppealBacker.objects.create(appeal=appeal, person=person, how=How.ONLINE, recorded_by=actor)
    audit_record(actor=actor, action="circles.appeal.start", obj=appeal, commons=decision.circle.commons)
    if selectors.APPEAL_BACKERS <= 1:
        _reopen(actor, appeal)
    return appeal


@transaction.atomic
def appeal_back(*, actor, appeal, person=None, how=How.ONLINE):
    """Back an appeal yourself, or (the secretary) enter the backing of someone who gave it on
    paper, by phone or in a meeting. At three backers the appeal reopens the decision."""
    appeal = Appeal.objects.select_for_update(of=("self",)).select_related("decision__circle__commons", "decision__circle__parent",
                                                               "to_circle").get(pk=appeal.pk)
    decision = appeal.decision
    states.check("appeal", appeal.status, "back")
    me = people.person_for_user(actor)
    acting_for = None
    if person is None or (me is not None and person.pk == me.pk):
        if not actor.has_perm("circles.appeal", decision.circle):
            _refuse(_("Only members of the commons who can see this circle can back an appeal."))
        person, how = me, How.ONLINE
        refusal = selectors.appeal_refusal(appeal, person)
        if refusal:
            _refuse(refusal)
    else:
        if not (actor.has_perm("circles.enter_for_others", decision.circle)
                or actor.has_perm("circles.enter_for_others", appeal.to_circle)):
            _refuse(_("Only the circle's secretary can enter a backing given on paper or by phone."))
        if how not in ENTERED_HOW:
            _refuse(_("Say how they gave it: on paper, by phone or in a meeting."), "how")
        if not selectors.may_see_circle(person, decision.circle):
            _refuse(_("Only members of the commons can back an appeal."), "person")
        refusal = selectors.appeal_refusal(appeal, person, for_other=True)
        if refusal:
            _refuse(refusal, "person")
        acting_for = person
    AppealBacker.objects.create(appeal=appeal, person=person, how=how, recorded_by=actor)
    audit_record(actor=actor, action="circles.appeal.back", obj=appeal, commons=decision.circle.commons, acting_for=acting_for,
                 reason=str(how))
    if appeal.backers.count() >= selectors.APPEAL_BACKERS:
        _reopen(actor, appeal)
    return appeal


def _proposal_dates(latest, today):
    review_on = latest.review_on if latest.review_on and latest.review_on > today + timedelta(days=30) else today + timedelta(days=365)
    term_ends = latest.ends_on if latest.ends_on and latest.ends_on > review_on else None
    return review_on, term_ends


def _reopen(actor, appeal):
    """Three people asked: the decision gets a REOPENED version and a proposal is made in the
    circle the appeal goes to, carrying the decision's text (a pointer only, when confidential)."""
    to = states.check("appeal", appeal.status, "reopen")
    decision = appeal.decision
    circle = decision.circle
    latest = latest_version(decision)
    decision_revise(actor=actor, decision=decision, status=DecisionStatus.REOPENED,
                    note=_("Reopened after an appeal: %(n)s people who did not take part asked for it to be looked at again by the %(circle)s.")
                    % {"n": selectors.APPEAL_BACKERS, "circle": appeal.to_circle.name})
    if latest.confidential:
        title = _("Looking again at decision D%(number)s of the %(circle)s") % {"number": decision.number, "circle": circle.name}
        text = _("This decision is confidential (%(reason)s). The full and learning participants of the %(circle)s can read it "
                 "as decision D%(number)s.") % {"reason": latest.confidential_reason, "circle": circle.name, "number": decision.number}
    else:
        title, text = latest.title, latest.text
    driver = _("An appeal by %(n)s people who did not take part asks to look again at decision D%(number)s of the %(circle)s. "
               "Their reason: %(reason)s") % {"n": selectors.APPEAL_BACKERS, "number": decision.number, "circle": circle.name,
                                            "reason": appeal.reason}
    review_on, term_ends = _proposal_dates(latest, timezone.localdate())
    from caringcity.circles.services import proposals

    proposal = proposals.proposal_create(actor=actor, circle=appeal.to_circle, title=title[:150], driver=driver, text=text,
                                         review_on=review_on, term_ends=term_ends, reopens=decision)
    appeal.status, appeal.proposal = to, proposal
    appeal.save(update_fields=["status", "proposal", "updated"])
    audit_record(actor=actor, action="circles.appeal.reopen", obj=appeal, commons=circle.commons,
                 reason="parent circle" if appeal.to_circle_id != circle.pk else "same circle")
    return proposal


@transaction.atomic
def appeal_withdraw(*, actor, appeal):
    """The one who started it, or the circle's secretary, withdraws an appeal still gathering backers."""
    appeal = Appeal.objects.select_for_update(of=("self",)).select_related("decision__circle__commons").get(pk=appeal.pk)
    to = states.check("appeal", appeal.status, "withdraw")
    circle = appeal.decision.circle
    if not (appeal.created_by_id == actor.pk or actor.has_perm("circles.enter_for_others", circle)):
        _refuse(_("Only the person who started the appeal, or the circle's secretary, can withdraw it."))
    appeal.status = to
    appeal.save(update_fields=["status", "updated"])
    audit_record(actor=actor, action="circles.appeal.withdraw", obj=appeal, commons=circle.commons)
    return appeal


# --- review reminders -------------------------------------------------------------------------
def _recipients(circle_ids):
    """{circle id: [(person, address)]} of the secretary, leader and facilitator of each circle."""
    result = {}
    terms = (CircleHatTerm.objects.filter(status=TermStatus.HELD, kind__in=selectors.REMINDED_HATS, circle_id__in=circle_ids)
             .select_related("holder__user").order_by("circle_id", "holder__name", "pk"))
    for term in terms:
        person = term.holder
        address = (person.user.email if person.user_id else "") or person.email
        rows = result.setdefault(term.circle_id, [])
        if address and all(address != a for _p, a in rows):
            rows.append((person, address))
    return result


def _send_reminder(person, address, version):
    decision, circle = version.decision, version.decision.circle
    user = person.user if person.user_id else None
    language = (getattr(user, "language", "") or settings.LANGUAGE_CODE) if user else settings.LANGUAGE_CODE
    link = settings.SITE_URL + reverse("circles:decision_detail", args=[circle.commons.slug, decision.uuid])
    with translation.override(language):
        subject = translation.gettext("Decision D%(number)s of the %(circle)s is due for review") % {
            "number": decision.number, "circle": circle.name}
        email_queue(to=address, subject=subject, template="circles/decisions/email/review_due", context={
            "name": person.display_name, "circle": circle.name, "commons": circle.commons.name, "number": decision.number,
            "review_on": date_format(version.review_on, "j F Y"), "overdue": version.review_on < timezone.localdate(),
            "link": link,
        })


def reminders_send(*, today=None):
    """E-mail the secretary, leader and facilitator of the circle when a decision in force is due
    for review (within two weeks, or past): once per decision and review date, claimed by its
    ``ReviewReminder`` row before anything is sent, so running twice (or at once) sends once. The
    e-mail names the circle and the decision's number and links to it, never what it says.
    Returns (decisions reminded, e-mails queued)."""
    today = today or timezone.localdate()
    sent = ReviewReminder.objects.filter(decision=OuterRef("decision"), review_on=OuterRef("review_on"))
    due = list(selectors.latest_versions().filter(selectors.in_force_q(today), review_on__lte=selectors._horizon(today),
                                                  decision__circle__ended__isnull=True)
               .exclude(Exists(sent)).select_related("decision__circle__commons").order_by("review_on", "pk"))
    if not due:
        return 0, 0
    reminded = emails = 0
    with transaction.atomic():
        claims = [ReviewReminder(decision=v.decision, review_on=v.review_on) for v in due]
        ReviewReminder.objects.bulk_create(claims, ignore_conflicts=True)
        won = set(ReviewReminder.objects.filter(uuid__in=[c.uuid for c in claims]).values_list("uuid", flat=True))
        recipients = _recipients({v.decision.circle_id for v in due})
        for claim, version in zip(claims, due):
            if claim.uuid not in won:
                continue  # another run got there first
            reminded += 1
            for person, address in recipients.get(version.decision.circle_id, []):
                _send_reminder(person, address, version)
                emails += 1
        if reminded:
            audit_record(actor=None, action="circles.decision.remind", object_type="circles.reviewreminder",
                         reason=f"{reminded} review reminders in {emails} e-mails")
    return reminded, emails


def run_housekeeping(stdout):
    """For ``manage.py housekeeping``: send the review reminders that are due."""
    reminded, emails = reminders_send()
    stdout.write(f"circles: {reminded} decision review reminders sent in {emails} e-mails\n")
    return reminded
