"""The map of places: who may see it, what it shows (residents only by district, never by
postcode), the list without JavaScript, the filter, visits by area, tiles and attribution, and a
constant number of queries."""

import json
import subprocess
import sys
from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from caringcity.core.models import PostcodeCentroid
from caringcity.core.testing import ROLES, assert_matrix, assert_queries_constant
from caringcity.networks.models import ActorKind, Location
from caringcity.networks.tests.factories import make_actor
from caringcity.networks.views.base import page_sections
from caringcity.teams.selectors import teams_visible_to
from caringcity.teams.services import team_create
from caringcity.teams.tests.factories import add_member, make_team
from caringcity.visits.models import VisitStatus
from caringcity.visits.selectors.places import month_bounds, visits_by_area
from caringcity.visits.tests.factories import make_visit

pytestmark = pytest.mark.django_db

POINTS = {"E5 9DU": (51.56267, -0.06226), "E5 0YU": (51.56552, -0.04830), "N16 6DH": (51.56627, -0.08153),
          "E8 7QQ": (51.54862, -0.07844)}


@pytest.fixture
def centroids():
    for code, (lat, lon) in POINTS.items():
        PostcodeCentroid.objects.create(postcode=code, latitude=lat, longitude=lon, source="ONS Postcode Directory 2025")
    PostcodeCentroid.objects.create(postcode="E5", latitude=51.5600, longitude=-0.0550, source="ONS Postcode Directory 2025")


def _placed(commons, name, kind, postcode, **fields):
    lat, lon = POINTS.get(postcode, (None, None))
    return make_actor(commons, name=name, kind=kind, postcode=postcode, latitude=lat, longitude=lon, **fields)


@pytest.fixture
def world(commons, other_commons, centroids):
    return {
        "hub": _placed(commons, "Clapton Community Hub", ActorKind.COMMUNITY_HUB, "E5 0YU"),
        "market": _placed(commons, "Chatsworth Road Market", ActorKind.MARKET, "E5 9DU"),
        "named": _placed(commons, "Rosa Lind", ActorKind.RESIDENT, "E5 9DU", show_name=True),
        "hidden": _placed(commons, "Harriet Secret", ActorKind.RESIDENT, "N16 6DH"),
        "left": _placed(commons, "Gone Group", ActorKind.GRASSROOTS, "E8 7QQ", ended=timezone.localdate()),
        "elsewhere": _placed(other_commons, "Other Commons Group", ActorKind.CHARITY, "E8 7QQ"),
    }


def _map_data(html, data_id="net-places-data"):
    import re

    found = re.search(r'<script id="%s" type="application/json">(.*?)</script>' % data_id, html, re.S)
    assert found, "no map data on the page"
    return json.loads(found.group(1))


def _url(commons, name="networks:places", **query):
    url = reverse(name, args=[commons.slug])
    if query:
        from urllib.parse import urlencode

        url += "?" + urlencode(query, doseq=True)
    return url


def test_every_member_sees_the_places_page_and_no_one_else(clients, commons, world):
    expected = {"anonymous": 302, "outsider": 404, "member": 200, "owner": 200, "proxy": 200, "organiser": 200, "admin": 200}
    assert_matrix(clients, _url(commons), expected)
    assert_matrix(clients, _url(commons, "networks:places_geojson"), expected)


def test_the_page_lists_places_by_district_with_counts(clients, commons, world):
    html = clients["member"].get(_url(commons)).content.decode()
    assert "Clapton Community Hub" in html and "Chatsworth Road Market" in html and "Rosa Lind" in html
    assert "A resident, N16" in html
    assert "Harriet" not in html and "Gone Group" not in html and "Other Commons Group" not in html
    # grouped by district, E5 first with its three places
    assert html.index(">E5 <") < html.index(">N16 <")
    assert "(3 places)" in html and "(1 place)" in html


def test_residents_are_shown_only_at_their_district_centre(clients, commons, world):
    response = clients["member"].get(_url(commons))
    html = response.content.decode()
    data = _map_data(html)
    by_name = {p["name"]: p for p in data["places"]}
    # named or not, a resident sits at the district's centre, never at the postcode's point
    assert (by_name["Rosa Lind"]["lat"], by_name["Rosa Lind"]["lon"]) == (51.56, -0.055)
    assert by_name["Rosa Lind"]["area"] == "E5"
    # N16 has no row of its own: the average of the loaded N16 postcodes (only one here)
    assert (by_name["A resident, N16"]["lat"], by_name["A resident, N16"]["lon"]) == POINTS["N16 6DH"]
    assert (by_name["Clapton Community Hub"]["lat"], by_name["Clapton Community Hub"]["lon"]) == POINTS["E5 0YU"]
    # a resident's full postcode never reaches the page
    assert "N16 6DH" not in html
    assert by_name["Chatsworth Road Market"]["area"] == "E5 9DU"


def test_kind_filter(clients, commons, world):
    html = clients["member"].get(_url(commons, kind=["market", "nonsense"])).content.decode()
    assert "Chatsworth Road Market" in html and "Clapton Community Hub" not in html and "Rosa Lind" not in html
    import re

    assert re.search(r'<input[^>]*value="market"[^>]*checked', html)
    assert not re.search(r'<input[^>]*value="charity"[^>]*checked', html)


def test_directory_locations_are_placed_too(clients, commons, world):
    Location.objects.create(commons=commons, name="St Thomas' Hall", postcode="E5 0YU", latitude=51.56552, longitude=-0.0483)
    html = clients["member"].get(_url(commons)).content.decode()
    assert "St Thomas&#x27; Hall" in html
    html = clients["member"].get(_url(commons, kind=["location"])).content.decode()
    assert "St Thomas&#x27; Hall" in html and "Chatsworth Road Market" not in html


def test_attribution_of_tiles_and_postcodes_is_shown_under_the_map(clients, commons, world, settings):
    html = clients["member"].get(_url(commons)).content.decode()
    assert "Contains Royal Mail data © Royal Mail copyright and database right 2025." in html
    assert "OpenStreetMap" not in html  # tests have no tiles
    data = _map_data(html)
    assert data["tiles"] == {"url": "", "attribution": ""}
    settings.MAP_TILES_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    settings.MAP_TILES_ATTRIBUTION = "© OpenStreetMap contributors"
    html = clients["member"].get(_url(commons)).content.decode()
    assert "Map: © OpenStreetMap contributors" in html
    assert '"url": "https://tiles.example.org/{z}/{x}/{y}.png"' in html


def test_no_inline_script_on_the_page(clients, commons, world):
    html = clients["member"].get(_url(commons)).content.decode()
    import re

    for tag in re.findall(r"<script[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag


def _settings_csp(env):
    code = "from django.conf import settings; import django; django.setup(); print(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'])"
    result = subprocess.run([sys.executable, "-c", code], env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
                            capture_output=True, text=True, check=True)
    return result.stdout.strip()


def test_the_tile_host_is_allowed_for_images_only_when_set():
    import os

    base = {k: v for k, v in os.environ.items() if k != "MAP_TILES_URL"}
    empty = _settings_csp({**base, "MAP_TILES_URL": ""})
    assert "data:" in empty and "tile" not in empty and "http" not in empty
    assert "https://tile.openstreetmap.org" in _settings_csp(base)
    assert "https://*.tiles.example.org" in _settings_csp({**base, "MAP_TILES_URL": "https://{s}.tiles.example.org/{z}/{x}/{y}.png"})


# --- visits by area ------------------------------------------------------------------------------------
@pytest.fixture
def visits_world(personas, commons):
    owner = personas["owner"].person
    owner.postcode = "E5 9DU"
    owner.save(update_fields=["postcode"])
    team = make_team(personas, commons, name="Olive's team")
    add_member(team, personas, personas["member"])
    now = timezone.now()
    start, end = month_bounds(timezone.localdate())
    middle = start + (end - start) / 2
    make_visit(team, starts=middle)
    make_visit(team, starts=middle + timedelta(hours=3))
    make_visit(team, starts=middle + timedelta(hours=6), status=VisitStatus.CANCELLED)
    make_visit(team, starts=start - timedelta(days=3))  # last month
    # a team the plain member is not in, for someone with no postcode
    pat = personas["proxy"].person
    pat.postcode = ""
    pat.save(update_fields=["postcode"])
    other = team_create(actor=personas.user("organiser"), commons=commons, owner=personas["proxy"].person, name="Pat's team")
    make_visit(other, starts=middle)
    return {"team": team, "other": other, "now": now}


def test_visits_by_area_counts_only_visits_the_user_may_see(personas, commons, visits_world):
    start, end = month_bounds(timezone.localdate())
    assert visits_by_area(personas.user("member"), commons, start, end) == [("E5", 2)]
    assert visits_by_area(personas.user("organiser"), commons, start, end) == [("E5", 2), ("", 1)]
    assert visits_by_area(personas.user("outsider"), commons, start, end) == []
    assert visits_by_area(personas.user("admin"), commons, start, end) == [("E5", 2), ("", 1)]


def test_visits_by_area_twin_agrees_with_the_rota_rule(personas, commons, visits_world):
    teams = [visits_world["team"], visits_world["other"]]
    for role in ROLES:
        user = personas.user(role)
        if user is None:
            continue
        visible = set(teams_visible_to(user, commons))
        for team in teams:
            assert (team in visible) == user.has_perm("visits.view_rota", team), (role, team)


def test_visits_by_area_on_the_page_names_no_one(clients, commons, personas, centroids, visits_world):
    html = clients["member"].get(_url(commons)).content.decode()
    assert "Visits by area this month" in html
    table = html.split('class="net-places-visits"')[1].split("</table>")[0]
    assert "E5" in table and "<td>2</td>" in table
    assert personas["owner"].person.name not in html and "E5 9DU" not in html
    geojson = clients["member"].get(_url(commons, "networks:places_geojson")).content.decode()
    assert "visit" not in geojson.lower()


def test_community_section_shows_places_by_area(personas, commons, world):
    request = RequestFactory().get("/")
    request.user = personas.user("member")
    sections = page_sections("community", request, commons, None, None)
    ours = [ctx for template, ctx in sections if template == "networks/places/section.html"]
    assert len(ours) == 1
    areas = {area.district: area.count for area in ours[0]["page"]["areas"]}
    assert areas == {"E5": 3, "N16": 1}
    from django.template.loader import render_to_string

    html = render_to_string("networks/places/section.html", {"section": ours[0]}, request=request)
    assert "A resident, N16" in html or "N16" in html
    assert "Harriet" not in html and reverse("networks:places", args=[commons.slug]) in html
    request.user = personas.user("outsider")
    request.user._network_standing = {}
    assert not [t for t, _c in page_sections("community", request, commons, None, None) if t == "networks/places/section.html"]


def test_query_count_is_constant(clients, commons, centroids, personas):
    team = make_team(personas, commons, name="Counted team")
    counter = {"n": 0}
    postcodes = list(POINTS)

    def grow():
        for _ in range(3):
            counter["n"] += 1
            code = postcodes[counter["n"] % len(postcodes)]
            _placed(commons, f"Group {counter['n']}", ActorKind.CHARITY, code)
            _placed(commons, f"Resident {counter['n']}", ActorKind.RESIDENT, code)
            Location.objects.create(commons=commons, name=f"Hall {counter['n']}", postcode=code, latitude=51.56, longitude=-0.05)
            make_visit(team, starts=timezone.now().replace(day=1) + timedelta(days=1, hours=counter["n"]))

    assert_queries_constant(clients["organiser"], _url(commons), grow)
    assert_queries_constant(clients["organiser"], _url(commons, "networks:places_geojson"), grow)
