"""Writes of the directory (part "directory"): services, their places and kinds (taxonomy terms),
the commons' starter list of kinds, and imports of Open Referral UK files and feeds.

Every function is keyword-only, atomic, and writes one audit event (never the content)."""

import json
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from caringcity.core.services import audit_record
from caringcity.networks import oruk
from caringcity.networks.models import (
    ORGANISATION_KINDS,
    Actor,
    DirectoryImport,
    Location,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from caringcity.networks.placing import place

# --- the commons' starter list of kinds of service (documented in docs/networks-directory.md) ----

COMMONS_TAXONOMY = "Caring City: care and community services"
COMMONS_TAXONOMY_VERSION = "1"
COMMONS_TERMS = [
    ("food", "Food and meals", "Food banks, food hubs, community meals and fridges."),
    ("company", "Company and friendship", "Befriending, lunch clubs, drop-ins: time with other people."),
    ("practical", "Practical help at home", "Shopping, small jobs, lifts, help with letters."),
    ("care", "Care and support", "Personal care, home care and support for daily living."),
    ("carers", "Support for carers", "Help, breaks and groups for people who look after someone."),
    ("health", "Health and wellbeing", "Staying well: exercise, health checks, mental wellbeing."),
    ("advice", "Advice and information", "Money, benefits, housing and rights."),
    ("activities", "Activities and learning", "Classes, clubs, arts, gardening, skills."),
    ("markets", "Markets and local shops", "Street markets and local traders."),
    ("digital", "Digital help", "Help with phones, computers and getting online."),
]


def _commons_taxonomy(commons):
    tax, _created = Taxonomy.objects.get_or_create(
        commons=commons, name=COMMONS_TAXONOMY,
        defaults={"description": "The kinds of care and community service a commons keeps in its directory.",
                  "version": COMMONS_TAXONOMY_VERSION},
    )
    have = set(tax.terms.values_list("code", flat=True))
    TaxonomyTerm.objects.bulk_create([
        TaxonomyTerm(taxonomy=tax, code=code, name=name, description=description)
        for code, name, description in COMMONS_TERMS if code not in have
    ])
    return tax


@transaction.atomic
def taxonomy_seed(*, actor, commons):
    """Add the starter list of kinds of service to the commons (safe to run twice)."""
    tax = _commons_taxonomy(commons)
    audit_record(actor=actor, action="networks.taxonomy.seed", obj=tax, commons=commons)
    return tax


# --- services and their places ---------------------------------------------------------------------

SERVICE_FIELDS = ("name", "description", "status", "url", "email", "phone", "cost", "when", "published")


def _check_provider(commons, provider):
    if provider.commons_id != commons.pk or provider.kind not in ORGANISATION_KINDS:
        raise ValidationError({"actor": _("Choose an organisation, hub, market or service on your neighbourhood map.")})


def _check_terms(commons, terms):
    if any(term.taxonomy.commons_id != commons.pk for term in terms):
        raise ValidationError({"terms": _("Choose kinds of service from this commons' lists.")})


@transaction.atomic
def service_create(*, actor, commons, provider, terms=(), **fields):
    _check_provider(commons, provider)
    _check_terms(commons, terms)
    service = Service(commons=commons, actor=provider, created_by=actor, **{k: v for k, v in fields.items() if k in SERVICE_FIELDS})
    service.full_clean(exclude=["terms", "created_by"])
    service.save()
    service.terms.set(terms)
    audit_record(actor=actor, action="networks.service.create", obj=service, commons=commons)
    return service


@transaction.atomic
def service_change(*, actor, service, provider, terms=(), **fields):
    service = Service.objects.select_for_update(of=("self",)).get(pk=service.pk)
    _check_provider(service.commons, provider)
    _check_terms(service.commons, terms)
    service.actor = provider
    for key in SERVICE_FIELDS:
        if key in fields:
            setattr(service, key, fields[key])
    service.full_clean(exclude=["terms", "created_by"])
    service.save()
    service.terms.set(terms)
    audit_record(actor=actor, action="networks.service.change", obj=service, commons=service.commons)
    return service


@transaction.atomic
def service_remove(*, actor, service):
    commons = service.commons
    audit_record(actor=actor, action="networks.service.remove", obj=service, commons=commons)
    places = list(Location.objects.filter(service_links__service=service))
    service.delete()
    Location.objects.filter(pk__in=[p.pk for p in places], service_links__isnull=True).delete()


@transaction.atomic
def location_add(*, actor, service, name, address_1="", city="", postcode="", description=""):
    """Add a place where the service runs, placed at its postcode's centroid. The same name and
    postcode in the commons is the same place (shared by the services that run there)."""
    code, lat, lon = place(postcode)
    if postcode and not code:
        raise ValidationError({"postcode": _("Enter a UK postcode, for example E5 8AA.")})
    location = Location.objects.filter(commons=service.commons, name__iexact=name.strip(), postcode=code).first()
    if location is None:
        location = Location(commons=service.commons, name=name.strip(), address_1=address_1, city=city, postcode=code,
                            latitude=lat, longitude=lon, description=description)
        location.full_clean()
        location.save()
    if ServiceAtLocation.objects.filter(service=service, location=location).exists():
        raise ValidationError({"name": _("The service already runs at this place.")})
    link = ServiceAtLocation.objects.create(service=service, location=location)
    Service.objects.filter(pk=service.pk).update(updated=timezone.now())
    audit_record(actor=actor, action="networks.service.place_add", obj=link, commons=service.commons)
    return link


@transaction.atomic
def location_remove(*, actor, link):
    service, location = link.service, link.location
    audit_record(actor=actor, action="networks.service.place_remove", obj=link, commons=service.commons)
    link.delete()
    if not location.service_links.exists():
        location.delete()
    Service.objects.filter(pk=service.pk).update(updated=timezone.now())


# --- imports ---------------------------------------------------------------------------------------

IMPORT_TIMEOUT = getattr(settings, "DIRECTORY_FETCH_TIMEOUT", 20)  # seconds per request
IMPORT_MAX_BYTES = getattr(settings, "DIRECTORY_FETCH_MAX_BYTES", 5 * 1024 * 1024)  # per page
IMPORT_MAX_PAGES = 50


class FetchFailed(Exception):
    pass


def http_get(url):
    """The body of ``url`` (http or https only), at most ``IMPORT_MAX_BYTES``, or FetchFailed."""
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise FetchFailed(_("Only http and https addresses can be fetched."))
    request = urllib.request.Request(url, headers={"Accept": "application/json", "User-Agent": "CaringCity-directory-import"})
    try:
        with urllib.request.urlopen(request, timeout=IMPORT_TIMEOUT) as response:  # noqa: S310 (scheme checked above)
            body = response.read(IMPORT_MAX_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise FetchFailed(_("The feed answered with an error (%(code)s).") % {"code": error.code}) from error
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as error:
        raise FetchFailed(_("The feed could not be reached: %(why)s") % {"why": getattr(error, "reason", error)}) from error
    if len(body) > IMPORT_MAX_BYTES:
        raise FetchFailed(_("The feed is bigger than %(n)s MB.") % {"n": IMPORT_MAX_BYTES // (1024 * 1024)})
    return body


def parse_json(body):
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError) as error:
        raise oruk.Problems([_("The file is not valid JSON: %(why)s") % {"why": error}]) from error


def _with_page(url, number):
    parts = urllib.parse.urlsplit(url)
    query = [(k, v) for k, v in urllib.parse.parse_qsl(parts.query, keep_blank_values=True) if k != "page"]
    query.append(("page", str(number)))
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


def fetch_feed(url, *, get=None):
    """Every record of a feed, following its pages (the profile's ``total_pages``)."""
    get = get or http_get
    first = parse_json(get(url))
    if not (isinstance(first, dict) and isinstance(first.get("contents"), list)):
        return first
    items = list(first["contents"])
    total_pages = first.get("total_pages") if isinstance(first.get("total_pages"), int) else 1
    start = first.get("page_number") if isinstance(first.get("page_number"), int) else 1
    if total_pages > IMPORT_MAX_PAGES:
        raise FetchFailed(_("The feed has more than %(n)s pages.") % {"n": IMPORT_MAX_PAGES})
    for number in range(start + 1, total_pages + 1):
        data = parse_json(get(_with_page(url, number)))
        if not (isinstance(data, dict) and isinstance(data.get("contents"), list)):
            raise oruk.Problems([_("Page %(n)s of the feed is not a page of records.") % {"n": number}])
        items.extend(data["contents"])
    return items


def _taxonomy_named(commons, name, cache):
    name = (name or "Imported terms").strip()[:200] or "Imported terms"
    key = name.lower()
    if key not in cache:
        tax = Taxonomy.objects.filter(commons=commons, name__iexact=name).first()
        cache[key] = tax or Taxonomy.objects.create(commons=commons, name=name, description="Imported from an Open Referral feed.")
    return cache[key]


def _write_terms(commons, terms):
    """Create or update the terms (matched by their id in the feed, kept as ``code``); {id: term}."""
    taxonomies, written = {}, {}
    for term_in in terms:
        tax = _taxonomy_named(commons, term_in.taxonomy, taxonomies)
        term = TaxonomyTerm.objects.filter(taxonomy=tax, code=term_in.external_id).first() or TaxonomyTerm(taxonomy=tax, code=term_in.external_id)
        term.name = term_in.name
        if term_in.description:
            term.description = term_in.description
        if term_in.term_uri:
            term.term_uri = term_in.term_uri
        term.save()
        written[term_in.external_id] = term
    for term_in in terms:
        if term_in.parent_id and term_in.parent_id in written:
            TaxonomyTerm.objects.filter(pk=written[term_in.external_id].pk).update(parent=written[term_in.parent_id])
    return written


def _write_services(commons, services, *, source, publish, user):
    counts = {"created": 0, "updated": 0, "actors_created": 0}
    actors = {a.name.lower(): a for a in Actor.objects.filter(commons=commons, kind__in=ORGANISATION_KINDS)}
    terms = _write_terms(commons, [t for s in services for t in s.terms])
    for item in services:
        provider = actors.get(item.org_name.lower())
        if provider is None:
            postcode = next((loc.postcode for loc in item.locations if loc.postcode), "")
            code, lat, lon = place(postcode)
            provider = Actor.objects.create(
                commons=commons, name=item.org_name, kind=oruk.guess_kind(item.org_name), description=item.org_description,
                email=item.org_email, website=item.org_website, postcode=code, latitude=lat, longitude=lon,
                since=timezone.localdate(), created_by=user,
            )
            actors[item.org_name.lower()] = provider
            counts["actors_created"] += 1
        service = Service.objects.filter(commons=commons, source=source, external_id=item.external_id).first()
        if service is None:
            service = Service(commons=commons, source=source, external_id=item.external_id, created_by=user, published=publish)
            counts["created"] += 1
        else:
            counts["updated"] += 1
            service.published = service.published or publish
        service.actor = provider
        for key in ("name", "description", "status", "url", "email", "cost", "when"):
            setattr(service, key, getattr(item, key))
        service.save()
        service.terms.set([terms[t.external_id] for t in item.terms])
        keep = []
        for loc_in in item.locations:
            code, lat, lon = place(loc_in.postcode)
            loc = (Location.objects.filter(commons=commons, external_id=loc_in.external_id, service_links__service__source=source).first()
                   or Location(commons=commons, external_id=loc_in.external_id))
            loc.name, loc.address_1, loc.city, loc.description = loc_in.name, loc_in.address_1, loc_in.city or "", loc_in.description
            loc.postcode, loc.latitude, loc.longitude = code, lat, lon
            loc.save()
            ServiceAtLocation.objects.get_or_create(service=service, location=loc)
            keep.append(loc.pk)
        ServiceAtLocation.objects.filter(service=service).exclude(location__in=keep).delete()
    Location.objects.filter(commons=commons, service_links__isnull=True).exclude(external_id="").delete()
    return counts


def _run(job, data, user):
    """Read ``data`` and write it, all or nothing. The outcome is kept on ``job``."""
    try:
        with transaction.atomic():
            if job.what == DirectoryImport.What.TERMS:
                terms = oruk.read_terms(data)
                job.counts = {"terms": len(_write_terms(job.commons, terms))}
            else:
                services = oruk.read_services(data)
                job.counts = _write_services(job.commons, services, source=job.url or f"file: {job.filename}", publish=job.publish, user=user)
    except oruk.Problems as problems:
        job.state, job.problems = DirectoryImport.State.FAILED, problems.errors
    else:
        job.state, job.problems = DirectoryImport.State.DONE, []
    job.finished = timezone.now()
    job.save()
    audit_record(actor=user, action=f"networks.import.{job.state}", obj=job, commons=job.commons)
    return job


@transaction.atomic
def directory_import_file(*, actor, commons, what, filename, content, publish=False):
    """Import an uploaded Open Referral UK file now. Returns the DirectoryImport; its ``problems``
    name every bad record, and nothing is written unless there are none."""
    job = DirectoryImport.objects.create(commons=commons, what=what, filename=filename[:200], publish=publish, created_by=actor)
    try:
        data = parse_json(content)
    except oruk.Problems as problems:
        job.state, job.problems, job.finished = DirectoryImport.State.FAILED, problems.errors, timezone.now()
        job.save()
        audit_record(actor=actor, action="networks.import.failed", obj=job, commons=commons)
        return job
    return _run(job, data, actor)


@transaction.atomic
def directory_import_feed(*, actor, commons, what, url, publish=False):
    """Start importing a feed: the fetch runs in a background task (``tasks.fetch_directory_feed``)."""
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise ValidationError({"url": _("Give an address starting with http:// or https://.")})
    job = DirectoryImport.objects.create(commons=commons, what=what, url=url, publish=publish, created_by=actor)
    audit_record(actor=actor, action="networks.import.start", obj=job, commons=commons)
    from caringcity.networks.tasks import fetch_directory_feed

    transaction.on_commit(lambda: fetch_directory_feed.enqueue(job.pk))
    return job


def directory_import_fetch(*, import_id, get=None):
    """Fetch a waiting feed import and import it (the task calls this). Safe to run twice: a job
    that is no longer waiting is left alone. A failed fetch is kept on the job for the organiser."""
    with transaction.atomic():
        job = DirectoryImport.objects.select_for_update(of=("self",)).select_related("commons", "created_by").filter(pk=import_id).first()
        if job is None or job.state != DirectoryImport.State.WAITING:
            return job
        try:
            data = fetch_feed(job.url, get=get)
        except (FetchFailed, oruk.Problems) as error:
            job.state = DirectoryImport.State.FAILED
            job.problems = error.errors if isinstance(error, oruk.Problems) else [str(error)]
            job.finished = timezone.now()
            job.save()
            audit_record(actor=job.created_by, action="networks.import.failed", obj=job, commons=job.commons)
            return job
        return _run(job, data, job.created_by)
