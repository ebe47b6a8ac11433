"""The framework's services and selectors: the version state machine (refused moves change
nothing), deep copies, the starter framework, element changes only on drafts, the tree in a
constant number of queries, and the drawing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import etree

from caringcity.core.models import AuditEvent
from caringcity.evaluation import keys
from caringcity.evaluation.drawing import toc
from caringcity.evaluation.models import (
    Dimension, Framework, FrameworkStatus, Indicator, Method, Outcome, OutcomeDomain, Output,
)
from caringcity.evaluation.selectors import framework as selectors
from caringcity.evaluation.services import framework as services
from caringcity.evaluation.tests.factories import make_framework, make_tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser(personas):
    return personas.user("organiser")


def _snapshot(commons):
    return sorted(Framework.objects.filter(commons=commons).values_list("pk", "status", "version", "name", "in_use_since"))


def _elements(framework):
    return (Dimension.objects.filter(framework=framework).count(), Output.objects.filter(dimension__framework=framework).count(),
            OutcomeDomain.objects.filter(framework=framework).count(), Outcome.objects.filter(domain__framework=framework).count(),
            Indicator.objects.filter(outcome__domain__framework=framework).count())


# --- the state machine -------------------------------------------------------------------------------------

def test_putting_a_draft_in_use_retires_the_one_before(commons, organiser):
    first = services.framework_start(actor=organiser, commons=commons, name="Our framework")
    make_tree(first)
    services.framework_put_in_use(actor=organiser, framework=first)
    first.refresh_from_db()
    assert first.status == FrameworkStatus.IN_USE and first.in_use_since
    assert selectors.framework_in_use(commons) == first
    second = services.framework_copy(actor=organiser, framework=first, what_changed="Added loneliness")
    assert (second.version, second.based_on, second.status) == (2, first, FrameworkStatus.DRAFT)
    services.framework_put_in_use(actor=organiser, framework=second)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (FrameworkStatus.RETIRED, FrameworkStatus.IN_USE)
    assert selectors.framework_in_use(commons) == second
    actions = list(AuditEvent.objects.filter(action__startswith="evaluation.framework.").values_list("action", flat=True))
    assert {"evaluation.framework.start", "evaluation.framework.copy", "evaluation.framework.put_in_use",
            "evaluation.framework.retire"} <= set(actions)


@pytest.mark.parametrize("status, to, words", [
    (FrameworkStatus.IN_USE, FrameworkStatus.IN_USE, "already in use"),
    (FrameworkStatus.RETIRED, FrameworkStatus.IN_USE, "replaced by a newer one"),
    (FrameworkStatus.DRAFT, FrameworkStatus.RETIRED, "never in use"),
    (FrameworkStatus.IN_USE, FrameworkStatus.DRAFT, "back to being a draft"),
    (FrameworkStatus.RETIRED, FrameworkStatus.DRAFT, "replaced by a newer one"),
])
def test_refused_transitions_say_why(commons, status, to, words):
    framework = make_framework(commons, status=status)
    with pytest.raises(ValidationError) as error:
        services.check_transition(framework, to)
    assert words in " ".join(error.value.messages)


@pytest.mark.parametrize("status", [FrameworkStatus.IN_USE, FrameworkStatus.RETIRED])
def test_putting_in_use_a_version_that_is_not_a_draft_changes_nothing(commons, organiser, status):
    framework = make_framework(commons, status=status)
    make_tree(framework)
    other = make_framework(commons, name="Another", status=FrameworkStatus.IN_USE if status == FrameworkStatus.RETIRED else FrameworkStatus.RETIRED)
    before = _snapshot(commons)
    with pytest.raises(ValidationError):
        services.framework_put_in_use(actor=organiser, framework=framework)
    assert _snapshot(commons) == before


def test_an_empty_draft_is_not_put_in_use_and_the_one_in_use_stays(commons, organiser):
    in_use = make_framework(commons, status=FrameworkStatus.IN_USE)
    draft = make_framework(commons, name="Empty")
    before = _snapshot(commons)
    with pytest.raises(ValidationError, match="at least one outcome"):
        services.framework_put_in_use(actor=organiser, framework=draft)
    assert _snapshot(commons) == before
    assert selectors.framework_in_use(commons) == in_use


def test_only_one_draft_at_a_time(commons, organiser):
    in_use = make_framework(commons, status=FrameworkStatus.IN_USE)
    services.framework_start(actor=organiser, commons=commons, name="A draft")
    before = _snapshot(commons)
    with pytest.raises(ValidationError, match="already a draft"):
        services.framework_copy(actor=organiser, framework=in_use)
    with pytest.raises(ValidationError, match="already a draft"):
        services.framework_start(actor=organiser, commons=commons, name="Another draft")
    assert _snapshot(commons) == before


def test_members_may_not_write(commons, personas):
    framework = make_framework(commons)
    for role in ("member", "owner", "proxy", "outsider"):
        with pytest.raises(PermissionDenied):
            services.framework_start(actor=personas.user(role), commons=commons, name="Mine")
        with pytest.raises(PermissionDenied):
            services.element_add(actor=personas.user(role), framework=framework, kind="dimension", data={"name": "Teams"})
    assert Framework.objects.filter(commons=commons).count() == 1
    assert not Dimension.objects.exists()


# --- copies -------------------------------------------------------------------------------------------------

def test_a_copy_is_deep_and_keeps_which_outputs_lead_where(commons, organiser):
    old = make_framework(commons, status=FrameworkStatus.IN_USE, who_shaped_it="The Clapton circle")
    outcomes = make_tree(old, dimensions=2, outputs=2, domains=2, outcomes=2, indicators=2)
    outcomes[0].outputs.set(outcomes[0].outputs.all()[:1])
    new = services.framework_copy(actor=organiser, framework=old)
    assert _elements(new) == _elements(old) == (2, 4, 2, 4, 8)
    assert new.who_shaped_it == "The Clapton circle"
    old_tree, new_tree = selectors.framework_tree(old), selectors.framework_tree(new)
    assert [(o.name, c.name) for o, c in old_tree.links] == [(o.name, c.name) for o, c in new_tree.links]
    assert not {o.pk for o in old_tree.outputs} & {o.pk for o, _ in new_tree.links}  # the copy points at its own outputs
    # changing the copy leaves the original as it was
    services.element_change(actor=organiser, element=new_tree.outcomes[0], kind="outcome", data={"name": "Renamed"}, outputs=[])
    assert Outcome.objects.get(pk=old_tree.outcomes[0].pk).name == "Outcome 1.1"
    assert old_tree.outcomes[0].outputs.count() == 1


def test_a_draft_is_not_copied(commons, organiser):
    draft = make_framework(commons)
    with pytest.raises(ValidationError):
        services.framework_copy(actor=organiser, framework=draft)
    assert Framework.objects.count() == 1


# --- elements only change on a draft ----------------------------------------------------------------------------

def test_elements_are_added_changed_moved_and_removed_on_a_draft(commons, organiser):
    framework = services.framework_start(actor=organiser, commons=commons, name="Ours")
    teams = services.element_add(actor=organiser, framework=framework, kind="dimension", data={"name": "Teams"})
    circles = services.element_add(actor=organiser, framework=framework, kind="dimension", data={"name": "Circles"})
    out = services.element_add(actor=organiser, framework=framework, kind="output", parent=teams, data={"name": "Teams formed"})
    domain = services.element_add(actor=organiser, framework=framework, kind="domain", data={"name": "Growth"})
    outcome = services.element_add(actor=organiser, framework=framework, kind="outcome", parent=domain,
                                   data={"name": "Care from people we know"}, outputs=[out])
    ind = services.element_add(actor=organiser, framework=framework, kind="indicator", parent=outcome,
                               data={"name": "Continuity", "method": Method.METRIC, "measure_key": keys.CONTINUITY})
    assert (ind.method, ind.measure_key, ind.instrument_key) == ("metric", "continuity", "")
    assert list(outcome.outputs.all()) == [out]
    services.element_move(actor=organiser, element=circles, kind="dimension", up=True)
    assert [d.name for d in selectors.framework_tree(framework).dimensions] == ["Circles", "Teams"]
    with pytest.raises(ValidationError, match="already first"):
        services.element_move(actor=organiser, element=circles, kind="dimension", up=True)
    services.element_change(actor=organiser, element=out, kind="output", parent=circles, data={"name": "Circles meet"})
    out.refresh_from_db()
    assert (out.dimension, out.name) == (circles, "Circles meet")
    services.element_remove(actor=organiser, element=domain, kind="domain")
    assert not Outcome.objects.filter(pk=outcome.pk).exists() and not Indicator.objects.filter(pk=ind.pk).exists()
    assert AuditEvent.objects.filter(action="evaluation.framework.add").count() == 6


@pytest.mark.parametrize("status", [FrameworkStatus.IN_USE, FrameworkStatus.RETIRED])
def test_a_version_that_is_not_a_draft_does_not_change(commons, organiser, status):
    framework = make_framework(commons, status=status)
    outcome = make_tree(framework)[0]
    dim = framework.dimensions.first()
    before = _elements(framework), outcome.name, dim.order
    calls = [
        lambda: services.element_add(actor=organiser, framework=framework, kind="dimension", data={"name": "New"}),
        lambda: services.element_change(actor=organiser, element=outcome, kind="outcome", data={"name": "Changed"}),
        lambda: services.element_remove(actor=organiser, element=outcome, kind="outcome"),
        lambda: services.element_move(actor=organiser, element=outcome, kind="outcome", up=False),
        lambda: services.framework_change(actor=organiser, framework=framework, name="Renamed"),
        lambda: services.framework_remove(actor=organiser, framework=framework),
    ]
    for call in calls:
        with pytest.raises(ValidationError) as error:
            call()
        assert "version" in " ".join(error.value.messages).lower()
    outcome.refresh_from_db()
    framework.refresh_from_db()
    assert (_elements(framework), outcome.name, dim.order) == before and framework.status == status


def test_elements_from_another_version_are_refused(commons, organiser):
    one = make_framework(commons)
    other = make_framework(commons, name="Other", status=FrameworkStatus.IN_USE)
    outcome = make_tree(other)[0]
    dim = other.dimensions.first()
    output = dim.outputs.first()
    with pytest.raises(ValidationError):
        services.element_add(actor=organiser, framework=one, kind="indicator", parent=outcome, data={"name": "x", "method": "interviews"})
    with pytest.raises(ValidationError):
        services.element_add(actor=organiser, framework=one, kind="output", parent=dim, data={"name": "x"})
    domain = services.element_add(actor=organiser, framework=one, kind="domain", data={"name": "D"})
    with pytest.raises(ValidationError):
        services.element_add(actor=organiser, framework=one, kind="outcome", parent=domain, data={"name": "x"}, outputs=[output])
    assert _elements(one) == (0, 0, 1, 0, 0)


def test_indicators_name_a_real_measure(commons, organiser):
    framework = make_framework(commons)
    domain = OutcomeDomain.objects.create(framework=framework, name="D")
    outcome = Outcome.objects.create(domain=domain, name="O")

    def add(**data):
        return services.element_add(actor=organiser, framework=framework, kind="indicator", parent=outcome, data={"name": "I", **data})

    with pytest.raises(ValidationError) as error:
        add(method=Method.METRIC, measure_key="made_up")
    assert "measure_key" in error.value.error_dict
    with pytest.raises(ValidationError) as error:
        add(method=Method.SURVEY, instrument_key="made-up", measure_key="metric")
    assert "instrument_key" in error.value.error_dict
    with pytest.raises(ValidationError) as error:
        add(method=Method.SURVEY, instrument_key=keys.SWEMWBS, measure_key="happiness")
    assert "measure_key" in error.value.error_dict
    assert not Indicator.objects.exists()
    good = add(method=Method.SURVEY, instrument_key=keys.SWEMWBS, measure_key="metric")
    assert (good.instrument_key, good.measure_key) == ("swemwbs", "metric")
    words = add(method=Method.INTERVIEWS, instrument_key=keys.SWEMWBS, measure_key="metric")
    assert (words.instrument_key, words.measure_key) == ("", "")


# --- the starter framework -------------------------------------------------------------------------------------

CLIMATE_FACTORS = {"factor-wellbeing", "factor-caregiving", "factor-unity", "factor-belonging", "factor-inclusion"}


def test_the_starter_framework_covers_what_it_promises(commons, organiser):
    framework = services.framework_from_starter(actor=organiser, commons=commons)
    assert framework.status == FrameworkStatus.DRAFT
    tree = selectors.framework_tree(framework)
    assert len(tree.dimensions) == 4 and len(tree.domains) == 3
    assert all(dim.outputs.all() for dim in tree.dimensions)
    assert all(outcome.outputs.all() and outcome.indicators.all() for outcome in tree.outcomes)
    inds = tree.indicators
    methods = {i.method for i in inds}
    assert methods == set(Method.values)
    assert {i.measure_key for i in inds if i.method == Method.METRIC} == set(keys.METRICS)
    survey = {(i.instrument_key, i.measure_key) for i in inds if i.method == Method.SURVEY}
    assert ("swemwbs", "metric") in survey and ("loneliness", "ucla3") in survey
    assert {m for k, m in survey if k == "ons4"} == set(keys.MEASURES["ons4"])
    own = {k for k, m in survey if keys.is_own(k)}
    assert len(own) == 1
    assert {m for k, m in survey if keys.is_own(k)} == CLIMATE_FACTORS
    # every survey indicator names a questionnaire and measure this commons can use
    instruments = {inst.key: inst for inst in selectors.available_instruments(commons)}
    for key, measure in survey:
        assert measure in {m.key for m in instruments[key].measures}, (key, measure)
    # and it can be put in use as it is
    services.framework_put_in_use(actor=organiser, framework=framework)


def test_the_starter_framework_twice_makes_one_climate_questionnaire(commons, organiser):
    from caringcity.evaluation.models import OwnInstrument

    first = services.framework_from_starter(actor=organiser, commons=commons)
    services.framework_put_in_use(actor=organiser, framework=first)
    second = services.framework_from_starter(actor=organiser, commons=commons)
    assert second.version == 2
    assert OwnInstrument.objects.filter(commons=commons).count() == 1


# --- the tree and the drawing ------------------------------------------------------------------------------------

def _tree_queries(framework):
    with CaptureQueriesContext(connection) as ctx:
        tree = selectors.framework_tree(framework)
        list(tree.links)
        [(i.name, i.outcome.name) for i in tree.indicators]
        toc.draw(tree, lambda kind, element: "#")
    return len(ctx.captured_queries)


def test_the_tree_takes_the_same_queries_however_big(commons):
    framework = make_framework(commons)
    make_tree(framework, tag="a")
    small = _tree_queries(framework)
    make_tree(framework, dimensions=3, outputs=3, domains=3, outcomes=3, indicators=3, tag="b")
    assert _tree_queries(framework) == small == 6


def _svg(framework, chosen=None):
    tree = selectors.framework_tree(framework)
    return etree.fromstring(str(toc.draw(tree, lambda kind, e: f"/{kind}/{e.uuid}", chosen=chosen))), tree


NS = {"s": "http://www.w3.org/2000/svg"}


def test_the_drawing_links_every_box_and_draws_an_arrow_per_link(commons):
    framework = make_framework(commons)
    make_tree(framework, dimensions=2, outputs=2, domains=2, outcomes=2, indicators=1)
    svg, tree = _svg(framework)
    picture = svg.find("s:g[@role='img']", NS)
    assert picture is not None
    assert picture.find("s:title", NS).text and picture.find("s:desc", NS).text
    assert picture.get("aria-labelledby").split() == [picture.find("s:title", NS).get("id"), picture.find("s:desc", NS).get("id")]
    assert not picture.findall(".//s:a", NS)  # no links inside role="img": they would be hidden
    hrefs = [a.get("href") for a in svg.findall(".//s:a", NS)]
    everything = [*tree.dimensions, *tree.outputs, *tree.domains, *tree.outcomes, *tree.indicators]
    assert len(hrefs) == len(everything) == len(set(hrefs))
    for outcome in tree.outcomes:
        assert f"/outcome/{outcome.uuid}" in hrefs
    labels = [a.get("aria-label") for a in svg.findall(".//s:a", NS)]
    assert all(any(o.name in label for label in labels) for o in tree.outcomes)
    assert len(svg.findall(".//s:path[@class='ev-framework-arrow']", NS)) == len(tree.links) == 16


def test_the_chosen_outcome_is_marked_in_words_and_line_weight_and_the_drawing_is_deterministic(commons):
    framework = make_framework(commons)
    outcomes = make_tree(framework)
    svg, tree = _svg(framework, chosen=outcomes[1])
    chosen = svg.findall(".//s:g[@class='ev-framework-box ev-framework-box--outcome ev-framework-box--chosen']", NS)
    assert len(chosen) == 1
    assert "Chosen:" in "".join(chosen[0].itertext())
    assert len(svg.findall(".//s:path[@class='ev-framework-arrow ev-framework-arrow--chosen']", NS)) == 2
    assert str(toc.draw(tree, lambda k, e: "#")) == str(toc.draw(selectors.framework_tree(framework), lambda k, e: "#"))


def test_names_are_escaped_and_shortened_in_the_drawing(commons):
    framework = make_framework(commons)
    make_tree(framework, indicators=1)
    Outcome.objects.filter(domain__framework=framework).update(name="<script>alert(1)</script> " + "very long words " * 10)
    svg, tree = _svg(framework)
    assert not svg.findall(".//s:script", NS)
    texts = [t.text for t in svg.findall(".//s:text", NS)]
    assert any(text.endswith("…") for text in texts)
