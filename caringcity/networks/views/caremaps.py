"""Views of the networks part "caremaps" (see docs/networks-caremaps.md): the care maps a user
may see, one map (drawing, list, other parts' sections, print view), and the short forms that
change it. Thin: fetch and check (not allowed looks like not found), call one service, redirect.
Every look at a map by someone other than its owner goes on the owner's list of who looked."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from caringcity.core.models import AuditEvent
from caringcity.networks.drawing import ecomap
from caringcity.networks.forms import caremaps as forms
from caringcity.networks.graph import OWNER
from caringcity.networks.models import MapVisibility
from caringcity.networks.selectors import caremaps as selectors
from caringcity.networks.selectors.graphs import care_map_graph
from caringcity.networks.services import caremaps as services
from caringcity.networks.views.base import _commons, _form_page, _submit, page_sections, register_tab, render_networks
from caringcity.people import selectors as people
from caringcity.people.services import PRINTED, privacy_record_view

M = "c/<slug:slug>/networks/care-maps/"
K = M + "<uuid:map_uuid>/"
FORM = "networks/caremaps/form.html"

register_tab(20, gettext_lazy("Care maps"), "care_maps")


def _map_url(care_map):
    return reverse("networks:care_map", args=[care_map.commons.slug, care_map.uuid])


def _seen(request, commons, map_uuid, *, printed=False):
    """Fetch and check the map, and record the look (a printout is recorded as one)."""
    care_map, basis = selectors.access_care_map(request, commons, map_uuid)
    privacy_record_view(actor=request.user, commons=commons, person=care_map.owner, part=selectors.PART, basis=basis,
                        obj=care_map, action=AuditEvent.Action.EXPORT if printed else AuditEvent.Action.VIEW,
                        reason=PRINTED if printed else "")
    return care_map, basis


def _changeable(request, slug, map_uuid):
    """The map, if the user may change it; otherwise 404 (a write never shows the map)."""
    commons, membership = _commons(request, slug)
    care_map, basis = selectors.access_care_map(request, commons, map_uuid)
    if not request.user.has_perm("networks.change_care_map", care_map):
        raise Http404
    return commons, care_map


def _form(request, form, care_map, *, title, **extra):
    extra.setdefault("cancel_url", _map_url(care_map))
    return _form_page(request, form, title=title, template=FORM, commons=care_map.commons, care_map=care_map,
                      crumb_url=reverse("networks:care_maps", args=[care_map.commons.slug]), crumb_label=_("Care maps"),
                      tabs=[], **extra)


# --- the list --------------------------------------------------------------------------------------
@login_required
def care_maps(request, slug):
    commons, membership = _commons(request, slug)
    mine = selectors.my_care_map(request.user, commons)
    starts = list(selectors.owners_for_new_map(request.user, commons))
    ctx = {
        "mine": mine,
        "can_start_mine": any(m.person_id == membership.person_id for m in starts),
        "can_start_for_others": any(m.person_id != membership.person_id for m in starts),
        "maps": list(selectors.care_map_list(request.user, commons)),
        "title": _("Care maps"),
    }
    return render_networks(request, "networks/caremaps/list.html", commons, ctx)


@login_required
def care_map_start(request, slug):
    commons, membership = _commons(request, slug)
    starts = list(selectors.owners_for_new_map(request.user, commons))
    if not starts:
        raise Http404
    form = forms.StartForm(request.POST or None, memberships=starts, initial={"owner": request.GET.get("owner", "")})
    made = []

    def start(cleaned):
        owner = cleaned["owner"]
        if not request.user.has_perm("networks.add_care_map", owner):
            raise Http404
        made.append(services.care_map_start(actor=request.user, commons=commons, owner=owner.person))

    if _submit(request, form, start, success=_("The care map is started. Now add the people in their life.")):
        return redirect(_map_url(made[0]))
    return _form_page(request, form, title=_("Start a care map"), template=FORM, commons=commons, submit_label=_("Start the map"),
                      intro=_("A care map shows who someone supports, who supports them, and who supports those people."),
                      crumb_url=reverse("networks:care_maps", args=[slug]), crumb_label=_("Care maps"),
                      cancel_url=reverse("networks:care_maps", args=[slug]))


# --- one map --------------------------------------------------------------------------------------
def _map_context(request, commons, care_map, basis):
    graph = care_map_graph(care_map)
    rows = selectors.map_rows(graph)
    return {
        "care_map": care_map,
        "basis": basis,
        "is_self": basis == "self",
        "graph": graph,
        "svg": ecomap.draw(graph, id_prefix=f"ecomap-{care_map.uuid}"),
        "legend": ecomap.legend(),
        "rings": rows["rings"],
        "ties": rows["ties"],
        "people_count": len(graph.nodes) - 1,
        "owner_id": OWNER,
        "team_shown_by_visibility": care_map.visibility == MapVisibility.TEAM,
    }


@login_required
def care_map(request, slug, map_uuid):
    commons, membership = _commons(request, slug)
    care_map, basis = _seen(request, commons, map_uuid)
    ctx = _map_context(request, commons, care_map, basis)
    ctx.update({
        "title": _("Care map of %(name)s") % {"name": care_map.owner.display_name},
        "can_change": request.user.has_perm("networks.change_care_map", care_map),
        "sections": page_sections("care_map", request, commons, care_map, ctx["graph"]),
        "crumb_url": reverse("networks:care_maps", args=[slug]), "crumb_label": _("Care maps"),
    })
    return render_networks(request, "networks/caremaps/detail.html", commons, ctx)


@login_required
def care_map_print(request, slug, map_uuid):
    commons, membership = _commons(request, slug)
    care_map, basis = _seen(request, commons, map_uuid, printed=True)
    ctx = _map_context(request, commons, care_map, basis)
    ctx.update({"commons": commons, "today": timezone.localdate(),
                "title": _("Care map of %(name)s") % {"name": care_map.owner.display_name}})
    return render(request, "networks/caremaps/print.html", ctx)


@login_required
def care_map_settings(request, slug, map_uuid):
    commons, care_map = _changeable(request, slug, map_uuid)
    form = forms.SettingsForm(request.POST or None, initial={"visibility": care_map.visibility, "show_team": care_map.show_team})
    if _submit(request, form, lambda data: services.care_map_settings(actor=request.user, care_map=care_map, **data),
               success=_("Saved.")):
        return redirect(_map_url(care_map))
    return _form(request, form, care_map, title=_("Who can see the care map"),
                 privacy_url=reverse("people:privacy", args=[slug, care_map.owner.uuid]))


# --- people on the map ---------------------------------------------------------------------------
def _people(commons):
    return people.people_in_commons(commons).order_by("name", "pk")


@login_required
def node_add(request, slug, map_uuid):
    commons, care_map = _changeable(request, slug, map_uuid)
    form = forms.NodeForm(request.POST or None, people=_people(commons))
    if _submit(request, form, lambda data: services.node_add(actor=request.user, care_map=care_map, data=data),
               success=_("Added to the map.")):
        return redirect(_map_url(care_map))
    return _form(request, form, care_map, title=_("Add someone to the map"), submit_label=_("Add them"),
                 intro=_("A person or a group in their life: family, friends, neighbours, workers, groups."))


@login_required
def node_change(request, slug, map_uuid, node_uuid):
    commons, care_map = _changeable(request, slug, map_uuid)
    node = selectors.access_node(care_map, node_uuid)
    initial = {"name": node.name, "is_group": node.is_group, "ring": node.ring, "person": node.person_id, "note": node.note}
    form = forms.NodeForm(request.POST or None, people=_people(commons), initial=initial)
    if _submit(request, form, lambda data: services.node_change(actor=request.user, node=node, data=data), success=_("Saved.")):
        return redirect(_map_url(care_map))
    return _form(request, form, care_map, title=_("Change %(name)s") % {"name": node.name},
                 remove_url=reverse("networks:care_map_node_remove", args=[slug, care_map.uuid, node.uuid]),
                 remove_label=_("Take %(name)s off the map") % {"name": node.name})


@login_required
def node_remove(request, slug, map_uuid, node_uuid):
    commons, care_map = _changeable(request, slug, map_uuid)
    node = selectors.access_node(care_map, node_uuid)
    if request.method == "POST":
        services.node_remove(actor=request.user, node=node)
        messages.success(request, _("Taken off the map."))
        return redirect(_map_url(care_map))
    return render_networks(request, "networks/caremaps/confirm.html", commons, {
        "care_map": care_map, "tabs": [], "title": _("Take %(name)s off the map?") % {"name": node.name},
        "explanation": _("Their ties on the map go too. You can add them again later."),
        "confirm_label": _("Take them off"), "cancel_url": _map_url(care_map),
    })


# --- ties -----------------------------------------------------------------------------------------
def _tie_form(request, care_map, **kwargs):
    return forms.TieForm(request.POST or None, owner=care_map.owner, nodes=selectors.map_nodes(care_map), **kwargs)


@login_required
def tie_add(request, slug, map_uuid):
    commons, care_map = _changeable(request, slug, map_uuid)
    initial = {"source": request.GET.get("from", ""), "target": request.GET.get("to", "")}
    form = _tie_form(request, care_map, initial=initial)
    if len(form.nodes) == 0:
        messages.info(request, _("First add someone to the map. Then you can say how you are tied."))
        return redirect(reverse("networks:care_map_node_add", args=[slug, care_map.uuid]))
    if _submit(request, form, lambda data: services.tie_add(actor=request.user, care_map=care_map, data=data),
               success=_("The tie is on the map.")):
        return redirect(_map_url(care_map))
    return _form(request, form, care_map, title=_("Add a tie"), submit_label=_("Add the tie"),
                 intro=_("Who supports whom. To show who supports the people around them, choose two people on the map."))


@login_required
def tie_change(request, slug, map_uuid, tie_uuid):
    commons, care_map = _changeable(request, slug, map_uuid)
    tie = selectors.access_tie(care_map, tie_uuid)
    initial = {"source": str(tie.source.uuid) if tie.source_id else OWNER, "target": str(tie.target.uuid) if tie.target_id else OWNER,
               "direction": tie.direction, "kind": tie.kind, "strength": tie.strength, "stressful": tie.stressful,
               "flows": tie.flows, "how_often": tie.how_often, "note": tie.note}
    form = _tie_form(request, care_map, initial=initial)
    if _submit(request, form, lambda data: services.tie_change(actor=request.user, tie=tie, data=data), success=_("Saved.")):
        return redirect(_map_url(care_map))
    return _form(request, form, care_map, title=_("Change a tie"),
                 remove_url=reverse("networks:care_map_tie_remove", args=[slug, care_map.uuid, tie.uuid]),
                 remove_label=_("Take this tie off the map"))


@login_required
def tie_remove(request, slug, map_uuid, tie_uuid):
    commons, care_map = _changeable(request, slug, map_uuid)
    tie = selectors.access_tie(care_map, tie_uuid)
    if request.method == "POST":
        services.tie_remove(actor=request.user, tie=tie)
        messages.success(request, _("The tie is off the map."))
        return redirect(_map_url(care_map))
    names = {"from": tie.source.name if tie.source_id else care_map.owner.display_name,
             "to": tie.target.name if tie.target_id else care_map.owner.display_name}
    return render_networks(request, "networks/caremaps/confirm.html", commons, {
        "care_map": care_map, "tabs": [], "title": _("Take the tie between %(from)s and %(to)s off the map?") % names,
        "explanation": _("The people stay on the map."), "confirm_label": _("Take it off"), "cancel_url": _map_url(care_map),
    })


urlpatterns = [
    path(M, care_maps, name="care_maps"),
    path(M + "start/", care_map_start, name="care_map_start"),
    path(K, care_map, name="care_map"),
    path(K + "print/", care_map_print, name="care_map_print"),
    path(K + "settings/", care_map_settings, name="care_map_settings"),
    path(K + "people/add/", node_add, name="care_map_node_add"),
    path(K + "people/<uuid:node_uuid>/", node_change, name="care_map_node_change"),
    path(K + "people/<uuid:node_uuid>/remove/", node_remove, name="care_map_node_remove"),
    path(K + "ties/add/", tie_add, name="care_map_tie_add"),
    path(K + "ties/<uuid:tie_uuid>/", tie_change, name="care_map_tie_change"),
    path(K + "ties/<uuid:tie_uuid>/remove/", tie_remove, name="care_map_tie_remove"),
]
