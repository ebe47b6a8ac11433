"""Co-production lab: a network of community groups tracks its own plan through to implementation
across institutions, runs demonstration projects, partnerships with joint sign-off, workshops and
events (with who was around the table), and campaigns.

Each block below belongs to one part; see docs/lab.md. Most of what the lab holds is meant to be
public (``public`` flags): plans, policies, their status and trail, public events. What people
share about themselves at registration (access needs, characteristics) is private: it is shown
only to the event's organisers, and characteristics only ever as counts of at least
``settings.LAB_SMALL_GROUP`` people.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from caringcity.core.models import BaseModel, Commons
from caringcity.people.models import Organisation, Person

# --- plans: demands and numbered policies --------------------------------------------------------------


class Plan(BaseModel):
    commons = models.ForeignKey(Commons, on_delete=models.CASCADE, related_name="plans")
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("short name for web addresses"), max_length=60)
    summary = models.TextField(_("in plain words"), blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    public = models.BooleanField(_("anyone may read it"), default=False,
                                 help_text=_("Public plans have pages anyone can open without signing in."))
    partial = models.BooleanField(_("only part of the plan is here"), default=False)
    partial_note = models.TextField(_("what is missing"), blank=True)

    class Meta:
        ordering = ["-published_on", "title"]
        constraints = [models.UniqueConstraint(fields=["commons", "slug"], name="one_plan_slug_per_commons")]

    def __str__(self):
        return self.title


class Demand(BaseModel):
    """A chapter or demand of a plan."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="demands")
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("in plain words"), blank=True)

    class Meta:
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="one_demand_number_per_plan")]

    def __str__(self):
        return self.title


class Policy(BaseModel):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="policies")
    demand = models.ForeignKey(Demand, null=True, blank=True, on_delete=models.SET_NULL, related_name="policies")
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("in plain words"), help_text=_("What it means, in words a 12-year-old understands."))
    full_text = models.TextField(_("full text"), blank=True)
    shaped_by = models.ManyToManyField(Organisation, blank=True, related_name="policies_shaped", verbose_name=_("groups that shaped it"))
    shaped_by_note = models.CharField(_("other groups that shaped it"), max_length=500, blank=True)

    class Meta:
        ordering = ["plan", "number"]
        verbose_name_plural = _("policies")
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="one_policy_number_per_plan")]

    def __str__(self):
        return f"{self.number}. {self.title}"


class DivergentView(BaseModel):
    """A view held by some, recorded beside the majority view and never hidden."""

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="divergent_views")
    held_by = models.CharField(_("who holds this view"), max_length=300)
    view = models.TextField(_("their view"))

    class Meta:
        ordering = ["created"]


class PlanImport(BaseModel):
    """One try at importing a plan's policies from a CSV or spreadsheet: every bad row is reported,
    and nothing is written unless all rows are good."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="imports")
    filename = models.CharField(max_length=200)
    rows = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list)  # [{"row": n, "field": name, "message": text}]
    applied_at = models.DateTimeField(null=True, blank=True)
    made_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")


class GlossaryTerm(BaseModel):
    """A planning or care word explained in plain language, wherever it appears in the lab."""

    commons = models.ForeignKey(Commons, on_delete=models.CASCADE, related_name="glossary_terms")
    term = models.CharField(_("word or phrase"), max_length=120)
    also = models.CharField(_("other ways of writing it"), max_length=300, blank=True,
                            help_text=_("Separate with commas. For example: LDP, local development plan."))
    meaning = models.TextField(_("what it means"))

    class Meta:
        ordering = ["term"]
        constraints = [models.UniqueConstraint(fields=["commons", "term"], name="one_glossary_term_per_commons")]

    def __str__(self):
        return self.term


# --- tracking implementation across institutions --------------------------------------------------------


class Status(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    RAISED = "raised", _("Raised")
    CONSIDERING = "considering", _("Under consideration")
    PARTLY_ADOPTED = "partly_adopted", _("Partly adopted")
    ADOPTED = "adopted", _("Adopted")
    REJECTED = "rejected", _("Rejected")
    IMPLEMENTED = "implemented", _("Implemented")


class TargetKind(models.TextChoices):
    LONDON_PLAN = "london_plan", _("The London Plan")
    LOCAL_PLAN = "local_plan", _("A borough local plan")
    HEALTH_STRATEGY = "health_strategy", _("A health or health inequalities strategy")
    COMMISSIONING = "commissioning", _("A council's commissioning")
    CARE_STRATEGY = "care_strategy", _("A care or social care strategy")
    OTHER = "other", _("Something else")


class Target(BaseModel):
    """Where a policy is being pursued: one institution's plan, strategy or decision."""

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="targets")
    kind = models.CharField(_("kind"), max_length=20, choices=TargetKind.choices)
    name = models.CharField(_("what and where"), max_length=300,
                            help_text=_("For example: Hackney Local Plan 2033, or North East London health inequalities strategy."))
    institution = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                    verbose_name=_("institution"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    lead_person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                    verbose_name=_("who is leading"))
    lead_group = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("group leading"))
    next_review = models.DateField(_("next review"), null=True, blank=True)
    ended_on = models.DateField(_("no longer pursued since"), null=True, blank=True)  # tracking: ended, history kept

    class Meta:
        ordering = ["policy", "created"]


class StatusUpdate(BaseModel):
    """A dated step on a target: the status it moved to and what happened, in plain words."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="updates")
    on = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), null=True, blank=True)
    summary = models.TextField(_("what happened, in plain words"))
    by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["target", "on", "created"]


class Evidence(BaseModel):
    """What shows a step happened. ``ref`` names a record of another capability (a circle decision,
    an approved quote ``{"source", "id"}``, an evaluation report) when there is one."""

    class Kind(models.TextChoices):
        DOCUMENT = "document", _("A document")
        LINK = "link", _("A link")
        CIRCLE_DECISION = "circle_decision", _("A decision of a circle")
        QUOTE = "quote", _("An approved quote")
        EVALUATION_REPORT = "evaluation_report", _("An evaluation report")

    update = models.ForeignKey(StatusUpdate, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    url = models.URLField(_("link"), blank=True, max_length=500)
    file = models.FileField(upload_to="lab/evidence/", blank=True)
    ref = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["created"]


# --- demonstration projects -----------------------------------------------------------------------------


class DemoProject(BaseModel):
    """A demonstration project (for example the care pilot) showing policies at work."""

    commons = models.ForeignKey(Commons, on_delete=models.CASCADE, related_name="demo_projects")
    name = models.CharField(_("name"), max_length=200)
    summary = models.TextField(_("in plain words"))
    aims = models.TextField(_("aims"), blank=True)
    policies = models.ManyToManyField(Policy, blank=True, related_name="demo_projects", verbose_name=_("policies it demonstrates"))
    partners = models.ManyToManyField(Organisation, blank=True, related_name="demo_projects", verbose_name=_("partners"))
    starts_on = models.DateField(_("starts"), null=True, blank=True)
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    evaluation = models.JSONField(default=dict, blank=True)  # {"commons": slug, "framework"/"report": uuid} when linked
    public = models.BooleanField(_("anyone may read it"), default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Activity(BaseModel):
    project = models.ForeignKey(DemoProject, on_delete=models.CASCADE, related_name="activities")
    on = models.DateField(_("date"), null=True, blank=True)
    title = models.CharField(_("what"), max_length=300)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["project", "on", "created"]
        verbose_name_plural = _("activities")


# --- partnerships and commitments -----------------------------------------------------------------------


class Partnership(BaseModel):
    """A co-production agreement between partners."""

    commons = models.ForeignKey(Commons, on_delete=models.CASCADE, related_name="partnerships")
    name = models.CharField(_("name"), max_length=200)
    purpose = models.TextField(_("what it is for, in plain words"))
    how_we_decide = models.TextField(_("how decisions are made together"), blank=True)
    started_on = models.DateField(_("started"), null=True, blank=True)
    ended_on = models.DateField(_("ended"), null=True, blank=True)
    project = models.ForeignKey(DemoProject, null=True, blank=True, on_delete=models.SET_NULL, related_name="partnerships")

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Partner(BaseModel):
    """One side of a partnership: a group and the named person who signs for it."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="partnerships_joined")
    signatory = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="signs_for",
                                  verbose_name=_("who signs for them"))
    role = models.CharField(_("their part"), max_length=200, blank=True)
    left_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["organisation__name"]
        constraints = [models.UniqueConstraint(fields=["partnership", "organisation"], name="one_partner_per_group")]


class Commitment(BaseModel):
    class Kind(models.TextChoices):
        TIME = "time", _("Time")
        MONEY = "money", _("Money")
        DATA = "data", _("Data")
        DECISIONS = "decisions", _("Decisions")
        OTHER = "other", _("Something else")

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="commitments")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    what = models.CharField(_("what they commit to"), max_length=300)
    amount_pence = models.PositiveBigIntegerField(_("amount"), null=True, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=8, decimal_places=1, null=True, blank=True)
    due_on = models.DateField(_("by when"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "created"]


class JointDecision(BaseModel):
    """A decision of a partnership. Made when a named person on each side has signed it off."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="decisions")
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("in plain words"))
    text = models.TextField(_("the decision in full"), blank=True)
    proposed_on = models.DateField(_("proposed on"))
    proposed_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    agreed_at = models.DateTimeField(null=True, blank=True)  # when the last side signed
    policies = models.ManyToManyField(Policy, blank=True, related_name="joint_decisions")

    class Meta:
        ordering = ["-proposed_on", "-created"]


class SignOff(BaseModel):
    """One side's answer on a joint decision, by its named person."""

    class Answer(models.TextChoices):
        AGREE = "agree", _("Agree")
        NOT_YET = "not_yet", _("Not yet: needs changes")

    decision = models.ForeignKey(JointDecision, on_delete=models.CASCADE, related_name="signoffs")
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="signoffs")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    answer = models.CharField(max_length=10, choices=Answer.choices)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["created"]
        constraints = [models.UniqueConstraint(fields=["decision", "partner"], name="one_signoff_per_side")]


# --- campaigns ---------------------------------------------------------------------------------------------


class Campaign(BaseModel):
    """For example: saving a street market from redevelopment."""

    class State(models.TextChoices):
        ACTIVE = "active", _("Going on")
        WON = "won", _("Won")
        LOST = "lost", _("Lost")
        PAUSED = "paused", _("Paused")

    commons = models.ForeignKey(Commons, on_delete=models.CASCADE, related_name="campaigns")
    name = models.CharField(_("name"), max_length=200)
    place = models.CharField(_("the place"), max_length=300)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    threat = models.TextField(_("what threatens it"))
    aim = models.TextField(_("what we want"), blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.ACTIVE)
    outcome = models.TextField(_("what came of it"), blank=True)
    allies = models.ManyToManyField(Organisation, blank=True, related_name="campaigns", verbose_name=_("allies"))
    ally_actors = models.JSONField(default=list, blank=True)  # uuids of neighbourhood-map actors
    policies = models.ManyToManyField(Policy, blank=True, related_name="campaigns")
    public = models.BooleanField(_("anyone may read it"), default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class CampaignAction(BaseModel):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(_("what"), max_length=300)
    due_on = models.DateField(_("by when"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    owner = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("who"))

    class Meta:
        ordering = ["due_on", "created"]


class CampaignEvidence(BaseModel):
    class Kind(models.TextChoices):
        TRADER_SURVEY = "trader_survey", _("Trader survey")
        SHOPPER_SURVEY = "shopper_survey", _("Shopper survey")
        FOOTFALL = "footfall", _("Footfall count")
        PHOTO = "photo", _("Photo")
        DOCUMENT = "document", _("Document")
        OTHER = "other", _("Something else")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    on = models.DateField(_("date"), null=True, blank=True)
    count = models.PositiveIntegerField(_("how many (people, answers or passers-by)"), null=True, blank=True)
    notes = models.TextField(_("what it shows"), blank=True)
    file = models.FileField(upload_to="lab/campaigns/", blank=True)
    url = models.URLField(_("link"), blank=True, max_length=500)

    class Meta:
        ordering = ["-on", "-created"]


# --- workshops and events ------------------------------------------------------------------------------


class Event(BaseModel):
    class Kind(models.TextChoices):
        WORKSHOP = "workshop", _("Workshop")
        MEETING = "meeting", _("Meeting")
        ASSEMBLY = "assembly", _("Assembly")
        OTHER = "other", _("Other event")

    commons = models.ForeignKey(Commons, on_delete=models.CASCADE, related_name="lab_events")
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.WORKSHOP)
    summary = models.TextField(_("what it is about, in plain words"))
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    access_info = models.TextField(_("access information"), blank=True,
                                   help_text=_("Step-free? Hearing loop? Quiet room? Nearest bus stop?"))
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)
    public = models.BooleanField(_("anyone may see it and sign up"), default=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    policies = models.ManyToManyField(Policy, blank=True, related_name="events", verbose_name=_("policies discussed"))
    proposals = models.JSONField(default=list, blank=True)  # uuids of circle proposals discussed
    partnership = models.ForeignKey(Partnership, null=True, blank=True, on_delete=models.SET_NULL, related_name="events")
    project = models.ForeignKey(DemoProject, null=True, blank=True, on_delete=models.SET_NULL, related_name="events")
    campaign = models.ForeignKey(Campaign, null=True, blank=True, on_delete=models.SET_NULL, related_name="events")
    notes = models.TextField(_("notes"), blank=True)
    outcomes = models.TextField(_("what came out of it"), blank=True)

    class Meta:
        ordering = ["-starts_at"]

    def __str__(self):
        return self.title


class Registration(BaseModel):
    """Someone signed up for an event (signed in or not). Access needs and characteristics are
    private: only the event's organisers see them, and characteristics only as counts."""

    class State(models.TextChoices):
        BOOKED = "booked", _("Booked")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="lab_registrations")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone number"), max_length=40, blank=True)
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                     verbose_name=_("group"))
    organisation_kind = models.CharField(_("kind of group"), max_length=30, blank=True)  # Organisation.Kind or "resident"
    state = models.CharField(max_length=10, choices=State.choices, default=State.BOOKED)
    access_needs = models.TextField(_("access needs"), blank=True)
    interpreter = models.CharField(_("interpreter language"), max_length=60, blank=True)
    bsl = models.BooleanField(_("British Sign Language interpreter"), default=False)
    childcare = models.PositiveSmallIntegerField(_("children needing childcare"), default=0)
    dietary = models.CharField(_("food needs"), max_length=200, blank=True)
    characteristics = models.JSONField(default=dict, blank=True)  # {key: value} the person chose to share
    attended = models.BooleanField(null=True)  # None: not taken yet
    attendance_taken_at = models.DateTimeField(null=True, blank=True)
    walk_in = models.BooleanField(default=False)  # added at the door
    manage_token_hash = models.CharField(max_length=64, blank=True)  # lets a signed-out person change or cancel

    class Meta:
        ordering = ["created"]


class Payment(BaseModel):
    """Participation resourcing: a payment, voucher or expenses to a participant."""

    class Kind(models.TextChoices):
        PAYMENT = "payment", _("Payment for their time")
        VOUCHER = "voucher", _("Voucher")
        EXPENSES = "expenses", _("Expenses")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="payments")
    registration = models.ForeignKey(Registration, null=True, blank=True, on_delete=models.SET_NULL, related_name="payments")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    amount_pence = models.PositiveIntegerField(_("amount"))
    paid_on = models.DateField(_("paid on"))
    recipient_label = models.CharField(_("paid to"), max_length=200)
    funder = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("funder"))
    grant_reference = models.CharField(_("grant reference"), max_length=100, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["paid_on", "created"]


class Benchmark(BaseModel):
    """The make-up of the communities affected, to set who was around the table against: for
    example 35% of residents are Black or Black British (Census 2021)."""

    commons = models.ForeignKey(Commons, on_delete=models.CASCADE, related_name="lab_benchmarks")
    characteristic = models.CharField(max_length=30)  # a key of lab.table.CHARACTERISTICS
    value = models.CharField(max_length=60)
    share = models.DecimalField(_("share (%)"), max_digits=5, decimal_places=1)
    source = models.CharField(_("source"), max_length=200)

    class Meta:
        ordering = ["characteristic", "value"]
        constraints = [models.UniqueConstraint(fields=["commons", "characteristic", "value"], name="one_benchmark_value")]
