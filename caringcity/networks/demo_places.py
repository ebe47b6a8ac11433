"""Demo data of the networks part "places": the demo's postcodes (approximate points in E5, N16
and E8, not real postcode centres) loaded into ``core.PostcodeCentroid``, so the demo's actors
land on the map. Running it again changes nothing."""

from pathlib import Path

from caringcity.core.management.commands.import_postcodes import read_rows, write_rows

DEMO_POSTCODES = Path(__file__).resolve().parent / "data" / "demo_postcodes.csv"
DEMO_SOURCE = "Demo: approximate points, not real postcode centres"


def build(ctx):
    with open(DEMO_POSTCODES, newline="", encoding="utf-8-sig") as handle:
        rows, errors = read_rows(handle)
    if errors:
        raise ValueError("; ".join(errors))
    write_rows(rows, DEMO_SOURCE)
    ctx["postcodes"] = [code for code, _lat, _lon in rows]
