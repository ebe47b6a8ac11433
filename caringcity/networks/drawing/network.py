"""The neighbourhood map drawn on the server as an accessible SVG, from a ``graph.Graph`` only (so
today's map and a snapshot's stored graph draw the same way).

- Layout: Fruchterman-Reingold (igraph) with a fixed seed, so the same graph always gives the
  same picture (and the same bytes).
- Each kind of actor has its own shape (and colour, never colour alone); each status of
  connection its own line: generative thick, engaged solid, inactive dashed; an arrowhead when
  care goes one way. A legend explains both.
- The ``<svg>`` has ``role="img"``, a ``<title>`` and a ``<desc>`` (with ``aria-labelledby``);
  the page puts the same data in tables beside it.
- Above ``MAX_NODES`` actors or ``MAX_EDGES`` connections nothing is drawn: ``draw`` returns
  None and the page says so and shows the tables (a picture of thousands of dots helps nobody and
  would weigh megabytes)."""

import math
import random
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from caringcity.networks.models import ActorKind, ConnectionStatus

MAX_NODES = 250
MAX_EDGES = 1200
SEED = 20240401  # the pilot's first month: any fixed number does

WIDTH, HEIGHT = 980, 700
MARGIN, LABEL_ROOM = 24, 150  # room on the right for the last column's labels
R = 9  # a node's radius

# kind -> (shape, fill). Fills are light enough for black outlines and labels to read.
STYLE = {
    ActorKind.RESIDENT: ("circle", "#f2d7a6"),
    ActorKind.GRASSROOTS: ("triangle", "#c9e3b5"),
    ActorKind.CHARITY: ("square", "#bcd7ef"),
    ActorKind.SOCIAL_ENTERPRISE: ("diamond", "#e5c3e8"),
    ActorKind.COMMUNITY_HUB: ("hexagon", "#f5c1b5"),
    ActorKind.FOOD_HUB: ("pentagon", "#d6e8a0"),
    ActorKind.MARKET: ("triangle_down", "#f7e08f"),
    ActorKind.STATUTORY: ("wide", "#d0d0d0"),
    ActorKind.TEAM: ("ring", "#ffffff"),
}
OTHER = ("circle", "#ffffff")
LINE = {  # status -> (stroke width, dash pattern or "")
    ConnectionStatus.GENERATIVE: (4.5, ""),
    ConnectionStatus.ENGAGED: (2, ""),
    ConnectionStatus.INACTIVE: (1.5, "6 4"),
}


def _polygon(points):
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in points)


def _regular(n, r, x, y, start=-90):
    return _polygon([(x + r * math.cos(math.radians(start + i * 360 / n)), y + r * math.sin(math.radians(start + i * 360 / n)))
                     for i in range(n)])


def shape(kind, x, y, r=R):
    """SVG markup (safe) of the shape for ``kind`` centred on (x, y)."""
    name, fill = STYLE.get(kind, OTHER)
    style = f'fill="{fill}" stroke="#1b1b1b" stroke-width="1.5"'
    if name == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" {style}/>'
    if name == "ring":
        return (f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r + 1}" {style}/>'
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r - 4}" fill="#1b1b1b"/>')
    if name == "square":
        s = r * 0.9
        return f'<rect x="{x - s:.1f}" y="{y - s:.1f}" width="{2 * s:.1f}" height="{2 * s:.1f}" {style}/>'
    if name == "wide":
        return f'<rect x="{x - r * 1.4:.1f}" y="{y - r * 0.75:.1f}" width="{r * 2.8:.1f}" height="{r * 1.5:.1f}" rx="2" {style}/>'
    if name == "diamond":
        return f'<polygon points="{_regular(4, r * 1.2, x, y)}" {style}/>'
    if name == "triangle":
        return f'<polygon points="{_regular(3, r * 1.25, x, y + 2)}" {style}/>'
    if name == "triangle_down":
        return f'<polygon points="{_regular(3, r * 1.25, x, y - 2, start=90)}" {style}/>'
    if name == "hexagon":
        return f'<polygon points="{_regular(6, r * 1.1, x, y, start=0)}" {style}/>'
    return f'<polygon points="{_regular(5, r * 1.15, x, y)}" {style}/>'  # pentagon


def _line(status, x1, y1, x2, y2, one_way, marker):
    width, dash = LINE.get(status, LINE[ConnectionStatus.ENGAGED])
    extra = f' stroke-dasharray="{dash}"' if dash else ""
    if one_way:
        extra += f' marker-end="url(#{marker})"'
    return (f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#1b1b1b" '
            f'stroke-width="{width}"{extra} class="net-community-line net-community-line--{escape(status)}"/>')


def layout(graph):
    """{node id: (x, y)} inside the drawing area; the same graph always gives the same places."""
    import igraph

    ids = [node.id for node in graph.nodes]
    if not ids:
        return {}
    position = {node_id: i for i, node_id in enumerate(ids)}
    pairs = sorted({tuple(sorted((position[e.source], position[e.target]))) for e in graph.edges
                    if e.source in position and e.target in position and e.source != e.target})
    g = igraph.Graph(n=len(ids), edges=pairs)
    if len(ids) == 1:
        coords = [(0.0, 0.0)]
    else:
        igraph.set_random_number_generator(random.Random(SEED))
        try:
            coords = g.layout_fruchterman_reingold(niter=500).coords
        finally:
            igraph.set_random_number_generator(random)
    xs, ys = [c[0] for c in coords], [c[1] for c in coords]
    span_x, span_y = (max(xs) - min(xs)) or 1, (max(ys) - min(ys)) or 1
    inner_w, inner_h = WIDTH - 2 * MARGIN - LABEL_ROOM, HEIGHT - 2 * MARGIN
    return {node_id: (MARGIN + (x - min(xs)) / span_x * inner_w if len(ids) > 1 else WIDTH / 2,
                      MARGIN + (y - min(ys)) / span_y * inner_h if len(ids) > 1 else HEIGHT / 2)
            for node_id, (x, y) in zip(ids, coords)}


def _shorten(x1, y1, x2, y2, by):
    length = math.hypot(x2 - x1, y2 - y1) or 1
    return x2 - (x2 - x1) * by / length, y2 - (y2 - y1) * by / length


@dataclass
class Drawing:
    svg: str  # safe markup
    nodes: int
    edges: int


def too_big(graph):
    return len(graph.nodes) > MAX_NODES or len(graph.edges) > MAX_EDGES


def describe(graph):
    """The plain-words ``<desc>``: counts, by kind and by status."""
    kinds = dict(ActorKind.choices)
    by_kind = {}
    for node in graph.nodes:
        by_kind[node.attrs.get("kind", "")] = by_kind.get(node.attrs.get("kind", ""), 0) + 1
    by_status = {}
    for edge in graph.edges:
        by_status[edge.attrs.get("status", "")] = by_status.get(edge.attrs.get("status", ""), 0) + 1
    parts = [_("%(actors)s actors and %(connections)s connections.") % {"actors": len(graph.nodes), "connections": len(graph.edges)}]
    if by_kind:
        parts.append(_("Actors: %(list)s.") % {"list": ", ".join(f"{count} {str(kinds.get(kind, kind)).lower()}"
                                                                  for kind, count in sorted(by_kind.items()))})
    if by_status:
        statuses = {status.value: status.label.split(":")[0].lower() for status in ConnectionStatus}
        parts.append(_("Connections: %(list)s.") % {"list": ", ".join(f"{count} {statuses.get(status, status)}"
                                                                       for status, count in sorted(by_status.items()))})
    parts.append(_("The same information is in the tables below the drawing."))
    return " ".join(parts)


def draw(graph, *, title, key="map"):
    """A ``Drawing`` of a neighbourhood-map graph, or None when it is too big to draw.
    ``key`` makes the ids inside the SVG unique when a page shows more than one drawing."""
    if too_big(graph):
        return None
    places = layout(graph)
    key = escape(key)
    marker = f"net-community-arrow-{key}"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{key}-title {key}-desc" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" class="net-community-svg" font-family="sans-serif">',
        f'<title id="{key}-title">{escape(title)}</title>',
        f'<desc id="{key}-desc">{escape(describe(graph))}</desc>',
        f'<defs><marker id="{marker}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        f'markerUnits="userSpaceOnUse" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#1b1b1b"/></marker></defs>',
        f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
        '<g class="net-community-lines">',
    ]
    for edge in graph.edges:
        if edge.source not in places or edge.target not in places or edge.source == edge.target:
            continue
        (x1, y1), (x2, y2) = places[edge.source], places[edge.target]
        one_way = edge.directed
        if one_way:
            x2, y2 = _shorten(x1, y1, x2, y2, R + 4)
        out.append(_line(edge.attrs.get("status", ""), x1, y1, x2, y2, one_way, marker))
    out.append("</g><g class=\"net-community-nodes\">")
    for node in graph.nodes:
        x, y = places[node.id]
        label = node.label if len(node.label) <= 28 else node.label[:27] + "…"
        kind = node.attrs.get("kind", "")
        out.append(f'<g><title>{escape(node.label)} ({escape(str(dict(ActorKind.choices).get(kind, kind)))})</title>'
                   f'{shape(kind, x, y)}'
                   f'<text x="{x + R + 4:.1f}" y="{y + 4:.1f}" font-size="12" fill="#1b1b1b" '
                   f'stroke="#ffffff" stroke-width="3" paint-order="stroke">{escape(label)}</text></g>')
    out.append("</g></svg>")
    return Drawing(mark_safe("".join(out)), len(graph.nodes), len(graph.edges))


def legend(*, key="legend"):
    """A small SVG legend (safe markup) with the shape of every kind of actor and the line of every
    status. It is an image with its own title; the words beside each shape are real text."""
    rows_kinds = list(ActorKind.choices)
    rows_status = [(status.value, status.label) for status in ConnectionStatus]
    height = 28 * (len(rows_kinds) + len(rows_status) + 1) + 10
    key = escape(key)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{key}-title" viewBox="0 0 460 {height}" '
           f'width="460" height="{height}" class="net-community-legend" font-family="sans-serif">',
           f'<title id="{key}-title">{escape(_("Key: the shape of each kind of actor and the line of each kind of connection"))}</title>']
    y = 20
    for value, label in rows_kinds:
        out.append(shape(value, 22, y) + f'<text x="48" y="{y + 4}" font-size="14" fill="#1b1b1b">{escape(str(label))}</text>')
        y += 28
    for value, label in rows_status:
        out.append(_line(value, 6, y, 40, y, False, "") + f'<text x="48" y="{y + 4}" font-size="14" fill="#1b1b1b">{escape(str(label))}</text>')
        y += 28
    out.append(f'<line x1="6" y1="{y}" x2="36" y2="{y}" stroke="#1b1b1b" stroke-width="2" marker-end="url(#{key}-arrow)"/>'
               f'<defs><marker id="{key}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
               f'markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#1b1b1b"/></marker></defs>'
               f'<text x="48" y="{y + 4}" font-size="14" fill="#1b1b1b">{escape(_("Arrow: care goes one way, towards the arrow"))}</text>')
    out.append("</svg>")
    return mark_safe("".join(out))
