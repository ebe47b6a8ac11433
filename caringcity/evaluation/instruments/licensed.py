"""Licensed questionnaires (for example ASCOT): offered only when the operator configures their
licence. ``settings.EVALUATION_LICENCES`` maps a key to the path of a JSON file the operator
prepares from what their licence gives them: the items, the answers with their weights, how the
measures are scored, and the licence notice. The product ships no licensed wording.

The file format (checked with JSON Schema, ``SCHEMA`` below; see docs/evaluation-instruments.md)::

    {
      "name": "...", "introduction": "...", "notice": "...", "source": "...",
      "language": "en", "official_languages": ["en"],
      "items": [{"key": "q1", "text": "...", "options": [{"value": 1, "label": "...", "weight": 0.5}, ...]}, ...],
      "measures": [{"key": "total", "label": "...", "items": ["q1", ...], "constant": 0,
                    "low": 0, "high": 1, "decimals": 3, "definition": "..."}]
    }

A measure's value is ``constant`` plus the sum of the weights of the chosen answers of its items
(all its items by default), rounded to ``decimals``; it is given only when all those items are
answered."""

import json
from functools import lru_cache
from pathlib import Path

import jsonschema
from django.conf import settings
from django.utils.translation import gettext as _

from caringcity.evaluation import keys
from caringcity.evaluation.instruments.base import Instrument, Item, Measure, Option, ScoreResult
from caringcity.evaluation.instruments.common import answer_value

KEY_PATTERN = "^[a-z][a-z0-9_]{1,38}$"

SCHEMA = {
    "type": "object",
    "required": ["name", "notice", "items", "measures"],
    "additionalProperties": False,
    "properties": {
        "name": {"type": "string", "minLength": 1, "maxLength": 200},
        "introduction": {"type": "string"},
        "notice": {"type": "string", "minLength": 1},
        "source": {"type": "string"},
        "language": {"type": "string", "minLength": 2, "maxLength": 10},
        "official_languages": {"type": "array", "items": {"type": "string"}},
        "items": {"type": "array", "minItems": 1, "items": {
            "type": "object", "required": ["key", "text", "options"], "additionalProperties": False,
            "properties": {
                "key": {"type": "string", "pattern": KEY_PATTERN},
                "text": {"type": "string", "minLength": 1},
                "options": {"type": "array", "minItems": 2, "items": {
                    "type": "object", "required": ["value", "label", "weight"], "additionalProperties": False,
                    "properties": {"value": {"type": "integer"}, "label": {"type": "string", "minLength": 1},
                                   "weight": {"type": "number"}}}},
            }}},
        "measures": {"type": "array", "minItems": 1, "items": {
            "type": "object", "required": ["key", "label"], "additionalProperties": False,
            "properties": {
                "key": {"type": "string", "pattern": KEY_PATTERN},
                "label": {"type": "string", "minLength": 1},
                "items": {"type": "array", "items": {"type": "string"}},
                "constant": {"type": "number"},
                "low": {"type": "number"}, "high": {"type": "number"},
                "decimals": {"type": "integer", "minimum": 0, "maximum": 6},
                "definition": {"type": "string"},
            }}},
    },
}


class LicenceProblem(Exception):
    """The configured licence file is missing or not in the expected format."""


def configured():
    """{key: path} of the licences the operator configured."""
    return dict(getattr(settings, "EVALUATION_LICENCES", {}) or {})


def status(key):
    """"licensed", "needs_licence" or "unreadable" (a configured file that cannot be used)."""
    path = configured().get(key)
    if not path:
        return "needs_licence"
    try:
        load(key)
    except LicenceProblem:
        return "unreadable"
    return "licensed"


def problem(key):
    """Why a configured licence file cannot be used, in plain words ("" when it can)."""
    try:
        load(key)
    except LicenceProblem as exc:
        return str(exc)
    return ""


def load(key):
    path = configured().get(key)
    if not path:
        raise LookupError(key)
    try:
        stat = Path(path).stat()
    except OSError as exc:
        raise LicenceProblem(_("The licence file for %(key)s cannot be opened.") % {"key": key}) from exc
    return _load(key, str(path), (stat.st_mtime_ns, stat.st_size))


@lru_cache(maxsize=32)
def _load(key, path, _version):
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError) as exc:
        raise LicenceProblem(_("The licence file for %(key)s is not a JSON file we can read.") % {"key": key}) from exc
    try:
        jsonschema.validate(data, SCHEMA)
    except jsonschema.ValidationError as exc:
        where = "/".join(str(part) for part in exc.absolute_path) or "the top level"
        raise LicenceProblem(_("The licence file for %(key)s has a problem at %(where)s: %(message)s")
                             % {"key": key, "where": where, "message": exc.message}) from exc
    item_keys = [item["key"] for item in data["items"]]
    if len(set(item_keys)) != len(item_keys):
        raise LicenceProblem(_("The licence file for %(key)s uses the same question key twice.") % {"key": key})
    for measure in data["measures"]:
        unknown = set(measure.get("items", ())) - set(item_keys)
        if unknown:
            raise LicenceProblem(_("The licence file for %(key)s: measure %(measure)s names questions that are not in the file.")
                                 % {"key": key, "measure": measure["key"]})
    return data


def build(key):
    """The licensed questionnaire ``key`` (LookupError without a usable licence)."""
    if keys.is_own(key) or key in (keys.SWEMWBS, keys.ONS4, keys.LONELINESS):
        raise LookupError(key)
    try:
        data = load(key)
    except LicenceProblem as exc:
        raise LookupError(key) from exc
    weights = {item["key"]: {option["value"]: option["weight"] for option in item["options"]} for item in data["items"]}

    def score(answers):
        results = []
        for measure in data["measures"]:
            item_keys = measure.get("items") or list(weights)
            chosen = [answer_value(answers, item_key, weights[item_key]) for item_key in item_keys]
            missing = sum(value is None for value in chosen)
            if missing:
                results.append(ScoreResult(measure["key"], None, note=_(
                    "No score: %(count)s of the %(total)s questions not answered. It is only scored when all are answered.")
                    % {"count": missing, "total": len(item_keys)}))
                continue
            total = measure.get("constant", 0) + sum(weights[k][v] for k, v in zip(item_keys, chosen))
            results.append(ScoreResult(measure["key"], round(total, measure.get("decimals", 3))))
        return results

    return Instrument(
        key=key,
        name=data["name"],
        introduction=data.get("introduction", ""),
        items=[Item(key=item["key"], text=item["text"], kind="scale",
                    options=tuple(Option(o["value"], o["label"]) for o in item["options"]))
               for item in data["items"]],
        measures=[Measure(m["key"], m["label"], m.get("low"), m.get("high"),
                          definition=m.get("definition") or _("Worked out as the licence sets out: each answer has a weight, and the weights are added up. Only given when all its questions are answered."))
                  for m in data["measures"]],
        notice=data["notice"],
        source=data.get("source", ""),
        language=data.get("language", "en"),
        official_languages=tuple(data.get("official_languages") or (data.get("language", "en"),)),
        scorer=score,
    )
