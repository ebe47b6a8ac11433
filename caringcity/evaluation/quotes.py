"""Quotes a report may use, from every place that keeps approved quotes.

A *quote source* is registered with ``register_quote_source(key, label, list_fn, get_fn)``:

- ``list_fn(commons) -> [QuoteItem]``: the quotes approved for use in ``commons`` now (never a
  withdrawn one), newest first. A report's form offers them.
- ``get_fn(commons, ids) -> {id: QuoteItem}``: those of ``ids`` still approved. A report reads its
  chosen quotes through it each time it is shown, so a quote withdrawn later disappears from every
  report at once. It must use a fixed number of queries whatever the number of ids.

The survey source (``"survey"``: free-text answers whose writers ticked "may be quoted without my
name", approved by an organiser into a ``Quote``) is registered here. A report keeps its survey
quotes in ``Report.quotes``; quotes from other sources (the stories app's approved interview
quotes, later) in ``Report.outside_quotes`` as ``[{"source": key, "id": id}]``.

A quote never carries the writer's name: only an attribution such as "A volunteer".
"""

import uuid
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from caringcity.evaluation.models import ConsentState, Group, Quote


@dataclass(frozen=True)
class QuoteItem:
    source: str  # the source's key
    id: str  # the quote's id within its source (a uuid as text)
    text: str
    attribution: str  # "A volunteer": never a name
    where: str = ""  # where it was said, for example a survey round's name
    when: object = None  # a date


@dataclass(frozen=True)
class QuoteSource:
    key: str
    label: object  # a lazy translated string
    list_fn: object
    get_fn: object


SOURCES = {}


def register_quote_source(key, label, list_fn, get_fn):
    """Add (or replace) a source of approved quotes. Safe to call more than once."""
    SOURCES[key] = QuoteSource(key, label, list_fn, get_fn)


def sources():
    return list(SOURCES.values())


def outside_sources():
    """Every source but the surveys', whose quotes a report keeps in ``Report.quotes``."""
    return [source for key, source in SOURCES.items() if key != SURVEY]


def outside_quotes(commons, chosen):
    """The still-approved quotes among ``chosen`` (``Report.outside_quotes``), in the chosen order.
    One call per source; a source no longer registered, or an id no longer approved, is left out."""
    wanted = {}
    for entry in chosen or []:
        if isinstance(entry, dict) and entry.get("source") in SOURCES and entry.get("source") != SURVEY:
            wanted.setdefault(entry["source"], []).append(str(entry.get("id", "")))
    found = {key: SOURCES[key].get_fn(commons, ids) for key, ids in wanted.items()}
    result = []
    for entry in chosen or []:
        item = found.get(entry.get("source") if isinstance(entry, dict) else None, {}).get(str(entry.get("id", "")))
        if item is not None:
            result.append(item)
    return result


# --- the survey source --------------------------------------------------------------------------

SURVEY = "survey"

# What a quote says about its writer when the organiser does not choose: from the groups that
# brought them into the round, in this order (the first that applies).
GROUP_ATTRIBUTION = {
    Group.TEAM_OWNERS: _("Someone who owns a care team"),
    Group.FAMILY: _("A family member or friend"),
    Group.WORKERS: _("A care worker"),
    Group.VOLUNTEERS: _("A volunteer"),
    Group.CIRCLE_MEMBERS: _("A circle member"),
}
DEFAULT_ATTRIBUTION = _("Someone who took part")


def attribution_choices():
    """The attributions an organiser may choose from (never a name)."""
    return [(str(label), label) for label in [*GROUP_ATTRIBUTION.values(), DEFAULT_ATTRIBUTION]]


def derived_attribution(groups):
    for group, label in GROUP_ATTRIBUTION.items():
        if group in (groups or []):
            return str(label)
    return str(DEFAULT_ATTRIBUTION)


def visible_quotes(commons):
    """Survey quotes that may be shown: approved, not withdrawn, and whose writer still allows it."""
    return (Quote.objects.filter(commons=commons, approved_at__isnull=False, withdrawn_at__isnull=True,
                                 answer__may_quote=True, answer__skipped=False)
            .exclude(answer__invitation__consent__in=[ConsentState.WITHDRAWN, ConsentState.DECLINED])
            .select_related("answer__invitation__round"))


def _item(quote):
    survey_round = quote.answer.invitation.round if quote.answer_id else None
    return QuoteItem(source=SURVEY, id=str(quote.uuid), text=quote.text, attribution=quote.attribution,
                     where=survey_round.name if survey_round else "", when=quote.approved_at.date() if quote.approved_at else None)


def _survey_list(commons):
    return [_item(quote) for quote in visible_quotes(commons).order_by("-approved_at")]


def _survey_get(commons, ids):
    good = []
    for value in ids:
        try:
            good.append(uuid.UUID(str(value)))
        except ValueError:
            continue
    return {str(quote.uuid): _item(quote) for quote in visible_quotes(commons).filter(uuid__in=good)}


def survey_items(quotes):
    """QuoteItems for ``Quote`` rows already fetched with ``visible_quotes``."""
    return [_item(quote) for quote in quotes]


register_quote_source(SURVEY, _("Survey answers"), _survey_list, _survey_get)
