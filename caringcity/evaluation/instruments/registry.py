"""Every questionnaire a commons may use, by key: the published ones (SWEMWBS, ONS personal
well-being, loneliness), licensed ones the operator configured (``settings.EVALUATION_LICENCES``),
and the commons' own (``own-<uuid>``).

- ``get(commons, key) -> Instrument``: LookupError for an unknown key, a licensed questionnaire
  without a usable licence, or another commons' own questionnaire.
- ``available(commons) -> [Instrument]``: what a survey round may use now (published, licensed,
  and the commons' own questionnaires that have at least one question).
- ``listing(commons) -> [Entry]``: everything for the Questionnaires page, including licensed
  questionnaires that still need a licence.
- ``bands(key, measure) -> [Band]``: the official bands or categories of a measure (ONS4 bands,
  the loneliness direct question's categories); [] for measures without bands.
"""

import uuid
from dataclasses import dataclass

from django.db.models import Prefetch

from caringcity.evaluation import keys
from caringcity.evaluation.instruments import licensed, loneliness, ons4, own, swemwbs

PUBLISHED = {keys.SWEMWBS: swemwbs, keys.ONS4: ons4, keys.LONELINESS: loneliness}
LICENSED_KNOWN = (keys.ASCOT,)  # listed as "needs a licence" until the operator configures one
LICENSED_NAMES = {keys.ASCOT: "Adult Social Care Outcomes Toolkit (ASCOT)"}


@dataclass
class Entry:
    key: str
    name: str
    kind: str  # "published", "licensed", "own"
    status: str  # "ready", "needs_licence", "unreadable", "locked", "draft"
    instrument: object = None  # the Instrument when it can be used or shown
    record: object = None  # the OwnInstrument, for own questionnaires


def _own_queryset(commons):
    from caringcity.evaluation.models import OwnInstrument, OwnItem

    return (OwnInstrument.objects.filter(commons=commons).select_related("commons")
            .prefetch_related(Prefetch("items", queryset=OwnItem.objects.order_by("order", "pk")), "factors"))


def own_record(commons, key):
    """The commons' OwnInstrument for ``own-<uuid>`` (LookupError otherwise)."""
    from caringcity.evaluation.models import OwnInstrument

    if not keys.is_own(key):
        raise LookupError(key)
    try:
        wanted = uuid.UUID(key[len(keys.OWN_PREFIX):])
        return _own_queryset(commons).get(uuid=wanted)
    except (ValueError, TypeError, OwnInstrument.DoesNotExist) as exc:
        raise LookupError(key) from exc


def get(commons, key):
    if key in PUBLISHED:
        return PUBLISHED[key].build()
    if keys.is_own(key):
        return own.build(own_record(commons, key))
    if key in licensed.configured():
        return licensed.build(key)
    raise LookupError(key)


def _licensed_keys():
    result = list(LICENSED_KNOWN)
    result += [key for key in licensed.configured() if key not in result and key not in PUBLISHED and not keys.is_own(key)]
    return result


def available(commons):
    result = [module.build() for module in PUBLISHED.values()]
    for key in _licensed_keys():
        if licensed.status(key) == "licensed":
            result.append(licensed.build(key))
    for record in _own_queryset(commons):
        if record.items.all():
            result.append(own.build(record))
    return result


def listing(commons):
    entries = [Entry(key, module.build().name, "published", "ready", module.build()) for key, module in PUBLISHED.items()]
    for key in _licensed_keys():
        state = licensed.status(key)
        if state == "licensed":
            instrument = licensed.build(key)
            entries.append(Entry(key, instrument.name, "licensed", "ready", instrument))
        else:
            entries.append(Entry(key, LICENSED_NAMES.get(key, key), "licensed", state))
    for record in _own_queryset(commons):
        entries.append(Entry(record.key, record.name, "own", "locked" if record.locked else "draft", own.build(record), record))
    return entries


def bands(key, measure):
    if key == keys.ONS4:
        return ons4.bands(measure)
    if key == keys.LONELINESS:
        return loneliness.bands(measure)
    return []
