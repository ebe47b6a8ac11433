from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from caringcity.people import privacy
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
