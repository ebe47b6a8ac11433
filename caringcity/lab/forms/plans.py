"""Forms of the plans part: a plan, a demand, a policy, a divergent view, an import file, a
glossary word. The services check again."""

from django import forms
from django.utils.translation import gettext_lazy as _

from caringcity.lab.services.plans import MAX_IMPORT_BYTES

DATE = forms.DateInput(attrs={"type": "date"})
TEXT = {"rows": 5}


class PlanForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, help_text=_("For example: Community-Led Recovery Plan for London."))
    slug = forms.SlugField(label=_("Short name for web addresses"), max_length=60, required=False,
                           help_text=_("Letters, numbers and dashes, for example recovery-plan. Left empty, it is made from the title."))
    summary = forms.CharField(label=_("The plan in plain words"), required=False, widget=forms.Textarea(attrs=TEXT))
    published_on = forms.DateField(label=_("Published on"), required=False, widget=DATE)
    public = forms.BooleanField(label=_("Anyone may read it"), required=False,
                                help_text=_("Public plans have pages anyone can open without signing in, and are in the open data."))
    partial = forms.BooleanField(label=_("Only part of the plan is here"), required=False)
    partial_note = forms.CharField(label=_("What is missing"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                   help_text=_("Needed when only part of the plan is here."))

    def clean(self):
        data = super().clean()
        if data.get("partial") and not (data.get("partial_note") or "").strip():
            self.add_error("partial_note", _("Say what is missing, so readers know what is not here yet."))
        return data


class DemandForm(forms.Form):
    number = forms.IntegerField(label=_("Number"), min_value=1, max_value=9999)
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(label=_("In plain words"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class PolicyForm(forms.Form):
    number = forms.IntegerField(label=_("Number"), min_value=1, max_value=9999, help_text=_("Its number in the plan."))
    title = forms.CharField(label=_("Title"), max_length=300)
    demand = forms.ModelChoiceField(label=_("Demand"), queryset=None, required=False, empty_label=_("Under no demand"))
    summary = forms.CharField(label=_("In plain words"), widget=forms.Textarea(attrs=TEXT),
                              help_text=_("What it means, in words a 12-year-old understands. Every policy needs this."))
    full_text = forms.CharField(label=_("Full text"), required=False, widget=forms.Textarea(attrs={"rows": 8}))
    shaped_by = forms.ModelMultipleChoiceField(label=_("Groups that shaped it"), queryset=None, required=False,
                                               widget=forms.CheckboxSelectMultiple)
    shaped_by_note = forms.CharField(label=_("Other groups that shaped it"), max_length=500, required=False,
                                     help_text=_("Groups that are not in the network, in words."))

    def __init__(self, *args, plan, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["demand"].queryset = plan.demands.order_by("number")
        self.fields["demand"].label_from_instance = lambda d: f"{d.number}. {d.title}"
        self.fields["shaped_by"].queryset = groups


class DivergentViewForm(forms.Form):
    held_by = forms.CharField(label=_("Who holds this view"), max_length=300,
                              help_text=_("A group, or for example “some members of the tenants' association”."))
    view = forms.CharField(label=_("Their view"), widget=forms.Textarea(attrs=TEXT), help_text=_("In their words."))


class ImportForm(forms.Form):
    file = forms.FileField(label=_("The file (.csv or .xlsx)"), allow_empty_file=True,
                           help_text=_("Use the template's columns. CSV files must be saved as UTF-8."))

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None:
            return None
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is too big: at most %(mb)s MB.") % {"mb": MAX_IMPORT_BYTES // (1024 * 1024)})
        upload.seek(0)
        return {"name": upload.name, "data": upload.read(MAX_IMPORT_BYTES + 1)}


class TermForm(forms.Form):
    term = forms.CharField(label=_("Word or phrase"), max_length=120)
    also = forms.CharField(label=_("Other ways of writing it"), max_length=300, required=False,
                           help_text=_("Separate with commas. For example: LDP, local development plan."))
    meaning = forms.CharField(label=_("What it means"), widget=forms.Textarea(attrs={"rows": 4}),
                              help_text=_("In plain words, as you would explain it to a neighbour."))
