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


def hand_instrument(key="feel-test", *, notice="© Test questions, used with permission."):
    """A small questionnaire built by hand: two scale questions (1-5) and a free-text question.
    Its one measure, ``total``, is the sum of the two scales (no score when one is skipped)."""
    from caringcity.evaluation.instruments.base import Instrument, Item, Measure, Option, ScoreResult

    scale = tuple(Option(v, label) for v, label in [(1, "None of the time"), (2, "Rarely"), (3, "Some of the time"),
                                                    (4, "Often"), (5, "All of the time")])
    items = [Item("calm", "I have been feeling calm", "scale", scale),
             Item("close", "I have been feeling close to other people", "scale", scale),
             Item("words", "What helps you most?", "text")]

    def scorer(answers):
        values = [answers.get("calm"), answers.get("close")]
        if any(not isinstance(v, int) for v in values):
            return [ScoreResult("total", None, note="Some questions were skipped.")]
        return [ScoreResult("total", float(sum(values)))]

    return Instrument(key=key, name=f"Feelings ({key})", introduction="How have you been?", items=items,
                      measures=[Measure("total", "Total", 2, 10)], notice=notice, scorer=scorer)


def use_instruments(monkeypatch, *instruments):
    """Make the surveys part see exactly these questionnaires (instead of the registry)."""
    from caringcity.evaluation.selectors import surveys as sel

    by_key = {inst.key: inst for inst in instruments}

    def get(commons, key):
        if key not in by_key:
            raise LookupError(key)
        return by_key[key]

    monkeypatch.setattr(sel, "instrument", get)
    monkeypatch.setattr(sel, "instruments_available", lambda commons: list(instruments))
    return by_key

# --- indicators ------------------------------------------------------------------------------

# --- results ---------------------------------------------------------------------------------
def answered(survey_round, person=None, *, scores=None, teams=(), circles=(), finished=True, consent="given"):
    """An invitation of ``person`` (a new fictional person in the round's commons if None) who
    finished the round, with a ``Score`` row per ``scores`` entry: {(instrument key, measure key):
    value or (value, band)}."""
    from django.utils import timezone

    from caringcity.evaluation.models import Score
    from caringcity.people.tests.factories import MembershipFactory

    if person is None:
        person = MembershipFactory(commons=survey_round.commons).person
    invitation = invite(survey_round, person, consent=consent, finished_at=timezone.now() if finished else None)
    invitation.teams.set(teams)
    invitation.circles.set(circles)
    for (instrument_key, measure_key), value in (scores or {}).items():
        value, band = value if isinstance(value, tuple) else (value, "")
        Score.objects.create(invitation=invitation, instrument_key=instrument_key, measure_key=measure_key, value=value, band=band)
    return invitation


def shared(survey_round, *, days_ago=0, first_look_days=7):
    """Close the round and share its results with the people who answered ``days_ago`` days ago."""
    from django.utils import timezone

    survey_round.status = "closed"
    survey_round.first_look_days = first_look_days
    survey_round.results_to_respondents = timezone.now() - datetime.timedelta(days=days_ago)
    survey_round.save()
    return survey_round


def make_reflection(commons, title="Fewer gaps in the rota", saw="Most visits had someone.", **fields):
    from caringcity.evaluation.models import Reflection

    indicators = fields.pop("indicators", ())
    reflection = Reflection.objects.create(commons=commons, title=title, saw=saw, **fields)
    reflection.indicators.set(indicators)
    return reflection


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
