"""Pages of the plans part (see docs/lab-plans.md): plans and policies for members and for anyone;
organisers keep plans, demands, policies and divergent views, import a plan from a CSV or
spreadsheet, and keep the glossary; the open data (public). Other parts add to these pages with
sections: "plan"/"public_plan" (the plan) and "policy"/"public_policy" (the policy)."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from caringcity.lab import opendata
from caringcity.lab.forms import plans as forms
from caringcity.lab.models import Demand, GlossaryTerm
from caringcity.lab.selectors import glossary as glossary_selectors
from caringcity.lab.selectors.plans import (
    get_import, get_plan, get_policy, groups_for, imports_for, plan_outline, plans_listed,
)
from caringcity.lab.services import plans as services
from caringcity.lab.views.base import (
    L, PUBLIC, _act, _submit, member_commons, page_sections, public_commons, register_public_tab, register_section,
    register_tab, render_lab, render_public,
)

KEEP = "lab.keep"

register_tab(10, gettext_lazy("Plans"), "plans")
register_tab(95, gettext_lazy("Words we use"), "glossary", KEEP)
register_public_tab(10, gettext_lazy("Plans"), "public_plans")


def _can_keep(request, commons):
    return request.user.has_perm(KEEP, commons)


def _crumb(commons, plan=None):
    if plan is None:
        return {"crumb_url": reverse("lab:plans", args=[commons.slug]), "crumb_label": _("Plans")}
    return {"crumb_url": reverse("lab:plan", args=[commons.slug, plan.slug]), "crumb_label": plan.title}


def _form(request, commons, form, *, title, cancel_url, submit_label=None, **extra):
    status = 400 if form.is_bound and form.errors else 200
    ctx = {"form": form, "title": title, "cancel_url": cancel_url, "submit_label": submit_label, **extra}
    return render_lab(request, "lab/plans/form.html", commons, ctx, status=status)


def _confirm(request, commons, *, title, explanation, confirm_label, cancel_url, **extra):
    ctx = {"title": title, "explanation": explanation, "confirm_label": confirm_label, "cancel_url": cancel_url,
           "danger": True, **extra}
    return render_lab(request, "lab/confirm.html", commons, ctx)


def _plan_ctx(request, commons, plan, page):
    demands, loose = plan_outline(plan)
    return {"plan": plan, "demands": demands, "loose": loose, "sections": page_sections(page, request, commons, plan)}


def _policy_ctx(request, commons, plan, number, page):
    policy = get_policy(plan, number)
    return {"plan": plan, "policy": policy, "sections": page_sections(page, request, commons, policy)}


# --- reading -----------------------------------------------------------------------------------------

@login_required
def plans(request, slug):
    commons = member_commons(request, slug)
    return render_lab(request, "lab/plans/list.html", commons,
                      {"plans": plans_listed(commons, public_only=False), "can_keep": _can_keep(request, commons)})


@login_required
def plan(request, slug, plan_slug):
    commons = member_commons(request, slug)
    the_plan = get_plan(commons, plan_slug, public_only=False)
    ctx = _plan_ctx(request, commons, the_plan, "plan")
    return render_lab(request, "lab/plans/plan.html", commons, {**ctx, "can_keep": _can_keep(request, commons), **_crumb(commons)})


@login_required
def policy(request, slug, plan_slug, number):
    commons = member_commons(request, slug)
    the_plan = get_plan(commons, plan_slug, public_only=False)
    ctx = _policy_ctx(request, commons, the_plan, number, "policy")
    return render_lab(request, "lab/plans/policy.html", commons,
                      {**ctx, "can_keep": _can_keep(request, commons), **_crumb(commons, the_plan)})


def public_plans(request, slug):
    commons = public_commons(slug)
    return render_public(request, "lab/plans/public_list.html", commons, {"plans": plans_listed(commons, public_only=True)})


def public_plan(request, slug, plan_slug):
    commons = public_commons(slug)
    the_plan = get_plan(commons, plan_slug, public_only=True)
    ctx = _plan_ctx(request, commons, the_plan, "public_plan")
    return render_public(request, "lab/plans/public_plan.html", commons,
                         {**ctx, "crumb_url": reverse("lab:public_plans", args=[commons.slug]), "crumb_label": _("Plans")})


def public_policy(request, slug, plan_slug, number):
    commons = public_commons(slug)
    the_plan = get_plan(commons, plan_slug, public_only=True)
    ctx = _policy_ctx(request, commons, the_plan, number, "public_policy")
    return render_public(request, "lab/plans/public_policy.html", commons,
                         {**ctx, "crumb_url": reverse("lab:public_plan", args=[commons.slug, the_plan.slug]),
                          "crumb_label": the_plan.title})


# --- keeping plans -------------------------------------------------------------------------------------

def _plan_initial(the_plan):
    return {"title": the_plan.title, "slug": the_plan.slug, "summary": the_plan.summary, "published_on": the_plan.published_on,
            "public": the_plan.public, "partial": the_plan.partial, "partial_note": the_plan.partial_note}


@login_required
def plan_create(request, slug):
    commons = member_commons(request, slug, KEEP)
    form = forms.PlanForm(request.POST or None)
    made = {}

    def call(data):
        made["plan"] = services.plan_create(actor=request.user, commons=commons, **data)

    if _submit(request, form, call, _("The plan is saved.")):
        return redirect("lab:plan", commons.slug, made["plan"].slug)
    return _form(request, commons, form, title=_("Start a plan"), cancel_url=reverse("lab:plans", args=[commons.slug]),
                 submit_label=_("Save the plan"), intro=_("Start with the title. Then add demands and policies, or import them from a file."),
                 **_crumb(commons))


def _kept_plan(request, slug, plan_slug):
    commons = member_commons(request, slug, KEEP)
    return commons, get_plan(commons, plan_slug, public_only=False)


@login_required
def plan_edit(request, slug, plan_slug):
    commons, the_plan = _kept_plan(request, slug, plan_slug)
    form = forms.PlanForm(request.POST or None, initial=_plan_initial(the_plan))
    saved = {}

    def call(data):
        saved["plan"] = services.plan_update(actor=request.user, plan=the_plan, **data)

    if _submit(request, form, call, _("The plan is saved.")):
        return redirect("lab:plan", commons.slug, saved["plan"].slug)
    return _form(request, commons, form, title=_("Change the plan"), cancel_url=reverse("lab:plan", args=[commons.slug, plan_slug]),
                 submit_label=_("Save the plan"), remove_url=reverse("lab:plan_delete", args=[commons.slug, plan_slug]),
                 **_crumb(commons, the_plan))


@login_required
def plan_delete(request, slug, plan_slug):
    commons, the_plan = _kept_plan(request, slug, plan_slug)
    if request.method == "POST":
        if _act(request, lambda: services.plan_delete(actor=request.user, plan=the_plan), _("The plan is removed.")):
            return redirect("lab:plans", commons.slug)
    return _confirm(request, commons, title=_("Remove the plan “%(title)s”?") % {"title": the_plan.title},
                    explanation=_("Its demands, policies, divergent views and where they are being pursued are removed too. This cannot be undone."),
                    confirm_label=_("Remove the plan"), cancel_url=reverse("lab:plan", args=[commons.slug, the_plan.slug]),
                    **_crumb(commons, the_plan))


# --- demands ---------------------------------------------------------------------------------------

def _demand(the_plan, number):
    try:
        return Demand.objects.get(plan=the_plan, number=number)
    except Demand.DoesNotExist as exc:
        raise Http404 from exc


@login_required
def demand_create(request, slug, plan_slug):
    commons, the_plan = _kept_plan(request, slug, plan_slug)
    next_number = max([d.number for d in the_plan.demands.all()] or [0]) + 1
    form = forms.DemandForm(request.POST or None, initial={"number": next_number})
    if _submit(request, form, lambda data: services.demand_save(actor=request.user, plan=the_plan, **data), _("The demand is saved.")):
        return redirect("lab:plan", commons.slug, the_plan.slug)
    return _form(request, commons, form, title=_("Add a demand"), cancel_url=reverse("lab:plan", args=[commons.slug, plan_slug]),
                 **_crumb(commons, the_plan))


@login_required
def demand_edit(request, slug, plan_slug, number):
    commons, the_plan = _kept_plan(request, slug, plan_slug)
    demand = _demand(the_plan, number)
    form = forms.DemandForm(request.POST or None, initial={"number": demand.number, "title": demand.title, "summary": demand.summary})
    call = lambda data: services.demand_save(actor=request.user, plan=the_plan, demand=demand, **data)  # noqa: E731
    if _submit(request, form, call, _("The demand is saved.")):
        return redirect("lab:plan", commons.slug, the_plan.slug)
    return _form(request, commons, form, title=_("Change demand %(number)s") % {"number": number},
                 cancel_url=reverse("lab:plan", args=[commons.slug, plan_slug]),
                 remove_url=reverse("lab:demand_delete", args=[commons.slug, plan_slug, number]), **_crumb(commons, the_plan))


@login_required
def demand_delete(request, slug, plan_slug, number):
    commons, the_plan = _kept_plan(request, slug, plan_slug)
    demand = _demand(the_plan, number)
    if request.method == "POST":
        if _act(request, lambda: services.demand_delete(actor=request.user, demand=demand), _("The demand is removed.")):
            return redirect("lab:plan", commons.slug, the_plan.slug)
    return _confirm(request, commons, title=_("Remove demand %(number)s?") % {"number": number},
                    explanation=_("Its policies stay in the plan, under no demand."), confirm_label=_("Remove the demand"),
                    cancel_url=reverse("lab:plan", args=[commons.slug, plan_slug]), **_crumb(commons, the_plan))


# --- policies --------------------------------------------------------------------------------------

def _policy_form(request, commons, the_plan, policy=None):
    initial = {}
    if policy is None:
        initial["number"] = max([p.number for p in the_plan.policies.all()] or [0]) + 1
    else:
        initial = {"number": policy.number, "title": policy.title, "demand": policy.demand, "summary": policy.summary,
                   "full_text": policy.full_text, "shaped_by": list(policy.shaped_by.all()), "shaped_by_note": policy.shaped_by_note}
    return forms.PolicyForm(request.POST or None, plan=the_plan, groups=groups_for(commons), initial=initial)


@login_required
def policy_create(request, slug, plan_slug):
    commons, the_plan = _kept_plan(request, slug, plan_slug)
    form = _policy_form(request, commons, the_plan)
    made = {}

    def call(data):
        made["policy"] = services.policy_create(actor=request.user, plan=the_plan, **data)

    if _submit(request, form, call, _("The policy is saved.")):
        return redirect("lab:policy", commons.slug, the_plan.slug, made["policy"].number)
    return _form(request, commons, form, title=_("Add a policy"), cancel_url=reverse("lab:plan", args=[commons.slug, plan_slug]),
                 submit_label=_("Save the policy"), **_crumb(commons, the_plan))


@login_required
def policy_edit(request, slug, plan_slug, number):
    commons, the_plan = _kept_plan(request, slug, plan_slug)
    the_policy = get_policy(the_plan, number)
    form = _policy_form(request, commons, the_plan, the_policy)
    if _submit(request, form, lambda data: services.policy_update(actor=request.user, policy=the_policy, **data), _("The policy is saved.")):
        return redirect("lab:policy", commons.slug, the_plan.slug, the_policy.number)
    return _form(request, commons, form, title=_("Change policy %(number)s") % {"number": number},
                 cancel_url=reverse("lab:policy", args=[commons.slug, plan_slug, number]), submit_label=_("Save the policy"),
                 remove_url=reverse("lab:policy_delete", args=[commons.slug, plan_slug, number]), **_crumb(commons, the_plan))


@login_required
def policy_delete(request, slug, plan_slug, number):
    commons, the_plan = _kept_plan(request, slug, plan_slug)
    the_policy = get_policy(the_plan, number)
    if request.method == "POST":
        if _act(request, lambda: services.policy_delete(actor=request.user, policy=the_policy), _("The policy is removed.")):
            return redirect("lab:plan", commons.slug, the_plan.slug)
    return _confirm(request, commons, title=_("Remove policy %(number)s?") % {"number": number},
                    explanation=_("Its divergent views and where it is being pursued are removed too. This cannot be undone."),
                    confirm_label=_("Remove the policy"), cancel_url=reverse("lab:policy", args=[commons.slug, plan_slug, number]),
                    **_crumb(commons, the_plan))


@login_required
def divergent_add(request, slug, plan_slug, number):
    commons, the_plan = _kept_plan(request, slug, plan_slug)
    the_policy = get_policy(the_plan, number)
    form = forms.DivergentViewForm(request.POST or None)
    call = lambda data: services.divergent_view_add(actor=request.user, policy=the_policy, **data)  # noqa: E731
    if _submit(request, form, call, _("The view is recorded beside the majority view.")):
        return redirect("lab:policy", commons.slug, the_plan.slug, the_policy.number)
    return _form(request, commons, form, title=_("Record a divergent view on policy %(number)s") % {"number": number},
                 intro=_("A view some hold that differs from the majority view. It shows wherever the policy does, and is never hidden."),
                 cancel_url=reverse("lab:policy", args=[commons.slug, plan_slug, number]), submit_label=_("Record the view"),
                 **_crumb(commons, the_plan))


@login_required
def divergent_remove(request, slug, plan_slug, number, uuid):
    commons, the_plan = _kept_plan(request, slug, plan_slug)
    the_policy = get_policy(the_plan, number)
    divergent = next((d for d in the_policy.divergent_views.all() if str(d.uuid) == str(uuid)), None)
    if divergent is None:
        raise Http404
    back = reverse("lab:policy", args=[commons.slug, plan_slug, number])
    if request.method == "POST":
        if _act(request, lambda: services.divergent_view_remove(actor=request.user, divergent=divergent), _("The view is removed.")):
            return redirect(back)
    return _confirm(request, commons, title=_("Remove this view?"), quote=divergent.view,
                    explanation=_("Only to put right a mistake, for example a view recorded on the wrong policy. Views people "
                                  "disagree with are kept: that is what this record is for."),
                    confirm_label=_("Remove the view"), cancel_url=back, **_crumb(commons, the_plan))


# --- import ----------------------------------------------------------------------------------------

@login_required
def plan_import(request, slug, plan_slug):
    commons, the_plan = _kept_plan(request, slug, plan_slug)
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        record = services.plan_import(actor=request.user, plan=the_plan, filename=upload["name"], data=upload["data"])
        return redirect("lab:plan_import_result", commons.slug, the_plan.slug, record.uuid)
    ctx = {"form": form, "plan": the_plan, "imports": imports_for(the_plan)[:10], "columns": services.COLUMNS,
           **_crumb(commons, the_plan)}
    return render_lab(request, "lab/plans/import.html", commons, ctx, status=400 if form.is_bound and form.errors else 200)


@login_required
def plan_import_result(request, slug, plan_slug, uuid):
    commons, the_plan = _kept_plan(request, slug, plan_slug)
    record = get_import(the_plan, uuid)
    return render_lab(request, "lab/plans/import_result.html", commons, {"plan": the_plan, "record": record, **_crumb(commons, the_plan)})


@login_required
def import_template(request, slug):
    member_commons(request, slug, KEEP)
    response = HttpResponse(services.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="plan-template.csv"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- glossary --------------------------------------------------------------------------------------

@login_required
def glossary(request, slug):
    commons = member_commons(request, slug, KEEP)
    entries = list(glossary_selectors.entries_for(commons))
    starter_left = sum(1 for term, _also, _meaning in services.STARTER
                       if str(term).lower() not in {entry.term.lower() for entry in entries})
    return render_lab(request, "lab/plans/glossary.html", commons, {"entries": entries, "starter_left": starter_left})


def _entry(commons, uuid):
    try:
        return GlossaryTerm.objects.get(commons=commons, uuid=uuid)
    except (GlossaryTerm.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def _glossary_crumb(commons):
    return {"crumb_url": reverse("lab:glossary", args=[commons.slug]), "crumb_label": _("Words we use")}


@login_required
def term_create(request, slug):
    commons = member_commons(request, slug, KEEP)
    form = forms.TermForm(request.POST or None)
    if _submit(request, form, lambda data: services.term_create(actor=request.user, commons=commons, **data), _("The word is saved.")):
        return redirect("lab:glossary", commons.slug)
    return _form(request, commons, form, title=_("Add a word"), cancel_url=reverse("lab:glossary", args=[commons.slug]),
                 **_glossary_crumb(commons))


@login_required
def term_edit(request, slug, uuid):
    commons = member_commons(request, slug, KEEP)
    entry = _entry(commons, uuid)
    form = forms.TermForm(request.POST or None, initial={"term": entry.term, "also": entry.also, "meaning": entry.meaning})
    if _submit(request, form, lambda data: services.term_update(actor=request.user, entry=entry, **data), _("The word is saved.")):
        return redirect("lab:glossary", commons.slug)
    return _form(request, commons, form, title=_("Change “%(term)s”") % {"term": entry.term},
                 cancel_url=reverse("lab:glossary", args=[commons.slug]),
                 remove_url=reverse("lab:term_delete", args=[commons.slug, entry.uuid]), **_glossary_crumb(commons))


@login_required
def term_delete(request, slug, uuid):
    commons = member_commons(request, slug, KEEP)
    entry = _entry(commons, uuid)
    if request.method == "POST":
        if _act(request, lambda: services.term_delete(actor=request.user, entry=entry), _("The word is removed.")):
            return redirect("lab:glossary", commons.slug)
    return _confirm(request, commons, title=_("Remove “%(term)s” from the glossary?") % {"term": entry.term},
                    explanation=_("Pages stop linking this word to its meaning."), confirm_label=_("Remove the word"),
                    cancel_url=reverse("lab:glossary", args=[commons.slug]), **_glossary_crumb(commons))


@login_required
@require_POST
def glossary_starter(request, slug):
    commons = member_commons(request, slug, KEEP)
    added = services.glossary_add_starter(actor=request.user, commons=commons)
    if added:
        messages.success(request, ngettext("%(n)s starter word is added.", "%(n)s starter words are added.", added) % {"n": added})
    else:
        messages.info(request, _("Every starter word is already in the glossary."))
    return redirect("lab:glossary", commons.slug)


# --- open data (public, public plans only) -----------------------------------------------------------

def _download(body, content_type, filename):
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Access-Control-Allow-Origin"] = "*"
    return response


def data_plans_csv(request, slug):
    commons = public_commons(slug)
    return _download(opendata.plans_csv(commons, request), "text/csv; charset=utf-8", f"{commons.slug}-plans.csv")


def data_plans_json(request, slug):
    commons = public_commons(slug)
    return _download(json.dumps(opendata.plans_json(commons, request), ensure_ascii=False, indent=2),
                     "application/json; charset=utf-8", f"{commons.slug}-plans.json")


def data_policies_csv(request, slug):
    commons = public_commons(slug)
    return _download(opendata.policies_csv(commons, request), "text/csv; charset=utf-8", f"{commons.slug}-policies.csv")


def data_policies_json(request, slug):
    commons = public_commons(slug)
    return _download(json.dumps(opendata.policies_json(commons, request), ensure_ascii=False, indent=2),
                     "application/json; charset=utf-8", f"{commons.slug}-policies.json")


# --- sections on the lab's landing pages -------------------------------------------------------------

def home_section(request, commons, _obj):
    return {"plans": list(plans_listed(commons, public_only=False)), "can_keep": _can_keep(request, commons)}


def public_home_section(request, commons, _obj):
    listed = list(plans_listed(commons, public_only=True))
    return {"plans": listed} if listed else None


register_section("home", 10, "lab/plans/_home_section.html", home_section)
register_section("public_home", 10, "lab/plans/_public_home_section.html", public_home_section)


P = L + "plans/<slug:plan_slug>/"
N = P + "policies/<int:number>/"
urlpatterns = [
    path(L + "plans/", plans, name="plans"),
    path(L + "plans/new/", plan_create, name="plan_create"),
    path(L + "plans/template.csv", import_template, name="plan_import_template"),
    path(P, plan, name="plan"),
    path(P + "change/", plan_edit, name="plan_edit"),
    path(P + "remove/", plan_delete, name="plan_delete"),
    path(P + "import/", plan_import, name="plan_import"),
    path(P + "import/<uuid:uuid>/", plan_import_result, name="plan_import_result"),
    path(P + "demands/new/", demand_create, name="demand_create"),
    path(P + "demands/<int:number>/", demand_edit, name="demand_edit"),
    path(P + "demands/<int:number>/remove/", demand_delete, name="demand_delete"),
    path(P + "policies/new/", policy_create, name="policy_create"),
    path(N, policy, name="policy"),
    path(N + "change/", policy_edit, name="policy_edit"),
    path(N + "remove/", policy_delete, name="policy_delete"),
    path(N + "views/new/", divergent_add, name="divergent_add"),
    path(N + "views/<uuid:uuid>/remove/", divergent_remove, name="divergent_remove"),
    path(L + "words/", glossary, name="glossary"),
    path(L + "words/new/", term_create, name="term_create"),
    path(L + "words/starter/", glossary_starter, name="glossary_starter"),
    path(L + "words/<uuid:uuid>/", term_edit, name="term_edit"),
    path(L + "words/<uuid:uuid>/remove/", term_delete, name="term_delete"),
    path(PUBLIC + "plans/", public_plans, name="public_plans"),
    path(PUBLIC + "plans/<slug:plan_slug>/", public_plan, name="public_plan"),
    path(PUBLIC + "plans/<slug:plan_slug>/policies/<int:number>/", public_policy, name="public_policy"),
    path(PUBLIC + "data/plans.csv", data_plans_csv, name="data_plans_csv"),
    path(PUBLIC + "data/plans.json", data_plans_json, name="data_plans_json"),
    path(PUBLIC + "data/policies.csv", data_policies_csv, name="data_policies_csv"),
    path(PUBLIC + "data/policies.json", data_policies_json, name="data_policies_json"),
]
