"""Forms of the interviews part. They keep what was typed; the services check everything again."""

from django import forms
from django.utils.translation import gettext_lazy as _

from caringcity.stories.models import Agreement, Researcher, Use

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, person):
        return person.display_name if person.display_name == person.name else f"{person.display_name} ({person.name})"


class _PeopleChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, person):
        return person.display_name


class ProjectForm(forms.Form):
    name = forms.CharField(label=_("Name of the project"), max_length=200, help_text=_("For example: Biographies of engagement."))
    purpose = forms.CharField(label=_("What the research is for"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
                              help_text=_("In plain words: people read this before they agree to an interview."))
    started_on = forms.DateField(label=_("Start date"), required=False, widget=DATE)
    lead = _PersonChoice(label=_("Who leads the research"), queryset=None, required=False, empty_label=_("Me"),
                         help_text=_("The lead manages the research team. You can choose someone else."))

    def __init__(self, *args, members, with_lead=True, **kwargs):
        super().__init__(*args, **kwargs)
        if with_lead:
            self.fields["lead"].queryset = members
        else:
            del self.fields["lead"]


class ResearcherForm(forms.Form):
    person = _PersonChoice(label=_("Who joins the research team"), queryset=None, empty_label=_("Choose someone"))
    role = forms.ChoiceField(label=_("Role"), choices=Researcher.Role.choices, initial=Researcher.Role.RESEARCHER,
                             widget=forms.RadioSelect)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = members


class InterviewForm(forms.Form):
    title = forms.CharField(label=_("Short title"), max_length=200,
                            help_text=_("Shown in lists. For example: “Forty years on Chatsworth Road”. Do not put health details here."))
    respondent = _PersonChoice(label=_("The person interviewed"), queryset=None, empty_label=_("Choose someone"),
                               help_text=_("A member of this commons. People without a login count too."))
    interviewers = _PeopleChoice(label=_("Interviewers"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple)
    held_on = forms.DateField(label=_("Date of the interview"), required=False, widget=DATE)
    place = forms.CharField(label=_("Place"), max_length=200, required=False, help_text=_("For example: at home, or the Lea Bridge hub."))
    language = forms.CharField(label=_("Language"), max_length=60, required=False, help_text=_("For example: English, or Turkish and English."))

    def __init__(self, *args, members, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["respondent"].queryset = members
        self.fields["interviewers"].queryset = team


USES_HELP = _("Tick each use the person agreed to. Nothing else is allowed.")


class AgreementForm(forms.Form):
    """A researcher records the agreement."""

    how = forms.ChoiceField(label=_("How did the person agree?"), choices=Agreement.How.choices, widget=forms.RadioSelect)
    uses = forms.MultipleChoiceField(label=_("What the person allows"), choices=Use.choices, widget=forms.CheckboxSelectMultiple,
                                     help_text=USES_HELP)
    agreed_on = forms.DateField(label=_("Day they agreed"), required=False, widget=DATE, help_text=_("Leave empty for today."))
    signed_name = forms.CharField(
        label=_("Name as signed, or who agreed"), max_length=200, required=False,
        help_text=_("Signed on screen: the person types their own name here. By phone: who agreed, and anyone with them."))
    present = forms.BooleanField(label=_("The person is here with me and typed their name themself"), required=False,
                                 help_text=_("Needed when they sign on screen."))
    paper = forms.FileField(label=_("Scan or photo of the signed form"), required=False,
                            help_text=_("Signed on paper: a PDF, JPEG or PNG. It is kept privately; only the research team can open it."))


class SignForm(forms.Form):
    """The person signs on screen themself."""

    uses = forms.MultipleChoiceField(label=_("What you allow"), choices=Use.choices, widget=forms.CheckboxSelectMultiple,
                                     help_text=_("Tick each one you agree to. You can change your mind later."))
    signed_name = forms.CharField(label=_("Type your name to sign"), max_length=200)


class WithdrawForm(forms.Form):
    why = forms.CharField(label=_("Why is the agreement withdrawn?"), max_length=200, required=False,
                          help_text=_("For example: recorded by mistake. No private details."))


class ClosureForm(forms.Form):
    until = forms.DateField(label=_("Closed until"), widget=DATE,
                            help_text=_("Nothing of the interview is used until this day. It opens again by itself then."))
    asked_by = forms.CharField(label=_("Who asked"), max_length=200, required=False)
    reason = forms.CharField(label=_("Why (without private details)"), max_length=200, required=False)

    def __init__(self, *args, by_person=False, **kwargs):
        super().__init__(*args, **kwargs)
        if by_person:
            del self.fields["asked_by"]
            self.fields["until"].help_text = _("Nothing of your interview is used until this day. It opens again by itself then.")
        else:
            self.fields["asked_by"].required = True


class TakeDownForm(forms.Form):
    asked_by = forms.CharField(label=_("Who asked for the take-down"), max_length=200)
    how = forms.CharField(label=_("How they asked"), max_length=200, help_text=_("For example: by phone to Inès."))
    asked_on = forms.DateField(label=_("Day they asked"), required=False, widget=DATE, help_text=_("Leave empty for today."))


class SearchForm(forms.Form):
    words = forms.CharField(label=_("Words to find"), max_length=100, min_length=2,
                            help_text=_("Looks in titles, transcripts and summaries of interviews you may open now."))
