"""Loneliness as ONS measures it for adults: the three-item UCLA loneliness scale (Hughes et al.
2004) scored 3-9, and the ONS direct question "How often do you feel lonely?" kept SEPARATE
(measure ``direct``, reported as its category, never added to the scale). Wording from the GSS
loneliness harmonised principle; not marked for translation because it must stay exact."""

from django.utils.translation import gettext as _

from caringcity.evaluation import keys
from caringcity.evaluation.instruments.base import Instrument, Item, Measure, Option, ScoreResult
from caringcity.evaluation.instruments.common import Band, answer_value, band_for

NAME = "Loneliness (ONS national indicators)"
INTRODUCTION = ("The next four questions are about relationships with others. For each one, please say how "
                "often (if at all) you feel that way.")
NOTICE = ("Three-item loneliness scale: Hughes ME, Waite LJ, Hawkley LC, Cacioppo JT (2004), adapted from the "
          "UCLA Loneliness Scale. Direct question: Office for National Statistics. Contains public sector "
          "information licensed under the Open Government Licence v3.0.")
SOURCE = ("Hughes ME et al. A short scale for measuring loneliness in large surveys. Research on Aging 2004; "
          "26(6):655-672. ONS, Measuring loneliness: guidance for use of the national indicators on surveys "
          "(2018); GSS, Loneliness harmonised principle (2020), "
          "https://gss.civilservice.gov.uk/policy-store/loneliness-indicators/")

UCLA_ITEMS = (
    ("lack_companionship", "How often do you feel that you lack companionship?"),
    ("left_out", "How often do you feel left out?"),
    ("isolated", "How often do you feel isolated from others?"),
)
UCLA_OPTIONS = (Option(1, "Hardly ever or never"), Option(2, "Some of the time"), Option(3, "Often"))
UCLA_ALLOWED = frozenset((1, 2, 3))

DIRECT = "direct"
DIRECT_TEXT = "How often do you feel lonely?"
# Coded as ONS codes them (1 Often/always ... 5 Never); a category, never a number to add up.
DIRECT_OPTIONS = (Option(1, "Often/always"), Option(2, "Some of the time"), Option(3, "Occasionally"),
                  Option(4, "Hardly ever"), Option(5, "Never"))
DIRECT_ALLOWED = frozenset(range(1, 6))
DIRECT_KEYS = ("often_always", "some_of_the_time", "occasionally", "hardly_ever", "never")


def bands(measure):
    """The categories of the direct question (in the order ONS asks them). The scale has none."""
    if measure != DIRECT:
        return []
    return [Band(key, option.label, option.value, option.value) for key, option in zip(DIRECT_KEYS, DIRECT_OPTIONS)]


def score(answers):
    values = [answer_value(answers, key, UCLA_ALLOWED) for key, _text in UCLA_ITEMS]
    missing = sum(value is None for value in values)
    if missing:
        ucla = ScoreResult("ucla3", None, note=_("No score: %(count)s of the 3 loneliness scale questions not answered. The scale is only scored when all 3 are answered.") % {"count": missing})
    else:
        ucla = ScoreResult("ucla3", float(sum(values)))
    direct = answer_value(answers, DIRECT, DIRECT_ALLOWED)
    if direct is None:
        direct_result = ScoreResult(DIRECT, None, note=_("Not answered."))
    else:
        direct_result = ScoreResult(DIRECT, float(direct), band=band_for(bands(DIRECT), direct))
    return [ucla, direct_result]


def build():
    items = [Item(key=key, text=text, kind="scale", options=UCLA_OPTIONS, low_label=UCLA_OPTIONS[0].label,
                  high_label=UCLA_OPTIONS[-1].label) for key, text in UCLA_ITEMS]
    items.append(Item(key=DIRECT, text=DIRECT_TEXT, kind="choice", options=DIRECT_OPTIONS))
    return Instrument(
        key=keys.LONELINESS,
        name=NAME,
        introduction=INTRODUCTION,
        items=items,
        measures=[
            Measure("ucla3", _("Loneliness scale (3 to 9)"), 3.0, 9.0, definition=_(
                "The first three questions are scored 1 (hardly ever or never), 2 (some of the time) and 3 (often) "
                "and added up, from 3 to 9. Higher means lonelier. Only given when all three are answered. The "
                "question \"How often do you feel lonely?\" is never added in.")),
            Measure(DIRECT, _("How often people feel lonely"), None, None, has_bands=True, definition=_(
                "The answer to \"How often do you feel lonely?\", shown as how many people chose each answer "
                "(often or always, some of the time, occasionally, hardly ever, never). It is a category, not a "
                "number: it is never averaged and never added to the loneliness scale.")),
        ],
        notice=NOTICE,
        source=SOURCE,
        scorer=score,
    )
