"""Forms of the framework part: short, plain, and they work without JavaScript. An element's form
has only the fields its kind needs; an indicator's questionnaire and measure are one choice
(grouped by questionnaire), so no script is needed to fill one list from another."""

from django import forms
from django.utils.translation import gettext_lazy as _

from caringcity.evaluation.models import Framework, Indicator, Method

SEP = "::"


class FrameworkForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200,
                           help_text=_("For example: How care grows in Clapton."),
                           error_messages={"required": _("Write a name for the framework.")})
    what_changed = forms.CharField(label=Framework._meta.get_field("what_changed").verbose_name, required=False,
                                   widget=forms.Textarea(attrs={"rows": 3}),
                                   help_text=_("In a few words, so people can see how the framework grew."))
    who_shaped_it = forms.CharField(label=Framework._meta.get_field("who_shaped_it").verbose_name, required=False,
                                    widget=forms.Textarea(attrs={"rows": 2}),
                                    help_text=Framework._meta.get_field("who_shaped_it").help_text)


class CopyForm(forms.Form):
    what_changed = FrameworkForm.base_fields["what_changed"]
    who_shaped_it = FrameworkForm.base_fields["who_shaped_it"]


class ElementForm(forms.Form):
    """One dimension, output, domain, outcome or indicator of a draft."""

    parent = forms.ChoiceField(label=_("Where it belongs"))
    name = forms.CharField(label=_("Name"), max_length=200, error_messages={"required": _("Write a name.")})
    description = forms.CharField(label=_("What it means"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    outputs = forms.MultipleChoiceField(label=_("What leads to it"), required=False, widget=forms.CheckboxSelectMultiple,
                                        help_text=_("Tick the outputs that you expect to lead to this change."))
    method = forms.ChoiceField(label=_("How it is measured"), choices=Method.choices, widget=forms.RadioSelect,
                               error_messages={"required": _("Choose how it is measured.")})
    survey_measure = forms.ChoiceField(label=_("Questionnaire, and what it measures"), required=False,
                                       help_text=_("Only if it is measured with a questionnaire."))
    metric = forms.ChoiceField(label=_("Figure the platform counts"), required=False,
                               help_text=_("Only if it is counted by the platform."))
    target = forms.CharField(label=Indicator._meta.get_field("target").verbose_name, max_length=200, required=False,
                             help_text=_("For example: going up, or most of them."))

    NEEDS = {
        "dimension": ("name", "description"),
        "output": ("parent", "name", "description"),
        "domain": ("name", "description"),
        "outcome": ("parent", "name", "description", "outputs"),
        "indicator": ("parent", "name", "description", "method", "survey_measure", "metric", "target"),
    }
    PARENT_LABELS = {"output": _("Which output dimension it belongs to"), "outcome": _("Which outcome domain it belongs to"),
                     "indicator": _("Which outcome it shows")}

    def __init__(self, *args, kind, parents=(), outputs=(), measures=(), metrics=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        for name in list(self.fields):
            if name not in self.NEEDS[kind]:
                del self.fields[name]
        if "parent" in self.fields:
            self.fields["parent"].label = self.PARENT_LABELS[kind]
            self.fields["parent"].choices = [("", _("Choose one"))] + list(parents)
            self.fields["parent"].error_messages["required"] = _("Choose where it belongs.")
            self.fields["parent"].error_messages["invalid_choice"] = _("Choose where it belongs.")
        if "outputs" in self.fields:
            self.fields["outputs"].choices = list(outputs)
        if "survey_measure" in self.fields:
            self.fields["survey_measure"].choices = [("", _("Choose one"))] + list(measures)
            self.fields["survey_measure"].error_messages["invalid_choice"] = _("Choose a questionnaire and measure from the list.")
            self.fields["metric"].choices = [("", _("Choose one"))] + list(metrics)
            self.fields["metric"].error_messages["invalid_choice"] = _("Choose a figure from the list.")
        if kind == "indicator":
            self.fields["description"].label = Indicator._meta.get_field("description").verbose_name
            self.fields["description"].help_text = _("Its definition, in plain words.")

    def clean(self):
        data = super().clean()
        if self.kind != "indicator":
            return data
        method = data.get("method")
        data["instrument_key"] = data["measure_key"] = ""
        if method == Method.SURVEY:
            if not data.get("survey_measure"):
                self.add_error("survey_measure", _("Choose the questionnaire and what it measures."))
            else:
                data["instrument_key"], data["measure_key"] = data["survey_measure"].split(SEP, 1)
        elif method == Method.METRIC:
            if not data.get("metric"):
                self.add_error("metric", _("Choose the figure the platform counts."))
            else:
                data["measure_key"] = data["metric"]
        return data

    def service_field(self, name):
        """The field of this form where a service's error about ``name`` goes."""
        if name in ("instrument_key", "measure_key"):
            return "metric" if self.cleaned_data.get("method") == Method.METRIC else "survey_measure"
        return name if name in self.fields else None
