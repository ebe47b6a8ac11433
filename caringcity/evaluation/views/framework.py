"""Pages of the framework part (the theory of change). See docs/evaluation-framework.md.

The framework in use (or a chooser when none is), one version by uuid with its diagram and
outline, an outcome chosen with ``?outcome=<uuid>#chosen`` (no JavaScript needed), the print
view, the list of versions, the Kumu JSON and CSV exports, and the organisers' forms that shape a
draft. Thin: fetch and check (not allowed looks like not found), call one service, redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from caringcity.evaluation.drawing import toc
from caringcity.evaluation.forms import framework as forms
from caringcity.evaluation.models import FrameworkStatus, Method
from caringcity.evaluation.selectors import framework as selectors
from caringcity.evaluation.selectors import framework_export as export
from caringcity.evaluation.services import framework as services
from caringcity.evaluation.views.base import E, _act, _submit, member_commons, page_sections, register_tab, render_evaluation

F = E + "framework/"
V = F + "<uuid:framework_uuid>/"
K = V + "<slug:kind>/<uuid:element_uuid>/"
FORM = "evaluation/framework/form.html"
CONFIRM = "evaluation/confirm.html"

register_tab(10, gettext_lazy("The changes we hope for"), "framework")


def _version_url(framework):
    return reverse("evaluation:framework_version", args=[framework.commons.slug, framework.uuid])


def _crumbs(commons):
    return {"crumb_url": reverse("evaluation:framework", args=[commons.slug]), "crumb_label": _("The changes we hope for")}


def _visible(request, slug, framework_uuid):
    commons = member_commons(request, slug)
    return commons, selectors.access_framework(request.user, commons, framework_uuid)


def _keepable(request, slug, framework_uuid):
    commons = member_commons(request, slug, "evaluation.keep")
    return commons, selectors.access_framework(request.user, commons, framework_uuid)


def _form(request, commons, form, *, title, **extra):
    ctx = {"form": form, "title": title, **_crumbs(commons), **extra}
    status = 400 if form.is_bound and form.errors else 200
    return render_evaluation(request, FORM, commons, ctx, status=status)


# --- the diagram and outline --------------------------------------------------------------------------

def _href(framework):
    base = _version_url(framework)

    def href(kind, element):
        if kind == "outcome":
            return f"{base}?outcome={element.uuid}#chosen"
        if kind == "indicator":
            return f"{base}?outcome={element.outcome.uuid}#ind-{element.uuid}"
        return f"#el-{element.uuid}"

    return href


def _outline(tree):
    leads = {}
    for output, outcome in tree.links:
        leads.setdefault(output.pk, []).append(outcome)
    dimensions = [(dim, [(out, leads.get(out.pk, [])) for out in dim.outputs.all()]) for dim in tree.dimensions]
    domains = [(dom, list(dom.outcomes.all())) for dom in tree.domains]
    return dimensions, domains


def _chosen(request, tree):
    wanted = request.GET.get("outcome")
    if not wanted:
        return None
    outcome = tree.outcome(wanted)
    if outcome is None:
        raise Http404
    return outcome


def _chosen_rows(commons, outcome):
    indicators = list(outcome.indicators.all())
    instruments = {inst.key: inst for inst in selectors.available_instruments(commons)} if any(
        i.method == Method.SURVEY for i in indicators) else {}
    figures = selectors.latest_figures(commons, indicators)
    return [{"indicator": i, "measured": selectors.how_measured(i, instruments), "latest": figures.get(i.pk)} for i in indicators]


def _page_context(request, commons, framework, *, printing=False):
    tree = selectors.framework_tree(framework)
    chosen = None if printing else _chosen(request, tree)
    dimensions, domains = _outline(tree)
    can_keep = request.user.has_perm("evaluation.keep", commons)
    ctx = {
        "framework": framework, "tree": tree, "chosen": chosen, "version_url": _version_url(framework),
        "svg": toc.draw(tree, _href(framework), chosen=chosen, id_prefix=f"toc-{framework.uuid}"),
        "outline_dimensions": dimensions, "outline_domains": domains,
        "can_keep": can_keep, "can_edit": can_keep and framework.status == FrameworkStatus.DRAFT and not printing,
        "is_draft": framework.status == FrameworkStatus.DRAFT, "is_in_use": framework.status == FrameworkStatus.IN_USE,
        "is_retired": framework.status == FrameworkStatus.RETIRED,
        "in_use": selectors.framework_in_use(commons),
    }
    if can_keep and not printing:
        ctx["draft"] = selectors.draft_of(commons)
    if chosen is not None:
        ctx["chosen_rows"] = _chosen_rows(commons, chosen)
        ctx["sections"] = page_sections("outcome", request, commons, chosen)
    return ctx


def _version_page(request, commons, framework):
    ctx = _page_context(request, commons, framework)
    ctx["title"] = str(framework)
    return render_evaluation(request, "evaluation/framework/page.html", commons, ctx)


@login_required
def framework(request, slug):
    commons = member_commons(request, slug)
    in_use = selectors.framework_in_use(commons)
    if in_use is not None:
        return _version_page(request, commons, in_use)
    ctx = {"versions": list(selectors.version_list(request.user, commons)),
           "can_keep": request.user.has_perm("evaluation.keep", commons), "title": _("The changes we hope for")}
    return render_evaluation(request, "evaluation/framework/chooser.html", commons, ctx)


@login_required
def framework_version(request, slug, framework_uuid):
    commons, framework = _visible(request, slug, framework_uuid)
    return _version_page(request, commons, framework)


@login_required
def framework_print(request, slug, framework_uuid):
    commons, framework = _visible(request, slug, framework_uuid)
    ctx = _page_context(request, commons, framework, printing=True)
    ctx.update({"commons": commons, "today": timezone.localdate(), "title": str(framework)})
    return render(request, "evaluation/framework/print.html", ctx)


@login_required
def framework_versions(request, slug):
    commons = member_commons(request, slug)
    ctx = {"versions": list(selectors.version_list(request.user, commons)), "in_use": selectors.framework_in_use(commons),
           "can_keep": request.user.has_perm("evaluation.keep", commons), "title": _("Versions of the framework"),
           **_crumbs(commons)}
    if ctx["can_keep"]:
        ctx["draft"] = selectors.draft_of(commons)
    return render_evaluation(request, "evaluation/framework/versions.html", commons, ctx)


# --- exports -------------------------------------------------------------------------------------------

def _download(body, content_type, filename):
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def framework_kumu(request, slug, framework_uuid):
    commons, framework = _visible(request, slug, framework_uuid)
    return _download(export.kumu_json(framework), "application/json; charset=utf-8", export.filename(framework, "kumu.json"))


@login_required
def framework_csv(request, slug, framework_uuid):
    commons, framework = _visible(request, slug, framework_uuid)
    return _download(export.csv_zip(framework), "application/zip", export.filename(framework, "csv.zip"))


# --- versions: start, copy, put in use, change, remove -----------------------------------------------------------

@login_required
def framework_start(request, slug):
    commons = member_commons(request, slug, "evaluation.keep")
    form = forms.FrameworkForm(request.POST or None)
    made = []
    if _submit(request, form, lambda data: made.append(services.framework_start(actor=request.user, commons=commons, **data)),
               success=_("The draft is started. Now add what you do and the changes you hope for.")):
        return redirect(_version_url(made[0]))
    return _form(request, commons, form, title=_("Start an empty framework"), submit_label=_("Start the draft"),
                 cancel_url=reverse("evaluation:framework", args=[slug]))


@login_required
def framework_from_starter(request, slug):
    commons = member_commons(request, slug, "evaluation.keep")
    if request.method == "POST":
        made = []
        if _act(request, lambda: made.append(services.framework_from_starter(actor=request.user, commons=commons)),
                _("A draft is made from the starter framework. Change it with the people it is for, then put it in use.")):
            return redirect(_version_url(made[0]))
        return redirect("evaluation:framework", slug)
    return render_evaluation(request, CONFIRM, commons, {
        "title": _("Start from the starter framework?"), **_crumbs(commons),
        "explanation": _("Caring City comes with a framework for commons-based care: what the platform, circles, care teams and "
                         "the commons do, and the changes in growth, well-being and belonging, and co-production we hope they "
                         "bring. You get a draft to change with the people it is for."),
        "confirm_label": _("Make a draft from it"), "cancel_url": reverse("evaluation:framework", args=[slug])})


@login_required
def framework_copy(request, slug, framework_uuid):
    commons, framework = _keepable(request, slug, framework_uuid)
    form = forms.CopyForm(request.POST or None, initial={"who_shaped_it": framework.who_shaped_it})
    made = []
    if _submit(request, form, lambda data: made.append(services.framework_copy(actor=request.user, framework=framework, **data)),
               success=_("The new version is a draft. Change it, then put it in use.")):
        return redirect(_version_url(made[0]))
    return _form(request, commons, form, title=_("Start a new version"), submit_label=_("Start the new version"),
                 intro=_("The new version starts as a copy of version %(version)s. The old one stays as it is until you put the new one in use.")
                 % {"version": framework.version}, cancel_url=_version_url(framework))


@login_required
def framework_put_in_use(request, slug, framework_uuid):
    commons, framework = _keepable(request, slug, framework_uuid)
    if request.method == "POST":
        _act(request, lambda: services.framework_put_in_use(actor=request.user, framework=framework),
             _("Version %(version)s is in use now.") % {"version": framework.version})
        return redirect(_version_url(framework))
    in_use = selectors.framework_in_use(commons)
    explanation = _("Everyone in the commons will see this version.")
    if in_use is not None and in_use.pk != framework.pk:
        explanation += " " + _("Version %(version)s, in use now, will be kept as a record and can no longer change.") % {"version": in_use.version}
    return render_evaluation(request, CONFIRM, commons, {
        "title": _("Put version %(version)s in use?") % {"version": framework.version}, **_crumbs(commons),
        "explanation": explanation, "confirm_label": _("Put it in use"), "cancel_url": _version_url(framework)})


@login_required
def framework_settings(request, slug, framework_uuid):
    commons, framework = _keepable(request, slug, framework_uuid)
    form = forms.FrameworkForm(request.POST or None, initial={"name": framework.name, "what_changed": framework.what_changed,
                                                              "who_shaped_it": framework.who_shaped_it})
    refusal = _refused(framework)
    if refusal is None and _submit(request, form, lambda data: services.framework_change(actor=request.user, framework=framework, **data),
                                   success=_("Saved.")):
        return redirect(_version_url(framework))
    return _form(request, commons, form, title=_("Name and notes of version %(version)s") % {"version": framework.version},
                 refusal=refusal, cancel_url=_version_url(framework))


@login_required
def framework_remove(request, slug, framework_uuid):
    commons, framework = _keepable(request, slug, framework_uuid)
    if request.method == "POST":
        if _act(request, lambda: services.framework_remove(actor=request.user, framework=framework), _("The draft is removed.")):
            return redirect("evaluation:framework", slug)
        return redirect(_version_url(framework))
    return render_evaluation(request, CONFIRM, commons, {
        "title": _("Remove this draft?"), **_crumbs(commons), "danger": True,
        "explanation": _("Everything in the draft goes. Versions that were in use are kept."),
        "confirm_label": _("Remove the draft"), "cancel_url": _version_url(framework)})


def _refused(framework):
    try:
        services.check_changeable(framework)
    except ValidationError as error:
        return " ".join(error.messages)
    return None


# --- the elements of a draft -----------------------------------------------------------------------------

def _kind(kind):
    if kind not in selectors.KINDS:
        raise Http404
    return kind


def _choices(framework, kind):
    """Where an element of ``kind`` may go, and (for outcomes) the outputs to tick."""
    parent_kind = selectors.PARENT_KIND[kind]
    extra = {}
    if parent_kind:
        rows = selectors.elements_of(framework, parent_kind)
        if kind == "indicator":
            groups = {}
            for outcome in rows.select_related("domain"):
                groups.setdefault(outcome.domain.name, []).append((str(outcome.uuid), outcome.name))
            extra["parents"] = list(groups.items())
        else:
            extra["parents"] = [(str(row.uuid), row.name) for row in rows]
    if kind == "outcome":
        extra["outputs"] = [(str(o.uuid), o.name) for o in selectors.elements_of(framework, "output")]
    if kind == "indicator":
        extra["measures"] = selectors.measure_choices(selectors.available_instruments(framework.commons))
        extra["metrics"] = selectors.metric_choices()
    return extra


def _resolve(framework, kind, data):
    """The parent and outputs chosen in the form, as objects of this version."""
    parent_kind = selectors.PARENT_KIND[kind]
    parent = selectors.access_element(framework, parent_kind, data["parent"]) if parent_kind else None
    outputs = None
    if kind == "outcome":
        wanted = set(data.get("outputs") or [])
        outputs = [o for o in selectors.elements_of(framework, "output") if str(o.uuid) in wanted]
    return parent, outputs


def _call(form, call):
    """Run a service for an element form; its refusals go next to the form's own field."""
    def run(data):
        try:
            call(data)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                raise ValidationError({form.service_field(name) or "__all__": errs for name, errs in error.error_dict.items()}) from None
            raise
    return run


def _element_form(request, commons, framework, form, *, title, **extra):
    return _form(request, commons, form, title=title, framework=framework, refusal=_refused(framework),
                 cancel_url=extra.pop("cancel_url", _version_url(framework)), **extra)


@login_required
def element_add(request, slug, framework_uuid, kind):
    commons, framework = _keepable(request, slug, framework_uuid)
    kind = _kind(kind)
    form = forms.ElementForm(request.POST or None, kind=kind, initial={"parent": request.GET.get("parent", "")},
                             **_choices(framework, kind))
    made = []

    def add(data):
        parent, outputs = _resolve(framework, kind, data)
        made.append(services.element_add(actor=request.user, framework=framework, kind=kind, data=data, parent=parent, outputs=outputs))

    if _refused(framework) is None and _submit(request, form, _call(form, add), success=_("Added.")):
        return redirect(_version_url(framework) + f"#el-{made[0].uuid}")
    return _element_form(request, commons, framework, form, submit_label=_("Add it"), title=_add_title(kind))


def _add_title(kind):
    return {"dimension": _("Add an output dimension"), "output": _("Add an output"), "domain": _("Add an outcome domain"),
            "outcome": _("Add an outcome"), "indicator": _("Add an indicator")}[kind]


def _initial(element, kind):
    initial = {"name": element.name, "description": element.description}
    parent_kind = selectors.PARENT_KIND[kind]
    if parent_kind:
        initial["parent"] = str(getattr(element, parent_kind).uuid)
    if kind == "outcome":
        initial["outputs"] = [str(o.uuid) for o in element.outputs.all()]
    if kind == "indicator":
        initial.update({"method": element.method, "target": element.target})
        if element.method == Method.SURVEY:
            initial["survey_measure"] = f"{element.instrument_key}{forms.SEP}{element.measure_key}"
        elif element.method == Method.METRIC:
            initial["metric"] = element.measure_key
    return initial


@login_required
def element_change(request, slug, framework_uuid, kind, element_uuid):
    commons, framework = _keepable(request, slug, framework_uuid)
    kind = _kind(kind)
    element = selectors.access_element(framework, kind, element_uuid)
    form = forms.ElementForm(request.POST or None, kind=kind, initial=_initial(element, kind), **_choices(framework, kind))

    def change(data):
        parent, outputs = _resolve(framework, kind, data)
        services.element_change(actor=request.user, element=element, kind=kind, data=data, parent=parent, outputs=outputs)

    if _refused(framework) is None and _submit(request, form, _call(form, change), success=_("Saved.")):
        return redirect(_version_url(framework) + f"#el-{element.uuid}")
    return _element_form(request, commons, framework, form, title=_("Change “%(name)s”") % {"name": element.name},
                         remove_url=reverse("evaluation:framework_element_remove", args=[slug, framework.uuid, kind, element.uuid]),
                         remove_label=_("Remove it"))


@login_required
def element_remove(request, slug, framework_uuid, kind, element_uuid):
    commons, framework = _keepable(request, slug, framework_uuid)
    kind = _kind(kind)
    element = selectors.access_element(framework, kind, element_uuid)
    if request.method == "POST":
        _act(request, lambda: services.element_remove(actor=request.user, element=element, kind=kind), _("Removed."))
        return redirect(_version_url(framework))
    below = {"dimension": _("Its outputs go too."), "domain": _("Its outcomes and their indicators go too."),
             "outcome": _("Its indicators go too.")}.get(kind, "")
    return render_evaluation(request, CONFIRM, commons, {
        "title": _("Remove “%(name)s”?") % {"name": element.name}, **_crumbs(commons), "danger": True,
        "explanation": below, "refusal": _refused(framework),
        "confirm_label": _("Remove it"), "cancel_url": _version_url(framework)})


@login_required
@require_POST
def element_move(request, slug, framework_uuid, kind, element_uuid):
    commons, framework = _keepable(request, slug, framework_uuid)
    kind = _kind(kind)
    element = selectors.access_element(framework, kind, element_uuid)
    up = request.POST.get("direction") != "down"
    _act(request, lambda: services.element_move(actor=request.user, element=element, kind=kind, up=up), _("Moved."))
    return redirect(_version_url(framework) + f"#el-{element.uuid}")


urlpatterns = [
    path(F, framework, name="framework"),
    path(F + "versions/", framework_versions, name="framework_versions"),
    path(F + "start/", framework_start, name="framework_start"),
    path(F + "starter/", framework_from_starter, name="framework_from_starter"),
    path(V, framework_version, name="framework_version"),
    path(V + "print/", framework_print, name="framework_print"),
    path(V + "kumu.json", framework_kumu, name="framework_kumu"),
    path(V + "csv.zip", framework_csv, name="framework_csv"),
    path(V + "copy/", framework_copy, name="framework_copy"),
    path(V + "put-in-use/", framework_put_in_use, name="framework_put_in_use"),
    path(V + "settings/", framework_settings, name="framework_settings"),
    path(V + "remove/", framework_remove, name="framework_remove"),
    path(V + "add/<slug:kind>/", element_add, name="framework_element_add"),
    path(K, element_change, name="framework_element_change"),
    path(K + "remove/", element_remove, name="framework_element_remove"),
    path(K + "move/", element_move, name="framework_element_move"),
]
