"""Forms of the decisions part: the log's search and filters (a GET form), a review, who may read
a decision, and appeals."""

from django import forms
from django.utils.translation import gettext_lazy as _

from caringcity.circles.models import ENTERED_HOW_CHOICES, DecisionKind, How
from caringcity.circles.selectors import decisions as selectors
from caringcity.circles.services.decisions import ReviewOutcome

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LogFilterForm(forms.Form):
    """Search and filters of the decision log. Unknown values are simply not used."""

    q = forms.CharField(label=_("Words to look for"), required=False, max_length=200,
                        help_text=_("In the title or the text. Capital letters do not matter. You can also type a number, like D3."))
    status = forms.ChoiceField(label=_("Status now"), required=False)
    kind = forms.ChoiceField(label=_("How it was decided"), required=False, choices=[("", _("Any way"))] + DecisionKind.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Any status"))] + selectors.status_filter_choices()

    def values(self):
        """(search, status, kind), empty where the form is not valid."""
        if not self.is_valid():
            return "", "", ""
        data = self.cleaned_data
        return data.get("q", "").strip(), data.get("status", ""), data.get("kind", "")


class ReviewForm(forms.Form):
    outcome = forms.ChoiceField(label=_("What did the circle decide at the review?"), choices=ReviewOutcome.choices,
                                widget=forms.RadioSelect)
    review_on = forms.DateField(label=_("Next review date"), required=False, widget=DATE,
                                help_text=_("Needed to keep it. For example: 14/03/2027"))
    ends_on = forms.DateField(label=_("New end date"), required=False, widget=DATE,
                              help_text=_("Only if it should stop on a date. Leave empty to keep it as it is."))
    note = forms.CharField(label=_("What the circle found, and why"), max_length=400, widget=forms.Textarea(attrs={"rows": 4}),
                           help_text=_("Everyone who can read the decision sees this note with the new version."))


class ConfidentialForm(forms.Form):
    confidential = forms.TypedChoiceField(
        label=_("Who can read what it says?"), coerce=lambda v: v == "yes", widget=forms.RadioSelect,
        choices=[("no", _("Everyone in the commons")),
                 ("yes", _("Only the circle's full and learning participants (confidential)"))])
    confidential_reason = forms.CharField(
        label=_("Why it is confidential"), max_length=300, required=False,
        help_text=_("Everyone in the commons sees this reason, with the decision's number and date. Do not put the secret in it."))
    note = forms.CharField(label=_("Why you are changing this"), max_length=400, widget=forms.Textarea(attrs={"rows": 3}))


class AppealStartForm(forms.Form):
    reason = forms.CharField(label=_("Why should the circle look at it again?"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 5}),
                             help_text=_("For example: what has changed, or who it harms. Two more people will need to back it."))


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name if obj.preferred_name in ("", obj.name) else f"{obj.name} ({obj.preferred_name})"


class AppealEnterForm(forms.Form):
    person = PersonChoiceField(label=_("Who backs the appeal"), queryset=None, empty_label=_("Choose a person"))
    how = forms.ChoiceField(label=_("How they told you"), widget=forms.RadioSelect, initial=How.PAPER,
                            choices=ENTERED_HOW_CHOICES)

    def __init__(self, *args, appeal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = selectors.appeal_backer_choices(appeal)
