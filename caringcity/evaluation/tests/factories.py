"""Helpers to build evaluation test data straight from the models (each part's own tests go
through the services where the rules matter). Each part appends its helpers in its block."""

import datetime

from caringcity.evaluation.models import (  # noqa: F401
    Dimension, Framework, Indicator, Invitation, Method, Outcome, OutcomeDomain, Output, SurveyRound,
)


def make_framework(commons, name="How care grows here", **fields):
    return Framework.objects.create(commons=commons, name=name, **fields)


def make_round(commons, name="Spring round", instruments=("swemwbs",), groups=("team_owners",), **fields):
    fields.setdefault("opens_on", datetime.date(2026, 3, 1))
    fields.setdefault("closes_on", datetime.date(2026, 3, 31))
    return SurveyRound.objects.create(commons=commons, name=name, instruments=list(instruments), groups=list(groups), **fields)


def invite(survey_round, person, code=None, **fields):
    code = code or f"C{Invitation.objects.filter(round=survey_round).count() + 1:04d}"
    return Invitation.objects.create(round=survey_round, person=person, code=code, **fields)

# --- framework -------------------------------------------------------------------------------

# --- instruments -----------------------------------------------------------------------------

# --- surveys ---------------------------------------------------------------------------------

# --- indicators ------------------------------------------------------------------------------

# --- results ---------------------------------------------------------------------------------

# --- reports ---------------------------------------------------------------------------------
def make_value(commons, metric, start, end, value, *, scope="commons", team=None, numerator=None, denominator=None, detail=None):
    from django.utils import timezone

    from caringcity.evaluation.models import IndicatorValue

    return IndicatorValue.objects.create(commons=commons, metric=metric, scope=scope, team=team, period_start=start, period_end=end,
                                         value=value, numerator=numerator, denominator=denominator, detail=detail or {},
                                         computed_at=timezone.now())


def make_answer(invitation, text, *, may_quote=True, instrument_key="own-x", item_key="say"):
    from caringcity.evaluation.models import Answer

    return Answer.objects.create(invitation=invitation, instrument_key=instrument_key, item_key=item_key, text=text, may_quote=may_quote)


def make_quote(answer, *, text=None, attribution="A volunteer", withdrawn=False):
    from django.utils import timezone

    from caringcity.evaluation.models import Quote

    return Quote.objects.create(commons=answer.invitation.round.commons, answer=answer, text=text or answer.text, attribution=attribution,
                                approved_at=timezone.now(), withdrawn_at=timezone.now() if withdrawn else None)


def make_cost(commons, amount, *, kind="care", label="Paid care", start=datetime.date(2026, 1, 1), end=datetime.date(2026, 12, 31),
              source="2026 accounts", team=None):
    from decimal import Decimal

    from caringcity.evaluation.models import Cost

    return Cost.objects.create(commons=commons, kind=kind, label=label, amount=Decimal(str(amount)), period_start=start,
                               period_end=end, source=source, team=team)


def make_report(commons, title="How we did", *, start=datetime.date(2026, 1, 1), end=datetime.date(2026, 12, 31), framework=None, **fields):
    from caringcity.evaluation.models import Report

    return Report.objects.create(commons=commons, title=title, period_start=start, period_end=end, framework=framework, **fields)
