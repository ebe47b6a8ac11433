"""The glossary: planning and care words explained in plain language wherever they appear."""

import re
from dataclasses import dataclass

from django.utils.text import slugify

from caringcity.lab.models import GlossaryTerm


@dataclass(frozen=True)
class Term:
    term: str
    anchor: str  # the id of its entry on the glossary page
    meaning: str
    pattern: object  # compiled: the term or any other way of writing it, as whole words


def anchor_for(term):
    return f"term-{slugify(term) or 'x'}"


def _compile(term, also):
    spellings = [term] + [word.strip() for word in (also or "").split(",") if word.strip()]
    spellings.sort(key=len, reverse=True)  # "local plan" before "plan"
    return re.compile(r"(?<!\w)(" + "|".join(re.escape(word) for word in spellings) + r")(?!\w)", re.IGNORECASE)


def terms_for(commons):
    """The commons' glossary, one query, kept on the commons object for the rest of the request."""
    cached = commons.__dict__.get("_lab_glossary")
    if cached is None:
        cached = [Term(row.term, anchor_for(row.term), row.meaning, _compile(row.term, row.also))
                  for row in GlossaryTerm.objects.filter(commons=commons).order_by("term")]
        commons.__dict__["_lab_glossary"] = cached
    return cached


def entries_for(commons):
    """The glossary rows themselves, for organisers to change."""
    return GlossaryTerm.objects.filter(commons=commons).order_by("term")
