"""Open Referral UK (the HSDS 3.0 UK profile): our directory as the profile's JSON documents, and
reading the profile's documents back for import. Pure functions: no queries here (callers pass
rows fetched with their relations, see ``selectors.directory``), no writes.

Ids: every record's id is its ``uuid``. Records the profile has but our models keep as a field of
the service (the address of a location, the schedule, the cost, the link to a term) get a stable
id made with ``uuid5`` from their owner's uuid, so they keep the same id from one request to the
next."""

import math
import uuid
from dataclasses import dataclass, field
from datetime import timezone as dt_timezone

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator

from caringcity.core import geo
from caringcity.networks.models import ActorKind, ServiceStatus

HSDS_VERSION = "3.0"
PROFILE_URL = "https://github.com/openreferral/uk-profile"
COUNTRY = "GB"


def _sub_id(owner_uuid, what):
    return str(uuid.uuid5(owner_uuid, what))


def _when(dt):
    """ISO 8601 in UTC with milliseconds, as the profile's ``last_modified`` asks."""
    return dt.astimezone(dt_timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


def _put(doc, key, value):
    """Optional fields go in only when they have a value (the schema types them as strings with a
    format, so an empty e-mail address or URL would not validate)."""
    if value not in ("", None):
        doc[key] = value


# --- out: our records as the profile's documents -------------------------------------------------


def organization(actor):
    doc = {"id": str(actor.uuid), "name": actor.name, "description": actor.description or ""}
    _put(doc, "email", actor.email)
    _put(doc, "website", actor.website)
    return doc


def taxonomy(tax, terms=None):
    doc = {"id": str(tax.uuid), "name": tax.name, "description": tax.description or ""}
    _put(doc, "uri", tax.uri)
    _put(doc, "version", tax.version)
    if terms is not None:
        doc["taxonomy_terms"] = [taxonomy_term(term, tax) for term in terms]
    return doc


def taxonomy_term(term, tax, parent_uuid=None):
    """``tax`` is the term's taxonomy (passed in so no query is made); ``parent_uuid`` its
    parent's uuid when the caller has it (else the parent is not named)."""
    doc = {"id": str(term.uuid), "name": term.name, "description": term.description or "",
           "taxonomy": tax.name, "taxonomy_id": str(tax.uuid), "term": term.name}
    _put(doc, "parent_id", str(parent_uuid) if parent_uuid else "")
    _put(doc, "term_uri", term.term_uri)
    return doc


def location(loc):
    doc = {"id": str(loc.uuid), "location_type": "physical", "name": loc.name}
    _put(doc, "description", loc.description)
    if loc.latitude is not None and loc.longitude is not None:
        doc["latitude"], doc["longitude"] = loc.latitude, loc.longitude
    return doc


def address(loc):
    return {"id": _sub_id(loc.uuid, "address"), "location_id": str(loc.uuid), "address_1": loc.address_1 or loc.name,
            "city": loc.city or "", "state_province": "", "postal_code": loc.postcode or "", "country": COUNTRY,
            "address_type": "physical"}


def service_brief(service):
    """The one-to-one fields of a service and its organisation (``/services`` list items)."""
    doc = {"id": str(service.uuid), "organization_id": str(service.actor.uuid), "name": service.name,
           "description": service.description or "", "status": service.status, "last_modified": _when(service.updated)}
    _put(doc, "url", service.url)
    _put(doc, "email", service.email)
    doc["organization"] = organization(service.actor)
    return doc


def service_full(service, term_parents):
    """A fully nested service (``/services/{id}``). ``service`` comes with ``actor``,
    ``at_locations__location`` and ``terms__taxonomy`` fetched; ``term_parents`` is {term pk:
    parent uuid}."""
    doc = service_brief(service)
    sid = str(service.uuid)
    doc["service_at_locations"] = [service_at_location(link, service, nested_service=False) for link in service.at_locations.all()]
    doc["schedules"] = [{"id": _sub_id(service.uuid, "schedule"), "service_id": sid, "description": service.when}] if service.when else []
    costs = []
    if service.cost:
        costs.append({"id": _sub_id(service.uuid, "cost"), "service_id": sid, "option": service.cost})
    elif not service.source:  # entered here, where an empty cost means free (see Service.cost)
        costs.append({"id": _sub_id(service.uuid, "cost"), "service_id": sid, "option": "Free", "amount": 0})
    doc["cost_options"] = costs
    doc["contacts"] = []
    doc["attributes"] = [
        {"id": _sub_id(service.uuid, f"term:{term.uuid}"), "link_id": sid, "link_type": "service",
         "taxonomy_term_id": str(term.uuid), "taxonomy_term": taxonomy_term(term, term.taxonomy, term_parents.get(term.pk))}
        for term in service.terms.all()
    ]
    return doc


def service_at_location(link, service=None, *, nested_service=True):
    service = service or link.service
    loc = link.location
    place = location(loc)
    place["addresses"] = [address(loc)]
    doc = {"id": str(link.uuid), "service_id": str(service.uuid), "location_id": str(loc.uuid), "location": place}
    if nested_service:
        doc["service"] = service_brief(service)
    return doc


def page(items, *, total, number, per_page):
    """The profile's paging envelope around one page of ``items``."""
    pages = math.ceil(total / per_page) if total else 0
    return {"total_items": total, "total_pages": pages, "page_number": number, "size": len(items),
            "first_page": number == 1, "last_page": number >= pages, "empty": not items, "contents": items}


def root(openapi_url):
    return {"version": HSDS_VERSION, "profile": PROFILE_URL, "openapi_url": openapi_url}


# --- in: reading the profile's documents --------------------------------------------------------

_url = URLValidator(schemes=["http", "https"])
_email = EmailValidator()

# An imported organisation becomes an actor of this kind when its name says what it is; else a
# charity or CIC (the most common kind of organisation in a directory of care and community
# services). See docs/networks-directory.md.
KIND_WORDS = [
    (("food bank", "foodbank", "food hub", "pantry", "larder", "community fridge"), ActorKind.FOOD_HUB),
    (("market",), ActorKind.MARKET),
    (("council", "nhs", "borough", "surgery", "health centre", "jobcentre", "library"), ActorKind.STATUTORY),
    (("hub", "community centre", "neighbourhood centre"), ActorKind.COMMUNITY_HUB),
    (("mutual aid", "residents", "tenants"), ActorKind.GRASSROOTS),
    (("ltd", "limited", "cafe", "café", "shop"), ActorKind.SOCIAL_ENTERPRISE),
]
DEFAULT_KIND = ActorKind.CHARITY


def guess_kind(name):
    lower = (name or "").lower()
    for words, kind in KIND_WORDS:
        if any(word in lower for word in words):
            return kind
    return DEFAULT_KIND


@dataclass
class TermIn:
    external_id: str
    name: str
    description: str = ""
    taxonomy: str = ""
    parent_id: str = ""
    term_uri: str = ""


@dataclass
class LocationIn:
    external_id: str
    name: str
    address_1: str = ""
    city: str = ""
    postcode: str = ""
    description: str = ""


@dataclass
class ServiceIn:
    position: int
    external_id: str
    name: str
    status: str
    description: str = ""
    url: str = ""
    email: str = ""
    cost: str = ""
    when: str = ""
    org_name: str = ""
    org_description: str = ""
    org_email: str = ""
    org_website: str = ""
    locations: list = field(default_factory=list)
    terms: list = field(default_factory=list)


class Problems(Exception):
    """Every bad record of a document: a list of sentences, each naming the record's position."""

    def __init__(self, errors):
        super().__init__("; ".join(errors))
        self.errors = errors


def records(data, *, keys=("contents",)):
    """The records of a document: a page (``{"contents": [...]}``), a list, or one record."""
    if isinstance(data, dict):
        for key in keys:
            if isinstance(data.get(key), list):
                return data[key]
        return [data]
    if isinstance(data, list):
        return data
    raise Problems(["The file is not an Open Referral document: it should be a list of records or one record."])


def _text(record, key, errors, where, *, limit, required=False, label=None):
    value = record.get(key)
    label = label or key
    if value is None or value == "":
        if required:
            errors.append(f"{where}: {label} is missing.")
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        errors.append(f"{where}: {label} should be text.")
        return ""
    value = value.strip()
    if len(value) > limit:
        errors.append(f"{where}: {label} is longer than {limit} characters.")
        return ""
    return value


def _checked(value, validator, errors, where, label):
    if value:
        try:
            validator(value)
        except ValidationError:
            errors.append(f"{where}: {label} {value!r} is not valid.")
            return ""
    return value


def _term_in(raw, errors, where):
    if not isinstance(raw, dict):
        errors.append(f"{where}: a taxonomy term should be an object.")
        return None
    tax = raw.get("taxonomy")
    detail = raw.get("taxonomy_detail")
    if not tax and isinstance(detail, dict):
        tax = detail.get("name")
    if tax is not None and not isinstance(tax, str):
        errors.append(f"{where}: the taxonomy of a term should be text.")
        tax = ""
    term = TermIn(
        external_id=_text(raw, "id", errors, where, limit=100, required=True, label="term id"),
        name=_text(raw, "name", errors, where, limit=200, label="term name") or _text(raw, "term", errors, where, limit=200, label="term"),
        description=_text(raw, "description", errors, where, limit=2000, label="term description"),
        taxonomy=(tax or "").strip()[:200],
        parent_id=_text(raw, "parent_id", errors, where, limit=100, label="parent_id"),
        term_uri=_checked(_text(raw, "term_uri", errors, where, limit=200, label="term_uri"), _url, errors, where, "term_uri"),
    )
    if not term.name:
        errors.append(f"{where}: a taxonomy term has no name.")
    return term


def _location_in(raw, errors, where):
    if not isinstance(raw, dict):
        errors.append(f"{where}: a location should be an object.")
        return None
    addresses = raw.get("addresses") or []
    if not isinstance(addresses, list) or not all(isinstance(a, dict) for a in addresses):
        errors.append(f"{where}: addresses should be a list of objects.")
        addresses = []
    physical = [a for a in addresses if a.get("address_type", "physical") == "physical"] or addresses
    first = physical[0] if physical else {}
    loc = LocationIn(
        external_id=_text(raw, "id", errors, where, limit=200, required=True, label="location id"),
        name=_text(raw, "name", errors, where, limit=200, label="location name"),
        description=_text(raw, "description", errors, where, limit=2000, label="location description"),
        address_1=_text(first, "address_1", errors, where, limit=200, label="address_1"),
        city=_text(first, "city", errors, where, limit=100, label="city"),
    )
    given = _text(first, "postal_code", errors, where, limit=20, label="postal_code")
    if given:
        loc.postcode = geo.normalise(given)
        if not loc.postcode:
            errors.append(f"{where}: postal_code {given!r} is not a UK postcode.")
    loc.name = loc.name or loc.address_1 or loc.postcode or "Location"
    return loc


DAYS = {"MO": "Mon", "TU": "Tue", "WE": "Wed", "TH": "Thu", "FR": "Fri", "SA": "Sat", "SU": "Sun"}


def _schedule_words(raw):
    """A schedule in words: its description, else its days and times."""
    if not isinstance(raw, dict):
        return ""
    for key in ("description", "notes"):
        if isinstance(raw.get(key), str) and raw[key].strip():
            return raw[key].strip()
    parts = []
    if isinstance(raw.get("byday"), str) and raw["byday"]:
        parts.append(", ".join(DAYS.get(day.strip()[-2:], day.strip()) for day in raw["byday"].split(",")))
    if isinstance(raw.get("opens_at"), str) and isinstance(raw.get("closes_at"), str):
        parts.append(f"{raw['opens_at'][:5]} to {raw['closes_at'][:5]}")
    return " ".join(parts)


def _cost_words(raw):
    if not isinstance(raw, dict):
        return ""
    words = [raw[k].strip() for k in ("option", "amount_description") if isinstance(raw.get(k), str) and raw[k].strip()]
    amount = raw.get("amount")
    if isinstance(amount, (int, float)) and not isinstance(amount, bool) and amount > 0:
        words.append(f"£{amount:.2f}")
    return " ".join(words)


def _list(record, key, errors, where):
    value = record.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        errors.append(f"{where}: {key} should be a list.")
        return []
    return value


def read_service(raw, position):
    """(ServiceIn, errors) for one service record; ``position`` counts from 1."""
    errors = []
    if not isinstance(raw, dict):
        return None, [f"Service {position}: it should be an object."]
    name = raw.get("name") if isinstance(raw.get("name"), str) else ""
    where = f"Service {position}" + (f" ({name.strip()[:60]})" if name.strip() else "")
    service = ServiceIn(
        position=position,
        external_id=_text(raw, "id", errors, where, limit=200, required=True),
        name=_text(raw, "name", errors, where, limit=200, required=True),
        status=_text(raw, "status", errors, where, limit=30, required=True),
        description=_text(raw, "description", errors, where, limit=10000),
        url=_checked(_text(raw, "url", errors, where, limit=200), _url, errors, where, "url"),
        email=_checked(_text(raw, "email", errors, where, limit=254), _email, errors, where, "email"),
    )
    if service.status and service.status not in ServiceStatus.values:
        errors.append(f"{where}: status {service.status!r} should be one of {', '.join(ServiceStatus.values)}.")
    org = raw.get("organization")
    if not isinstance(org, dict):
        errors.append(f"{where}: organization is missing (the organisation that runs the service).")
    else:
        service.org_name = _text(org, "name", errors, where, limit=200, required=True, label="organization name")
        service.org_description = _text(org, "description", errors, where, limit=10000, label="organization description")
        service.org_email = _checked(_text(org, "email", errors, where, limit=254, label="organization email"), _email, errors, where, "organization email")
        service.org_website = _checked(_text(org, "website", errors, where, limit=200, label="organization website"), _url, errors, where, "organization website")
    places = []
    for link in _list(raw, "service_at_locations", errors, where):
        if isinstance(link, dict) and isinstance(link.get("location"), dict):
            places.append(link["location"])
        else:
            errors.append(f"{where}: each of service_at_locations should hold a location.")
    places.extend(_list(raw, "locations", errors, where))
    seen = set()
    for raw_loc in places:
        loc = _location_in(raw_loc, errors, where)
        if loc and loc.external_id and loc.external_id not in seen:
            seen.add(loc.external_id)
            service.locations.append(loc)
    terms = [a.get("taxonomy_term") for a in _list(raw, "attributes", errors, where) if isinstance(a, dict) and a.get("taxonomy_term") is not None]
    terms.extend(_list(raw, "taxonomy_terms", errors, where))
    seen = set()
    for raw_term in terms:
        term = _term_in(raw_term, errors, where)
        if term and term.external_id and term.external_id not in seen:
            seen.add(term.external_id)
            service.terms.append(term)
    service.when = "; ".join(w for w in (_schedule_words(s) for s in _list(raw, "schedules", errors, where)) if w)[:300]
    service.cost = "; ".join(w for w in (_cost_words(c) for c in _list(raw, "cost_options", errors, where)) if w)[:200]
    return service, errors


def read_services(data):
    """[ServiceIn] for every service of a document, or ``Problems`` naming every bad record."""
    items = records(data)
    result, errors, ids = [], [], {}
    if not items:
        raise Problems(["The file has no services in it."])
    for position, raw in enumerate(items, start=1):
        service, problems = read_service(raw, position)
        errors.extend(problems)
        if service and service.external_id:
            if service.external_id in ids:
                errors.append(f"Service {position}: id {service.external_id!r} is also used by service {ids[service.external_id]}.")
            ids.setdefault(service.external_id, position)
        result.append(service)
    if errors:
        raise Problems(errors)
    return result


def read_terms(data):
    """[TermIn] for every taxonomy term of a document (a ``/taxonomy_terms`` page, a list of terms,
    or taxonomies holding ``taxonomy_terms``), or ``Problems`` naming every bad one."""
    items = records(data)
    terms, errors = [], []
    flat = []
    for raw in items:
        if isinstance(raw, dict) and isinstance(raw.get("taxonomy_terms"), list):  # a taxonomy with its terms
            for inner in raw["taxonomy_terms"]:
                if isinstance(inner, dict) and not inner.get("taxonomy"):
                    inner = {**inner, "taxonomy": raw.get("name") or ""}
                flat.append(inner)
        else:
            flat.append(raw)
    if not flat:
        raise Problems(["The file has no taxonomy terms in it."])
    ids = {}
    for position, raw in enumerate(flat, start=1):
        term_errors = []
        term = _term_in(raw, term_errors, f"Term {position}")
        errors.extend(term_errors)
        if term and term.external_id:
            if term.external_id in ids:
                errors.append(f"Term {position}: id {term.external_id!r} is also used by term {ids[term.external_id]}.")
            ids.setdefault(term.external_id, position)
            terms.append(term)
    for position, term in enumerate(terms, start=1):
        if term.parent_id and term.parent_id not in ids:
            errors.append(f"Term {position} ({term.name}): its parent_id {term.parent_id!r} is not in the file.")
    if errors:
        raise Problems(errors)
    return terms
