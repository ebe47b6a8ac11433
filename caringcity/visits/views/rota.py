"""The rota: a team's weeks of visits, planning, joining and declining, cover, swaps, and each
person's own visits, free times and time away. Thin: parse, check permission, call one service,
render."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from caringcity.people.views import _act, _apply_errors, _commons, _form_page, _submit
from caringcity.teams.selectors import teams_visible_to
from caringcity.visits.access import team_for
from caringcity.visits.forms.rota import AskForm, AvailabilityForm, CancelForm, DeclineForm, PlanForm, SwapForm, TimeAwayForm
from caringcity.visits.models import Person, SignupStatus, TimeAway, VisitLog, VisitStatus
from caringcity.visits.selectors import rota as selectors
from caringcity.visits.services import rota as services

C = "c/<slug:slug>/"
T = "c/<slug:slug>/teams/<uuid:team_uuid>/"
V = T + "rota/visits/<uuid:visit_uuid>/"


def _back(slug, team, visit=None):
    if visit is not None:
        return reverse("visits:visit_detail", args=[slug, team.uuid, visit.uuid])
    return reverse("visits:team_rota", args=[slug, team.uuid])


@login_required
def team_rota(request, slug, team_uuid):
    commons, team, standing = team_for(request, slug, team_uuid)
    monday = selectors.parse_week(request.GET.get("week"))
    start, end = selectors.day_bounds(monday, 7)
    visits = selectors.annotate_for(list(selectors.team_visits(team, start, end)), standing.person)
    clashes = selectors.clashes_for_visits(standing.person, visits) if standing.is_current_member else {}
    for visit in visits:
        visit.clashes = clashes.get(visit.pk, [])
    return render(request, "visits/rota/team_rota.html", {
        "commons": commons, "team": team, "standing": standing, "monday": monday,
        "days": selectors.by_day(visits, monday, 7),
        "previous": monday - timedelta(days=7), "next": monday + timedelta(days=7),
        "this_week": selectors.week_start(timezone.localdate()),
        "series": selectors.series_for_team(team) if standing.plans_rota else [],
        "can_plan": standing.plans_rota, "can_join": standing.is_current_member, "now": timezone.now(),
    })


@login_required
def rota_plan(request, slug, team_uuid):
    commons, team, standing = team_for(request, slug, team_uuid, "visits.plan_rota")
    form = PlanForm(request.POST or None, initial={"start_date": timezone.localdate() + timedelta(days=1)})
    if request.method == "POST" and form.is_valid():
        try:
            series, visits = services.rota_plan(actor=request.user, team=team, data=form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            if series:
                messages.success(request, _("Planned %(n)s visits.") % {"n": len(visits)})
            else:
                messages.success(request, _("Visit planned."))
            week = visits[0].starts if visits else timezone.now()
            return redirect(_back(slug, team) + f"?week={timezone.localtime(week).date().isoformat()}")
    return _form_page(request, form, title=_("Plan visits for %(team)s") % {"team": team.name},
                      template="visits/rota/plan.html", team=team, commons=commons,
                      submit_label=_("Plan"), cancel_url=_back(slug, team))


@login_required
def visit_detail(request, slug, team_uuid, visit_uuid):
    commons, team, standing = team_for(request, slug, team_uuid)
    visit = selectors.access_visit(request.user, team, visit_uuid)
    answers = sorted(getattr(visit, "answers", []), key=lambda s: (s.status != SignupStatus.JOINED, s.person.name))
    open_for_answers = visit.status == VisitStatus.PLANNED and visit.starts > timezone.now()
    clashes = selectors.clashes_for_visits(standing.person, [visit]).get(visit.pk, []) if standing.is_current_member else []
    return render(request, "visits/rota/visit_detail.html", {
        "commons": commons, "team": team, "standing": standing, "visit": visit, "answers": answers,
        "open_for_answers": open_for_answers, "clashes": clashes,
        "can_plan": standing.plans_rota, "can_join": standing.is_current_member,
        "decline_form": DeclineForm(),
        "started": visit.starts <= timezone.now() and not visit.is_cancelled,
        "has_log": VisitLog.objects.filter(visit=visit).exists(),
        "can_see_logs": request.user.has_perm("visits.view_logs", team),
        "can_write_log": request.user.has_perm("visits.write_log", team),
    })


@login_required
def visit_action(request, slug, team_uuid, visit_uuid, action):
    perms = {"join": "visits.join_visit", "decline": "visits.join_visit", "ask": "visits.plan_rota",
             "swap": "visits.plan_rota", "edit": "visits.plan_rota", "cancel": "visits.plan_rota"}
    if action not in perms:
        raise Http404
    commons, team, standing = team_for(request, slug, team_uuid, perms[action])
    visit = selectors.access_visit(request.user, team, visit_uuid)
    back = _back(slug, team, visit)
    if action == "join":
        if request.method != "POST":
            return redirect(back)
        try:
            warnings = services.visit_join(actor=request.user, visit=visit)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Thank you: you are down for this visit."))
            for warning in warnings:
                messages.warning(request, warning)
        return redirect(back)
    if action == "decline":
        form = DeclineForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            if _act(request, lambda: services.visit_decline(actor=request.user, visit=visit, note=form.cleaned_data["note"]),
                    _("Thank you for letting the team know.")):
                return redirect(back)
        return _form_page(request, form, title=_("You can't come to this visit"), submit_label=_("Tell the team"), cancel_url=back)
    if action == "ask":
        members = Person.objects.filter(pk__in=[m.person_id for m in selectors.team_members_for_rota(team)])
        form = AskForm(request.POST or None, people=members.order_by("name"))
        if _submit(request, form, lambda data: services.visit_ask(actor=request.user, visit=visit, person=data["person"]),
                   _("Asked. They will see it in their visits and get an e-mail if they have a login.")):
            return redirect(back)
        return _form_page(request, form, title=_("Ask someone to cover this visit"), submit_label=_("Ask"), cancel_url=back)
    if action == "swap":
        coming = Person.objects.filter(pk__in=[s.person_id for s in visit.answers if s.status == SignupStatus.JOINED])
        members = Person.objects.filter(pk__in=[m.person_id for m in selectors.team_members_for_rota(team)])
        form = SwapForm(request.POST or None, coming=coming.order_by("name"), members=members.order_by("name"))
        if _submit(request, form, lambda data: services.visit_swap(actor=request.user, visit=visit, **data),
                   _("Swapped. Both people have been told.")):
            return redirect(back)
        return _form_page(request, form, title=_("Swap who is coming"), submit_label=_("Swap"), cancel_url=back)
    if action == "edit":
        local = timezone.localtime(visit.starts)
        initial = {f: getattr(visit, f) for f in services.DETAIL_FIELDS}
        initial.update(start_date=local.date(), start_time=local.time().replace(second=0, microsecond=0),
                       duration_minutes=int(visit.duration.total_seconds() // 60))
        form = PlanForm(request.POST or None, initial=initial)
        for name in ["frequency", "interval", "weekdays", "until", "count"]:
            del form.fields[name]
        if _submit(request, form, lambda data: services.visit_change(actor=request.user, visit=visit, data=data),
                   _("Visit changed. The people coming have been told.")):
            return redirect(back)
        intro = _("This changes this visit only. The other visits in its series stay as they are.") if visit.series_id else None
        return _form_page(request, form, title=_("Change this visit"), intro=intro, cancel_url=back)
    # cancel
    form = CancelForm(request.POST or None)
    if _submit(request, form, lambda data: services.visit_cancel(actor=request.user, visit=visit, reason=data["reason"]),
               _("Visit cancelled. The people coming have been told.")):
        return redirect(back)
    return _form_page(request, form, title=_("Cancel this visit"), submit_label=_("Cancel the visit"), cancel_url=back)


@login_required
def series_edit(request, slug, team_uuid, series_uuid):
    commons, team, standing = team_for(request, slug, team_uuid, "visits.plan_rota")
    series = selectors.access_series(team, series_uuid)
    back = _back(slug, team)
    if series.ended:
        messages.error(request, _("This repeating visit has ended."))
        return redirect(back)
    initial = {f: getattr(series, f) for f in [*services.DETAIL_FIELDS, "start_date", "start_time", "duration_minutes",
                                                "frequency", "interval", "until", "count"]}
    initial["weekdays"] = series.weekday_list
    form = PlanForm(request.POST or None, initial=initial, series=series)
    change = lambda data: services.series_change(  # noqa: E731
        actor=request.user, series=series, data={k: v for k, v in data.items() if k != "start_date"})
    if _submit(request, form, change, _("Changed from today on. Visits already done, and visits changed one by one, stay as they were.")):
        return redirect(back)
    return _form_page(request, form, title=_("Change a repeating visit"), template="visits/rota/plan.html", team=team,
                      commons=commons, series=series,
                      intro=_("Changes apply to visits from today on. Past visits stay as they were."), cancel_url=back)


@login_required
def series_end(request, slug, team_uuid, series_uuid):
    commons, team, standing = team_for(request, slug, team_uuid, "visits.plan_rota")
    series = selectors.access_series(team, series_uuid)
    back = _back(slug, team)
    form = CancelForm(request.POST or None)
    form.fields["reason"].label = _("Why it stops")
    if request.method == "POST" and form.is_valid():
        if _act(request, lambda: services.series_end(actor=request.user, series=series, reason=form.cleaned_data["reason"]),
                _("The repeating visit has stopped. Its visits still to come are cancelled.")):
            return redirect(back)
    return _form_page(request, form, title=_("Stop a repeating visit"), submit_label=_("Stop it"), cancel_url=back,
                      intro=_("Visits still to come are cancelled and the people coming are told in their calendars. Past visits stay."))


# --- across teams ----------------------------------------------------------------------------

@login_required
def cover_needed(request, slug):
    commons, membership = _commons(request, slug)
    visits = list(selectors.cover_needed(request.user, commons))
    return render(request, "visits/rota/cover_needed.html", {"commons": commons, "visits": visits})


def _me(request, slug):
    commons, membership = _commons(request, slug)
    if membership is None or membership.person is None:
        raise Http404
    return commons, membership.person


@login_required
def my_visits(request, slug):
    commons, me = _me(request, slug)
    monday = selectors.parse_week(request.GET.get("week"))
    start, end = selectors.day_bounds(monday, 14)
    visits = selectors.my_visits(me, commons, start, end)
    return render(request, "visits/rota/my_visits.html", {
        "commons": commons, "me": me, "monday": monday, "days": selectors.by_day(visits, monday, 14),
        "previous": monday - timedelta(days=14), "next": monday + timedelta(days=14),
        "asked": [v for v in visits if v.my_answer == SignupStatus.ASKED and v.starts > timezone.now() and not v.is_cancelled],
        "free": selectors.availability(me, commons), "away": selectors.time_away(me, commons),
        "teams": list(teams_visible_to(request.user, commons).filter(members__person=me).distinct()),
    })


@login_required
def availability_edit(request, slug):
    commons, me = _me(request, slug)
    back = reverse("visits:my_visits", args=[slug])
    form = AvailabilityForm(request.POST or None, rows=selectors.availability(me, commons))
    if _submit(request, form, lambda data: services.availability_set(actor=request.user, commons=commons, person=me, rows=data["rows"]),
               _("Saved. The rota will warn you if you join a visit outside these times.")):
        return redirect(back)
    return _form_page(request, form, title=_("When you are usually free"), template="visits/rota/availability.html",
                      commons=commons, cancel_url=back,
                      intro=_("Leave a day empty if you are not free that day. If you leave every day empty, the rota won't warn you."))


@login_required
def time_away(request, slug):
    commons, me = _me(request, slug)
    back = reverse("visits:my_visits", args=[slug])
    form = TimeAwayForm(request.POST or None)
    if _submit(request, form, lambda data: services.time_away_add(actor=request.user, commons=commons, person=me, **data),
               _("Saved. The rota will warn you about visits on these days.")):
        return redirect(back)
    return _form_page(request, form, title=_("Add time away"), submit_label=_("Save"), cancel_url=back,
                      intro=_("For example a holiday. Your teams see that you are away, not why."))


@login_required
@require_POST
def time_away_remove(request, slug, away_uuid):
    commons, me = _me(request, slug)
    away = TimeAway.objects.filter(commons=commons, person=me, uuid=away_uuid).first()
    if away is None:
        raise Http404
    _act(request, lambda: services.time_away_remove(actor=request.user, away=away), _("Removed."))
    return redirect("visits:my_visits", slug)


urlpatterns = [
    path(T + "rota/", team_rota, name="team_rota"),
    path(T + "rota/plan/", rota_plan, name="rota_plan"),
    path(V, visit_detail, name="visit_detail"),
    path(V + "<str:action>/", visit_action, name="visit_action"),
    path(T + "rota/series/<uuid:series_uuid>/change/", series_edit, name="series_edit"),
    path(T + "rota/series/<uuid:series_uuid>/stop/", series_end, name="series_end"),
    path(C + "cover-needed/", cover_needed, name="cover_needed"),
    path(C + "my-visits/", my_visits, name="my_visits"),
    path(C + "my-visits/free-times/", availability_edit, name="availability"),
    path(C + "my-visits/away/", time_away, name="time_away"),
    path(C + "my-visits/away/<uuid:away_uuid>/remove/", time_away_remove, name="time_away_remove"),
]
