"""Small accessible SVG charts for reports: an indicator's values over a period (a line), and a
survey round's averages on each measure's own scale (bars). Each has ``role="img"``, a ``<title>``
and a ``<desc>``; the page shows the same numbers as a table beside it. The PDF draws the same
data with reportlab (``pdf.py``). Values that are missing (nothing to count, or too few answers)
are left out of the drawing and said in words in the table."""

from django.utils.html import escape
from django.utils.safestring import mark_safe

WIDTH, HEIGHT = 520, 180
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 16, 40


def _num(value):
    return f"{value:.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)


def scale_for(values, low=None, high=None):
    """The bottom and top of a chart's scale: the measure's own range if known, else from the
    values (starting at zero for values that are never negative)."""
    known = [v for v in values if v is not None]
    if low is None:
        low = 0.0 if not known or min(known) >= 0 else min(known)
    if high is None:
        high = max(known) if known else 1.0
    if high <= low:
        high = low + 1.0
    return float(low), float(high)


def trend_svg(points, *, title, desc, low=None, high=None, ident="trend"):
    """``points``: [(label, value or None)] in time order."""
    values = [value for _label, value in points]
    low, high = scale_for(values, low, high)
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = inner_w / max(len(points) - 1, 1)

    def y(value):
        return TOP + inner_h - (value - low) / (high - low) * inner_h

    parts = [f'<svg class="ev-reports-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="{ident}-t {ident}-d" '
             f'xmlns="http://www.w3.org/2000/svg"><title id="{ident}-t">{escape(title)}</title><desc id="{ident}-d">{escape(desc)}</desc>',
             f'<line class="ev-reports-chart__axis" x1="{LEFT}" y1="{TOP + inner_h}" x2="{WIDTH - RIGHT}" y2="{TOP + inner_h}"/>',
             f'<line class="ev-reports-chart__axis" x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + inner_h}"/>',
             f'<text class="ev-reports-chart__tick" x="{LEFT - 6}" y="{TOP + inner_h}" text-anchor="end">{escape(_num(low))}</text>',
             f'<text class="ev-reports-chart__tick" x="{LEFT - 6}" y="{TOP + 10}" text-anchor="end">{escape(_num(high))}</text>']
    line = []
    for index, (label, value) in enumerate(points):
        x = LEFT + (index * step if len(points) > 1 else inner_w / 2)
        if len(points) <= 12 or index % max(len(points) // 6, 1) == 0:
            parts.append(f'<text class="ev-reports-chart__tick" x="{x:.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle">{escape(label)}</text>')
        if value is None:
            line.append(None)
            continue
        line.append((x, y(value)))
    # a line through known points; a gap where a value is missing
    run = []
    for point in [*line, None]:
        if point is None:
            if len(run) > 1:
                path = " ".join(f"{px:.1f},{py:.1f}" for px, py in run)
                parts.append(f'<polyline class="ev-reports-chart__line" points="{path}" fill="none"/>')
            run = []
        else:
            run.append(point)
    for point in line:
        if point is not None:
            parts.append(f'<circle class="ev-reports-chart__dot" cx="{point[0]:.1f}" cy="{point[1]:.1f}" r="4"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))


def bars_svg(rows, *, title, desc, ident="bars"):
    """``rows``: [(label, value or None, low, high)]: one bar per measure, each on its own scale
    (the bar's length is where the average sits between the lowest and highest possible)."""
    row_h = 34
    height = TOP + row_h * max(len(rows), 1) + 8
    label_w = 190
    bar_w = WIDTH - label_w - RIGHT - 50
    parts = [f'<svg class="ev-reports-chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="{ident}-t {ident}-d" '
             f'xmlns="http://www.w3.org/2000/svg"><title id="{ident}-t">{escape(title)}</title><desc id="{ident}-d">{escape(desc)}</desc>']
    for index, (label, value, low, high) in enumerate(rows):
        top = TOP + index * row_h
        short = label if len(label) <= 28 else label[:27] + "…"
        parts.append(f'<text class="ev-reports-chart__label" x="0" y="{top + 17}">{escape(short)}</text>')
        parts.append(f'<rect class="ev-reports-chart__track" x="{label_w}" y="{top + 4}" width="{bar_w}" height="18"/>')
        if value is None or low is None or high is None or high <= low:
            parts.append(f'<text class="ev-reports-chart__tick" x="{label_w + 6}" y="{top + 18}">–</text>')
            continue
        share = min(max((value - low) / (high - low), 0.0), 1.0)
        parts.append(f'<rect class="ev-reports-chart__bar" x="{label_w}" y="{top + 4}" width="{share * bar_w:.1f}" height="18"/>')
        parts.append(f'<text class="ev-reports-chart__tick" x="{label_w + bar_w + 6}" y="{top + 18}">{escape(_num(round(value, 2)))}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))
