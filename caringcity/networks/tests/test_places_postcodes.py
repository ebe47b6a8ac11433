"""Postcodes for the map of places: the import of the real ONSPD columns (and Code-Point Open
converted to WGS84), all or nothing; the attribution each dataset's licence asks for; the demo's
postcodes."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from caringcity.core.models import PostcodeCentroid
from caringcity.networks import demo_places
from caringcity.networks.selectors.places import Points, attribution_for, attributions

ONSPD_SAMPLE = Path(__file__).resolve().parent / "data" / "onspd_sample.csv"

ONSPD_2025 = [
    "Source: Office for National Statistics licensed under the Open Government Licence v.3.0.",
    "Contains OS data © Crown copyright and database right 2025.",
    "Contains Royal Mail data © Royal Mail copyright and database right 2025.",
    "Contains GeoPlace data © Local Government Information House Limited copyright and database right 2025.",
]


def _import(path, *args):
    out = io.StringIO()
    call_command("import_postcodes", str(path), *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.mark.django_db
def test_onspd_sample_uses_pcds_lat_long_and_skips_terminated_and_ungridded():
    said = _import(ONSPD_SAMPLE, "--year", "2025")
    rows = {c.postcode: c for c in PostcodeCentroid.objects.all()}
    # E5 8XX ended (doterm set); ZZ99 3VZ has no grid reference (lat 99.999999)
    assert sorted(rows) == ["E5 0YU", "E5 9DU", "E8 7QQ", "N16 6DH"]
    assert (rows["E5 9DU"].latitude, rows["E5 9DU"].longitude) == (51.56267, -0.06226)
    assert {c.source for c in rows.values()} == {"ONS Postcode Directory 2025"}
    assert "Imported 4 postcode centroids from ONS Postcode Directory 2025" in said


@pytest.mark.django_db
def test_import_again_updates_in_place_and_a_bad_file_changes_nothing(tmp_path):
    _import(ONSPD_SAMPLE, "--year", "2024")
    moved = tmp_path / "moved.csv"
    moved.write_text("pcds,lat,long,doterm\nE5 9DU,51.5630,-0.0620,\n")
    _import(moved, "--year", "2025")
    point = PostcodeCentroid.objects.get(postcode="E5 9DU")
    assert (point.latitude, point.longitude, point.source) == (51.563, -0.062, "ONS Postcode Directory 2025")
    assert PostcodeCentroid.objects.count() == 4

    bad = tmp_path / "bad.csv"
    bad.write_text("pcds,lat,long,doterm\nE5 9DU,51.60,-0.07,\nE8 7QQ,fifty,-0.07,\nE8 7QQ,51.5,-0.07,\n")
    before = sorted(PostcodeCentroid.objects.values_list("postcode", "latitude", "longitude", "source"))
    errors = io.StringIO()
    with pytest.raises(CommandError, match="1 bad rows"):
        call_command("import_postcodes", str(bad), stdout=io.StringIO(), stderr=errors)
    assert "Row 3: latitude and longitude must be numbers." in errors.getvalue()
    assert sorted(PostcodeCentroid.objects.values_list("postcode", "latitude", "longitude", "source")) == before


@pytest.mark.django_db
def test_code_point_open_converted_to_wgs84(tmp_path):
    converted = tmp_path / "codepoint.csv"
    converted.write_text("Postcode,Latitude,Longitude\nE5 9DU,51.56267,-0.06226\nn166dh,51.56627,-0.08153\n")
    _import(converted, "--source", "Code-Point Open", "--year", "2025")
    assert set(PostcodeCentroid.objects.values_list("postcode", "source")) == {
        ("E5 9DU", "Code-Point Open 2025"), ("N16 6DH", "Code-Point Open 2025")}
    assert attribution_for("Code-Point Open 2025") == [
        "Contains OS data © Crown copyright and database right 2025.",
        "Contains Royal Mail data © Royal Mail copyright and database right 2025.",
        "Contains National Statistics data © Crown copyright and database right 2025.",
    ]


def test_attribution_for_each_source():
    assert attribution_for("ONS Postcode Directory 2025") == ONSPD_2025
    assert attribution_for("ONSPD February 2025") == ONSPD_2025
    assert attribution_for("Demo: approximate points, not real postcode centres") == [
        "Postcode positions: Demo: approximate points, not real postcode centres."]
    assert attribution_for("") == []
    # two releases of the same dataset: both years are named, the shared line once
    both = attributions(["ONS Postcode Directory 2025", "ONS Postcode Directory 2025", "ONS Postcode Directory 2024", ""])
    assert len(both) == 7 and both[0].startswith("Source: Office for National Statistics")


@pytest.mark.django_db
def test_a_district_with_no_row_of_its_own_is_placed_at_the_average_of_its_postcodes():
    _import(ONSPD_SAMPLE, "--year", "2025")
    points = Points(set(), {"E5", "N16", "W1"})
    lat, lon = points.get("E5")
    assert (lat, lon) == (round((51.56267 + 51.56552) / 2, 5), round((-0.06226 - 0.04830) / 2, 5))
    assert points.get("W1") is None
    assert points.sources() == {"ONS Postcode Directory 2025"}


@pytest.mark.django_db
def test_demo_places_loads_the_demo_postcodes_once():
    ctx = {}
    demo_places.build(ctx)
    demo_places.build(ctx)
    rows = PostcodeCentroid.objects.filter(source=demo_places.DEMO_SOURCE)
    with open(demo_places.DEMO_POSTCODES) as handle:
        expected = len(handle.readlines()) - 1
    assert rows.count() == expected == len(ctx["postcodes"]) == PostcodeCentroid.objects.count()
