"""Forms of the summaries part. They keep what was typed; the services say what to fix."""

from django import forms
from django.utils.translation import gettext_lazy as _

from caringcity.stories.models import ReviewHow, SummaryVersion

TEXT_ROWS = 18


class StartForm(forms.Form):
    start_from = forms.ChoiceField(label=_("How do you want to start?"), widget=forms.RadioSelect)

    def __init__(self, *args, service=False, has_transcript=True, **kwargs):
        super().__init__(*args, **kwargs)
        choices = []
        if has_transcript:
            choices.append(("extractive", _("From the transcript: this site picks the person's own sentences that say the most")))
            if service:
                choices.append(("language_model", _("From the transcript, written by the summary service this site uses")))
        choices.append(("blank", _("From a blank page")))
        self.fields["start_from"].choices = choices
        self.fields["start_from"].initial = choices[0][0]


class EditForm(forms.Form):
    text = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": TEXT_ROWS}), strip=False,
                           help_text=_("Plain words. Leave a blank line between paragraphs."))
    note = forms.CharField(label=_("What did you change, and why?"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("For example: “Took in her changes about the market.” The person does not see this."))
    based_on = forms.IntegerField(widget=forms.HiddenInput, required=False)


class SendForm(forms.Form):
    how = forms.ChoiceField(label=_("How will they read it?"), widget=forms.RadioSelect, choices=[
        (ReviewHow.LINK, _("A private link: they read and answer online, without signing in")),
        (ReviewHow.PRINTED, _("A printed copy: print it, give or post it, then write down what they say")),
        (ReviewHow.PHONE, _("A call: read it to them, then write down what they say")),
    ])
    email = forms.BooleanField(label=_("Also send the link to their e-mail address"), required=False,
                               help_text=_("The e-mail holds only the link and one neutral sentence, never the summary."))

    def __init__(self, *args, email_address="", **kwargs):
        super().__init__(*args, **kwargs)
        if not email_address:
            del self.fields["email"]


class RecordForm(forms.Form):
    """The team writes down what the person said about a printed copy or on a call."""

    how = forms.ChoiceField(label=_("How did they tell you?"), widget=forms.RadioSelect, choices=[
        (ReviewHow.PRINTED, ReviewHow.PRINTED.label), (ReviewHow.PHONE, ReviewHow.PHONE.label),
        (ReviewHow.IN_PERSON, ReviewHow.IN_PERSON.label)])
    kind = forms.ChoiceField(label=_("Did they change anything?"), widget=forms.RadioSelect, required=False, choices=[
        ("", _("No changes")),
        (SummaryVersion.Kind.SUGGESTION, _("They changed the words (write the whole summary as they want it below)")),
        (SummaryVersion.Kind.ADDITION, _("They added something (write only what they added below)")),
    ])
    text = forms.CharField(label=_("Their words"), required=False, strip=False, widget=forms.Textarea(attrs={"rows": TEXT_ROWS}))
    approve = forms.BooleanField(label=_("They approved it"), required=False,
                                 help_text=_("Tick only if they said so. With changes, they approve the summary with their changes."))

    def clean(self):
        data = super().clean()
        if data.get("kind") and not (data.get("text") or "").strip():
            self.add_error("text", _("Write their words."))
        return data


class WithdrawalForm(forms.Form):
    how = RecordForm.base_fields["how"]


# --- the person -----------------------------------------------------------------------------------

HOW_PROXY = [(ReviewHow.SIGNED_IN, _("We read it together here")), (ReviewHow.PRINTED, _("On a printed copy")),
             (ReviewHow.PHONE, _("On the phone")), (ReviewHow.IN_PERSON, _("In person"))]


class _PersonForm(forms.Form):
    seen = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, proxy_for=None, **kwargs):
        super().__init__(*args, **kwargs)
        if proxy_for is not None:
            self.fields["how"] = forms.ChoiceField(
                label=_("How did %(name)s tell you?") % {"name": proxy_for}, choices=HOW_PROXY, widget=forms.RadioSelect,
                initial=ReviewHow.SIGNED_IN)


class SuggestForm(_PersonForm):
    text = forms.CharField(label=_("Your summary, as you want it to read"), strip=False,
                           widget=forms.Textarea(attrs={"rows": TEXT_ROWS}),
                           help_text=_("Change, remove or add any words. The research team will see what you changed."))


class AddForm(_PersonForm):
    addition = forms.CharField(label=_("What would you like to add?"), strip=False, widget=forms.Textarea(attrs={"rows": 8}),
                               help_text=_("It goes at the end of your summary."))


class ApproveForm(_PersonForm):
    pass


class DiffForm(forms.Form):
    a = forms.TypedChoiceField(label=_("From version"), coerce=int)
    b = forms.TypedChoiceField(label=_("To version"), coerce=int)

    def __init__(self, *args, numbers=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(n, str(n)) for n in numbers]
        self.fields["a"].choices = choices
        self.fields["b"].choices = choices
