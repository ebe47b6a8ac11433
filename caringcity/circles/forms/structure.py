"""Forms for circles, their people, care teams hanging under a local circle, and circle hats."""

from django import forms
from django.utils.translation import gettext_lazy as _

from caringcity.circles.models import CircleHatKind, CircleKind, ParticipantKind, Stakeholder

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
KIND_CHOICES = [(kind, label) for kind, label in CircleKind.choices if kind != CircleKind.TEAM]
DOMAIN_HELP = _("The things this circle may decide on its own. Put one thing on each line. "
                "Anything else goes to the circle above it.")


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class CircleChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.get_kind_display()})"


class TeamChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class CircleCreateForm(forms.Form):
    kind = forms.ChoiceField(label=_("What kind of circle is it?"), choices=KIND_CHOICES, widget=forms.RadioSelect,
                             help_text=_("A local circle starts and supports care teams in one area. "
                                         "A working circle does one job for the commons, for example training."))
    parent = CircleChoice(label=_("It hangs under"), queryset=None, required=False, empty_label=_("No circle: it is the members' circle"),
                          help_text=_("The circle above it, which it reports to and sends a delegate to."))
    name = forms.CharField(label=_("Name"), max_length=120, help_text=_("For example: Clapton North local circle."))
    aim = forms.CharField(label=_("Aim: what the circle is for"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
                          help_text=_("One or two sentences."))
    domain = forms.CharField(label=_("Domain: what it decides"), widget=forms.Textarea(attrs={"rows": 5}), max_length=4000,
                             help_text=DOMAIN_HELP)

    def __init__(self, *args, parents=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parents


class CircleChangeForm(forms.Form):
    aim = forms.CharField(label=_("Aim: what the circle is for"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
                          help_text=_("One or two sentences."))
    domain = forms.CharField(label=_("Domain: what it decides"), widget=forms.Textarea(attrs={"rows": 6}), max_length=4000,
                             help_text=DOMAIN_HELP)
    development_plan = forms.CharField(label=_("Development plan"), widget=forms.Textarea(attrs={"rows": 6}), max_length=8000,
                                       required=False, help_text=_("What the circle wants to learn or improve this year."))


class PlaceFields(forms.Form):
    kind = forms.ChoiceField(label=_("How do they take part?"), choices=ParticipantKind.choices, widget=forms.RadioSelect,
                             help_text=_("Full participants give consent. Learning participants and guests ask questions and give reactions."))
    stakeholder = forms.ChoiceField(label=_("What are they here as?"), choices=Stakeholder.choices, widget=forms.RadioSelect,
                                    help_text=_("So the circle can see who is around the table."))


class ParticipantAddForm(PlaceFields):
    person = PersonChoice(label=_("Who"), queryset=None, empty_label=_("Choose someone"),
                          help_text=_("Anyone who is a member of the commons."))
    field_order = ["person", "kind", "stakeholder"]

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


class NominateForm(forms.Form):
    kind = forms.ChoiceField(label=_("Which hat?"), choices=CircleHatKind.choices)
    holder = PersonChoice(label=_("Who would wear it?"), queryset=None, empty_label=_("Choose someone"))
    backstop = PersonChoice(label=_("Back-stop"), queryset=None, required=False, empty_label=_("Choose someone"),
                            help_text=_("The person who stands in when the one wearing the hat cannot. It must be someone else in the circle."))
    starts = forms.DateField(label=_("Term starts"), widget=DATE, help_text=_("For example: 1/4/2027"))
    ends = forms.DateField(label=_("Term ends"), widget=DATE, help_text=_("Most terms are one or two years."))
    review_on = forms.DateField(label=_("Review date"), widget=DATE,
                                help_text=_("When the circle checks how it is going. Between the start and the end of the term."))
    driver = forms.CharField(label=_("Why: what is happening, and why it matters"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)
    acting_for = PersonChoice(label=_("You are writing this for"), queryset=None, required=False, empty_label=_("Nobody: it is my nomination"),
                              help_text=_("For someone who nominated by phone or on paper. It is recorded that you entered it for them."))

    def __init__(self, *args, people=None, for_others=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["holder"].queryset = people
        self.fields["backstop"].queryset = people
        if for_others is None:
            del self.fields["acting_for"]
        else:
            self.fields["acting_for"].queryset = for_others


class HandBackForm(forms.Form):
    note = forms.CharField(label=_("Why is the hat handed back early?"), widget=forms.Textarea(attrs={"rows": 3}), max_length=300)


class ReviewForm(forms.Form):
    note = forms.CharField(label=_("What the circle said at the review"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)
    next_review = forms.DateField(label=_("Next review date"), widget=DATE, help_text=_("No later than the end of the term."))


class LinkTeamForm(forms.Form):
    team = TeamChoice(label=_("Which care team?"), queryset=None, empty_label=_("Choose a team"),
                      help_text=_("Only teams you can see are listed."))

    def __init__(self, *args, teams=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams


class TeamParentForm(forms.Form):
    parent = CircleChoice(label=_("Which local circle does the team hang under?"), queryset=None, empty_label=_("Choose a circle"))

    def __init__(self, *args, parents=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parents
