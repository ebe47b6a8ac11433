"""Stories: long interviews with community voices ("biographies of engagement"), recorded,
transcribed, summarised and shared back with each person to revise and approve before anything is
used; then coded by theme, with a bank of approved quotes.

Each block below belongs to one part; see docs/stories.md. What people say in an interview is
personal: none of it appears in URLs, logs, audit reasons or e-mails. An interview is used only
while its consent allows (``Interview.usable``): never in draft, never while closed, never after a
take-down, and only for the uses its current agreement names.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from caringcity.core.models import BaseModel, Commons
from caringcity.people.models import Person

# --- projects: who does the research ---------------------------------------------------------------


class Project(BaseModel):
    """A piece of research: a set of interviews, its research team, its themes and quote bank."""

    commons = models.ForeignKey(Commons, on_delete=models.CASCADE, related_name="story_projects")
    name = models.CharField(_("name"), max_length=200)
    purpose = models.TextField(_("what the research is for"), blank=True,
                               help_text=_("In plain words: people read this before they agree to an interview."))
    started_on = models.DateField(_("started on"), null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Researcher(BaseModel):
    """Someone on a project's research team. Only the team sees interviews, transcripts and
    summaries that are not approved. A lead also manages the team."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Leads the research")
        RESEARCHER = "researcher", _("Researcher")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="researchers")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="research_roles")
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.RESEARCHER)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["person__name"]
        constraints = [models.UniqueConstraint(fields=["project", "person"], condition=models.Q(ended_at__isnull=True),
                                               name="one_current_research_role")]


# --- interviews and consent --------------------------------------------------------------------------


class InterviewState(models.TextChoices):
    """The consent state machine (``services/interviews.py`` holds the moves):

    draft --(agreement recorded)--> agreed --(closure)--> closed --(closure ends or is lifted)--> agreed
    any state but taken_down --(take-down)--> taken_down   (final: hidden everywhere at once)
    agreed --(agreement withdrawn)--> draft
    """

    DRAFT = "draft", _("Draft: no agreement yet")
    AGREED = "agreed", _("Agreed: may be used as agreed")
    CLOSED = "closed", _("Closed for now")
    TAKEN_DOWN = "taken_down", _("Taken down")


class Use(models.TextChoices):
    """What a person may allow their interview to be used for (``Agreement.uses``)."""

    RESEARCH = "research", _("For the research only")
    QUOTE_NAMED = "quote_named", _("Quotes with my name")
    QUOTE_ANONYMOUS = "quote_anonymous", _("Quotes without my name")
    PUBLISH_ONLINE = "publish_online", _("Published online")


class Interview(BaseModel):
    commons = models.ForeignKey(Commons, on_delete=models.CASCADE, related_name="interviews")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="interviews")
    respondent = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="interviews_given",
                                   verbose_name=_("the person interviewed"))
    interviewers = models.ManyToManyField(Person, related_name="interviews_held", blank=True, verbose_name=_("interviewers"))
    title = models.CharField(_("short title"), max_length=200,
                             help_text=_("Shown in lists. Do not put health details here."))
    held_on = models.DateField(_("date"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=60, blank=True)
    state = models.CharField(_("consent"), max_length=12, choices=InterviewState.choices, default=InterviewState.DRAFT)
    closed_until = models.DateField(_("closed until"), null=True, blank=True)  # set while CLOSED
    taken_down_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-held_on", "title"]

    def __str__(self):
        return self.title

    @property
    def usable(self):
        """May anything of this interview be used now? (twin: ``selectors.interviews.usable_interviews``)"""
        return self.state == InterviewState.AGREED


class Agreement(BaseModel):
    """The recording agreement, captured before anything is used. The newest one not withdrawn is
    in force; a new one replaces it (the old one is kept)."""

    class How(models.TextChoices):
        SCREEN = "screen", _("Signed on screen")
        PAPER = "paper", _("Signed on paper (uploaded)")
        PHONE = "phone", _("Agreed by phone")

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="agreements")
    how = models.CharField(_("how they agreed"), max_length=10, choices=How.choices)
    agreed_on = models.DateField(_("agreed on"))
    signed_name = models.CharField(_("name as signed"), max_length=200, blank=True)
    paper = models.FileField(upload_to="stories/agreements/", blank=True)  # a scan or photo of the signed form
    paper_content_type = models.CharField(max_length=60, blank=True)
    recorded_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+",
                                    verbose_name=_("recorded by"))
    uses = models.JSONField(_("what they allow"), default=list)  # [Use]
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-created"]

    def allows(self, use):
        return self.withdrawn_at is None and use in (self.uses or [])


class Closure(BaseModel):
    """A time the person asked that their interview not be used (for example until a move is
    settled). Ends by itself on ``until``, or earlier when lifted."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="closures")
    starts_on = models.DateField(_("from"), default=timezone.localdate)
    until = models.DateField(_("until"))
    reason = models.CharField(_("why (without private details)"), max_length=200, blank=True)
    asked_by = models.CharField(_("who asked"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    lifted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-starts_on"]


class TakeDown(BaseModel):
    """A request that the material be taken down. Hides the interview, its recordings, transcripts,
    summaries, passages and quotes everywhere at once; kept so the decision can be shown."""

    interview = models.OneToOneField(Interview, on_delete=models.CASCADE, related_name="take_down")
    asked_on = models.DateField(_("asked on"), default=timezone.localdate)
    asked_by = models.CharField(_("who asked"), max_length=200)
    how = models.CharField(_("how they asked"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")


# --- recordings and transcripts ------------------------------------------------------------------------


def recording_path(instance, filename):
    # The stored name says nothing about the content: uuid only. Never under a public folder.
    return f"stories/recordings/{instance.interview.commons.uuid}/{instance.uuid}"


class Recording(BaseModel):
    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="recordings")
    file = models.FileField(upload_to=recording_path)
    kind = models.CharField(max_length=10)  # "wav", "mp3", "ogg", "m4a", "webm" (sniffed from the bytes)
    content_type = models.CharField(max_length=60)
    size = models.PositiveBigIntegerField()
    duration_seconds = models.FloatField(null=True, blank=True)
    label = models.CharField(_("label"), max_length=120, blank=True, help_text=_("For example: part 1."))
    uploaded_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["created"]


class Transcript(BaseModel):
    class Source(models.TextChoices):
        WEBVTT = "webvtt", _("WebVTT file (Teams, Zoom)")
        SRT = "srt", _("SRT subtitles")
        OTTER = "otter", _("Otter text export")
        OTR = "otr", _("oTranscribe file")
        TEXT = "text", _("Plain text")
        DOCX = "docx", _("Word document")
        MACHINE = "machine", _("Speech to text on this server")
        TYPED = "typed", _("Typed here")

    class Job(models.TextChoices):
        NONE = "", _("Not a machine transcript")
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Being written")
        DONE = "done", _("Done")
        FAILED = "failed", _("Could not be written")

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="transcripts")
    recording = models.ForeignKey(Recording, null=True, blank=True, on_delete=models.SET_NULL, related_name="transcripts")
    source = models.CharField(_("where it came from"), max_length=10, choices=Source.choices)
    language = models.CharField(_("language"), max_length=20, blank=True)
    engine = models.CharField(max_length=60, blank=True)  # machine transcripts: engine, model and version
    engine_model = models.CharField(max_length=200, blank=True)
    engine_version = models.CharField(max_length=60, blank=True)
    job = models.CharField(max_length=10, choices=Job.choices, default=Job.NONE, blank=True)
    job_error = models.CharField(max_length=300, blank=True)  # plain words, never the content
    seconds_taken = models.FloatField(null=True, blank=True)
    needs_review = models.BooleanField(_("needs review"), default=False)
    reviewed_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    added_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["created"]


class Turn(BaseModel):
    """One person speaking without interruption. Times in seconds from the start of the recording
    (None when the source had none)."""

    transcript = models.ForeignKey(Transcript, on_delete=models.CASCADE, related_name="turns")
    order = models.PositiveIntegerField()
    speaker = models.CharField(max_length=120, blank=True)
    start = models.FloatField(null=True, blank=True)
    end = models.FloatField(null=True, blank=True)
    text = models.TextField()

    class Meta:
        ordering = ["transcript", "order"]


# --- summaries reviewed by the person ----------------------------------------------------------------


class SummaryState(models.TextChoices):
    DRAFT = "draft", _("Draft: only the research team sees it")
    WITH_PERSON = "with_person", _("With the person to read")
    CHANGES = "changes", _("The person suggested changes")
    APPROVED = "approved", _("Approved by the person")
    WITHDRAWN = "withdrawn", _("Approval withdrawn")


class Summary(BaseModel):
    """A summary of one interview. Nothing is used until the person approves a version; approval
    can be withdrawn. Every version is kept (``SummaryVersion``)."""

    interview = models.OneToOneField(Interview, on_delete=models.CASCADE, related_name="summary")
    state = models.CharField(_("state"), max_length=12, choices=SummaryState.choices, default=SummaryState.DRAFT)
    approved_version = models.ForeignKey("SummaryVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_how = models.CharField(max_length=12, blank=True)  # ReviewHow
    approval_recorded_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")


class ReviewHow(models.TextChoices):
    LINK = "link", _("Online, with their private link")
    SIGNED_IN = "signed_in", _("Online, signed in")
    PRINTED = "printed", _("On a printed copy")
    PHONE = "phone", _("By phone")
    IN_PERSON = "in_person", _("In person")


class SummaryVersion(BaseModel):
    class Kind(models.TextChoices):
        DRAFT = "draft", _("Draft by the research team")
        SUGGESTION = "suggestion", _("Changes suggested by the person")
        ADDITION = "addition", _("Added by the person")
        REVISION = "revision", _("Revised by the research team")

    summary = models.ForeignKey(Summary, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    kind = models.CharField(max_length=12, choices=Kind.choices)
    text = models.TextField(_("summary"))
    note = models.TextField(_("note about the change"), blank=True)
    written_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    how = models.CharField(max_length=12, choices=ReviewHow.choices, blank=True)  # the person's own versions
    recorded_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    started_from = models.CharField(max_length=20, blank=True)  # "extractive", "language_model" or ""

    class Meta:
        ordering = ["summary", "number"]
        constraints = [models.UniqueConstraint(fields=["summary", "number"], name="one_summary_version_number")]


class ReviewLink(BaseModel):
    """A private link for the person to read, change and approve their summary without signing in.
    Only a hash of the token is kept; the link works until it expires, is used up by approval, or is
    cancelled."""

    summary = models.ForeignKey(Summary, on_delete=models.CASCADE, related_name="review_links")
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    cancelled_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    made_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")


# --- coding and quotes ----------------------------------------------------------------------------------


class Code(BaseModel):
    """A theme. Nested by ``parent``."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="codes")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    name = models.CharField(_("name"), max_length=120)
    colour = models.CharField(_("colour"), max_length=7, default="#1d70b8")
    description = models.TextField(_("what it means"), blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class Passage(BaseModel):
    """A highlighted passage: characters ``start``..``end`` of one transcript turn's text, or of a
    summary version's text. ``text`` keeps the words as highlighted."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="passages")
    turn = models.ForeignKey(Turn, null=True, blank=True, on_delete=models.CASCADE, related_name="passages")
    summary_version = models.ForeignKey(SummaryVersion, null=True, blank=True, on_delete=models.CASCADE, related_name="passages")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()
    codes = models.ManyToManyField(Code, related_name="passages", blank=True)
    memo = models.TextField(_("note"), blank=True)
    coded_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["created"]


class StoryQuote(BaseModel):
    """A passage in the quote bank. Usable only while its interview is usable, its agreement
    allows ``use``, it is approved, and not withdrawn."""

    class QuoteUse(models.TextChoices):
        NAMED = "named", _("With their name")
        ANONYMISED = "anonymised", _("Without their name")

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="quotes")
    passage = models.ForeignKey(Passage, null=True, blank=True, on_delete=models.SET_NULL, related_name="quotes")
    text = models.TextField(_("the words"))
    use = models.CharField(_("how it may be used"), max_length=12, choices=QuoteUse.choices)
    attribution = models.CharField(_("said by"), max_length=200,
                                   help_text=_("For example: “Gloria, Clapton” or “A market trader”."))
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_how = models.CharField(max_length=12, choices=ReviewHow.choices, blank=True)
    approved_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-approved_at", "-created"]


