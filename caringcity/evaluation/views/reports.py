"""Pages of the reports part (see docs/evaluation-reports.md): reports (every member reads, organisers
write), a report's page, print view and PDF, the summary for a commissioner and its PDF, costs and
their CSV, and quotes (organisers)."""

import csv

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from caringcity.evaluation import pdf
from caringcity.evaluation import quotes as quote_sources
from caringcity.evaluation.access import get_in_commons
from caringcity.evaluation.forms import reports as forms
from caringcity.evaluation.models import Cost, Quote, Report
from caringcity.evaluation.selectors import reports as selectors
from caringcity.evaluation.services import reports as services
from caringcity.evaluation.views.base import E, _act, _submit, member_commons, register_section, register_tab, render_evaluation
from caringcity.teams import selectors as teams

VIEW, KEEP = "evaluation.view_reports", "evaluation.keep_reports"

register_tab(70, gettext_lazy("Reports"), "reports", VIEW)
register_tab(80, gettext_lazy("Costs"), "costs", KEEP)
register_tab(90, gettext_lazy("Quotes"), "quotes", KEEP)


def _crumb(commons, name="reports", label=None):
    return {"crumb_url": reverse(f"evaluation:{name}", args=[commons.slug]), "crumb_label": label or _("Reports")}


def _form(request, commons, template, form, *, title, cancel_url, submit_label=None, **extra):
    status = 400 if form.is_bound and form.errors else 200
    ctx = {"form": form, "title": title, "cancel_url": cancel_url, "submit_label": submit_label, **extra}
    return render_evaluation(request, template, commons, ctx, status=status)


def _confirm(request, commons, *, title, explanation, confirm_label, cancel_url, **extra):
    ctx = {"title": title, "explanation": explanation, "confirm_label": confirm_label, "cancel_url": cancel_url, "danger": True, **extra}
    return render_evaluation(request, "evaluation/confirm.html", commons, ctx)


# --- reports --------------------------------------------------------------------------------------

@login_required
def report_list(request, slug):
    commons = member_commons(request, slug, VIEW)
    ctx = {"reports": selectors.reports_for(commons), "can_keep": request.user.has_perm(KEEP, commons)}
    return render_evaluation(request, "evaluation/reports/list.html", commons, ctx)


def _report_form(request, commons, report=None):
    frameworks = selectors.frameworks_for(commons)
    if report is None:
        initial = forms.year_initial(timezone.localdate())
    else:
        chosen = {f"{entry['source']}:{entry['id']}" for entry in report.outside_quotes or [] if isinstance(entry, dict)}
        initial = {"title": report.title, "period_start": report.period_start, "period_end": report.period_end,
                   "framework": report.framework, "introduction": report.introduction,
                   "quotes": list(report.quotes.all()), "outside_quotes": sorted(chosen)}
    return forms.ReportForm(request.POST or None, commons=commons, frameworks=frameworks, initial=initial)


@login_required
def report_create(request, slug):
    commons = member_commons(request, slug, KEEP)
    form = _report_form(request, commons)
    made = {}

    def call(data):
        made["report"] = services.report_create(actor=request.user, commons=commons, **data)

    if _submit(request, form, call, _("The report is saved.")):
        return redirect("evaluation:report", commons.slug, made["report"].uuid)
    return _form(request, commons, "evaluation/reports/form.html", form, title=_("Write a report"),
                 cancel_url=reverse("evaluation:reports", args=[commons.slug]), submit_label=_("Save the report"), **_crumb(commons))


def _report(request, slug, uuid, perm=VIEW):
    commons = member_commons(request, slug, perm)
    report = get_in_commons(Report, commons, uuid)
    report.commons = commons
    return commons, report


@login_required
def report_detail(request, slug, uuid):
    commons, report = _report(request, slug, uuid)
    content = selectors.report_content(report)
    ctx = {"content": content, "report": report, "can_keep": request.user.has_perm(KEEP, commons), **_crumb(commons),
           "too_few": selectors.too_few_words()}
    return render_evaluation(request, "evaluation/reports/report.html", commons, ctx)


@login_required
def report_edit(request, slug, uuid):
    commons, report = _report(request, slug, uuid, KEEP)
    form = _report_form(request, commons, report)

    def call(data):
        services.report_update(actor=request.user, report=report, **data)

    if _submit(request, form, call, _("The report is saved.")):
        return redirect("evaluation:report", commons.slug, report.uuid)
    return _form(request, commons, "evaluation/reports/form.html", form, title=_("Change the report"),
                 cancel_url=reverse("evaluation:report", args=[commons.slug, report.uuid]), submit_label=_("Save the report"),
                 remove_url=reverse("evaluation:report_delete", args=[commons.slug, report.uuid]), **_crumb(commons))


@login_required
def report_delete(request, slug, uuid):
    commons, report = _report(request, slug, uuid, KEEP)
    if request.method == "POST":
        if _act(request, lambda: services.report_delete(actor=request.user, report=report), _("The report is removed.")):
            return redirect("evaluation:reports", commons.slug)
    return _confirm(request, commons, title=_("Remove the report “%(title)s”?") % {"title": report.title},
                    explanation=_("Its words and chosen quotes are removed. The figures stay in the platform."),
                    confirm_label=_("Remove the report"), cancel_url=reverse("evaluation:report", args=[commons.slug, report.uuid]),
                    **_crumb(commons))


def _pdf_response(body, filename):
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def report_pdf(request, slug, uuid):
    commons, report = _report(request, slug, uuid)
    body = pdf.report_pdf(selectors.report_content(report), base_url=request.build_absolute_uri("/"))
    return _pdf_response(body, f"{slugify(report.title) or 'report'}.pdf")


@login_required
def report_summary(request, slug, uuid):
    commons, report = _report(request, slug, uuid)
    content = selectors.summary_content(report)
    ctx = {"content": content, "report": report, "crumb_url": reverse("evaluation:report", args=[commons.slug, report.uuid]),
           "crumb_label": report.title}
    return render_evaluation(request, "evaluation/reports/summary.html", commons, ctx)


@login_required
def report_summary_pdf(request, slug, uuid):
    commons, report = _report(request, slug, uuid)
    body = pdf.summary_pdf(selectors.summary_content(report), base_url=request.build_absolute_uri("/"))
    return _pdf_response(body, f"{slugify(report.title) or 'report'}-summary.pdf")


# --- costs ----------------------------------------------------------------------------------------

@login_required
def cost_list(request, slug):
    commons = member_commons(request, slug, KEEP)
    costs = list(selectors.costs_for(commons))
    ctx = {"costs": costs, "total": sum((cost.amount for cost in costs), 0)}
    return render_evaluation(request, "evaluation/reports/costs.html", commons, ctx)


def _cost_form(request, commons, cost=None):
    initial = {}
    if cost is not None:
        initial = {"kind": cost.kind, "label": cost.label, "amount": cost.amount, "period_start": cost.period_start,
                   "period_end": cost.period_end, "source": cost.source, "team": cost.team}
    return forms.CostForm(request.POST or None, teams=teams.teams_visible_to(request.user, commons), initial=initial)


@login_required
def cost_create(request, slug):
    commons = member_commons(request, slug, KEEP)
    form = _cost_form(request, commons)
    if _submit(request, form, lambda data: services.cost_create(actor=request.user, commons=commons, **data), _("The cost is saved.")):
        return redirect("evaluation:costs", commons.slug)
    return _form(request, commons, "evaluation/reports/form.html", form, title=_("Add a cost"),
                 cancel_url=reverse("evaluation:costs", args=[commons.slug]), **_crumb(commons, "costs", _("Costs")))


@login_required
def cost_edit(request, slug, uuid):
    commons = member_commons(request, slug, KEEP)
    cost = get_in_commons(Cost, commons, uuid)
    form = _cost_form(request, commons, cost)
    if _submit(request, form, lambda data: services.cost_update(actor=request.user, cost=cost, **data), _("The cost is saved.")):
        return redirect("evaluation:costs", commons.slug)
    return _form(request, commons, "evaluation/reports/form.html", form, title=_("Change a cost"),
                 cancel_url=reverse("evaluation:costs", args=[commons.slug]),
                 remove_url=reverse("evaluation:cost_delete", args=[commons.slug, cost.uuid]), **_crumb(commons, "costs", _("Costs")))


@login_required
def cost_delete(request, slug, uuid):
    commons = member_commons(request, slug, KEEP)
    cost = get_in_commons(Cost, commons, uuid)
    if request.method == "POST":
        if _act(request, lambda: services.cost_delete(actor=request.user, cost=cost), _("The cost is removed.")):
            return redirect("evaluation:costs", commons.slug)
    return _confirm(request, commons, title=_("Remove the cost “%(label)s”?") % {"label": cost.label},
                    explanation=_("Reports and summaries will no longer count it."), confirm_label=_("Remove the cost"),
                    cancel_url=reverse("evaluation:costs", args=[commons.slug]), **_crumb(commons, "costs", _("Costs")))


def _cell(value):
    """Spreadsheets run cells that start with = + - @ as formulas: make them plain text."""
    value = "" if value is None else str(value)
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@login_required
def costs_csv(request, slug):
    """Every cost as UTF-8 CSV with a header row; amounts in pounds with two decimals."""
    commons = member_commons(request, slug, KEEP)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{commons.slug}-costs.csv"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    writer = csv.writer(response)
    writer.writerow(["id", "kind", "kind_label", "what", "amount_gbp", "from", "to", "source", "team"])
    for cost in selectors.costs_for(commons):
        writer.writerow([_cell(value) for value in [cost.uuid, cost.kind, cost.get_kind_display(), cost.label, f"{cost.amount:.2f}",
                                                    cost.period_start.isoformat(), cost.period_end.isoformat(), cost.source,
                                                    cost.team.name if cost.team else ""]])
    return response


# --- quotes ---------------------------------------------------------------------------------------

@login_required
def quote_list(request, slug):
    commons = member_commons(request, slug, KEEP)
    answers = list(selectors.quotable_answers(commons))
    quotes = list(quote_sources.visible_quotes(commons).order_by("-approved_at"))
    ctx = {"answers": [(answer, quote_sources.derived_attribution(answer.invitation.groups)) for answer in answers],
           "quotes": quotes, "withdrawn": Quote.objects.filter(commons=commons).count() - len(quotes)}
    return render_evaluation(request, "evaluation/reports/quotes.html", commons, ctx)


@login_required
def quote_approve(request, slug, uuid):
    commons = member_commons(request, slug, KEEP)
    answer = selectors.access_answer_to_quote(commons, uuid)
    quote = getattr(answer, "quote", None)
    if quote is not None:
        initial = {"text": quote.text, "attribution": quote.attribution}
    else:
        initial = {"text": answer.text, "attribution": quote_sources.derived_attribution(answer.invitation.groups)}
    form = forms.QuoteApproveForm(request.POST or None, initial=initial)
    if _submit(request, form, lambda data: services.quote_approve(actor=request.user, answer=answer, **data), _("The quote is approved.")):
        return redirect("evaluation:quotes", commons.slug)
    return _form(request, commons, "evaluation/reports/quote_form.html", form, title=_("Approve a quote"),
                 cancel_url=reverse("evaluation:quotes", args=[commons.slug]), submit_label=_("Approve the quote"),
                 answer=answer, **_crumb(commons, "quotes", _("Quotes")))


@login_required
@require_POST
def quote_withdraw(request, slug, uuid):
    commons = member_commons(request, slug, KEEP)
    quote = get_in_commons(Quote, commons, uuid)
    _act(request, lambda: services.quote_withdraw(actor=request.user, quote=quote), _("The quote is withdrawn: no report shows it now."))
    return redirect("evaluation:quotes", commons.slug)


# --- a section on the landing page ------------------------------------------------------------------

def home_section(request, commons, obj):
    if not request.user.has_perm(VIEW, commons):
        return None
    reports = list(selectors.reports_for(commons)[:3])
    if not reports and not request.user.has_perm(KEEP, commons):
        return None
    return {"reports": reports, "can_keep": request.user.has_perm(KEEP, commons)}


register_section("home", 60, "evaluation/reports/_home_section.html", home_section)

R = E + "reports/<uuid:uuid>/"
urlpatterns = [
    path(E + "reports/", report_list, name="reports"),
    path(E + "reports/new/", report_create, name="report_create"),
    path(R, report_detail, name="report"),
    path(R + "change/", report_edit, name="report_edit"),
    path(R + "remove/", report_delete, name="report_delete"),
    path(R + "report.pdf", report_pdf, name="report_pdf"),
    path(R + "summary/", report_summary, name="report_summary"),
    path(R + "summary.pdf", report_summary_pdf, name="report_summary_pdf"),
    path(E + "costs/", cost_list, name="costs"),
    path(E + "costs/new/", cost_create, name="cost_create"),
    path(E + "costs/costs.csv", costs_csv, name="costs_csv"),
    path(E + "costs/<uuid:uuid>/change/", cost_edit, name="cost_edit"),
    path(E + "costs/<uuid:uuid>/remove/", cost_delete, name="cost_delete"),
    path(E + "quotes/", quote_list, name="quotes"),
    path(E + "quotes/answer/<uuid:uuid>/", quote_approve, name="quote_approve"),
    path(E + "quotes/<uuid:uuid>/withdraw/", quote_withdraw, name="quote_withdraw"),
]
