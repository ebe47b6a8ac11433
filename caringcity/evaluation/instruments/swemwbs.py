"""The Short Warwick-Edinburgh Mental Wellbeing Scale (SWEMWBS): seven statements answered 1-5,
summed to a raw total of 7-35 and converted to a metric score with the official conversion table
(Stewart-Brown et al. 2009, Warwick Medical School). Any item missing: no score.

The statements, answers and introduction are the scale's own English wording and must stay exactly
as published, so they are not marked for translation. See docs/evaluation-instruments.md for the
sources checked."""

from django.utils.translation import gettext as _

from caringcity.evaluation import keys
from caringcity.evaluation.instruments.base import Instrument, Item, Measure, Option, ScoreResult
from caringcity.evaluation.instruments.common import answer_value

NAME = "Short Warwick-Edinburgh Mental Wellbeing Scale (SWEMWBS)"
INTRODUCTION = ("Below are some statements about feelings and thoughts. Please tick the box that best "
                "describes your experience of each over the last 2 weeks")
NOTICE = ("Short Warwick Edinburgh Mental Wellbeing Scale (SWEMWBS) © NHS Health Scotland, University of "
          "Warwick and University of Edinburgh, 2008, all rights reserved.")
SOURCE = ("Stewart-Brown S, Tennant A, Tennant R, Platt S, Parkinson J, Weich S. Internal construct validity "
          "of the Warwick-Edinburgh Mental Well-being Scale (WEMWBS): a Rasch analysis using data from the "
          "Scottish Health Education Population Survey. Health and Quality of Life Outcomes 2009; 7:15. "
          "Scoring: Warwick Medical School, https://warwick.ac.uk/fac/sci/med/research/platform/wemwbs/")

ITEMS = (
    ("optimistic", "I've been feeling optimistic about the future"),
    ("useful", "I've been feeling useful"),
    ("relaxed", "I've been feeling relaxed"),
    ("problems", "I've been dealing with problems well"),
    ("clearly", "I've been thinking clearly"),
    ("close", "I've been feeling close to other people"),
    ("own_mind", "I've been able to make up my own mind about things"),
)
OPTIONS = (
    Option(1, "None of the time"),
    Option(2, "Rarely"),
    Option(3, "Some of the time"),
    Option(4, "Often"),
    Option(5, "All of the time"),
)
ALLOWED = frozenset(option.value for option in OPTIONS)

# The official raw-to-metric conversion table: raw total (7-35) -> metric score.
METRIC = {
    7: 7.00, 8: 9.51, 9: 11.25, 10: 12.40, 11: 13.33, 12: 14.08, 13: 14.75, 14: 15.32, 15: 15.84,
    16: 16.36, 17: 16.88, 18: 17.43, 19: 17.98, 20: 18.59, 21: 19.25, 22: 19.98, 23: 20.73,
    24: 21.54, 25: 22.35, 26: 23.21, 27: 24.11, 28: 25.03, 29: 26.02, 30: 27.03, 31: 28.13,
    32: 29.31, 33: 30.70, 34: 32.55, 35: 35.00,
}


def score(answers):
    values = [answer_value(answers, key, ALLOWED) for key, _text in ITEMS]
    missing = sum(value is None for value in values)
    if missing:
        note = _("No score: %(count)s of the 7 statements not answered. The scale is only scored when all 7 are answered.") % {"count": missing}
        return [ScoreResult("metric", None, note=note), ScoreResult("raw", None, note=note)]
    raw = sum(values)
    return [ScoreResult("metric", METRIC[raw]), ScoreResult("raw", float(raw))]


def build():
    return Instrument(
        key=keys.SWEMWBS,
        name=NAME,
        introduction=INTRODUCTION,
        items=[Item(key=key, text=text, kind="scale", options=OPTIONS, low_label=OPTIONS[0].label,
                    high_label=OPTIONS[-1].label) for key, text in ITEMS],
        measures=[
            Measure("metric", _("Mental wellbeing (metric score)"), 7.0, 35.0, has_bands=False, definition=_(
                "Each of the 7 statements is scored from 1 (none of the time) to 5 (all of the time). The 7 scores "
                "are added up (7 to 35) and the total is changed into a metric score with the official conversion "
                "table from Warwick Medical School. Higher means better mental wellbeing. If any statement is not "
                "answered, there is no score.")),
            Measure("raw", _("Mental wellbeing (raw total)"), 7.0, 35.0, definition=_(
                "The 7 scores added up, from 7 to 35, before the conversion. Only given when all 7 are answered.")),
        ],
        notice=NOTICE,
        source=SOURCE,
        scorer=score,
    )
