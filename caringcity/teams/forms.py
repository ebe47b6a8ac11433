from django import forms
from django.utils.translation import gettext_lazy as _

from caringcity.people.forms import MemberChoiceField, _MemberFormMixin
from caringcity.people.models import Person
from caringcity.people.profiles import APPROACH_SCALES, DAY_PARTS, DAYS, SLOTS
from caringcity.teams.models import HatConsent, MatchRequest, MemberKind, Promise, Stage, TrustAssessment


# --- teams and members ------------------------------------------------------------------------
class TeamCreateForm(_MemberFormMixin, forms.Form):
    owner = MemberChoiceField(label=_("Who the team is for"), queryset=Person.objects.none(),
                              help_text=_("The person who gets support. They lead the team as much as they want to."))
    name = forms.CharField(label=_("Team name"), max_length=120, required=False,
                           help_text=_("Leave empty to call it after them, for example “Arthur's team”."))
    waiting = forms.BooleanField(label=_("Put them on the waiting list for now"), required=False)


class TeamEditForm(forms.Form):
    name = forms.CharField(label=_("Team name"), max_length=120)
    key_needs = forms.CharField(label=_("Key needs"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
                                help_text=_("A few lines the team should always keep in mind. Only people the owner chooses see them."))
    rota_running = forms.BooleanField(label=_("The rota is running without the Team Starter"), required=False)


class InviteForm(_MemberFormMixin, forms.Form):
    person = MemberChoiceField(label=_("Who to invite"), queryset=Person.objects.none())
    kind = forms.ChoiceField(label=_("How they will be part of the team"), choices=MemberKind.choices, widget=forms.RadioSelect)
    trial_sessions = forms.TypedChoiceField(
        label=_("Start with a trial?"), coerce=int, initial=0, widget=forms.RadioSelect,
        choices=[(0, _("No trial")), (1, _("1 session")), (2, _("2 sessions")), (3, _("3 sessions"))],
        help_text=_("Either side can end a trial. After it, both say whether to go on."),
    )
    message = forms.CharField(label=_("A message to them"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3}))


class RequestToJoinForm(forms.Form):
    kind = forms.ChoiceField(label=_("How you would be part of the team"), widget=forms.RadioSelect,
                             choices=[c for c in MemberKind.choices if c[0] != MemberKind.STARTER])
    message = forms.CharField(label=_("A message to the team"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("Say a little about yourself and when you are free."))


class LeaveForm(forms.Form):
    notice_days = forms.TypedChoiceField(
        label=_("When will you leave?"), coerce=int, widget=forms.RadioSelect, initial=14,
        choices=[(0, _("Now")), (7, _("In 1 week")), (14, _("In 2 weeks")), (28, _("In 4 weeks"))],
    )
    goodbye = forms.CharField(label=_("A goodbye message to the team"), required=False, max_length=500,
                              widget=forms.Textarea(attrs={"rows": 3}), help_text=_("It goes on the team noticeboard."))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class NoticeForm(forms.Form):
    text = forms.CharField(label=_("Message to the team"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Short messages only. Do not write health details here."))
    for_owner = forms.BooleanField(label=_("I am writing this for the owner"), required=False)


class PromiseForm(forms.ModelForm):
    class Meta:
        model = Promise
        fields = ["text", "agreed_on", "how", "agreed_by"]
        widgets = {"text": forms.Textarea(attrs={"rows": 6}), "how": forms.RadioSelect}
        help_texts = {"agreed_on": _("For example: 14/03/2026"), "agreed_by": _("For example: Arthur Price and Kemal Aydın for the commons.")}


class TrustAssessmentForm(forms.ModelForm):
    class Meta:
        model = TrustAssessment
        fields = ["home", "home_level", "medication", "medication_level", "mobility", "mobility_level",
                  "getting_out", "getting_out_level", "boundaries", "boundaries_level"]
        widgets = {f: forms.Textarea(attrs={"rows": 3}) for f in ["home", "medication", "mobility", "getting_out", "boundaries"]}
        labels = {f"{f}_level": _("How it is") for f in ["home", "medication", "mobility", "getting_out", "boundaries"]}


# --- hats -------------------------------------------------------------------------------------
class HatCreateForm(forms.Form):
    name = forms.CharField(label=_("Name of the hat"), max_length=100, help_text=_("For example: Garden helper, Shopping list keeper."))
    description = forms.CharField(label=_("What it involves"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class NominateForm(_MemberFormMixin, forms.Form):
    holder = MemberChoiceField(label=_("Who should wear it"), queryset=Person.objects.none())
    paid = forms.BooleanField(label=_("This is paid work"), required=False)
    ends = forms.DateField(label=_("Term ends"), required=False, help_text=_("For example: 31/03/2027"))
    check_in = forms.DateField(label=_("Check-in date"), required=False,
                               help_text=_("When the team will ask how it is going."))


class HatAnswerForm(forms.Form):
    answer = forms.ChoiceField(label=_("Your answer"), choices=HatConsent.Answer.choices, widget=forms.RadioSelect)
    reason = forms.CharField(label=_("If you object: what harm to the team do you foresee?"), required=False, max_length=500,
                             widget=forms.Textarea(attrs={"rows": 2}))
    for_owner = forms.BooleanField(label=_("I am answering for the owner"), required=False)

    def __init__(self, *args, can_answer_for_owner=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_answer_for_owner:
            del self.fields["for_owner"]


class CheckInForm(forms.Form):
    next_check_in = forms.DateField(label=_("Next check-in"), required=False, help_text=_("For example: 30/09/2027"))
    ends = forms.DateField(label=_("Term ends"), required=False, help_text=_("Leave empty to keep the date it has."))


# --- stages -----------------------------------------------------------------------------------
class StageForm(forms.Form):
    to_stage = forms.ChoiceField(label=_("Move the team to"), choices=Stage.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, options=None, **kwargs):
        super().__init__(*args, **kwargs)
        if options is not None:
            self.fields["to_stage"].choices = [(s, Stage(s).label) for s in options]


# --- matching ---------------------------------------------------------------------------------
class SlotsField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        choices = [(f"{d}-{p}", f"{dl} – {pl}") for d, dl in DAYS for p, pl in DAY_PARTS]
        super().__init__(choices=choices, **kwargs)


class ApproachFormMixin:
    """Adds the six 1–5 scales as radio groups (accessible without JavaScript)."""

    def add_approach_fields(self, required=False):
        for key, left, right in APPROACH_SCALES:
            self.fields[key] = forms.TypedChoiceField(
                label=_("%(left)s (1) or %(right)s (5)") % {"left": left, "right": right},
                choices=[("", _("Does not matter"))] + [(i, str(i)) for i in range(1, 6)],
                coerce=int, empty_value=None, required=required, widget=forms.RadioSelect,
            )


class MatchRequestForm(ApproachFormMixin, forms.ModelForm):
    slots = SlotsField(label=_("When support is needed"), required=False)

    class Meta:
        model = MatchRequest
        fields = ["postcode", "max_km", "slots", "skills", "languages", "gender", "paid", "summary", "published"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3}), "paid": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_approach_fields()

    def clean_slots(self):
        return [s for s in self.cleaned_data.get("slots", []) if s in SLOTS]
