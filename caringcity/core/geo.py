"""Postcodes: normalising, centroids and distances. Lookups fall back from the full postcode to
its district (outward code), so a commons that loaded only district centroids still works."""

import math
import re

from caringcity.core.models import PostcodeCentroid

UK_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")
OUTWARD = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")


def normalise(postcode):
    """'e58aa' -> 'E5 8AA'; an outward code alone ('e5') -> 'E5'; anything else -> ''."""
    text = "".join((postcode or "").upper().split())
    match = UK_POSTCODE.match(text)
    if match:
        return f"{match.group(1)} {match.group(2)}"
    if OUTWARD.match(text):
        return text
    return ""


def outward(postcode):
    code = normalise(postcode)
    return code.split(" ")[0] if code else ""


def centroids_for(postcodes):
    """{given postcode: (lat, lon)} for every postcode that can be placed, in one query."""
    wanted = {}
    for pc in postcodes:
        code = normalise(pc)
        if code:
            wanted[pc] = (code, code.split(" ")[0])
    keys = {k for pair in wanted.values() for k in pair}
    rows = {r.postcode: (r.latitude, r.longitude) for r in PostcodeCentroid.objects.filter(postcode__in=keys)}
    result = {}
    for pc, (full, district) in wanted.items():
        point = rows.get(full) or rows.get(district)
        if point:
            result[pc] = point
    return result


def distance_km(a, b):
    """Great-circle distance between two (lat, lon) points, in kilometres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))
