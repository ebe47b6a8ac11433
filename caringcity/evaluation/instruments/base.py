"""The one shape every questionnaire has for the rest of evaluation (surveys ask its items, results
and reports read its measures). Scoring is exact and lives with each instrument.

Contract (the ``instruments`` part implements it in ``registry.py``):

- ``registry.get(commons, key) -> Instrument`` (raises ``LookupError`` for an unknown key, a
  licensed instrument without a configured licence, or another commons' own questionnaire);
- ``registry.available(commons) -> [Instrument]`` what a round may use now;
- ``Instrument.score(answers) -> [ScoreResult]`` where ``answers`` is {item key: int | str | None}
  (None or missing: skipped). Incomplete answers give ``value=None`` with a ``note`` saying why.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Option:
    value: int
    label: str


@dataclass(frozen=True)
class Item:
    key: str
    text: str
    kind: str  # models.ItemKind: "scale", "choice", "text"
    options: tuple = ()  # (Option, ...) for scale and choice, lowest first
    reverse: bool = False
    factor: str = ""  # factor key, own questionnaires only
    low_label: str = ""
    high_label: str = ""


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    low: float | None = None  # the lowest and highest possible values, for charts
    high: float | None = None
    definition: str = ""  # how it is scored, in plain words
    has_bands: bool = False


@dataclass(frozen=True)
class ScoreResult:
    measure: str
    value: float | None
    band: str = ""  # the band's key, for instruments with official bands
    note: str = ""  # why there is no value, in plain words


@dataclass
class Instrument:
    key: str
    name: str
    introduction: str
    items: list
    measures: list
    notice: str = ""  # copyright or licence notice: on every form and export
    source: str = ""  # where the questions and scoring come from
    language: str = "en"  # the language of the instrument's own wording
    official_languages: tuple = ("en",)  # languages with an official translation
    own: bool = False
    scorer: object = field(default=None, repr=False)  # callable(answers) -> [ScoreResult]

    def score(self, answers):
        return self.scorer(answers)

    def item(self, key):
        return next(item for item in self.items if item.key == key)

    def measure(self, key):
        return next(measure for measure in self.measures if measure.key == key)
