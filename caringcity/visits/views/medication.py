"""Views for the medication part of the visits app: the medicines, dose outcomes at a visit and
the weekly MAR chart with its print view. Thin: parse, check permission, call one service, render."""

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

from caringcity.people.views import _act, _apply_errors, _form_page, _submit
from caringcity.visits.access import team_for
from caringcity.visits.models import DoseResult, Support
from caringcity.visits.selectors import logs as log_selectors
from caringcity.visits.selectors import medication as selectors
from caringcity.visits.services import medication as services

C = "c/<slug:slug>/"
T = "c/<slug:slug>/teams/<uuid:team_uuid>/"
V = T + "visits/<uuid:visit_uuid>/"


class MedicineForm(forms.Form):
    name = forms.CharField(label=_l("Name of the medicine"), max_length=120)
    dose = forms.CharField(label=_l("Dose"), max_length=120, help_text=_l("For example: one 5 mg tablet."))
    times = forms.CharField(label=_l("Times of day"), max_length=100,
                            help_text=_l("24-hour times separated by commas. For example: 08:00, 20:00."))
    support = forms.ChoiceField(label=_l("Support needed"), choices=Support.choices, widget=forms.RadioSelect)
    instructions = forms.CharField(label=_l("How to take it"), max_length=300, required=False, help_text=_l("For example: with food."))
    first_day = forms.DateField(label=_l("First day"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                                input_formats=["%Y-%m-%d", "%d/%m/%Y"])
    last_day = forms.DateField(label=_l("Last day"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                               input_formats=["%Y-%m-%d", "%d/%m/%Y"], help_text=_l("Leave empty if there is no end date."))

    def clean(self):
        data = super().clean()
        if data.get("first_day") and data.get("last_day") and data["last_day"] < data["first_day"]:
            self.add_error("last_day", _("The last day must be on or after the first day."))
        times = data.get("times")
        if times:
            try:
                parsed = selectors.parse_times(times)
            except ValueError as bad:
                self.add_error("times", _("“%(part)s” is not a time. Use 24-hour times like 08:00 or 20:30, separated by commas.") % {"part": str(bad)[:20]})
            else:
                if not parsed:
                    self.add_error("times", _("Write at least one time, for example: 08:00."))
        return data


class DoseForm(forms.Form):
    result = forms.ChoiceField(label=_l("What happened"), choices=DoseResult.choices, widget=forms.RadioSelect)
    reason = forms.CharField(label=_l("Reason"), max_length=300, required=False,
                             help_text=_l("Needed if it was refused or not taken."))


class DoseChangeForm(forms.Form):
    result = forms.ChoiceField(label=_l("What really happened"), choices=DoseResult.choices, widget=forms.RadioSelect)
    reason = forms.CharField(label=_l("Why are you changing it?"), max_length=300,
                             help_text=_l("What was recorded before is kept and shown crossed out."))


# --- medicines --------------------------------------------------------------------------------
@login_required
def medicine_list(request, slug, team_uuid):
    commons, team, standing = team_for(request, slug, team_uuid, "visits.view_mar")
    return render(request, "visits/medication/medicine_list.html", {
        "team": team, "commons": commons, "medicines": list(selectors.medicines(team)),
        "can_manage": request.user.has_perm("visits.manage_medicines", team),
    })


def _medicine_form(request, slug, team_uuid, medicine=None):
    commons, team, standing = team_for(request, slug, team_uuid, "visits.manage_medicines")
    if medicine is not None:
        medicine = selectors.medicine_for(team, medicine)
    initial = {f: getattr(medicine, f) for f in services.MEDICINE_FIELDS} if medicine else {"support": Support.PROMPT}
    form = MedicineForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if medicine is None:
                services.medicine_add(actor=request.user, team=team, data=form.cleaned_data)
            else:
                services.medicine_update(actor=request.user, medicine=medicine, data=form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("visits:medicine_list", slug, team_uuid)
    title = _("Add a medicine") if medicine is None else _("Change %(name)s") % {"name": medicine.name}
    return _form_page(request, form, title=title, cancel_url=reverse("visits:medicine_list", args=[slug, team_uuid]),
                      intro=_("Copy the details from the pharmacy label or the medicines list."))


@login_required
def medicine_add(request, slug, team_uuid):
    return _medicine_form(request, slug, team_uuid)


@login_required
def medicine_edit(request, slug, team_uuid, medicine_uuid):
    return _medicine_form(request, slug, team_uuid, medicine_uuid)


@login_required
@require_POST
def medicine_stop(request, slug, team_uuid, medicine_uuid):
    commons, team, standing = team_for(request, slug, team_uuid, "visits.manage_medicines")
    medicine = selectors.medicine_for(team, medicine_uuid)
    _act(request, lambda: services.medicine_stop(actor=request.user, medicine=medicine),
         _("%(name)s is stopped from today.") % {"name": medicine.name})
    return redirect("visits:medicine_list", slug, team_uuid)


# --- dose outcomes at a visit -------------------------------------------------------------------
def _dose_from_key(visit, key):
    for med, when in selectors.scheduled_doses(visit):
        if f"{med.uuid}-{when:%Y%m%d%H%M}" == key:
            return med, when
    return None, None


@login_required
@require_POST
def dose_record(request, slug, team_uuid, visit_uuid):
    from caringcity.visits.views.logs import _log_context, _log_or_404

    commons, team, standing = team_for(request, slug, team_uuid, "visits.view_logs")
    visit, log = _log_or_404(team, visit_uuid)
    if not services.may_record_doses(standing, visit):
        raise Http404
    key = request.POST.get("dose_key", "")
    medicine, when = _dose_from_key(visit, key)
    if medicine is None:
        messages.error(request, _("That medicine is not due at this visit."))
        return redirect("visits:log_detail", slug, team_uuid, visit_uuid)
    form = DoseForm(request.POST, prefix="d" + key)
    if form.is_valid():
        try:
            services.dose_record(actor=request.user, visit=visit, medicine=medicine, scheduled=when,
                                 result=form.cleaned_data["result"], reason=form.cleaned_data["reason"])
        except ValidationError as error:
            _apply_errors(form, error)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("Recorded."))
            return redirect(reverse("visits:log_detail", args=[slug, team_uuid, visit_uuid]) + "#medicines")
    ctx = _log_context(request, team, standing, visit, log, dose_forms={key: form})
    return render(request, "visits/logs/log_detail.html", ctx, status=400)


@login_required
def dose_change(request, slug, team_uuid, visit_uuid, outcome_uuid):
    commons, team, standing = team_for(request, slug, team_uuid, "visits.view_logs")
    visit = log_selectors.visit_for(team, visit_uuid)
    if not services.may_record_doses(standing, visit):
        raise Http404
    outcome = selectors.outcome_for(visit, outcome_uuid)
    form = DoseChangeForm(request.POST or None, initial={"result": outcome.result})
    if _submit(request, form, lambda data: services.dose_change(actor=request.user, outcome=outcome, **data),
               _("Changed. The first record is kept.")):
        return redirect(reverse("visits:log_detail", args=[slug, team_uuid, visit_uuid]) + "#medicines")
    return _form_page(request, form, title=_("Change what was recorded"), submit_label=_("Save the change"),
                      intro=_("%(name)s, due at %(time)s. Recorded now: %(result)s.") % {
                          "name": outcome.medicine.name, "time": timezone.localtime(outcome.scheduled).strftime("%H:%M"),
                          "result": outcome.get_result_display()},
                      cancel_url=reverse("visits:log_detail", args=[slug, team_uuid, visit_uuid]))


# --- the chart --------------------------------------------------------------------------------
def _chart(request, slug, team_uuid, template):
    commons, team, standing = team_for(request, slug, team_uuid, "visits.view_mar")
    monday = selectors.parse_week(request.GET.get("week"))
    ctx = {"team": team, "commons": commons, "chart": selectors.mar_week(team, monday),
           "can_manage": request.user.has_perm("visits.manage_medicines", team)}
    return render(request, template, ctx)


@login_required
def mar_chart(request, slug, team_uuid):
    return _chart(request, slug, team_uuid, "visits/medication/mar_chart.html")


@login_required
def mar_print(request, slug, team_uuid):
    return _chart(request, slug, team_uuid, "visits/medication/mar_print.html")


urlpatterns = [
    path(T + "medicines/", medicine_list, name="medicine_list"),
    path(T + "medicines/add/", medicine_add, name="medicine_add"),
    path(T + "medicines/<uuid:medicine_uuid>/", medicine_edit, name="medicine_edit"),
    path(T + "medicines/<uuid:medicine_uuid>/stop/", medicine_stop, name="medicine_stop"),
    path(V + "doses/", dose_record, name="dose_record"),
    path(V + "doses/<uuid:outcome_uuid>/change/", dose_change, name="dose_change"),
    path(T + "mar/", mar_chart, name="mar_chart"),
    path(T + "mar/print/", mar_print, name="mar_print"),
]
