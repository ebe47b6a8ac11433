"""Forms for personal care maps: short and plain, radios for small choices, and they work
without JavaScript. The ends of a tie are chosen from the people on this map (the person at the
centre is the value "owner")."""

from django import forms
from django.utils.translation import gettext_lazy as _

from caringcity.networks.graph import OWNER
from caringcity.networks.models import Direction, Flow, HowOften, MapVisibility, Ring, Strength, TieKind


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class StartForm(forms.Form):
    """An organiser (or a proxy) starts a map for someone: who it is for."""

    owner = forms.ChoiceField(label=_("Whose care map"), error_messages={"required": _("Choose whose map to start.")})

    def __init__(self, *args, memberships, **kwargs):
        super().__init__(*args, **kwargs)
        self.memberships = {str(m.person.uuid): m for m in memberships}
        self.fields["owner"].choices = [("", _("Choose a person"))] + [
            (key, m.person.display_name) for key, m in self.memberships.items()]

    def clean_owner(self):
        membership = self.memberships.get(self.cleaned_data["owner"])
        if membership is None:
            raise forms.ValidationError(_("Choose whose map to start."))
        return membership


class NodeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120,
                           help_text=_("As you call them, for example: Mum, or Jo next door."),
                           error_messages={"required": _("Write a name, for example: Mum, or Jo next door.")})
    is_group = forms.BooleanField(label=_("This is a group or organisation"), required=False)
    ring = forms.TypedChoiceField(label=_("How close are they?"), choices=Ring.choices, coerce=int, widget=forms.RadioSelect,
                                  initial=Ring.MIDDLE, error_messages={"required": _("Choose how close they are.")})
    person = PersonChoice(label=_("Are they a member here?"), queryset=None, required=False, empty_label=_("No, or I don't know"),
                          help_text=_("If they use Caring City here, choose them. This links your map to them."))
    note = forms.CharField(label=_("Note"), max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


def end_choices(care_map_owner, nodes):
    return [(OWNER, care_map_owner.display_name)] + [(str(node.uuid), node.name) for node in nodes]


class TieForm(forms.Form):
    source = forms.ChoiceField(label=_("Who gives the support"), error_messages={"required": _("Choose who gives the support.")})
    target = forms.ChoiceField(label=_("Who gets the support"), error_messages={"required": _("Choose who gets the support.")})
    direction = forms.ChoiceField(label=_("Does the support go both ways?"), choices=Direction.choices, widget=forms.RadioSelect,
                                  initial=Direction.ONE_WAY, error_messages={"required": _("Choose one way or both ways.")},
                                  help_text=_("Both ways: they support each other."))
    kind = forms.ChoiceField(label=_("What kind of tie is it?"), choices=TieKind.choices, widget=forms.RadioSelect,
                             error_messages={"required": _("Choose the kind of tie.")})
    strength = forms.ChoiceField(label=_("How strong is it?"), choices=Strength.choices, widget=forms.RadioSelect,
                                 initial=Strength.ORDINARY, error_messages={"required": _("Choose how strong the tie is.")})
    stressful = forms.BooleanField(label=_("This tie is stressful"), required=False,
                                   help_text=_("For example: it causes worry, or there are arguments."))
    flows = forms.MultipleChoiceField(label=_("What does it bring?"), choices=Flow.choices, widget=forms.CheckboxSelectMultiple,
                                      required=False, help_text=_("Tick all that fit."))
    how_often = forms.ChoiceField(label=_("How often?"), choices=HowOften.choices, widget=forms.RadioSelect,
                                  initial=HowOften.WEEKLY, error_messages={"required": _("Choose how often.")})
    note = forms.CharField(label=_("Note"), max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, owner, nodes, **kwargs):
        super().__init__(*args, **kwargs)
        self.nodes = {str(node.uuid): node for node in nodes}
        choices = end_choices(owner, nodes)
        self.fields["source"].choices = choices
        self.fields["target"].choices = [("", _("Choose a person"))] + choices

    def _end(self, key):
        value = self.cleaned_data[key]
        return None if value == OWNER else self.nodes[value]

    def clean_source(self):
        return self._end("source")

    def clean_target(self):
        return self._end("target")


class SettingsForm(forms.Form):
    visibility = forms.ChoiceField(label=_("Who can see your care map?"), choices=MapVisibility.choices, widget=forms.RadioSelect,
                                   help_text=_("You, anyone who acts for you, and anyone you name on your privacy page can always see it."),
                                   error_messages={"required": _("Choose who can see the map.")})
    show_team = forms.BooleanField(label=_("Show my care team on the map"), required=False,
                                   help_text=_("People in your care team appear on your map by themselves."))
