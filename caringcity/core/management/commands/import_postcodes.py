"""Load postcode centroids from an open dataset: the ONS Postcode Directory (ONSPD) CSV, or a
simple CSV with columns postcode, latitude, longitude (Code-Point Open converted to WGS84, or the
outward-code file we ship for the demo). All rows are checked first; nothing is written unless
every row is good."""

import csv

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from caringcity.core.geo import normalise
from caringcity.core.models import PostcodeCentroid

POSTCODE_COLUMNS = ("pcds", "postcode", "pcd")
LAT_COLUMNS = ("lat", "latitude")
LON_COLUMNS = ("long", "lon", "longitude")


def _column(header, names):
    for name in names:
        if name in header:
            return name
    return None


def read_centroids(lines, source=""):
    """Parse CSV lines into PostcodeCentroid objects; return (objects, errors)."""
    reader = csv.DictReader(lines)
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    reader.fieldnames = header
    pc_col, lat_col, lon_col = _column(header, POSTCODE_COLUMNS), _column(header, LAT_COLUMNS), _column(header, LON_COLUMNS)
    if not (pc_col and lat_col and lon_col):
        return [], ["The file needs columns for the postcode (pcds or postcode), latitude (lat) and longitude (long)."]
    objects, errors, seen = [], [], set()
    for number, row in enumerate(reader, start=2):
        if "doterm" in row and (row.get("doterm") or "").strip():
            continue  # ONSPD: a postcode no longer in use
        code = normalise(row.get(pc_col, ""))
        if not code:
            errors.append(f"Row {number}: {row.get(pc_col, '')!r} is not a UK postcode.")
            continue
        try:
            lat, lon = float(row[lat_col]), float(row[lon_col])
        except (TypeError, ValueError):
            errors.append(f"Row {number}: latitude and longitude must be numbers.")
            continue
        if lat == 99.999999:  # ONSPD marks postcodes with no grid reference this way
            continue
        if not (49 <= lat <= 61 and -9 <= lon <= 3):
            errors.append(f"Row {number}: {lat}, {lon} is not in the UK.")
            continue
        if code in seen:
            errors.append(f"Row {number}: {code} appears twice.")
            continue
        seen.add(code)
        objects.append(PostcodeCentroid(postcode=code, latitude=lat, longitude=lon, source=source))
    return objects, errors


class Command(BaseCommand):
    help = "Load postcode centroids from ONSPD or a postcode,latitude,longitude CSV (all-or-nothing)."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--source", default="ONS Postcode Directory", help="attribution to keep with the data")

    def handle(self, path, source, **options):
        try:
            with open(path, newline="", encoding="utf-8-sig") as handle:
                objects, errors = read_centroids(handle, source)
        except (OSError, UnicodeDecodeError, csv.Error) as exc:
            raise CommandError(f"Could not read {path}: {exc}") from exc
        if errors:
            for line in errors[:200]:
                self.stderr.write(line)
            raise CommandError(f"{len(errors)} bad rows; nothing was imported.")
        with transaction.atomic():
            PostcodeCentroid.objects.filter(postcode__in=[o.postcode for o in objects]).delete()
            PostcodeCentroid.objects.bulk_create(objects, batch_size=2000)
        self.stdout.write(f"Imported {len(objects)} postcode centroids from {source}.")
