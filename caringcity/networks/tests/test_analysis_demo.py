"""The demo's neighbourhood map, as the analysis sees it (issue 6, point 7): a few isolated
residents, one organisation whose loss would cut off three people, and two snapshots to compare.
The map itself is the community part's demo; this holds the analysis to what it promises."""

import pytest
from django.test import Client
from django.urls import reverse

from caringcity.core.extensions import app_modules
from caringcity.networks import analysis
from caringcity.networks.models import ORGANISATION_KINDS, Snapshot
from caringcity.networks.selectors.graphs import community_graph
from caringcity.people.models import Person

pytestmark = pytest.mark.django_db


def test_the_demo_map_shows_isolated_residents_a_cut_point_of_three_and_a_change():
    ctx = {"signins": []}
    for module in app_modules("demo"):  # as ``manage.py demo`` runs them, up to networks
        module.build(ctx)
        if module.__name__ == "caringcity.networks.demo":
            break
    commons = ctx["commons"]["clapton"]
    graph = community_graph(commons)
    found = {finding.key: finding for finding in analysis.findings(graph)}
    kinds = {node.id: node.attrs.get("kind") for node in graph.nodes}
    assert found["isolated"].total >= 2
    points, _bridges = analysis.cut_points_and_bridges(graph)
    assert any(kinds[p.node_id] in ORGANISATION_KINDS and p.cut_off_count == 3 for p in points)

    assert Snapshot.objects.filter(commons=commons).count() >= 2
    client = Client()
    client.force_login(Person.objects.get(email="rosa@example.org").user)
    assert client.get(reverse("networks:analysis", args=[commons.slug])).status_code == 200
    response = client.get(reverse("networks:snapshot_compare", args=[commons.slug]))
    assert response.status_code == 200 and not response.context["change"].nothing
