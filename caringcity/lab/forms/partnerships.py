"""Forms of the partnerships part. They keep what was typed; services check everything again."""

from django import forms
from django.utils.translation import gettext_lazy as _

from caringcity.lab.forms import offer_policies, policies_field
from caringcity.lab.models import Campaign, CampaignEvidence, Commitment, SignOff
from caringcity.lab.selectors import partnerships as selectors

DATE = forms.DateInput(attrs={"type": "date"})
TEXT = {"rows": 4}


class PartnershipForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200, help_text=_("For example: Clapton care pilot partnership."))
    purpose = forms.CharField(label=_("What it is for, in plain words"), widget=forms.Textarea(attrs=TEXT))
    how_we_decide = forms.CharField(label=_("How we make decisions together"), required=False, widget=forms.Textarea(attrs=TEXT),
                                    help_text=_("For example: every partner's named person agrees before a decision is made."))
    started_on = forms.DateField(label=_("Started"), required=False, widget=DATE)
    ended_on = forms.DateField(label=_("Ends or ended"), required=False, widget=DATE)
    project = forms.ModelChoiceField(label=_("Demonstration project"), queryset=None, required=False,
                                     empty_label=_("No project"))

    def __init__(self, *args, commons, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = selectors.project_choices(commons)


class PartnerForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Group"), queryset=None,
                                          help_text=_("A community group, a university, a council or a health body of this network."))
    signatory = forms.ModelChoiceField(label=_("Who signs for them"), queryset=None, required=False, empty_label=_("No one yet"),
                                       help_text=_("A member of this network. Only this person can agree to decisions for the group."))
    role = forms.CharField(label=_("Their part"), max_length=200, required=False,
                           help_text=_("For example: runs the evaluation, or commissions the care."))

    def __init__(self, *args, commons, with_organisation=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = selectors.organisation_choices(commons)
        self.fields["signatory"].queryset = selectors.member_choices(commons)
        if not with_organisation:
            del self.fields["organisation"]


class CommitmentForm(forms.Form):
    partner = forms.ModelChoiceField(label=_("Which partner"), queryset=None)
    kind = forms.ChoiceField(label=_("Kind"), choices=Commitment.Kind.choices)
    what = forms.CharField(label=_("What they commit to"), max_length=300)
    hours = forms.DecimalField(label=_("Hours"), required=False, min_value=0, max_digits=8, decimal_places=1,
                               help_text=_("For time. Numbers only, for example 40."), widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    amount = forms.DecimalField(label=_("Amount in pounds (£)"), required=False, min_value=0, max_digits=12, decimal_places=2,
                                help_text=_("For money. Numbers only, for example 2500."),
                                widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    due_on = forms.DateField(label=_("By when"), required=False, widget=DATE)

    def __init__(self, *args, partnership, with_partner=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partnership.partners.filter(left_on__isnull=True).select_related("organisation")
        self.fields["partner"].label_from_instance = lambda p: p.organisation.name
        if not with_partner:
            del self.fields["partner"]


class DecisionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    summary = forms.CharField(label=_("In plain words"), widget=forms.Textarea(attrs=TEXT),
                              help_text=_("What the decision means, in words a 12-year-old understands."))
    text = forms.CharField(label=_("The decision in full"), required=False, widget=forms.Textarea(attrs={"rows": 8}))
    policies = policies_field(_("Policies it is about"))

    def __init__(self, *args, commons, **kwargs):
        super().__init__(*args, **kwargs)
        offer_policies(self, commons)


class SignForm(forms.Form):
    partner = forms.ModelChoiceField(label=_("Signing for"), queryset=None, widget=forms.RadioSelect)
    answer = forms.ChoiceField(label=_("Your answer"), choices=SignOff.Answer.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("What needs to change"), required=False, widget=forms.Textarea(attrs=TEXT),
                           help_text=_("Needed when you answer not yet."))

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners
        self.fields["partner"].label_from_instance = lambda p: p.organisation.name
        choices = list(partners)
        if len(choices) == 1:
            self.fields["partner"].widget = forms.HiddenInput()
            self.fields["partner"].initial = choices[0].pk


class CampaignForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200, help_text=_("For example: Save Chatsworth Road Market."))
    place = forms.CharField(label=_("The place"), max_length=300)
    postcode = forms.CharField(label=_("Postcode"), max_length=10, required=False)
    threat = forms.CharField(label=_("What threatens it"), widget=forms.Textarea(attrs=TEXT))
    aim = forms.CharField(label=_("What we want"), required=False, widget=forms.Textarea(attrs=TEXT))
    allies = forms.ModelMultipleChoiceField(label=_("Allies from this network"), queryset=None, required=False,
                                            widget=forms.CheckboxSelectMultiple)
    ally_actors = forms.MultipleChoiceField(label=_("Allies from the neighbourhood map"), required=False,
                                            widget=forms.CheckboxSelectMultiple)
    policies = policies_field(_("Policies it works for"))
    state = forms.ChoiceField(label=_("How it stands"), choices=Campaign.State.choices, widget=forms.RadioSelect,
                              initial=Campaign.State.ACTIVE)
    outcome = forms.CharField(label=_("What came of it"), required=False, widget=forms.Textarea(attrs=TEXT))
    public = forms.BooleanField(label=_("Anyone may read it"), required=False, initial=True,
                                help_text=_("Public campaign pages show the campaign, never who does each action."))

    def __init__(self, *args, commons, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["allies"].queryset = selectors.organisation_choices(commons)
        offer_policies(self, commons)
        actors = selectors.map_ally_choices(commons)
        self.fields["ally_actors"].choices = [(str(a.uuid), a.name) for a in actors]
        if not actors:
            del self.fields["ally_actors"]


class ActionForm(forms.Form):
    title = forms.CharField(label=_("What needs doing"), max_length=300)
    due_on = forms.DateField(label=_("By when"), required=False, widget=DATE)
    owner = forms.ModelChoiceField(label=_("Who"), queryset=None, required=False, empty_label=_("No one yet"))

    def __init__(self, *args, commons, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = selectors.member_choices(commons)


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=CampaignEvidence.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    on = forms.DateField(label=_("Date"), required=False, widget=DATE)
    count = forms.IntegerField(label=_("How many"), required=False, min_value=0,
                               help_text=_("For surveys: how many answers. For footfall: how many people passed."))
    notes = forms.CharField(label=_("What it shows"), required=False, widget=forms.Textarea(attrs=TEXT))
    file = forms.FileField(label=_("File"), required=False,
                           help_text=_("Photos: JPEG or PNG. Documents: PDF, pictures, office files or plain text."))
    url = forms.URLField(label=_("Link"), required=False, max_length=500)
