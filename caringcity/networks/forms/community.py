"""Forms for the neighbourhood map: actors, connections, kinds of care and snapshots. Choices are
limited to the commons (and, for care teams, to the teams the user may see); the services check
everything again."""

from django import forms
from django.utils.translation import gettext_lazy as _

from caringcity.networks.models import ActorKind, ConnectionStatus, Direction
from caringcity.networks.selectors.graphs import actor_label

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class NameChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class ActorChoice(forms.ModelChoiceField):
    """Actors are named as the map names them (an unnamed resident is "A resident, E5")."""

    def label_from_instance(self, obj):
        return f"{actor_label(obj)} ({obj.get_kind_display()})"


class ActorForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200,
                           help_text=_("For a resident who has not agreed to be named, only you and the organisers see this name."))
    kind = forms.ChoiceField(label=_("What is it?"), choices=ActorKind.choices, widget=forms.RadioSelect)
    show_name = forms.BooleanField(label=_("This resident agreed to be named on the map"), required=False,
                                   help_text=_("Without this, everyone sees 'A resident' and their area, for example E5."))
    description = forms.CharField(label=_("What they do"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    postcode = forms.CharField(label=_("Postcode"), required=False, max_length=10,
                               help_text=_("Puts them on the map at the middle of the postcode area, never at a door."))
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    email = forms.EmailField(label=_("E-mail address"), required=False)
    phone = forms.CharField(label=_("Phone number"), required=False, max_length=40)
    since = forms.DateField(label=_("On the map since"), required=False, widget=DATE, help_text=_("Leave empty for today."))
    person = PersonChoice(label=_("Someone in this commons"), queryset=None, required=False,
                          help_text=_("Only if this resident is also a member here."))
    organisation = NameChoice(label=_("A group this commons knows"), queryset=None, required=False)
    team = NameChoice(label=_("A care team"), queryset=None, required=False,
                      help_text=_("Only for 'Care team'. You see only the teams you may see."))

    def __init__(self, *args, people=None, organisations=None, teams=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["organisation"].queryset = organisations
        self.fields["team"].queryset = teams


class ActorEndForm(forms.Form):
    ended = forms.DateField(label=_("Left the map on"), required=False, widget=DATE, help_text=_("Leave empty for today."))


class ConnectionForm(forms.Form):
    source = ActorChoice(label=_("From"), queryset=None)
    target = ActorChoice(label=_("To"), queryset=None)
    status = forms.ChoiceField(label=_("How is it now?"), choices=ConnectionStatus.choices, widget=forms.RadioSelect,
                               initial=ConnectionStatus.ENGAGED)
    direction = forms.ChoiceField(label=_("Who gives care?"), widget=forms.RadioSelect, initial=Direction.BOTH,
                                  choices=[(Direction.BOTH, _("Both give care to each other")),
                                           (Direction.ONE_WAY, _("'From' gives care to 'To'"))])
    care_kinds = forms.ModelMultipleChoiceField(label=_("Kinds of care"), queryset=None, required=False,
                                                widget=forms.CheckboxSelectMultiple)
    since = forms.DateField(label=_("Since"), required=False, widget=DATE, help_text=_("Leave empty for today."))
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args, actors=None, care_kinds=None, fixed_ends=False, **kwargs):
        super().__init__(*args, **kwargs)
        if fixed_ends:
            del self.fields["source"], self.fields["target"]
        else:
            self.fields["source"].queryset = actors
            self.fields["target"].queryset = actors
        self.fields["care_kinds"].queryset = care_kinds


class CareKindForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80)
    description = forms.CharField(label=_("What it means"), required=False, max_length=300)


class SnapshotForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120, help_text=_("For example: Spring 2026."))
    taken_on = forms.DateField(label=_("Date"), required=False, widget=DATE,
                               help_text=_("Leave empty for today. An earlier date shows the map as it stood that day."))
