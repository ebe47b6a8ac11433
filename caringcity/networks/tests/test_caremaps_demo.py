"""The care maps demo: maps for the demo owners of care teams, with second-level ties, a stressful
tie, a weak tie and a group; one shared with the team, one private with a grant to an organiser.
They render for the people who may see them, and the demo is safe to run twice."""

import pytest
from django.test import Client
from django.urls import reverse

from caringcity.core.extensions import app_modules
from caringcity.networks import demo as networks_demo
from caringcity.networks import demo_caremaps
from caringcity.networks.graph import OWNER
from caringcity.networks.models import CareMap, MapNode, MapTie, MapVisibility
from caringcity.networks.selectors.caremaps import care_map_basis
from caringcity.networks.selectors.graphs import care_map_graph

pytestmark = pytest.mark.django_db


@pytest.fixture
def ctx():
    ctx = {"signins": []}
    for module in app_modules("demo"):  # the apps' demos before networks, as ``manage.py demo`` runs them
        if module is networks_demo:
            break
        module.build(ctx)
    demo_caremaps.build(ctx)
    return ctx


def _client(person):
    client = Client()
    client.force_login(person.user)
    return client


def test_each_demo_owner_has_a_map_with_second_level_ties_stress_weakness_and_a_group(ctx):
    maps = ctx["care_maps"]
    assert set(maps) == {"paper", "gloria", "doreen", "hamid"}
    for care_map in maps.values():
        graph = care_map_graph(care_map)
        people_on_map = len(graph.nodes) - 1
        assert 8 <= people_on_map <= 15, (care_map.owner, people_on_map)
        edges = graph.edges
        assert any(OWNER not in (e.source, e.target) for e in edges), "no tie between two supporters"
        assert any(e.attrs["stressful"] for e in edges)
        assert any(e.attrs["strength"] == "weak" for e in edges)
        assert any(n.attrs["group"] for n in graph.nodes)
    arthur = maps["paper"]
    assert arthur.owner.name == "Arthur Price" and arthur.visibility == MapVisibility.TEAM
    assert maps["gloria"].visibility == MapVisibility.PRIVATE


def test_sharing_in_the_demo_holds(ctx):
    p, maps = ctx["people"], ctx["care_maps"]
    # Arthur's map is shared with his team: Rosa (a volunteer in it) sees it; Janet acts for him.
    assert care_map_basis(p["member"].user, maps["paper"]) == "team_member"
    assert care_map_basis(p["proxy"].user, maps["paper"]) == "proxy"
    # Gloria's is private; she named Kemal (an organiser); Ayo, in her team, does not see it.
    assert care_map_basis(p["organiser"].user, maps["gloria"]) == "grant"
    assert care_map_basis(p["ayo"].user, maps["gloria"]) is None
    assert care_map_basis(p["admin"].user, maps["gloria"]) is None


def test_demo_maps_render_for_those_who_may_see_them(ctx):
    p, maps = ctx["people"], ctx["care_maps"]
    for person, care_map in [(p["proxy"], maps["paper"]), (p["organiser"], maps["gloria"]), (p["doreen"], maps["doreen"]),
                             (p["bengali"], maps["hamid"])]:
        url = reverse("networks:care_map", args=[care_map.commons.slug, care_map.uuid])
        response = _client(person).get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert 'role="img"' in html and "net-caremaps-tie--stressful" in html and "net-caremaps-tie--weak" in html
        for node in MapNode.objects.filter(care_map=care_map):
            assert node.name in html or node.name.replace("'", "&#x27;") in html
    outsider = _client(p["walthamstow_member"])
    assert outsider.get(reverse("networks:care_map", args=["clapton", maps["gloria"].uuid])).status_code == 404


def test_the_demo_is_safe_to_run_twice(ctx):
    counts = (CareMap.objects.count(), MapNode.objects.count(), MapTie.objects.count())
    demo_caremaps.build(ctx)
    assert (CareMap.objects.count(), MapNode.objects.count(), MapTie.objects.count()) == counts
