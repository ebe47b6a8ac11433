"""Care teams owned by the person who gets support: membership by mutual consent, hats held by
consent for a term, team-starting stages, call-outs and a noticeboard.

The allowed moves of each state machine live in ``states.py``; services refuse any other move
with a reason the page shows.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from caringcity.core.models import BaseModel, Commons
from caringcity.people.models import ApproachMixin, Person


class Stage(models.TextChoices):
    FIRST_CONTACT = "first_contact", _("First contact")
    BEGINNING = "beginning", _("Beginning the relationship")
    FINDING_MATCH = "finding_match", _("Finding a match")
    CONVERSATION = "conversation", _("Supportive conversation and trust assessment")
    PROFILES_PROMISES = "profiles_promises", _("Profiles and promises")
    BUILDING = "building", _("Building the team")
    ORGANISING = "organising", _("Getting organised")
    STEPPING_BACK = "stepping_back", _("Stepping back")
    INDEPENDENT = "independent", _("Running by itself")
    ENDED = "ended", _("Ended")


class TeamQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(stage=Stage.ENDED)


class Team(BaseModel):
    commons = models.ForeignKey(Commons, on_delete=models.CASCADE, related_name="teams")
    owner = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="owned_teams")
    name = models.CharField(_("team name"), max_length=120, help_text=_("For example: Arthur's team."))
    stage = models.CharField(_("stage"), max_length=30, choices=Stage.choices, default=Stage.FIRST_CONTACT)
    waiting = models.BooleanField(_("on the waiting list"), default=False)
    waiting_since = models.DateField(_("waiting since"), null=True, blank=True)
    key_needs = models.TextField(
        _("key needs"), blank=True,
        help_text=_("A few lines the team should always keep in mind. Only people the owner chooses see them."),
    )
    rota_running = models.BooleanField(
        _("the rota is running"), default=False,
        help_text=_("The Rota Holder says visits are planned and covered without the Team Starter."),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    objects = TeamQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class StageChange(BaseModel):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(max_length=30, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=30, choices=Stage.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    acting_for = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["created", "pk"]


class ChecklistTick(BaseModel):
    """One item of a stage's checklist, done (see states.CHECKLISTS)."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="ticks")
    item = models.CharField(max_length=60)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["team", "item"], name="one_tick_per_item")]


class MemberKind(models.TextChoices):
    FAMILY = "family", _("Family")
    FRIEND = "friend", _("Friend or neighbour")
    WORKER_EMPLOYED = "worker_employed", _("Care worker (employed)")
    WORKER_SELF = "worker_self", _("Care worker (self-employed)")
    VOLUNTEER = "volunteer", _("Volunteer")
    PEER = "peer", _("Peer supporter")
    PROFESSIONAL = "professional", _("Professional (for example a social worker)")
    STARTER = "starter", _("Team Starter")


PAID_KINDS = {MemberKind.WORKER_EMPLOYED, MemberKind.WORKER_SELF}


class MemberStatus(models.TextChoices):
    INVITED = "invited", _("Invited, waiting for them to say yes")
    REQUESTED = "requested", _("Asked to join, waiting for the owner")
    TRIAL = "trial", _("On trial")
    ACTIVE = "active", _("Member")
    LEAVING = "leaving", _("Leaving")
    LEFT = "left", _("Left")
    DECLINED = "declined", _("Said no")
    TRIAL_ENDED = "trial_ended", _("Trial ended")


CURRENT_STATUSES = (MemberStatus.TRIAL, MemberStatus.ACTIVE, MemberStatus.LEAVING)


class TeamMemberQuerySet(models.QuerySet):
    def current(self):
        """People in the team now: members, people on trial, and people working their notice."""
        return self.filter(status__in=CURRENT_STATUSES)


class TeamMember(BaseModel):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="team_memberships")
    kind = models.CharField(_("how they are part of the team"), max_length=30, choices=MemberKind.choices)
    status = models.CharField(max_length=20, choices=MemberStatus.choices)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    message = models.CharField(_("message"), max_length=500, blank=True)
    trial_sessions = models.PositiveSmallIntegerField(_("trial sessions"), default=0,
                                                      help_text=_("0 for no trial, or 1 to 3 sessions before joining fully."))
    trial_done = models.PositiveSmallIntegerField(default=0)
    owner_says_yes = models.BooleanField(default=False)
    member_says_yes = models.BooleanField(default=False)
    joined = models.DateTimeField(null=True, blank=True)
    notice_until = models.DateField(null=True, blank=True)
    goodbye = models.TextField(_("goodbye message"), blank=True)
    ended = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(_("reason"), max_length=300, blank=True)
    from_match = models.BooleanField(default=False)

    objects = TeamMemberQuerySet.as_manager()

    class Meta:
        ordering = ["person__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "person"],
                condition=models.Q(status__in=["invited", "requested", "trial", "active", "leaving"]),
                name="one_open_membership_per_team",
            )
        ]

    def __str__(self):
        return f"{self.person} in {self.team} ({self.status})"

    @property
    def is_paid(self):
        return self.kind in PAID_KINDS

    @property
    def is_current(self):
        return self.status in CURRENT_STATUSES


class HatKind(models.TextChoices):
    PROFILE_HOLDER = "profile_holder", _("Profile Holder")
    ROTA_HOLDER = "rota_holder", _("Rota Holder")
    MAR_HOLDER = "mar_holder", _("Medication (MAR) Holder")
    CHAT_ADMIN = "chat_admin", _("Team Chat Admin")
    CHECKIN_FACILITATOR = "checkin_facilitator", _("Check-in Facilitator")
    SAFEGUARDING_LEAD = "safeguarding_lead", _("Safeguarding Lead")
    WELCOMER = "welcomer", _("Welcomer of new members")
    CUSTOM = "custom", _("A hat the team made up")


# The hats a team must have filled by its own members to run by itself.
ESSENTIAL_HATS = (HatKind.PROFILE_HOLDER, HatKind.ROTA_HOLDER, HatKind.CHECKIN_FACILITATOR)


class Hat(BaseModel):
    """A role in a team. The Team Owner is not a hat record: it is the team's owner."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="hats")
    kind = models.CharField(max_length=30, choices=HatKind.choices)
    name = models.CharField(_("name"), max_length=100, blank=True)
    description = models.TextField(_("what it involves"), blank=True)

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["team", "kind"], condition=~models.Q(kind="custom"), name="one_hat_of_each_kind"),
        ]

    def __str__(self):
        return self.title

    @property
    def title(self):
        return self.name if self.kind == HatKind.CUSTOM else self.get_kind_display()


class TermStatus(models.TextChoices):
    NOMINATED = "nominated", _("Nominated, waiting for consent")
    HELD = "held", _("Held")
    ENDED = "ended", _("Ended")
    WITHDRAWN = "withdrawn", _("Not taken up")


class HatTerm(BaseModel):
    """Someone wearing a hat for a term. Nominated (by themselves or others), held once the team
    consents, checked in on, then handed over or dropped. Rows are never deleted: the history."""

    hat = models.ForeignKey(Hat, on_delete=models.CASCADE, related_name="terms")
    holder = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="hat_terms")
    status = models.CharField(max_length=20, choices=TermStatus.choices, default=TermStatus.NOMINATED)
    nominated_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    paid = models.BooleanField(_("paid work"), default=False)
    starts = models.DateField(_("starts"), null=True, blank=True)
    ends = models.DateField(_("term ends"), null=True, blank=True)
    check_in = models.DateField(_("check-in date"), null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    end_note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self):
        return f"{self.holder} – {self.hat}"


class HatConsent(BaseModel):
    """A team member's answer to a hat nomination. An objection needs a reason."""

    class Answer(models.TextChoices):
        CONSENT = "consent", _("I consent")
        OBJECT = "object", _("I object")

    term = models.ForeignKey(HatTerm, on_delete=models.CASCADE, related_name="consents")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    answer = models.CharField(max_length=10, choices=Answer.choices)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["term", "person"], name="one_answer_per_person")]


class Promise(BaseModel):
    """The agreement the owner and the commons make at 'profiles and promises'."""

    class How(models.TextChoices):
        SIGNED = "signed", _("Signed on paper")
        SCREEN = "screen", _("Agreed on screen")
        PHONE = "phone", _("Agreed by phone")

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="promises")
    text = models.TextField(_("what we promise each other"))
    agreed_on = models.DateField(_("date agreed"))
    how = models.CharField(_("how it was agreed"), max_length=10, choices=How.choices)
    agreed_by = models.CharField(_("who agreed"), max_length=300)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-agreed_on", "-created"]


class TrustAssessment(BaseModel):
    """Kept by the Profile Holder; shared only with the owner's consent (part 'trust_assessment')."""

    class Level(models.TextChoices):
        OK = "ok", _("No worries")
        CARE = "care", _("Take care")
        SUPPORT = "support", _("Needs a plan")

    team = models.OneToOneField(Team, on_delete=models.CASCADE, related_name="trust_assessment")
    home = models.TextField(_("Home"), blank=True)
    home_level = models.CharField(max_length=10, choices=Level.choices, blank=True)
    medication = models.TextField(_("Medication support"), blank=True)
    medication_level = models.CharField(max_length=10, choices=Level.choices, blank=True)
    mobility = models.TextField(_("Mobility"), blank=True)
    mobility_level = models.CharField(max_length=10, choices=Level.choices, blank=True)
    getting_out = models.TextField(_("Getting out"), blank=True)
    getting_out_level = models.CharField(max_length=10, choices=Level.choices, blank=True)
    boundaries = models.TextField(_("Boundaries"), blank=True)
    boundaries_level = models.CharField(max_length=10, choices=Level.choices, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")


class Notice(BaseModel):
    """A short message on the team's noticeboard."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="notices")
    author = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    acting_for = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    text = models.CharField(_("message"), max_length=500)

    class Meta:
        ordering = ["-created", "-pk"]


class MatchRequest(BaseModel, ApproachMixin):
    """What a team needs, for self-service matching (and, when published, an anonymised call-out)."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="match_requests")
    postcode = models.CharField(_("where support happens (postcode)"), max_length=10)
    max_km = models.DecimalField(_("furthest distance (km)"), max_digits=4, decimal_places=1, default=5)
    slots = models.JSONField(_("when support is needed"), default=list, blank=True)
    skills = models.CharField(_("skills needed"), max_length=300, blank=True,
                              help_text=_("Separate them with commas. For example: cooking, personal care."))
    languages = models.CharField(_("languages"), max_length=200, blank=True, help_text=_("Separate them with commas."))
    gender = models.CharField(_("gender of the person supporting"), max_length=50, blank=True,
                              help_text=_("Leave empty if it does not matter."))
    paid = models.CharField(_("paid or volunteer"), max_length=10, blank=True,
                            choices=[("", _("Either")), ("paid", _("Paid")), ("volunteer", _("Volunteer"))])
    summary = models.TextField(_("call-out: what the team needs, without names"), blank=True,
                               help_text=_("If you publish a call-out, workers see this text, the area and the times. Do not write names or health details."))
    published = models.BooleanField(_("published as a call-out"), default=False)
    closed = models.BooleanField(default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created"]

    @property
    def skill_list(self):
        return [s.strip().lower() for s in self.skills.split(",") if s.strip()]

    @property
    def language_list(self):
        return [s.strip().lower() for s in self.languages.split(",") if s.strip()]

    @property
    def area(self):
        from caringcity.core.geo import outward

        return outward(self.postcode)


def today():
    return timezone.localdate()
