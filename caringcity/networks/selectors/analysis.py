"""Reads for the analysis pages. Each runs a constant number of queries, whatever the size of
the map: the neighbourhood map comes from ``selectors.graphs.community_graph``; snapshots are
listed without their (large) data, and the two being compared are fetched in one query.

Who may see: the analysis pages follow ``networks.view_map`` (any active member of the commons).
``snapshots_visible_to`` is its queryset twin for snapshots."""

import uuid
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from caringcity.networks import analysis
from caringcity.networks.graph import Graph
from caringcity.networks.models import Snapshot
from caringcity.networks.selectors.graphs import community_graph

ROWS_SHOWN = 100  # rows of a finding's table on the page; the rest are counted
NOW = "now"  # ``?to=now``: compare with the map as it is today


def snapshots_visible_to(user, commons):
    """Snapshots of ``commons`` this user may see and compare (latest first)."""
    if not user.has_perm("networks.view_map", commons):
        return Snapshot.objects.none()
    return Snapshot.objects.filter(commons=commons)


def snapshot_choices(user, commons):
    """[(uuid str, name, taken_on)] latest first, without the snapshots' data (one query)."""
    return [(str(u), name, day) for u, name, day in
            snapshots_visible_to(user, commons).order_by("-taken_on", "-created").values_list("uuid", "name", "taken_on")]


def snapshot_graph(snapshot):
    """The map a snapshot froze, or None when its data cannot be read."""
    try:
        return Graph.from_dict(snapshot.data or {})
    except (TypeError, AttributeError, KeyError, ValueError):
        return None


class CompareProblem(Exception):
    """A snapshot asked for is not there (bad or foreign uuid): say so plainly, answer 404."""


@dataclass
class Side:
    label: str  # the snapshot's name and date, or "the map today"
    graph: Graph
    snapshot: object = None


def _parse(value):
    try:
        return str(uuid.UUID(str(value)))
    except (ValueError, TypeError, AttributeError):
        raise CompareProblem(_("That link does not point to a snapshot of this map. Choose two snapshots below.")) from None


def comparison(user, commons, from_value, to_value):
    """(before Side, after Side, choices) for the compare page, or (None, None, choices) when
    there is nothing to compare. ``from_value``/``to_value`` are snapshot uuids from the query;
    when both are missing: the two latest snapshots (or, with only one, that one and the map
    today). ``to_value`` may be ``NOW``: the map today. Raises ``CompareProblem`` for a uuid that
    is bad or not one of this commons'."""
    choices = snapshot_choices(user, commons)
    known = {key for key, _name, _day in choices}
    if not from_value and not to_value:
        if not choices:
            return None, None, choices
        if len(choices) == 1:
            wanted = [choices[0][0]]
        else:
            wanted = [choices[1][0], choices[0][0]]
    else:
        if not from_value or not to_value:
            raise CompareProblem(_("Choose two snapshots to compare: one from before and one from after."))
        wanted = [_parse(from_value)] + ([] if to_value == NOW else [_parse(to_value)])
        if any(key not in known for key in wanted):
            raise CompareProblem(_("That link does not point to a snapshot of this map. Choose two snapshots below."))
    rows = {str(s.uuid): s for s in snapshots_visible_to(user, commons).filter(uuid__in=wanted)}
    sides = []
    for key in wanted:
        snapshot = rows[key]
        graph = snapshot_graph(snapshot)
        if graph is None:
            raise CompareProblem(_("The snapshot “%(name)s” cannot be read, so it cannot be compared.") % {"name": snapshot.name})
        sides.append(Side(_("%(name)s (%(day)s)") % {"name": snapshot.name, "day": date_format(snapshot.taken_on, "j F Y")},
                          graph, snapshot))
    if len(sides) == 1:
        sides.append(Side(_("the map today"), community_graph(commons)))
    return sides[0], sides[1], choices


def bar_chart(rows, *, width=560, bar_h=28, gap=10, label_w=150):
    """Geometry for a horizontal bar chart drawn on the server: rows are (label, count)."""
    top = max((count for _label, count in rows), default=0) or 1
    room = width - label_w - 60
    bars = []
    for i, (label, count) in enumerate(rows):
        y = i * (bar_h + gap)
        w = round(room * count / top)
        bars.append({"label": label, "count": count, "y": y, "w": w, "text_y": round(y + bar_h * 0.7, 1),
                     "value_x": label_w + w + 8})
    return {"bars": bars, "width": width, "height": max(len(rows) * (bar_h + gap) - gap, bar_h),
            "bar_h": bar_h, "label_w": label_w}


def analysis_page(commons):
    """What the analysis page shows: the map's counts, its findings (each table cut at
    ``ROWS_SHOWN`` rows) and the chart of how many active ties each has."""
    graph = community_graph(commons)
    found = analysis.findings(graph)
    ties = analysis.tie_counts(graph)
    chart_rows = []
    for count, how_many in ties:
        if count == ties[-1][0]:
            label = _("%(n)s or more ties") % {"n": count}
        else:
            label = {0: _("No active tie"), 1: _("1 tie")}.get(count) or _("%(n)s ties") % {"n": count}
        chart_rows.append((label, how_many))
    summary = analysis.summarise(graph)
    return {
        "graph": graph,
        "findings": [{"finding": f, "rows": f.items[:ROWS_SHOWN], "more": max(0, len(f.items) - ROWS_SHOWN)} for f in found],
        "chart": bar_chart(chart_rows),
        "summary": summary,
        "estimate": any(f.estimate for f in found),
    }
