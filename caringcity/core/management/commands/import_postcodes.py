"""Load postcode centroids from an open dataset: the ONS Postcode Directory (ONSPD) CSV, or a
simple CSV with columns postcode, latitude, longitude (Code-Point Open converted to WGS84, or the
outward-code file we ship for the demo). All rows are checked first; nothing is written unless
every row is good.

The ONSPD's own columns are used as they come: ``pcds`` (the postcode with one space; ``pcd`` is
a fallback), ``lat``/``long`` (WGS84), ``doterm`` (set when a postcode is no longer used: such rows
are skipped) and lat 99.999999 for a postcode with no grid reference (skipped too). The whole
ONSPD has about 2.7 million rows: rows are kept as small tuples while checking and written in
batches that insert or update by postcode.

The source (with the dataset's year) is kept on every row: the pages that show positions from
postcodes show the attribution its licence asks for (``networks.selectors.places.attributions``)."""

import csv
import re

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from caringcity.core.geo import normalise
from caringcity.core.models import PostcodeCentroid

POSTCODE_COLUMNS = ("pcds", "postcode", "pcd", "pcd7", "pcd8")
LAT_COLUMNS = ("lat", "latitude")
LON_COLUMNS = ("long", "lon", "longitude")
NO_GRID_REFERENCE = 99.999999
BATCH = 5000
SOURCE_MAX = PostcodeCentroid._meta.get_field("source").max_length


def _column(header, names):
    for name in names:
        if name in header:
            return name
    return None


def read_rows(lines):
    """Check CSV lines; return (rows, errors) where rows are (postcode, lat, lon) tuples."""
    reader = csv.DictReader(lines)
    header = [(h or "").strip().lower() for h in (reader.fieldnames or [])]
    reader.fieldnames = header
    pc_col, lat_col, lon_col = _column(header, POSTCODE_COLUMNS), _column(header, LAT_COLUMNS), _column(header, LON_COLUMNS)
    if not (pc_col and lat_col and lon_col):
        return [], ["The file needs columns for the postcode (pcds or postcode), latitude (lat) and longitude (long)."]
    rows, errors, seen = [], [], set()
    for number, row in enumerate(reader, start=2):
        if "doterm" in row and (row.get("doterm") or "").strip():
            continue  # ONSPD: a postcode no longer in use
        code = normalise(row.get(pc_col) or "")
        if not code:
            errors.append(f"Row {number}: {row.get(pc_col) or ''!r} is not a UK postcode.")
            continue
        try:
            lat, lon = float(row[lat_col]), float(row[lon_col])
        except (TypeError, ValueError):
            errors.append(f"Row {number}: latitude and longitude must be numbers.")
            continue
        if lat == NO_GRID_REFERENCE:  # ONSPD marks postcodes with no grid reference this way
            continue
        if not (49 <= lat <= 61 and -9 <= lon <= 3):
            errors.append(f"Row {number}: {lat}, {lon} is not in the UK.")
            continue
        if code in seen:
            errors.append(f"Row {number}: {code} appears twice.")
            continue
        seen.add(code)
        rows.append((code, lat, lon))
    return rows, errors


def read_centroids(lines, source=""):
    """Parse CSV lines into PostcodeCentroid objects; return (objects, errors)."""
    rows, errors = read_rows(lines)
    return [PostcodeCentroid(postcode=code, latitude=lat, longitude=lon, source=source) for code, lat, lon in rows], errors


def source_with_year(source, year):
    """'ONS Postcode Directory' and 2025 -> 'ONS Postcode Directory 2025' (a year already in the
    source is kept). The attribution names the dataset's year."""
    source = " ".join((source or "").split())
    if year and not re.search(r"\b(19|20)\d\d\b", source):
        source = f"{source} {year}".strip()
    return source[:SOURCE_MAX]


def write_rows(rows, source):
    """Insert or update every row (one transaction, in batches)."""
    with transaction.atomic():
        for start in range(0, len(rows), BATCH):
            batch = [PostcodeCentroid(postcode=code, latitude=lat, longitude=lon, source=source)
                     for code, lat, lon in rows[start:start + BATCH]]
            PostcodeCentroid.objects.bulk_create(
                batch, update_conflicts=True, unique_fields=["postcode"], update_fields=["latitude", "longitude", "source"]
            )


class Command(BaseCommand):
    help = "Load postcode centroids from ONSPD or a postcode,latitude,longitude CSV (all-or-nothing)."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument(
            "--source", default="ONS Postcode Directory",
            help='the dataset, kept with every row for its attribution: "ONS Postcode Directory" or "Code-Point Open"',
        )
        parser.add_argument("--year", type=int, default=None,
                            help="the year of the release (named in the attribution); default: this year")

    def handle(self, path, source, year, **options):
        source = source_with_year(source, year or timezone.localdate().year)
        try:
            with open(path, newline="", encoding="utf-8-sig") as handle:
                rows, errors = read_rows(handle)
        except (OSError, UnicodeDecodeError, csv.Error) as exc:
            raise CommandError(f"Could not read {path}: {exc}") from exc
        if errors:
            for line in errors[:200]:
                self.stderr.write(line)
            if len(errors) > 200:
                self.stderr.write(f"... and {len(errors) - 200} more.")
            raise CommandError(f"{len(errors)} bad rows; nothing was imported.")
        write_rows(rows, source)
        self.stdout.write(f"Imported {len(rows)} postcode centroids from {source}.")
