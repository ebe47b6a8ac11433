"""Forms for building a commons' own questionnaires."""

from django import forms
from django.utils.translation import gettext_lazy as _

from caringcity.evaluation.models import ItemKind


class OwnInstrumentForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    introduction = forms.CharField(label=_("Words shown before the questions"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 4}),
                                   help_text=_("For example: what the questions are for, and that anyone may skip any question."))


class OwnItemForm(forms.Form):
    text = forms.CharField(label=_("The question"), widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Use short, plain words. For a scale, a sentence people can agree or disagree with works well."))
    kind = forms.ChoiceField(label=_("Type of question"), choices=ItemKind.choices, widget=forms.RadioSelect, initial=ItemKind.SCALE)
    scale_min = forms.IntegerField(label=_("Lowest answer (scale only)"), initial=1, min_value=0, max_value=10, required=False)
    scale_max = forms.IntegerField(label=_("Highest answer (scale only)"), initial=5, min_value=0, max_value=10, required=False)
    min_label = forms.CharField(label=_("What the lowest answer means (scale only)"), max_length=100, required=False,
                                help_text=_("For example: Strongly disagree"))
    max_label = forms.CharField(label=_("What the highest answer means (scale only)"), max_length=100, required=False,
                                help_text=_("For example: Strongly agree"))
    choices = forms.CharField(label=_("Answers to choose from (choice only)"), required=False,
                              widget=forms.Textarea(attrs={"rows": 4}), help_text=_("One answer on each line."))
    reverse = forms.BooleanField(label=_("Reverse scored: agreeing is the worse end (scale only)"), required=False,
                                 help_text=_("For example \"I often feel left out\". Its answer is turned round when the part's score is worked out."))
    factor = forms.ModelChoiceField(label=_("Part of the questionnaire it counts towards (scale only)"), queryset=None,
                                    required=False, empty_label=_("None"))

    def __init__(self, *args, instrument, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["factor"].queryset = instrument.factors.all()

    def clean_choices(self):
        return [line.strip() for line in self.cleaned_data.get("choices", "").splitlines() if line.strip()]

    def clean(self):
        data = super().clean()
        if data.get("kind") == ItemKind.SCALE:
            for name in ("scale_min", "scale_max"):
                if data.get(name) is None and name not in self.errors:
                    self.add_error(name, _("Give a number from 0 to 10."))
        return data

    @staticmethod
    def initial_for(item):
        return {"text": item.text, "kind": item.kind, "scale_min": item.scale_min, "scale_max": item.scale_max,
                "min_label": item.min_label, "max_label": item.max_label, "choices": "\n".join(item.choices or []),
                "reverse": item.reverse, "factor": item.factor_id}


class FactorForm(forms.Form):
    name = forms.CharField(label=_("Name of this part"), max_length=200, help_text=_("For example: Group unity and cohesion"))
    key = forms.CharField(label=_("Short name"), max_length=40, required=False,
                          help_text=_("Small letters, numbers, - and _. Results use it. Left empty, it is made from the name."))
    description = forms.CharField(label=_("What it is about"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
