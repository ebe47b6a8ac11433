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

# --- reports ---------------------------------------------------------------------------------
