"""Decision records: the one way any part writes them. A decision is never edited; every change
(a review, an appeal that reopens it, its end) is a new ``DecisionVersion``."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from caringcity.circles.access import place_of
from caringcity.circles.models import Circle, CircleHatTerm, Decision, DecisionStatus, DecisionVersion, How, Taker, TermStatus
from caringcity.core.services import audit_record

VERSION_FIELDS = ("status", "title", "text", "reasons", "concerns", "objections", "review_on", "ends_on",
                  "confidential", "confidential_reason")


def hats_worn(circle):
    """{person id: [hat kinds]} worn in the circle now."""
    result = {}
    for kind, holder in CircleHatTerm.objects.filter(circle=circle, status=TermStatus.HELD).values_list("kind", "holder_id"):
        result.setdefault(holder, []).append(kind)
    return result


def takers_snapshot(*, circle, people, decision=None, meeting=None, how=How.MEETING):
    """Write who took part (a decision's or a meeting's), with their place in the circle now.
    ``people`` is an iterable of Person or (Person, how) pairs."""
    hats = hats_worn(circle)
    rows = []
    for item in people:
        person, person_how = item if isinstance(item, tuple) else (item, how)
        kind, stakeholder = place_of(circle, person)
        rows.append(Taker(decision=decision, meeting=meeting, person=person, kind=kind, stakeholder=stakeholder,
                          hats=sorted(hats.get(person.pk, [])), how=person_how))
    Taker.objects.bulk_create(rows)
    return rows


def _check_confidential(data):
    if data.get("confidential") and not (data.get("confidential_reason") or "").strip():
        raise ValidationError({"confidential_reason": _("Say why it is confidential. Members of the commons who cannot read it see this reason.")})


@transaction.atomic
def decision_record(*, actor, circle, kind, title, text, reasons="", concerns="", objections="", review_on=None, ends_on=None,
                    confidential=False, confidential_reason="", proposal=None, takers=(), note=""):
    """Write a new decision with its first version and who took part. Returns the Decision."""
    data = {"confidential": confidential, "confidential_reason": confidential_reason}
    _check_confidential(data)
    # Lock the circle (aggregates cannot be locked on PostgreSQL) so two decisions never share a number.
    Circle.objects.select_for_update().filter(pk=circle.pk).first()
    number = (Decision.objects.filter(circle=circle).aggregate(n=Max("number"))["n"] or 0) + 1
    decision = Decision.objects.create(circle=circle, number=number, kind=kind, proposal=proposal)
    DecisionVersion.objects.create(decision=decision, number=1, status=DecisionStatus.IN_FORCE, title=title, text=text,
                                   reasons=reasons, concerns=concerns, objections=objections, review_on=review_on,
                                   ends_on=ends_on, confidential=confidential, confidential_reason=confidential_reason,
                                   note=note, created_by=actor if getattr(actor, "is_authenticated", False) else None)
    takers_snapshot(circle=circle, people=takers, decision=decision)
    audit_record(actor=actor, action="circles.decision.record", obj=decision, commons=circle.commons)
    return decision


def latest_version(decision):
    return decision.versions.order_by("-number").first()


@transaction.atomic
def decision_revise(*, actor, decision, note, **changes):
    """Add a version that copies the latest and applies ``changes`` (fields of VERSION_FIELDS).
    ``note`` says what changed and why; it is required."""
    unknown = set(changes) - set(VERSION_FIELDS)
    if unknown:
        raise TypeError(f"decision_revise() cannot change {', '.join(sorted(unknown))}")
    if not (note or "").strip():
        raise ValidationError({"note": _("Say what changed and why.")})
    Decision.objects.select_for_update(of=("self",)).filter(pk=decision.pk).first()
    current = latest_version(decision)
    data = {field: getattr(current, field) for field in VERSION_FIELDS}
    data.update(changes)
    _check_confidential(data)
    version = DecisionVersion.objects.create(decision=decision, number=current.number + 1, note=note,
                                             created_by=actor if getattr(actor, "is_authenticated", False) else None, **data)
    audit_record(actor=actor, action="circles.decision.revise", obj=decision, commons=decision.circle.commons)
    return version


def email_title(circle, title):
    """The title an e-mail may carry. In a care team's circle a title may speak of someone's
    health, so e-mails name only the team; other circles' e-mails carry the title."""
    if circle.is_team:
        return _("Something for %(team)s to decide") % {"team": circle.name}
    return title
