"""``{{ text|explain:commons }}``: plain text with line breaks kept, and the first time each
glossary word appears, a link to its plain-language meaning on the glossary page (works without
JavaScript; the meaning is also inside the link as visually hidden text, so screen readers hear it
without leaving the page)."""

from django import template
from django.urls import reverse
from django.utils.html import escape, linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from caringcity.lab.selectors.glossary import terms_for

register = template.Library()


def explain_text(text, commons):
    text = str(text or "")
    terms = terms_for(commons) if commons is not None else []
    # Find the first place each term appears, then keep those that do not overlap an earlier one.
    found = []
    for term in terms:
        match = term.pattern.search(text)
        if match:
            found.append((match.start(), match.end(), term))
    found.sort(key=lambda item: (item[0], -(item[1] - item[0])))
    kept, last_end = [], -1
    for start, end, term in found:
        if start >= last_end:
            kept.append((start, end, term))
            last_end = end
    if not kept:
        return mark_safe(linebreaks(escape(text)))
    url = reverse("lab:public_glossary", args=[commons.slug])
    pieces, position = [], 0
    for start, end, term in kept:
        pieces.append(escape(text[position:start]))
        pieces.append(
            f'<a class="lab-term" href="{url}#{term.anchor}">{escape(text[start:end])}'
            f'<span class="visually-hidden"> ({escape(_("meaning:"))} {escape(term.meaning)})</span></a>'
        )
        position = end
    pieces.append(escape(text[position:]))
    return mark_safe(linebreaks("".join(pieces), autoescape=False))


@register.filter
def explain(text, commons):
    return explain_text(text, commons)
