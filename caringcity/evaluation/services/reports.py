"""Writes of the reports part (see docs/evaluation-reports.md): reports, costs and quotes.

Organisers (``evaluation.keep_reports``) write reports, keep the costs and approve or withdraw
quotes. The person who wrote an answer (or their proxy) may take back their permission to quote it
at any time (``quote_permission_withdraw``): its quote is withdrawn from every report at once.
Audit reasons never hold a quote's words or an answer; amounts are fine."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from caringcity.core.services import audit_record
from caringcity.evaluation import quotes as quote_sources
from caringcity.evaluation.models import Answer, ConsentState, Cost, CostKind, Framework, FrameworkStatus, Quote, Report
from caringcity.people import selectors as people

MAX_AMOUNT = Decimal("9999999999.99")


def _require(actor, commons):
    if not actor.has_perm("evaluation.keep_reports", commons):
        raise PermissionDenied


def _check_period(period_start, period_end):
    if period_start and period_end and period_end < period_start:
        raise ValidationError({"period_end": _("The end must be on or after the start.")})


# --- reports ----------------------------------------------------------------------------------------

def _clean_report(commons, *, title, period_start, period_end, framework, quotes, outside_quotes):
    if not (title or "").strip():
        raise ValidationError({"title": _("Give the report a title.")})
    _check_period(period_start, period_end)
    if framework is not None and (framework.commons_id != commons.pk or framework.status == FrameworkStatus.DRAFT):
        raise ValidationError({"framework": _("Choose a framework of this commons that is in use or was used.")})
    quotes = list(quotes or [])
    allowed = set(quote_sources.visible_quotes(commons).filter(pk__in=[q.pk for q in quotes]).values_list("pk", flat=True))
    if any(quote.pk not in allowed for quote in quotes):
        raise ValidationError({"quotes": _("One of the chosen quotes can no longer be used. Choose again.")})
    outside = []
    for entry in outside_quotes or []:
        found = quote_sources.outside_quotes(commons, [entry])
        if not found:
            raise ValidationError({"outside_quotes": _("One of the chosen quotes can no longer be used. Choose again.")})
        outside.append({"source": entry["source"], "id": str(entry["id"])})
    return title.strip(), quotes, outside


@transaction.atomic
def report_create(*, actor, commons, title, period_start, period_end, framework=None, introduction="", quotes=(), outside_quotes=()):
    """A new report. Without a framework it uses the one in use."""
    _require(actor, commons)
    if framework is None:
        from caringcity.evaluation.selectors.reports import framework_default

        framework = framework_default(commons)
    title, quotes, outside = _clean_report(commons, title=title, period_start=period_start, period_end=period_end,
                                           framework=framework, quotes=quotes, outside_quotes=outside_quotes)
    report = Report.objects.create(commons=commons, title=title, period_start=period_start, period_end=period_end,
                                   framework=framework, introduction=introduction or "", outside_quotes=outside, created_by=actor)
    report.quotes.set(quotes)
    audit_record(actor=actor, action="evaluation.report.create", obj=report, commons=commons,
                 reason=f"{period_start}..{period_end}; {len(quotes) + len(outside)} quotes")
    return report


@transaction.atomic
def report_update(*, actor, report, title, period_start, period_end, framework=None, introduction="", quotes=(), outside_quotes=()):
    commons = report.commons
    _require(actor, commons)
    report = Report.objects.select_for_update(of=("self",)).get(pk=report.pk)
    title, quotes, outside = _clean_report(commons, title=title, period_start=period_start, period_end=period_end,
                                           framework=framework, quotes=quotes, outside_quotes=outside_quotes)
    report.title, report.period_start, report.period_end = title, period_start, period_end
    report.framework, report.introduction, report.outside_quotes = framework, introduction or "", outside
    report.save()
    report.quotes.set(quotes)
    audit_record(actor=actor, action="evaluation.report.update", obj=report, commons=commons,
                 reason=f"{period_start}..{period_end}; {len(quotes) + len(outside)} quotes")
    return report


@transaction.atomic
def report_delete(*, actor, report):
    _require(actor, report.commons)
    audit_record(actor=actor, action="evaluation.report.delete", obj=report, commons=report.commons)
    report.delete()


# --- costs ------------------------------------------------------------------------------------------

def _clean_cost(commons, *, kind, label, amount, period_start, period_end, source, team):
    errors = {}
    if kind not in CostKind.values:
        errors["kind"] = _("Choose what kind of cost this is.")
    if not (label or "").strip():
        errors["label"] = _("Say what the money was spent on.")
    if not (source or "").strip():
        errors["source"] = _("Say where the figure comes from, for example “2026 accounts, line 14”.")
    try:
        amount = Decimal(amount)
    except (TypeError, ValueError, ArithmeticError):
        amount = None
    if amount is None or not amount.is_finite():
        errors["amount"] = _("Write the amount in pounds, for example 1250.50.")
    elif amount <= 0:
        errors["amount"] = _("The amount must be more than £0.")
    elif amount > MAX_AMOUNT or amount.as_tuple().exponent < -2:
        errors["amount"] = _("Write the amount in pounds and pence, with at most two numbers after the point.")
    if period_start and period_end and period_end < period_start:
        errors["period_end"] = _("The end must be on or after the start.")
    if team is not None and team.commons_id != commons.pk:
        errors["team"] = _("Choose a team of this commons.")
    if errors:
        raise ValidationError(errors)
    return label.strip(), amount, source.strip()


@transaction.atomic
def cost_create(*, actor, commons, kind, label, amount, period_start, period_end, source, team=None):
    _require(actor, commons)
    label, amount, source = _clean_cost(commons, kind=kind, label=label, amount=amount, period_start=period_start,
                                        period_end=period_end, source=source, team=team)
    cost = Cost.objects.create(commons=commons, kind=kind, label=label, amount=amount, period_start=period_start,
                               period_end=period_end, source=source, team=team, created_by=actor)
    audit_record(actor=actor, action="evaluation.cost.create", obj=cost, commons=commons, reason=f"{kind} £{amount}")
    return cost


@transaction.atomic
def cost_update(*, actor, cost, kind, label, amount, period_start, period_end, source, team=None):
    commons = cost.commons
    _require(actor, commons)
    cost = Cost.objects.select_for_update(of=("self",)).get(pk=cost.pk)
    label, amount, source = _clean_cost(commons, kind=kind, label=label, amount=amount, period_start=period_start,
                                        period_end=period_end, source=source, team=team)
    before = cost.amount
    cost.kind, cost.label, cost.amount, cost.source, cost.team = kind, label, amount, source, team
    cost.period_start, cost.period_end = period_start, period_end
    cost.save()
    audit_record(actor=actor, action="evaluation.cost.update", obj=cost, commons=commons, reason=f"{kind} £{before} -> £{amount}")
    return cost


@transaction.atomic
def cost_delete(*, actor, cost):
    _require(actor, cost.commons)
    audit_record(actor=actor, action="evaluation.cost.delete", obj=cost, commons=cost.commons, reason=f"{cost.kind} £{cost.amount}")
    cost.delete()


# --- quotes -----------------------------------------------------------------------------------------

def _may_be_quoted(answer):
    return (answer.may_quote and not answer.skipped and answer.text.strip()
            and answer.invitation.consent not in (ConsentState.WITHDRAWN, ConsentState.DECLINED))


def _names_of(person):
    names = {person.name.strip().lower()}
    names |= {part.lower() for part in person.name.split() if len(part) > 2}
    preferred = getattr(person, "preferred_name", "") or ""
    if len(preferred.strip()) > 2:
        names.add(preferred.strip().lower())
    return {name for name in names if name}


@transaction.atomic
def quote_approve(*, actor, answer, text, attribution):
    """Approve words from ``answer`` (all of it, or a part of it: never other words) as a quote
    shown as ``attribution``. Approving again changes the words or the attribution, and brings
    back a withdrawn quote."""
    commons = answer.invitation.round.commons
    _require(actor, commons)
    answer = Answer.objects.select_for_update(of=("self",)).select_related("invitation__round", "invitation__person").get(pk=answer.pk)
    if not _may_be_quoted(answer):
        raise ValidationError(_("This answer may not be quoted: the person did not allow it, or took it back."))
    text = " ".join((text or "").split())
    if not text:
        raise ValidationError({"text": _("Give the words to quote.")})
    if text not in " ".join(answer.text.split()):
        raise ValidationError({"text": _("Quote the person's own words: you may shorten them, but not change or add to them.")})
    attribution = (attribution or "").strip()
    if not attribution:
        raise ValidationError({"attribution": _("Say how the quote is shown, for example “A volunteer”.")})
    if any(name in attribution.lower() for name in _names_of(answer.invitation.person)):
        raise ValidationError({"attribution": _("Never show the person's name with their words.")})
    now = timezone.now()
    quote = Quote.objects.filter(answer=answer).select_for_update(of=("self",)).first()
    verb = "approve"
    if quote is None:
        quote = Quote(commons=commons, answer=answer)
    elif quote.withdrawn_at:
        verb = "restore"
    else:
        verb = "change"
    quote.text, quote.attribution, quote.approved_by, quote.approved_at, quote.withdrawn_at = text, attribution, actor, now, None
    quote.save()
    audit_record(actor=actor, action=f"evaluation.quote.{verb}", obj=quote, commons=commons)
    return quote


@transaction.atomic
def quote_withdraw(*, actor, quote):
    """No report shows the quote any more (it stays in the list, marked withdrawn)."""
    _require(actor, quote.commons)
    quote = Quote.objects.select_for_update(of=("self",)).get(pk=quote.pk)
    if quote.withdrawn_at:
        raise ValidationError(_("This quote is already withdrawn."))
    quote.withdrawn_at = timezone.now()
    quote.save(update_fields=["withdrawn_at", "updated"])
    audit_record(actor=actor, action="evaluation.quote.withdraw", obj=quote, commons=quote.commons)
    return quote


@transaction.atomic
def quote_permission_withdraw(*, actor, answer):
    """The person who wrote ``answer`` (or their proxy) takes back their permission to quote it.
    Its quote, if one was approved, is withdrawn from every report at once. For the surveys part's
    "My answers" page to offer."""
    answer = Answer.objects.select_for_update(of=("self",)).select_related("invitation__round__commons", "invitation__person").get(pk=answer.pk)
    person = answer.invitation.person
    commons = answer.invitation.round.commons
    me = people.person_for_user(actor) if getattr(actor, "is_authenticated", False) else None
    if me is None or not (me.pk == person.pk or people.is_proxy_for(me, commons, person)):
        raise PermissionDenied
    answer.may_quote = False
    answer.save(update_fields=["may_quote", "updated"])
    quote = Quote.objects.filter(answer=answer).select_for_update(of=("self",)).first()
    if quote is not None:  # the copy of their words goes too
        quote.withdrawn_at, quote.text = quote.withdrawn_at or timezone.now(), ""
        quote.save(update_fields=["withdrawn_at", "text", "updated"])
    audit_record(actor=actor, action="evaluation.quote.permission_withdraw", obj=answer, commons=commons, subject=person,
                 acting_for=person if me.pk != person.pk else None)
    return answer
