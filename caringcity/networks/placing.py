"""Placing things by postcode: only ever at a postcode's centroid (or its district's, when only
district centres are loaded), never at someone's door."""

from caringcity.core import geo


def place(postcode):
    """(normalised postcode, latitude, longitude) for what the user typed; the point is (None,
    None) when no centroid is loaded for it; the postcode is "" when it is not a UK postcode."""
    code = geo.normalise(postcode)
    if not code:
        return "", None, None
    point = geo.centroids_for([code]).get(code)
    return (code, *point) if point else (code, None, None)
