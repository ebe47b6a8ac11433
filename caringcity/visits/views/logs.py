"""Views for the logs part of the visits app: the team's record settings and task list, visit
logs (write, change, confirm, dispute), the team's logs and hours, and disputed logs for the
coach. Thin: parse, check permission, call one service, render."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from caringcity.people.views import _act, _apply_errors, _commons, _form_page, _page, _submit
from caringcity.visits.access import team_for
from caringcity.visits.models import ConfirmBy, LogAnswer, LogStatus, NoteReaders, Seemed, TeamTask
from caringcity.visits.selectors import logs as selectors
from caringcity.visits.selectors import medication as med_selectors
from caringcity.visits.services import logs as services
from caringcity.visits.services.medication import may_record_doses

C = "c/<slug:slug>/"
T = "c/<slug:slug>/teams/<uuid:team_uuid>/"
V = T + "visits/<uuid:visit_uuid>/log/"

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"]


# --- forms ------------------------------------------------------------------------------------
class RecordSettingsForm(forms.Form):
    confirm_by = forms.ChoiceField(label=_l("Who must say a visit log is right"), choices=ConfirmBy.choices, widget=forms.RadioSelect)
    auto_confirm_hours = forms.IntegerField(
        label=_l("Count a log as right after this many hours if nobody says it is wrong"), required=False, min_value=1, max_value=720,
        help_text=_l("For example 72 (three days). Leave it empty to always wait for people to answer."))
    late_after_minutes = forms.IntegerField(label=_l("Arriving counts as late after (minutes)"), min_value=0, max_value=240,
                                            help_text=_l("For example 15."))
    note_readers_allowed = forms.MultipleChoiceField(
        label=_l("Who care notes may be written for"), choices=NoteReaders.choices, widget=forms.CheckboxSelectMultiple,
        help_text=_l("People writing a note choose its readers from these."))


class TaskForm(forms.Form):
    name = forms.CharField(label=_l("Task"), max_length=100, help_text=_l("For example: Help with lunch."))


class TaskEditForm(TaskForm):
    active = forms.BooleanField(label=_l("Still on the list"), required=False,
                                help_text=_l("Untick to take it off the list. Old logs keep it."))


class LogForm(forms.Form):
    arrived = forms.DateTimeField(label=_l("When you arrived"), input_formats=DATETIME_FORMATS,
                                  widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
                                  help_text=_l("Date and time, for example 2026-03-02 09:05."))
    left = forms.DateTimeField(label=_l("When you left"), input_formats=DATETIME_FORMATS,
                               widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))
    tasks = forms.ModelMultipleChoiceField(label=_l("What was done"), queryset=TeamTask.objects.none(), required=False,
                                           widget=forms.CheckboxSelectMultiple)
    done_text = forms.CharField(label=_l("Anything else that was done"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    seemed = forms.ChoiceField(label=_l("How did they seem?"), required=False, widget=forms.RadioSelect,
                               choices=[("", _l("I don't want to say")), *Seemed.choices])
    seemed_text = forms.CharField(label=_l("More about how they seemed"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    food_drink = forms.CharField(label=_l("Food and drink"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                 help_text=_l("What they ate and drank, if you know."))
    pass_on = forms.CharField(label=_l("Anything to pass on to the team"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, team, keep=(), **kwargs):
        super().__init__(*args, **kwargs)
        from django.db.models import Q

        self.fields["tasks"].queryset = TeamTask.objects.filter(Q(team=team, active=True) | Q(pk__in=[t.pk for t in keep])).order_by("name")

    def clean(self):
        data = super().clean()
        if data.get("arrived") and data.get("left") and data["left"] <= data["arrived"]:
            self.add_error("left", _("The time you left must be after the time you arrived."))
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_l("What is wrong with the log?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
                             help_text=_l("Say what happened instead. The person who wrote it and the coach will see this."))


# --- record settings --------------------------------------------------------------------------
def _settings_page(request, team, form, task_form, status=200):
    ctx = {"team": team, "commons": team.commons, "form": form, "task_form": task_form,
           "tasks": list(selectors.team_tasks(team))}
    return render(request, "visits/logs/record_settings.html", ctx, status=status)


@login_required
def record_settings(request, slug, team_uuid):
    commons, team, standing = team_for(request, slug, team_uuid, "visits.change_record_settings")
    current = selectors.record_settings(team)
    initial = {"confirm_by": current.confirm_by, "auto_confirm_hours": current.auto_confirm_hours,
               "late_after_minutes": current.late_after_minutes, "note_readers_allowed": current.allowed_readers}
    form = RecordSettingsForm(request.POST or None, initial=initial)
    if _submit(request, form, lambda data: services.record_settings_update(actor=request.user, team=team, data=data),
               _("Saved.")):
        return redirect("visits:record_settings", slug, team_uuid)
    return _settings_page(request, team, form, TaskForm(), status=400 if form.errors else 200)


@login_required
@require_POST
def task_add(request, slug, team_uuid):
    commons, team, standing = team_for(request, slug, team_uuid, "visits.change_record_settings")
    form = TaskForm(request.POST)
    if form.is_valid():
        try:
            services.task_add(actor=request.user, team=team, name=form.cleaned_data["name"])
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Task added."))
            return redirect(reverse("visits:record_settings", args=[slug, team_uuid]) + "#tasks")
    current = selectors.record_settings(team)
    settings_form = RecordSettingsForm(initial={"confirm_by": current.confirm_by, "auto_confirm_hours": current.auto_confirm_hours,
                                                "late_after_minutes": current.late_after_minutes,
                                                "note_readers_allowed": current.allowed_readers})
    return _settings_page(request, team, settings_form, form, status=400)


@login_required
def task_edit(request, slug, team_uuid, task_uuid):
    commons, team, standing = team_for(request, slug, team_uuid, "visits.change_record_settings")
    task = team.tasks.filter(uuid=task_uuid).first()
    if task is None:
        raise Http404
    form = TaskEditForm(request.POST or None, initial={"name": task.name, "active": task.active})
    if _submit(request, form, lambda data: services.task_update(actor=request.user, task=task, **data),
               _("Saved.")):
        return redirect(reverse("visits:record_settings", args=[slug, team_uuid]) + "#tasks")
    return _form_page(request, form, title=_("Change a task"), submit_label=_("Save"),
                      cancel_url=reverse("visits:record_settings", args=[slug, team_uuid]))


# --- the team's logs --------------------------------------------------------------------------
@login_required
def log_list(request, slug, team_uuid):
    commons, team, standing = team_for(request, slug, team_uuid, "visits.view_logs")
    settings_obj = selectors.record_settings(team)
    ctx = {
        "team": team, "commons": commons, "standing": standing,
        "page_obj": _page(request, selectors.team_logs(team)),
        "to_write": list(selectors.visits_to_write_up(standing, team)[:20]),
        "hours": selectors.hours_summary(team),
        "late_after": settings_obj.late_after_minutes,
        "can_settings": request.user.has_perm("visits.change_record_settings", team),
        "can_mar": request.user.has_perm("visits.view_mar", team),
    }
    return render(request, "visits/logs/log_list.html", ctx)


def _log_form_page(request, team, visit, form, title, submit_label):
    return _form_page(request, form, title=title, submit_label=submit_label, template="visits/logs/log_form.html",
                      cancel_url=reverse("visits:log_list", args=[team.commons.slug, team.uuid]), team=team, visit=visit,
                      commons=team.commons)


@login_required
def log_write(request, slug, team_uuid, visit_uuid):
    commons, team, standing = team_for(request, slug, team_uuid, "visits.write_log")
    visit = selectors.visit_for(team, visit_uuid)
    if not selectors.may_write_log(standing, visit):
        raise Http404
    if selectors.log_for(visit) is not None:
        return redirect("visits:log_detail", slug, team_uuid, visit_uuid)
    form = LogForm(request.POST or None, team=team,
                   initial={"arrived": timezone.localtime(visit.starts), "left": timezone.localtime(visit.ends)})
    if request.method == "POST" and form.is_valid():
        try:
            services.log_write(actor=request.user, visit=visit, data=form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("The log is saved. It is waiting for the others to confirm it."))
            return redirect("visits:log_detail", slug, team_uuid, visit_uuid)
    return _log_form_page(request, team, visit, form, _("Write the visit log"), _("Save the log"))


def _log_context(request, team, standing, visit, log, dose_forms=None):
    from caringcity.visits.views.medication import DoseForm

    settings_obj = selectors.record_settings(team)
    answers = selectors.log_answers(log)
    current = [a for a in answers if a.version == log.version]
    parties = selectors.parties_for(standing, log)
    answered = {a.party for a in current}
    see_doses = request.user.has_perm("visits.view_mar", team) or standing.person is not None and standing.person.pk == log.worker_id
    rows = med_selectors.dose_rows(visit) if see_doses else []
    can_record = see_doses and may_record_doses(standing, visit)
    dose_forms = dose_forms or {}
    for row in rows:
        if row["current"] is None and can_record:
            row["form"] = dose_forms.get(row["key"]) or DoseForm(prefix="d" + row["key"])
    return {
        "team": team, "commons": team.commons, "standing": standing, "visit": visit, "log": log,
        "settings": settings_obj,
        "late": log.late_minutes > settings_obj.late_after_minutes,
        "versions": _versions(log),
        "answers": answers,
        "required": sorted(selectors.required_parties(log, settings_obj)),
        "confirmed": selectors.confirmed_parties(log, current),
        "party_labels": dict(LogAnswer.Party.choices),
        "can_confirm": bool(parties - answered) and log.status == LogStatus.PENDING,
        "can_dispute": bool(parties) and log.status in (LogStatus.PENDING, LogStatus.CONFIRMED),
        "can_edit": bool(parties) and log.status != LogStatus.PAID and (standing.is_current_member or standing.owner_side),
        "see_doses": see_doses, "dose_rows": rows, "can_record_doses": can_record,
        "missing": [r for r in rows if r["current"] is None],
    }


FIELD_LABELS = {
    "arrived": _l("When they arrived"), "left": _l("When they left"), "tasks": _l("What was done"),
    "done_text": _l("Anything else that was done"), "seemed": _l("How they seemed"), "seemed_text": _l("More about how they seemed"),
    "food_drink": _l("Food and drink"), "pass_on": _l("Anything to pass on"),
}


def _show(field, value):
    from datetime import datetime

    if field in ("arrived", "left") and value:
        try:
            return timezone.localtime(datetime.fromisoformat(value)).strftime("%d/%m/%Y %H:%M")
        except ValueError:
            return value
    if field == "tasks":
        return ", ".join(value) or "–"
    if field == "seemed":
        return dict(Seemed.choices).get(value, "–")
    return value or "–"


def _versions(log):
    result = []
    for change in selectors.log_versions(log):
        change.items = [(FIELD_LABELS.get(f, f), _show(f, change.previous.get(f))) for f in change.changed_fields]
        result.append(change)
    return result


def _log_or_404(team, visit_uuid):
    visit = selectors.visit_for(team, visit_uuid)
    log = selectors.log_for(visit)
    if log is None:
        raise Http404
    return visit, log


@login_required
def log_detail(request, slug, team_uuid, visit_uuid):
    commons, team, standing = team_for(request, slug, team_uuid, "visits.view_logs")
    visit, log = _log_or_404(team, visit_uuid)
    return render(request, "visits/logs/log_detail.html", _log_context(request, team, standing, visit, log))


@login_required
def log_edit(request, slug, team_uuid, visit_uuid):
    commons, team, standing = team_for(request, slug, team_uuid, "visits.write_log")
    visit, log = _log_or_404(team, visit_uuid)
    if not selectors.parties_for(standing, log):
        raise Http404
    if log.status == LogStatus.PAID:
        messages.error(request, _("A paid log cannot be changed."))
        return redirect("visits:log_detail", slug, team_uuid, visit_uuid)
    keep = list(log.tasks.all())
    initial = {"arrived": timezone.localtime(log.arrived), "left": timezone.localtime(log.left), "tasks": keep,
               **{f: getattr(log, f) for f in ("done_text", "seemed", "seemed_text", "food_drink", "pass_on")}}
    form = LogForm(request.POST or None, team=team, keep=keep, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.log_edit(actor=request.user, log=log, data=form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        except PermissionDenied:
            raise Http404 from None
        else:
            if changed:
                messages.success(request, _("Saved as a new version. Everyone needs to confirm it again."))
            else:
                messages.info(request, _("Nothing was changed."))
            return redirect("visits:log_detail", slug, team_uuid, visit_uuid)
    return _log_form_page(request, team, visit, form, _("Change the visit log"), _("Save the changes"))


@login_required
@require_POST
def log_confirm(request, slug, team_uuid, visit_uuid):
    commons, team, standing = team_for(request, slug, team_uuid, "visits.view_logs")
    visit, log = _log_or_404(team, visit_uuid)
    if not selectors.parties_for(standing, log):
        raise Http404
    _act(request, lambda: services.log_confirm(actor=request.user, log=log), _("Thank you. Your confirmation is recorded."))
    return redirect("visits:log_detail", slug, team_uuid, visit_uuid)


@login_required
def log_dispute(request, slug, team_uuid, visit_uuid):
    commons, team, standing = team_for(request, slug, team_uuid, "visits.view_logs")
    visit, log = _log_or_404(team, visit_uuid)
    if not selectors.parties_for(standing, log):
        raise Http404
    form = ReasonForm(request.POST or None)
    if _submit(request, form, lambda data: services.log_dispute(actor=request.user, log=log, reason=data["reason"]),
               _("Your dispute is recorded. The coach can see it.")):
        return redirect("visits:log_detail", slug, team_uuid, visit_uuid)
    return _form_page(request, form, title=_("Say the log is wrong"), submit_label=_("Send"),
                      intro=_("The log stays as it is until someone changes it. Then everyone confirms the new version."),
                      cancel_url=reverse("visits:log_detail", args=[slug, team_uuid, visit_uuid]))


# --- for the coach ----------------------------------------------------------------------------
@login_required
def log_disputes(request, slug):
    commons, membership = _commons(request, slug)
    if membership is None or not membership.is_organiser:
        raise Http404
    page = _page(request, selectors.disputed_logs(commons))
    rows = [(log, selectors.dispute_of(log)) for log in page]
    return render(request, "visits/logs/disputes.html", {"commons": commons, "page_obj": page, "rows": rows})


urlpatterns = [
    path(T + "records/settings/", record_settings, name="record_settings"),
    path(T + "records/tasks/add/", task_add, name="task_add"),
    path(T + "records/tasks/<uuid:task_uuid>/", task_edit, name="task_edit"),
    path(T + "logs/", log_list, name="log_list"),
    path(V + "write/", log_write, name="log_write"),
    path(V, log_detail, name="log_detail"),
    path(V + "change/", log_edit, name="log_edit"),
    path(V + "confirm/", log_confirm, name="log_confirm"),
    path(V + "dispute/", log_dispute, name="log_dispute"),
    path(C + "logs/disputed/", log_disputes, name="log_disputes"),
]
