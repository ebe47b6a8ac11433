"""The framework's pages: who sees which version (role matrices, the rule and its queryset twin),
who may shape a draft (denied writes change nothing), the diagram and the outline holding the same
outcomes, the chosen outcome's panel, forms that keep what was typed, the exports read back, and a
constant number of queries."""

import csv
import io
import json
import uuid
import zipfile

import pytest
from django.urls import reverse
from lxml import etree

from caringcity.core.testing import ROLES, assert_matrix, assert_queries_constant
from caringcity.evaluation.models import Dimension, Framework, FrameworkStatus, Indicator, Method, Outcome, OutcomeDomain
from caringcity.evaluation.selectors import framework as selectors
from caringcity.evaluation.selectors.framework_export import framework_graph
from caringcity.evaluation.tests.factories import make_framework, make_tree
from caringcity.evaluation.views.base import register_section
from caringcity.networks.exchange import csvzip, kumu

pytestmark = pytest.mark.django_db

OK, NF, REDIR = 200, 404, 302
READ = {"anonymous": REDIR, "outsider": NF, "member": OK, "owner": OK, "proxy": OK, "organiser": OK, "admin": OK}
KEEP = {"anonymous": REDIR, "outsider": NF, "member": NF, "owner": NF, "proxy": NF, "organiser": OK, "admin": OK}


def _url(name, commons, *args):
    return reverse(f"evaluation:{name}", args=[commons.slug, *args])


@pytest.fixture
def world(commons, other_commons):
    retired = make_framework(commons, version=1, status=FrameworkStatus.RETIRED, who_shaped_it="The Clapton circle")
    make_tree(retired)
    in_use = make_framework(commons, version=2, status=FrameworkStatus.IN_USE, based_on=retired,
                            what_changed="Added belonging", who_shaped_it="Three team owners")
    outcomes = make_tree(in_use)
    draft = make_framework(commons, version=3, based_on=in_use)
    draft_outcomes = make_tree(draft)
    elsewhere = make_framework(other_commons, status=FrameworkStatus.IN_USE)
    make_tree(elsewhere)
    return {"retired": retired, "in_use": in_use, "draft": draft, "outcome": outcomes[0], "draft_outcome": draft_outcomes[0],
            "elsewhere": elsewhere}


# --- who sees what ----------------------------------------------------------------------------------------

def test_reading_pages_matrix(commons, clients, world):
    for url in [_url("framework", commons), _url("framework_versions", commons),
                _url("framework_version", commons, world["in_use"].uuid), _url("framework_version", commons, world["retired"].uuid),
                _url("framework_print", commons, world["in_use"].uuid), _url("framework_kumu", commons, world["in_use"].uuid),
                _url("framework_csv", commons, world["retired"].uuid)]:
        assert_matrix(clients, url, READ)


def test_drafts_are_for_organisers_only(commons, clients, world):
    for name in ("framework_version", "framework_print", "framework_kumu", "framework_csv"):
        assert_matrix(clients, _url(name, commons, world["draft"].uuid), KEEP)
    member_list = clients["member"].get(_url("framework_versions", commons)).content.decode()
    organiser_list = clients["organiser"].get(_url("framework_versions", commons)).content.decode()
    assert str(world["draft"].uuid) not in member_list and str(world["draft"].uuid) in organiser_list
    assert "Three team owners" in member_list and "Added belonging" in member_list


def test_the_rule_agrees_with_its_queryset_twin(commons, personas, world):
    every = list(Framework.objects.all())
    for role in ROLES:
        user = personas.user(role)
        from django.contrib.auth.models import AnonymousUser

        user = user or AnonymousUser()
        twin = set(selectors.frameworks_visible_to(user, commons))
        allowed = {f for f in every if f.commons_id == commons.pk and user.has_perm("evaluation.view_framework", f)}
        assert twin == allowed, role
    assert len(set(selectors.frameworks_visible_to(personas.user("member"), commons))) == 2
    assert len(set(selectors.frameworks_visible_to(personas.user("organiser"), commons))) == 3


def test_keeping_pages_matrix(commons, clients, world):
    draft, in_use = world["draft"], world["in_use"]
    element = world["draft_outcome"]
    urls = [_url("framework_start", commons), _url("framework_from_starter", commons),
            _url("framework_copy", commons, in_use.uuid), _url("framework_put_in_use", commons, draft.uuid),
            _url("framework_settings", commons, draft.uuid), _url("framework_remove", commons, draft.uuid),
            _url("framework_element_add", commons, draft.uuid, "outcome") + f"?parent={element.domain.uuid}",
            _url("framework_element_change", commons, draft.uuid, "outcome", element.uuid),
            _url("framework_element_remove", commons, draft.uuid, "outcome", element.uuid)]
    for url in urls:
        assert_matrix(clients, url, KEEP)


def _state(commons):
    return (sorted(Framework.objects.filter(commons=commons).values_list("pk", "status", "name", "version")),
            sorted(Outcome.objects.filter(domain__framework__commons=commons).values_list("pk", "name", "order")),
            Dimension.objects.count(), Indicator.objects.count())


def test_denied_writes_change_nothing(commons, clients, world):
    draft, in_use, element = world["draft"], world["in_use"], world["draft_outcome"]
    posts = [
        (_url("framework_start", commons), {"name": "Mine"}),
        (_url("framework_from_starter", commons), {}),
        (_url("framework_copy", commons, in_use.uuid), {}),
        (_url("framework_put_in_use", commons, draft.uuid), {}),
        (_url("framework_settings", commons, draft.uuid), {"name": "Renamed"}),
        (_url("framework_remove", commons, draft.uuid), {}),
        (_url("framework_element_add", commons, draft.uuid, "dimension"), {"name": "More"}),
        (_url("framework_element_change", commons, draft.uuid, "outcome", element.uuid), {"name": "Renamed", "parent": str(element.domain.uuid)}),
        (_url("framework_element_remove", commons, draft.uuid, "outcome", element.uuid), {}),
        (_url("framework_element_move", commons, draft.uuid, "outcome", element.uuid), {"direction": "down"}),
    ]
    before = _state(commons)
    for role in ("anonymous", "outsider", "member", "owner", "proxy"):
        for url, data in posts:
            response = clients[role].post(url, data)
            assert response.status_code == (REDIR if role == "anonymous" else NF), (role, url)
            if role == "anonymous":
                assert "/accounts/" in response["Location"] or "login" in response["Location"]
    assert _state(commons) == before


def test_bad_and_foreign_uuids_answer_404(commons, clients, world):
    organiser = clients["organiser"]
    assert organiser.get(_url("framework_version", commons, uuid.uuid4())).status_code == NF
    assert organiser.get(_url("framework_version", commons, world["elsewhere"].uuid)).status_code == NF
    base = _url("framework_version", commons, world["in_use"].uuid)
    assert organiser.get(base + "?outcome=not-a-uuid").status_code == NF
    assert organiser.get(base + f"?outcome={world['draft_outcome'].uuid}").status_code == NF  # another version's outcome
    assert organiser.get(_url("framework_element_change", commons, world["draft"].uuid, "outcome", world["outcome"].uuid)).status_code == NF
    assert organiser.get(_url("framework_element_add", commons, world["draft"].uuid, "nonsense")).status_code == NF


# --- the page ---------------------------------------------------------------------------------------------

NS = {"s": "http://www.w3.org/2000/svg"}


def _svg(html):
    start = html.index("<svg")
    return etree.fromstring(html[start: html.index("</svg>", start) + 6])


def test_the_diagram_links_each_outcome_and_the_outline_names_the_same(commons, clients, world):
    html = clients["member"].get(_url("framework", commons)).content.decode()
    svg = _svg(html)
    tree = selectors.framework_tree(world["in_use"])
    hrefs = {a.get("href") for a in svg.findall(".//s:a", NS)}
    base = _url("framework_version", commons, world["in_use"].uuid)
    for outcome in tree.outcomes:
        assert f"{base}?outcome={outcome.uuid}#chosen" in hrefs
    outline = html[html.index('class="ev-framework-outline"'):]
    import re

    names = set(re.findall(r'class="ev-framework-name[^"]*"[^>]*>([^<]+)<', outline))
    everything = {e.name for e in (*tree.dimensions, *tree.outputs, *tree.domains, *tree.outcomes, *tree.indicators)}
    assert names == everything
    labels = {a.get("aria-label").split(": ", 1)[1] for a in svg.findall(".//s:a", NS)}
    assert labels == everything


def test_choosing_an_outcome_shows_its_indicators_and_sections(commons, clients, world):
    outcome = world["outcome"]
    Indicator.objects.create(outcome=outcome, name="Stories of care", method=Method.INTERVIEWS, description="Long talks.")
    seen = []

    def section(request, commons_, obj):
        seen.append(obj)
        return {"words": "A section from another part"}

    from django.template import engines

    template = engines["django"].from_string("<p>{{ section.words }}</p>")
    register_section("outcome", 99, template, section)
    try:
        response = clients["member"].get(_url("framework", commons) + f"?outcome={outcome.uuid}")
    finally:
        from caringcity.evaluation.views.base import SECTIONS

        SECTIONS.sections[:] = [s for s in SECTIONS.sections if s.template is not template]
    html = response.content.decode()
    panel = html[html.index('id="chosen"'):]
    for indicator in outcome.indicators.all():
        assert f'id="ind-{indicator.uuid}"' in panel and indicator.name in panel
    assert "Counted by the platform" in panel and "No figure yet" in panel
    assert "learned in words" in panel and "Long talks." in panel
    assert seen == [outcome] and "A section from another part" in panel


def test_the_latest_figure_comes_from_the_indicators_part(commons, clients, world, monkeypatch):
    from types import SimpleNamespace

    outcome = world["outcome"]
    first = outcome.indicators.first()
    monkeypatch.setattr(selectors, "latest_figures", lambda commons, indicators: {
        first.pk: SimpleNamespace(value_text="73%", period_label="March 2026", url="/where")})
    html = clients["member"].get(_url("framework", commons) + f"?outcome={outcome.uuid}").content.decode()
    assert "73%" in html and "March 2026" in html and 'href="/where"' in html


def test_print_view_has_diagram_and_outline_without_edit_buttons(commons, clients, world):
    html = clients["organiser"].get(_url("framework_print", commons, world["draft"].uuid)).content.decode()
    assert "<svg" in html and "ev-framework-outline" in html
    assert "Move up" not in html and "Add an outcome" not in html


def test_the_draft_page_has_edit_controls_for_organisers_only(commons, clients, world):
    draft_html = clients["organiser"].get(_url("framework_version", commons, world["draft"].uuid)).content.decode()
    assert "Move down" in draft_html and "Put this version in use" in draft_html
    in_use_html = clients["organiser"].get(_url("framework_version", commons, world["in_use"].uuid)).content.decode()
    assert "Move down" not in in_use_html and "Go to the draft" in in_use_html
    member_html = clients["member"].get(_url("framework_version", commons, world["in_use"].uuid)).content.decode()
    assert "Start a new version" not in member_html and "Move down" not in member_html


def test_the_framework_page_offers_a_start_when_none_is_in_use(commons, clients):
    make_framework(commons)  # a draft only
    html = clients["organiser"].get(_url("framework", commons)).content.decode()
    assert "No framework is in use yet" in html and "Start from the starter framework" in html
    member = clients["member"].get(_url("framework", commons)).content.decode()
    assert "No framework is in use yet" in member and "Start from the starter framework" not in member


# --- shaping a draft through the pages --------------------------------------------------------------------------

def test_forms_keep_what_was_typed_and_name_the_field(commons, clients, world):
    draft, outcome = world["draft"], world["draft_outcome"]
    url = _url("framework_element_add", commons, draft.uuid, "indicator")
    response = clients["organiser"].post(url, {"parent": str(outcome.uuid), "name": "Kept words", "method": Method.METRIC, "target": "Up"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Kept words" in html and "Choose the figure the platform counts." in html
    assert 'href="#id_metric"' in html  # the error summary links to the field
    response = clients["organiser"].post(url, {"parent": str(outcome.uuid), "name": "", "method": Method.WORKSHOP})
    assert response.status_code == 400 and "Write a name." in response.content.decode()
    before = Indicator.objects.count()
    response = clients["organiser"].post(url, {"parent": str(outcome.uuid), "name": "Workshop", "method": Method.METRIC, "metric": "retention"})
    assert response.status_code == 302 and Indicator.objects.count() == before + 1
    made = Indicator.objects.get(name="Workshop")
    assert (made.outcome, made.method, made.measure_key) == (outcome, Method.METRIC, "retention")


def test_an_outcome_form_ticks_the_outputs_that_lead_to_it(commons, clients, world):
    draft = world["draft"]
    domain = OutcomeDomain.objects.filter(framework=draft).first()
    outputs = list(selectors.elements_of(draft, "output"))
    response = clients["organiser"].post(_url("framework_element_add", commons, draft.uuid, "outcome"),
                                         {"parent": str(domain.uuid), "name": "Belonging", "outputs": [str(outputs[0].uuid)]})
    assert response.status_code == 302
    assert list(Outcome.objects.get(name="Belonging").outputs.all()) == [outputs[0]]


def test_a_version_in_use_refuses_change_with_the_reason(commons, clients, world):
    in_use, outcome = world["in_use"], world["outcome"]
    before = _state(commons)
    response = clients["organiser"].get(_url("framework_element_change", commons, in_use.uuid, "outcome", outcome.uuid))
    assert "is in use, so it cannot change" in response.content.decode()
    response = clients["organiser"].post(_url("framework_element_change", commons, in_use.uuid, "outcome", outcome.uuid),
                                         {"name": "Changed", "parent": str(outcome.domain.uuid)})
    assert "is in use, so it cannot change" in response.content.decode()
    response = clients["organiser"].post(_url("framework_element_move", commons, in_use.uuid, "outcome", outcome.uuid),
                                         {"direction": "down"}, follow=True)
    assert "is in use, so it cannot change" in response.content.decode()
    response = clients["organiser"].post(_url("framework_put_in_use", commons, in_use.uuid), follow=True)
    assert "already in use" in response.content.decode()
    assert _state(commons) == before


def test_new_version_and_put_in_use_through_the_pages(commons, clients, world):
    organiser = clients["organiser"]
    organiser.post(_url("framework_remove", commons, world["draft"].uuid))
    assert not Framework.objects.filter(pk=world["draft"].pk).exists()
    response = organiser.post(_url("framework_copy", commons, world["in_use"].uuid), {"what_changed": "Belonging added", "who_shaped_it": "The circle"})
    new = Framework.objects.get(commons=commons, status=FrameworkStatus.DRAFT)
    assert response["Location"].endswith(f"/{new.uuid}/")
    assert (new.version, new.based_on_id, new.what_changed) == (3, world["in_use"].pk, "Belonging added")
    organiser.post(_url("framework_put_in_use", commons, new.uuid))
    assert selectors.framework_in_use(commons) == new
    world["in_use"].refresh_from_db()
    assert world["in_use"].status == FrameworkStatus.RETIRED


# --- exports ----------------------------------------------------------------------------------------------------

def test_kumu_json_reads_back_with_a_type_per_level(commons, clients, world):
    response = clients["member"].get(_url("framework_kumu", commons, world["in_use"].uuid))
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    document = json.loads(response.content)
    types = {e["attributes"]["element type"] for e in document["elements"]}
    assert types == {"Output dimension", "Output", "Outcome domain", "Outcome", "Indicator"}
    assert all(c["direction"] == "directed" for c in document["connections"])
    graph = kumu.read(response.content)
    expected = framework_graph(world["in_use"])
    assert {(n.id, n.label, n.attrs["kind"]) for n in graph.nodes} == {(n.id, n.label, n.attrs["kind"]) for n in expected.nodes}
    assert {(e.source, e.target, e.attrs["kind"]) for e in graph.edges} == {(e.source, e.target, e.attrs["kind"]) for e in expected.edges}
    tree = selectors.framework_tree(world["in_use"])
    leads = [e for e in document["connections"] if e["attributes"]["connection type"] == "leads to"]
    assert len(leads) == len(tree.links)


def test_csv_zip_has_elements_and_connections_that_spreadsheets_read(commons, clients, world):
    response = clients["member"].get(_url("framework_csv", commons, world["in_use"].uuid))
    assert response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert sorted(archive.namelist()) == ["connections.csv", "elements.csv"]
        elements = list(csv.DictReader(io.StringIO(archive.read("elements.csv").decode("utf-8"))))
        connections = list(csv.DictReader(io.StringIO(archive.read("connections.csv").decode("utf-8"))))
    tree = selectors.framework_tree(world["in_use"])
    assert len(elements) == len(tree.dimensions) + len(tree.outputs) + len(tree.domains) + len(tree.outcomes) + len(tree.indicators)
    assert {"ID", "Label", "Type", "Description", "level", "method", "measure"} <= set(elements[0])
    assert {row["Label"] for row in elements if row["Type"] == "Outcome"} == {o.name for o in tree.outcomes}
    ids = {row["ID"] for row in elements}
    assert all(row["From"] in ids and row["To"] in ids and row["Direction"] == "directed" for row in connections)
    graph = csvzip.read(response.content)
    assert len(graph.nodes) == len(elements) and len(graph.edges) == len(connections)


def test_a_formula_in_a_name_is_not_run_by_a_spreadsheet(commons, clients, world):
    Outcome.objects.filter(pk=world["outcome"].pk).update(name="=HYPERLINK(\"x\")")
    response = clients["member"].get(_url("framework_csv", commons, world["in_use"].uuid))
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        text = archive.read("elements.csv").decode("utf-8")
    assert "'=HYPERLINK" in text


# --- queries --------------------------------------------------------------------------------------------------------

def test_pages_take_a_constant_number_of_queries(commons, clients, world):
    framework = world["in_use"]
    outcome = world["outcome"]
    counter = iter(range(100))

    def grow():
        make_tree(framework, dimensions=1, outputs=2, domains=1, outcomes=2, indicators=2, tag=f"g{next(counter)}-")

    client = clients["organiser"]
    for url in [_url("framework", commons), _url("framework_version", commons, framework.uuid) + f"?outcome={outcome.uuid}",
                _url("framework_print", commons, framework.uuid), _url("framework_versions", commons),
                _url("framework_kumu", commons, framework.uuid), _url("framework_csv", commons, framework.uuid)]:
        assert_queries_constant(client, url, grow)
    draft = world["draft"]

    def grow_draft():
        make_tree(draft, tag=f"d{next(counter)}-")

    assert_queries_constant(client, _url("framework_version", commons, draft.uuid), grow_draft)

    def grow_versions():
        make_framework(commons, name=f"Old {next(counter)}", status=FrameworkStatus.RETIRED)

    assert_queries_constant(clients["member"], _url("framework_versions", commons), grow_versions)
