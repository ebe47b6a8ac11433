"""Forms of the exchange part: the upload of a network to import into the neighbourhood map."""

from django import forms
from django.utils.translation import gettext_lazy as _

from caringcity.networks.exchange.common import MAX_BYTES
from caringcity.networks.exchange.formats import FORMATS


def _read(upload, label):
    if upload is None:
        return None
    if upload.size > MAX_BYTES:
        raise forms.ValidationError(_("The file is too big: at most %(mb)s MB.") % {"mb": MAX_BYTES // (1024 * 1024)})
    upload.seek(0)
    return upload.read(MAX_BYTES + 1)


class ImportForm(forms.Form):
    format = forms.ChoiceField(
        label=_("What kind of file is it?"), widget=forms.RadioSelect,
        choices=[(key, fmt.label) for key, fmt in FORMATS.items()],
    )
    file = forms.FileField(
        label=_("The file"), allow_empty_file=True,
        help_text=_("For CSV: a zip of elements.csv and connections.csv, or elements.csv alone."),
    )
    connections = forms.FileField(
        label=_("connections.csv"), required=False, allow_empty_file=True,
        help_text=_("Only if you upload the two CSV files one by one: put elements.csv above and connections.csv here."),
    )

    def clean_file(self):
        return _read(self.cleaned_data.get("file"), "file")

    def clean_connections(self):
        return _read(self.cleaned_data.get("connections"), "connections")

    def clean(self):
        data = super().clean()
        if data.get("connections") is not None and data.get("format") != "csv":
            self.add_error("connections", _("A second file is only for CSV. Choose CSV above, or leave this empty."))
        return data
