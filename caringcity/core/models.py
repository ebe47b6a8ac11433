"""Core: the base model, accounts, commons (tenancy), the audit trail and the e-mail outbox."""

import uuid

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class BaseModel(models.Model):
    """Every record has a public uuid (used in URLs, never the database id) and timestamps."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created = models.DateTimeField(default=timezone.now, editable=False)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("An e-mail address is needed.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A login. The person behind it is ``people.Person`` (``user.person``), which can exist first:
    someone known to a commons who has no login yet keeps everything when they get one."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("e-mail address"), unique=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    is_staff = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("login")
        verbose_name_plural = _("logins")

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        person = getattr(self, "person", None)
        if person is not None:
            return person.display_name
        return self.name or self.email


class Commons(BaseModel):
    """A tenant: a local care co-op, community group or a network of groups."""

    class Kind(models.TextChoices):
        CARE_COOP = "care_coop", _("Care co-op")
        COMMUNITY_GROUP = "community_group", _("Community group")
        NETWORK = "network", _("Network of groups")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name for web addresses"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.CARE_COOP)
    description = models.TextField(_("what it is for"), blank=True)
    area = models.CharField(_("area"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("commons")
        verbose_name_plural = _("commons")
        ordering = ["name"]

    def __str__(self):
        return self.name


class AuditEvent(models.Model):
    """Who did what to which record, when, for whom and why. Never the content.

    Person references are stored as public uuids, not foreign keys: the trail outlives the
    records it speaks of, and core does not depend on the people app.
    """

    class Action(models.TextChoices):
        VIEW = "view", _("looked at")
        CREATE = "create", _("added")
        UPDATE = "update", _("changed")
        DELETE = "delete", _("removed")
        GRANT = "grant", _("gave access")
        REVOKE = "revoke", _("took back access")
        EMERGENCY = "emergency", _("used emergency access")
        INVITE = "invite", _("invited")
        JOIN = "join", _("joined")
        LINK_LOGIN = "link_login", _("linked a login")
        ROLE = "role", _("changed a role")
        EXPORT = "export", _("downloaded")

    created = models.DateTimeField(default=timezone.now, db_index=True)
    commons = models.ForeignKey(Commons, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor = models.ForeignKey("core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor_person = models.UUIDField(null=True, blank=True)
    acting_for = models.UUIDField(null=True, blank=True, help_text="the person the actor acted for, if any")
    subject = models.UUIDField(null=True, blank=True, db_index=True, help_text="whose records these are")
    action = models.CharField(max_length=40, choices=Action.choices)
    object_type = models.CharField(max_length=80)
    object_id = models.CharField(max_length=64, blank=True)
    part = models.CharField(max_length=80, blank=True, help_text="which part of the person's records")
    basis = models.CharField(max_length=20, blank=True, help_text="why the actor was allowed")
    reason = models.CharField(max_length=500, blank=True)
    request_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["subject", "-created"])]

    def __str__(self):
        return f"{self.created:%Y-%m-%d %H:%M} {self.action} {self.object_type} {self.object_id}"


class OutboundEmail(models.Model):
    """The e-mail outbox. A task sends one by id; sending twice is impossible (idempotent).
    Bodies are wiped a few days after sending (they may hold sign-in codes)."""

    created = models.DateTimeField(default=timezone.now)
    to = models.EmailField()
    subject = models.CharField(max_length=300)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self):
        return f"to {self.to}: {self.subject}"


class PostcodeCentroid(models.Model):
    """The centre point of a postcode or a postcode district (outward code), from an open dataset
    the operator loads (ONS Postcode Directory or Code-Point Open). People are only ever placed at
    a centroid, never at their door."""

    postcode = models.CharField(max_length=8, unique=True, help_text="normalised: upper case, one space; or an outward code")
    latitude = models.FloatField()
    longitude = models.FloatField()
    source = models.CharField(max_length=60, blank=True)

    def __str__(self):
        return self.postcode
