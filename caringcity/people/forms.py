from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from caringcity.people import privacy, profiles
from caringcity.people.models import Membership, Organisation, Person


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["name", "preferred_name", "pronouns", "languages", "communication_needs", "email", "phone", "address", "postcode"]
        widgets = {"communication_needs": forms.Textarea(attrs={"rows": 3}), "address": forms.Textarea(attrs={"rows": 3})}

    def clean_postcode(self):
        return " ".join(self.cleaned_data["postcode"].upper().split())


class NewPersonForm(PersonForm):
    role = forms.ChoiceField(label=_("Role in this commons"), choices=Membership.Role.choices, initial=Membership.Role.MEMBER)


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), help_text=_("We will send them a link to join."))
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices, initial=Membership.Role.MEMBER,
                             widget=forms.RadioSelect)


class GiveLoginForm(forms.Form):
    email = forms.EmailField(label=_("Their e-mail address"),
                             help_text=_("We will send them a link. When they use it, everything already recorded stays with them."))


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices, widget=forms.RadioSelect)


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "kind", "constituted", "description", "website", "email", "phone", "postcode"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name if obj.display_name == obj.name else f"{obj.display_name} ({obj.name})"


class _MemberFormMixin:
    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, MemberChoiceField):
                field.queryset = people if people is not None else Person.objects.none()


class OrganisationMemberForm(_MemberFormMixin, forms.Form):
    person = MemberChoiceField(label=_("Person"), queryset=Person.objects.none())
    role = forms.CharField(label=_("Their role"), max_length=100, required=False,
                           help_text=_("For example: volunteer, chair, staff."))
    since = forms.DateField(label=_("Since"), required=False, help_text=_("For example: 14/03/2024"))


class _FutureMixin:
    def clean_until(self):
        until = self.cleaned_data.get("until")
        if until is None:
            return None
        end = timezone.make_aware(timezone.datetime.combine(until, timezone.datetime.max.time().replace(microsecond=0)))
        if end <= timezone.now():
            raise forms.ValidationError(_("The end date must be in the future."))
        return end


class GrantForm(_FutureMixin, _MemberFormMixin, forms.Form):
    grantee = MemberChoiceField(label=_("Who may see it"), queryset=Person.objects.none())
    part = forms.ChoiceField(label=_("What they may see"), widget=forms.RadioSelect)
    until = forms.DateField(label=_("Until"), required=False,
                            help_text=_("Leave empty to keep it until you take it back. For example: 31/12/2026"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["part"].choices = privacy.part_choices()


class ProxyForm(_FutureMixin, _MemberFormMixin, forms.Form):
    proxy = MemberChoiceField(label=_("Who will act for them"), queryset=Person.objects.none())
    how_agreed = forms.CharField(label=_("How the person agreed"), max_length=300,
                                 help_text=_("For example: agreed in person at home on 3 May, with their son present."))
    until = forms.DateField(label=_("Until"), required=False, help_text=_("Leave empty if there is no end date."))


class EmergencyContactForm(_MemberFormMixin, forms.Form):
    holder = MemberChoiceField(label=_("Who can open your records in an emergency"), queryset=Person.objects.none())
    hours = forms.IntegerField(label=_("For how many hours each time"), min_value=1, initial=4)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hours"].max_value = settings.CARINGCITY["EMERGENCY_ACCESS_MAX_HOURS"]
        self.fields["hours"].validators.append(
            forms.IntegerField(max_value=settings.CARINGCITY["EMERGENCY_ACCESS_MAX_HOURS"]).validators[-1]
        )


class EmergencyAccessForm(forms.Form):
    reason = forms.CharField(label=_("What is the emergency?"), max_length=500, min_length=10,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("This is shown to them and kept. Do not write health details."))


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search by name or language"), required=False, max_length=100)


# --- profiles ---------------------------------------------------------------------------------
def _text_widgets(model, fields, rows=6):
    from django.db import models as m

    return {f: forms.Textarea(attrs={"rows": rows}) for f in fields if isinstance(model._meta.get_field(f), m.TextField)}


def _model_fields_form(model, fields, name, **widgets):
    from django.forms.models import fields_for_model

    widgets = {**_text_widgets(model, fields), **widgets}
    return type(name, (forms.Form,), fields_for_model(model, fields=fields, widgets=widgets))


class ApproachForm(forms.Form):
    """The six support-approach scales as radio groups, each choice said in words. No slider, no JavaScript."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, left, right in profiles.APPROACH_SCALES:
            self.fields[name] = forms.TypedChoiceField(
                label=_("“%(left)s” or “%(right)s”") % {"left": left, "right": right},
                help_text=_("1 means “%(left)s”. 5 means “%(right)s”.") % {"left": left, "right": right},
                choices=profiles.scale_choices(left, right), coerce=int, empty_value=None, required=False,
                widget=forms.RadioSelect,
            )


def getting_profile_form_class(section):
    """The form for one page of the Getting Support profile."""
    from caringcity.people.models import GettingSupportProfile

    if section == "approach":
        return ApproachForm
    fields = profiles.EDIT_PAGES[section]["fields"]
    extra = {"age_band": forms.RadioSelect} if "age_band" in fields else {}
    form_class = _model_fields_form(GettingSupportProfile, fields, "GettingSupportPageForm", **extra)
    if section == "demographics":
        form_class.base_fields["gender"].help_text = _("In your own words, for example: woman, man, non-binary. Leave it empty if you prefer not to say.")
        form_class.base_fields["ethnic_group"].help_text = _("In your own words, for example: Black British Caribbean, Turkish Cypriot, White Irish. Leave it empty if you prefer not to say.")
    return form_class


class GivingTravelForm(forms.Form):
    travel = forms.CharField(label=_("How you travel"), max_length=200, required=False,
                             help_text=_("For example: on foot, bus, bike, car."))
    area_postcode = forms.CharField(label=_("Where you start from (postcode)"), max_length=10, required=False,
                                    help_text=_("Usually your home postcode, for example E5 8AA. Other people only see the first half."))
    area_km = forms.DecimalField(label=_("How far you will travel, in kilometres"), min_value=0.5, max_value=50,
                                 max_digits=4, decimal_places=1, initial=3,
                                 help_text=_("For example: 3. One kilometre is about a 12 minute walk."))

    def clean_area_postcode(self):
        from caringcity.core.geo import normalise

        text = self.cleaned_data["area_postcode"].strip()
        if not text:
            return ""
        code = normalise(text)
        if not code:
            raise forms.ValidationError(_("Enter a real postcode, like E5 8AA."))
        return code


class AvailabilityForm(forms.Form):
    availability = forms.MultipleChoiceField(label=_("When you are free"), required=False,
                                             widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["availability"].choices = [(slot, profiles.slot_label(slot)) for slot in profiles.SLOTS]


def parse_pounds(text):
    """'12.50', '£12.50' or '12' -> pence (1250). Raises ValueError for anything else."""
    from decimal import Decimal, InvalidOperation

    text = (text or "").strip().replace("£", "").replace(",", "").strip()
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueError(text) from None
    if not amount.is_finite() or amount <= 0 or amount >= 1000 or amount != amount.quantize(Decimal("0.01")):
        raise ValueError(text)
    return int(amount * 100)


class GivingPaidForm(forms.Form):
    independent = forms.BooleanField(label=_("I work for myself (self-employed)"), required=False)
    rate = forms.CharField(label=_("Your rate per hour, in pounds"), max_length=12, required=False,
                           help_text=_("For example: 12.50"))
    minimum_minutes = forms.TypedChoiceField(label=_("Shortest booking"), choices=profiles.MINIMUM_BOOKING_CHOICES,
                                             coerce=int, empty_value=None, required=False, widget=forms.RadioSelect)

    def clean_rate(self):
        text = self.cleaned_data["rate"].strip()
        if not text:
            return None
        try:
            return parse_pounds(text)
        except ValueError:
            raise forms.ValidationError(_("Enter the rate in pounds and pence, like 12.50.")) from None

    def clean(self):
        data = super().clean()
        if data.get("independent") and "rate" in data and data["rate"] is None:
            self.add_error("rate", _("Enter your rate per hour, like 12.50."))
        return data

    def to_data(self):
        d = self.cleaned_data
        if not d["independent"]:
            return {"independent": False, "rate_pence": None, "minimum_minutes": None}
        return {"independent": True, "rate_pence": d["rate"], "minimum_minutes": d["minimum_minutes"]}

    @staticmethod
    def initial_from(profile):
        return {"independent": profile.independent, "minimum_minutes": profile.minimum_minutes,
                "rate": profiles.format_pence(profile.rate_pence).lstrip("£")}


class GivingMatchingForm(forms.Form):
    gender = forms.CharField(label=_("Gender"), max_length=50, required=False,
                             help_text=_("Only if you are happy to share it: some people ask for a man or a woman."))
    open_to_matching = forms.BooleanField(label=_("Show me in matches"), required=False,
                                          help_text=_("People looking for support in this commons can find you and see this profile. You can change this at any time."))


def giving_profile_form_class(step):
    from caringcity.people.models import GivingSupportProfile

    if step == "about":
        return _model_fields_form(GivingSupportProfile, profiles.GIVING_PAGES["about"]["fields"], "GivingAboutForm")
    return {"travel": GivingTravelForm, "availability": AvailabilityForm, "paid": GivingPaidForm,
            "approach": ApproachForm, "matching": GivingMatchingForm}[step]


def form_data(form):
    """What a profile form saves: its own ``to_data()`` or its cleaned data."""
    return form.to_data() if hasattr(form, "to_data") else dict(form.cleaned_data)


class QualificationForm(forms.Form):
    name = forms.CharField(label=_("Qualification"), max_length=200,
                           help_text=_("For example: Care Certificate, First Aid at Work, Food Hygiene Level 2."))
    obtained_on = forms.DateField(label=_("Date gained"), required=False, help_text=_("For example: 14/03/2024"))
    expires_on = forms.DateField(label=_("Runs out on"), required=False,
                                 help_text=_("Leave it empty if it does not run out. For example: 14/03/2027"))

    def clean_obtained_on(self):
        day = self.cleaned_data["obtained_on"]
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("The date you gained it cannot be in the future."))
        return day

    def clean(self):
        data = super().clean()
        if data.get("obtained_on") and data.get("expires_on") and data["expires_on"] < data["obtained_on"]:
            self.add_error("expires_on", _("The date it runs out must be after the date you gained it."))
        return data


class ShareAddForm(_MemberFormMixin, forms.Form):
    add = MemberChoiceField(label=_("Add a person to the table"), queryset=Person.objects.none(), required=False,
                            to_field_name="uuid")


class GivingSearchForm(forms.Form):
    q = forms.CharField(label=_("Search by skill or language"), required=False, max_length=100,
                        help_text=_("For example: cooking, Turkish, gardening."))
