"""Views of the decisions part: a circle's decision log (search, filters, CSV, print), one
decision with its versions, who took part and its appeals, reviews, who may read it, and the
reviews due. Thin: fetch and check, call one service, redirect; every page works without
JavaScript."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from caringcity.circles.access import circle_standing
from caringcity.circles.forms.decisions import AppealEnterForm, AppealStartForm, ConfidentialForm, LogFilterForm, ReviewForm
from caringcity.circles.models import AppealStatus, DecisionKind
from caringcity.circles.selectors import decisions as selectors
from caringcity.circles.services import decisions as services
from caringcity.circles.services.records import latest_version
from caringcity.circles.views.base import (
    _act,
    _commons,
    _form_page,
    _submit,
    circle_for,
    circle_tabs,
    register_logbook_section,
    register_tab,
    render_circle,
)

C = "c/<slug:slug>/circles/"
LOG = C + "<uuid:circle_uuid>/decisions/"
D = C + "decisions/<uuid:decision_uuid>/"
A = D + "appeals/<uuid:appeal_uuid>/"


# --- helpers ----------------------------------------------------------------------------------
def _decision_for(request, slug, decision_uuid, perm="circles.view_circle"):
    """(commons, decision, circle, standing) or 404: out of the commons, or a circle (a team
    circle) the user may not see, looks like no decision."""
    commons, _membership = _commons(request, slug)
    decision = selectors.access_decision(request.user, commons, decision_uuid)
    commons, circle, standing = circle_for(request, slug, decision.circle.uuid, perm)
    return commons, decision, circle, standing


def _appeal_for(request, slug, decision_uuid, appeal_uuid):
    commons, decision, circle, standing = _decision_for(request, slug, decision_uuid)
    appeal = decision.appeals.filter(uuid=appeal_uuid).select_related("to_circle").first()
    if appeal is None:
        raise Http404
    appeal.decision = decision
    return commons, decision, circle, appeal


def _detail_url(slug, decision, anchor=""):
    return reverse("circles:decision_detail", args=[slug, decision.uuid]) + anchor


def _circle_form_page(request, form, circle, **extra):
    """A form page inside a circle (its breadcrumbs and tabs)."""
    return _form_page(request, form, circle=circle, commons=circle.commons, tabs=circle_tabs(request, circle),
                      standing=circle_standing(request.user, circle), **extra)


def _filters(request):
    form = LogFilterForm(request.GET or None)
    search, status, kind = form.values()
    query = request.GET.copy()
    query.pop("page", None)
    return form, search, status, kind, query.urlencode()


def _cell(value):
    """Spreadsheets run cells that start with = + - @ as formulas: make them plain text."""
    value = "" if value is None else str(value)
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _log_crumb(circle):
    return {"crumb_url": reverse("circles:decision_log", args=[circle.commons.slug, circle.uuid]), "crumb_label": _("Decision log")}


# --- the log ----------------------------------------------------------------------------------
@login_required
def decision_log(request, slug, circle_uuid):
    commons, circle, standing = circle_for(request, slug, circle_uuid)
    form, search, status, kind, query = _filters(request)
    page = Paginator(selectors.decision_log(request.user, circle, search=search, status=status, kind=kind),
                     selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    ctx = {
        "form": form, "page_obj": page, "rows": selectors.log_rows(request.user, circle, page.object_list),
        "filtered": bool(search or status or kind), "search": search, "query": query,
        "mine": selectors.reviews_due_to(request.user, commons),
        "due_count": len(selectors.reviews_due(request.user, commons, circle)),
    }
    return render_circle(request, "circles/decisions/log.html", circle, ctx)


@login_required
def decision_log_print(request, slug, circle_uuid):
    commons, circle, standing = circle_for(request, slug, circle_uuid)
    form, search, status, kind, query = _filters(request)
    rows = selectors.log_rows(request.user, circle, selectors.decision_log(request.user, circle, search=search, status=status, kind=kind))
    ctx = {"circle": circle, "commons": commons, "rows": rows, "search": search, "query": query,
           "status_label": dict(selectors.status_filter_choices()).get(status, ""),
           "kind_label": DecisionKind(kind).label if kind else "",
           "filtered": bool(search or status or kind), "today": timezone.localdate()}
    return render(request, "circles/decisions/log_print.html", ctx)


@login_required
def decision_log_csv(request, slug, circle_uuid):
    """The log as plain UTF-8 CSV with a header row, the same filters as the page, confidential
    decisions without their title. No text, reasons or who took part: those stay on the site."""
    commons, circle, standing = circle_for(request, slug, circle_uuid)
    form, search, status, kind, query = _filters(request)
    rows = selectors.log_rows(request.user, circle, selectors.decision_log(request.user, circle, search=search, status=status, kind=kind))
    today = timezone.localdate()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"decision-log-{slugify(circle.name) or 'circle'}-{today.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    writer = csv.writer(response)
    writer.writerow(["number", "decided on", "title", "how it was decided", "status now", "review date", "review",
                     "ends on", "confidential", "why it is confidential", "circle", "link"])
    review_words = {"due": _("Review due"), "overdue": _("Review overdue"), "": ""}
    for v in rows:
        d = v.decision
        writer.writerow([_cell(x) for x in [
            f"D{d.number}", timezone.localtime(d.created).date().isoformat(),
            v.title if v.readable else _("Confidential"), d.get_kind_display(), v.status_label,
            v.review_on.isoformat() if v.review_on else "", review_words[v.review_state],
            v.ends_on.isoformat() if v.ends_on else "", _("yes") if v.confidential else _("no"),
            v.confidential_reason if v.confidential else "", circle.name,
            request.build_absolute_uri(reverse("circles:decision_detail", args=[slug, d.uuid])),
        ]])
    return response


@login_required
def reviews_due(request, slug, circle_uuid):
    commons, circle, standing = circle_for(request, slug, circle_uuid)
    ctx = {"rows": selectors.reviews_due(request.user, commons, circle), **_log_crumb(circle)}
    return render_circle(request, "circles/decisions/reviews_due.html", circle, ctx)


@login_required
def commons_reviews_due(request, slug):
    commons, membership = _commons(request, slug)
    ctx = {"commons": commons, "rows": selectors.reviews_due(request.user, commons),
           "mine": selectors.reviews_due_to(request.user, commons)}
    return render(request, "circles/decisions/commons_reviews_due.html", ctx)


# --- one decision -----------------------------------------------------------------------------
@login_required
def decision_detail(request, slug, decision_uuid):
    commons, decision, circle, standing = _decision_for(request, slug, decision_uuid)
    ctx = selectors.decision_page(request.user, decision)
    ctx["appeals"] = selectors.appeals_panel(request.user, decision, ctx["latest"]) if ctx["readable"] else None
    ctx["can_review"] = request.user.has_perm("circles.review_decision", circle)
    ctx["can_mark"] = request.user.has_perm("circles.mark_confidential", circle)
    ctx.update(_log_crumb(circle))
    return render_circle(request, "circles/decisions/detail.html", circle, ctx)


@login_required
def decision_review(request, slug, decision_uuid):
    commons, decision, circle, standing = _decision_for(request, slug, decision_uuid, "circles.review_decision")
    latest = latest_version(decision)
    selectors.describe(latest, selectors.can_read(request.user, commons, circle.pk, latest.confidential))
    form = ReviewForm(request.POST or None)
    if _submit(request, form, lambda data: services.decision_review(actor=request.user, decision=decision, **data),
               _("The review is recorded as a new version. The earlier versions are kept.")):
        return redirect(_detail_url(slug, decision, "#versions"))
    return _circle_form_page(request, form, circle, title=_("Record a review of decision D%(n)s") % {"n": decision.number},
                             submit_label=_("Record the review"), cancel_url=_detail_url(slug, decision),
                             template="circles/decisions/review_form.html", decision=decision, latest=latest,
                             **_log_crumb(circle))


@login_required
def decision_confidential(request, slug, decision_uuid):
    commons, decision, circle, standing = _decision_for(request, slug, decision_uuid, "circles.mark_confidential")
    latest = latest_version(decision)
    form = ConfidentialForm(request.POST or None, initial={
        "confidential": "yes" if latest.confidential else "no", "confidential_reason": latest.confidential_reason})
    if _submit(request, form, lambda data: services.decision_mark_confidential(actor=request.user, decision=decision, **data),
               _("Saved as a new version. Who may read it has changed.")):
        return redirect(_detail_url(slug, decision))
    return _circle_form_page(request, form, circle, title=_("Who can read decision D%(n)s") % {"n": decision.number},
                             submit_label=_("Save"), cancel_url=_detail_url(slug, decision),
                             intro=_("Decisions are open to everyone in the commons unless they are confidential. "
                                     "A confidential decision still shows in the log with its number, its date and the reason, "
                                     "but not what it says."),
                             template="circles/decisions/confidential_form.html", decision=decision, **_log_crumb(circle))


# --- appeals ----------------------------------------------------------------------------------
@login_required
def appeal_start(request, slug, decision_uuid):
    commons, decision, circle, standing = _decision_for(request, slug, decision_uuid, "circles.appeal")
    latest = latest_version(decision)
    if not selectors.can_read(request.user, commons, circle.pk, latest.confidential):
        raise Http404
    panel = selectors.appeals_panel(request.user, decision, latest)
    form = AppealStartForm(request.POST or None)
    if _submit(request, form, lambda data: services.appeal_start(actor=request.user, decision=decision, **data),
               _("Your appeal is started. It needs two more people who did not take part to back it.")):
        return redirect(_detail_url(slug, decision, "#appeals"))
    return _circle_form_page(request, form, circle, title=_("Ask for decision D%(n)s to be looked at again") % {"n": decision.number},
                             submit_label=_("Start the appeal"), cancel_url=_detail_url(slug, decision),
                             template="circles/decisions/appeal_form.html", decision=decision, latest=latest, panel=panel,
                             **_log_crumb(circle))


def _backed_message(appeal):
    if appeal.status == AppealStatus.REOPENED:
        return _("Three people asked, so the decision is reopened: a proposal is now in the %(circle)s.") % {"circle": appeal.to_circle.name}
    return _("Thank you. The appeal is backed.")


@login_required
@require_POST
def appeal_back(request, slug, decision_uuid, appeal_uuid):
    commons, decision, circle, appeal = _appeal_for(request, slug, decision_uuid, appeal_uuid)
    try:
        appeal = services.appeal_back(actor=request.user, appeal=appeal)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _backed_message(appeal))
    return redirect(_detail_url(slug, decision, "#appeals"))


@login_required
def appeal_enter(request, slug, decision_uuid, appeal_uuid):
    commons, decision, circle, appeal = _appeal_for(request, slug, decision_uuid, appeal_uuid)
    if not (request.user.has_perm("circles.enter_for_others", circle)
            or request.user.has_perm("circles.enter_for_others", appeal.to_circle)):
        raise Http404
    form = AppealEnterForm(request.POST or None, appeal=appeal)
    result = {}

    def call(data):
        result["appeal"] = services.appeal_back(actor=request.user, appeal=appeal, person=data["person"], how=data["how"])

    if _submit(request, form, call):
        messages.success(request, _backed_message(result["appeal"]))
        return redirect(_detail_url(slug, decision, "#appeals"))
    return _circle_form_page(request, form, circle, title=_("Enter a backing given on paper or by phone"),
                             submit_label=_("Save the backing"), cancel_url=_detail_url(slug, decision, "#appeals"),
                             intro=_("For someone who told you they back this appeal but cannot do it here themselves. "
                                     "The page will say you entered it for them, and how they told you."),
                             template="circles/decisions/appeal_enter.html", decision=decision, appeal=appeal,
                             **_log_crumb(circle))


@login_required
@require_POST
def appeal_withdraw(request, slug, decision_uuid, appeal_uuid):
    commons, decision, circle, appeal = _appeal_for(request, slug, decision_uuid, appeal_uuid)
    _act(request, lambda: services.appeal_withdraw(actor=request.user, appeal=appeal), _("The appeal is withdrawn."))
    return redirect(_detail_url(slug, decision, "#appeals"))


# --- registrations ----------------------------------------------------------------------------
def _policies_section(request, circle):
    """The logbook's "Policies in force" section."""
    if not request.user.has_perm("circles.view_circle", circle):
        return None
    return {"circle": circle, "commons": circle.commons, "policies": selectors.policies_in_force(request.user, circle),
            "log_url": reverse("circles:decision_log", args=[circle.commons.slug, circle.uuid])}


register_tab(30, gettext_lazy("Decision log"), "decision_log")
register_logbook_section(40, "circles/decisions/_policies.html", _policies_section)

urlpatterns = [
    path(C + "reviews-due/", commons_reviews_due, name="commons_reviews_due"),
    path(LOG, decision_log, name="decision_log"),
    path(LOG + "export.csv", decision_log_csv, name="decision_log_csv"),
    path(LOG + "print/", decision_log_print, name="decision_log_print"),
    path(LOG + "reviews-due/", reviews_due, name="reviews_due"),
    path(D, decision_detail, name="decision_detail"),
    path(D + "review/", decision_review, name="decision_review"),
    path(D + "who-can-read/", decision_confidential, name="decision_confidential"),
    path(D + "appeal/", appeal_start, name="appeal_start"),
    path(A + "back/", appeal_back, name="appeal_back"),
    path(A + "enter/", appeal_enter, name="appeal_enter"),
    path(A + "withdraw/", appeal_withdraw, name="appeal_withdraw"),
]
