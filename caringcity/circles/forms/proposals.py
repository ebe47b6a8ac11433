"""Forms of the proposals part. They only parse; the services decide what is allowed and refuse
with a reason on the field (so, for example, an objection with no reason is refused by
``proposal_answer``, and the page shows the refusal next to the box)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from caringcity.circles.models import ENTERED_HOW_CHOICES, ConsentAnswer, ResolutionTool
from caringcity.people.models import Person

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NONE_OF_THESE = "none"


def _required(message):
    return {"required": message}


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Short title"), max_length=150, error_messages=_required(_("Give the proposal a short title.")),
                            help_text=_("For example: Welcome pack for new volunteers."))
    domain_item = forms.ChoiceField(label=_("Which part of the circle's domain is it about?"), widget=forms.RadioSelect,
                                    error_messages=_required(_("Choose the part of the circle's domain it is about.")),
                                    help_text=_("The domain is what this circle may decide on its own."))
    driver = forms.CharField(label=_("What is happening, and why does it matter?"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000,
                             error_messages=_required(_("Say what is happening and why it matters.")),
                             help_text=_("This is the “driver”: the reason the circle needs to decide something."))
    text = forms.CharField(label=_("Your proposal"), widget=forms.Textarea(attrs={"rows": 6}), max_length=10000,
                           error_messages=_required(_("Write the proposal: what you ask the circle to agree to.")),
                           help_text=_("What you ask the circle to agree to. Short sentences help everyone."))
    review_on = forms.DateField(label=_("Review date"), widget=DATE, error_messages=_required(_("Choose the date when the circle will look at it again.")),
                                help_text=_("When the circle looks at it again to check it still works. For example: 14/03/2027"))
    term_ends = forms.DateField(label=_("End date"), widget=DATE, required=False,
                                help_text=_("If it is a trial, the day it stops. Leave empty if it lasts until the circle changes it."))
    acting_for = PersonChoice(label=_("Bringing it for someone else?"), queryset=Person.objects.none(), to_field_name="uuid", required=False,
                              empty_label=_("No, it is my own proposal"),
                              help_text=_("For the secretary: a proposal someone gave on paper or by phone. It is recorded as theirs, entered by you."))

    def __init__(self, *args, circle, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        lines = [(line, line) for line in circle.domain_lines]
        self.fields["domain_item"].choices = [*lines, (NONE_OF_THESE, _("None of these"))]
        if people is None:
            del self.fields["acting_for"]
        else:
            self.fields["acting_for"].queryset = people

    def clean_domain_item(self):
        value = self.cleaned_data["domain_item"]
        return "" if value == NONE_OF_THESE else value


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Your question"), widget=forms.Textarea(attrs={"rows": 3}), max_length=3000,
                           error_messages=_required(_("Write your question.")))


class ReplyForm(forms.Form):
    reply = forms.CharField(label=_("The answer"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000,
                            error_messages=_required(_("Write the answer.")))


class ReactionForm(forms.Form):
    text = forms.CharField(label=_("Your reaction"), widget=forms.Textarea(attrs={"rows": 3}), max_length=3000,
                           error_messages=_required(_("Write your reaction.")),
                           help_text=_("What you think or feel about it. Everyone speaks once; you can change what you said while the round is open."))


ANSWER_HELP = _("If you consent with a concern, say what the concern is: it is written down with the decision. "
                "If you object, say what harm to the circle's aim you foresee if this goes ahead.")


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(label=_("Your answer"), choices=ConsentAnswer.choices, widget=forms.RadioSelect,
                               error_messages=_required(_("Choose: I consent, I consent with a concern, or I object.")))
    text = forms.CharField(label=_("Your concern, or the reason for your objection"), widget=forms.Textarea(attrs={"rows": 4}),
                           max_length=5000, required=False, help_text=ANSWER_HELP)


class EnterForm(forms.Form):
    person = PersonChoice(label=_("Whose answer is it?"), queryset=Person.objects.none(), to_field_name="uuid", widget=forms.RadioSelect,
                          empty_label=None, error_messages=_required(_("Choose whose answer it is.")),
                          help_text=_("Full participants who have not answered yet."))
    how = forms.ChoiceField(label=_("How did they give it?"), choices=ENTERED_HOW_CHOICES, widget=forms.RadioSelect,
                            error_messages=_required(_("Say how they gave their answer.")))
    answer = forms.ChoiceField(label=_("Their answer"), choices=ConsentAnswer.choices, widget=forms.RadioSelect,
                               error_messages=_required(_("Choose their answer.")))
    text = forms.CharField(label=_("Their concern, or the reason for their objection"), widget=forms.Textarea(attrs={"rows": 4}),
                           max_length=5000, required=False,
                           help_text=_("Write it as they said it. A concern is written down with the decision; an objection needs its reason."))

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


class ResolveForm(forms.Form):
    """One pair of fields for each objection (``objection_<n>_tools``, ``objection_<n>_note``), then
    the new version of the proposal, filled in with the current one."""

    text = forms.CharField(label=_("The proposal, as it reads now"), widget=forms.Textarea(attrs={"rows": 8}), max_length=10000,
                           error_messages=_required(_("Write the proposal.")),
                           help_text=_("Change the wording here if that is what the circle agreed."))
    review_on = forms.DateField(label=_("Review date"), widget=DATE, error_messages=_required(_("Choose the review date.")),
                                help_text=_("Bring it forward to shorten the trial. For example: 14/03/2027"))
    term_ends = forms.DateField(label=_("End date"), widget=DATE, required=False,
                                help_text=_("An earlier end date shortens its term."))
    measure = forms.CharField(label=_("What we will measure"), widget=forms.Textarea(attrs={"rows": 3}), max_length=3000, required=False,
                              help_text=_("How the circle will know whether the worry came true, and look at it again."))
    note = forms.CharField(label=_("What changed, and why"), widget=forms.Textarea(attrs={"rows": 3}), max_length=500,
                           error_messages=_required(_("Say what changed and why.")),
                           help_text=_("Everyone reads this before they answer the consent round again."))

    def __init__(self, *args, objections, version, **kwargs):
        kwargs.setdefault("initial", {"text": version.text, "review_on": version.review_on, "term_ends": version.term_ends,
                                      "measure": version.measure})
        super().__init__(*args, **kwargs)
        self.objections = objections
        fields = {}
        for number, objection in enumerate(objections, start=1):
            fields[f"objection_{number}_tools"] = forms.MultipleChoiceField(
                label=_("How was the objection from %(name)s resolved?") % {"name": objection.person.name},
                choices=ResolutionTool.choices, widget=forms.CheckboxSelectMultiple,
                help_text=_("They said: “%(reason)s”. Choose every tool the circle used.") % {"reason": objection.text},
                error_messages=_required(_("Choose how the objection from %(name)s was resolved.") % {"name": objection.person.name}))
            fields[f"objection_{number}_note"] = forms.CharField(
                label=_("What was agreed with %(name)s") % {"name": objection.person.name}, widget=forms.Textarea(attrs={"rows": 3}),
                max_length=5000, error_messages=_required(_("Write what was agreed with %(name)s.") % {"name": objection.person.name}))
        self.fields = {**fields, **self.fields}

    def resolutions(self):
        return [{"objection": objection, "tools": self.cleaned_data[f"objection_{n}_tools"], "note": self.cleaned_data[f"objection_{n}_note"]}
                for n, objection in enumerate(self.objections, start=1)]


class NoteForm(forms.Form):
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=500)

    def __init__(self, *args, label, help_text="", required_message="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].label = label
        self.fields["note"].help_text = help_text
        if required_message:
            self.fields["note"].error_messages["required"] = required_message
