"""Team starting, as stages: where the team is, the Team Starter's checklist, the waiting list,
moving one stage at a time, independence, and the history of moves.

Everyone who can see the team can read this page. Only the Team Starter and organisers of the
commons change it (rule ``teams.change_stage``); anyone else posting gets a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from caringcity.teams import forms, selectors, services, states
from caringcity.teams.models import Stage
from caringcity.teams.views.base import _apply_errors, render_team, team_for


def _stage_url(team):
    return reverse("teams:stage", args=[team.commons.slug, team.uuid])


def _move_choices(team):
    """The stages the team may move to, said plainly: the next one, or back one step."""
    options = states.next_stages(team.stage)
    order = states.STAGE_ORDER
    here = order.index(team.stage) if team.stage in order else None
    choices = []
    for s in options:
        if here is not None and order.index(s) > here:
            choices.append((s, _("Next stage: %(stage)s") % {"stage": Stage(s).label}))
        else:
            choices.append((s, _("Back one stage: %(stage)s") % {"stage": Stage(s).label}))
    return choices


def _move_form(team, data=None):
    # A posted move may name any stage: the service refuses a jump and says why.
    form = forms.StageForm(data, options=None if data is not None else states.next_stages(team.stage))
    form.fields["note"].label = _("Note for the team's history")
    return form


def _end_form(data=None):
    form = forms.ReasonForm(data, prefix="end")
    form.fields["reason"].label = _("Why is the team ending?")
    form.fields["reason"].required = True
    form.fields["reason"].help_text = _("For example: Arthur moved to a care home. This goes in the team's history.")
    return form


def _checklist_save(request, team, ticks):
    wanted = set(request.POST.getlist("items"))
    changed = 0
    for key, _label in states.CHECKLISTS.get(team.stage, []):
        if (key in wanted) != (key in ticks):
            services.checklist_tick(actor=request.user, team=team, item=key, done=key in wanted)
            changed += 1
    return changed


@login_required
def stage(request, slug, team_uuid):
    commons, team, standing = team_for(request, slug, team_uuid)
    may_change = request.user.has_perm("teams.change_stage", team)
    ticks = selectors.checklist_ticks(team)
    move_form, end_form, status = None, None, 200

    if request.method == "POST":
        if not may_change:
            raise Http404
        action = request.POST.get("action")
        if action == "checklist":
            _checklist_save(request, team, ticks)
            messages.success(request, _("The checklist is saved."))
            return redirect(_stage_url(team) + "#checklist")
        if action == "waiting":
            waiting = request.POST.get("waiting") == "yes"
            try:
                services.team_set_waiting(actor=request.user, team=team, waiting=waiting)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("The team is on the waiting list.") if waiting else _("The team is off the waiting list."))
            return redirect(_stage_url(team) + "#waiting")
        if action == "move":
            move_form = _move_form(team, request.POST)
            if move_form.is_valid():
                try:
                    moved = services.team_move_stage(actor=request.user, team=team, **move_form.cleaned_data)
                except ValidationError as error:
                    _apply_errors(move_form, error)
                else:
                    messages.success(request, _("The team is now at: %(stage)s.") % {"stage": Stage(moved.stage).label})
                    return redirect(_stage_url(team))
        elif action == "end":
            end_form = _end_form(request.POST)
            if end_form.is_valid():
                try:
                    services.team_move_stage(actor=request.user, team=team, to_stage=Stage.ENDED, note=end_form.cleaned_data["reason"])
                except ValidationError as error:
                    if hasattr(error, "error_dict") and "note" in error.error_dict:
                        end_form.add_error("reason", error.error_dict["note"])
                    else:
                        _apply_errors(end_form, error)
                else:
                    messages.success(request, _("The team has ended. Its history is kept."))
                    return redirect(_stage_url(team))
        else:
            raise Http404
        status = 400

    ended = team.stage == Stage.ENDED
    if may_change and (not ended or status == 400):
        move_form = move_form or _move_form(team)
        move_form.fields["to_stage"].choices = _move_choices(team)
        end_form = end_form or _end_form()
    else:
        move_form = end_form = None

    order = states.STAGE_ORDER
    here = order.index(team.stage) if team.stage in order else len(order)
    stages = []
    for i, s in enumerate(order):
        items = states.CHECKLISTS.get(s, [])
        stages.append({
            "value": s, "label": Stage(s).label, "number": i + 1,
            "current": s == team.stage, "done": i < here,
            "ticked": sum(1 for key, _label in items if key in ticks), "items": len(items),
        })
    checklist = [(key, label, ticks.get(key)) for key, label in states.CHECKLISTS.get(team.stage, [])]
    independence = selectors.independence(team)
    checks = {key: (ok, missing) for key, ok, missing in independence["checks"]}
    return render_team(request, "teams/stage.html", team, {
        "standing": standing,
        "may_change": may_change,
        "can_change_team": request.user.has_perm("teams.change_team", team),
        "ended": ended,
        "stages": stages,
        "stage_label": Stage(team.stage).label,
        "checklist": checklist,
        "at_first_contact": team.stage == Stage.FIRST_CONTACT,
        "move_form": move_form,
        "end_form": end_form,
        "independence": independence,
        "hats_ok": checks["hats"][0], "missing_hats": checks["hats"][1],
        "rota_ok": checks["rota"][0], "owner_ok": checks["owner"][0],
        "history": selectors.stage_history(team),
    }, status=status)
