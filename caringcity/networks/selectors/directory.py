"""Reads of the directory (part "directory"): the organisers' list of services, one service's
page, the kinds of service, and what the public Open Referral UK API shows. Every function runs
a number of queries that does not grow with the data (relations are prefetched)."""

from django.db.models import Count, Prefetch, Q

from caringcity.core.models import Commons
from caringcity.networks.models import (
    ORGANISATION_KINDS,
    Actor,
    DirectoryImport,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from caringcity.people.models import Membership

# --- queryset twins of the rules (rules.py, block "directory") -----------------------------------


def commons_with_directory_visible_to(user):
    """Twin of ``networks.view_directory``: the commons whose directory pages this user may see."""
    if not user.is_authenticated:
        return Commons.objects.none()
    return Commons.objects.filter(memberships__person__user=user, memberships__status=Membership.Status.ACTIVE).distinct()


def commons_with_directory_managed_by(user):
    """Twin of ``networks.manage_directory``: the commons whose directory this user manages."""
    if not user.is_authenticated:
        return Commons.objects.none()
    return commons_with_directory_visible_to(user).filter(
        memberships__person__user=user, memberships__status=Membership.Status.ACTIVE,
        memberships__role__in=(Membership.Role.ORGANISER, Membership.Role.ADMIN),
    ).distinct()


# --- the organisers' pages -------------------------------------------------------------------------


def provider_choices(commons):
    """Actors that may run a service: organisations, hubs, markets and statutory services still on
    the map (never residents or care teams)."""
    return Actor.objects.filter(commons=commons, kind__in=ORGANISATION_KINDS, ended__isnull=True).order_by("name")


def term_choices(commons):
    return TaxonomyTerm.objects.filter(taxonomy__commons=commons).select_related("taxonomy").order_by("taxonomy__name", "name")


def service_list(commons, *, search="", status="", term=None, published=None):
    qs = Service.objects.filter(commons=commons).select_related("actor").annotate(place_count=Count("at_locations", distinct=True))
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(description__icontains=search) | Q(actor__name__icontains=search))
    if status:
        qs = qs.filter(status=status)
    if term is not None:
        qs = qs.filter(terms=term)
    if published is not None:
        qs = qs.filter(published=published)
    return qs.prefetch_related(Prefetch("terms", queryset=TaxonomyTerm.objects.order_by("name"))).order_by("name", "pk")


def service_page(service):
    """The service with its places and terms, for its page."""
    return (
        Service.objects.filter(pk=service.pk)
        .select_related("actor")
        .prefetch_related(
            Prefetch("at_locations", queryset=ServiceAtLocation.objects.select_related("location").order_by("location__name")),
            Prefetch("terms", queryset=TaxonomyTerm.objects.select_related("taxonomy").order_by("name")),
        )
        .get()
    )


def taxonomies_with_terms(commons):
    return Taxonomy.objects.filter(commons=commons).prefetch_related(
        Prefetch("terms", queryset=TaxonomyTerm.objects.select_related("parent").annotate(service_count=Count("services")).order_by("name"))
    ).order_by("name")


def recent_imports(commons, limit=10):
    return DirectoryImport.objects.filter(commons=commons).select_related("created_by")[:limit]


# --- the public Open Referral UK API ---------------------------------------------------------------


def published_services(commons):
    """Published services of the commons with their organisation (the ``/services`` list)."""
    return Service.objects.filter(commons=commons, published=True).select_related("actor").order_by("name", "pk")


def with_everything(services):
    """Fetch a page of services with their places and terms, in a fixed number of queries."""
    return services.prefetch_related(
        Prefetch("at_locations", queryset=ServiceAtLocation.objects.select_related("location").order_by("location__name", "pk")),
        Prefetch("terms", queryset=TaxonomyTerm.objects.select_related("taxonomy").order_by("name", "pk")),
    )


def published_links(commons):
    """Service-at-location links of published services, with their service, organisation and place."""
    return (
        ServiceAtLocation.objects.filter(service__commons=commons, service__published=True)
        .select_related("service__actor", "location")
        .order_by("service__name", "location__name", "pk")
    )


def public_terms(commons):
    """{term pk: term} of the terms the API shows: those of published services, and their parents
    (so every ``parent_id`` it gives can be looked up). Two queries."""
    every = {t.pk: t for t in TaxonomyTerm.objects.filter(taxonomy__commons=commons).select_related("taxonomy")}
    used = set(TaxonomyTerm.objects.filter(taxonomy__commons=commons, services__published=True).values_list("pk", flat=True))
    shown = {}
    for pk in used:
        while pk is not None and pk not in shown and pk in every:
            shown[pk] = every[pk]
            pk = every[pk].parent_id
    return shown, every


def term_parent_uuids(terms_by_pk, every):
    """{term pk: parent uuid} for the terms given (parents looked up in ``every``)."""
    return {pk: every[t.parent_id].uuid for pk, t in terms_by_pk.items() if t.parent_id and t.parent_id in every}
