"""Views of the networks part "directory" (see docs/networks-directory.md): the directory pages
members see and organisers manage, and the public, read-only Open Referral UK API.

Pages: thin (fetch and check, call one service, render). Not allowed looks like not found.
API: anonymous GETs answering JSON with open CORS; bad parameters answer 400 and unknown ids
404, both as JSON."""

import functools
import math
import uuid as uuid_lib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import path, re_path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from caringcity.core import geo
from caringcity.core.models import Commons
from caringcity.networks import oruk
from caringcity.networks.access import get_in_commons
from caringcity.networks.forms import directory as forms
from caringcity.networks.models import DirectoryImport, Service, ServiceAtLocation, ServiceStatus
from caringcity.networks.placing import place
from caringcity.networks.selectors import directory as selectors
from caringcity.networks.services import directory as services
from caringcity.networks.views.base import _apply_errors, _commons, _submit, register_tab, render_networks

D = "c/<slug:slug>/networks/directory/"
API = "c/<slug:slug>/directory/oruk/"
PAGE_SIZE = 25
FORM = "networks/directory/form.html"

register_tab(50, gettext_lazy("Directory"), "directory", "networks.view_directory")


def _directory(request, slug, perm="networks.view_directory"):
    commons, _membership = _commons(request, slug)
    if not request.user.has_perm(perm, commons):
        raise Http404
    return commons


def _service(commons, service_uuid):
    return get_in_commons(Service, commons, service_uuid)


def _service_url(service):
    return reverse("networks:directory_service", args=[service.commons.slug, service.uuid])


def _form(request, commons, form, *, title, cancel_url, intro=None, submit_label=None, **extra):
    ctx = {"form": form, "title": title, "cancel_url": cancel_url, "intro": intro, "submit_label": submit_label,
           "crumb_url": reverse("networks:directory", args=[commons.slug]), "crumb_label": _("Directory"), **extra}
    return render_networks(request, FORM, commons, ctx, status=400 if form.is_bound and form.errors else 200)


# --- the directory pages -----------------------------------------------------------------------------
@login_required
def directory(request, slug):
    commons = _directory(request, slug)
    terms = list(selectors.term_choices(commons))
    filters = forms.ServiceFilterForm(request.GET or None, terms=terms)
    page = Paginator(selectors.service_list(commons, **filters.filters()), PAGE_SIZE).get_page(request.GET.get("page"))
    ctx = {"filters": filters, "page_obj": page, "has_terms": bool(terms),
           "can_manage": request.user.has_perm("networks.manage_directory", commons),
           "api_url": request.build_absolute_uri(reverse("networks:oruk_root", args=[commons.slug]))}
    return render_networks(request, "networks/directory/directory.html", commons, ctx)


@login_required
def service_detail(request, slug, service_uuid):
    commons = _directory(request, slug)
    service = selectors.service_page(_service(commons, service_uuid))
    ctx = {"service": service, "can_manage": request.user.has_perm("networks.manage_directory", commons),
           "crumb_url": reverse("networks:directory", args=[commons.slug]), "crumb_label": _("Directory"),
           "api_url": reverse("networks:oruk_service", args=[commons.slug, service.uuid])}
    return render_networks(request, "networks/directory/service.html", commons, ctx)


def _service_form(request, commons, service=None):
    initial = None
    if service is not None:
        initial = {key: getattr(service, key) for key in services.SERVICE_FIELDS}
        initial["actor"] = service.actor.uuid
        initial["terms"] = [t.uuid for t in service.terms.all()]
    return forms.ServiceForm(request.POST or None, initial=initial, providers=selectors.provider_choices(commons),
                             terms=selectors.term_choices(commons))


def _service_data(data):
    data = dict(data)
    return {"provider": data.pop("actor"), "terms": list(data.pop("terms")), **data}


@login_required
def service_add(request, slug):
    commons = _directory(request, slug, "networks.manage_directory")
    form = _service_form(request, commons)
    made = []
    if _submit(request, form, lambda data: made.append(services.service_create(actor=request.user, commons=commons, **_service_data(data))),
               success=_("The service is in the directory. Now add where it runs.")):
        return redirect(_service_url(made[0]))
    return _form(request, commons, form, title=_("Add a service"), cancel_url=reverse("networks:directory", args=[commons.slug]),
                 submit_label=_("Add the service"), no_providers=not form.fields["actor"].queryset.exists(),
                 intro=_("A service is something an organisation, hub or market on your neighbourhood map offers: a lunch club, a food bank, an advice session."))


@login_required
def service_edit(request, slug, service_uuid):
    commons = _directory(request, slug, "networks.manage_directory")
    service = _service(commons, service_uuid)
    form = _service_form(request, commons, service)
    if _submit(request, form, lambda data: services.service_change(actor=request.user, service=service, **_service_data(data)), success=_("Saved.")):
        return redirect(_service_url(service))
    return _form(request, commons, form, title=_("Change %(name)s") % {"name": service.name}, cancel_url=_service_url(service))


@login_required
def service_remove(request, slug, service_uuid):
    commons = _directory(request, slug, "networks.manage_directory")
    service = _service(commons, service_uuid)
    if request.method == "POST":
        services.service_remove(actor=request.user, service=service)
        messages.success(request, _("%(name)s is no longer in the directory.") % {"name": service.name})
        return redirect("networks:directory", commons.slug)
    ctx = {"title": _("Remove %(name)s from the directory?") % {"name": service.name},
           "explanation": _("The service and its places go from the directory and from the open directory. This cannot be undone."),
           "confirm_label": _("Remove the service"), "cancel_url": _service_url(service), "danger": True}
    return render_networks(request, "networks/directory/confirm.html", commons, ctx)


@login_required
def place_add(request, slug, service_uuid):
    commons = _directory(request, slug, "networks.manage_directory")
    service = _service(commons, service_uuid)
    form = forms.LocationForm(request.POST or None)
    if _submit(request, form, lambda data: services.location_add(actor=request.user, service=service, **data), success=_("The place is added.")):
        return redirect(_service_url(service))
    return _form(request, commons, form, title=_("Add a place where %(name)s runs") % {"name": service.name},
                 cancel_url=_service_url(service), submit_label=_("Add the place"))


@login_required
@require_POST
def place_remove(request, slug, service_uuid, link_uuid):
    commons = _directory(request, slug, "networks.manage_directory")
    service = _service(commons, service_uuid)
    try:
        link = ServiceAtLocation.objects.select_related("service__commons", "location").get(service=service, uuid=link_uuid)
    except (ServiceAtLocation.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc
    services.location_remove(actor=request.user, link=link)
    messages.success(request, _("The place is removed."))
    return redirect(_service_url(service))


@login_required
def terms(request, slug):
    commons = _directory(request, slug)
    ctx = {"taxonomies": list(selectors.taxonomies_with_terms(commons)),
           "can_manage": request.user.has_perm("networks.manage_directory", commons),
           "crumb_url": reverse("networks:directory", args=[commons.slug]), "crumb_label": _("Directory")}
    return render_networks(request, "networks/directory/terms.html", commons, ctx)


@login_required
@require_POST
def terms_seed(request, slug):
    commons = _directory(request, slug, "networks.manage_directory")
    services.taxonomy_seed(actor=request.user, commons=commons)
    messages.success(request, _("The starter list of kinds of service is ready."))
    return redirect("networks:directory_terms", commons.slug)


@login_required
def directory_import(request, slug):
    commons = _directory(request, slug, "networks.manage_directory")
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["file"]:
                job = services.directory_import_file(actor=request.user, commons=commons, what=data["what"], filename=data["file"].name,
                                                     content=data["file"].read(), publish=data["publish"])
            else:
                job = services.directory_import_feed(actor=request.user, commons=commons, what=data["what"], url=data["url"], publish=data["publish"])
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            return redirect("networks:directory_import_detail", commons.slug, job.uuid)
    return _form(request, commons, form, title=_("Import from Open Referral UK"), cancel_url=reverse("networks:directory", args=[commons.slug]),
                 submit_label=_("Import"), imports=list(selectors.recent_imports(commons)),
                 intro=_("Bring in services, or kinds of service, from another directory that speaks Open Referral UK. "
                         "We check every record first and save nothing unless all of them are good. Importing the same feed again updates what came from it."))


@login_required
def directory_import_detail(request, slug, import_uuid):
    commons = _directory(request, slug, "networks.manage_directory")
    job = get_in_commons(DirectoryImport, commons, import_uuid)
    ctx = {"job": job, "crumb_url": reverse("networks:directory_import", args=[commons.slug]), "crumb_label": _("Import")}
    return render_networks(request, "networks/directory/import_detail.html", commons, ctx)


# --- the public Open Referral UK API -----------------------------------------------------------------
CORS = {"Access-Control-Allow-Origin": "*", "Access-Control-Allow-Methods": "GET, OPTIONS",
        "Access-Control-Allow-Headers": "Accept, Content-Type", "Access-Control-Max-Age": "86400"}
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 500
DAYS = {"MO", "TU", "WE", "TH", "FR", "SA", "SU", "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"}


class BadParameter(Exception):
    def __init__(self, parameter, message):
        super().__init__(message)
        self.parameter, self.message = parameter, message


def _json(data, status=200):
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    for key, value in CORS.items():
        response[key] = value
    return response


def _error(status, message, **extra):
    return _json({"error": {"code": status, "message": message, **extra}}, status=status)


def oruk_api(view):
    """Anonymous, read-only, JSON: open CORS, OPTIONS answered, the commons found by slug (404 JSON
    otherwise), bad parameters 400 JSON, unknown ids 404 JSON."""

    @csrf_exempt
    @functools.wraps(view)
    def wrapper(request, slug, *args, **kwargs):
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            for key, value in CORS.items():
                response[key] = value
            return response
        if request.method not in ("GET", "HEAD"):
            response = _error(405, "Only GET is allowed: this API is read-only.")
            response["Allow"] = "GET, HEAD, OPTIONS"
            return response
        commons = Commons.objects.filter(slug=slug).first()
        if commons is None:
            return _error(404, "There is no directory here.")
        try:
            kwargs = {key: _path_uuid(value) for key, value in kwargs.items()}
            return view(request, commons, *args, **kwargs)
        except BadParameter as bad:
            return _error(400, bad.message, parameter=bad.parameter)
        except Http404:
            return _error(404, "Not found.")

    return wrapper


def _path_uuid(value):
    """An id in the path: not a UUID means no such record (404)."""
    try:
        return uuid_lib.UUID(value)
    except ValueError:
        raise Http404 from None


def _int(request, name, default, low, high):
    raw = request.GET.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadParameter(name, f"{name} should be a whole number.") from None
    if not low <= value <= high:
        raise BadParameter(name, f"{name} should be between {low} and {high}.")
    return value


def _uuid(request, name):
    raw = request.GET.get(name)
    if raw in (None, ""):
        return None
    try:
        return uuid_lib.UUID(raw)
    except ValueError:
        raise BadParameter(name, f"{name} should be a UUID.") from None


def _number(request, name):
    raw = request.GET.get(name)
    if raw in (None, ""):
        return None
    try:
        value = float(raw)
    except ValueError:
        raise BadParameter(name, f"{name} should be a number.") from None
    if not math.isfinite(value) or value < 0:
        raise BadParameter(name, f"{name} should be a number of 0 or more.")
    return value


def _check_optional(request):
    """Parameters the profile lists that we accept but cannot filter on (services here record no
    age limits and their times only in words): checked for their shape, then not used."""
    for name in ("minimum_age", "maximum_age"):
        _number(request, name)
    for name in ("start_time", "end_time"):
        raw = request.GET.get(name)
        if raw:
            parts = raw.split(":")
            if not (2 <= len(parts) <= 3 and all(p.isdigit() and len(p) == 2 for p in parts) and int(parts[0]) < 24 and int(parts[1]) < 60):
                raise BadParameter(name, f"{name} should be a time such as 09:30.")
    day = request.GET.get("day")
    if day and day.upper() not in DAYS:
        raise BadParameter("day", "day should be a day of the week, such as MO or Monday.")


def _paging(request):
    return _int(request, "page", 1, 1, 1_000_000), _int(request, "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE)


def _paged(request, queryset_or_list, shape, *, prepare=None):
    number, per_page = _paging(request)
    total = queryset_or_list.count() if hasattr(queryset_or_list, "count") and not isinstance(queryset_or_list, list) else len(queryset_or_list)
    start = (number - 1) * per_page
    rows = queryset_or_list[start:start + per_page]
    if prepare is not None:
        rows = prepare(rows)
    return _json(oruk.page([shape(row) for row in rows], total=total, number=number, per_page=per_page))


def _search(request):
    """``search`` (the profile's name; ``text`` is accepted too, as older Open Referral UK feeds used it)."""
    value = (request.GET.get("search") or request.GET.get("text") or "").strip()
    if len(value) > 200:
        raise BadParameter("search", "search should be at most 200 characters.")
    return value


def _filtered_services(request, commons, qs, prefix=""):
    text = _search(request)
    if text:
        qs = qs.filter(Q(**{f"{prefix}name__icontains": text}) | Q(**{f"{prefix}description__icontains": text})
                       | Q(**{f"{prefix}actor__name__icontains": text}))
    term = _uuid(request, "taxonomy_term_id")
    if term is not None:
        qs = qs.filter(**{f"{prefix}terms__uuid": term})
    tax = _uuid(request, "taxonomy_id")
    if tax is not None:
        qs = qs.filter(**{f"{prefix}terms__taxonomy__uuid": tax})
    organization = _uuid(request, "organization_id")
    if organization is not None:
        qs = qs.filter(**{f"{prefix}actor__uuid": organization})
    status = request.GET.get("status")
    if status:
        if status not in ServiceStatus.values:
            raise BadParameter("status", f"status should be one of {', '.join(ServiceStatus.values)}.")
        qs = qs.filter(**{f"{prefix}status": status})
    _check_optional(request)
    return qs.distinct() if (term or tax) else qs


@oruk_api
def oruk_root(request, commons):
    return _json(oruk.root(request.build_absolute_uri(reverse("networks:oruk_openapi", args=[commons.slug]))))


@oruk_api
def oruk_services(request, commons):
    qs = _filtered_services(request, commons, selectors.published_services(commons))
    return _paged(request, qs, oruk.service_brief)


@oruk_api
def oruk_service(request, commons, service_uuid):
    qs = selectors.with_everything(selectors.published_services(commons).filter(uuid=service_uuid))
    service = qs.first()
    if service is None:
        raise Http404
    shown, every = selectors.public_terms(commons)
    return _json(oruk.service_full(service, selectors.term_parent_uuids(shown, every)))


@oruk_api
def oruk_service_at_locations(request, commons):
    qs = _filtered_services(request, commons, selectors.published_links(commons), prefix="service__")
    postcode, proximity = request.GET.get("postcode", "").strip(), request.GET.get("proximity", "").strip()
    if proximity and not postcode:
        raise BadParameter("proximity", "proximity needs a postcode to measure from.")
    if not postcode:
        return _paged(request, qs, oruk.service_at_location)
    code, lat, lon = place(postcode)
    if not code:
        raise BadParameter("postcode", "postcode should be a UK postcode.")
    if lat is None:
        raise BadParameter("postcode", "We cannot place this postcode: it is not in our list of postcodes.")
    metres = _number(request, "proximity")
    rows = []
    for link in qs:  # nearest first; places without a point come last
        loc = link.location
        far = geo.distance_km((lat, lon), (loc.latitude, loc.longitude)) * 1000 if loc.latitude is not None and loc.longitude is not None else None
        if metres is not None and (far is None or far > metres):
            continue
        rows.append((far if far is not None else math.inf, link))
    rows.sort(key=lambda pair: pair[0])
    return _paged(request, [link for _far, link in rows], oruk.service_at_location)


@oruk_api
def oruk_service_at_location(request, commons, link_uuid):
    link = selectors.published_links(commons).filter(uuid=link_uuid).first()
    if link is None:
        raise Http404
    return _json(oruk.service_at_location(link))


@oruk_api
def oruk_taxonomies(request, commons):
    shown, _every = selectors.public_terms(commons)
    by_tax = {}
    for term in sorted(shown.values(), key=lambda t: (t.name, t.pk)):
        by_tax.setdefault(term.taxonomy.pk, (term.taxonomy, []))[1].append(term)
    rows = sorted(by_tax.values(), key=lambda pair: (pair[0].name, pair[0].pk))
    return _paged(request, rows, lambda pair: oruk.taxonomy(pair[0], pair[1]))


@oruk_api
def oruk_taxonomy(request, commons, taxonomy_uuid):
    shown, _every = selectors.public_terms(commons)
    terms = sorted((t for t in shown.values() if t.taxonomy.uuid == taxonomy_uuid), key=lambda t: (t.name, t.pk))
    if not terms:
        raise Http404
    return _json(oruk.taxonomy(terms[0].taxonomy, terms))


def _term_rows(request, commons):
    shown, every = selectors.public_terms(commons)
    parents = selectors.term_parent_uuids(shown, every)
    tax = _uuid(request, "taxonomy_id")
    terms = sorted((t for t in shown.values() if tax is None or t.taxonomy.uuid == tax), key=lambda t: (t.taxonomy.name, t.name, t.pk))
    return terms, parents


@oruk_api
def oruk_taxonomy_terms(request, commons):
    terms, parents = _term_rows(request, commons)
    return _paged(request, terms, lambda t: oruk.taxonomy_term(t, t.taxonomy, parents.get(t.pk)))


@oruk_api
def oruk_taxonomy_term(request, commons, term_uuid):
    terms, parents = _term_rows(request, commons)
    term = next((t for t in terms if t.uuid == term_uuid), None)
    if term is None:
        raise Http404
    return _json(oruk.taxonomy_term(term, term.taxonomy, parents.get(term.pk)))


@oruk_api
def oruk_openapi(request, commons):
    """What this API serves, as OpenAPI: the profile's paths and the parameters we honour."""
    base = request.build_absolute_uri(reverse("networks:oruk_root", args=[commons.slug])).rstrip("/")
    compiled = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/"

    def param(name, kind, words):
        return {"name": name, "in": "query", "required": False, "description": words, "schema": {"type": kind}}

    paging = [param("page", "integer", "Page number, from 1."), param("per_page", "integer", f"Results per page, 1 to {MAX_PER_PAGE} (default {DEFAULT_PER_PAGE}).")]
    filters = [param("search", "string", "Words in the name or description of the service or its organisation (also: text)."),
               param("taxonomy_term_id", "string", "Services with this taxonomy term."),
               param("taxonomy_id", "string", "Services with any term of this taxonomy."),
               param("organization_id", "string", "Services of this organisation."),
               param("status", "string", "Services with this status."),
               param("minimum_age", "number", "Accepted; not used (no age limits are recorded)."),
               param("maximum_age", "number", "Accepted; not used (no age limits are recorded)."),
               param("start_time", "string", "Accepted; not used (times are recorded in words)."),
               param("end_time", "string", "Accepted; not used (times are recorded in words)."),
               param("day", "string", "Accepted; not used (days are recorded in words).")]
    near = [param("postcode", "string", "Nearest first from this postcode's centroid."),
            param("proximity", "number", "Only within this many metres of the postcode's centroid.")]

    def op(summary, schema, params=()):
        return {"get": {"summary": summary, "parameters": list(params),
                        "responses": {"200": {"description": summary, "content": {"application/json": {"schema": {"$ref": compiled + schema}}}}}}}

    doc = {
        "openapi": "3.0.0",
        "info": {"title": f"Open Referral UK: {commons.name}", "version": oruk.HSDS_VERSION,
                 "description": "Published services of this commons, read-only, in the Open Referral UK profile of HSDS 3.0."},
        "servers": [{"url": base}],
        "paths": {
            "/": op("About this API", "openapi.json"),
            "/services": op("A page of services", "compiled/service_list.json", paging + filters),
            "/services/{id}": op("One service, fully nested", "compiled/service.json"),
            "/service_at_locations": op("A page of services at their places", "compiled/service_at_location_list.json", paging + filters + near),
            "/service_at_locations/{id}": op("One service at one place", "compiled/service_at_location.json"),
            "/taxonomies": op("A page of taxonomies", "taxonomy.json", paging),
            "/taxonomies/{id}": op("One taxonomy", "taxonomy.json"),
            "/taxonomy_terms": op("A page of taxonomy terms", "taxonomy_term.json", paging + [param("taxonomy_id", "string", "Terms of this taxonomy.")]),
            "/taxonomy_terms/{id}": op("One taxonomy term", "taxonomy_term.json"),
        },
    }
    return _json(doc)


urlpatterns = [
    path(D, directory, name="directory"),
    path(D + "add/", service_add, name="directory_service_add"),
    path(D + "kinds/", terms, name="directory_terms"),
    path(D + "kinds/starter/", terms_seed, name="directory_terms_seed"),
    path(D + "import/", directory_import, name="directory_import"),
    path(D + "import/<uuid:import_uuid>/", directory_import_detail, name="directory_import_detail"),
    path(D + "<uuid:service_uuid>/", service_detail, name="directory_service"),
    path(D + "<uuid:service_uuid>/change/", service_edit, name="directory_service_edit"),
    path(D + "<uuid:service_uuid>/remove/", service_remove, name="directory_service_remove"),
    path(D + "<uuid:service_uuid>/places/add/", place_add, name="directory_place_add"),
    path(D + "<uuid:service_uuid>/places/<uuid:link_uuid>/remove/", place_remove, name="directory_place_remove"),
    *(route for name, suffix, view in [
        ("oruk_root", "", oruk_root),
        ("oruk_openapi", "openapi.json", oruk_openapi),
        ("oruk_services", "services", oruk_services),
        ("oruk_service", "services/<str:service_uuid>", oruk_service),
        ("oruk_service_at_locations", "service_at_locations", oruk_service_at_locations),
        ("oruk_service_at_location", "service_at_locations/<str:link_uuid>", oruk_service_at_location),
        ("oruk_taxonomies", "taxonomies", oruk_taxonomies),
        ("oruk_taxonomy", "taxonomies/<str:taxonomy_uuid>", oruk_taxonomy),
        ("oruk_taxonomy_terms", "taxonomy_terms", oruk_taxonomy_terms),
        ("oruk_taxonomy_term", "taxonomy_terms/<str:term_uuid>", oruk_taxonomy_term),
    ] for route in (
        # with and without a closing slash: clients of the profile use both
        path(API + suffix, view, name=name),
        *([path(API + suffix + "/", view)] if suffix else []),
    )),
    re_path(r"^c/(?P<slug>[-\w]+)/directory/oruk/.+$", oruk_api(lambda request, commons, **kwargs: _error(404, "There is no such endpoint.")),
            name="oruk_unknown"),
]
