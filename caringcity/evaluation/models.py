"""Co-produced evaluation: a theory of change held as data (framework), questionnaires scored
exactly (instruments), survey rounds answered online, on paper or by phone (surveys), indicators
computed from what the platform already records (indicators), results returned to the people who
answered and a reflection log (results), and reports for a period (reports).

Each block below belongs to one part; see docs/evaluation.md. Answers to questionnaires are
personal and may touch on health: they never appear in URLs, logs, audit reasons or e-mails, and
nobody but the person who gave them sees them one by one. Figures are only ever shown for groups of
at least ``settings.EVALUATION_SMALL_GROUP`` answers.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from caringcity.circles.models import Circle
from caringcity.core.models import BaseModel, Commons
from caringcity.people.models import Person
from caringcity.teams.models import Team

# --- framework: the theory of change --------------------------------------------------------------


class FrameworkStatus(models.TextChoices):
    DRAFT = "draft", _("Draft: still being worked on")
    IN_USE = "in_use", _("In use")
    RETIRED = "retired", _("Replaced by a newer version")


class Framework(BaseModel):
    """One version of a commons' theory of change. Only a draft may be changed; putting a draft in
    use retires the version in use before it. A new version starts as a copy (``based_on``)."""

    commons = models.ForeignKey(Commons, on_delete=models.CASCADE, related_name="frameworks")
    name = models.CharField(_("name"), max_length=200)
    version = models.PositiveIntegerField(_("version"), default=1)
    status = models.CharField(_("status"), max_length=10, choices=FrameworkStatus.choices, default=FrameworkStatus.DRAFT)
    based_on = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    what_changed = models.TextField(_("what changed in this version"), blank=True)
    who_shaped_it = models.TextField(_("who helped shape it"), blank=True,
                                     help_text=_("For example: the Clapton circle, three team owners, the volunteers' workshop."))
    in_use_since = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["name", "-version"]
        constraints = [models.UniqueConstraint(fields=["commons", "name", "version"], name="one_framework_version")]

    def __str__(self):
        return f"{self.name} (v{self.version})"


class Dimension(BaseModel):
    """An output dimension: for example platform, circles, teams, commons."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="dimensions")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.name


class Output(BaseModel):
    """What the work produces (for example "care teams started")."""

    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="outputs")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.name


class OutcomeDomain(BaseModel):
    """For example: growth; well-being, relationships and belonging; systems and co-production."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="domains")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.name


class Outcome(BaseModel):
    """A change the commons hopes to see. ``outputs`` are the outputs expected to lead to it."""

    domain = models.ForeignKey(OutcomeDomain, on_delete=models.CASCADE, related_name="outcomes")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    outputs = models.ManyToManyField(Output, blank=True, related_name="outcomes", verbose_name=_("what leads to it"))
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.name


class Method(models.TextChoices):
    SURVEY = "survey", _("A questionnaire")
    METRIC = "metric", _("Counted by the platform")
    INTERVIEWS = "interviews", _("Interviews and stories")
    MAPPING = "mapping", _("Mapping networks of care")
    WORKSHOP = "workshop", _("A workshop")


class Indicator(BaseModel):
    """How we will know an outcome is happening, and the method that measures it.

    SURVEY: ``instrument_key`` names a questionnaire (``keys.INSTRUMENTS`` or ``own-<uuid>``) and
    ``measure_key`` one of its measures (``keys.MEASURES``). METRIC: ``measure_key`` is a platform
    metric (``keys.METRICS``). Other methods keep what is learned in words (``description``)."""

    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("what it tells us"), blank=True)
    method = models.CharField(_("how it is measured"), max_length=12, choices=Method.choices)
    instrument_key = models.CharField(_("questionnaire"), max_length=60, blank=True)
    measure_key = models.CharField(_("measure"), max_length=60, blank=True)
    target = models.CharField(_("what we hope to see"), max_length=200, blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.name


# --- instruments: the commons' own questionnaires ---------------------------------------------------
# The published instruments (SWEMWBS, ONS personal well-being, loneliness, and licensed ones) are
# defined in code (``instruments/``); a commons writes its own from question types.


class OwnInstrument(BaseModel):
    """A questionnaire a commons wrote (for example its social climate survey). Its questions are
    fixed once a survey round uses it (``locked``); a changed copy is a new questionnaire."""

    commons = models.ForeignKey(Commons, on_delete=models.CASCADE, related_name="own_instruments")
    name = models.CharField(_("name"), max_length=200)
    introduction = models.TextField(_("words shown before the questions"), blank=True)
    locked = models.BooleanField(default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def key(self):
        return f"own-{self.uuid}"


class Factor(BaseModel):
    """A group of questions scored together (for example "group unity and cohesion")."""

    instrument = models.ForeignKey(OwnInstrument, on_delete=models.CASCADE, related_name="factors")
    key = models.SlugField(_("short name"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["instrument", "key"], name="one_factor_key")]

    def __str__(self):
        return self.name


class ItemKind(models.TextChoices):
    SCALE = "scale", _("A scale (for example 1 to 5)")
    CHOICE = "choice", _("Choose one answer")
    TEXT = "text", _("Write an answer")


class OwnItem(BaseModel):
    """One question. A scale question may be reverse scored and may count towards a factor."""

    instrument = models.ForeignKey(OwnInstrument, on_delete=models.CASCADE, related_name="items")
    key = models.SlugField(_("short name"), max_length=40)
    text = models.TextField(_("question"))
    kind = models.CharField(_("type of question"), max_length=8, choices=ItemKind.choices, default=ItemKind.SCALE)
    scale_min = models.SmallIntegerField(_("lowest answer"), default=1)
    scale_max = models.SmallIntegerField(_("highest answer"), default=5)
    min_label = models.CharField(_("what the lowest answer means"), max_length=100, blank=True)
    max_label = models.CharField(_("what the highest answer means"), max_length=100, blank=True)
    choices = models.JSONField(_("answers to choose from"), default=list, blank=True)  # ["Yes", "No", ...]
    reverse = models.BooleanField(_("reverse scored"), default=False)
    factor = models.ForeignKey(Factor, null=True, blank=True, on_delete=models.SET_NULL, related_name="items")
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["instrument", "key"], name="one_item_key")]

    def __str__(self):
        return self.key


# --- surveys: rounds, invitations, answers ------------------------------------------------------------


class RoundKind(models.TextChoices):
    BASELINE = "baseline", _("Baseline: where we start")
    FOLLOW_UP = "follow_up", _("Follow-up: what has changed")


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Being prepared")
    OPEN = "open", _("Open for answers")
    CLOSED = "closed", _("Closed")


class Group(models.TextChoices):
    """Who a round asks, chosen from what the platform knows."""

    TEAM_OWNERS = "team_owners", _("People who own a care team")
    FAMILY = "family", _("Family and friends in teams")
    WORKERS = "workers", _("Paid care workers")
    VOLUNTEERS = "volunteers", _("Volunteers")
    CIRCLE_MEMBERS = "circle_members", _("Circle members")


class Pace(models.TextChoices):
    ALL_AT_ONCE = "all", _("All the questions at once")
    DRIP = "drip", _("A few questions at a time, over some weeks")


class SurveyRound(BaseModel):
    """A round of questions for chosen groups. Results go first to the people who answered
    (``results_to_respondents``), and to everyone else ``first_look_days`` later."""

    commons = models.ForeignKey(Commons, on_delete=models.CASCADE, related_name="survey_rounds")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind of round"), max_length=10, choices=RoundKind.choices, default=RoundKind.BASELINE)
    follows = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="follow_ups",
                                verbose_name=_("the round it follows up"))
    instruments = models.JSONField(_("questionnaires"), default=list)  # instrument keys, in order
    groups = models.JSONField(_("who is asked"), default=list)  # Group values
    teams = models.ManyToManyField(Team, blank=True, related_name="+", verbose_name=_("only these teams"))
    circles = models.ManyToManyField(Circle, blank=True, related_name="+", verbose_name=_("only these circles"))
    pace = models.CharField(_("pace"), max_length=4, choices=Pace.choices, default=Pace.ALL_AT_ONCE)
    items_per_prompt = models.PositiveSmallIntegerField(_("questions each time"), default=2)
    days_between_prompts = models.PositiveSmallIntegerField(_("days between"), default=7)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    status = models.CharField(_("status"), max_length=8, choices=RoundStatus.choices, default=RoundStatus.DRAFT)
    results_to_respondents = models.DateTimeField(_("results shared with the people who answered"), null=True, blank=True)
    first_look_days = models.PositiveSmallIntegerField(_("days they see results before anyone else"), default=7)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-opens_on", "name"]

    def __str__(self):
        return self.name


class ConsentState(models.TextChoices):
    NOT_ASKED = "not_asked", _("Not asked yet")
    GIVEN = "given", _("Agreed to take part")
    DECLINED = "declined", _("Said no")
    WITHDRAWN = "withdrawn", _("Stopped taking part")


class How(models.TextChoices):
    """How an answer (or a consent) was given."""

    ONLINE = "online", _("Online")
    PAPER = "paper", _("On paper")
    PHONE = "phone", _("By phone")


class Invitation(BaseModel):
    """One person asked in one round, with their paper code. ``teams``/``circles`` are the teams
    and circles they were asked through, kept as they were, so breakdowns do not shift later."""

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="survey_invitations")
    code = models.CharField(_("paper code"), max_length=12)
    groups = models.JSONField(default=list)  # the Group values that brought them in
    teams = models.ManyToManyField(Team, blank=True, related_name="+")
    circles = models.ManyToManyField(Circle, blank=True, related_name="+")
    consent = models.CharField(_("taking part"), max_length=10, choices=ConsentState.choices, default=ConsentState.NOT_ASKED)
    consent_how = models.CharField(max_length=6, choices=How.choices, blank=True)
    consent_at = models.DateTimeField(null=True, blank=True)
    consent_recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    next_prompt_on = models.DateField(null=True, blank=True)  # drip-feed: when to ask the next few
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["person__name"]
        constraints = [
            models.UniqueConstraint(fields=["round", "person"], name="one_invitation_per_round"),
            models.UniqueConstraint(fields=["round", "code"], name="one_code_per_round"),
        ]

    def __str__(self):
        return f"{self.person} in {self.round}"


class Answer(BaseModel):
    """One answer to one question, or a skip (``skipped``: the person chose not to answer).
    Entered by someone else (paper, phone): ``entered_by`` is who typed it, ``acting_for`` the
    person who answered."""

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="answers")
    instrument_key = models.CharField(max_length=60)
    item_key = models.CharField(max_length=60)
    value = models.SmallIntegerField(null=True, blank=True)  # scale and choice (the option's value)
    text = models.TextField(blank=True)  # free text
    skipped = models.BooleanField(default=False)
    how = models.CharField(max_length=6, choices=How.choices, default=How.ONLINE)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    acting_for = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    may_quote = models.BooleanField(_("may be quoted without my name"), default=False)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["invitation", "instrument_key", "item_key"], name="one_answer_per_item")]


class Score(BaseModel):
    """One measure of one questionnaire for one invitation, computed by the scoring (never typed).
    ``value`` is None when the answers are too incomplete to score (it says so in ``note``)."""

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="scores")
    instrument_key = models.CharField(max_length=60)
    measure_key = models.CharField(max_length=60)
    value = models.FloatField(null=True, blank=True)
    band = models.CharField(max_length=20, blank=True)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["invitation", "instrument_key", "measure_key"], name="one_score_per_measure")]


# --- indicators: computed from platform data --------------------------------------------------------


class ScopeKind(models.TextChoices):
    COMMONS = "commons", _("The whole commons")
    TEAM = "team", _("A care team")
    CIRCLE = "circle", _("A circle")


class IndicatorValue(models.Model):
    """A platform metric for one scope and period, with the counts behind it (``numerator``,
    ``denominator``, ``detail``) so every figure can be traced. Rewritten by each refresh."""

    commons = models.ForeignKey(Commons, on_delete=models.CASCADE, related_name="+")
    metric = models.CharField(max_length=40)
    scope = models.CharField(max_length=8, choices=ScopeKind.choices)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    circle = models.ForeignKey(Circle, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    period_start = models.DateField()
    period_end = models.DateField()  # inclusive
    value = models.FloatField(null=True, blank=True)  # None: nothing to count in this period
    numerator = models.FloatField(null=True, blank=True)
    denominator = models.FloatField(null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    computed_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["commons", "metric", "scope", "period_start"])]

    def __str__(self):
        return f"{self.metric} {self.period_start}"


class Refresh(BaseModel):
    """One recomputation of every indicator of a commons (run by the background worker)."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    commons = models.ForeignKey(Commons, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.WAITING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    values_written = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]


# --- results: reflections ----------------------------------------------------------------------------


class Reflection(BaseModel):
    """An entry in the reflection log: what we saw, what we think it means, what we will change,
    and when we look again. Linked to the indicators (and the round) it talks about."""

    commons = models.ForeignKey(Commons, on_delete=models.CASCADE, related_name="reflections")
    title = models.CharField(_("title"), max_length=200)
    saw = models.TextField(_("what we saw"))
    means = models.TextField(_("what we think it means"), blank=True)
    change = models.TextField(_("what we will change"), blank=True)
    look_again_on = models.DateField(_("when we look again"), null=True, blank=True)
    indicators = models.ManyToManyField(Indicator, blank=True, related_name="reflections", verbose_name=_("indicators it talks about"))
    metrics = models.JSONField(_("platform figures it talks about"), default=list, blank=True)  # keys.METRICS
    round = models.ForeignKey(SurveyRound, null=True, blank=True, on_delete=models.SET_NULL, related_name="reflections")
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    circle = models.ForeignKey(Circle, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    who_was_there = models.CharField(_("who took part"), max_length=300, blank=True)
    written_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created"]

    def __str__(self):
        return self.title


# --- reports --------------------------------------------------------------------------------------------


class Quote(BaseModel):
    """Words someone wrote in a survey's free-text answer, which they allowed to be quoted without
    their name, approved by an organiser for use in reports. Withdrawn quotes are never shown."""

    commons = models.ForeignKey(Commons, on_delete=models.CASCADE, related_name="evaluation_quotes")
    answer = models.OneToOneField(Answer, null=True, blank=True, on_delete=models.SET_NULL, related_name="quote")
    text = models.TextField(_("the words"))
    attribution = models.CharField(_("shown as"), max_length=100, blank=True)  # e.g. "A volunteer"
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]


class CostKind(models.TextChoices):
    STAFF = "staff", _("Paid staff (organisers, coordinators)")
    CARE = "care", _("Paid care hours")
    PLACES = "places", _("Rooms and places")
    PARTICIPATION = "participation", _("Paying people for taking part")
    OTHER = "other", _("Other")


class Cost(BaseModel):
    """Money spent in a period, as the commons' accounts show it, with where the figure comes from."""

    commons = models.ForeignKey(Commons, on_delete=models.CASCADE, related_name="evaluation_costs")
    kind = models.CharField(_("kind of cost"), max_length=14, choices=CostKind.choices)
    label = models.CharField(_("what it was"), max_length=200)
    amount = models.DecimalField(_("amount (£)"), max_digits=12, decimal_places=2)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    source = models.CharField(_("where the figure comes from"), max_length=300)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["period_start", "kind"]


class Report(BaseModel):
    """An evaluation report for a period. Its figures are computed when it is read, from the
    framework it names, the indicators, the survey rounds in the period and the reflection log;
    only the words and the chosen quotes are kept here."""

    commons = models.ForeignKey(Commons, on_delete=models.CASCADE, related_name="evaluation_reports")
    title = models.CharField(_("title"), max_length=200)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    framework = models.ForeignKey(Framework, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    introduction = models.TextField(_("introduction"), blank=True)
    quotes = models.ManyToManyField(Quote, blank=True, related_name="reports")
    outside_quotes = models.JSONField(default=list, blank=True)  # [{"source": "stories", "uuid": "..."}] from other apps
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-period_end"]

    def __str__(self):
        return self.title
