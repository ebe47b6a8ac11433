"""Reads for the map of places: where the actors of the neighbourhood map, the directory's
locations and (as counts by area) the visits are. A constant number of queries, whatever the
size of the map.

Privacy: a resident is only ever shown at their postcode district's centre ("E5"), never at their
postcode's point, and an unnamed resident is "A resident, E5" (``selectors.graphs.actor_label``).
Visits come only as counts by district of the person visited (``visits.selectors.places``).

Every position worked out from a postcode carries the attribution its dataset's licence asks for
(``attributions``)."""

import re
from dataclasses import dataclass, field

from django.db.models import Avg, Q, Value
from django.db.models.functions import StrIndex, Substr
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from caringcity.core import geo
from caringcity.core.models import PostcodeCentroid
from caringcity.networks.models import ActorKind, Location
from caringcity.networks.selectors.graphs import actor_label, current_actors
from caringcity.visits.selectors import places as visit_places

LOCATION = "location"  # the kind used for the directory's locations in filters and exports
DECIMALS = 5  # about a metre: centroids are no more exact than that


def kind_choices():
    """[(key, label)] of what the map can show, for the filter."""
    return [*ActorKind.choices, (LOCATION, _("Place where a service happens"))]


def parse_kinds(values):
    """The valid kinds among ``values`` (from the query string), in the filter's order."""
    wanted = set(values or [])
    return [key for key, _label in kind_choices() if key in wanted]


# --- attribution -----------------------------------------------------------------------------------
ONSPD_NAMES = ("ons postcode directory", "onspd")
CODE_POINT_NAMES = ("code-point", "codepoint", "code point")


def attribution_for(source):
    """The lines the licence of the dataset named by ``source`` asks to show. The year is the one
    in the source ("ONS Postcode Directory 2025", kept by ``import_postcodes``). The legal
    statements stay in English, word for word."""
    text = " ".join((source or "").split())
    if not text:
        return []
    found = re.search(r"\b((?:19|20)\d\d)\b", text)
    year = found.group(1) if found else str(timezone.localdate().year)
    lowered = text.lower()
    if any(name in lowered for name in ONSPD_NAMES):
        return [
            "Source: Office for National Statistics licensed under the Open Government Licence v.3.0.",
            f"Contains OS data © Crown copyright and database right {year}.",
            f"Contains Royal Mail data © Royal Mail copyright and database right {year}.",
            f"Contains GeoPlace data © Local Government Information House Limited copyright and database right {year}.",
        ]
    if any(name in lowered for name in CODE_POINT_NAMES):
        return [
            f"Contains OS data © Crown copyright and database right {year}.",
            f"Contains Royal Mail data © Royal Mail copyright and database right {year}.",
            f"Contains National Statistics data © Crown copyright and database right {year}.",
        ]
    return [_("Postcode positions: %(source)s.") % {"source": text.rstrip(".")}]


def attributions(sources):
    """The attribution lines for every dataset in ``sources``, each line once, in a stable order."""
    lines = []
    for source in sorted({s for s in sources if s}):
        for line in attribution_for(source):
            if line not in lines:
                lines.append(line)
    return lines


# --- points ----------------------------------------------------------------------------------------
def _district_expression():
    """The outward code of a stored postcode ("E5 8AA" -> "E5"), in SQL."""
    return Substr("postcode", 1, StrIndex("postcode", Value(" ")) - 1)


class Points:
    """Centroids for a set of postcodes and districts, fetched in at most two queries. A district
    with no centroid of its own is placed at the average of the postcodes loaded in it (the ONSPD
    has no district rows)."""

    def __init__(self, postcodes, districts):
        postcodes = {p for p in postcodes if p}
        districts = {d for d in districts if d}
        self.rows = {}
        if postcodes or districts:
            for row in PostcodeCentroid.objects.filter(postcode__in=postcodes | districts).only("postcode", "latitude", "longitude", "source"):
                self.rows[row.postcode] = (row.latitude, row.longitude, {row.source})
        missing = districts - set(self.rows)
        if missing:
            condition = Q()
            for district in missing:
                condition |= Q(postcode__startswith=f"{district} ")
            averaged = (PostcodeCentroid.objects.filter(condition).annotate(district=_district_expression())
                        .values("district", "source").annotate(lat=Avg("latitude"), lon=Avg("longitude")).order_by())
            by_district = {}
            for row in averaged:
                if row["district"] in missing:
                    by_district.setdefault(row["district"], []).append(row)
            for district, parts in by_district.items():
                # several sources in one district: the average of their averages is close enough
                lat = sum(p["lat"] for p in parts) / len(parts)
                lon = sum(p["lon"] for p in parts) / len(parts)
                self.rows[district] = (lat, lon, {p["source"] for p in parts})
        self.used = set()

    def get(self, code):
        """(lat, lon) for a postcode or district, remembering its source; None if unknown."""
        row = self.rows.get(code)
        if row is None:
            return None
        self.used.update(source for source in row[2] if source)
        return round(row[0], DECIMALS), round(row[1], DECIMALS)

    def sources(self):
        return self.used


# --- places ----------------------------------------------------------------------------------------
@dataclass
class Place:
    key: str  # the actor's or location's uuid
    name: str  # as the map shows it
    kind: str
    kind_label: str
    district: str  # "" when not known
    postcode: str  # what may be shown: the district for a resident
    lat: float | None = None
    lon: float | None = None
    url: str | None = None
    is_actor: bool = True

    @property
    def placed(self):
        return self.lat is not None and self.lon is not None


@dataclass
class Area:
    district: str
    places: list = field(default_factory=list)
    visits: int | None = None

    @property
    def count(self):
        return len(self.places)


def _actor_url(slug, uuid):
    return reverse("networks:actor", args=[slug, uuid])


def _actor_place(actor, points, slug):
    district = geo.outward(actor.postcode)
    if actor.is_individual:
        # a resident: only ever their district's centre, never their postcode's point
        point = points.get(district) if district else None
        shown = district
    else:
        point = None
        if actor.latitude is not None and actor.longitude is not None:
            point = (round(actor.latitude, DECIMALS), round(actor.longitude, DECIMALS))
            code = geo.normalise(actor.postcode)
            if code:
                points.get(code) or points.get(district)  # note the dataset the point came from
        shown = geo.normalise(actor.postcode) or actor.postcode
    lat, lon = point if point else (None, None)
    return Place(str(actor.uuid), actor_label(actor), actor.kind, actor.get_kind_display(), district, shown,
                 lat, lon, _actor_url(slug, actor.uuid))


def _location_place(location, points):
    district = geo.outward(location.postcode)
    if location.latitude is not None and location.longitude is not None:
        point = (round(location.latitude, DECIMALS), round(location.longitude, DECIMALS))
        code = geo.normalise(location.postcode)
        if code:
            points.get(code) or points.get(district)
    else:
        point = None
    lat, lon = point if point else (None, None)
    return Place(str(location.uuid), location.name, LOCATION, str(_("Place where a service happens")), district,
                 geo.normalise(location.postcode) or location.postcode, lat, lon, None, is_actor=False)


def actor_places(commons, kinds=None):
    """(places, points) for the current actors of the neighbourhood map (of ``kinds`` if given)."""
    actors = current_actors(commons).order_by("name", "pk")
    if kinds:
        actors = actors.filter(kind__in=kinds)
    actors = list(actors.only("uuid", "name", "kind", "postcode", "latitude", "longitude", "show_name"))
    postcodes = {geo.normalise(a.postcode) for a in actors if not a.is_individual}
    districts = {geo.outward(a.postcode) for a in actors}
    points = Points(postcodes, districts)
    return [_actor_place(actor, points, commons.slug) for actor in actors], points


def places_page(user, commons, kinds=None, today=None):
    """Everything the places page shows, in a constant number of queries:
    ``places`` (actors, then locations), ``areas`` (places grouped by postcode district, with the
    visits counted there this month), ``visits`` (district, count, lat, lon) the user may see,
    ``attribution`` lines for the postcode data used."""
    kinds = list(kinds or [])
    actor_kinds = [k for k in kinds if k != LOCATION]
    show_actors = not kinds or bool(actor_kinds)
    show_locations = not kinds or LOCATION in kinds
    actors = []
    if show_actors:
        query = current_actors(commons).order_by("name", "pk")
        if actor_kinds:
            query = query.filter(kind__in=actor_kinds)
        actors = list(query.only("uuid", "name", "kind", "postcode", "latitude", "longitude", "show_name"))
    locations = list(Location.objects.filter(commons=commons).order_by("name", "pk")) if show_locations else []
    start, end = visit_places.month_bounds(today or timezone.localdate())
    visit_counts = visit_places.visits_by_area(user, commons, start, end)

    postcodes = {geo.normalise(a.postcode) for a in actors if not a.is_individual}
    postcodes |= {geo.normalise(loc.postcode) for loc in locations}
    districts = {geo.outward(a.postcode) for a in actors} | {geo.outward(loc.postcode) for loc in locations}
    districts |= {district for district, _n in visit_counts}
    points = Points(postcodes, districts)

    places = [_actor_place(actor, points, commons.slug) for actor in actors]
    places += [_location_place(location, points) for location in locations]
    visits = []
    for district, count in visit_counts:
        point = points.get(district) if district else None
        visits.append({"district": district, "count": count, "lat": point[0] if point else None, "lon": point[1] if point else None})

    areas = {}
    for place in places:
        areas.setdefault(place.district, Area(place.district)).places.append(place)
    for visit in visits:
        areas.setdefault(visit["district"], Area(visit["district"])).visits = visit["count"]
    ordered = sorted(areas.values(), key=lambda area: (area.district == "", area.district))
    return {
        "places": places,
        "areas": ordered,
        "visits": visits,
        "visits_total": sum(v["count"] for v in visits),
        "placed": sum(1 for p in places if p.placed),
        "attribution": attributions(points.sources()),
        "month_start": start,
    }


def map_data(page, tiles_url, tiles_attribution, labels):
    """What the map's script reads (``json_script``): places with a point, visits by area, tiles."""
    return {
        "places": [{"name": p.name, "kind": p.kind, "kindLabel": p.kind_label, "area": p.postcode or p.district,
                    "lat": p.lat, "lon": p.lon, "url": p.url} for p in page["places"] if p.placed],
        "visits": [v for v in page.get("visits", []) if v["lat"] is not None],
        "tiles": {"url": tiles_url, "attribution": tiles_attribution if tiles_url else ""},
        "attribution": page["attribution"],
        "labels": labels,
    }


# --- GeoJSON (RFC 7946) ---------------------------------------------------------------------------
def places_geojson(commons):
    """The actors of the neighbourhood map that have a point, as a GeoJSON FeatureCollection:
    a Point at [longitude, latitude] and the name as the map shows it, the kind, the postcode (a
    resident's district only) and the uuid. No visits, nothing more about anyone."""
    places, points = actor_places(commons)
    features = []
    for place in places:
        if not place.placed:
            continue
        features.append({
            "type": "Feature",
            "id": place.key,
            "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
            "properties": {"name": place.name, "kind": place.kind, "postcode": place.postcode,
                           "district": place.district, "uuid": place.key},
        })
    collection = {"type": "FeatureCollection", "features": features}
    lines = attributions(points.sources())
    if lines:
        collection["attribution"] = " ".join(lines)  # a foreign member (RFC 7946, 6.1)
    return collection
