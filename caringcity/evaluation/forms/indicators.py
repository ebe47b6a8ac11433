"""Forms of the indicators part: the choices on one metric's page (GET, so a link keeps them)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from caringcity.evaluation import metrics


class MetricViewForm(forms.Form):
    """Which periods, and whose figures: the commons, one team or one circle the user may see."""

    grain = forms.ChoiceField(label=_("Show figures for"), choices=[(g, metrics.GRAIN_NAMES[g]) for g in metrics.GRAINS],
                              required=False)
    whose = forms.ChoiceField(label=_("Whose figures"), required=False)

    def __init__(self, data=None, *, commons, teams=(), circles=()):
        super().__init__(data)
        choices = [("", _("The whole commons (%(name)s)") % {"name": commons.name})]
        if teams:
            choices.append((_("Care teams"), [(f"team:{t['uuid']}", t["name"]) for t in teams]))
        if circles:
            choices.append((_("Circles"), [(f"circle:{c['uuid']}", c["name"]) for c in circles]))
        self.fields["whose"].choices = choices

    def chosen(self):
        """(grain, team uuid, circle uuid) from valid data; defaults where a field was not valid."""
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        grain = data.get("grain") or metrics.MONTH
        whose = data.get("whose") or ""
        kind, _sep, uuid = whose.partition(":")
        return grain, uuid if kind == "team" else None, uuid if kind == "circle" else None
