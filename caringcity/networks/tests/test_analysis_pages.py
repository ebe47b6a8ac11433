"""The analysis pages: who may see them, what they show, constant queries, and bad input on the
snapshot comparison (never a 500). Also the sections analysis adds to other parts' pages."""

import datetime
import uuid

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from caringcity.core.testing import ROLES, assert_matrix, assert_queries_constant
from caringcity.networks import analysis
from caringcity.networks.graph import OWNER, Edge, Graph, Node
from caringcity.networks.models import ActorKind, ConnectionStatus, Snapshot
from caringcity.networks.selectors import analysis as selectors
from caringcity.networks.selectors.graphs import community_graph
from caringcity.networks.tests.factories import care_kinds, make_actor, make_connection
from caringcity.networks.views import analysis as views
from caringcity.networks.views.base import page_sections

pytestmark = pytest.mark.django_db

MEMBERS_SEE = {"anonymous": 302, "outsider": 404, "member": 200, "owner": 200, "proxy": 200, "organiser": 200, "admin": 200}


def small_map(commons):
    """A hub with two residents and a group; the hub is the only link for both residents; a
    lone resident with only an inactive tie."""
    food, = care_kinds(commons, ["Food"])
    hub = make_actor(commons, "Chatsworth Road Hub", ActorKind.COMMUNITY_HUB, postcode="E5 0LH")
    edna = make_actor(commons, "Edna Lowe", ActorKind.RESIDENT, postcode="E5 8QR")
    vic = make_actor(commons, "Vic Osei", ActorKind.RESIDENT, postcode="E5 8QR", show_name=True)
    group = make_actor(commons, "Clapton Mutual Aid")
    lone = make_actor(commons, "Lone Resident", ActorKind.RESIDENT, postcode="N16 7AB")
    make_connection(hub, edna, kinds=[food], direction="one_way")
    make_connection(hub, vic)
    make_connection(hub, group)
    make_connection(group, lone, status=ConnectionStatus.INACTIVE)
    return {"hub": hub, "edna": edna, "vic": vic, "group": group, "lone": lone}


def snapshot(commons, name, day):
    return Snapshot.objects.create(commons=commons, name=name, taken_on=day, data=community_graph(commons).to_dict())


# --- who may see --------------------------------------------------------------------------------
def test_analysis_page_role_matrix(commons, clients):
    small_map(commons)
    assert_matrix(clients, reverse("networks:analysis", args=[commons.slug]), MEMBERS_SEE)


def test_compare_page_role_matrix(commons, clients):
    small_map(commons)
    snapshot(commons, "Spring", datetime.date(2026, 3, 1))
    snapshot(commons, "Summer", datetime.date(2026, 6, 1))
    assert_matrix(clients, reverse("networks:snapshot_compare", args=[commons.slug]), MEMBERS_SEE)


def test_snapshot_queryset_twin_agrees_with_the_rule(commons, other_commons, personas):
    mine = snapshot(commons, "Spring", datetime.date(2026, 3, 1))
    snapshot(other_commons, "Theirs", datetime.date(2026, 3, 1))
    from django.contrib.auth.models import AnonymousUser

    for role in ROLES:
        user = personas.user(role) or AnonymousUser()
        allowed = user.has_perm("networks.view_map", commons)
        assert list(selectors.snapshots_visible_to(user, commons)) == ([mine] if allowed else []), role


# --- what the analysis page shows -----------------------------------------------------------------
def test_analysis_page_shows_findings_in_plain_words_and_withholds_names(commons, clients):
    small_map(commons)
    response = clients["member"].get(reverse("networks:analysis", args=[commons.slug]))
    html = response.content.decode()
    assert "Edna Lowe" not in html and "A resident, E5" in html  # not agreed to be named
    assert "Whose loss would cut someone off" in html and "Chatsworth Road Hub" in html
    assert "3 would be cut off" in html  # the hub: the two residents and the group are each left alone
    assert "What you could do" in html
    assert "Food: only from Chatsworth Road Hub." in html
    assert 'role="img"' in html and "<title id=\"ties-svg-title\">" in html and "<desc id=\"ties-svg-desc\">" in html
    assert "How many active ties each has" in html and "No active tie" in html
    finding = {entry["finding"].key: entry for entry in response.context["findings"]}
    assert [row[0] for row in finding["isolated"]["rows"]] == ["A resident, N16"]
    assert "estimate" not in html.lower()


def test_analysis_page_on_an_empty_map(commons, clients):
    response = clients["member"].get(reverse("networks:analysis", args=[commons.slug]))
    assert response.status_code == 200 and "There is nobody on the neighbourhood map yet" in response.content.decode()


def test_analysis_page_queries_stay_constant(commons, clients):
    kinds = care_kinds(commons, ["Food", "Company"])
    hub = make_actor(commons, "Hub", ActorKind.COMMUNITY_HUB)
    counter = iter(range(1000))

    def grow():
        i = next(counter)
        group = make_actor(commons, f"Group {i}")
        resident = make_actor(commons, f"Resident {i}", ActorKind.RESIDENT, postcode="E5 8QR")
        make_connection(hub, group, kinds=kinds)
        make_connection(group, resident, kinds=kinds[:1])

    assert_queries_constant(clients["member"], reverse("networks:analysis", args=[commons.slug]), grow)


def test_rows_are_cut_at_a_hundred_and_the_rest_counted(commons, clients):
    for i in range(selectors.ROWS_SHOWN + 5):
        make_actor(commons, f"Alone {i:03}")
    response = clients["member"].get(reverse("networks:analysis", args=[commons.slug]))
    entry = next(e for e in response.context["findings"] if e["finding"].key == "isolated")
    assert len(entry["rows"]) == selectors.ROWS_SHOWN and entry["more"] == 5
    assert "And 5 more, not listed here." in response.content.decode()


# --- the snapshot comparison -----------------------------------------------------------------------
def compare_url(commons, **query):
    from urllib.parse import urlencode

    return reverse("networks:snapshot_compare", args=[commons.slug]) + ("?" + urlencode(query) if query else "")


def test_compare_defaults_to_the_two_latest(commons, clients):
    actors = small_map(commons)
    spring = snapshot(commons, "Spring", datetime.date(2026, 3, 1))
    make_connection(actors["vic"], actors["lone"])  # the lone resident is now in touch
    make_actor(commons, "Food Bank", ActorKind.FOOD_HUB)
    summer = snapshot(commons, "Summer", datetime.date(2026, 6, 1))
    snapshot(commons, "Winter (oldest)", datetime.date(2025, 12, 1))
    response = clients["member"].get(compare_url(commons))
    assert response.status_code == 200
    change = response.context["change"]
    assert response.context["before"].snapshot == spring and response.context["after"].snapshot == summer
    assert [row[1] for row in change.added_nodes] == ["Food Bank"]
    assert [row[1] for row in change.now_connected] == ["A resident, N16"]
    html = response.content.decode()
    assert "Now in touch" in html and "Food Bank" in html
    # the same, asked for by uuid; and the other way round
    response = clients["member"].get(compare_url(commons, **{"from": spring.uuid, "to": summer.uuid}))
    assert response.context["change"].added_nodes == change.added_nodes
    response = clients["member"].get(compare_url(commons, **{"from": summer.uuid, "to": spring.uuid}))
    assert [row[1] for row in response.context["change"].removed_nodes] == ["Food Bank"]


def test_compare_with_one_snapshot_uses_the_map_today(commons, clients):
    actors = small_map(commons)
    snapshot(commons, "Spring", datetime.date(2026, 3, 1))
    make_connection(actors["vic"], actors["group"])
    response = clients["member"].get(compare_url(commons))
    assert response.status_code == 200 and response.context["after"].label == "the map today"
    assert len(response.context["change"].added_edges) == 1
    assert '<option value="now" selected>' in response.content.decode()
    spring = Snapshot.objects.get(name="Spring")
    response = clients["member"].get(compare_url(commons, **{"from": spring.uuid, "to": "now"}))
    assert response.status_code == 200 and len(response.context["change"].added_edges) == 1


def test_compare_without_snapshots_says_so(commons, clients):
    response = clients["member"].get(compare_url(commons))
    assert response.status_code == 200 and "There are no snapshots yet" in response.content.decode()


@pytest.mark.parametrize("query", [
    {"from": "not-a-uuid", "to": "also-bad"},
    {"from": str(uuid.uuid4()), "to": str(uuid.uuid4())},
    {"from": "'; drop table", "to": ""},
    {"to": "x" * 500},
    {"from": "FOREIGN", "to": "MINE"},
    {"from": "MINE", "to": "CORRUPT"},
    {"from": "now", "to": "MINE"},
])
def test_compare_with_bad_input_says_so_and_never_fails(commons, other_commons, clients, query):
    small_map(commons)
    mine = snapshot(commons, "Spring", datetime.date(2026, 3, 1))
    foreign = Snapshot.objects.create(commons=other_commons, name="Theirs", taken_on=datetime.date(2026, 3, 1), data={})
    corrupt = Snapshot.objects.create(commons=commons, name="Broken", taken_on=datetime.date(2026, 4, 1),
                                      data={"nodes": [{"no": "such field"}]})
    swap = {"FOREIGN": str(foreign.uuid), "MINE": str(mine.uuid), "CORRUPT": str(corrupt.uuid)}
    query = {key: swap.get(value, value) for key, value in query.items()}
    response = clients["member"].get(compare_url(commons, **query))
    assert response.status_code == 404
    html = response.content.decode()
    assert 'role="alert"' in html and "Theirs" not in html
    assert "Spring" in html  # the form to choose again lists this commons' snapshots


# --- sections on other parts' pages -------------------------------------------------------------------
def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_community_section_summarises_for_members_only(commons, personas):
    small_map(commons)
    graph = community_graph(commons)
    sections = dict(page_sections("community", _request(personas.user("member")), commons, None, graph))
    section = sections["networks/analysis/_summary.html"]
    assert section["counts"]["cut_points"] == 1 and section["counts"]["isolated"] == 1
    full = {finding.key: finding.total for finding in analysis.findings(graph) if finding.key != "brokers"}
    assert section["counts"] == full
    html = render_to_string("networks/analysis/_summary.html", {"section": section})
    assert "1 person or group has no active tie." in html and reverse("networks:analysis", args=[commons.slug]) in html
    assert views.community_section(_request(personas.user("outsider")), commons, None, graph) is None


def test_care_map_section_lists_its_findings(commons, personas):
    graph = Graph("Olive", [Node(OWNER, "Olive"), Node("mum", "Mum"), Node("jo", "Jo")], [
        Edge("1", "mum", OWNER, directed=True, attrs={"flows": ["practical"], "how_often": "daily", "active": True}),
        Edge("2", "jo", "mum", directed=True, attrs={"flows": ["company"], "how_often": "weekly", "active": True}),
    ], {"kind": "care_map"})
    sections = dict(page_sections("care_map", _request(personas.user("owner")), commons, None, graph))
    section = sections["networks/analysis/_findings.html"]
    html = render_to_string("networks/analysis/_findings.html", {"section": section})
    assert "What this map shows" in html
    assert "Practical help every week or more: only from Mum." in html
    assert "1 would lose the link to Olive: Jo." in html


def test_bench_generator_runs_at_a_tiny_size():
    from bench.networks import generate

    from caringcity.networks import analysis

    graph = generate(actors=300, ties=900, seed=3)
    assert len(graph.nodes) == 300 and len(graph.edges) == 900
    assert graph == generate(actors=300, ties=900, seed=3)
    assert any(not edge.attrs["active"] for edge in graph.edges)
    found = {f.key: f for f in analysis.findings(graph)}
    assert found["isolated"].total >= 3 and found["cut_points"].total > 0 and found["groups"].total > 1
