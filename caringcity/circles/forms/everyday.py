"""Forms for everyday decisions. Plain forms that work without JavaScript: a time poll's answers
are one radio group per time, each with a visible legend."""

from django import forms
from django.utils.translation import gettext_lazy as _

from caringcity.circles.models import ENTERED_HOW_CHOICES, PollKind, VoteAnswer
from caringcity.circles.selectors.everyday import option_text, slot_text
from caringcity.circles.services.everyday import MAX_SLOTS, MIN_SLOTS, slot_instant

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
LENGTHS = [(30, _("30 minutes")), (45, _("45 minutes")), (60, _("1 hour")), (90, _("1 hour 30 minutes")),
           (120, _("2 hours")), (180, _("3 hours")), (240, _("4 hours"))]
SLOT_ROWS, MORE_SLOT_ROWS = 4, MAX_SLOTS


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class PeopleChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


def _people_queryset(people):
    """A queryset of the given Person objects (the choice fields need one), in their order."""
    from caringcity.people.models import Person

    return Person.objects.filter(pk__in=[p.pk for p in people]).order_by("name")


# --- advice process ---------------------------------------------------------------------------------
class AdviceStartForm(forms.Form):
    decider = PersonChoice(label=_("Who decides"), queryset=None, empty_label=None,
                           help_text=_("You can start it for someone in the circle who asked you to, for example by phone."))
    title = forms.CharField(label=_("What needs deciding, in a few words"), max_length=150,
                            error_messages={"required": _("Give it a short title.")},
                            help_text=_("For example: Buy a new urn for the coffee mornings. The e-mail to those asked shows only this."))
    question = forms.CharField(label=_("What needs deciding, and what you have in mind"), widget=forms.Textarea(attrs={"rows": 6}),
                               max_length=5000, error_messages={"required": _("Say what needs deciding and what you have in mind.")})
    decide_by = forms.DateField(label=_("Decide by"), widget=DATE, error_messages={"required": _("Choose a date from today on.")},
                                help_text=_("The day you will decide. For example: 14/03/2027"))
    asked = PeopleChoice(label=_("Who in the circle to ask"), queryset=None, widget=forms.CheckboxSelectMultiple,
                         error_messages={"required": _("Choose at least one person in the circle to ask.")},
                         help_text=_("Ask the people the decision affects, and people who know about it."))
    others = PeopleChoice(label=_("Others in the commons to ask"), queryset=None, widget=forms.CheckboxSelectMultiple, required=False,
                          help_text=_("For example, people outside the circle the decision affects."))

    def __init__(self, *args, me, people, others, for_others, **kwargs):
        super().__init__(*args, **kwargs)
        if for_others:
            self.fields["decider"].queryset = _people_queryset(people)
            self.fields["decider"].initial = me.pk
            asked = people
        else:
            del self.fields["decider"]
            asked = [p for p in people if p.pk != me.pk]
        self.fields["asked"].queryset = _people_queryset(asked)
        if others is None:
            del self.fields["others"]
        else:
            self.fields["others"].queryset = others


class AdviceForm(forms.Form):
    text = forms.CharField(label=_("Your advice"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000,
                           error_messages={"required": _("Write the advice.")},
                           help_text=_("You can change it until the decision is made."))


class EnterAdviceForm(forms.Form):
    person = PersonChoice(label=_("Whose advice is it"), queryset=None, empty_label=_("Choose someone"))
    how = forms.ChoiceField(label=_("How did they give it"), choices=ENTERED_HOW_CHOICES, widget=forms.RadioSelect)
    text = forms.CharField(label=_("Their advice"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000,
                           error_messages={"required": _("Write the advice.")})

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = _people_queryset(people)


class DecideForm(forms.Form):
    text = forms.CharField(label=_("What you decided"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000,
                           error_messages={"required": _("Say what you decided.")})
    reasons = forms.CharField(label=_("Why"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000,
                              error_messages={"required": _("Say why: what you heard in the advice, and how it shaped the decision.")},
                              help_text=_("What you heard in the advice, and how it shaped the decision. Everyone who can read the decision sees this."))
    review_on = forms.DateField(label=_("Review date"), widget=DATE, required=False,
                                help_text=_("When to look at it again, if it should be. For example: 14/03/2027"))
    how = forms.ChoiceField(label=_("How did they tell you"), choices=ENTERED_HOW_CHOICES, widget=forms.RadioSelect)

    def __init__(self, *args, acting_for=None, **kwargs):
        super().__init__(*args, **kwargs)
        if acting_for is None:
            del self.fields["how"]


class ConfirmForm(forms.Form):
    """A form with nothing to fill in: the button is the answer."""


# --- polls ------------------------------------------------------------------------------------------
class PollStartForm(forms.Form):
    question = forms.CharField(label=_("Question"), max_length=200, error_messages={"required": _("Write the question.")},
                               help_text=_("For example: Which day for the summer picnic? The e-mail to the circle shows only this."))
    details = forms.CharField(label=_("More about it"), widget=forms.Textarea(attrs={"rows": 3}), max_length=3000, required=False)
    choices = forms.CharField(label=_("Choices"), widget=forms.Textarea(attrs={"rows": 6}),
                              error_messages={"required": _("Give between 2 and 10 choices.")},
                              help_text=_("Put each choice on its own line: at least 2, at most 10."))
    closes = forms.DateField(label=_("Closes on"), widget=DATE, error_messages={"required": _("Choose a closing date from today on.")},
                             help_text=_("On this day, whoever started the poll or the facilitator closes it. For example: 14/03/2027"))

    def clean_choices(self):
        return [line.strip() for line in self.cleaned_data["choices"].splitlines() if line.strip()]


class TimePollStartForm(forms.Form):
    question = forms.CharField(label=_("Question"), max_length=200, initial=_("When shall we meet?"),
                               error_messages={"required": _("Write the question.")})
    details = forms.CharField(label=_("More about it"), widget=forms.Textarea(attrs={"rows": 3}), max_length=3000, required=False,
                              help_text=_("For example: what the meeting is for and where it might be."))
    closes = forms.DateField(label=_("Closes on"), widget=DATE, error_messages={"required": _("Choose a closing date from today on.")},
                             help_text=_("Before the first time on the list. For example: 14/03/2027"))
    rows = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, rows=SLOT_ROWS, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound:
            try:
                rows = int(self.data.get(self.add_prefix("rows")) or rows)
            except ValueError:
                pass
        self.row_count = max(MIN_SLOTS, min(rows, MAX_SLOTS))
        self.fields["rows"].initial = self.row_count
        for n in range(1, self.row_count + 1):
            needed = n <= MIN_SLOTS  # at least two times; the rows after that may stay empty
            self.fields[f"slot_{n}_date"] = forms.DateField(
                label=_("Date for choice %(n)s") % {"n": n}, widget=DATE, required=needed,
                error_messages={"required": _("Give a date for choice %(n)s.") % {"n": n}})
            self.fields[f"slot_{n}_time"] = forms.TimeField(
                label=_("Start time for choice %(n)s") % {"n": n}, widget=TIME, required=needed,
                help_text=_("London time. For example: 18:30"),
                error_messages={"required": _("Give a start time for choice %(n)s.") % {"n": n}})
            self.fields[f"slot_{n}_minutes"] = forms.TypedChoiceField(label=_("How long for choice %(n)s") % {"n": n},
                                                                      choices=LENGTHS, coerce=int, initial=90)

    @property
    def groups(self):
        """[(n, [bound fields])] for each time, shown in its own fieldset."""
        return [(n, [self[f"slot_{n}_{part}"] for part in ("date", "time", "minutes")]) for n in range(1, self.row_count + 1)]

    @property
    def top_fields(self):
        return [self[name] for name in ("question", "details", "closes")]

    def clean(self):
        data = super().clean()
        slots = []
        for n in range(1, self.row_count + 1):
            day, at = data.get(f"slot_{n}_date"), data.get(f"slot_{n}_time")
            if f"slot_{n}_date" in self.errors or f"slot_{n}_time" in self.errors:
                continue
            if day and not at:
                self.add_error(f"slot_{n}_time", _("Give the start time too."))
            elif at and not day:
                self.add_error(f"slot_{n}_date", _("Give the date too."))
            elif day and at:
                slots.append((slot_instant(day, at), data.get(f"slot_{n}_minutes") or 90))
        data["slots"] = slots
        return data


class VoteForm(forms.Form):
    """One's own answer, or (``for_others``) the secretary entering an answer given by phone or on
    paper. A simple poll has one radio group; a time poll one radio group per time."""

    def __init__(self, *args, poll, options, for_others=False, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.poll, self.options = poll, options
        if for_others:
            self.fields["person"] = PersonChoice(label=_("Whose answer is it"), queryset=_people_queryset(people),
                                                 empty_label=_("Choose someone"))
            self.fields["how"] = forms.ChoiceField(label=_("How did they give it"), choices=ENTERED_HOW_CHOICES, widget=forms.RadioSelect)
        if poll.kind == PollKind.SIMPLE:
            self.fields["option"] = forms.TypedChoiceField(
                label=_("Their choice") if for_others else _("Your choice"), choices=[(o.pk, o.label) for o in options],
                coerce=int, widget=forms.RadioSelect, error_messages={"required": _("Choose one of the choices.")})
        else:
            for option in options:
                self.fields[f"slot_{option.pk}"] = forms.ChoiceField(
                    label=slot_text(option.starts, option.minutes), choices=VoteAnswer.choices, widget=forms.RadioSelect,
                    error_messages={"required": _("Answer for this time: yes, if I must, or no.")})

    def chosen_option(self):
        pk = self.cleaned_data.get("option")
        return next((o for o in self.options if o.pk == pk), None)

    def answers(self):
        return {o.pk: self.cleaned_data.get(f"slot_{o.pk}") for o in self.options}

    @property
    def answer_fields(self):
        return [field for field in self if field.name not in ("person", "how")]

    @property
    def who_fields(self):
        return [field for field in self if field.name in ("person", "how")]


class CloseForm(forms.Form):
    option = forms.TypedChoiceField(label=_("What was chosen"), coerce=int, widget=forms.RadioSelect,
                                    error_messages={"required": _("Choose one of the choices.")})
    reasons = forms.CharField(label=_("Why this one"), widget=forms.Textarea(attrs={"rows": 4}), max_length=3000, required=False,
                              help_text=_("Needed when it is a tie, or when you choose one that is not at the top."))
    note = forms.CharField(label=_("Anything else to write in the record"), widget=forms.Textarea(attrs={"rows": 3}),
                           max_length=3000, required=False)

    def __init__(self, *args, poll, tally, meeting_title="", **kwargs):
        super().__init__(*args, **kwargs)
        self.options = [row["option"] for row in tally["rows"]]
        choices = []
        for row in tally["rows"]:
            if poll.kind == PollKind.TIME:
                counts = _("%(yes)s yes, %(maybe)s if they must, %(no)s no") % {"yes": row["yes"], "maybe": row["maybe"], "no": row["no"]}
            else:
                counts = _("%(n)s votes") % {"n": row["count"]}
            choices.append((row["option"].pk, f"{option_text(row['option'])} ({counts})"))
        self.fields["option"].choices = choices
        if not tally["tie"] and tally["leaders"]:
            self.fields["option"].initial = tally["leaders"][0].pk
        if poll.kind == PollKind.TIME:
            self.fields["title"] = forms.CharField(label=_("Name of the meeting"), max_length=150, initial=meeting_title,
                                                   error_messages={"required": _("Give the meeting a name.")})
            self.fields["place"] = forms.CharField(label=_("Where"), max_length=200, required=False,
                                                   help_text=_("For example: the community room at the Lea Bridge hub."))
            self.order_fields(["option", "title", "place", "reasons", "note"])

    def chosen_option(self):
        pk = self.cleaned_data.get("option")
        return next((o for o in self.options if o.pk == pk), None)
