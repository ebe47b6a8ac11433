"""Writes for concerns. Keyword-only, atomic, each writing its audit event (never what happened).
An urgent concern e-mails the team's Safeguarding Lead and the commons' organisers at once,
through the outbox, with no details: only that a concern was raised and a link to sign in."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from caringcity.core.models import AuditEvent
from caringcity.core.services import audit_record, email_queue
from caringcity.people.models import Membership, Person
from caringcity.teams.models import HatKind, HatTerm, TermStatus
from caringcity.visits import states
from caringcity.visits.access import record_standing
from caringcity.visits.models import Concern, ConcernKind, ConcernStatus, ConcernStep
from caringcity.visits.selectors import concerns as selectors

A = AuditEvent.Action
REVIEW_DAYS = 30


def _next_review():
    return timezone.localdate() + timedelta(days=REVIEW_DAYS)


def _audit(actor, action, concern, **extra):
    return audit_record(actor=actor, action=action, obj=concern, commons=concern.commons, **extra)


def urgent_recipients(team):
    """E-mail addresses of the team's Safeguarding Lead(s) and the commons' organisers (with a login)."""
    leads = HatTerm.objects.filter(hat__team=team, hat__kind=HatKind.SAFEGUARDING_LEAD, status=TermStatus.HELD).values("holder")
    organisers = Membership.objects.active().filter(commons=team.commons, role=Membership.Role.ORGANISER).values("person")
    emails = []
    for person in Person.objects.filter(Q(pk__in=leads) | Q(pk__in=organisers)).select_related("user").order_by("pk"):
        email = person.user.email if person.user_id else ""
        if email and email not in emails:
            emails.append(email)
    return emails


@transaction.atomic
def concern_raise(*, actor, team, kind, what_happened, urgent=False):
    st = record_standing(actor, team)
    if st.person is None or not st.in_team:
        raise ValidationError(_("Only people in the team can raise a concern here."))
    errors = {}
    if kind not in ConcernKind.values:
        errors["kind"] = _("Choose what kind of concern it is.")
    what_happened = (what_happened or "").strip()
    if not what_happened:
        errors["what_happened"] = _("Say what happened.")
    if errors:
        raise ValidationError(errors)
    concern = Concern.objects.create(
        commons=team.commons, team=team, kind=kind, urgent=bool(urgent), what_happened=what_happened,
        raised_by=st.person, acting_for=st.acting_for, next_review=_next_review(),
    )
    ConcernStep.objects.create(concern=concern, from_status="", to_status=ConcernStatus.UNDERSTANDING, by=st.person, acting_for=st.acting_for)
    _audit(actor, A.CREATE, concern, acting_for=st.acting_for, reason=f"{kind}{' urgent' if urgent else ''}")
    if concern.urgent:
        link = settings.SITE_URL + reverse("visits:concern_detail", args=[team.commons.slug, concern.uuid])
        for email in urgent_recipients(team):
            email_queue(to=email, subject=_("An urgent concern was raised"), template="visits/concerns/email/urgent",
                        context={"commons": team.commons.name, "link": link})
    return concern


def _handler(actor, concern):
    st = record_standing(actor, concern.team)
    if not selectors.can_handle_concern(actor, concern):
        raise ValidationError(_("Only the team's Safeguarding Lead or an organiser can do this."))
    return st


@transaction.atomic
def concern_move(*, actor, concern, to_status, note, outcome=""):
    """Move the concern to its next step, with a note of what was done or found."""
    concern = Concern.objects.select_for_update().select_related("team", "commons").get(pk=concern.pk)
    st = _handler(actor, concern)
    states.check_concern_move(concern.status, to_status)
    note, outcome = (note or "").strip(), (outcome or "").strip()
    errors = {}
    if not note:
        errors["note"] = _("Say what was done or found.")
    if to_status == ConcernStatus.OUTCOME and not outcome:
        errors["outcome"] = _("Write the outcome.")
    if errors:
        raise ValidationError(errors)
    old = concern.status
    concern.status = to_status
    if to_status == ConcernStatus.OUTCOME:
        concern.outcome, concern.closed, concern.next_review = outcome, timezone.now(), None
    elif old == ConcernStatus.OUTCOME:
        concern.closed, concern.next_review = None, _next_review()
    concern.save(update_fields=["status", "outcome", "closed", "next_review", "updated"])
    ConcernStep.objects.create(concern=concern, from_status=old, to_status=to_status, note=note, by=st.person, acting_for=st.acting_for)
    _audit(actor, A.UPDATE, concern, acting_for=st.acting_for, reason=f"status {old} -> {to_status}")
    return concern


@transaction.atomic
def concern_review(*, actor, concern, note):
    """The monthly review of an open concern: what was checked; the next review is a month ahead."""
    concern = Concern.objects.select_for_update().select_related("team", "commons").get(pk=concern.pk)
    st = _handler(actor, concern)
    if concern.status == ConcernStatus.OUTCOME:
        raise ValidationError(_("This concern has an outcome. Open it again to review it."))
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Say what was checked at the review.")})
    concern.next_review = _next_review()
    concern.save(update_fields=["next_review", "updated"])
    ConcernStep.objects.create(concern=concern, from_status=concern.status, to_status=concern.status, note=note, by=st.person,
                               acting_for=st.acting_for)
    _audit(actor, A.UPDATE, concern, acting_for=st.acting_for, reason="reviewed")
    return concern


def run_housekeeping(stdout):
    """Count open concerns whose review is overdue (numbers only). Nothing is changed."""
    today = timezone.localdate()
    due = Concern.objects.open().filter(next_review__lt=today).count()
    stdout.write(f"concerns: {due} open concern(s) with an overdue review\n")
    return due
