"""Forms for meetings: plan or change one, cancel it, say who came, write the minutes."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from caringcity.circles.models import How, Stakeholder

LONDON = ZoneInfo(settings.TIME_ZONE)
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
LENGTHS = [(30, _("30 minutes")), (45, _("45 minutes")), (60, _("1 hour")), (90, _("1 hour 30 minutes")),
           (120, _("2 hours")), (150, _("2 hours 30 minutes")), (180, _("3 hours")), (240, _("4 hours"))]
ABSENT = "absent"
CAME = [(ABSENT, _("Did not come")), (How.MEETING, _("In the room")), (How.PHONE, _("By phone")), (How.VIDEO, _("By video call"))]
GUEST_ROWS = 3
ACTION_ROWS = 3


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class ProposalChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.title


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=150,
                            help_text=_("For example: Monthly circle meeting. Everyone in the commons can see the title."))
    date = forms.DateField(label=_("Date"), widget=DATE, help_text=_("For example: 14/03/2027"))
    start_time = forms.TimeField(label=_("Start time"), widget=TIME, help_text=_("UK time. For example: 18:30"))
    minutes_long = forms.TypedChoiceField(label=_("How long"), coerce=int, choices=LENGTHS, initial=90)
    place = forms.CharField(label=_("Where"), max_length=200, required=False,
                            help_text=_("A room and address, or a phone number or video link to join. "
                                        "Everyone in the commons can see it."))
    agenda = forms.CharField(label=_("Agenda: what the meeting will talk about"), required=False,
                             widget=forms.Textarea(attrs={"rows": 6}),
                             help_text=_("Put one item on each line. Leave out private matters about one person."))
    proposals = ProposalChoices(label=_("Open proposals to talk about"), queryset=None, required=False,
                                widget=forms.CheckboxSelectMultiple,
                                help_text=_("Each one you tick goes on the agenda after the items above."))

    def __init__(self, *args, proposals=None, **kwargs):
        super().__init__(*args, **kwargs)
        if proposals is None or not proposals.exists():
            del self.fields["proposals"]
        else:
            self.fields["proposals"].queryset = proposals

    def service_data(self):
        """The keyword arguments of ``meeting_plan`` / ``meeting_change``."""
        data = self.cleaned_data
        return {
            "title": data["title"], "starts": datetime.combine(data["date"], data["start_time"]).replace(tzinfo=LONDON),
            "minutes_long": data["minutes_long"], "place": data["place"], "agenda": data["agenda"],
            "proposals": list(data.get("proposals") or []),
        }


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Why it is cancelled"), max_length=200,
                             help_text=_("The circle's people will see this. Leave out health details."))


class AttendanceForm(forms.Form):
    """For each of the circle's people: did they come, and how. Then up to three guests from the
    commons, each with who they are here as."""

    def __init__(self, *args, people=(), guests=None, takers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.people = list(people)
        came = {t.person_id: t for t in takers}
        for row in self.people:
            taker = came.get(row.person.pk)
            self.fields[f"came_{row.person.pk}"] = forms.ChoiceField(
                label=row.person.display_name, choices=CAME, widget=forms.RadioSelect,
                initial=taker.how if taker else ABSENT,
                error_messages={"required": _("Say whether they came."), "invalid_choice": _("Say whether they came.")},
                help_text=f"{row.kind_label} · {row.stakeholder_label}")
        in_circle = {row.person.pk for row in self.people}
        earlier = [t for t in takers if t.person_id not in in_circle]
        for i in range(max(GUEST_ROWS, len(earlier) + 1)):
            taker = earlier[i] if i < len(earlier) else None
            n = i + 1
            self.fields[f"guest_{i}_person"] = PersonChoice(
                label=_("Guest %(n)s") % {"n": n}, queryset=guests, required=False, empty_label=_("Nobody"),
                initial=taker.person_id if taker else None)
            self.fields[f"guest_{i}_as"] = forms.ChoiceField(
                label=_("Guest %(n)s is here as") % {"n": n}, required=False,
                choices=[("", _("Choose"))] + list(Stakeholder.choices), initial=taker.stakeholder if taker else "")
            self.fields[f"guest_{i}_how"] = forms.ChoiceField(
                label=_("How guest %(n)s took part") % {"n": n}, required=False, choices=CAME[1:],
                initial=taker.how if taker else How.MEETING)
        self.guest_count = max(GUEST_ROWS, len(earlier) + 1)

    def people_fields(self):
        return [self[f"came_{row.person.pk}"] for row in self.people]

    def guest_rows(self):
        return [(self[f"guest_{i}_person"], self[f"guest_{i}_as"], self[f"guest_{i}_how"]) for i in range(self.guest_count)]

    def clean(self):
        data = super().clean()
        data["people"] = [(row.person, data[f"came_{row.person.pk}"]) for row in self.people
                          if data.get(f"came_{row.person.pk}") not in (None, "", ABSENT)]
        guests = []
        for i in range(self.guest_count):
            person = data.get(f"guest_{i}_person")
            if person is None:
                continue
            if not data.get(f"guest_{i}_as"):
                self.add_error(f"guest_{i}_as", _("Say who they are here as."))
                continue
            guests.append((person, data.get(f"guest_{i}_how") or How.MEETING, data[f"guest_{i}_as"]))
        data["guests"] = guests
        return data


class MinutesForm(forms.Form):
    """Notes on each agenda item, one more item discussed, general notes, new actions, and whether
    the minutes are confidential (with why)."""

    def __init__(self, *args, agenda=(), meeting=None, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.agenda = list(agenda)
        for item in self.agenda:
            self.fields[f"item_{item.pk}"] = forms.CharField(
                label=item.title, required=False, initial=item.notes, widget=forms.Textarea(attrs={"rows": 4}),
                help_text=_("What was said and agreed."))
        self.fields["new_item_title"] = forms.CharField(
            label=_("Another item you talked about"), max_length=200, required=False,
            help_text=_("Something not on the agenda. Leave empty if there was none."))
        self.fields["new_item_notes"] = forms.CharField(label=_("What was said about it"), required=False,
                                                        widget=forms.Textarea(attrs={"rows": 3}))
        for i in range(ACTION_ROWS):
            n = i + 1
            self.fields[f"action_{i}_text"] = forms.CharField(label=_("Action %(n)s: what will be done") % {"n": n},
                                                              max_length=300, required=False)
            self.fields[f"action_{i}_who"] = PersonChoice(label=_("Action %(n)s: who does it") % {"n": n}, queryset=people,
                                                          required=False, empty_label=_("Nobody named"))
            self.fields[f"action_{i}_due"] = forms.DateField(label=_("Action %(n)s: by when") % {"n": n}, required=False,
                                                             widget=DATE, help_text=_("For example: 14/03/2027"))
        self.fields["notes"] = forms.CharField(label=_("Other notes"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
                                               initial=meeting.notes if meeting else "",
                                               help_text=_("Anything else the circle should remember from this meeting."))
        self.fields["confidential"] = forms.BooleanField(
            label=_("These minutes are confidential"), required=False, initial=meeting.confidential if meeting else False,
            help_text=_("Only the circle's full and learning participants will read them. Everyone else in the commons "
                        "sees the date, the title and the reason you give below."))
        self.fields["confidential_reason"] = forms.CharField(
            label=_("Why they are confidential"), max_length=300, required=False,
            initial=meeting.confidential_reason if meeting else "",
            help_text=_("For example: they are about one person's safety."))

    def item_fields(self):
        return [self[f"item_{item.pk}"] for item in self.agenda]

    def action_rows(self):
        return [(self[f"action_{i}_text"], self[f"action_{i}_who"], self[f"action_{i}_due"]) for i in range(ACTION_ROWS)]

    def clean(self):
        data = super().clean()
        actions = []
        for i in range(ACTION_ROWS):
            text, who, due = data.get(f"action_{i}_text", "").strip(), data.get(f"action_{i}_who"), data.get(f"action_{i}_due")
            if text:
                actions.append((text, who, due))
            elif who or due:
                self.add_error(f"action_{i}_text", _("Say what will be done."))
        if data.get("new_item_notes", "").strip() and not data.get("new_item_title", "").strip():
            self.add_error("new_item_title", _("Give the item a title."))
        if data.get("confidential") and not data.get("confidential_reason", "").strip():
            self.add_error("confidential_reason", _("Say why the minutes are confidential."))
        data["actions"] = actions
        return data

    def service_data(self):
        data = self.cleaned_data
        return {
            "notes": data["notes"],
            "item_notes": {item: data.get(f"item_{item.pk}", "") for item in self.agenda},
            "new_items": [(data["new_item_title"], data["new_item_notes"])] if data.get("new_item_title") else [],
            "actions": data["actions"],
            "confidential": data["confidential"],
            "confidential_reason": data["confidential_reason"],
        }
