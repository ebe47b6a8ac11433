"""The map of places: with JavaScript, Leaflet draws the places as markers (from the page's own
data, no tiles: tests set MAP_TILES_URL empty, so no request leaves the live server) and axe finds
nothing wrong; without JavaScript the page is the list of places by area."""

import pytest

from tests.browser.support import check_axe, sign_in

pytestmark = pytest.mark.browser

PLACES = [
    ("Clapton Community Hub", "community_hub", "E5 9DU", False),
    ("Chatsworth Road Market", "market", "E5 0YU", False),
    ("Stoke Newington Food Bank", "food_hub", "N16 6DH", False),
    ("Hidden Resident", "resident", "E8 7QQ", False),
]


@pytest.fixture
def places(demo):
    from caringcity.networks import demo_places, placing
    from caringcity.networks.tests.factories import make_actor

    demo_places.build(demo)
    clapton = demo["commons"]["clapton"]
    for name, kind, postcode, show_name in PLACES:
        code, lat, lon = placing.place(postcode)
        make_actor(clapton, name=name, kind=kind, postcode=code, latitude=lat, longitude=lon, show_name=show_name)
    return "/c/clapton/networks/places/"


def test_the_map_draws_markers_with_javascript(browse, places):
    page = browse.new_page()
    sign_in(page, "rosa@example.org")
    page.goto(places)
    page.locator(".net-places-map.leaflet-container").first.wait_for()
    markers = page.locator("#net-places-map path.net-places-marker")
    markers.first.wait_for()
    assert markers.count() == len(PLACES)
    assert page.locator("#net-places-map .leaflet-tile").count() == 0  # no tile server in tests
    assert "Demo: approximate points" in page.locator("#net-places-map .leaflet-control-attribution").inner_text()
    markers.first.click(force=True)
    popup = page.locator("#net-places-map .leaflet-popup-content")
    popup.wait_for()
    assert popup.inner_text().strip()
    assert "Hidden Resident" not in page.content()
    # the list is still there under the map
    assert page.locator("section.net-places-area").count() == 3
    check_axe(page, "places map")


def test_without_javascript_the_page_is_the_list(browse, places):
    page = browse.new_page(javascript=False)
    sign_in(page, "rosa@example.org")
    page.goto(places)
    assert page.locator("#net-places-map").is_hidden()
    areas = page.locator("section.net-places-area h3")
    assert [text.split(" ")[0] for text in areas.all_inner_texts()] == ["E5", "E8", "N16"]
    assert "A resident, E8" in page.locator("main").inner_text()
    assert "Hidden Resident" not in page.content()
    # axe cannot run with JavaScript off (see test_teams.py); the same list is checked with it on.
