"""Forms of the lab's parts (one module each). What they share is here."""

from django import forms
from django.utils.translation import gettext_lazy as _


def policies_field(label):
    """A field to tick policies of the commons' plans; ``offer_policies`` fills it in."""
    return forms.ModelMultipleChoiceField(label=label, queryset=None, required=False, widget=forms.CheckboxSelectMultiple)


def policy_label(policy):
    return _("%(plan)s, policy %(number)s: %(title)s") % {"plan": policy.plan.title, "number": policy.number, "title": policy.title}


def offer_policies(form, commons, name="policies"):
    """Offer the commons' policies in ``form.fields[name]``, labelled with their plan; drop the
    field when the commons has no plan yet."""
    from caringcity.lab.models import Policy

    field = form.fields[name]
    field.queryset = Policy.objects.filter(plan__commons=commons).select_related("plan").order_by("plan__title", "number")
    field.label_from_instance = policy_label
    if not field.queryset.exists():
        del form.fields[name]
