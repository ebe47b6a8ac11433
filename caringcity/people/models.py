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
