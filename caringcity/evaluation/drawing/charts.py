"""Charts drawn on the server as accessible SVG, for survey results and reports.

Two general charts, both horizontal bars so long labels read well and nothing needs JavaScript:

- ``bar_chart(rows, title=..., description=...)``: one bar per row, each row
  ``(label, value, low, high)``. The bar runs from ``low`` to ``value`` inside a pale track from
  ``low`` to ``high``, and the value is written at its end with the range ("3.4 of 1 to 5"), so
  rows on different scales can share a chart (a social climate profile, a count per band with
  ``low=0, high=total``). A row whose value is None says "Too few answers" instead of a bar.
- ``before_after_chart(rows, title=..., description=...)``: two bars per row, each row
  ``(label, before, after, low, high)``: "before" hatched with an outline, "after" solid. Each bar
  carries its word ("Before: 3.1 of 1 to 5") so colour and pattern are never the only cue.

Every chart is an ``<svg role="img">`` labelled by its own ``<title>`` and ``<desc>``; the page
shows the same numbers as a table next to it (the chart never holds a figure the table does not).
The drawing depends only on its input: the same data always gives the same SVG.
"""

import hashlib

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

WIDTH = 780
LABEL_W = 230  # room for the row labels, left of the bars
TRACK_W = 300  # the bars' full length (low to high)
ROW_H = 34
BAR_H = 22
PAD = 12
LABEL_MAX = 30
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
INK = "#0b0c0c"
BAR = "#1d5e8c"
TRACK = "#f3f2f1"
EDGE = "#6f6f6f"


def number(value):
    """A figure as the charts and tables write it: whole numbers bare, others with one decimal."""
    if value is None:
        return ""
    rounded = round(float(value), 1)
    return str(int(rounded)) if rounded == int(rounded) else f"{rounded:.1f}"


def _f(value):
    text = f"{value:.1f}"
    return "0" if text in ("-0.0", "0.0") else text.removesuffix(".0")


def _short(label):
    label = str(label)
    return label if len(label) <= LABEL_MAX else label[: LABEL_MAX - 1].rstrip() + "…"


def _chart_id(kind, title, rows):
    digest = hashlib.sha1(repr((kind, str(title), [tuple(map(str, row)) for row in rows])).encode()).hexdigest()[:10]
    return f"ev-chart-{digest}"


def _share(value, low, high):
    """Where ``value`` sits between ``low`` and ``high``, from 0 to 1."""
    if value is None or low is None or high is None or high <= low:
        return 0.0
    return min(1.0, max(0.0, (float(value) - float(low)) / (float(high) - float(low))))


def _range_words(low, high):
    if low is None or high is None:
        return ""
    return _("%(low)s to %(high)s") % {"low": number(low), "high": number(high)}


def _value_words(value, low, high):
    if value is None:
        return _("Too few answers")
    span = _range_words(low, high)
    return _("%(value)s of %(range)s") % {"value": number(value), "range": span} if span else number(value)


def _open(chart_id, title, description, height, css):
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="{css}" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" viewBox="0 0 {WIDTH} {_f(height)}" '
        f'width="{WIDTH}" height="{_f(height)}" font-family="{FONT}" font-size="14">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]


def _row_label(y, label):
    return (f'<text x="{LABEL_W - 10}" y="{_f(y)}" text-anchor="end" dominant-baseline="middle" fill="{INK}">'
            f'{escape(_short(label))}</text>')


def bar_chart(rows, *, title, description, chart_id=None, css="ev-chart"):
    """One bar per ``(label, value, low, high)`` row. Returns safe SVG markup."""
    rows = list(rows)
    chart_id = chart_id or _chart_id("bar", title, rows)
    height = PAD * 2 + max(1, len(rows)) * ROW_H
    out = _open(chart_id, title, description, height, css)
    for i, (label, value, low, high) in enumerate(rows):
        top = PAD + i * ROW_H + (ROW_H - BAR_H) / 2
        middle = top + BAR_H / 2
        out.append("<g>")
        out.append(_row_label(middle, label))
        out.append(f'<rect x="{LABEL_W}" y="{_f(top)}" width="{TRACK_W}" height="{BAR_H}" fill="{TRACK}" stroke="{EDGE}"/>')
        if value is not None:
            width = TRACK_W * _share(value, low, high)
            if width > 0:
                out.append(f'<rect x="{LABEL_W}" y="{_f(top)}" width="{_f(width)}" height="{BAR_H}" fill="{BAR}"/>')
        out.append(f'<text x="{LABEL_W + TRACK_W + 8}" y="{_f(middle)}" dominant-baseline="middle" fill="{INK}">'
                   f'{escape(_value_words(value, low, high))}</text>')
        out.append("</g>")
    out.append("</svg>")
    return mark_safe("".join(out))


def before_after_chart(rows, *, title, description, before_label=None, after_label=None, chart_id=None, css="ev-chart"):
    """Two bars per ``(label, before, after, low, high)`` row: before (hatched), after (solid).
    Each bar says "Before" or "After" in words; the legend above names what each is
    (``before_label``, ``after_label``, for example the two rounds' names)."""
    rows = list(rows)
    before_word, after_word = _("Before"), _("After")
    legend = [(before_word, before_label), (after_word, after_label)]
    chart_id = chart_id or _chart_id("before_after", title, rows)
    legend_h = 2 * 26 + 8
    group_h = BAR_H * 2 + 18
    height = PAD * 2 + legend_h + max(1, len(rows)) * group_h
    out = _open(chart_id, title, description, height, css)
    pattern = f"{chart_id}-hatch"
    out.append(f'<defs><pattern id="{pattern}" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
               f'<rect width="8" height="8" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="8" stroke="{BAR}" stroke-width="4"/>'
               f'</pattern></defs>')
    out.append("<g>")  # the legend: a swatch and its words for each kind of bar
    for i, ((word, name), fill) in enumerate(zip(legend, (f"url(#{pattern})", BAR))):
        y = PAD + i * 26
        text = f"{word}: {name}" if name else word
        out.append(f'<rect x="{LABEL_W}" y="{y}" width="18" height="18" fill="{fill}" stroke="{INK}"/>'
                   f'<text x="{LABEL_W + 26}" y="{y + 9}" dominant-baseline="middle" fill="{INK}">{escape(text)}</text>')
    out.append("</g>")
    for i, (label, before, after, low, high) in enumerate(rows):
        top = PAD + legend_h + i * group_h
        out.append("<g>")
        out.append(_row_label(top + BAR_H, label))
        for j, (value, word, fill) in enumerate(((before, before_word, f"url(#{pattern})"), (after, after_word, BAR))):
            bar_top = top + j * (BAR_H + 2)
            out.append(f'<rect x="{LABEL_W}" y="{_f(bar_top)}" width="{TRACK_W}" height="{BAR_H}" fill="{TRACK}" stroke="{EDGE}"/>')
            if value is not None:
                width = TRACK_W * _share(value, low, high)
                if width > 0:
                    out.append(f'<rect x="{LABEL_W}" y="{_f(bar_top)}" width="{_f(width)}" height="{BAR_H}" fill="{fill}" stroke="{INK}"/>')
            words = f"{word}: {_value_words(value, low, high)}"
            out.append(f'<text x="{LABEL_W + TRACK_W + 8}" y="{_f(bar_top + BAR_H / 2)}" dominant-baseline="middle" '
                       f'fill="{INK}">{escape(words)}</text>')
        out.append("</g>")
    out.append("</svg>")
    return mark_safe("".join(out))
