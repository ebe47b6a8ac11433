"""Views of the networks part "exchange" (see docs/networks-exchange.md): download the
neighbourhood map, its snapshots and a care map in every format; import a file into the
neighbourhood map (organisers), with a preview first and nothing written unless all is good.

Thin: fetch and check (not allowed looks like not found), call one service, render."""

import base64
import uuid as uuidlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from caringcity.core.models import AuditEvent
from caringcity.networks.exchange.common import ImportProblems
from caringcity.networks.exchange.formats import FORMATS, filename, read_upload
from caringcity.networks.forms.exchange import ImportForm
from caringcity.networks.graph import Graph
from caringcity.networks.selectors import exchange as selectors
from caringcity.networks.selectors.caremaps import access_care_map
from caringcity.networks.selectors.graphs import care_map_graph, community_graph
from caringcity.networks.services import exchange as services
from caringcity.networks.views.base import _commons, register_section, register_tab, render_networks
from caringcity.people.services import privacy_record_view

E = "c/<slug:slug>/networks/exchange/"
PENDING = "networks_exchange_import"  # the session key holding an upload between preview and confirm
CARE_MAP_STEM = "care-map"  # a download's name says what it is and when, never whose

register_tab(70, gettext_lazy("Export and import"), "exchange")


def _require(request, perm, commons):
    if not request.user.has_perm(perm, commons):
        raise Http404


def _format(fmt):
    if fmt not in FORMATS:
        raise Http404
    return FORMATS[fmt]


def _download(data, fmt, stem):
    response = HttpResponse(data, content_type=FORMATS[fmt].content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename(stem, fmt, timezone.localdate())}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _format_links(url_name, *args):
    return [{"key": key, "label": fmt.label, "about": fmt.about, "extension": fmt.extension,
             "url": reverse(f"networks:{url_name}", args=[*args, key])} for key, fmt in FORMATS.items()]


# --- the exchange page and the downloads --------------------------------------------------------
@login_required
def exchange(request, slug):
    commons, _membership = _commons(request, slug)
    _require(request, "networks.view_map", commons)
    may_import = request.user.has_perm("networks.keep_map", commons)
    snapshots = [{"snapshot": snapshot, "links": _format_links("snapshot_export", commons.slug, snapshot.uuid)}
                 for snapshot in selectors.snapshots_to_export(request.user, commons)]
    ctx = {"map_links": _format_links("map_export", commons.slug), "snapshots": snapshots, "may_import": may_import,
           "form": ImportForm() if may_import else None}
    return render_networks(request, "networks/exchange/exchange.html", commons, ctx)


@login_required
def map_export(request, slug, fmt):
    """The neighbourhood map as it is now. Unnamed residents stay unnamed (``community_graph``)."""
    commons, _membership = _commons(request, slug)
    _require(request, "networks.view_map", commons)
    return _download(_format(fmt).write(community_graph(commons)), fmt, "neighbourhood-map")


@login_required
def snapshot_export(request, slug, uuid, fmt):
    commons, _membership = _commons(request, slug)
    _require(request, "networks.view_map", commons)
    writer = _format(fmt)
    snapshot = selectors.snapshots_to_export(request.user, commons).filter(uuid=uuid).only("uuid", "taken_on", "data").first()
    if snapshot is None:
        raise Http404
    return _download(writer.write(Graph.from_dict(snapshot.data or {})), fmt, f"neighbourhood-map-snapshot-{snapshot.taken_on.isoformat()}")


@login_required
def care_map_export(request, slug, uuid, fmt):
    """One person's care map, only for someone who may see it (404 otherwise). Every download by
    someone other than the owner goes on the owner's list of who looked."""
    commons, _membership = _commons(request, slug)
    writer = _format(fmt)
    care_map, basis = access_care_map(request.user, commons, uuid)
    data = writer.write(care_map_graph(care_map))
    privacy_record_view(actor=request.user, commons=commons, person=care_map.owner, part="care_map", basis=basis,
                        obj=care_map, action=AuditEvent.Action.EXPORT, reason=f"downloaded as {fmt}")
    return _download(data, fmt, CARE_MAP_STEM)


# --- import -----------------------------------------------------------------------------------
def _encode(data):
    return base64.b64encode(data).decode("ascii") if data is not None else None


def _decode(text):
    return base64.b64decode(text) if text else None


def _preview(request, commons, form, *, problems, plan=None, token=None, status=200):
    ctx = {"form": form, "problems": problems, "plan": plan, "token": token,
           "crumb_url": reverse("networks:exchange", args=[commons.slug]), "crumb_label": _("Export and import")}
    return render_networks(request, "networks/exchange/import.html", commons, ctx, status=status)


@login_required
def map_import(request, slug):
    """Upload (GET shows the form); a POST reads the file and shows what would change, or every
    problem. Nothing is written here."""
    commons, _membership = _commons(request, slug)
    _require(request, "networks.keep_map", commons)
    if request.method != "POST":
        return _preview(request, commons, ImportForm(), problems=None)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _preview(request, commons, form, problems=None, status=400)
    fmt, data, connections = form.cleaned_data["format"], form.cleaned_data["file"], form.cleaned_data.get("connections")
    try:
        graph = read_upload(fmt, data, connections)
    except ImportProblems as problems:
        # what could be read is checked too, so every problem is listed at once
        more = selectors.map_import_plan(commons, problems.graph).problems if problems.graph is not None else []
        return _preview(request, commons, ImportForm(initial={"format": fmt}), problems=[*problems.errors, *more], status=400)
    plan = selectors.map_import_plan(commons, graph)
    if plan.problems:
        return _preview(request, commons, ImportForm(initial={"format": fmt}), problems=plan.problems, plan=plan, status=400)
    token = uuidlib.uuid4().hex
    request.session[PENDING] = {"token": token, "commons": commons.slug, "format": fmt, "file": _encode(data),
                                "connections": _encode(connections)}
    return _preview(request, commons, ImportForm(initial={"format": fmt}), problems=[], plan=plan, token=token)


@login_required
@require_POST
def map_import_confirm(request, slug):
    commons, _membership = _commons(request, slug)
    _require(request, "networks.keep_map", commons)
    pending = request.session.get(PENDING) or {}
    if not pending or pending.get("token") != request.POST.get("token") or pending.get("commons") != commons.slug:
        messages.error(request, _("That upload has expired. Please upload the file again."))
        return redirect("networks:map_import", commons.slug)
    fmt = pending["format"]
    try:
        graph = read_upload(fmt, _decode(pending["file"]), _decode(pending.get("connections")))
        plan = services.map_import(actor=request.user, commons=commons, graph=graph, source=fmt)
    except ImportProblems as problems:
        return _preview(request, commons, ImportForm(initial={"format": fmt}), problems=problems.errors, status=400)
    except ValidationError as error:
        return _preview(request, commons, ImportForm(initial={"format": fmt}), problems=error.messages, status=400)
    request.session.pop(PENDING, None)
    counts = plan.counts
    messages.success(request, _(
        "Imported: %(actors_added)s added and %(actors_changed)s changed on the map; %(connections_added)s connections added "
        "and %(connections_changed)s changed; %(care_kinds_added)s new kinds of care.") % counts)
    return redirect("networks:exchange", commons.slug)


# --- sections on other parts' pages ------------------------------------------------------------
def care_map_section(request, commons, care_map, graph):
    """Download links on a care map's page. The page is only shown to people who may see the map;
    the download checks again."""
    if care_map is None:
        return None
    return {"links": _format_links("care_map_export", commons.slug, care_map.uuid)}


def community_section(request, commons, obj, graph):
    if not request.user.has_perm("networks.view_map", commons):
        return None
    return {"links": _format_links("map_export", commons.slug), "exchange_url": reverse("networks:exchange", args=[commons.slug])}


register_section("care_map", 90, "networks/exchange/_care_map_section.html", care_map_section)
register_section("community", 90, "networks/exchange/_community_section.html", community_section)

urlpatterns = [
    path(E, exchange, name="exchange"),
    path(E + "map/<str:fmt>/", map_export, name="map_export"),
    path(E + "snapshots/<uuid:uuid>/<str:fmt>/", snapshot_export, name="snapshot_export"),
    path(E + "import/", map_import, name="map_import"),
    path(E + "import/confirm/", map_import_confirm, name="map_import_confirm"),
    path("c/<slug:slug>/networks/care-maps/<uuid:uuid>/export/<str:fmt>/", care_map_export, name="care_map_export"),
]
