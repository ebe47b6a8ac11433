"""ONS personal well-being (the "ONS4"): the four harmonised questions, each answered 0-10 and
reported on its own, with the official ONS bands (thresholds). There is no composite score: ONS
reports the four separately. Wording from the GSS harmonised standard (the Annual Population
Survey); not marked for translation because it must stay exact."""

from django.utils.translation import gettext as _

from caringcity.evaluation import keys
from caringcity.evaluation.instruments.base import Instrument, Item, Measure, Option, ScoreResult
from caringcity.evaluation.instruments.common import Band, answer_value, band_for

NAME = "ONS personal well-being (ONS4)"
INTRODUCTION = ("Next I would like to ask you four questions about your feelings on aspects of your life. "
                "There are no right or wrong answers. For each of these questions I'd like you to give an answer "
                "on a scale of nought to 10, where nought is 'not at all' and 10 is 'completely'.")
NOTICE = ("ONS personal well-being questions, Office for National Statistics. Contains public sector "
          "information licensed under the Open Government Licence v3.0.")
SOURCE = ("Office for National Statistics, Personal well-being harmonised standard (Government Statistical "
          "Service, 2019), https://gss.civilservice.gov.uk/policy-store/personal-well-being/ ; thresholds: ONS "
          "Personal well-being frequently asked questions.")

ITEMS = (
    ("life_satisfaction", "Overall, how satisfied are you with your life nowadays?",
     "Not at all satisfied", "Completely satisfied"),
    ("worthwhile", "Overall, to what extent do you feel that the things you do in your life are worthwhile?",
     "Not at all worthwhile", "Completely worthwhile"),
    ("happiness", "Overall, how happy did you feel yesterday?", "Not at all happy", "Completely happy"),
    ("anxiety", "On a scale where nought is 'not at all anxious' and 10 is 'completely anxious', overall, how "
                "anxious did you feel yesterday?", "Not at all anxious", "Completely anxious"),
)
OPTIONS = tuple(Option(value, str(value)) for value in range(11))
ALLOWED = frozenset(range(11))


def bands(measure):
    """The official ONS thresholds for ``measure`` (lowest first)."""
    if measure == "anxiety":
        return [Band("very_low", _("Very low (0 to 1)"), 0, 1), Band("low", _("Low (2 to 3)"), 2, 3),
                Band("medium", _("Medium (4 to 5)"), 4, 5), Band("high", _("High (6 to 10)"), 6, 10)]
    return [Band("low", _("Low (0 to 4)"), 0, 4), Band("medium", _("Medium (5 to 6)"), 5, 6),
            Band("high", _("High (7 to 8)"), 7, 8), Band("very_high", _("Very high (9 to 10)"), 9, 10)]


def score(answers):
    results = []
    for key, *_rest in ITEMS:
        value = answer_value(answers, key, ALLOWED)
        if value is None:
            results.append(ScoreResult(key, None, note=_("Not answered.")))
        else:
            results.append(ScoreResult(key, float(value), band=band_for(bands(key), value)))
    return results


def build():
    labels = {"life_satisfaction": _("Life satisfaction"), "worthwhile": _("Feeling that what you do is worthwhile"),
              "happiness": _("Happiness yesterday"), "anxiety": _("Anxiety yesterday")}
    return Instrument(
        key=keys.ONS4,
        name=NAME,
        introduction=INTRODUCTION,
        items=[Item(key=key, text=text, kind="scale", options=OPTIONS, low_label=low, high_label=high)
               for key, text, low, high in ITEMS],
        measures=[
            Measure(key, labels[key], 0.0, 10.0, has_bands=True, definition=(
                _("The answer itself, from 0 to 10, shown in the official ONS bands: 0 to 1 very low, 2 to 3 low, "
                  "4 to 5 medium, 6 to 10 high. For anxiety, lower is better.") if key == "anxiety" else
                _("The answer itself, from 0 to 10, shown in the official ONS bands: 0 to 4 low, 5 to 6 medium, "
                  "7 to 8 high, 9 to 10 very high. Higher is better.")))
            for key, *_rest in ITEMS
        ],
        notice=NOTICE,
        source=SOURCE,
        scorer=score,
    )
