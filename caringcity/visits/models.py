"""Rota and care records for a care team: visits (one-off or from a repeating series) that
members join, visit logs confirmed by those present, care notes with chosen readers, the
medication record (MAR) and concerns.

All times are stored in UTC and shown in Europe/London (``settings.TIME_ZONE``). A series keeps
its *local* start time, so a weekly 9 am visit stays at 9 am across the clock changes.
The allowed moves of each state machine live in ``states.py``.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from caringcity.core.models import BaseModel, Commons
from caringcity.people.models import Person
from caringcity.teams.models import Team


# --- the rota --------------------------------------------------------------------------------

class Purpose(models.TextChoices):
    PERSONAL_CARE = "personal_care", _("Personal care")
    COMPANIONSHIP = "companionship", _("Company and a chat")
    MEALS = "meals", _("Meals")
    SHOPPING = "shopping", _("Shopping")
    HOUSEHOLD = "household", _("Help around the home")
    APPOINTMENT = "appointment", _("Going to an appointment")
    OUTING = "outing", _("Going out")
    MEDICATION = "medication", _("Medicines")
    OTHER = "other", _("Something else")


class Place(models.TextChoices):
    HOME = "home", _("At home")
    OUT = "out", _("Out and about")
    ONLINE = "online", _("Online or by phone")


class Frequency(models.TextChoices):
    ONCE = "once", _("Just once")
    DAILY = "daily", _("Every day")
    WEEKLY = "weekly", _("Every week, or every few weeks, on chosen days")
    MONTHLY = "monthly", _("Every month, on the same date")


WEEKDAYS = [
    ("0", _("Monday")), ("1", _("Tuesday")), ("2", _("Wednesday")), ("3", _("Thursday")),
    ("4", _("Friday")), ("5", _("Saturday")), ("6", _("Sunday")),
]


class VisitDetails(models.Model):
    """What a visit is: shared by a series and each visit made from it."""

    title = models.CharField(_("short description"), max_length=120, blank=True,
                             help_text=_("For example: Morning help, Friday shopping. Leave out health details."))
    purpose = models.CharField(_("what it is for"), max_length=20, choices=Purpose.choices, default=Purpose.COMPANIONSHIP)
    place = models.CharField(_("where"), max_length=10, choices=Place.choices, default=Place.HOME)
    place_detail = models.CharField(_("where exactly"), max_length=200, blank=True,
                                    help_text=_("For example: the library on Clapton Road. Not needed for home visits."))
    paid = models.BooleanField(_("paid"), default=False, help_text=_("Tick if a paid care worker does this visit."))
    people_needed = models.PositiveSmallIntegerField(_("how many people it needs"), default=1)

    class Meta:
        abstract = True

    @property
    def label(self):
        return self.title or self.get_purpose_display()


class Series(BaseModel, VisitDetails):
    """A repeating visit. Its visits are made ahead (``rota_extend``); editing a series changes
    only visits that have not started yet and were not changed one by one."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="visit_series")
    start_date = models.DateField(_("first date"))
    start_time = models.TimeField(_("start time"))
    duration_minutes = models.PositiveIntegerField(_("how long (minutes)"), default=60)
    frequency = models.CharField(_("how often"), max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY)
    interval = models.PositiveSmallIntegerField(_("every how many"), default=1,
                                                help_text=_("1 means every week (or day, or month); 2 means every other one."))
    weekdays = models.CharField(_("on which days"), max_length=20, blank=True,
                                help_text=_("Days of the week, 0 for Monday to 6 for Sunday, separated by commas."))
    until = models.DateField(_("last date"), null=True, blank=True)
    count = models.PositiveIntegerField(_("how many times"), null=True, blank=True)
    generated_until = models.DateField(null=True, blank=True, help_text="Visits exist up to this local date.")
    ended = models.BooleanField(default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name_plural = "series"

    def __str__(self):
        return self.label

    @property
    def weekday_list(self):
        return [int(d) for d in self.weekdays.split(",") if d.strip().isdigit()]

    @property
    def describe(self):
        """How often, in words: "Every week on Tuesday, Thursday"."""
        from django.utils.translation import gettext

        n = self.interval
        if self.frequency == Frequency.DAILY:
            return gettext("Every day") if n == 1 else gettext("Every %(n)s days") % {"n": n}
        if self.frequency == Frequency.MONTHLY:
            day = self.start_date.day
            return gettext("Every month on day %(day)s") % {"day": day} if n == 1 else gettext("Every %(n)s months on day %(day)s") % {"n": n, "day": day}
        names = dict(WEEKDAYS)
        days = ", ".join(str(names[str(d)]) for d in (self.weekday_list or [self.start_date.weekday()]))
        return gettext("Every week on %(days)s") % {"days": days} if n == 1 else gettext("Every %(n)s weeks on %(days)s") % {"n": n, "days": days}


class VisitStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    CANCELLED = "cancelled", _("Cancelled")


class VisitQuerySet(models.QuerySet):
    def planned(self):
        return self.filter(status=VisitStatus.PLANNED)

    def upcoming(self, now=None):
        return self.filter(ends__gt=now or timezone.now())

    def between(self, start, end):
        return self.filter(starts__lt=end, ends__gt=start)


class Visit(BaseModel, VisitDetails):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="visits")
    series = models.ForeignKey(Series, null=True, blank=True, on_delete=models.SET_NULL, related_name="visits")
    occurrence = models.DateField(null=True, blank=True, help_text="The local date this visit fills in its series.")
    detached = models.BooleanField(default=False, help_text="Changed on its own: series edits leave it alone.")
    starts = models.DateTimeField(_("starts"))
    ends = models.DateTimeField(_("ends"))
    status = models.CharField(max_length=10, choices=VisitStatus.choices, default=VisitStatus.PLANNED)
    cancel_reason = models.CharField(_("why it is cancelled"), max_length=200, blank=True)
    sequence = models.PositiveIntegerField(default=0, help_text="iCalendar SEQUENCE: goes up with each change.")
    joined_count = models.PositiveSmallIntegerField(default=0, help_text="People who have joined: kept by the services.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    objects = VisitQuerySet.as_manager()

    class Meta:
        ordering = ["starts", "pk"]
        indexes = [models.Index(fields=["team", "starts"]), models.Index(fields=["starts", "status"])]
        constraints = [
            models.UniqueConstraint(fields=["series", "occurrence"], name="one_visit_per_occurrence"),
            models.CheckConstraint(condition=models.Q(ends__gt=models.F("starts")), name="visit_ends_after_start"),
        ]

    def __str__(self):
        return self.label

    @property
    def is_cancelled(self):
        return self.status == VisitStatus.CANCELLED

    @property
    def gap(self):
        """How many more people it needs (0 when covered or cancelled)."""
        return 0 if self.is_cancelled else max(self.people_needed - self.joined_count, 0)

    @property
    def duration(self):
        return self.ends - self.starts


class SignupStatus(models.TextChoices):
    ASKED = "asked", _("Asked to cover")
    JOINED = "joined", _("Coming")
    DECLINED = "declined", _("Can't come")
    SWAPPED = "swapped", _("Swapped out by the Rota Holder")


class Signup(BaseModel):
    """One person's answer for one visit."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="signups")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="visit_signups")
    status = models.CharField(max_length=10, choices=SignupStatus.choices)
    asked_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["visit", "person"], name="one_signup_per_person")]
        indexes = [models.Index(fields=["person", "status"])]


class Availability(BaseModel):
    """When someone is usually free to help (across all their teams in a commons)."""

    commons = models.ForeignKey(Commons, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="availability")
    weekday = models.CharField(_("day"), max_length=1, choices=WEEKDAYS)
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("until"))

    class Meta:
        ordering = ["weekday", "start_time"]


class TimeAway(BaseModel):
    commons = models.ForeignKey(Commons, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="time_away")
    first_day = models.DateField(_("first day away"))
    last_day = models.DateField(_("last day away"))
    note = models.CharField(_("note"), max_length=120, blank=True, help_text=_("For example: holiday. Leave out health details."))

    class Meta:
        ordering = ["first_day"]


class ReminderChannel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    NONE = "none", _("No reminders")


class ReminderSetting(BaseModel):
    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="reminder_setting")
    channel = models.CharField(_("how to remind me"), max_length=10, choices=ReminderChannel.choices, default=ReminderChannel.EMAIL)
    hours_before = models.PositiveSmallIntegerField(_("how long before"), default=24)


class ReminderSent(BaseModel):
    """One reminder for one person and one visit: never sent twice."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=10)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["visit", "person", "channel"], name="one_reminder")]


class FeedToken(BaseModel):
    """The secret in a private calendar feed URL. Resetting makes a new one; old links stop."""

    class Scope(models.TextChoices):
        PERSON = "person", _("My visits")
        TEAM = "team", _("A team's visits")

    scope = models.CharField(max_length=10, choices=Scope.choices)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="feed_tokens")
    commons = models.ForeignKey(Commons, on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    token_hint = models.CharField(max_length=8, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "scope", "team"], name="one_feed_per_scope")]


# --- team settings for records ---------------------------------------------------------------

class ConfirmBy(models.TextChoices):
    WORKER_AND_OWNER = "worker_and_owner", _("The worker and the owner (or their proxy)")
    WORKER = "worker", _("The worker only")


class NoteReaders(models.TextChoices):
    TEAM = "team", _("Everyone in the team")
    PAID = "paid", _("Paid care workers only")
    NAMED = "named", _("People I choose")
    OWNER = "owner", _("The owner only")


class RecordSettings(BaseModel):
    """How a team keeps its records. The owner's side sets these."""

    team = models.OneToOneField(Team, on_delete=models.CASCADE, related_name="record_settings")
    confirm_by = models.CharField(_("who confirms visit logs"), max_length=20, choices=ConfirmBy.choices, default=ConfirmBy.WORKER_AND_OWNER)
    auto_confirm_hours = models.PositiveSmallIntegerField(
        _("confirm by itself after (hours)"), null=True, blank=True, default=72,
        help_text=_("If nobody disputes a log in this time, it counts as confirmed. Leave empty to always wait."),
    )
    late_after_minutes = models.PositiveSmallIntegerField(_("late after (minutes)"), default=15)
    note_readers_allowed = models.CharField(
        _("who notes may be written for"), max_length=40, default="team,paid,named,owner",
        help_text="Comma-separated NoteReaders values the owner allows.",
    )

    @property
    def allowed_readers(self):
        return [r for r in self.note_readers_allowed.split(",") if r in NoteReaders.values]


class TeamTask(BaseModel):
    """A task on the team's own list, ticked in visit logs."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="tasks")
    name = models.CharField(_("task"), max_length=100)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["team", "name"], name="one_task_name_per_team")]

    def __str__(self):
        return self.name


# --- visit logs ------------------------------------------------------------------------------

class LogStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for confirmation")
    DISPUTED = "disputed", _("Disputed")
    CONFIRMED = "confirmed", _("Confirmed")
    PAID = "paid", _("Paid")


class Seemed(models.TextChoices):
    WELL = "well", _("Well and cheerful")
    OKAY = "okay", _("Okay")
    LOW = "low", _("Low or quiet")
    UNWELL = "unwell", _("Unwell or worried")


class VisitLog(BaseModel):
    visit = models.OneToOneField(Visit, on_delete=models.CASCADE, related_name="log")
    worker = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="visit_logs",
                               help_text="Who did the visit and wrote the log.")
    acting_for = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    arrived = models.DateTimeField(_("arrived"))
    left = models.DateTimeField(_("left"))
    tasks = models.ManyToManyField(TeamTask, blank=True, related_name="+", verbose_name=_("what was done"))
    done_text = models.TextField(_("anything else that was done"), blank=True)
    seemed = models.CharField(_("how they seemed"), max_length=10, choices=Seemed.choices, blank=True)
    seemed_text = models.TextField(_("more about how they seemed"), blank=True)
    food_drink = models.TextField(_("food and drink"), blank=True)
    pass_on = models.TextField(_("anything to pass on"), blank=True)
    paid = models.BooleanField(default=False, help_text="Copied from the visit: paid or gifted hours.")
    status = models.CharField(max_length=10, choices=LogStatus.choices, default=LogStatus.PENDING)
    version = models.PositiveIntegerField(default=1)
    status_changed = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-arrived"]

    @property
    def minutes(self):
        return int((self.left - self.arrived).total_seconds() // 60)

    @property
    def late_minutes(self):
        return max(int((self.arrived - self.visit.starts).total_seconds() // 60), 0)


class VisitLogChange(BaseModel):
    """Each version of a log: what changed, who changed it and when (never the old text in audit)."""

    log = models.ForeignKey(VisitLog, on_delete=models.CASCADE, related_name="changes")
    version = models.PositiveIntegerField()
    changed_fields = models.JSONField(default=list)
    previous = models.JSONField(default=dict, help_text="The values before this change.")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    acting_for = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["version", "created"]


class LogAnswer(BaseModel):
    """A party's confirmation or dispute of one version of a log."""

    class Answer(models.TextChoices):
        CONFIRM = "confirm", _("Confirmed")
        DISPUTE = "dispute", _("Disputed")

    class Party(models.TextChoices):
        WORKER = "worker", _("Worker")
        OWNER = "owner", _("Owner's side")
        AUTO = "auto", _("Nobody disputed it in time")

    log = models.ForeignKey(VisitLog, on_delete=models.CASCADE, related_name="answers")
    version = models.PositiveIntegerField()
    party = models.CharField(max_length=10, choices=Party.choices)
    answer = models.CharField(max_length=10, choices=Answer.choices)
    reason = models.TextField(_("reason"), blank=True)
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    acting_for = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["created", "pk"]


# --- care notes ------------------------------------------------------------------------------

class CareNote(BaseModel):
    """An entry in the shared notebook about the team owner. Never edited: amendments are added
    and shown with the original."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="care_notes")
    author = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    acting_for = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    readers = models.CharField(_("who can read it"), max_length=10, choices=NoteReaders.choices, default=NoteReaders.TEAM)
    named_readers = models.ManyToManyField(Person, blank=True, related_name="+", verbose_name=_("the people who can read it"))
    text = models.TextField(_("note"))
    visit = models.ForeignKey(Visit, null=True, blank=True, on_delete=models.SET_NULL, related_name="notes")

    class Meta:
        ordering = ["-created", "-pk"]


class CareNoteAmendment(BaseModel):
    note = models.ForeignKey(CareNote, on_delete=models.CASCADE, related_name="amendments")
    author = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    acting_for = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("the note as it should read now"))
    reason = models.CharField(_("why it changed"), max_length=300)

    class Meta:
        ordering = ["created", "pk"]


def attachment_path(instance, filename):
    # The stored name says nothing about the content: uuid only.
    return f"care-notes/{instance.note.team.commons.uuid}/{instance.uuid}"


class CareNoteAttachment(BaseModel):
    class Kind(models.TextChoices):
        DOCUMENT = "document", _("Photo of a document")
        BODY_MAP = "body_map", _("Body map")
        PHOTO = "photo", _("Other photo")
        PDF = "pdf", _("PDF document")

    note = models.ForeignKey(CareNote, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("what it is"), max_length=10, choices=Kind.choices)
    file = models.FileField(upload_to=attachment_path)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    description = models.CharField(_("short description"), max_length=120, blank=True)


# --- medication (MAR) ------------------------------------------------------------------------

class Support(models.TextChoices):
    SELF = "self", _("Takes it alone")
    PROMPT = "prompt", _("Needs a reminder")
    ASSIST = "assist", _("Needs help to take it")
    ADMINISTER = "administer", _("A worker gives it")


class Medicine(BaseModel):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="medicines")
    name = models.CharField(_("medicine"), max_length=120)
    dose = models.CharField(_("dose"), max_length=120, help_text=_("For example: one 5 mg tablet."))
    times = models.CharField(_("times of day"), max_length=100,
                             help_text=_("24-hour times separated by commas. For example: 08:00, 20:00."))
    support = models.CharField(_("support needed"), max_length=12, choices=Support.choices, default=Support.PROMPT)
    instructions = models.CharField(_("how to take it"), max_length=300, blank=True,
                                    help_text=_("For example: with food."))
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def time_list(self):
        from datetime import time

        result = []
        for part in self.times.split(","):
            part = part.strip()
            if part:
                h, m = part.split(":")
                result.append(time(int(h), int(m)))
        return sorted(result)


class DoseResult(models.TextChoices):
    GIVEN = "given", _("Given")
    PROMPTED = "prompted", _("Taken with a reminder")
    REFUSED = "refused", _("Refused")
    NOT_TAKEN = "not_taken", _("Not taken")
    NOT_OBSERVED = "not_observed", _("Not seen")


class DoseOutcome(BaseModel):
    """What happened with one scheduled dose at one visit. Append-only: a change is a new row
    with a reason that replaces the old one, which is kept."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="dose_outcomes")
    medicine = models.ForeignKey(Medicine, on_delete=models.PROTECT, related_name="outcomes")
    scheduled = models.DateTimeField()
    result = models.CharField(_("what happened"), max_length=15, choices=DoseResult.choices)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    replaces = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by")
    current = models.BooleanField(default=True)
    recorded_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    acting_for = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["scheduled", "created"]
        constraints = [
            models.UniqueConstraint(fields=["visit", "medicine", "scheduled"], condition=models.Q(current=True),
                                    name="one_current_outcome_per_dose"),
        ]


# --- concerns --------------------------------------------------------------------------------

class ConcernKind(models.TextChoices):
    SAFEGUARDING = "safeguarding", _("Safeguarding (someone may be at risk of harm)")
    ACCIDENT = "accident", _("Accident")
    INCIDENT = "incident", _("Incident")
    HEALTH = "health", _("Change in health")
    COMPLAINT = "complaint", _("Complaint")
    FEEDBACK = "feedback", _("Feedback")


class ConcernStatus(models.TextChoices):
    UNDERSTANDING = "understanding", _("Understanding what happened")
    AWAITING = "awaiting", _("Waiting for a response")
    EXPLORING = "exploring", _("Exploring what to do")
    OUTCOME = "outcome", _("Outcome reached")


class ConcernQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status=ConcernStatus.OUTCOME)


class Concern(BaseModel):
    commons = models.ForeignKey(Commons, on_delete=models.CASCADE, related_name="concerns")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="concerns")
    kind = models.CharField(_("what kind of concern"), max_length=15, choices=ConcernKind.choices)
    urgent = models.BooleanField(_("urgent"), default=False,
                                 help_text=_("Tick if someone may be at risk now. The Safeguarding Lead and the coach are told at once."))
    what_happened = models.TextField(_("what happened"))
    raised_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    acting_for = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=15, choices=ConcernStatus.choices, default=ConcernStatus.UNDERSTANDING)
    outcome = models.TextField(_("outcome"), blank=True)
    closed = models.DateTimeField(null=True, blank=True)
    next_review = models.DateField(null=True, blank=True)

    objects = ConcernQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["commons", "status"])]


class ConcernStep(BaseModel):
    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="steps")
    from_status = models.CharField(max_length=15, choices=ConcernStatus.choices, blank=True)
    to_status = models.CharField(max_length=15, choices=ConcernStatus.choices)
    note = models.TextField(_("what was done or found"), blank=True)
    by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    acting_for = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["created", "pk"]


def default_review_date():
    return timezone.localdate() + timedelta(days=30)
