"""People, their place in each commons, organisations, proxies and privacy grants."""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from caringcity.core.models import BaseModel, Commons


class Person(BaseModel):
    """Someone known to one or more commons. A login (``user``) is optional and can come later."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="person"
    )
    name = models.CharField(_("full name"), max_length=200)
    preferred_name = models.CharField(
        _("preferred name"), max_length=100, blank=True, help_text=_("What they like to be called.")
    )
    pronouns = models.CharField(_("pronouns"), max_length=50, blank=True, help_text=_("For example: she/her, he/him, they/them."))
    languages = models.CharField(
        _("languages spoken"), max_length=300, blank=True, help_text=_("Separate them with commas. For example: English, Turkish.")
    )
    communication_needs = models.TextField(
        _("communication needs"),
        blank=True,
        help_text=_("For example: large print, speak slowly, needs an interpreter, uses British Sign Language."),
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone number"), max_length=40, blank=True)
    address = models.TextField(_("address"), blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return self.preferred_name or self.name

    @property
    def has_login(self):
        return self.user_id is not None

    @property
    def language_list(self):
        return [part.strip() for part in self.languages.split(",") if part.strip()]


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Membership.Status.ACTIVE)


class Membership(BaseModel):
    """A person's place in a commons, with a role."""

    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        ORGANISER = "organiser", _("Organiser")
        ADMIN = "admin", _("Admin")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        LEFT = "left", _("Left")

    commons = models.ForeignKey(Commons, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    joined = models.DateTimeField(default=timezone.now)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["commons", "person"], name="one_membership_per_commons")]
        ordering = ["person__name"]

    def __str__(self):
        return f"{self.person} in {self.commons} ({self.role})"

    @property
    def is_organiser(self):
        return self.status == self.Status.ACTIVE and self.role in (self.Role.ORGANISER, self.Role.ADMIN)

    @property
    def is_admin(self):
        return self.status == self.Status.ACTIVE and self.role == self.Role.ADMIN


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Invitation(BaseModel):
    """An invitation to join a commons, sent by e-mail. If ``person`` is set, accepting it gives
    that existing person (for example someone who used paper until now) a login."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        REVOKED = "revoked", _("Cancelled")

    commons = models.ForeignKey(Commons, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=20, choices=Membership.Role.choices, default=Membership.Role.MEMBER)
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.CASCADE, related_name="invitations")
    token_hash = models.CharField(max_length=64, unique=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    expires = models.DateTimeField()
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created"]

    def __str__(self):
        return f"invitation to {self.email} for {self.commons}"

    @property
    def is_open(self):
        return self.status == self.Status.PENDING and self.expires > timezone.now()


class Organisation(BaseModel):
    """A group, charity, service, business, market or hub known to a commons."""

    class Kind(models.TextChoices):
        GRASSROOTS = "grassroots", _("Grassroots group")
        CHARITY = "charity", _("Charity or CIC")
        SOCIAL_ENTERPRISE = "social_enterprise", _("Social enterprise")
        COMMUNITY_HUB = "community_hub", _("Community hub")
        STATUTORY = "statutory", _("Statutory service")
        BUSINESS = "business", _("Business")
        MARKET = "market", _("Market")
        FOOD_HUB = "food_hub", _("Food hub")

    commons = models.ForeignKey(Commons, on_delete=models.CASCADE, related_name="organisations")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    constituted = models.BooleanField(
        _("formally set up"),
        default=False,
        help_text=_("Tick if it has a written constitution or is registered (for example as a charity or company)."),
    )
    description = models.TextField(_("what it does"), blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone number"), max_length=40, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class OrganisationMembership(BaseModel):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="organisation_memberships")
    role = models.CharField(_("their role"), max_length=100, blank=True, help_text=_("For example: volunteer, chair, staff."))
    since = models.DateField(_("since"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "person"], name="one_membership_per_organisation")
        ]
        ordering = ["person__name"]

    def __str__(self):
        return f"{self.person} in {self.organisation}"


class CurrentQuerySet(models.QuerySet):
    """Records that are in force now: not ended, not past their end date."""

    def current(self, now=None):
        now = now or timezone.now()
        return self.filter(ended_at=None).filter(Q(until=None) | Q(until__gt=now))


class Proxy(BaseModel):
    """``proxy`` may act for ``principal`` in this commons (for example a daughter for her father).
    Every write made this way records both."""

    commons = models.ForeignKey(Commons, on_delete=models.CASCADE, related_name="proxies")
    principal = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="proxies")
    proxy = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="acts_for")
    how_agreed = models.CharField(
        _("how they agreed"),
        max_length=300,
        help_text=_("For example: agreed in person at home on 3 May, with their son present."),
    )
    until = models.DateTimeField(_("until"), null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    objects = CurrentQuerySet.as_manager()

    class Meta:
        verbose_name_plural = _("proxies")
        ordering = ["-created"]

    def clean(self):
        if self.principal_id and self.principal_id == self.proxy_id:
            raise ValidationError(_("Someone cannot act for themselves."))

    def __str__(self):
        return f"{self.proxy} acts for {self.principal}"


class AccessGrant(BaseModel):
    """``grantor`` lets ``grantee`` see one part of their records until a date. Revocable at once."""

    commons = models.ForeignKey(Commons, on_delete=models.CASCADE, related_name="grants")
    grantor = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="grants_given")
    grantee = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="grants_received")
    part = models.CharField(_("what they may see"), max_length=80)
    until = models.DateTimeField(_("until"), null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    objects = CurrentQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]

    def __str__(self):
        return f"{self.grantee} may see {self.part} of {self.grantor}"

    def get_part_label(self):
        from caringcity.people.privacy import part_label

        return part_label(self.part)


class EmergencyContact(BaseModel):
    """``holder`` may open ``person``'s records in an emergency, for a few hours, giving a reason."""

    commons = models.ForeignKey(Commons, on_delete=models.CASCADE, related_name="emergency_contacts")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="emergency_contacts")
    holder = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="emergency_contact_for")
    hours = models.PositiveSmallIntegerField(_("for how many hours"), default=4)
    ended_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created"]

    def __str__(self):
        return f"{self.holder} is an emergency contact for {self.person}"


class EmergencyAccess(BaseModel):
    """One use of emergency access: who, for whom, why, and until when."""

    commons = models.ForeignKey(Commons, on_delete=models.CASCADE, related_name="emergency_accesses")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="emergency_accesses")
    holder = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="emergency_accesses_used")
    reason = models.CharField(_("why"), max_length=500)
    until = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = CurrentQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]
        verbose_name_plural = _("emergency accesses")

    def __str__(self):
        return f"{self.holder} opened {self.person}'s records"


def _approach_field(label):
    from django.core.validators import MaxValueValidator, MinValueValidator

    return models.PositiveSmallIntegerField(label, null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)])


class ApproachMixin(models.Model):
    """The six 1–5 support-approach scales (see profiles.APPROACH_SCALES)."""

    approach_1 = _approach_field(_("Quiet and calm (1) or chatty and lively (5)"))
    approach_2 = _approach_field(_("Keep to a routine (1) or go with the flow (5)"))
    approach_3 = _approach_field(_("Do things for me (1) or help me do things myself (5)"))
    approach_4 = _approach_field(_("Polite and formal (1) or relaxed and informal (5)"))
    approach_5 = _approach_field(_("Tell me what you think (1) or let me decide (5)"))
    approach_6 = _approach_field(_("Jobs first (1) or company and a chat first (5)"))

    class Meta:
        abstract = True

    @property
    def approach(self):
        from caringcity.people.profiles import APPROACH_FIELDS

        return [getattr(self, f) for f in APPROACH_FIELDS]


class GettingSupportProfile(BaseModel, ApproachMixin):
    """Written with the person who gets support. Each section is a privacy part they share person
    by person (see profiles.GETTING_SUPPORT_SECTIONS)."""

    class AgeBand(models.TextChoices):
        UNDER_25 = "u25", _("Under 25")
        A25_49 = "25-49", _("25 to 49")
        A50_64 = "50-64", _("50 to 64")
        A65_79 = "65-79", _("65 to 79")
        A80 = "80+", _("80 or over")
        NOT_SAID = "", _("Prefer not to say")

    commons = models.ForeignKey(Commons, on_delete=models.CASCADE, related_name="getting_support_profiles")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="getting_support_profiles")
    about_me = models.TextField(_("About me"), blank=True)
    important_to_me = models.TextField(_("What's important to me"), blank=True)
    advance_decisions = models.TextField(_("Advance decisions"), blank=True,
                                         help_text=_("Decisions made in advance about care or treatment, and where the papers are."))
    communication_needs = models.TextField(_("Communication needs"), blank=True)
    medication_record_location = models.CharField(_("Where the medication record is"), max_length=300, blank=True)
    powers_of_attorney = models.TextField(_("Powers of attorney"), blank=True,
                                          help_text=_("Who can make decisions for you if you cannot, and for what."))
    key_contacts = models.TextField(_("Key contacts"), blank=True)
    wellbeing = models.TextField(_("Physical and mental wellbeing"), blank=True)
    relationships = models.TextField(_("Relationships and community"), blank=True)
    surroundings = models.TextField(_("My surroundings"), blank=True)
    support_preferences = models.TextField(_("How I like to be supported"), blank=True)
    where_support_happens = models.TextField(_("Where support happens"), blank=True)
    age_band = models.CharField(_("Age group"), max_length=10, choices=AgeBand.choices, blank=True)
    gender = models.CharField(_("Gender"), max_length=50, blank=True)
    ethnic_group = models.CharField(_("Ethnic group"), max_length=100, blank=True)
    written_with = models.CharField(_("Written with"), max_length=200, blank=True,
                                    help_text=_("Who helped write this, for example the Profile Holder."))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["commons", "person"], name="one_getting_support_profile")]

    def __str__(self):
        return f"Getting Support profile of {self.person}"


class GivingSupportProfile(BaseModel, ApproachMixin):
    """A worker's or volunteer's profile, used for matching. Visible to members of the commons
    while ``open_to_matching`` is on."""

    commons = models.ForeignKey(Commons, on_delete=models.CASCADE, related_name="giving_support_profiles")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="giving_support_profiles")
    open_to_matching = models.BooleanField(_("Show me in matches"), default=True)
    introduction = models.TextField(_("Introduction"), blank=True)
    experience = models.TextField(_("Experience"), blank=True)
    skills = models.CharField(_("Skills"), max_length=500, blank=True,
                              help_text=_("Separate them with commas. For example: cooking, personal care, gardening."))
    lived_experience = models.TextField(_("Lived experience"), blank=True,
                                        help_text=_("Experience from your own life that helps you support others."))
    travel = models.CharField(_("How you travel"), max_length=200, blank=True, help_text=_("For example: on foot, bus, bike, car."))
    area_postcode = models.CharField(_("Where you start from (postcode)"), max_length=10, blank=True)
    area_km = models.DecimalField(_("How far you will travel (km)"), max_digits=4, decimal_places=1, default=3)
    availability = models.JSONField(_("When you are free"), default=list, blank=True)
    independent = models.BooleanField(_("I work for myself (self-employed)"), default=False)
    rate_pence = models.PositiveIntegerField(_("Rate per hour (pence)"), null=True, blank=True)
    minimum_minutes = models.PositiveIntegerField(_("Shortest booking (minutes)"), null=True, blank=True)
    gender = models.CharField(_("Gender"), max_length=50, blank=True,
                              help_text=_("Only if you are happy to share it: some people ask for a man or a woman."))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["commons", "person"], name="one_giving_support_profile")]

    def __str__(self):
        return f"Giving Support profile of {self.person}"

    @property
    def skill_list(self):
        return [s.strip() for s in self.skills.split(",") if s.strip()]


class Qualification(BaseModel):
    profile = models.ForeignKey(GivingSupportProfile, on_delete=models.CASCADE, related_name="qualifications")
    name = models.CharField(_("Qualification"), max_length=200)
    obtained_on = models.DateField(_("Date gained"), null=True, blank=True)
    expires_on = models.DateField(_("Runs out on"), null=True, blank=True)

    class Meta:
        ordering = ["-obtained_on", "name"]

    def __str__(self):
        return self.name
