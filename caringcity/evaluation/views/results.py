"""Pages of the results part (see docs/evaluation-results.md): the rounds whose results this person
may see, one round's results (charts with their table twins, social climate profiles per team and
per circle, change from the round it follows), sharing a round's results with the people who
answered, and the reflection log ("What we learned").

Who may see what: a round's results go first to the people who answered, then to everyone in the
commons ``first_look_days`` later (``evaluation.see_round_results``). Before that an organiser
sees only how many answered, and the dates. Anyone else: 404. Any member adds to the reflection
log; its writer or an organiser changes an entry."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from caringcity.circles.selectors.visibility import circles_visible_to
from caringcity.evaluation.access import evaluation_standing, get_in_commons
from caringcity.evaluation.forms import results as forms
from caringcity.evaluation.models import Reflection, SurveyRound
from caringcity.evaluation.selectors import results as selectors
from caringcity.evaluation.services import results as services
from caringcity.evaluation.views.base import (
    E, _apply_errors, _page, member_commons, register_section, register_tab, render_evaluation,
)
from caringcity.teams.selectors import teams_visible_to

R = E + "results/"
L = E + "learned/"


def _round(commons, round_uuid):
    return get_in_commons(SurveyRound, commons, round_uuid)


# --- results ---------------------------------------------------------------------------------------------
@login_required
def results_list(request, slug):
    commons = member_commons(request, slug)
    now = timezone.now()
    visible = list(selectors.rounds_with_results_visible_to(request.user, commons, now=now)
                   .order_by("-results_to_respondents", "name"))
    rows = [(r, selectors.everyone_from(r), now < selectors.everyone_from(r)) for r in visible]
    waiting = []
    if evaluation_standing(request.user, commons).is_organiser:
        seen = {r.pk for r in visible}
        waiting = [(r, selectors.everyone_from(r)) for r in selectors.rounds_for_organisers(commons) if r.pk not in seen]
    return render_evaluation(request, "evaluation/results/list.html", commons, {"rows": rows, "waiting": waiting})


def _round_results_ctx(request, commons, survey_round, timing):
    catalogue = selectors.Catalogue(commons)
    summary = selectors.round_summary(survey_round, catalogue=catalogue)
    instruments = [(i, selectors.instrument_blocks(i)) for i in summary.instruments]
    own = any(i.own and i.profile for i in summary.instruments)
    teams = circles = []
    if own:
        teams = [(g, [(i, selectors.means_block(_("%(name)s: profile of %(group)s") % {"name": i.name, "group": g.group.name}, profile))
                      for i, profile in g.profiles])
                 for g in selectors.group_summaries(survey_round, "teams", visible=teams_visible_to(request.user, commons), catalogue=catalogue)]
        circles = [(g, [(i, selectors.means_block(_("%(name)s: profile of %(group)s") % {"name": i.name, "group": g.group.name}, profile))
                        for i, profile in g.profiles])
                   for g in selectors.group_summaries(survey_round, "circles", visible=circles_visible_to(request.user, commons), catalogue=catalogue)]
    change = None
    baseline = survey_round.follows
    if baseline is not None and request.user.has_perm("evaluation.see_round_results", baseline):
        change = selectors.change_between(baseline, survey_round, catalogue=catalogue)
    return {"summary": summary, "instruments": instruments, "own": own, "teams": teams, "circles": circles,
            "change": change, "change_blocks": selectors.change_blocks(change) if change else [], "baseline": baseline}


@login_required
def round_results(request, slug, round_uuid):
    commons = member_commons(request, slug)
    survey_round = _round(commons, round_uuid)
    timing = selectors.timing_for(request.user, survey_round)
    standing = evaluation_standing(request.user, commons)
    ctx = {"round": survey_round, "timing": timing, "is_organiser": standing.is_organiser,
           "small_group": selectors.small_group(), "crumb_url": reverse("evaluation:results", args=[slug]),
           "crumb_label": _("Results")}
    if not timing.visible:
        if not standing.is_organiser or survey_round.status == "draft":
            raise Http404
        asked, answered = selectors.answer_counts(survey_round)
        ctx.update({"asked": asked, "answered": answered, "closed": survey_round.status == "closed",
                    "without_email": selectors.respondents_without_email(survey_round) if survey_round.results_to_respondents else None})
        return render_evaluation(request, "evaluation/results/waiting.html", commons, ctx)
    ctx.update(_round_results_ctx(request, commons, survey_round, timing))
    if standing.is_organiser:
        ctx["without_email"] = selectors.respondents_without_email(survey_round)
    return render_evaluation(request, "evaluation/results/round.html", commons, ctx)


@login_required
def round_results_share(request, slug, round_uuid):
    commons = member_commons(request, slug, perm="evaluation.keep")
    survey_round = _round(commons, round_uuid)
    back = reverse("evaluation:round_results", args=[slug, survey_round.uuid])
    if survey_round.results_to_respondents is not None:
        messages.info(request, _("These results are already shared."))
        return redirect(back)
    form = forms.ShareForm(request.POST or None, initial={"first_look_days": survey_round.first_look_days})
    if request.method == "POST" and form.is_valid():
        try:
            services.round_results_share(actor=request.user, survey_round=survey_round,
                                         first_look_days=form.cleaned_data["first_look_days"])
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The results are shared. The people who answered can see them now."))
            return redirect(back)
    asked, answered = selectors.answer_counts(survey_round)
    return render_evaluation(request, "evaluation/results/share.html", commons,
                             {"round": survey_round, "form": form, "cancel_url": back, "answered": answered, "small_group": selectors.small_group(),
                              "crumb_url": back, "crumb_label": survey_round.name},
                             status=400 if form.is_bound and form.errors else 200)


# --- the reflection log --------------------------------------------------------------------------------------
@login_required
def reflections(request, slug):
    commons = member_commons(request, slug)
    filter_form = forms.ReflectionFilterForm(request.GET or None, commons=commons)
    indicator = filter_form.chosen()
    page = _page(request, selectors.reflections_for(commons, indicator=indicator))
    today = timezone.localdate()
    rows = _reflection_rows(request, commons, page.object_list, today)
    return render_evaluation(request, "evaluation/results/reflections.html", commons,
                             {"page_obj": page, "rows": rows, "filter_form": filter_form, "indicator": indicator,
                              "can_add": request.user.has_perm("evaluation.add_reflection", commons)})


def _reflection_rows(request, commons, reflections, today):
    """[(reflection, look-again state, metric names, team shown, circle shown, may change)]: a team
    or circle is named only to people who may see it."""
    names = selectors.metric_names()
    team_ids = set(teams_visible_to(request.user, commons).values_list("pk", flat=True))
    circle_ids = set(circles_visible_to(request.user, commons).values_list("pk", flat=True))
    for reflection in reflections:
        reflection.commons = commons  # already fetched: the rule reads it
    return [(r, selectors.look_again_state(r, today), [names.get(m, m) for m in r.metrics],
             r.team if r.team_id in team_ids else None, r.circle if r.circle_id in circle_ids else None,
             request.user.has_perm("evaluation.change_reflection", r)) for r in reflections]


@login_required
def reflection_detail(request, slug, reflection_uuid):
    commons = member_commons(request, slug)
    reflection = selectors.reflections_for(commons).filter(uuid=reflection_uuid).first()
    if reflection is None:
        raise Http404
    rows = _reflection_rows(request, commons, [reflection], timezone.localdate())
    return render_evaluation(request, "evaluation/results/reflection.html", commons,
                             {"row": rows[0], "reflection": reflection,
                              "crumb_url": reverse("evaluation:reflections", args=[slug]), "crumb_label": _("What we learned")})


def _reflection_form_page(request, commons, form, *, title, cancel_url, status=200):
    return render_evaluation(request, "evaluation/results/reflection_form.html", commons,
                             {"form": form, "title": title, "cancel_url": cancel_url,
                              "crumb_url": reverse("evaluation:reflections", args=[commons.slug]),
                              "crumb_label": _("What we learned")},
                             status=400 if form.is_bound and form.errors else status)


@login_required
def reflection_add(request, slug):
    commons = member_commons(request, slug, perm="evaluation.add_reflection")
    form = forms.ReflectionForm(request.POST or None, user=request.user, commons=commons)
    if request.method == "POST" and form.is_valid():
        try:
            reflection = services.reflection_add(actor=request.user, commons=commons, data=form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Added to the reflection log."))
            return redirect("evaluation:reflection", slug, reflection.uuid)
    return _reflection_form_page(request, commons, form, title=_("Add to the reflection log"),
                                 cancel_url=reverse("evaluation:reflections", args=[slug]))


@login_required
def reflection_change(request, slug, reflection_uuid):
    commons = member_commons(request, slug)
    reflection = get_in_commons(Reflection, commons, reflection_uuid)
    if not request.user.has_perm("evaluation.change_reflection", reflection):
        raise Http404
    form = forms.ReflectionForm(request.POST or None, user=request.user, commons=commons, reflection=reflection,
                                initial=forms.reflection_initial(reflection))
    if request.method == "POST" and form.is_valid():
        try:
            services.reflection_change(actor=request.user, reflection=reflection, data=form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("evaluation:reflection", slug, reflection.uuid)
    return _reflection_form_page(request, commons, form, title=_("Change: %(title)s") % {"title": reflection.title},
                                 cancel_url=reverse("evaluation:reflection", args=[slug, reflection.uuid]))


# --- sections on other pages ----------------------------------------------------------------------------------
def home_section(request, commons, obj):
    """"Results shared with you" on the landing page: the newest rounds whose results this person
    may see, saying which they see before everyone else."""
    now = timezone.now()
    rounds = list(selectors.rounds_with_results_visible_to(request.user, commons, now=now)
                  .order_by("-results_to_respondents", "name")[:5])
    if not rounds:
        return None
    return {"results_rows": [(r, selectors.everyone_from(r), now < selectors.everyone_from(r)) for r in rounds]}


def round_section(request, commons, survey_round):
    """On a survey round's page: where its results stand, and for organisers the way to share them."""
    standing = evaluation_standing(request.user, commons)
    if survey_round is None or survey_round.status != "closed":
        return None
    timing = selectors.timing_for(request.user, survey_round)
    if not timing.visible and not standing.is_organiser:
        return None
    return {"results_round": survey_round, "results_timing": timing, "results_is_organiser": standing.is_organiser}


register_tab(50, gettext_lazy("Results"), "results")
register_tab(60, gettext_lazy("What we learned"), "reflections")
register_section("home", 20, "evaluation/results/_home_section.html", home_section)
register_section("round", 50, "evaluation/results/_round_section.html", round_section)

urlpatterns = [
    path(R, results_list, name="results"),
    path(R + "<uuid:round_uuid>/", round_results, name="round_results"),
    path(R + "<uuid:round_uuid>/share/", round_results_share, name="round_results_share"),
    path(L, reflections, name="reflections"),
    path(L + "add/", reflection_add, name="reflection_add"),
    path(L + "<uuid:reflection_uuid>/", reflection_detail, name="reflection"),
    path(L + "<uuid:reflection_uuid>/change/", reflection_change, name="reflection_change"),
]
