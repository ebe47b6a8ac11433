"""A theory of change drawn on the server as an accessible SVG.

Five columns, left to right: output dimensions → outputs → outcome domains → outcomes →
indicators. A dimension's box spans its outputs, a domain's box spans its outcomes and an
outcome's box spans its indicators, joined by short lines ("part of"). Arrows go from an output
to each outcome it leads to.

Accessibility: the picture (boxes, lines, arrows) is a group with ``role="img"``, a ``<title>``
and a ``<desc>`` that says in words what it holds. Each box also has its own link, a transparent
``<a>`` laid over it with the box's whole name as its accessible name, kept outside the picture
group so that keyboard and screen-reader users reach every link (links inside ``role="img"`` would
be hidden from them). The chosen outcome has a thick outline and the word "Chosen" on it, and its
arrows are thick: colour is never the only cue. The same content is on the page as an outline.

The drawing depends only on the data: the same framework gives the same SVG.

``draw(tree, href, chosen=None, id_prefix="toc")`` takes a ``selectors.framework.Tree``;
``href(kind, element)`` gives each box's link. Returns safe HTML.
"""

import textwrap

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

MARGIN = 16
BOX_W = 200
GAP = 64  # between columns, room for lines and arrows
SLOT = 68  # one row
BOX_H = 56
GROUP_GAP = 14  # extra room between groups
HEAD = 44  # the column titles
LINE = 15
CHARS = 27  # a line of text in a box
BOLD_CHARS = 23
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
INK = "#0b0c0c"
FILLS = {"dimension": "#e8f0fe", "output": "#ffffff", "domain": "#fdf2e9", "outcome": "#ffffff", "indicator": "#f3f2f1"}


def _x(column):
    return MARGIN + column * (BOX_W + GAP)


def _f(value):
    text = f"{value:.1f}"
    return text.removesuffix(".0")


def columns():
    return [_("Output dimensions"), _("Outputs"), _("Outcome domains"), _("Outcomes"), _("Indicators")]


def _lines(text, height, chars=CHARS):
    most = max(1, int((height - 10) // LINE))
    lines = textwrap.wrap(text, chars) or [""]
    if len(lines) > most:
        lines = lines[:most]
        lines[-1] = (lines[-1][: chars - 1].rstrip()) + "…"
    return lines


class _Box:
    def __init__(self, kind, element, column, top, height, label=None):
        self.kind, self.element, self.column, self.top, self.height = kind, element, column, top, height
        self.label = label if label is not None else element.name

    left = property(lambda self: _x(self.column))
    right = property(lambda self: _x(self.column) + BOX_W)
    middle = property(lambda self: self.top + self.height / 2)


def layout(tree):
    """[_Box] for every element, in reading order (each group before what it holds, which is also
    the order the keyboard visits the links), and the drawing's height."""
    boxes = []
    y = HEAD
    for dim in tree.dimensions:
        group = _Box("dimension", dim, 0, y, 0)
        boxes.append(group)
        outputs = list(dim.outputs.all())
        for out in outputs:
            boxes.append(_Box("output", out, 1, y, BOX_H))
            y += SLOT
        if not outputs:
            y += SLOT
        group.height = y - group.top - (SLOT - BOX_H)
        y += GROUP_GAP
    left_bottom = y
    y = HEAD
    for domain in tree.domains:
        group = _Box("domain", domain, 2, y, 0)
        boxes.append(group)
        outcomes = list(domain.outcomes.all())
        for outcome in outcomes:
            box = _Box("outcome", outcome, 3, y, 0)
            boxes.append(box)
            indicators = list(outcome.indicators.all())
            for indicator in indicators:
                boxes.append(_Box("indicator", indicator, 4, y, BOX_H))
                y += SLOT
            if not indicators:
                y += SLOT
            box.height = y - box.top - (SLOT - BOX_H)
        if not outcomes:
            y += SLOT
        group.height = y - group.top - (SLOT - BOX_H)
        y += GROUP_GAP
    height = max(left_bottom, y, HEAD + SLOT) + MARGIN
    return boxes, height


def describe(tree, chosen=None):
    parts = [
        ngettext("%(count)d output dimension", "%(count)d output dimensions", len(tree.dimensions)) % {"count": len(tree.dimensions)},
        ngettext("%(count)d output", "%(count)d outputs", len(tree.outputs)) % {"count": len(tree.outputs)},
        ngettext("%(count)d outcome domain", "%(count)d outcome domains", len(tree.domains)) % {"count": len(tree.domains)},
        ngettext("%(count)d outcome", "%(count)d outcomes", len(tree.outcomes)) % {"count": len(tree.outcomes)},
        ngettext("%(count)d indicator", "%(count)d indicators", len(tree.indicators)) % {"count": len(tree.indicators)},
    ]
    links = len(tree.links)
    text = [
        _("The framework in five columns, from left to right: %(parts)s.") % {"parts": ", ".join(parts)},
        ngettext("%(count)d arrow shows which output leads to which outcome.",
                 "%(count)d arrows show which outputs lead to which outcomes.", links) % {"count": links},
    ]
    if chosen is not None:
        text.append(_("Chosen: %(name)s.") % {"name": chosen.name})
    text.append(_("The outline below the drawing gives the same in words."))
    return " ".join(text)


def _box_svg(box, chosen):
    is_chosen = chosen is not None and box.kind == "outcome" and box.element.pk == chosen.pk
    stroke = 4 if is_chosen else (2 if box.kind in ("dimension", "domain") else 1.5)
    dashes = ' stroke-dasharray="6 4"' if box.kind == "indicator" else ""
    out = [f'<g class="ev-framework-box ev-framework-box--{box.kind}{" ev-framework-box--chosen" if is_chosen else ""}">',
           f'<rect x="{_f(box.left)}" y="{_f(box.top)}" width="{BOX_W}" height="{_f(box.height)}" rx="6" '
           f'fill="{FILLS[box.kind]}" stroke="{INK}" stroke-width="{stroke}"{dashes}/>']
    bold = box.kind in ("dimension", "domain") or is_chosen
    lines = _lines(box.label, box.height - (LINE if is_chosen else 0), BOLD_CHARS if bold else CHARS)
    if is_chosen:
        lines = [_("Chosen:")] + lines
    if box.kind in ("dimension", "domain"):  # a heading at the top of its group, clear of the arrows below
        first = box.top + 22
    else:
        first = box.middle - (len(lines) - 1) * LINE / 2 + 4
    weight = ' font-weight="700"' if bold else ""
    # a domain's heading is drawn over the arrows that cross its box, with a halo to keep it clear
    halo = f' paint-order="stroke" stroke="{FILLS[box.kind]}" stroke-width="5" stroke-linejoin="round"' if box.kind == "domain" else ""
    texts = [f'<text x="{_f(box.left + 10)}" y="{_f(first + index * LINE)}" font-size="13"{weight}{halo}>{escape(line)}</text>'
             for index, line in enumerate(lines)]
    if box.kind == "domain":
        out.append("</g>")
        return "".join(out), "".join(texts)
    out.extend(texts)
    out.append("</g>")
    return "".join(out), ""


def _connector(parent, child):
    y = child.middle
    x0, x1 = parent.right, child.left
    return f'<path d="M{_f(x0)} {_f(y)} H{_f(x1)}" class="ev-framework-part" stroke="{INK}" stroke-width="1" fill="none"/>'


def draw(tree, href, chosen=None, id_prefix="toc"):
    boxes, height = layout(tree)
    width = 2 * MARGIN + 5 * BOX_W + 4 * GAP
    by = {(box.kind, box.element.pk): box for box in boxes}
    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    name = tree.framework.name
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="ev-framework-svg" viewBox="0 0 {width} {_f(height)}" '
        f'width="{width}" height="{_f(height)}" font-family="{escape(FONT)}" fill="{INK}">',
        f'<g role="img" aria-labelledby="{title_id} {desc_id}">',
        f'<title id="{title_id}">{escape(_("The changes we hope for: %(name)s") % {"name": name})}</title>',
        f'<desc id="{desc_id}">{escape(describe(tree, chosen))}</desc>',
        "<defs>",
        f'<marker id="{id_prefix}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="9" markerHeight="9" markerUnits="userSpaceOnUse" orient="auto">'
        f'<path d="M0 0 L10 5 L0 10 z" fill="{INK}"/></marker>',
        "</defs>",
    ]
    for column, label in enumerate(columns()):
        out.append(f'<text x="{_f(_x(column))}" y="{HEAD - 16}" font-size="14" font-weight="700">{escape(label)}</text>')
    headings = []
    for box in boxes:
        drawn, heading = _box_svg(box, chosen)
        out.append(drawn)
        headings.append(heading)
    for dim in tree.dimensions:
        for output in dim.outputs.all():
            out.append(_connector(by[("dimension", dim.pk)], by[("output", output.pk)]))
    for domain in tree.domains:
        for outcome in domain.outcomes.all():
            out.append(_connector(by[("domain", domain.pk)], by[("outcome", outcome.pk)]))
            for indicator in outcome.indicators.all():
                out.append(_connector(by[("outcome", outcome.pk)], by[("indicator", indicator.pk)]))
    for output, outcome in tree.links:
        start, end = by[("output", output.pk)], by[("outcome", outcome.pk)]
        x0, y0, x1, y1 = start.right, start.middle, end.left - 2, end.middle
        bend = (x1 - x0) / 2
        thick = chosen is not None and outcome.pk == chosen.pk
        out.append(f'<path class="ev-framework-arrow{" ev-framework-arrow--chosen" if thick else ""}" '
                   f'd="M{_f(x0)} {_f(y0)} C{_f(x0 + bend)} {_f(y0)} {_f(x1 - bend)} {_f(y1)} {_f(x1)} {_f(y1)}" '
                   f'fill="none" stroke="{INK}" stroke-width="{3 if thick else 1.25}" marker-end="url(#{id_prefix}-arrow)"/>')
    out.extend(h for h in headings if h)
    out.append("</g>")
    # one link over each box, outside the picture so everyone can reach it
    out.append('<g class="ev-framework-links">')
    words = {"dimension": _("Output dimension"), "output": _("Output"), "domain": _("Outcome domain"),
             "outcome": _("Outcome"), "indicator": _("Indicator")}
    for box in boxes:
        label = _("%(level)s: %(name)s") % {"level": words[box.kind], "name": box.label}
        out.append(f'<a href="{escape(href(box.kind, box.element))}" aria-label="{escape(label)}" class="ev-framework-link">'
                   f'<rect x="{_f(box.left)}" y="{_f(box.top)}" width="{BOX_W}" height="{_f(box.height)}" rx="6" '
                   f'fill="transparent" class="ev-framework-hit"/></a>')
    out.append("</g></svg>")
    return mark_safe("".join(out))
