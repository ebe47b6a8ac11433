"""Pages of the tracking part (see docs/lab-tracking.md): targets and their status updates with
evidence (on a policy's page), the plan overview with progress by demand, reviews due on the lab's
home, the influence trail on a policy's pages, demonstration projects for members and for anyone,
and evidence documents served through a view that checks who may open them."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from caringcity.lab import trail
from caringcity.lab.forms import tracking as forms
from caringcity.lab.models import Evidence
from caringcity.lab.selectors import tracking as selectors
from caringcity.lab.selectors.plans import get_plan, get_policy
from caringcity.lab.services import tracking as services
from caringcity.lab.views.base import (
    L, PUBLIC, _act, _submit, member_commons, public_commons, register_public_tab, register_section, register_tab, render_lab,
    render_public,
)

KEEP, ADD = "lab.keep", "lab.add_update"

register_tab(20, gettext_lazy("Projects"), "projects")
register_public_tab(20, gettext_lazy("Projects"), "public_projects")


def _policy_url(policy, anchor=""):
    return reverse("lab:policy", args=[policy.plan.commons.slug, policy.plan.slug, policy.number]) + anchor


def _form(request, commons, form, *, title, cancel_url, submit_label=None, intro=None, about=None, crumb=None, status=None):
    status = status or (400 if form.is_bound and form.errors else 200)
    ctx = {"form": form, "title": title, "cancel_url": cancel_url, "submit_label": submit_label, "intro": intro, "about": about}
    if crumb:
        ctx["crumb_url"], ctx["crumb_label"] = crumb
    return render_lab(request, "lab/tracking/form.html", commons, ctx, status=status)


def _confirm(request, commons, *, title, explanation, confirm_label, cancel_url):
    ctx = {"title": title, "explanation": explanation, "confirm_label": confirm_label, "cancel_url": cancel_url, "danger": True}
    return render_lab(request, "lab/confirm.html", commons, ctx)


# --- targets ------------------------------------------------------------------------------------

def _target_initial(target):
    return {"kind": target.kind, "name": target.name, "institution": target.institution, "lead_person": target.lead_person,
            "lead_group": target.lead_group, "next_review": target.next_review}


@login_required
def target_create(request, slug, plan_slug, number):
    commons = member_commons(request, slug, KEEP)
    policy = get_policy(get_plan(commons, plan_slug, public_only=False), number)
    form = forms.TargetForm(request.POST or None, commons=commons)
    if _submit(request, form, lambda data: services.target_create(actor=request.user, policy=policy, **data), _("The target is added.")):
        return redirect(_policy_url(policy, "#targets"))
    return _form(request, commons, form, title=_("Where is this policy pursued?"), cancel_url=_policy_url(policy),
                 submit_label=_("Add the target"), about=policy, crumb=(_policy_url(policy), policy))


@login_required
def target_edit(request, slug, uuid):
    commons = member_commons(request, slug, KEEP)
    target = selectors.get_target(commons, uuid, live=True)
    form = forms.TargetForm(request.POST or None, commons=commons, initial=_target_initial(target))
    if _submit(request, form, lambda data: services.target_update(actor=request.user, target=target, **data), _("The target is saved.")):
        return redirect(_policy_url(target.policy, f"#target-{target.uuid}"))
    return _form(request, commons, form, title=_("Change the target"), cancel_url=_policy_url(target.policy),
                 about=target.policy, crumb=(_policy_url(target.policy), target.policy))


@login_required
def target_end(request, slug, uuid):
    commons = member_commons(request, slug, KEEP)
    target = selectors.get_target(commons, uuid, live=True)
    if request.method == "POST":
        if _act(request, lambda: services.target_end(actor=request.user, target=target), _("The target is ended. Its history stays.")):
            return redirect(_policy_url(target.policy, "#targets"))
    return _confirm(request, commons, title=_("Stop pursuing “%(name)s”?") % {"name": target.name},
                    explanation=_("It leaves the plan overview and its counts. Its updates stay on the influence trail."),
                    confirm_label=_("End the target"), cancel_url=_policy_url(target.policy))


# --- status updates and evidence ----------------------------------------------------------------

@login_required
def update_create(request, slug, uuid):
    commons = member_commons(request, slug, ADD)
    target = selectors.get_target(commons, uuid, live=True)
    form = forms.StatusUpdateForm(request.POST or None, request.FILES or None, user=request.user)

    def call(data):
        services.status_update_add(actor=request.user, target=target, on=data["on"], status=data["status"],
                                   progress=data.get("progress"), summary=data["summary"], evidence=form.evidence())

    if _submit(request, form, call, _("The update is saved. The target now shows it.")):
        return redirect(_policy_url(target.policy, f"#target-{target.uuid}"))
    intro = _("Now: %(status)s, %(progress)s%% done.") % {"status": selectors.status_label(target.status), "progress": target.progress}
    return _form(request, commons, form, title=_("Add an update: %(name)s") % {"name": target.name}, intro=intro,
                 cancel_url=_policy_url(target.policy), submit_label=_("Save the update"), about=target.policy,
                 crumb=(_policy_url(target.policy), target.policy))


@login_required
def evidence_create(request, slug, uuid, update_uuid):
    commons = member_commons(request, slug, ADD)
    target = selectors.get_target(commons, uuid, live=True)
    update = selectors.get_update(target, update_uuid)
    form = forms.EvidenceForm(request.POST or None, request.FILES or None, user=request.user)

    def call(data):
        services.evidence_add(actor=request.user, update=update, **form.evidence())

    if _submit(request, form, call, _("The evidence is added.")):
        return redirect(_policy_url(target.policy, f"#target-{target.uuid}"))
    intro = _("For the update of %(date)s: %(status)s.") % {"date": update.on.strftime("%d/%m/%Y"),
                                                            "status": selectors.status_label(update.status)}
    return _form(request, commons, form, title=_("Add evidence: %(name)s") % {"name": target.name}, intro=intro,
                 cancel_url=_policy_url(target.policy), submit_label=_("Add the evidence"), about=target.policy,
                 crumb=(_policy_url(target.policy), target.policy))


@login_required
def evidence_remove(request, slug, uuid):
    commons = member_commons(request, slug, ADD)
    try:
        evidence = (Evidence.objects.select_related("update__target__policy__plan__commons")
                    .get(uuid=uuid, update__target__policy__plan__commons=commons))
    except (Evidence.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    policy = evidence.update.target.policy
    if request.method == "POST":
        if _act(request, lambda: services.evidence_remove(actor=request.user, evidence=evidence), _("The evidence is removed.")):
            return redirect(_policy_url(policy, f"#target-{evidence.update.target.uuid}"))
    return _confirm(request, commons, title=_("Remove this piece of evidence?"),
                    explanation=_("The update stays; only this piece of evidence goes."),
                    confirm_label=_("Remove the evidence"), cancel_url=_policy_url(policy))


def evidence_file(request, slug, uuid):
    """An evidence document: anyone when its plan is public, members otherwise (404 for the rest)."""
    commons = public_commons(slug)
    evidence = selectors.access_evidence_file(request.user, commons, uuid)
    try:
        handle = evidence.file.open("rb")
    except (FileNotFoundError, OSError, ValueError):
        raise Http404 from None
    response = FileResponse(handle, content_type="application/pdf", as_attachment=True, filename="evidence.pdf")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store" if not evidence.update.target.policy.plan.public else "public, max-age=300"
    return response


# --- sections on other parts' pages -------------------------------------------------------------

def _plan_section(request, commons, plan, *, public):
    ctx = {"progress": selectors.progress_by_demand(plan), "plan": plan, "public": public}
    if not public:
        form = forms.TargetFilterForm(request.GET or None)
        status = kind = ""
        if form.is_bound and form.is_valid():
            status, kind = form.cleaned_data["status"], form.cleaned_data["kind"]
        ctx.update({"filter_form": form, "targets": list(selectors.plan_targets(plan, status=status, kind=kind)),
                    "filtered": bool(status or kind)})
    return ctx


register_section("plan", 10, "lab/tracking/_plan_section.html", lambda r, c, plan: _plan_section(r, c, plan, public=False))
register_section("public_plan", 10, "lab/tracking/_plan_section.html", lambda r, c, plan: _plan_section(r, c, plan, public=True))


def _home_section(request, commons, _obj):
    return {"due": selectors.reviews_due(commons), "soon_days": selectors.REVIEW_SOON_DAYS}


register_section("home", 20, "lab/tracking/_home_section.html", _home_section)

STEP_KINDS = {"status": gettext_lazy("Where it stands"), "event": gettext_lazy("Workshop or event"),
              "decision": gettext_lazy("Joint decision")}


def _policy_section(request, commons, policy, *, public):
    steps = trail.trail_for([policy], public=public).get(policy.pk, [])
    ctx = {"policy": policy, "public": public,
           "targets": selectors.policy_targets(policy, request.user, commons, public=public),
           "trail": [(step, STEP_KINDS.get(step.kind, "")) for step in steps],
           "projects": selectors.projects_showing(policy, request.user, commons)}
    if not public:
        ctx["can_keep"] = request.user.has_perm(KEEP, commons)
        ctx["can_update"] = request.user.has_perm(ADD, commons)
    return ctx


register_section("policy", 10, "lab/tracking/_policy_section.html", lambda r, c, p: _policy_section(r, c, p, public=False))
register_section("public_policy", 10, "lab/tracking/_policy_section.html", lambda r, c, p: _policy_section(r, c, p, public=True))


# --- demonstration projects ---------------------------------------------------------------------

def _project_url(project):
    return reverse("lab:project", args=[project.commons.slug, project.uuid])


@login_required
def projects(request, slug):
    commons = member_commons(request, slug)
    return render_lab(request, "lab/tracking/projects.html", commons,
                      {"projects": selectors.projects_for(request.user, commons), "can_keep": request.user.has_perm(KEEP, commons)})


def _project_initial(project):
    return {"name": project.name, "summary": project.summary, "aims": project.aims, "starts_on": project.starts_on,
            "ends_on": project.ends_on, "partners": list(project.partners.all()), "policies": list(project.policies.all()),
            "public": project.public}


def _projects_crumb(commons):
    return (reverse("lab:projects", args=[commons.slug]), _("Projects"))


@login_required
def project_create(request, slug):
    commons = member_commons(request, slug, KEEP)
    form = forms.ProjectForm(request.POST or None, commons=commons)
    made = {}

    def call(data):
        made["project"] = services.project_create(actor=request.user, commons=commons, **data)

    if _submit(request, form, call, _("The project is saved.")):
        return redirect(_project_url(made["project"]))
    return _form(request, commons, form, title=_("A new demonstration project"), cancel_url=reverse("lab:projects", args=[commons.slug]),
                 submit_label=_("Save the project"), crumb=_projects_crumb(commons))


@login_required
def project_edit(request, slug, uuid):
    commons = member_commons(request, slug, KEEP)
    project = selectors.get_project(request.user, commons, uuid)
    form = forms.ProjectForm(request.POST or None, commons=commons, initial=_project_initial(project))
    if _submit(request, form, lambda data: services.project_update(actor=request.user, project=project, **data), _("The project is saved.")):
        return redirect(_project_url(project))
    return _form(request, commons, form, title=_("Change the project"), cancel_url=_project_url(project),
                 submit_label=_("Save the project"), crumb=_projects_crumb(commons))


@login_required
def project(request, slug, uuid):
    commons = member_commons(request, slug)
    project = selectors.get_project(request.user, commons, uuid)
    ctx = {"project": project, **selectors.project_page(project), "evaluation": selectors.evaluation_link(project, request.user),
           "can_keep": request.user.has_perm(KEEP, commons), "can_add": request.user.has_perm("lab.add_activity", commons),
           "public": False}
    ctx["crumb_url"], ctx["crumb_label"] = _projects_crumb(commons)
    return render_lab(request, "lab/tracking/project.html", commons, ctx)


@login_required
def activity_create(request, slug, uuid):
    commons = member_commons(request, slug, "lab.add_activity")
    project = selectors.get_project(request.user, commons, uuid)
    form = forms.ActivityForm(request.POST or None)
    if _submit(request, form, lambda data: services.activity_add(actor=request.user, project=project, **data), _("The activity is added.")):
        return redirect(_project_url(project) + "#activities")
    return _form(request, commons, form, title=_("Add an activity: %(name)s") % {"name": project.name}, cancel_url=_project_url(project),
                 submit_label=_("Add the activity"), crumb=(_project_url(project), project.name))


@login_required
def project_evaluation(request, slug, uuid):
    commons = member_commons(request, slug, KEEP)
    project = selectors.get_project(request.user, commons, uuid)
    ref = project.evaluation if isinstance(project.evaluation, dict) else {}
    kind = "report" if ref.get("report") else "framework" if ref.get("framework") else ""
    initial = {"evaluation": f"{kind}:{ref.get('commons')}:{ref.get(kind)}" if kind else ""}
    form = forms.EvaluationLinkForm(request.POST or None, user=request.user, initial=initial)
    if _submit(request, form, lambda data: services.project_link_evaluation(actor=request.user, project=project, choice=data["evaluation"]),
               _("The evaluation link is saved.")):
        return redirect(_project_url(project))
    return _form(request, commons, form, title=_("How we know: link an evaluation"), cancel_url=_project_url(project),
                 intro=_("Choose the evaluation report or framework that shows what the project achieved."),
                 submit_label=_("Save the link"), crumb=(_project_url(project), project.name))


def public_projects(request, slug):
    commons = public_commons(slug)
    return render_public(request, "lab/tracking/public_projects.html", commons,
                         {"projects": selectors.projects_for(None, commons).filter(public=True)})


def public_project(request, slug, uuid):
    commons = public_commons(slug)
    project = selectors.get_project(None, commons, uuid)
    ctx = {"project": project, **selectors.project_page(project), "evaluation": selectors.evaluation_link(project, request.user),
           "public": True, "crumb_url": reverse("lab:public_projects", args=[commons.slug]), "crumb_label": _("Projects")}
    return render_public(request, "lab/tracking/public_project.html", commons, ctx)


urlpatterns = [
    path(L + "plans/<slug:plan_slug>/policies/<int:number>/targets/add/", target_create, name="target_create"),
    path(L + "targets/<uuid:uuid>/change/", target_edit, name="target_edit"),
    path(L + "targets/<uuid:uuid>/end/", target_end, name="target_end"),
    path(L + "targets/<uuid:uuid>/update/", update_create, name="update_create"),
    path(L + "targets/<uuid:uuid>/updates/<uuid:update_uuid>/evidence/", evidence_create, name="evidence_create"),
    path(L + "evidence/<uuid:uuid>/remove/", evidence_remove, name="evidence_remove"),
    path(L + "projects/", projects, name="projects"),
    path(L + "projects/add/", project_create, name="project_create"),
    path(L + "projects/<uuid:uuid>/", project, name="project"),
    path(L + "projects/<uuid:uuid>/change/", project_edit, name="project_edit"),
    path(L + "projects/<uuid:uuid>/activities/add/", activity_create, name="activity_create"),
    path(L + "projects/<uuid:uuid>/evaluation/", project_evaluation, name="project_evaluation"),
    path(PUBLIC + "projects/", public_projects, name="public_projects"),
    path(PUBLIC + "projects/<uuid:uuid>/", public_project, name="public_project"),
    path(PUBLIC + "evidence/<uuid:uuid>/", evidence_file, name="evidence_file"),
]
