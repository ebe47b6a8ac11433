"""Pages of the indicators part (see docs/evaluation-indicators.md): the "Figures" tab (every
platform figure with its definition, latest value, a small trend and the breakdown by team and by
circle), one figure's page (its periods, how it is counted, what the numbers count), and the
organisers' "Count again now" button (POST, then back to the figures)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from caringcity.evaluation import metrics
from caringcity.evaluation.forms.indicators import MetricViewForm
from caringcity.evaluation.selectors import indicators as selectors
from caringcity.evaluation.services.indicators import indicators_refresh_request
from caringcity.evaluation.views.base import E, member_commons, register_section, register_tab, render_evaluation

register_tab(40, gettext_lazy("Figures"), "indicators")


@login_required
def figures(request, slug):
    commons = member_commons(request, slug)
    ctx = selectors.figures_page(request.user, commons)
    ctx["may_refresh"] = request.user.has_perm("evaluation.refresh_indicators", commons)
    return render_evaluation(request, "evaluation/indicators/figures.html", commons, ctx)


@login_required
def indicator(request, slug, metric):
    commons = member_commons(request, slug)
    try:
        chosen = metrics.get(metric)
    except LookupError:
        raise Http404 from None
    teams, circles = selectors._visible_units(request.user, commons)
    form = MetricViewForm(request.GET or None, commons=commons,
                          teams=teams if metrics.TEAM in chosen.scopes else (),
                          circles=circles if metrics.CIRCLE in chosen.scopes else ())
    if form.is_bound:
        form.is_valid()
        whose = request.GET.get("whose", "")
        if whose and "whose" in form.errors:  # a team or circle out of reach, or a bad uuid
            raise Http404
    grain, team_uuid, circle_uuid = form.chosen()
    try:
        ctx = selectors.metric_page(request.user, commons, chosen, grain=grain, team_uuid=team_uuid, circle_uuid=circle_uuid)
    except LookupError:
        raise Http404 from None
    ctx.update({"form": form, "grain_name": metrics.GRAIN_NAMES[grain],
                "crumb_url": reverse("evaluation:indicators", args=[commons.slug]), "crumb_label": _("Figures")})
    return render_evaluation(request, "evaluation/indicators/indicator.html", commons, ctx,
                             status=400 if form.is_bound and form.errors else 200)


@login_required
@require_POST
def refresh(request, slug):
    commons = member_commons(request, slug, perm="evaluation.refresh_indicators")
    indicators_refresh_request(actor=request.user, commons=commons)
    messages.success(request, _("The figures are being counted again. This can take a little while."))
    return redirect("evaluation:indicators", commons.slug)


def home_section(request, commons, obj):
    figures_list = selectors.home_figures(commons)
    return {"figures": figures_list, "url": reverse("evaluation:indicators", args=[commons.slug])}


register_section("home", 40, "evaluation/indicators/_home_section.html", home_section)

urlpatterns = [
    path(E + "figures/", figures, name="indicators"),
    path(E + "figures/count-again/", refresh, name="indicators_refresh"),
    path(E + "figures/<slug:metric>/", indicator, name="indicator"),
]
