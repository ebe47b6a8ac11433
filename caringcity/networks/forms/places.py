"""Forms of the networks part "places": the kinds filter (GET) and the GeoJSON upload.

``read_geojson`` checks a GeoJSON file (RFC 7946) without touching the database: it returns the
features as plain dicts, or every problem it found, each naming the feature's number. The import
service (``services.places.places_import``) then checks what needs the database."""

import json
import math
import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from caringcity.core import geo
from caringcity.networks.models import Actor, ActorKind
from caringcity.networks.selectors.places import kind_choices

MAX_BYTES = 2 * 1024 * 1024  # a FeatureCollection of a few thousand points is far smaller
MAX_FEATURES = 5000
MAX_REPORTED = 200  # problems listed; the count says how many more
# Inside the United Kingdom, with room for its islands (the same box as the postcode import).
UK_LAT = (49.0, 61.0)
UK_LON = (-9.0, 3.0)
NAME_MAX = Actor._meta.get_field("name").max_length
DESCRIPTION_MAX = 2000


class KindFilterForm(forms.Form):
    kind = forms.MultipleChoiceField(label=gettext_lazy("Show only"), required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kind_choices()


def _kinds_by_word():
    """Kind keys, also found by their label ("Street market") in any case."""
    words = {}
    for key, label in ActorKind.choices:
        words[key] = key
        words[str(label).lower()] = key
    return words


def _refuse_constant(name):
    raise ValueError(f"{name} is not a number JSON allows")


def _number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _text(properties, key):
    value = properties.get(key)
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    return value.strip() if isinstance(value, str) else None


def _point(geometry, problems):
    """(lat, lon) from a Point geometry, or None; problems are appended."""
    if geometry is None:
        return None
    if not isinstance(geometry, dict):
        problems.append(_("the geometry must be an object or null"))
        return None
    kind = geometry.get("type")
    if kind != "Point":
        problems.append(_("it is not a Point (it is %(type)s): only points can be placed") % {"type": kind if isinstance(kind, str) else "?"})
        return None
    position = geometry.get("coordinates")
    if not isinstance(position, list) or not 2 <= len(position) <= 3 or not all(_number(n) for n in position):
        problems.append(_("the coordinates must be [longitude, latitude] numbers"))
        return None
    lon, lat = position[0], position[1]
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        problems.append(_("the coordinates are not a place on Earth (the order is longitude, then latitude)"))
        return None
    if not (UK_LAT[0] <= lat <= UK_LAT[1] and UK_LON[0] <= lon <= UK_LON[1]):
        problems.append(_("the point %(lon)s, %(lat)s is outside the UK (the order is longitude, then latitude)") % {"lon": lon, "lat": lat})
        return None
    return lat, lon


def _feature(number, feature, kinds):
    """(row dict, problems) for one feature."""
    problems = []
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        return None, [_("it is not a Feature")]
    properties = feature.get("properties")
    if properties is None:
        properties = {}
    if not isinstance(properties, dict):
        return None, [_("its properties must be an object")]
    if "geometry" not in feature:
        problems.append(_("it has no geometry member (use null when it has no point)"))
    point = _point(feature.get("geometry"), problems)

    name = _text(properties, "name")
    if not name:
        problems.append(_("the name is missing"))
    elif len(name) > NAME_MAX:
        problems.append(_("the name is longer than %(max)s letters") % {"max": NAME_MAX})
    raw_kind = _text(properties, "kind")
    kind = kinds.get((raw_kind or "").lower()) if raw_kind else None
    if not raw_kind:
        problems.append(_("the kind is missing"))
    elif kind is None:
        problems.append(_("the kind “%(kind)s” is not one we know") % {"kind": raw_kind[:60]})
    raw_postcode = _text(properties, "postcode")
    postcode = ""
    if raw_postcode is None:
        problems.append(_("the postcode must be text"))
    elif raw_postcode:
        postcode = geo.normalise(raw_postcode)
        if not postcode:
            problems.append(_("“%(postcode)s” is not a UK postcode") % {"postcode": raw_postcode[:20]})
    raw_uuid = _text(properties, "uuid") or (feature.get("id") if isinstance(feature.get("id"), str) else "")
    key = None
    if raw_uuid:
        try:
            key = uuid.UUID(raw_uuid)
        except (ValueError, AttributeError, TypeError):
            problems.append(_("the uuid “%(uuid)s” is not a uuid") % {"uuid": str(raw_uuid)[:40]})
    description = _text(properties, "description")
    if description is None or (description and len(description) > DESCRIPTION_MAX):
        problems.append(_("the description must be text of at most %(max)s letters") % {"max": DESCRIPTION_MAX})
    show_name = properties.get("show_name", False)
    if not isinstance(show_name, bool):
        problems.append(_("show_name must be true or false"))

    if kind == ActorKind.RESIDENT and not postcode:
        problems.append(_("a resident needs a postcode: residents are only placed at their area's centre, never at a point"))
    elif not postcode and point is None and not problems:
        problems.append(_("it needs a postcode or a point"))
    if problems:
        return None, problems
    return {"number": number, "uuid": key, "name": name, "kind": kind, "postcode": postcode, "point": point,
            "description": description if "description" in properties else None,
            "show_name": show_name if "show_name" in properties else None}, []


def read_geojson(raw: bytes):
    """(features, problems) for the bytes of a GeoJSON file. Every bad feature is reported with its
    number (counting from 1) and what is wrong; nothing is returned unless all are good."""
    if len(raw) > MAX_BYTES:
        return [], [_("The file is too big. It can be up to %(limit)s.") % {"limit": filesizeformat(MAX_BYTES)}]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [_("The file is not text in UTF-8, so it cannot be GeoJSON.")]
    try:
        data = json.loads(text, parse_constant=_refuse_constant)
    except (ValueError, RecursionError):
        return [], [_("The file is not JSON, so it cannot be GeoJSON. Export it again as GeoJSON and try once more.")]
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        return [], [_("The file must be a GeoJSON FeatureCollection (its type is not \"FeatureCollection\").")]
    features = data.get("features")
    if not isinstance(features, list):
        return [], [_("The FeatureCollection has no list of features.")]
    if not features:
        return [], [_("The file has no features: there is nothing to add.")]
    if len(features) > MAX_FEATURES:
        return [], [_("The file has %(count)s features; at most %(max)s can be added at once.") % {"count": len(features), "max": MAX_FEATURES}]
    kinds = _kinds_by_word()
    rows, problems = [], []
    for number, feature in enumerate(features, start=1):
        row, wrong = _feature(number, feature, kinds)
        if wrong:
            problems.append(_("Feature %(number)s: %(problems)s.") % {"number": number, "problems": "; ".join(wrong)})
        else:
            rows.append(row)
    return (rows if not problems else []), problems


def limited(problems):
    """At most MAX_REPORTED problems, then one line saying how many more."""
    if len(problems) <= MAX_REPORTED:
        return problems
    return [*problems[:MAX_REPORTED], _("… and %(count)s more problems.") % {"count": len(problems) - MAX_REPORTED}]


class PlacesImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("GeoJSON file"),
        help_text=gettext_lazy("A FeatureCollection of points (.geojson or .json), up to 2 MB. Each feature needs a "
                               "name and a kind, and a postcode or a point. Residents need a postcode."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise ValidationError(_("The file is too big. It can be up to %(limit)s.") % {"limit": filesizeformat(MAX_BYTES)})
        upload.seek(0)
        features, problems = read_geojson(upload.read(MAX_BYTES + 1))
        if problems:
            raise ValidationError(limited(problems))
        return features
