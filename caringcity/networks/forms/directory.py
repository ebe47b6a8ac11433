"""Forms of the directory (part "directory")."""

from django import forms
from django.utils.translation import gettext_lazy as _

from caringcity.core import geo
from caringcity.networks.models import DirectoryImport, ServiceStatus

MAX_FILE_BYTES = 5 * 1024 * 1024


class ServiceFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("Any"))] + list(ServiceStatus.choices))
    term = forms.ChoiceField(label=_("Kind of service"), required=False)
    published = forms.ChoiceField(label=_("In the open directory"), required=False,
                                  choices=[("", _("Any")), ("yes", _("Published")), ("no", _("Not published"))])

    def __init__(self, *args, terms=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.terms = {str(t.uuid): t for t in terms}
        self.fields["term"].choices = [("", _("Any"))] + [(str(t.uuid), t.name) for t in terms]

    def filters(self):
        """The filters to apply ({} when the form is not valid: then the whole list shows)."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        published = {"yes": True, "no": False}.get(data["published"])
        return {"search": data["q"].strip(), "status": data["status"], "term": self.terms.get(data["term"]), "published": published}


class ServiceForm(forms.Form):
    actor = forms.ModelChoiceField(label=_("Who runs it"), queryset=None, to_field_name="uuid",
                                   help_text=_("An organisation, hub, market or service on your neighbourhood map."))
    name = forms.CharField(label=_("Name of the service"), max_length=200)
    description = forms.CharField(label=_("What it offers"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    status = forms.ChoiceField(label=_("Status"), choices=ServiceStatus.choices, initial=ServiceStatus.ACTIVE)
    when = forms.CharField(label=_("When it runs"), max_length=300, required=False,
                           help_text=_("In words, for example: Tuesdays 10am to 1pm."))
    cost = forms.CharField(label=_("Cost"), max_length=200, required=False, help_text=_("Leave empty if it is free."))
    url = forms.URLField(label=_("Web page"), required=False, max_length=200)
    email = forms.EmailField(label=_("E-mail address"), required=False)
    phone = forms.CharField(label=_("Phone number"), max_length=40, required=False)
    terms = forms.ModelMultipleChoiceField(label=_("Kinds of service"), queryset=None, to_field_name="uuid", required=False,
                                           widget=forms.CheckboxSelectMultiple)
    published = forms.BooleanField(label=_("Publish in the open directory"), required=False,
                                   help_text=_("Anyone can then read it, and other directories can copy it."))

    def __init__(self, *args, providers, terms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor"].queryset = providers
        self.fields["terms"].queryset = terms
        self.fields["terms"].label_from_instance = lambda term: term.name


class LocationForm(forms.Form):
    name = forms.CharField(label=_("Name of the place"), max_length=200, help_text=_("For example: St James's Church Hall."))
    address_1 = forms.CharField(label=_("Street address"), max_length=200, required=False)
    city = forms.CharField(label=_("Town or city"), max_length=100, required=False, initial="London")
    postcode = forms.CharField(label=_("Postcode"), max_length=10, required=False,
                               help_text=_("The place is shown at the middle of its postcode area, never at the door."))
    description = forms.CharField(label=_("How to get there"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean_postcode(self):
        given = self.cleaned_data["postcode"]
        if given and not geo.normalise(given):
            raise forms.ValidationError(_("Enter a UK postcode, for example E5 8AA."))
        return given


class ImportForm(forms.Form):
    what = forms.ChoiceField(label=_("What to import"), choices=DirectoryImport.What.choices, widget=forms.RadioSelect,
                             initial=DirectoryImport.What.SERVICES)
    file = forms.FileField(label=_("A file"), required=False,
                           help_text=_("A JSON file in the Open Referral UK shape: a page of services, a list, or one service."))
    url = forms.URLField(label=_("Or the address of a feed"), required=False, max_length=500, assume_scheme="https",
                         help_text=_("For example: https://example.org/api/services. We fetch every page of it."))
    publish = forms.BooleanField(label=_("Publish the imported services in our open directory"), required=False)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("The file is bigger than 5 MB."))
        return upload

    def clean(self):
        data = super().clean()
        if not self.errors and bool(data.get("file")) == bool(data.get("url")):
            raise forms.ValidationError(_("Choose a file or give the address of a feed (one of the two)."))
        return data
