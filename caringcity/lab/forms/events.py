"""Forms of the events part: an event, signing up (with needs and the optional characteristics),
attendance at the door, a walk-in, notes and outcomes, a payment, a benchmark. Services check again."""

from django import forms
from django.utils.translation import gettext_lazy as _

from caringcity.lab import table
from caringcity.lab.forms import offer_policies, policies_field
from caringcity.lab.models import Event, Payment
from caringcity.people.models import Organisation

WHEN = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
WHEN_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EventForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, help_text=_("For example: Care hubs in every neighbourhood."))
    kind = forms.ChoiceField(label=_("Kind of event"), choices=Event.Kind.choices, widget=forms.RadioSelect)
    summary = forms.CharField(label=_("What it is about, in plain words"), widget=forms.Textarea(attrs={"rows": 4}))
    starts_at = forms.DateTimeField(label=_("Starts"), widget=WHEN, input_formats=WHEN_FORMATS,
                                    help_text=_("Day and time, for example 14/03/2026 18:00."))
    ends_at = forms.DateTimeField(label=_("Ends"), widget=WHEN, input_formats=WHEN_FORMATS)
    place = forms.CharField(label=_("Place"), max_length=300, required=False, help_text=_("For example: The Round Chapel, main hall."))
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    postcode = forms.CharField(label=_("Postcode"), max_length=10, required=False)
    online_url = forms.URLField(label=_("Online link"), required=False, help_text=_("If people can join online."))
    access_info = forms.CharField(label=_("Access information"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                  help_text=_("Step-free? Hearing loop? Quiet room? Nearest bus stop?"))
    capacity = forms.IntegerField(label=_("Places"), required=False, min_value=1, max_value=100000,
                                  help_text=_("Leave empty for no limit. When it is full, people go on a waiting list."))
    public = forms.BooleanField(label=_("Anyone may see it and sign up"), required=False,
                                help_text=_("Untick for an event for members only."))
    policies = policies_field(_("Policies discussed"))
    proposals = forms.MultipleChoiceField(label=_("Circle proposals talked about"), required=False, choices=(),
                                          widget=forms.CheckboxSelectMultiple,
                                          help_text=_("Proposals from circles you can see, so people can follow an idea from this event to a decision."))
    partnership = forms.ModelChoiceField(label=_("Part of a partnership"), queryset=None, required=False, empty_label=_("None"))
    project = forms.ModelChoiceField(label=_("Part of a demonstration project"), queryset=None, required=False, empty_label=_("None"))
    campaign = forms.ModelChoiceField(label=_("Part of a campaign"), queryset=None, required=False, empty_label=_("None"))

    def __init__(self, *args, commons, user, **kwargs):
        super().__init__(*args, **kwargs)
        from caringcity.lab.models import Campaign, DemoProject, Partnership
        from caringcity.lab.selectors.events import proposal_choices

        self.fields["proposals"].choices = proposal_choices(user)
        if not self.fields["proposals"].choices:
            del self.fields["proposals"]

        offer_policies(self, commons)
        for name, model in (("partnership", Partnership), ("project", DemoProject), ("campaign", Campaign)):
            qs = model.objects.filter(commons=commons)
            self.fields[name].queryset = qs
            if not qs.exists():
                del self.fields[name]

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The end must be after the start."))
        return data


def kind_choices():
    return [("", _("Choose…")), (table.RESIDENT, _("I come as a resident, not for a group")), *Organisation.Kind.choices]


class RegistrationForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200, help_text=_("Or the name you would like us to use."))
    email = forms.EmailField(label=_("E-mail address"), required=False,
                             help_text=_("An e-mail address or a phone number, so we can tell you if anything changes."))
    phone = forms.CharField(label=_("Phone number"), max_length=40, required=False)
    organisation = forms.ModelChoiceField(label=_("Your group"), queryset=None, required=False, empty_label=_("None, or not listed"))
    organisation_kind = forms.ChoiceField(label=_("What kind of group do you come for?"), required=False, choices=())
    access_needs = forms.CharField(label=_("Access needs"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                   help_text=_("Anything we should arrange so you can take part: step-free access, a hearing loop, large print, a quiet space, a seat near the door…"))
    bsl = forms.BooleanField(label=_("I need a British Sign Language (BSL) interpreter"), required=False)
    interpreter = forms.CharField(label=_("I need an interpreter for this language"), max_length=60, required=False,
                                  help_text=_("For example: Bengali, Turkish, Somali."))
    childcare = forms.IntegerField(label=_("Children who need childcare while you take part"), min_value=0, max_value=20,
                                   required=False, initial=0, widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    dietary = forms.CharField(label=_("Food needs"), max_length=200, required=False, help_text=_("For example: halal, vegan, no nuts."))

    def __init__(self, *args, commons, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(commons=commons).order_by("name")
        self.fields["organisation_kind"].choices = kind_choices()
        self.characteristic_names = []
        for key, (question, explanation, values) in table.CHARACTERISTICS.items():
            name = f"char_{key}"
            self.fields[name] = forms.ChoiceField(
                label=question, required=False, widget=forms.RadioSelect, initial=table.PREFER_NOT,
                choices=[*values, (table.PREFER_NOT, _("Prefer not to say"))], help_text=explanation)
            self.characteristic_names.append(name)

    def need_fields(self):
        return [self[name] for name in ("access_needs", "bsl", "interpreter", "childcare", "dietary")]

    def about_fields(self):
        return [self[name] for name in ("name", "email", "phone", "organisation", "organisation_kind")]

    def characteristic_fields(self):
        return [self[name] for name in self.characteristic_names]

    def clean(self):
        data = super().clean()
        if not data.get("email") and not (data.get("phone") or "").strip() and "email" not in self.errors:
            self.add_error("email", _("Give an e-mail address or a phone number, so we can tell you if anything changes."))
        data["childcare"] = data.get("childcare") or 0
        data["characteristics"] = {name[5:]: data.pop(name) for name in self.characteristic_names if data.get(name)}
        for name in self.characteristic_names:
            data.pop(name, None)
        return data


def registration_initial(registration):
    initial = {name: getattr(registration, name) for name in
               ("name", "email", "phone", "organisation", "organisation_kind", "access_needs", "bsl", "interpreter", "childcare", "dietary")}
    for key in table.CHARACTERISTICS:
        initial[f"char_{key}"] = (registration.characteristics or {}).get(key, table.PREFER_NOT)
    return initial


class WalkInForm(forms.Form):
    name = forms.CharField(label=_("Their name"), max_length=200)
    organisation = forms.ModelChoiceField(label=_("Their group"), queryset=None, required=False, empty_label=_("None, or not listed"))
    organisation_kind = forms.ChoiceField(label=_("Kind of group"), required=False, choices=())

    def __init__(self, *args, commons, **kwargs):
        super().__init__(*args, prefix="walkin", **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(commons=commons).order_by("name")
        self.fields["organisation_kind"].choices = kind_choices()


class OutcomesForm(forms.Form):
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 6}),
                            help_text=_("What was talked about. Only members see the notes."))
    outcomes = forms.CharField(label=_("What came out of it"), required=False, widget=forms.Textarea(attrs={"rows": 5}),
                               help_text=_("Decisions and next steps, in plain words. Anyone sees these on a public event's page; the first line shows on the policies' trail."))


class PaymentForm(forms.Form):
    registration = forms.ModelChoiceField(label=_("Paid to someone who signed up"), queryset=None, required=False,
                                          empty_label=_("Someone else (write below)"))
    recipient_label = forms.CharField(label=_("Or paid to"), max_length=200, required=False,
                                      help_text=_("A name or a description, for example: a resident who came on the day."))
    kind = forms.ChoiceField(label=_("Kind"), choices=Payment.Kind.choices, widget=forms.RadioSelect)
    amount = forms.DecimalField(label=_("Amount in pounds (£)"), min_value=0.01, max_value=10000, max_digits=7, decimal_places=2,
                                widget=forms.TextInput(attrs={"inputmode": "decimal"}), help_text=_("Numbers only, for example 25 or 12.50."))
    paid_on = forms.DateField(label=_("Paid on"), widget=DATE)
    funder = forms.ModelChoiceField(label=_("Funder"), queryset=None, required=False, empty_label=_("Our own money"))
    grant_reference = forms.CharField(label=_("Grant reference"), max_length=100, required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["registration"].queryset = event.registrations.exclude(state="cancelled").order_by("name")
        self.fields["registration"].label_from_instance = lambda r: r.name
        self.fields["funder"].queryset = Organisation.objects.filter(commons=event.commons).order_by("name")

    def clean(self):
        data = super().clean()
        if not data.get("registration") and not (data.get("recipient_label") or "").strip() and "recipient_label" not in self.errors:
            self.add_error("recipient_label", _("Choose who was paid, or write who it was."))
        return data


class BenchmarkForm(forms.Form):
    value = forms.ChoiceField(label=_("Which group"), choices=())
    share = forms.DecimalField(label=_("Share of the communities affected (%)"), min_value=0, max_value=100, max_digits=4,
                               decimal_places=1, widget=forms.TextInput(attrs={"inputmode": "decimal"}),
                               help_text=_("For example 21.5 for 21.5%."))
    source = forms.CharField(label=_("Where the figure comes from"), max_length=200,
                             help_text=_("For example: Census 2021, Hackney (ONS table TS021)."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # One list of every answer, each named with its question, so the form works without JavaScript.
        self.fields["value"].choices = [(f"{k}:{v}", f"{table.SHORT[k]}: {label}") for k, (_q, _e, values) in table.CHARACTERISTICS.items()
                                        for v, label in values]

    def clean(self):
        data = super().clean()
        if data.get("value"):
            data["characteristic"], data["value"] = data["value"].split(":", 1)
        return data
