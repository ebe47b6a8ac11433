"""Forms of the reports part: a report, a cost, approving a quote. Services check again."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from caringcity.evaluation import quotes as quote_sources
from caringcity.evaluation.models import CostKind
from caringcity.evaluation.services.reports import MAX_AMOUNT

DATE = forms.DateInput(attrs={"type": "date"})


class ReportForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, help_text=_("For example: How we did in 2026."))
    period_start = forms.DateField(label=_("From"), widget=DATE, help_text=_("The first day the report covers."))
    period_end = forms.DateField(label=_("To"), widget=DATE, help_text=_("The last day the report covers."))
    framework = forms.ModelChoiceField(label=_("Framework"), queryset=None, required=False,
                                       empty_label=_("The framework in use"),
                                       help_text=_("Which version of our theory of change the report follows."))
    introduction = forms.CharField(label=_("Introduction"), required=False, widget=forms.Textarea(attrs={"rows": 5}),
                                   help_text=_("A few words for the reader: who the report is for and what it covers."))
    quotes = forms.ModelMultipleChoiceField(label=_("Quotes from survey answers"), queryset=None, required=False,
                                            widget=forms.CheckboxSelectMultiple,
                                            help_text=_("Only approved quotes are offered. A quote withdrawn later leaves the report by itself."))
    outside_quotes = forms.MultipleChoiceField(label=_("Quotes from elsewhere"), required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, commons, frameworks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["framework"].queryset = frameworks
        self.fields["quotes"].queryset = quote_sources.visible_quotes(commons).order_by("-approved_at")
        self.fields["quotes"].label_from_instance = lambda q: f"“{q.text}” — {q.attribution}"
        self.outside = {}
        choices = []
        for source in quote_sources.outside_sources():
            for item in source.list_fn(commons):
                value = f"{source.key}:{item.id}"
                self.outside[value] = {"source": source.key, "id": item.id}
                choices.append((value, f"{source.label}: “{item.text}” — {item.attribution}"))
        self.fields["outside_quotes"].choices = choices
        if not choices:
            del self.fields["outside_quotes"]

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The end must be on or after the start."))
        data["outside_quotes"] = [self.outside[value] for value in data.get("outside_quotes", []) if value in self.outside]
        return data


class CostForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of cost"), choices=CostKind.choices)
    label = forms.CharField(label=_("What it was"), max_length=200, help_text=_("For example: room hire at the Lea Bridge hub."))
    amount = forms.DecimalField(label=_("Amount in pounds (£)"), min_value=0.01, max_value=MAX_AMOUNT, max_digits=12, decimal_places=2,
                                help_text=_("Numbers only, for example 1250.50."), widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    period_start = forms.DateField(label=_("From"), widget=DATE)
    period_end = forms.DateField(label=_("To"), widget=DATE)
    source = forms.CharField(label=_("Where the figure comes from"), max_length=300,
                             help_text=_("For example: 2026 accounts, line 14; or the hub's invoice of 3 March."))
    team = forms.ModelChoiceField(label=_("Care team (if the cost is for one team)"), queryset=None, required=False,
                                  empty_label=_("The whole commons"))

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        return amount

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The end must be on or after the start."))
        return data


class QuoteApproveForm(forms.Form):
    text = forms.CharField(label=_("The words to quote"), widget=forms.Textarea(attrs={"rows": 4}),
                           help_text=_("You may shorten the answer, but never change or add words."))
    attribution = forms.ChoiceField(label=_("Shown as"), help_text=_("Never a name."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attribution"].choices = quote_sources.attribution_choices()


def year_initial(today=None):
    today = today or datetime.date.today()
    return {"period_start": datetime.date(today.year, 1, 1), "period_end": datetime.date(today.year, 12, 31)}
