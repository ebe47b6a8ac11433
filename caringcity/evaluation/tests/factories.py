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


def make_tree(framework, dimensions=1, outputs=2, domains=1, outcomes=2, indicators=2, tag=""):
    """Add to ``framework``: dimensions with outputs, domains with outcomes (each led to by every
    new output) with indicators (a platform figure each). Returns the new outcomes."""
    made_outputs, made_outcomes = [], []
    start = framework.dimensions.count()
    for d in range(dimensions):
        dim = Dimension.objects.create(framework=framework, name=f"Dimension {tag}{start + d + 1}", order=start + d)
        for o in range(outputs):
            made_outputs.append(Output.objects.create(dimension=dim, name=f"Output {tag}{start + d + 1}.{o + 1}", order=o))
    start = framework.domains.count()
    for d in range(domains):
        domain = OutcomeDomain.objects.create(framework=framework, name=f"Domain {tag}{start + d + 1}", order=start + d)
        for o in range(outcomes):
            outcome = Outcome.objects.create(domain=domain, name=f"Outcome {tag}{start + d + 1}.{o + 1}", order=o)
            outcome.outputs.set(made_outputs)
            made_outcomes.append(outcome)
            for i in range(indicators):
                Indicator.objects.create(outcome=outcome, name=f"Indicator {tag}{start + d + 1}.{o + 1}.{i + 1}", method=Method.METRIC,
                                         measure_key="continuity", order=i)
    return made_outcomes

# --- instruments -----------------------------------------------------------------------------


def make_own_instrument(commons, name="Our questions", factors=(), items=(), locked=False):
    """An own questionnaire straight from the models. ``factors``: [(key, name)]; ``items``:
    [dict(key=..., text=..., kind=..., factor=<factor key>, reverse=...)] (scale 1-5 by default)."""
    from caringcity.evaluation.models import Factor, OwnInstrument, OwnItem

    instrument = OwnInstrument.objects.create(commons=commons, name=name, locked=locked)
    made = {key: Factor.objects.create(instrument=instrument, key=key, name=label, order=number)
            for number, (key, label) in enumerate(factors, start=1)}
    for number, fields in enumerate(items, start=1):
        fields = dict(fields)
        fields.setdefault("text", f"Question {number}")
        fields["factor"] = made.get(fields.pop("factor", None))
        OwnItem.objects.create(instrument=instrument, order=number, **fields)
    return instrument


# --- surveys ---------------------------------------------------------------------------------

# --- indicators ------------------------------------------------------------------------------

# --- results ---------------------------------------------------------------------------------

# --- reports ---------------------------------------------------------------------------------
