"""Sociocratic circles and decisions by consent: circles with an aim and a domain, participants,
circle hats held for a term, proposals taken through rounds, other kinds of decision (advice
process, polls, time polls), append-only decision records with review dates, appeals, and each
circle's logbook (meetings with agenda, attendance and actions; policies; development plan).

The allowed moves of each state machine live in ``states.py``; services refuse any other move
with a reason the page shows. Decision records are never edited: a change is a new
``DecisionVersion``.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from caringcity.core.models import BaseModel, Commons
from caringcity.people.models import Person
from caringcity.teams.models import Team

# --- circles, participants and hats (part: structure) -------------------------------------------


class CircleKind(models.TextChoices):
    MEMBERS = "members", _("Members' circle")
    GENERAL = "general", _("General circle")
    LOCAL = "local", _("Local circle")
    WORKING = "working", _("Working circle")
    TEAM = "team", _("Care team")


class CircleQuerySet(models.QuerySet):
    def open(self):
        return self.filter(ended__isnull=True)


class Circle(BaseModel):
    """A group with an aim and a domain that decides by consent. A care team is a circle too: its
    circle row points at the team, and its people are the team's current members."""

    commons = models.ForeignKey(Commons, on_delete=models.CASCADE, related_name="circles")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    kind = models.CharField(_("kind of circle"), max_length=20, choices=CircleKind.choices)
    name = models.CharField(_("name"), max_length=120)
    aim = models.TextField(_("aim"), help_text=_("What the circle is for, in one or two sentences."))
    domain = models.TextField(
        _("domain: what it decides"),
        help_text=_("The things this circle may decide on its own. Put one thing on each line."),
    )
    development_plan = models.TextField(_("development plan"), blank=True,
                                        help_text=_("What the circle wants to learn or improve this year."))
    team = models.OneToOneField(Team, null=True, blank=True, on_delete=models.CASCADE, related_name="circle")
    ended = models.DateField(_("ended on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    objects = CircleQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def is_team(self):
        return self.team_id is not None

    @property
    def domain_lines(self):
        return [line.strip(" -•\t") for line in self.domain.splitlines() if line.strip(" -•\t")]


class ParticipantKind(models.TextChoices):
    FULL = "full", _("Full participant")
    LEARNING = "learning", _("Learning participant")
    GUEST = "guest", _("Guest")


class Stakeholder(models.TextChoices):
    SUPPORTED = "supported", _("Getting support")
    FAMILY = "family", _("Family or friend")
    WORKER = "worker", _("Care worker")
    VOLUNTEER = "volunteer", _("Volunteer")
    PARTNER = "partner", _("Partner organisation")
    OTHER = "other", _("Other")


class ParticipantQuerySet(models.QuerySet):
    def current(self):
        return self.filter(left__isnull=True)


class Participant(BaseModel):
    """Someone in a circle (not a team circle: a team's people come from the team)."""

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="circle_places")
    kind = models.CharField(_("how they take part"), max_length=10, choices=ParticipantKind.choices, default=ParticipantKind.FULL)
    stakeholder = models.CharField(_("they are here as"), max_length=12, choices=Stakeholder.choices)
    joined = models.DateField(_("joined on"))
    left = models.DateField(_("left on"), null=True, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        ordering = ["person__name"]
        constraints = [
            models.UniqueConstraint(fields=["circle", "person"], condition=models.Q(left__isnull=True),
                                    name="one_current_place_per_circle"),
        ]

    def __str__(self):
        return f"{self.person} in {self.circle}"


class CircleHatKind(models.TextChoices):
    LEADER = "leader", _("Leader")
    FACILITATOR = "facilitator", _("Facilitator")
    SECRETARY = "secretary", _("Secretary")
    DELEGATE = "delegate", _("Delegate to the parent circle")
    COACH = "coach", _("Coach")
    TEAM_STARTER = "team_starter", _("Team starter")
    RECRUITER = "recruiter", _("Recruiter")
    ORGANISER = "organiser", _("Commons organiser")
    SAFEGUARDING = "safeguarding", _("Safeguarding")
    FINANCE = "finance", _("Finance")
    WELCOMING = "welcoming", _("Welcoming")


# The hats that link a circle to its parent (the double link). One person never wears both.
LINK_HATS = (CircleHatKind.LEADER, CircleHatKind.DELEGATE)
# The hats that run a circle's process.
PROCESS_HATS = (CircleHatKind.LEADER, CircleHatKind.FACILITATOR, CircleHatKind.SECRETARY, CircleHatKind.DELEGATE)


class TermStatus(models.TextChoices):
    NOMINATED = "nominated", _("Nominated, waiting for consent")
    HELD = "held", _("Held")
    ENDED = "ended", _("Ended")
    WITHDRAWN = "withdrawn", _("Not taken up")


class HatTermQuerySet(models.QuerySet):
    def held(self):
        return self.filter(status=TermStatus.HELD)


class CircleHatTerm(BaseModel):
    """Someone wearing a circle hat for a term, chosen by consent (a proposal of kind "role"), with
    a review date and a named back-stop who stands in when they cannot. Rows are never deleted."""

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="hat_terms")
    kind = models.CharField(_("hat"), max_length=20, choices=CircleHatKind.choices)
    holder = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="circle_hat_terms")
    backstop = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="circle_backstop_terms",
                                 verbose_name=_("back-stop"))
    status = models.CharField(max_length=12, choices=TermStatus.choices, default=TermStatus.NOMINATED)
    starts = models.DateField(_("term starts"))
    ends = models.DateField(_("term ends"))
    review_on = models.DateField(_("review date"))
    proposal = models.OneToOneField("Proposal", null=True, blank=True, on_delete=models.SET_NULL, related_name="hat_term")
    nominated_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    ended_at = models.DateTimeField(null=True, blank=True)
    end_note = models.CharField(_("note"), max_length=300, blank=True)
    # The review date a reminder was last e-mailed for (so housekeeping sends one per review date).
    review_reminded_on = models.DateField(null=True, blank=True, editable=False)

    objects = HatTermQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "-starts", "-created"]

    def __str__(self):
        return f"{self.holder} – {self.get_kind_display()} ({self.circle})"

    @property
    def ended_on(self):
        """The day the term really ended (handed back or handed over), else None."""
        return self.ended_at.date() if self.ended_at else None


class HatReview(BaseModel):
    """A review of someone wearing a circle hat: what the circle said, and the next review date.
    Never changed once written."""

    term = models.ForeignKey(CircleHatTerm, on_delete=models.CASCADE, related_name="reviews")
    note = models.TextField(_("what the circle said at the review"))
    was_due = models.DateField(_("review date it answers"))
    next_review = models.DateField(_("next review date"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    by_person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["term", "created", "pk"]


# --- proposals and consent rounds (part: proposals) ---------------------------------------------


class ProposalKind(models.TextChoices):
    POLICY = "policy", _("A policy, plan or choice")
    ROLE = "role", _("Choosing someone for a hat")


class ProposalStage(models.TextChoices):
    CLARIFYING = "clarifying", _("Questions to understand it")
    REACTIONS = "reactions", _("Reactions")
    CONSENT = "consent", _("Consent round")
    RESOLVING = "resolving", _("Working through objections")
    ADOPTED = "adopted", _("Adopted")
    PASSED_UP = "passed_up", _("Passed to the parent circle")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_STAGES = (ProposalStage.CLARIFYING, ProposalStage.REACTIONS, ProposalStage.CONSENT, ProposalStage.RESOLVING)


class ProposalQuerySet(models.QuerySet):
    def open(self):
        return self.filter(stage__in=OPEN_STAGES)


class Proposal(BaseModel):
    """A proposal brought to a circle. Its text lives in versions; an amendment is a new version
    and the consent round runs again on it."""

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="proposals")
    kind = models.CharField(max_length=10, choices=ProposalKind.choices, default=ProposalKind.POLICY)
    title = models.CharField(_("short title"), max_length=150)
    stage = models.CharField(max_length=12, choices=ProposalStage.choices, default=ProposalStage.CLARIFYING)
    brought_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="proposals_brought")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    acting_for = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    passed_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="passed_to",
                                    help_text=_("The proposal in the circle below that passed it here."))
    reopens = models.ForeignKey("Decision", null=True, blank=True, on_delete=models.SET_NULL, related_name="reopened_by",
                                help_text=_("The decision an appeal reopened."))
    stage_note = models.CharField(max_length=500, blank=True)
    # proposals part: the line of the circle's domain the proposal falls under (empty for a hat,
    # a proposal passed up from the circle below, or a reopened decision).
    domain_item = models.CharField(_("what part of the circle's domain it is about"), max_length=300, blank=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]

    def __str__(self):
        return self.title

    @property
    def is_open(self):
        return self.stage in OPEN_STAGES


class ResolutionTool(models.TextChoices):
    AMEND = "amend", _("Change the proposal")
    SHORTEN = "shorten", _("Shorten its term")
    MEASURE = "measure", _("Measure the concern and review it")
    WITHDRAWN = "withdrawn", _("The objection was withdrawn after talking")


class ProposalVersion(BaseModel):
    """One wording of a proposal. Never changed once written."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    driver = models.TextField(_("what is happening and why it matters"))
    text = models.TextField(_("the proposal"))
    review_on = models.DateField(_("review date"))
    term_ends = models.DateField(_("ends on"), null=True, blank=True,
                                 help_text=_("Leave empty if it lasts until it is changed."))
    measure = models.TextField(_("what we will measure"), blank=True,
                               help_text=_("How the circle will know whether a concern came true."))
    tools = models.JSONField(default=list, blank=True)  # ResolutionTool values used to make this version
    note = models.CharField(_("what changed and why"), max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["proposal", "number"]
        constraints = [models.UniqueConstraint(fields=["proposal", "number"], name="one_version_number")]


class RoundKind(models.TextChoices):
    CLARIFYING = "clarifying", _("Questions to understand it")
    REACTIONS = "reactions", _("Reactions")
    CONSENT = "consent", _("Consent round")


class Round(BaseModel):
    """One round on one version of a proposal, in order."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="rounds")
    version = models.ForeignKey(ProposalVersion, on_delete=models.PROTECT, related_name="rounds")
    kind = models.CharField(max_length=12, choices=RoundKind.choices)
    number = models.PositiveSmallIntegerField()
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["proposal", "number"]
        constraints = [models.UniqueConstraint(fields=["proposal", "number"], name="one_round_number")]


class ConsentAnswer(models.TextChoices):
    CONSENT = "consent", _("I consent")
    CONCERN = "concern", _("I consent, with a concern")
    OBJECT = "object", _("I object")


class How(models.TextChoices):
    ONLINE = "online", _("On this website")
    MEETING = "meeting", _("In the meeting")
    PHONE = "phone", _("By phone")
    PAPER = "paper", _("On paper")

    VIDEO = "video", _("By video call")  # added by the meetings part (attendance)


# How an answer that someone else typed in (a secretary, for the person) was given.
ENTERED_HOW = (How.PAPER, How.PHONE, How.MEETING)
ENTERED_HOW_CHOICES = [(how.value, how.label) for how in ENTERED_HOW]


class Response(BaseModel):
    """What one person said in a round: a question (and its answer), a reaction, or a consent
    answer. ``recorded_by`` is who typed it; when that is not the person (a secretary entering a
    phone or paper answer), the page says who entered it for whom."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="responses")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    answer = models.CharField(max_length=10, choices=ConsentAnswer.choices, blank=True)
    text = models.TextField(_("what they said"), blank=True)
    reply = models.TextField(_("answer to the question"), blank=True)
    how = models.CharField(_("how it was given"), max_length=10, choices=How.choices, default=How.ONLINE)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_by_person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # proposals part: who wrote the answer to a question (the person who brought it or the facilitator), and when.
    replied_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    replied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["round", "created", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "person"], condition=~models.Q(answer=""), name="one_consent_answer_per_round"),
        ]

    @property
    def entered_for(self):
        """True when someone else entered this for the person."""
        return self.recorded_by_person_id is not None and self.recorded_by_person_id != self.person_id


class Resolution(BaseModel):
    """How an objection was worked through: which tool, and the version it led to."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="resolutions")
    objection = models.ForeignKey(Response, on_delete=models.PROTECT, related_name="resolutions")
    tools = models.JSONField(default=list)  # ResolutionTool values
    note = models.TextField(_("what was agreed"))
    new_version = models.ForeignKey(ProposalVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["created", "pk"]


# --- decision records (part: decisions) ---------------------------------------------------------


class DecisionKind(models.TextChoices):
    CONSENT = "consent", _("Decided by consent")
    ADVICE = "advice", _("Advice process")
    POLL = "poll", _("Poll")
    TIME_POLL = "time_poll", _("Meeting time poll")


class DecisionStatus(models.TextChoices):
    IN_FORCE = "in_force", _("In force")
    REOPENED = "reopened", _("Reopened after an appeal")
    ENDED = "ended", _("Ended")


class Decision(BaseModel):
    """A decision's identity: its circle, kind and number. What it says lives in versions; the
    latest version is the record now. Nothing here is ever edited after it is written."""

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="decisions")
    number = models.PositiveIntegerField()
    kind = models.CharField(max_length=12, choices=DecisionKind.choices)
    proposal = models.ForeignKey(Proposal, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions")

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["circle", "number"], name="one_decision_number")]

    def __str__(self):
        return f"D{self.number}"


class DecisionVersion(BaseModel):
    """One state of a decision record. Reviews, appeals and endings add a version; none is edited."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=10, choices=DecisionStatus.choices, default=DecisionStatus.IN_FORCE)
    title = models.CharField(_("title"), max_length=150)
    text = models.TextField(_("what was decided"))
    reasons = models.TextField(_("why"), blank=True)
    concerns = models.TextField(_("concerns recorded with it"), blank=True)
    objections = models.TextField(_("objections and how they were resolved"), blank=True)
    review_on = models.DateField(_("review date"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    confidential = models.BooleanField(_("confidential"), default=False)
    confidential_reason = models.CharField(_("why it is confidential"), max_length=300, blank=True)
    note = models.CharField(_("what changed"), max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["decision", "number"]
        constraints = [models.UniqueConstraint(fields=["decision", "number"], name="one_decision_version_number")]


class Taker(BaseModel):
    """Who took part in a decision or a meeting, with their place at the time (a snapshot, so the
    record stays true when people move on). Exactly one of ``decision`` and ``meeting`` is set."""

    decision = models.ForeignKey(Decision, null=True, blank=True, on_delete=models.CASCADE, related_name="takers")
    meeting = models.ForeignKey("Meeting", null=True, blank=True, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=ParticipantKind.choices, blank=True)
    stakeholder = models.CharField(max_length=12, choices=Stakeholder.choices, blank=True)
    hats = models.JSONField(default=list, blank=True)  # CircleHatKind values worn at the time
    how = models.CharField(max_length=10, choices=How.choices, default=How.MEETING)

    class Meta:
        ordering = ["person__name"]
        constraints = [
            models.CheckConstraint(condition=models.Q(decision__isnull=True) ^ models.Q(meeting__isnull=True), name="taker_of_one_thing"),
            models.UniqueConstraint(fields=["decision", "person"], condition=models.Q(decision__isnull=False), name="one_taker_per_decision"),
            models.UniqueConstraint(fields=["meeting", "person"], condition=models.Q(meeting__isnull=False), name="one_attendance_per_meeting"),
        ]


class ReviewReminder(BaseModel):
    """A review reminder sent for one review date of one decision (so sending is safe to repeat)."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="review_reminders")
    review_on = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["decision", "review_on"], name="one_review_reminder")]


class AppealStatus(models.TextChoices):
    GATHERING = "gathering", _("Waiting for three people")
    REOPENED = "reopened", _("Reopened")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Appeal(BaseModel):
    """A request to reopen a decision, first in its own circle, then with the parent circle."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="appeals")
    to_circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="appeals_received")
    reason = models.TextField(_("why it should be looked at again"))
    status = models.CharField(max_length=10, choices=AppealStatus.choices, default=AppealStatus.GATHERING)
    proposal = models.ForeignKey(Proposal, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created"]


class AppealBacker(BaseModel):
    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="backers")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    how = models.CharField(max_length=10, choices=How.choices, default=How.ONLINE)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["created", "pk"]
        constraints = [models.UniqueConstraint(fields=["appeal", "person"], name="one_backing_per_person")]


# --- everyday decisions: advice process and polls (part: everyday) ------------------------------


class AdviceStatus(models.TextChoices):
    ASKING = "asking", _("Asking for advice")
    DECIDED = "decided", _("Decided")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class AdviceProcess(BaseModel):
    """The decider asks those affected and those who know, then decides and records why."""

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="advice_processes")
    decider = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("short title"), max_length=150)
    question = models.TextField(_("what needs deciding, and what you have in mind"))
    decide_by = models.DateField(_("decide by"))
    status = models.CharField(max_length=10, choices=AdviceStatus.choices, default=AdviceStatus.ASKING)
    decision = models.OneToOneField(Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="advice_process")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created"]


class Advice(BaseModel):
    """Someone asked for advice, and what they said (empty until they answer)."""

    process = models.ForeignKey(AdviceProcess, on_delete=models.CASCADE, related_name="advice")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("advice"), blank=True)
    given_at = models.DateTimeField(null=True, blank=True)
    how = models.CharField(max_length=10, choices=How.choices, default=How.ONLINE)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["person__name"]
        constraints = [models.UniqueConstraint(fields=["process", "person"], name="one_advice_per_person")]


class PollKind(models.TextChoices):
    SIMPLE = "simple", _("Simple poll")
    TIME = "time", _("Find a meeting time")


class PollStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Poll(BaseModel):
    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="polls")
    kind = models.CharField(max_length=10, choices=PollKind.choices)
    question = models.CharField(_("question"), max_length=200)
    details = models.TextField(_("more about it"), blank=True)
    closes = models.DateField(_("closes on"))
    status = models.CharField(max_length=10, choices=PollStatus.choices, default=PollStatus.OPEN)
    chosen = models.ForeignKey("PollOption", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decision = models.OneToOneField(Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="poll")
    meeting = models.OneToOneField("Meeting", null=True, blank=True, on_delete=models.SET_NULL, related_name="from_poll")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created"]


class PollOption(BaseModel):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(_("choice"), max_length=200, blank=True)
    starts = models.DateTimeField(_("starts"), null=True, blank=True)  # time polls
    minutes = models.PositiveSmallIntegerField(_("length in minutes"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["poll", "order", "starts", "pk"]


class VoteAnswer(models.TextChoices):
    YES = "yes", _("Yes")
    MAYBE = "maybe", _("If I must")
    NO = "no", _("No")


class Vote(BaseModel):
    option = models.ForeignKey(PollOption, on_delete=models.CASCADE, related_name="votes")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    answer = models.CharField(max_length=5, choices=VoteAnswer.choices, default=VoteAnswer.YES)
    how = models.CharField(max_length=10, choices=How.choices, default=How.ONLINE)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["option", "person"], name="one_vote_per_option")]


# --- the logbook: meetings (part: meetings) -----------------------------------------------------


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class Meeting(BaseModel):
    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(_("title"), max_length=150)
    starts = models.DateTimeField(_("starts"))
    minutes_long = models.PositiveSmallIntegerField(_("length in minutes"), default=90)
    place = models.CharField(_("where"), max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED)
    notes = models.TextField(_("notes"), blank=True)
    confidential = models.BooleanField(_("confidential"), default=False)
    confidential_reason = models.CharField(_("why it is confidential"), max_length=300, blank=True)
    cancel_reason = models.CharField(_("why it is cancelled"), max_length=200, blank=True)
    sequence = models.PositiveIntegerField(default=0)  # iCalendar SEQUENCE, raised on each change
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-starts"]

    def __str__(self):
        return self.title


class AgendaItem(BaseModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("item"), max_length=200)
    proposal = models.ForeignKey(Proposal, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    notes = models.TextField(_("what was said"), blank=True)

    class Meta:
        ordering = ["meeting", "order", "pk"]


class Action(BaseModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    text = models.CharField(_("what will be done"), max_length=300)
    who = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    due = models.DateField(_("by when"), null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due", "pk"]
