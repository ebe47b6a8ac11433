"""A care map drawn on the server as an accessible SVG, in the social-work ecomap convention.

- The person whose map it is sits in the middle. Three circles around them are the rings of
  closeness (very close, close, less close); each person is a circle on their ring, each group a
  rounded square. People in the owner's care team have a double outline.
- Lines show ties: a thick solid line is a strong tie, a thin solid line an ordinary one, a
  dashed line a weak one; a jagged (zig-zag) line is a stressful tie. Arrowheads show who
  supports whom: one way points at the person who is helped; both ways has an arrow at each end.
- A legend is drawn under the map (and ``legend()`` gives the same entries for the page as text).
  Colour is never the only cue: every meaning has a line style, a shape or a word.
- The layout depends only on the data: the same map always gives the same SVG. Rings grow when
  they hold many people so circles do not overlap; labels sit outside their circle, pointing away
  from the middle, and a long name is shortened in the drawing (it is whole in the list).

``draw(graph)`` takes the ``graph.Graph`` of a care map (``selectors.graphs.care_map_graph``) and
returns the SVG as safe HTML with ``role="img"``, a ``<title>`` and a ``<desc>``.
"""

import math
from collections import defaultdict

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from caringcity.networks.graph import OWNER
from caringcity.networks.models import Ring

NODE_R = 20  # a person's circle
OWNER_R = 48
TEAM_GAP = 5  # the second outline of a care-team member
SPACING = 130  # least room along a ring for one person and their label
BASE_RADII = {1: 150, 2: 265, 3: 380}
RING_STEP = 105
MARGIN = 110  # room for the outer labels
MIN_SIZE = 900
LEGEND_ROW = 34
LABEL_MAX = 16
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
INK = "#0b0c0c"
STRESS = "#942514"  # also drawn jagged: colour is never the only cue
STYLES = {  # strength -> (stroke width, dash pattern or "")
    "strong": (5, ""),
    "ordinary": (2.5, ""),
    "weak": (2.5, "9 6"),
}


def _f(value):
    """Numbers written the same way every time (determinism, small files)."""
    text = f"{value:.1f}"
    return "0" if text in ("-0.0", "0.0") else text.removesuffix(".0")


def _short(label):
    return label if len(label) <= LABEL_MAX else label[: LABEL_MAX - 1].rstrip() + "…"


def legend():
    """[(key, label)] of what the drawing's marks mean, in the order the legend shows them."""
    return [
        ("strong", _("Strong tie: thick line")),
        ("ordinary", _("Ordinary tie: thin line")),
        ("weak", _("Weak tie: dashed line")),
        ("stressful", _("Stressful tie: jagged line")),
        ("one_way", _("Support one way: the arrow points to the person helped")),
        ("both", _("Support both ways: arrows at both ends")),
        ("person", _("A person: circle")),
        ("group", _("A group: square")),
        ("team", _("In the care team: double outline")),
    ]


def describe(graph):
    """One paragraph in words: who is in the middle, how many people on each ring, how many ties."""
    owner = graph.node(OWNER)
    others = [node for node in graph.nodes if node.id != OWNER]
    if not others:
        return _("%(name)s is in the middle. No one else is on the map yet.") % {"name": owner.label if owner else ""}
    rings = defaultdict(int)
    for node in others:
        rings[node.attrs.get("ring")] += 1
    parts = [ngettext("%(count)d %(ring)s", "%(count)d %(ring)s", rings[value]) % {"count": rings[value], "ring": str(label).lower()}
             for value, label in Ring.choices if rings[value]]
    stressful = sum(1 for edge in graph.edges if edge.attrs.get("stressful"))
    weak = sum(1 for edge in graph.edges if edge.attrs.get("strength") == "weak")
    team = sum(1 for node in others if node.attrs.get("from_team"))
    text = [
        _("%(name)s is in the middle.") % {"name": owner.label if owner else ""},
        ngettext("%(count)d person or group is on the map (%(rings)s).", "%(count)d people and groups are on the map (%(rings)s).",
                 len(others)) % {"count": len(others), "rings": ", ".join(parts)},
        ngettext("%(count)d tie joins them:", "%(count)d ties join them:", len(graph.edges)) % {"count": len(graph.edges)},
        ngettext("%(count)d is stressful,", "%(count)d are stressful,", stressful) % {"count": stressful},
        ngettext("%(count)d is weak.", "%(count)d are weak.", weak) % {"count": weak},
    ]
    if team:
        text.append(ngettext("%(count)d is in the care team.", "%(count)d are in the care team.", team) % {"count": team})
    text.append(_("The list below the map gives every person and tie in words."))
    return " ".join(text)


# --- layout ----------------------------------------------------------------------------------------
def _gap(angle, others):
    """The smallest angle between ``angle`` and any of ``others``."""
    best = math.pi
    for other in others:
        d = abs((angle - other + math.pi) % (2 * math.pi) - math.pi)
        best = min(best, d)
    return best


def _order(members, placed, neighbours):
    """The order of a ring's people around it: by name, except that someone tied to a person
    already placed on an inner ring moves towards them (so "who supports the supporters" sits
    beside them)."""
    members = sorted(members, key=lambda node: (node.label.casefold(), node.id))
    step = 2 * math.pi / len(members)
    keys = []
    for index, node in enumerate(members):
        near = [placed[other] for other in neighbours[node.id] if other in placed]
        if near:
            angle = math.atan2(sum(math.sin(a) for a in near), sum(math.cos(a) for a in near))
        else:
            angle = -math.pi / 2 + (index + 0.5) * step
        keys.append(((angle + math.pi / 2) % (2 * math.pi), index, node))
    return [node for _key, _index, node in sorted(keys, key=lambda item: (item[0], item[1]))]


def layout(graph):
    """{"size": (width, height of the map part), "centre": (x, y), "radii": {ring: r},
    "points": {node id: (x, y, angle)}}. Depends only on the data.

    Each ring is turned so its people sit as far as possible from the people on the rings inside
    it (a tie to the middle then never runs through someone) and from the top, where the ring's
    name is written."""
    rings = defaultdict(list)
    for node in graph.nodes:
        if node.id != OWNER:
            ring = node.attrs.get("ring") if node.attrs.get("ring") in Ring.values else Ring.MIDDLE
            rings[ring].append(node)
    neighbours = defaultdict(set)
    for edge in graph.edges:
        if OWNER not in (edge.source, edge.target):
            neighbours[edge.source].add(edge.target)
            neighbours[edge.target].add(edge.source)
    radii, previous = {}, 0
    for ring in Ring.values:
        needed = len(rings[ring]) * SPACING / (2 * math.pi)
        radii[ring] = max(BASE_RADII[ring], previous + RING_STEP, needed)
        previous = radii[ring]
    size = max(MIN_SIZE, 2 * (radii[Ring.OUTER] + MARGIN))
    cx = cy = size / 2
    points = {OWNER: (cx, cy, 0.0)}
    placed = {}  # node id -> angle
    taken = [-math.pi / 2]
    for ring in Ring.values:
        if not rings[ring]:
            continue
        members = _order(rings[ring], placed, neighbours)
        count = len(members)
        step = 2 * math.pi / count
        best_turn, best_gap = 0.0, -1.0
        for sample in range(24):
            turn = step * sample / 24
            gap = min(_gap(-math.pi / 2 + turn + i * step, taken) for i in range(count))
            if gap > best_gap + 1e-9:
                best_turn, best_gap = turn, gap
        for index, node in enumerate(members):
            angle = -math.pi / 2 + best_turn + index * step
            placed[node.id] = angle
            taken.append(angle)
            points[node.id] = (cx + radii[ring] * math.cos(angle), cy + radii[ring] * math.sin(angle), angle)
    return {"size": (size, size), "centre": (cx, cy), "radii": radii, "points": points}


def _radius(node):
    if node.id == OWNER:
        return OWNER_R
    return NODE_R + (TEAM_GAP if node.attrs.get("from_team") else 0)


def _zigzag(x1, y1, x2, y2):
    """A jagged path from one end to the other, straight for a little at each end so the arrows
    sit true."""
    length = math.hypot(x2 - x1, y2 - y1)
    if length < 1:
        return f"M{_f(x1)},{_f(y1)} L{_f(x2)},{_f(y2)}"
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    px, py = -uy, ux
    lead, step, amp = 10, 12, 6
    points = [(x1, y1), (x1 + ux * lead, y1 + uy * lead)]
    teeth = max(1, int((length - 2 * lead) // step))
    run = (length - 2 * lead) / teeth
    for i in range(teeth):
        along = lead + run * (i + 0.5)
        side = amp if i % 2 == 0 else -amp
        points.append((x1 + ux * along + px * side, y1 + uy * along + py * side))
    points.append((x2 - ux * lead, y2 - uy * lead))
    points.append((x2, y2))
    return "M" + " L".join(f"{_f(x)},{_f(y)}" for x, y in points)


def _line(x1, y1, x2, y2):
    return f"M{_f(x1)},{_f(y1)} L{_f(x2)},{_f(y2)}"


def _tie_marks(prefix, strength, stressful, directed, both):
    width, dash = STYLES.get(strength, STYLES["ordinary"])
    attrs = [f'stroke="{STRESS if stressful else INK}"', f'stroke-width="{_f(width)}"', 'fill="none"',
             'stroke-linejoin="round"']
    if dash:
        attrs.append(f'stroke-dasharray="{dash}"')
    if directed or both:
        attrs.append(f'marker-end="url(#{prefix}-arrow-end)"')
    if both:
        attrs.append(f'marker-start="url(#{prefix}-arrow-start)"')
    return " ".join(attrs)


def _tie_classes(strength, stressful, directed, both):
    classes = ["net-caremaps-tie", f"net-caremaps-tie--{strength}"]
    if stressful:
        classes.append("net-caremaps-tie--stressful")
    classes.append("net-caremaps-tie--both" if both else "net-caremaps-tie--one-way" if directed else "net-caremaps-tie--undirected")
    return " ".join(classes)


def _node_shape(node, x, y, classes):
    parts = [f'<g data-node="{escape(node.id)}" class="{" ".join(classes)}">']
    if node.attrs.get("from_team"):
        parts.append(f'<circle cx="{_f(x)}" cy="{_f(y)}" r="{NODE_R + TEAM_GAP}" fill="#fff" stroke="{INK}" stroke-width="2"/>')
    if node.attrs.get("group"):
        side = NODE_R * 2
        parts.append(f'<rect x="{_f(x - NODE_R)}" y="{_f(y - NODE_R)}" width="{side}" height="{side}" rx="6" '
                     f'fill="#e8f1f8" stroke="{INK}" stroke-width="2"/>')
    else:
        parts.append(f'<circle cx="{_f(x)}" cy="{_f(y)}" r="{NODE_R}" fill="#e8f1f8" stroke="{INK}" stroke-width="2"/>')
    return "".join(parts)


def _label(node, x, y, angle):
    """Above the circle in the upper half of the map, below it in the lower half: away from the
    lines that run to the middle."""
    offset = _radius(node) + 7
    ly = y - offset if math.sin(angle) < -0.01 else y + offset + 13
    return (f'<text x="{_f(x)}" y="{_f(ly)}" text-anchor="middle" class="net-caremaps-label" font-size="15" '
            f'fill="{INK}" stroke="#fff" stroke-width="4" paint-order="stroke">{escape(_short(node.label))}</text>')


def _legend_svg(prefix, top, width):
    """The legend under the map: three columns of a sample and its words."""
    items = legend()
    columns = 3
    column_width = width / columns
    out = [f'<g class="net-caremaps-legend" transform="translate(0,{_f(top)})">',
           f'<text x="24" y="22" font-size="17" font-weight="700" fill="{INK}">{escape(_("Key"))}</text>']
    for index, (key, label) in enumerate(items):
        col, row = index % columns, index // columns
        x, y = 24 + col * column_width, 50 + row * LEGEND_ROW
        sample_end = x + 54
        if key in ("strong", "ordinary", "weak"):
            out.append(f'<path d="{_line(x, y, sample_end, y)}" {_tie_marks(prefix, key, False, False, False)}/>')
        elif key == "stressful":
            out.append(f'<path d="{_zigzag(x, y, sample_end, y)}" {_tie_marks(prefix, "ordinary", True, False, False)}/>')
        elif key == "one_way":
            out.append(f'<path d="{_line(x, y, sample_end, y)}" {_tie_marks(prefix, "ordinary", False, True, False)}/>')
        elif key == "both":
            out.append(f'<path d="{_line(x + 2, y, sample_end, y)}" {_tie_marks(prefix, "ordinary", False, True, True)}/>')
        elif key == "person":
            out.append(f'<circle cx="{_f(x + 27)}" cy="{_f(y)}" r="11" fill="#e8f1f8" stroke="{INK}" stroke-width="2"/>')
        elif key == "group":
            out.append(f'<rect x="{_f(x + 16)}" y="{_f(y - 11)}" width="22" height="22" rx="4" fill="#e8f1f8" stroke="{INK}" stroke-width="2"/>')
        elif key == "team":
            out.append(f'<circle cx="{_f(x + 27)}" cy="{_f(y)}" r="14" fill="#fff" stroke="{INK}" stroke-width="2"/>'
                       f'<circle cx="{_f(x + 27)}" cy="{_f(y)}" r="9" fill="#e8f1f8" stroke="{INK}" stroke-width="2"/>')
        words = label.split(": ", 1)
        out.append(f'<text x="{_f(sample_end + 12)}" y="{_f(y + 5)}" font-size="14" fill="{INK}">'
                   f'<tspan font-weight="700">{escape(words[0])}</tspan>'
                   + (f'<tspan x="{_f(sample_end + 12)}" dy="16">{escape(words[1])}</tspan>' if len(words) > 1 else "")
                   + "</text>")
    out.append("</g>")
    return "".join(out)


def draw(graph, *, id_prefix="ecomap", title=None):
    """The care map ``graph`` as an SVG (safe HTML)."""
    prefix = escape(id_prefix)
    spot = layout(graph)
    width, height = spot["size"]
    cx, cy = spot["centre"]
    points = spot["points"]
    index = graph.index()
    owner = index.get(OWNER)
    rows = math.ceil(len(legend()) / 3)
    legend_height = 60 + rows * LEGEND_ROW + 20
    total = height + legend_height
    title = title or _("Care map of %(name)s") % {"name": owner.label if owner else ""}
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="net-caremaps-ecomap" role="img" '
        f'aria-labelledby="{prefix}-title {prefix}-desc" viewBox="0 0 {_f(width)} {_f(total)}" '
        f'width="{_f(width)}" height="{_f(total)}" font-family="{FONT}">',
        f'<title id="{prefix}-title">{escape(title)}</title>',
        f'<desc id="{prefix}-desc">{escape(describe(graph))}</desc>',
        "<defs>",
        f'<marker id="{prefix}-arrow-end" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="14" markerHeight="14" '
        f'markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="{INK}"/></marker>',
        f'<marker id="{prefix}-arrow-start" viewBox="0 0 10 10" refX="0" refY="5" markerWidth="14" markerHeight="14" '
        f'markerUnits="userSpaceOnUse" orient="auto"><path d="M10,0 L0,5 L10,10 z" fill="{INK}"/></marker>',
        "</defs>",
        f'<rect width="{_f(width)}" height="{_f(total)}" fill="#fff"/>',
    ]
    # rings, outermost first so the inner ones are drawn over them
    for ring, label in reversed(Ring.choices):
        r = spot["radii"][ring]
        fill = "#f3f2f1" if ring % 2 else "#fafafa"
        out.append(f'<circle class="net-caremaps-ring" cx="{_f(cx)}" cy="{_f(cy)}" r="{_f(r)}" fill="{fill}" '
                   f'stroke="#626a6e" stroke-width="1.5"/>')
    for ring, label in Ring.choices:
        r = spot["radii"][ring]
        out.append(f'<text x="{_f(cx)}" y="{_f(cy - r + 20)}" text-anchor="middle" font-size="14" font-style="italic" '
                   f'fill="#484949">{escape(str(label))}</text>')

    # ties: parallel ties between the same two ends are set side by side
    edges = sorted(graph.edges, key=lambda edge: edge.id)  # the same order whatever order they came in
    pairs = defaultdict(list)
    for edge in edges:
        if edge.source in points and edge.target in points:
            pairs[tuple(sorted((edge.source, edge.target)))].append(edge)
    out.append('<g class="net-caremaps-ties">')
    for edge in edges:
        if edge.source not in points or edge.target not in points:
            continue
        siblings = pairs[tuple(sorted((edge.source, edge.target)))]
        shift = (siblings.index(edge) - (len(siblings) - 1) / 2) * 10
        x1, y1, _a = points[edge.source]
        x2, y2, _b = points[edge.target]
        length = math.hypot(x2 - x1, y2 - y1) or 1
        ux, uy = (x2 - x1) / length, (y2 - y1) / length
        if edge.source > edge.target:  # the same side for a pair whichever way round it is stored
            px, py = uy, -ux
        else:
            px, py = -uy, ux
        r1, r2 = _radius(index[edge.source]) + 2, _radius(index[edge.target]) + 2
        sx, sy = x1 + ux * r1 + px * shift, y1 + uy * r1 + py * shift
        ex, ey = x2 - ux * r2 + px * shift, y2 - uy * r2 + py * shift
        strength, stressful = edge.attrs.get("strength", "ordinary"), bool(edge.attrs.get("stressful"))
        both = edge.attrs.get("direction") == "both"
        directed = edge.directed and not both
        d = _zigzag(sx, sy, ex, ey) if stressful else _line(sx, sy, ex, ey)
        words = _("%(from)s and %(to)s") % {"from": index[edge.source].label, "to": index[edge.target].label}
        out.append(f'<path class="{_tie_classes(strength, stressful, directed, both)}" data-tie="{escape(edge.id)}" '
                   f'd="{d}" {_tie_marks(prefix, strength, stressful, directed, both)}><title>{escape(words)}</title></path>')
    out.append("</g>")

    # people and groups
    out.append('<g class="net-caremaps-nodes">')
    for node in sorted(graph.nodes, key=lambda node: node.id):
        if node.id == OWNER or node.id not in points:
            continue
        x, y, angle = points[node.id]
        classes = ["net-caremaps-node"]
        if node.attrs.get("group"):
            classes.append("net-caremaps-node--group")
        if node.attrs.get("from_team"):
            classes.append("net-caremaps-node--team")
        out.append(_node_shape(node, x, y, classes)
                   + f"<title>{escape(node.label)}</title>" + _label(node, x, y, angle) + "</g>")
    out.append("</g>")

    # the person at the centre
    name = owner.label if owner else ""
    words = name.split(" ", 1)
    lines = [word if len(word) <= 11 else word[:10] + "…" for word in words]
    first_y = cy + 5 - (len(lines) - 1) * 9
    text = "".join(f'<text x="{_f(cx)}" y="{_f(first_y + i * 18)}" text-anchor="middle" font-size="15" font-weight="700" '
                   f'fill="#fff">{escape(line)}</text>' for i, line in enumerate(lines))
    out.append(f'<g class="net-caremaps-node net-caremaps-node--owner" data-node="{OWNER}">'
               f'<circle cx="{_f(cx)}" cy="{_f(cy)}" r="{OWNER_R}" fill="#1d5e8c" stroke="{INK}" stroke-width="3"/>'
               f"{text}<title>{escape(name)}</title></g>")
    if len(graph.nodes) <= 1:
        out.append(f'<text x="{_f(cx)}" y="{_f(cy + OWNER_R + 80)}" text-anchor="middle" font-size="16" fill="{INK}">'
                   f'{escape(_("No one else is on the map yet."))}</text>')

    out.append(_legend_svg(prefix, height, width))
    out.append("</svg>")
    return mark_safe("".join(out))
