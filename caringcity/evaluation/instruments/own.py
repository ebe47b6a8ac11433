"""A commons' own questionnaire (``OwnInstrument``) in the one shape every questionnaire has.

Scoring, in plain words:
- a scale question reports its answer as given (measure ``item-<key>``), so it reads like the
  question people saw;
- a reverse-scored scale question counts towards its factor as ``min + max - answer`` (on 1-5,
  5 becomes 1), so that for every question in a factor a higher number means the better end;
- a factor's score (measure ``factor-<key>``) is the mean of its answered scale questions after
  reversing, given only when at least half of its scale questions are answered (2 of 3, 2 of 4);
- choice and free-text questions have no score (free text may be quoted, with permission)."""

from django.utils.translation import gettext as _

from caringcity.evaluation.instruments.base import Instrument, Item, Measure, Option, ScoreResult
from caringcity.evaluation.instruments.common import answer_value
from caringcity.evaluation.models import ItemKind

ITEM_PREFIX = "item-"
FACTOR_PREFIX = "factor-"


def item_options(own_item):
    if own_item.kind == ItemKind.SCALE:
        return tuple(Option(value, str(value)) for value in range(own_item.scale_min, own_item.scale_max + 1))
    if own_item.kind == ItemKind.CHOICE:
        return tuple(Option(number, str(label)) for number, label in enumerate(own_item.choices or [], start=1))
    return ()


def reversed_value(own_item, value):
    return own_item.scale_min + own_item.scale_max - value if own_item.reverse else value


def factor_enough(answered, total):
    """At least half of a factor's scale questions answered."""
    return total > 0 and answered * 2 >= total


def build(own_instrument, items=None, factors=None):
    """``items``/``factors`` default to the instrument's (prefetch them to keep queries constant)."""
    items = list(own_instrument.items.all() if items is None else items)
    factors = list(own_instrument.factors.all() if factors is None else factors)
    factor_keys = {factor.pk: factor.key for factor in factors}
    scale_items = [item for item in items if item.kind == ItemKind.SCALE]

    def score(answers):
        results = []
        given = {}
        for item in scale_items:
            value = answer_value(answers, item.key, range(item.scale_min, item.scale_max + 1))
            given[item.key] = value
            if value is None:
                results.append(ScoreResult(ITEM_PREFIX + item.key, None, note=_("Not answered.")))
            else:
                results.append(ScoreResult(ITEM_PREFIX + item.key, float(value)))
        for factor in factors:
            members = [item for item in scale_items if item.factor_id == factor.pk]
            values = [reversed_value(item, given[item.key]) for item in members if given[item.key] is not None]
            if not members:
                results.append(ScoreResult(FACTOR_PREFIX + factor.key, None, note=_("This part has no scale questions.")))
            elif not factor_enough(len(values), len(members)):
                results.append(ScoreResult(FACTOR_PREFIX + factor.key, None, note=_(
                    "No score: only %(answered)s of its %(total)s questions answered (at least half are needed).")
                    % {"answered": len(values), "total": len(members)}))
            else:
                results.append(ScoreResult(FACTOR_PREFIX + factor.key, sum(values) / len(values)))
        return results

    measures = []
    for factor in factors:
        members = [item for item in scale_items if item.factor_id == factor.pk]
        low = min((item.scale_min for item in members), default=None)
        high = max((item.scale_max for item in members), default=None)
        measures.append(Measure(FACTOR_PREFIX + factor.key, factor.name, low, high, definition=_(
            "The average of this part's %(count)s scale questions, after turning round the reverse-scored ones "
            "so that a higher number is always the better end. Only given when at least half of them are answered.")
            % {"count": len(members)}))
    for item in scale_items:
        measures.append(Measure(ITEM_PREFIX + item.key, item.text[:200], float(item.scale_min), float(item.scale_max),
                                definition=_("The answer to this question as given, from %(low)s to %(high)s.")
                                % {"low": item.scale_min, "high": item.scale_max}))

    return Instrument(
        key=own_instrument.key,
        name=own_instrument.name,
        introduction=own_instrument.introduction,
        items=[Item(key=item.key, text=item.text, kind=item.kind, options=item_options(item), reverse=item.reverse,
                    factor=factor_keys.get(item.factor_id, ""), low_label=item.min_label, high_label=item.max_label)
               for item in items],
        measures=measures,
        notice="",
        source=_("Written by %(commons)s.") % {"commons": own_instrument.commons.name} if _commons_loaded(own_instrument) else "",
        language="",
        official_languages=(),
        own=True,
        scorer=score,
    )


def _commons_loaded(own_instrument):
    return "commons" in getattr(own_instrument, "_state").fields_cache
