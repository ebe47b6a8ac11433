import pytest
from django.core.management import CommandError, call_command

from caringcity.core.geo import centroids_for, distance_km, normalise
from caringcity.core.models import PostcodeCentroid


def test_normalise():
    assert normalise(" e5 8aa ") == "E5 8AA"
    assert normalise("n166xs") == "N16 6XS"
    assert normalise("e17") == "E17"
    assert normalise("not a postcode") == "" and normalise("") == "" and normalise(None) == ""


def test_distance():
    assert distance_km((51.559, -0.053), (51.559, -0.053)) == 0
    assert 1.5 < distance_km((51.559, -0.053), (51.562, -0.077)) < 2.0  # Clapton to Stoke Newington


@pytest.mark.django_db
def test_import_all_or_nothing_and_fallback_to_district(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("pcds,lat,long,doterm\nE5 8AA,51.56,-0.05,\nnonsense,1,2,\nE8 1AA,abc,-0.06,\nE9 5AA,40.0,-0.05,\n")
    with pytest.raises(CommandError, match="3 bad rows"):
        call_command("import_postcodes", str(bad))
    assert not PostcodeCentroid.objects.exists()
    good = tmp_path / "good.csv"
    good.write_text("pcds,lat,long,doterm\nE5 8AA,51.56,-0.05,\nE8 1AA,51.54,-0.06,201901\n")
    call_command("import_postcodes", str(good), stdout=open("/dev/null", "w"))
    assert list(PostcodeCentroid.objects.values_list("postcode", flat=True)) == ["E5 8AA"]  # terminated one skipped
    PostcodeCentroid.objects.create(postcode="N16", latitude=51.562, longitude=-0.077)
    points = centroids_for(["e58aa", "N16 6XS", "ZZ1 1ZZ", "junk"])
    assert points == {"e58aa": (51.56, -0.05), "N16 6XS": (51.562, -0.077)}
