"""Networks of care: personal care maps (an ecomap around one person), the neighbourhood map of
care (actors and the connections between them, with snapshots over time), and the directory of
services published as Open Referral UK.

Nothing here is placed more exactly than a postcode centroid (``core.geo``): an actor keeps the
postcode it was given and the centroid it was placed at, never a rooftop point.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from caringcity.core.models import BaseModel, Commons
from caringcity.people.models import Organisation, Person
from caringcity.teams.models import Team

# --- shared vocabularies ---------------------------------------------------------------------


class Direction(models.TextChoices):
    """Who supports whom along a tie or connection. ONE_WAY: the source supports the target."""

    ONE_WAY = "one_way", _("One way")
    BOTH = "both", _("Both ways")


# --- personal care maps (part: caremaps) ------------------------------------------------------


class TieKind(models.TextChoices):
    FAMILY = "family", _("Family")
    FRIEND = "friend", _("Friend")
    NEIGHBOUR = "neighbour", _("Neighbour")
    PAID_CARE = "paid_care", _("Paid care")
    VOLUNTEER = "volunteer", _("Volunteer")
    PROFESSIONAL = "professional", _("Professional")
    GROUP = "group", _("Group")


class Strength(models.TextChoices):
    STRONG = "strong", _("Strong")
    ORDINARY = "ordinary", _("Ordinary")
    WEAK = "weak", _("Weak")


class Flow(models.TextChoices):
    """What flows along a tie (a tie may carry several)."""

    PRACTICAL = "practical", _("Practical help")
    EMOTIONAL = "emotional", _("Emotional support")
    INFORMATION = "information", _("Information and advice")
    MONEY = "money", _("Money")
    COMPANY = "company", _("Company")


class HowOften(models.TextChoices):
    DAILY = "daily", _("Every day")
    WEEKLY = "weekly", _("Every week")
    MONTHLY = "monthly", _("Every month")
    LESS = "less", _("Less often")


REGULAR = (HowOften.DAILY, HowOften.WEEKLY)  # "a recurring need": at least weekly


class Ring(models.IntegerChoices):
    """How close someone is to the person at the centre: the ecomap's concentric circles."""

    CLOSE = 1, _("Very close")
    MIDDLE = 2, _("Close")
    OUTER = 3, _("Less close")


class MapVisibility(models.TextChoices):
    """Who may see a care map, besides its owner, their proxies and anyone they named on their
    privacy page (part ``care_map``). The owner decides."""

    PRIVATE = "private", _("Only me, and people I name")
    TEAM = "team", _("My care team too")


class CareMap(BaseModel):
    """The care map of one person in one commons: who they support, who supports them, and who
    supports those people. Members of the person's care team appear on it by themselves
    (``selectors.caremaps``); what is stored here is what people add."""

    commons = models.ForeignKey(Commons, on_delete=models.CASCADE, related_name="care_maps")
    owner = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="care_maps")
    visibility = models.CharField(_("who can see it"), max_length=20, choices=MapVisibility.choices, default=MapVisibility.PRIVATE)
    show_team = models.BooleanField(
        _("show my care team on the map"), default=True,
        help_text=_("People in your care team appear on your map by themselves."),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["commons", "owner"], name="one_care_map_per_person")]

    def __str__(self):
        return str(_("Care map"))


class MapNode(BaseModel):
    """Someone (or a group) on a care map, as the owner calls them: "Mum", "Jo next door". May
    point at a person on the platform; a team member with a node here is shown as the node says."""

    care_map = models.ForeignKey(CareMap, on_delete=models.CASCADE, related_name="nodes")
    name = models.CharField(_("name"), max_length=120, help_text=_("As you call them, for example: Mum, or Jo next door."))
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    is_group = models.BooleanField(_("this is a group or organisation"), default=False)
    ring = models.PositiveSmallIntegerField(_("how close"), choices=Ring.choices, default=Ring.MIDDLE)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["ring", "name"]

    def __str__(self):
        return self.name


class MapTie(BaseModel):
    """A tie on a care map. ``source``/``target`` empty means the person at the centre. With
    direction ONE_WAY the source supports the target."""

    care_map = models.ForeignKey(CareMap, on_delete=models.CASCADE, related_name="ties")
    source = models.ForeignKey(MapNode, null=True, blank=True, on_delete=models.CASCADE, related_name="ties_out")
    target = models.ForeignKey(MapNode, null=True, blank=True, on_delete=models.CASCADE, related_name="ties_in")
    kind = models.CharField(_("kind of tie"), max_length=20, choices=TieKind.choices)
    direction = models.CharField(_("who supports whom"), max_length=20, choices=Direction.choices, default=Direction.ONE_WAY)
    strength = models.CharField(_("how strong"), max_length=20, choices=Strength.choices, default=Strength.ORDINARY)
    stressful = models.BooleanField(_("this tie is stressful"), default=False)
    flows = models.JSONField(_("what it brings"), default=list, blank=True, help_text=_("One or more of: practical help, emotional support, information, money, company."))
    how_often = models.CharField(_("how often"), max_length=20, choices=HowOften.choices, default=HowOften.WEEKLY)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(source__isnull=False) | models.Q(target__isnull=False), name="tie_not_centre_to_centre"),
        ]


# --- the neighbourhood map of care (part: community) ------------------------------------------


class ActorKind(models.TextChoices):
    RESIDENT = "resident", _("Active resident")
    GRASSROOTS = "grassroots", _("Grassroots or mutual-aid group")
    CHARITY = "charity", _("Charity or CIC")
    SOCIAL_ENTERPRISE = "social_enterprise", _("Social enterprise or business")
    COMMUNITY_HUB = "community_hub", _("Community hub")
    FOOD_HUB = "food_hub", _("Food hub or food bank")
    MARKET = "market", _("Street market")
    STATUTORY = "statutory", _("Statutory service")
    TEAM = "team", _("Care team")


ORGANISATION_KINDS = (
    ActorKind.GRASSROOTS, ActorKind.CHARITY, ActorKind.SOCIAL_ENTERPRISE, ActorKind.COMMUNITY_HUB,
    ActorKind.FOOD_HUB, ActorKind.MARKET, ActorKind.STATUTORY,
)


class ConnectionStatus(models.TextChoices):
    GENERATIVE = "generative", _("Generative: making new care happen together")
    ENGAGED = "engaged", _("Engaged: in touch and helping")
    INACTIVE = "inactive", _("Inactive: not in touch now")


ACTIVE_STATUSES = (ConnectionStatus.GENERATIVE, ConnectionStatus.ENGAGED)


class CareKind(BaseModel):
    """A kind of gifted care that flows along connections. Each commons starts with the usual
    ones (``services.community.care_kinds_ensure``) and can add its own."""

    commons = models.ForeignKey(Commons, on_delete=models.CASCADE, related_name="care_kinds")
    key = models.SlugField(max_length=60)
    name = models.CharField(_("name"), max_length=80)
    description = models.CharField(_("what it means"), max_length=300, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["commons", "key"], name="care_kind_key_unique_in_commons")]

    def __str__(self):
        return self.name


class Actor(BaseModel):
    """Someone or something on the neighbourhood map. May point at a person, an organisation or a
    care team the platform knows. Placed at its postcode's centroid (``latitude``/``longitude``
    are copied from ``core.PostcodeCentroid`` when the postcode is set)."""

    commons = models.ForeignKey(Commons, on_delete=models.CASCADE, related_name="actors")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("what it is"), max_length=30, choices=ActorKind.choices)
    description = models.TextField(_("what they do"), blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone number"), max_length=40, blank=True)
    show_name = models.BooleanField(
        _("they agreed to be named on the map"), default=False,
        help_text=_("For a resident: without this, the map says only 'a resident' and their area."),
    )
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    since = models.DateField(_("on the map since"), null=True, blank=True)
    ended = models.DateField(_("left the map on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def is_individual(self):
        return self.kind == ActorKind.RESIDENT


class Connection(BaseModel):
    """A connection between two actors. With direction ONE_WAY the source gives care to the target."""

    commons = models.ForeignKey(Commons, on_delete=models.CASCADE, related_name="connections")
    source = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="connections_out")
    target = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="connections_in")
    status = models.CharField(_("how it is now"), max_length=20, choices=ConnectionStatus.choices, default=ConnectionStatus.ENGAGED)
    direction = models.CharField(_("who gives care"), max_length=20, choices=Direction.choices, default=Direction.BOTH)
    care_kinds = models.ManyToManyField(CareKind, blank=True, related_name="connections", verbose_name=_("kinds of care"))
    since = models.DateField(_("since"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [
            models.CheckConstraint(condition=~models.Q(source=models.F("target")), name="connection_not_to_itself"),
        ]


class Snapshot(BaseModel):
    """The neighbourhood map frozen on one day, so a commons sees its network grow. ``data`` holds
    the map as ``graph.Graph.to_dict()``; ``summary`` the counts and findings worked out then."""

    commons = models.ForeignKey(Commons, on_delete=models.CASCADE, related_name="network_snapshots")
    name = models.CharField(_("name"), max_length=120, help_text=_("For example: Spring 2026."))
    taken_on = models.DateField(_("taken on"))
    data = models.JSONField(default=dict)
    summary = models.JSONField(default=dict)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-taken_on", "-created"]

    def __str__(self):
        return self.name


# --- the directory, published as Open Referral UK (part: directory) ----------------------------


class ServiceStatus(models.TextChoices):
    """HSDS 3.0 service status."""

    ACTIVE = "active", _("Open")
    INACTIVE = "inactive", _("Not running now")
    DEFUNCT = "defunct", _("Closed for good")
    TEMPORARILY_CLOSED = "temporarily closed", _("Closed for a while")


class Service(BaseModel):
    """A service an actor (an organisation, hub or market) offers. Only ``published`` services are
    in the public Open Referral UK API; the id there is ``uuid``."""

    commons = models.ForeignKey(Commons, on_delete=models.CASCADE, related_name="directory_services")
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="services")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("what it offers"), blank=True)
    status = models.CharField(_("status"), max_length=30, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE)
    url = models.URLField(_("web page"), blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone number"), max_length=40, blank=True)
    cost = models.CharField(_("cost"), max_length=200, blank=True, help_text=_("Leave empty if it is free."))
    when = models.CharField(_("when it runs"), max_length=300, blank=True, help_text=_("In words, for example: Tuesdays 10am to 1pm."))
    published = models.BooleanField(_("publish in the open directory"), default=False)
    source = models.CharField(max_length=300, blank=True, help_text="where an imported service came from")
    external_id = models.CharField(max_length=200, blank=True, help_text="its id in the feed it was imported from")
    terms = models.ManyToManyField("TaxonomyTerm", blank=True, related_name="services")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Location(BaseModel):
    """Where a service happens: an address placed at its postcode's centroid."""

    commons = models.ForeignKey(Commons, on_delete=models.CASCADE, related_name="directory_locations")
    name = models.CharField(_("name"), max_length=200)
    address_1 = models.CharField(_("address"), max_length=200, blank=True)
    city = models.CharField(_("town or city"), max_length=100, blank=True, default="London")
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    description = models.TextField(_("how to get there"), blank=True)
    external_id = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class ServiceAtLocation(BaseModel):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="at_locations")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="service_links")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["service", "location"], name="service_at_location_once")]


class Taxonomy(BaseModel):
    commons = models.ForeignKey(Commons, on_delete=models.CASCADE, related_name="directory_taxonomies")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    uri = models.URLField(blank=True)
    version = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class TaxonomyTerm(BaseModel):
    taxonomy = models.ForeignKey(Taxonomy, on_delete=models.CASCADE, related_name="terms")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children")
    code = models.CharField(max_length=100, blank=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    term_uri = models.URLField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class DirectoryImport(BaseModel):
    """One import into the directory (part: directory): services or taxonomy terms from an Open
    Referral UK file or feed. A feed is fetched by a background task; the organiser reads how it
    went here. ``problems`` lists every bad record (position and what is wrong); nothing is
    written unless there are none."""

    class What(models.TextChoices):
        SERVICES = "services", _("Services")
        TERMS = "terms", _("Kinds of service (taxonomy terms)")

    class State(models.TextChoices):
        WAITING = "waiting", _("Waiting to be fetched")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Not imported")

    commons = models.ForeignKey(Commons, on_delete=models.CASCADE, related_name="directory_imports")
    what = models.CharField(max_length=20, choices=What.choices, default=What.SERVICES)
    url = models.URLField(_("feed address"), max_length=500, blank=True)
    filename = models.CharField(max_length=200, blank=True)
    publish = models.BooleanField(_("publish the imported services"), default=False)
    state = models.CharField(max_length=20, choices=State.choices, default=State.WAITING)
    problems = models.JSONField(default=list, blank=True)
    counts = models.JSONField(default=dict, blank=True)
    finished = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created"]

    def __str__(self):
        return self.url or self.filename
