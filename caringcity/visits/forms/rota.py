from django import forms
from django.utils.translation import gettext_lazy as _

from caringcity.visits.models import WEEKDAYS, Frequency, Place, Purpose

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
DURATIONS = [(15, _("15 minutes")), (30, _("30 minutes")), (45, _("45 minutes")), (60, _("1 hour")),
             (90, _("1 hour 30 minutes")), (120, _("2 hours")), (180, _("3 hours")), (240, _("4 hours")),
             (360, _("6 hours")), (480, _("8 hours")), (720, _("12 hours"))]


class VisitDetailsForm(forms.Form):
    title = forms.CharField(label=_("Short description"), max_length=120, required=False,
                            help_text=_("For example: Morning help, Friday shopping. Leave out health details."))
    purpose = forms.ChoiceField(label=_("What it is for"), choices=Purpose.choices, widget=forms.RadioSelect)
    place = forms.ChoiceField(label=_("Where"), choices=Place.choices, widget=forms.RadioSelect, initial=Place.HOME)
    place_detail = forms.CharField(label=_("Where exactly"), max_length=200, required=False,
                                   help_text=_("For example: the library on Clapton Road. Not needed for home visits."))
    paid = forms.BooleanField(label=_("A paid care worker does this visit"), required=False)
    people_needed = forms.TypedChoiceField(label=_("How many people it needs"), coerce=int, initial=1,
                                           choices=[(n, str(n)) for n in range(1, 7)])
    start_date = forms.DateField(label=_("Date"), widget=DATE, help_text=_("For example: 14/03/2027"))
    start_time = forms.TimeField(label=_("Start time"), widget=TIME, help_text=_("For example: 09:30"))
    duration_minutes = forms.TypedChoiceField(label=_("How long"), coerce=int, choices=DURATIONS, initial=60)


class PlanForm(VisitDetailsForm):
    frequency = forms.ChoiceField(label=_("Does it repeat?"), choices=Frequency.choices, widget=forms.RadioSelect, initial=Frequency.ONCE)
    interval = forms.TypedChoiceField(label=_("How often it repeats"), coerce=int, initial=1, required=False,
                                      choices=[(1, _("Every time (every day, week or month)")), (2, _("Every other one")),
                                               (3, _("Every third one")), (4, _("Every fourth one"))])
    weekdays = forms.TypedMultipleChoiceField(label=_("On which days (for weekly visits)"), choices=WEEKDAYS, coerce=int,
                                              required=False, widget=forms.CheckboxSelectMultiple,
                                              help_text=_("Leave empty to use the day of the first date."))
    until = forms.DateField(label=_("Last date"), widget=DATE, required=False,
                            help_text=_("Give a last date or how many times, so the rota has an end."))
    count = forms.IntegerField(label=_("Or: how many times"), required=False, min_value=1, max_value=750)

    def __init__(self, *args, series=None, **kwargs):
        super().__init__(*args, **kwargs)
        if series is not None:  # changing a series: it stays repeating, from today on
            self.fields["frequency"].choices = [c for c in Frequency.choices if c[0] != Frequency.ONCE]
            self.fields["start_date"].disabled = True
            self.fields["start_date"].required = False


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Why it is cancelled"), max_length=200,
                             help_text=_("The people coming will see this. Leave out health details."))


class DeclineForm(forms.Form):
    note = forms.CharField(label=_("A note for the Rota Holder"), max_length=200, required=False)


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class AskForm(forms.Form):
    person = PersonChoice(label=_("Who to ask"), queryset=None, empty_label=_("Choose someone"))

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


class SwapForm(forms.Form):
    out_person = PersonChoice(label=_("Who is not coming"), queryset=None, empty_label=_("Choose someone"))
    in_person = PersonChoice(label=_("Who comes instead"), queryset=None, empty_label=_("Choose someone"))

    def __init__(self, *args, coming=(), members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["out_person"].queryset = coming
        self.fields["in_person"].queryset = members


class AvailabilityForm(forms.Form):
    """Two optional times for each day of the week."""

    def __init__(self, *args, rows=(), **kwargs):
        super().__init__(*args, **kwargs)
        first = {}
        for row in rows:
            first.setdefault(row.weekday, row)
        for value, label in WEEKDAYS:
            row = first.get(value)
            self.fields[f"day{value}_from"] = forms.TimeField(label=_("%(day)s from") % {"day": label}, required=False, widget=TIME,
                                                             initial=row.start_time if row else None)
            self.fields[f"day{value}_until"] = forms.TimeField(label=_("%(day)s until") % {"day": label}, required=False, widget=TIME,
                                                              initial=row.end_time if row else None)

    def clean(self):
        data = super().clean()
        rows = []
        for value, label in WEEKDAYS:
            start, end = data.get(f"day{value}_from"), data.get(f"day{value}_until")
            if start and end:
                if end <= start:
                    self.add_error(f"day{value}_until", _("The end must be after the start."))
                rows.append((int(value), start, end))
            elif start or end:
                self.add_error(f"day{value}_until" if start else f"day{value}_from", _("Give both times, or neither."))
        data["rows"] = rows
        return data

    def day_rows(self):
        return [(label, self[f"day{value}_from"], self[f"day{value}_until"]) for value, label in WEEKDAYS]


class TimeAwayForm(forms.Form):
    first_day = forms.DateField(label=_("First day away"), widget=DATE)
    last_day = forms.DateField(label=_("Last day away"), widget=DATE)
    note = forms.CharField(label=_("Note"), max_length=120, required=False,
                           help_text=_("For example: holiday. Leave out health details."))
