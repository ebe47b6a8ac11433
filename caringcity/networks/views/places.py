"""Views of the networks part "places" (see docs/networks-places.md): the map of places (a list
by postcode district without JavaScript; Leaflet draws the map on top), its GeoJSON export, the
GeoJSON import for organisers, and a small section on the neighbourhood map page."""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from caringcity.networks.forms import places as forms
from caringcity.networks.selectors import places as selectors
from caringcity.networks.services import places as services
from caringcity.networks.views.base import _commons, _submit, register_section, register_tab, render_networks

P = "c/<slug:slug>/networks/places/"

register_tab(40, gettext_lazy("Places"), "places")


def _labels():
    return {"places": _("Places"), "visits": _("Visits by area this month"), "map": _("Map of places"),
            "visitsIn": _("%(count)s visits this month in %(area)s"), "open": _("Open")}


def _check(request, slug, perm="networks.view_map"):
    commons, _membership = _commons(request, slug)
    if not request.user.has_perm(perm, commons):
        raise Http404
    return commons


@login_required
def places(request, slug):
    commons = _check(request, slug)
    filter_form = forms.KindFilterForm(request.GET or None)
    kinds = selectors.parse_kinds(request.GET.getlist("kind"))
    page = selectors.places_page(request.user, commons, kinds)
    data = selectors.map_data(page, settings.MAP_TILES_URL, settings.MAP_TILES_ATTRIBUTION, _labels())
    ctx = {"page": page, "filter_form": filter_form, "kinds": kinds, "map_data": data,
           "tiles_url": settings.MAP_TILES_URL, "tiles_attribution": settings.MAP_TILES_ATTRIBUTION,
           "can_import": request.user.has_perm("networks.keep_map", commons)}
    return render_networks(request, "networks/places/places.html", commons, ctx)


@login_required
def places_geojson(request, slug):
    commons = _check(request, slug)
    body = json.dumps(selectors.places_geojson(commons), ensure_ascii=False, indent=1)
    response = HttpResponse(body, content_type="application/geo+json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{commons.slug}-places.geojson"'
    return response


@login_required
def places_import(request, slug):
    commons = _check(request, slug, "networks.keep_map")
    form = forms.PlacesImportForm(request.POST or None, request.FILES or None)
    outcome = {}

    def call(data):
        outcome["counts"] = services.places_import(actor=request.user, commons=commons, features=data["file"])

    if _submit(request, form, call):
        added, changed = outcome["counts"]
        messages.success(request, _("Places imported: %(added)s added, %(changed)s changed.") % {"added": added, "changed": changed})
        return redirect("networks:places", commons.slug)
    status = 400 if form.is_bound and form.errors else 200
    ctx = {"form": form, "cancel_url": reverse("networks:places", args=[commons.slug]),
           "crumb_url": reverse("networks:places", args=[commons.slug]), "crumb_label": _("Places")}
    return render_networks(request, "networks/places/import.html", commons, ctx, status=status)


# --- the section on the neighbourhood map page -------------------------------------------------------
def community_section(request, commons, obj, graph):
    """Places by area, and a small map, on the neighbourhood map page."""
    if not request.user.has_perm("networks.view_map", commons):
        return None
    page = selectors.places_page(request.user, commons)
    data = selectors.map_data(page, settings.MAP_TILES_URL, settings.MAP_TILES_ATTRIBUTION, _labels())
    return {"page": page, "map_data": data, "tiles_url": settings.MAP_TILES_URL,
            "tiles_attribution": settings.MAP_TILES_ATTRIBUTION}


register_section("community", 50, "networks/places/section.html", community_section)

urlpatterns = [
    path(P, places, name="places"),
    path(P + "places.geojson", places_geojson, name="places_geojson"),
    path(P + "import/", places_import, name="places_import"),
]
