"""Views of the networks part "analysis" (see docs/networks-analysis.md): what the
neighbourhood map shows (its findings, each explained, with a table of who and a chart), what
changed between two snapshots, and the sections analysis adds to the care-map page and the
neighbourhood map page. Read-only: no forms that write, so no services.

Who may see: any member of the commons (``networks.view_map``); the neighbourhood graph already
withholds the names of residents who have not agreed to be named. The care-map section is
rendered inside the care-map page, so it is shown only where that page is."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy

from caringcity.networks import analysis
from caringcity.networks.graph import OWNER
from caringcity.networks.selectors import analysis as selectors
from caringcity.networks.views.base import _commons, register_section, register_tab, render_networks

A = "c/<slug:slug>/networks/analysis/"


def _actor_link(slug):
    """node id -> the actor's page on the neighbourhood map."""
    def link(node_id):
        return reverse("networks:actor", args=[slug, node_id])
    return link


def _with_links(findings, slug):
    link = _actor_link(slug)
    for entry in findings:
        tie = entry["finding"].key == "bridges"  # its rows are ties, not actors
        entry["rows"] = [(label, detail, None if tie else link(node_id)) for node_id, label, detail in entry["rows"]]
    return findings


def _require_view(request, commons):
    if not request.user.has_perm("networks.view_map", commons):
        raise Http404


@login_required
def analysis_page(request, slug):
    commons, _membership = _commons(request, slug)
    _require_view(request, commons)
    ctx = selectors.analysis_page(commons)
    ctx["findings"] = _with_links(ctx["findings"], commons.slug)
    ctx["sample_sources"] = analysis.SAMPLE_SOURCES
    ctx["exact_limit"] = analysis.EXACT_BETWEENNESS_LIMIT
    return render_networks(request, "networks/analysis/analysis.html", commons, ctx)


@login_required
def snapshot_compare(request, slug):
    commons, _membership = _commons(request, slug)
    _require_view(request, commons)
    from_value, to_value = request.GET.get("from", "").strip(), request.GET.get("to", "").strip()
    try:
        before, after, choices = selectors.comparison(request.user, commons, from_value, to_value)
    except selectors.CompareProblem as problem:
        choices = selectors.snapshot_choices(request.user, commons)
        return render_networks(request, "networks/analysis/compare.html", commons,
                               {"problem": str(problem), "choices": choices, "from_value": from_value, "to_value": to_value},
                               status=404)
    ctx = {"choices": choices, "before": before, "after": after,
           "from_value": str(before.snapshot.uuid) if before and before.snapshot else "",
           "to_value": (str(after.snapshot.uuid) if after.snapshot else selectors.NOW) if after else ""}
    if before is not None:
        ctx["change"] = analysis.compare(before.graph, after.graph)
    ctx["snapshots_url"] = reverse("networks:snapshots", args=[commons.slug])
    return render_networks(request, "networks/analysis/compare.html", commons, ctx)


# --- sections on other parts' pages ---------------------------------------------------------------
def care_map_section(request, commons, care_map, graph):
    """The findings of a care map, on its own page (which has already checked who may see it)."""
    if graph is None:
        return None
    owner = graph.node(OWNER)
    return {"findings": analysis.care_map_findings(graph), "owner": owner.label if owner else ""}


def community_section(request, commons, obj, graph):
    """A short summary of what the neighbourhood map shows, with a link to the whole analysis."""
    if graph is None or not request.user.has_perm("networks.view_map", commons):
        return None
    counts = analysis.finding_counts(graph)
    return {"counts": counts, "has_map": bool(graph.nodes)}


register_tab(40, gettext_lazy("What the map shows"), "analysis")
register_tab(41, gettext_lazy("How the map has changed"), "snapshot_compare")
register_section("care_map", 50, "networks/analysis/_findings.html", care_map_section)
register_section("community", 50, "networks/analysis/_summary.html", community_section)

urlpatterns = [
    path(A, analysis_page, name="analysis"),
    path(A + "change/", snapshot_compare, name="snapshot_compare"),
]
