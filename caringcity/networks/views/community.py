"""Views of the networks part "community" (see docs/networks-community.md): the neighbourhood map
of care, its actors and connections, the commons' kinds of care, and snapshots.

Thin: fetch and check (not allowed looks like not found), call one service, redirect. Every page
works with JavaScript off; the map is an SVG made on the server with the same data as tables."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from caringcity.core import geo
from caringcity.networks.access import get_in_commons
from caringcity.networks.drawing import network as drawing
from caringcity.networks.forms import community as forms
from caringcity.networks.graph import Graph
from caringcity.networks.models import Actor, ActorKind, CareKind, Connection, ConnectionStatus, Snapshot
from caringcity.networks.selectors import community as selectors
from caringcity.networks.selectors.graphs import actor_label, community_graph
from caringcity.networks.services import community as services
from caringcity.networks.views.base import _commons, _submit, page_sections, register_tab, render_networks
from caringcity.people.models import Membership, Organisation, Person
from caringcity.teams import selectors as teams

N = "c/<slug:slug>/networks/"
FORM = "networks/community/form.html"
CONFIRM = "networks/confirm.html"
TABLE_PAGE = 100  # rows of each table on the map page
LIST_PAGE = 25

register_tab(10, gettext_lazy("Neighbourhood map"), "community")
register_tab(15, gettext_lazy("Actors"), "actors")
register_tab(70, gettext_lazy("Snapshots"), "snapshots")
register_tab(80, gettext_lazy("Kinds of care"), "care_kinds")


def _member(request, slug, perm="networks.view_map"):
    commons, membership = _commons(request, slug)
    if not request.user.has_perm(perm, commons):
        raise Http404
    return commons


def _map_url(commons):
    return reverse("networks:community", args=[commons.slug])


def _actor_url(actor):
    return reverse("networks:actor", args=[actor.commons.slug, actor.uuid])


def _form(request, commons, form, *, title, cancel_url, **extra):
    """A form page inside the networks section; 400 when the form has errors (it keeps what was typed)."""
    ctx = {"form": form, "title": title, "cancel_url": cancel_url, **extra}
    return render_networks(request, FORM, commons, ctx, status=400 if form.is_bound and form.errors else 200)


def _confirm(request, commons, *, title, explanation, confirm_label, cancel_url, form=None, error="", status=200):
    ctx = {"title": title, "explanation": explanation, "confirm_label": confirm_label, "cancel_url": cancel_url,
           "form": form, "error": error}
    return render_networks(request, CONFIRM, commons, ctx, status=status)


def _page(request, rows, name, size):
    return Paginator(rows, size).get_page(request.GET.get(name))


# --- the neighbourhood map ---------------------------------------------------------------------------
def _tables(request, graph, *, link):
    actor_rows, connection_rows = selectors.table_rows(graph)
    return {"actor_page": _page(request, actor_rows, "actors_page", TABLE_PAGE),
            "connection_page": _page(request, connection_rows, "connections_page", TABLE_PAGE),
            "link_actors": link}


@login_required
def community(request, slug):
    commons = _member(request, slug)
    graph = community_graph(commons)
    care_names = sorted({name for edge in graph.edges for name in edge.attrs.get("care_kinds", [])}
                        | set(CareKind.objects.filter(commons=commons).values_list("name", flat=True)), key=str.casefold)
    filters = selectors.MapFilters.from_query(request.GET, care_names)
    shown = selectors.filter_graph(graph, filters) if filters.active else graph
    ctx = {
        "graph": shown, "whole": graph, "filters": filters,
        "drawing": drawing.draw(shown, title=_("The neighbourhood map of care of %(name)s") % {"name": commons.name}),
        "too_big": drawing.too_big(shown), "max_nodes": drawing.MAX_NODES, "legend": drawing.legend(),
        "kinds": ActorKind.choices, "statuses": ConnectionStatus.choices, "care_names": care_names,
        "can_add": request.user.has_perm("networks.add_to_map", commons),
        "sections": page_sections("community", request, commons, None, graph),
        **_tables(request, shown, link=True),
    }
    return render_networks(request, "networks/community/map.html", commons, ctx)


# --- actors ---------------------------------------------------------------------------------------
@login_required
def actors(request, slug):
    commons = _member(request, slug)
    kind = request.GET.get("kind", "")
    kind = kind if kind in ActorKind.values else ""
    ended = request.GET.get("ended") == "1"
    page = _page(request, selectors.actor_list(commons, kind=kind, ended=ended), "page", LIST_PAGE)
    rows = [(actor, actor_label(actor), actor.live_in + actor.live_out) for actor in page]
    ctx = {"page_obj": page, "rows": rows, "kind": kind, "ended": ended, "kinds": ActorKind.choices,
           "can_add": request.user.has_perm("networks.add_to_map", commons)}
    return render_networks(request, "networks/community/actor_list.html", commons, ctx)


def _actor_form(request, commons, initial=None):
    people = (Person.objects.filter(memberships__commons=commons, memberships__status=Membership.Status.ACTIVE)
              .distinct().order_by("name", "pk"))
    return forms.ActorForm(request.POST or None, initial=initial, people=people,
                           organisations=Organisation.objects.filter(commons=commons).order_by("name", "pk"),
                           teams=teams.teams_visible_to(request.user, commons).order_by("name", "pk"))


def _placing_message(request, actor):
    if actor.postcode and actor.latitude is None:
        messages.warning(request, _("We could not find %(postcode)s among the postcodes loaded here. It is kept, but they will "
                                    "not show on the map of places until it can be placed.") % {"postcode": actor.postcode})


@login_required
def actor_add(request, slug):
    commons = _member(request, slug, "networks.add_to_map")
    form = _actor_form(request, commons)
    made = []
    if _submit(request, form, lambda data: made.append(services.actor_add(actor=request.user, commons=commons, **data))):
        messages.success(request, _("%(name)s is on the map.") % {"name": actor_label(made[0])})
        _placing_message(request, made[0])
        return redirect(_actor_url(made[0]))
    return _form(request, commons, form, title=_("Add someone or something to the map"), cancel_url=_map_url(commons),
                 submit_label=_("Add to the map"),
                 intro=_("An actor is anyone who gives or gets care here: a resident, a group, a hub, a market, a service or a care team."))


@login_required
def actor_detail(request, slug, uuid):
    commons = _member(request, slug)
    actor = get_in_commons(Actor, commons, uuid)
    user = request.user
    can_change = actor.ended is None and user.has_perm("networks.change_actor", actor)
    hidden = actor.is_individual and not actor.show_name
    rows = []
    for c in selectors.actor_connections(actor):
        c.commons = commons  # the rule reads it: no query per row
        rows.append((c, c.target if c.source_id == actor.pk else c.source, user.has_perm("networks.change_connection", c)))
    ctx = {
        "actor": actor, "label": actor_label(actor), "hidden": hidden, "can_change": can_change,
        "area": geo.outward(actor.postcode) if hidden else actor.postcode,
        "show_details": not hidden or can_change,
        "connections": [(c, other, actor_label(other), may) for c, other, may in rows],
        "can_connect": actor.ended is None and user.has_perm("networks.add_to_map", commons),
        "team_url": (reverse("teams:team_detail", args=[commons.slug, actor.team.uuid])
                     if actor.team_id and user.has_perm("teams.view_team", actor.team) else ""),
        "crumb_url": _map_url(commons), "crumb_label": _("Neighbourhood map"),
    }
    return render_networks(request, "networks/community/actor_detail.html", commons, ctx)


def _changeable_actor(request, slug, uuid):
    commons = _member(request, slug)
    actor = get_in_commons(Actor, commons, uuid)
    if actor.ended is not None or not request.user.has_perm("networks.change_actor", actor):
        raise Http404
    return commons, actor


@login_required
def actor_edit(request, slug, uuid):
    commons, actor = _changeable_actor(request, slug, uuid)
    initial = {field: getattr(actor, field) for field in services.ACTOR_FIELDS}
    form = _actor_form(request, commons, initial)
    if _submit(request, form, lambda data: services.actor_change(actor=request.user, row=actor, **data), success=_("Saved.")):
        actor.refresh_from_db()
        _placing_message(request, actor)
        return redirect(_actor_url(actor))
    return _form(request, commons, form, title=_("Change %(name)s") % {"name": actor_label(actor)}, cancel_url=_actor_url(actor),
                 remove_url=reverse("networks:actor_end", args=[slug, actor.uuid]), remove_label=_("They have left the map"))


@login_required
def actor_end(request, slug, uuid):
    commons, actor = _changeable_actor(request, slug, uuid)
    form = forms.ActorEndForm(request.POST or None)
    if _submit(request, form, lambda data: services.actor_end(actor=request.user, row=actor, **data),
               success=_("%(name)s has left the map. Their connections stay in its history.") % {"name": actor_label(actor)}):
        return redirect(_actor_url(actor))
    return _confirm(request, commons, title=_("%(name)s has left the map") % {"name": actor_label(actor)}, form=form,
                    explanation=_("They will no longer show on today's map. Nothing is deleted: snapshots and the map of "
                                  "earlier days still show them and their connections."),
                    confirm_label=_("Take them off today's map"), cancel_url=_actor_url(actor),
                    status=400 if form.is_bound and form.errors else 200)


# --- connections ----------------------------------------------------------------------------------
def _care_kinds(commons):
    services.care_kinds_ensure(commons)
    return CareKind.objects.filter(commons=commons).order_by("name", "pk")


@login_required
def connection_add(request, slug):
    commons = _member(request, slug, "networks.add_to_map")
    actors = selectors.current_actor_choices(commons)
    initial = {}
    start = actors.filter(uuid=request.GET.get("from")).first() if _is_uuid(request.GET.get("from")) else None
    if start is not None:
        initial["source"] = start
    form = forms.ConnectionForm(request.POST or None, initial=initial, actors=actors, care_kinds=_care_kinds(commons))
    made = []
    if _submit(request, form, lambda data: made.append(services.connection_add(actor=request.user, commons=commons, **data)),
               success=_("The connection is on the map.")):
        return redirect(_actor_url(made[0].source))
    return _form(request, commons, form, title=_("Add a connection"), submit_label=_("Add the connection"),
                 cancel_url=_actor_url(start) if start else _map_url(commons),
                 intro=_("A connection says that two actors are in touch, and what kinds of care go between them."))


def _is_uuid(value):
    import uuid

    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def _changeable_connection(request, slug, uuid):
    commons = _member(request, slug)
    connection = get_in_commons(Connection, commons, uuid)
    if not request.user.has_perm("networks.change_connection", connection):
        raise Http404
    return commons, connection


def _connection_title(connection):
    return _("%(a)s and %(b)s") % {"a": actor_label(connection.source), "b": actor_label(connection.target)}


@login_required
def connection_edit(request, slug, uuid):
    commons, connection = _changeable_connection(request, slug, uuid)
    initial = {"status": connection.status, "direction": connection.direction, "since": connection.since, "note": connection.note,
               "care_kinds": list(connection.care_kinds.all())}
    form = forms.ConnectionForm(request.POST or None, initial=initial, care_kinds=_care_kinds(commons), fixed_ends=True)
    if _submit(request, form, lambda data: services.connection_change(actor=request.user, row=connection, **data), success=_("Saved.")):
        return redirect(_actor_url(connection.source))
    extra = {}
    if connection.status != ConnectionStatus.INACTIVE:
        extra = {"remove_url": reverse("networks:connection_end", args=[slug, connection.uuid]),
                 "remove_label": _("They are not in touch any more")}
    return _form(request, commons, form, title=_("The connection between %(who)s") % {"who": _connection_title(connection)},
                 cancel_url=_actor_url(connection.source), **extra)


@login_required
def connection_end(request, slug, uuid):
    commons, connection = _changeable_connection(request, slug, uuid)
    error, status = "", 200
    if request.method == "POST":
        try:
            services.connection_end(actor=request.user, row=connection)
        except ValidationError as refusal:
            error, status = " ".join(refusal.messages), 400
        else:
            messages.success(request, _("The connection is now inactive."))
            return redirect(_actor_url(connection.source))
    return _confirm(request, commons, title=_("%(who)s are not in touch any more") % {"who": _connection_title(connection)},
                    explanation=_("The connection stays on the map as inactive (a dashed line), so its history is kept. "
                                  "If they get back in touch, change it or add a new connection."),
                    confirm_label=_("Mark it inactive"), cancel_url=_actor_url(connection.source), error=error, status=status)


# --- kinds of care --------------------------------------------------------------------------------
def _care_kinds_url(commons):
    return reverse("networks:care_kinds", args=[commons.slug])


@login_required
def care_kinds(request, slug):
    commons = _member(request, slug)
    services.care_kinds_ensure(commons)
    ctx = {"care_kinds": list(selectors.care_kinds_of(commons)), "can_keep": request.user.has_perm("networks.keep_map", commons)}
    return render_networks(request, "networks/community/care_kinds.html", commons, ctx)


@login_required
def care_kind_add(request, slug):
    commons = _member(request, slug, "networks.keep_map")
    form = forms.CareKindForm(request.POST or None)
    if _submit(request, form, lambda data: services.care_kind_add(actor=request.user, commons=commons, **data), success=_("Added.")):
        return redirect(_care_kinds_url(commons))
    return _form(request, commons, form, title=_("Add a kind of care"), cancel_url=_care_kinds_url(commons))


@login_required
def care_kind_edit(request, slug, uuid):
    commons = _member(request, slug, "networks.keep_map")
    kind = get_in_commons(CareKind, commons, uuid)
    form = forms.CareKindForm(request.POST or None, initial={"name": kind.name, "description": kind.description})
    if _submit(request, form, lambda data: services.care_kind_change(actor=request.user, care_kind=kind, **data), success=_("Saved.")):
        return redirect(_care_kinds_url(commons))
    return _form(request, commons, form, title=_("Rename %(name)s") % {"name": kind.name}, cancel_url=_care_kinds_url(commons),
                 remove_url=reverse("networks:care_kind_retire", args=[slug, kind.uuid]), remove_label=_("Stop using this kind of care"))


@login_required
def care_kind_retire(request, slug, uuid):
    commons = _member(request, slug, "networks.keep_map")
    kind = get_in_commons(CareKind, commons, uuid)
    error, status = "", 200
    if request.method == "POST":
        try:
            services.care_kind_retire(actor=request.user, care_kind=kind)
        except ValidationError as refusal:
            error, status = " ".join(refusal.messages), 400
        else:
            messages.success(request, _("%(name)s is no longer a kind of care here.") % {"name": kind.name})
            return redirect(_care_kinds_url(commons))
    return _confirm(request, commons, title=_("Stop using %(name)s") % {"name": kind.name},
                    explanation=_("Only a kind of care that no connection uses can go. A kind in use stays, so the map's history keeps its meaning."),
                    confirm_label=_("Remove it"), cancel_url=_care_kinds_url(commons), error=error, status=status)


# --- snapshots ------------------------------------------------------------------------------------
@login_required
def snapshots(request, slug):
    commons = _member(request, slug)
    page = _page(request, Snapshot.objects.filter(commons=commons).defer("data").order_by("-taken_on", "-created"), "page", LIST_PAGE)
    ctx = {"page_obj": page, "can_take": request.user.has_perm("networks.keep_map", commons)}
    return render_networks(request, "networks/community/snapshots.html", commons, ctx)


@login_required
def snapshot_take(request, slug):
    commons = _member(request, slug, "networks.keep_map")
    form = forms.SnapshotForm(request.POST or None)
    made = []
    if _submit(request, form, lambda data: made.append(services.snapshot_take(actor=request.user, commons=commons, **data)),
               success=_("The snapshot is kept.")):
        return redirect("networks:snapshot", slug, made[0].uuid)
    return _form(request, commons, form, title=_("Take a snapshot of the map"), submit_label=_("Take the snapshot"),
                 cancel_url=reverse("networks:snapshots", args=[slug]),
                 intro=_("A snapshot keeps the map as it is, so later you can see how the network has grown."))


def snapshot_graph(snapshot):
    """The snapshot's stored graph, with any resident who has since withdrawn their agreement to be
    named shown as "A resident, E5" again (one query)."""
    graph = Graph.from_dict(snapshot.data or {})
    named = [node.id for node in graph.nodes if node.attrs.get("individual") and _is_uuid(node.id)]
    if named:
        index = graph.index()
        for actor in Actor.objects.filter(commons_id=snapshot.commons_id, uuid__in=named, kind=ActorKind.RESIDENT, show_name=False):
            node = index[str(actor.uuid)]
            node.label = actor_label(actor)
            node.attrs["postcode"], node.attrs["description"] = geo.outward(actor.postcode), ""
    return graph


@login_required
def snapshot_detail(request, slug, uuid):
    commons = _member(request, slug)
    snapshot = get_in_commons(Snapshot, commons, uuid)
    graph = snapshot_graph(snapshot)
    summary = snapshot.summary or {}
    kinds = dict(ActorKind.choices)
    ctx = {
        "snapshot": snapshot, "graph": graph, "summary": summary,
        "by_kind": sorted(((str(kinds.get(kind, kind)), count) for kind, count in summary.get("by_kind", {}).items())),
        "drawing": drawing.draw(graph, title=_("The neighbourhood map on %(day)s: %(name)s") % {
            "day": snapshot.taken_on.isoformat(), "name": snapshot.name}, key="snapshot"),
        "too_big": drawing.too_big(graph), "max_nodes": drawing.MAX_NODES, "legend": drawing.legend(),
        "crumb_url": reverse("networks:snapshots", args=[slug]), "crumb_label": _("Snapshots"),
        **_tables(request, graph, link=False),
    }
    return render_networks(request, "networks/community/snapshot.html", commons, ctx)


A = N + "actors/<uuid:uuid>/"
urlpatterns = [
    path(N, community, name="community"),
    path(N + "actors/", actors, name="actors"),
    path(N + "actors/add/", actor_add, name="actor_add"),
    path(A, actor_detail, name="actor"),
    path(A + "change/", actor_edit, name="actor_edit"),
    path(A + "leave/", actor_end, name="actor_end"),
    path(N + "connections/add/", connection_add, name="connection_add"),
    path(N + "connections/<uuid:uuid>/change/", connection_edit, name="connection_edit"),
    path(N + "connections/<uuid:uuid>/end/", connection_end, name="connection_end"),
    path(N + "kinds-of-care/", care_kinds, name="care_kinds"),
    path(N + "kinds-of-care/add/", care_kind_add, name="care_kind_add"),
    path(N + "kinds-of-care/<uuid:uuid>/change/", care_kind_edit, name="care_kind_edit"),
    path(N + "kinds-of-care/<uuid:uuid>/remove/", care_kind_retire, name="care_kind_retire"),
    path(N + "snapshots/", snapshots, name="snapshots"),
    path(N + "snapshots/take/", snapshot_take, name="snapshot_take"),
    path(N + "snapshots/<uuid:uuid>/", snapshot_detail, name="snapshot"),
]
