"""Forms of the surveys part: a round, one question (online), finding someone by paper code, and the
paper or phone form with every question on one page. The services check the rules; these forms
check the shape of what was typed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from caringcity.evaluation.models import Group, Pace, RoundKind, SurveyRound

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RoundForm(forms.Form):
    name = forms.CharField(label=_("Name of the round"), max_length=200,
                           help_text=_("For example: Spring 2026 well-being questions."))
    kind = forms.ChoiceField(label=_("Kind of round"), choices=RoundKind.choices, widget=forms.RadioSelect,
                             initial=RoundKind.BASELINE)
    follows = forms.ModelChoiceField(label=_("The round it follows up"), queryset=SurveyRound.objects.none(), required=False,
                                     help_text=_("Only for a follow-up: the round you compare with."))
    instruments = forms.MultipleChoiceField(label=_("Questionnaires"), widget=forms.CheckboxSelectMultiple)
    groups = forms.MultipleChoiceField(label=_("Who is asked"), choices=Group.choices, widget=forms.CheckboxSelectMultiple)
    teams = forms.ModelMultipleChoiceField(label=_("Only these teams"), queryset=SurveyRound.objects.none(), required=False,
                                           widget=forms.CheckboxSelectMultiple,
                                           help_text=_("Leave all unticked to ask people in every team."))
    circles = forms.ModelMultipleChoiceField(label=_("Only these circles"), queryset=SurveyRound.objects.none(), required=False,
                                             widget=forms.CheckboxSelectMultiple,
                                             help_text=_("Leave all unticked to ask people in every circle."))
    pace = forms.ChoiceField(label=_("Pace"), choices=Pace.choices, widget=forms.RadioSelect, initial=Pace.ALL_AT_ONCE)
    items_per_prompt = forms.IntegerField(label=_("A few at a time: how many questions each time"), min_value=1, max_value=20,
                                          initial=2)
    days_between_prompts = forms.IntegerField(label=_("A few at a time: days between"), min_value=1, max_value=90, initial=7)
    opens_on = forms.DateField(label=_("Opens on"), widget=DATE)
    closes_on = forms.DateField(label=_("Closes on"), widget=DATE)
    first_look_days = forms.IntegerField(label=_("Days the people who answered see the results before anyone else"),
                                         min_value=0, max_value=60, initial=7)

    def __init__(self, *args, commons, instruments, teams, circles, survey_round=None, **kwargs):
        super().__init__(*args, **kwargs)
        follows = SurveyRound.objects.filter(commons=commons)
        if survey_round is not None:
            follows = follows.exclude(pk=survey_round.pk)
        self.fields["follows"].queryset = follows.order_by("-opens_on")
        self.fields["instruments"].choices = [(inst.key, inst.name) for inst in instruments]
        self.fields["teams"].queryset = teams
        self.fields["circles"].queryset = circles

    @classmethod
    def initial_from(cls, survey_round):
        data = {field: getattr(survey_round, field) for field in (
            "name", "kind", "follows", "instruments", "groups", "pace", "items_per_prompt", "days_between_prompts",
            "opens_on", "closes_on", "first_look_days")}
        data["teams"] = list(survey_round.teams.all())
        data["circles"] = list(survey_round.circles.all())
        return data


def _choices(item):
    return [(str(option.value), option.label) for option in item.options]


class QuestionForm(forms.Form):
    """One question, online. A text question has a box and the "you may quote me" tick box."""

    def __init__(self, *args, question, answer=None, **kwargs):
        super().__init__(*args, **kwargs)
        item = question.item
        label = item.text
        if item.kind == "text":
            self.fields["value"] = forms.CharField(label=label, required=False, widget=forms.Textarea(attrs={"rows": 5}),
                                                   max_length=5000)
            self.fields["may_quote"] = forms.BooleanField(label=_("You may quote my words without my name"), required=False)
            if answer and not answer.skipped:
                self.initial = {"value": answer.text, "may_quote": answer.may_quote}
        else:
            self.fields["value"] = forms.ChoiceField(label=label, choices=_choices(item), required=False,
                                                     widget=forms.RadioSelect)
            if answer and not answer.skipped and answer.value is not None:
                self.initial = {"value": str(answer.value)}
        hint = " – ".join(part for part in (item.low_label, item.high_label) if part)
        if hint and item.kind != "text":
            self.fields["value"].help_text = hint


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Their code"), max_length=12, required=False,
                           help_text=_("The six letters and numbers at the top of their form."))
    person = forms.ChoiceField(label=_("Or choose the person"), required=False)
    how = forms.ChoiceField(label=_("How they answered"), widget=forms.RadioSelect,
                            choices=[("paper", _("On paper")), ("phone", _("By phone"))], initial="paper")

    def __init__(self, *args, invitations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", "—")] + [(str(inv.uuid), inv.person.name) for inv in invitations]

    def clean(self):
        data = super().clean()
        if not data.get("code") and not data.get("person"):
            self.add_error("code", _("Type their code or choose the person."))
        return data


class PaperForm(forms.Form):
    """Every question of the round on one page, as the person ticked them on paper (or said them
    on the phone), and whether they agreed to take part."""

    def __init__(self, *args, questions, how, **kwargs):
        super().__init__(*args, **kwargs)
        agreed = (_("They ticked 'I agree to take part'") if how == "paper"
                  else _("They agreed on the phone to take part"))
        self.fields["agreed"] = forms.BooleanField(label=agreed, required=False)
        self.question_fields = []
        for q in questions:
            name = f"q{q.number}"
            label = _("Question %(number)s: %(text)s") % {"number": q.number, "text": q.item.text}
            if q.item.kind == "text":
                self.fields[name] = forms.CharField(label=label, required=False, max_length=5000,
                                                    widget=forms.Textarea(attrs={"rows": 3}))
                self.fields[f"{name}_quote"] = forms.BooleanField(
                    label=_("They ticked 'You may quote my words without my name'"), required=False)
            else:
                self.fields[name] = forms.ChoiceField(label=label, required=False, widget=forms.RadioSelect,
                                                      choices=[("", _("Left blank"))] + _choices(q.item))
            self.question_fields.append((q, name))

    def answers(self):
        data = self.cleaned_data
        result, quote = {}, set()
        for q, name in self.question_fields:
            value = data.get(name)
            result[q.key] = value if value not in ("", None) else None
            if data.get(f"{name}_quote"):
                quote.add(q.key)
        return result, quote
