"""Small helpers the instruments share: reading one answer, and named bands."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Band:
    """An official band (or a category) of one measure: ``low``..``high`` inclusive."""

    key: str
    label: str
    low: int
    high: int

    def holds(self, value):
        return self.low <= value <= self.high


def answer_value(answers, key, allowed):
    """The whole-number answer to ``key`` if it is one of ``allowed``, else None (skipped, missing,
    or not a possible answer). Answers may come as int or as a string of digits (a posted form)."""
    value = (answers or {}).get(key)
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str):
        value = value.strip()
        if not value.lstrip("-").isdigit():
            return None
        value = int(value)
    if not isinstance(value, int):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        else:
            return None
    return value if value in allowed else None


def band_for(bands, value):
    return next((band.key for band in bands if band.holds(value)), "")
