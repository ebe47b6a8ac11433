"""Licensed questionnaires: only with the operator's licence file, scored from its weights. The file
here is made up (never a real licensed questionnaire's wording)."""

import json

import pytest

from caringcity.evaluation import keys
from caringcity.evaluation.instruments import licensed, registry

MADE_UP = {
    "name": "Made-up Daily Life Check", "notice": "Made-up © Nobody 2026. For tests only.",
    "introduction": "Made-up introduction.", "source": "Invented for the tests.",
    "items": [
        {"key": "meals", "text": "Made-up question about meals?", "options": [
            {"value": 1, "label": "Worst", "weight": -0.1}, {"value": 2, "label": "Middle", "weight": 0.05},
            {"value": 3, "label": "Best", "weight": 0.2}]},
        {"key": "company", "text": "Made-up question about company?", "options": [
            {"value": 1, "label": "Worst", "weight": 0.0}, {"value": 2, "label": "Best", "weight": 0.3}]},
    ],
    "measures": [
        {"key": "index", "label": "Made-up index", "constant": 0.2, "low": 0.1, "high": 0.7},
        {"key": "meals_only", "label": "Meals", "items": ["meals"], "decimals": 2},
    ],
}


@pytest.fixture
def licence(settings, tmp_path):
    path = tmp_path / "licence.json"
    path.write_text(json.dumps(MADE_UP))
    settings.EVALUATION_LICENCES = {keys.ASCOT: str(path)}
    return path


def test_without_a_licence_it_is_listed_but_cannot_be_used(settings):
    settings.EVALUATION_LICENCES = {}
    with pytest.raises(LookupError):
        registry.get(None, keys.ASCOT)
    assert licensed.status(keys.ASCOT) == "needs_licence"


def test_with_a_licence_it_is_scored_from_the_weights(licence):
    instrument = registry.get(None, keys.ASCOT)
    assert instrument.name == "Made-up Daily Life Check" and instrument.notice.startswith("Made-up ©")
    assert [o.label for o in instrument.item("meals").options] == ["Worst", "Middle", "Best"]
    results = {r.measure: r for r in instrument.score({"meals": 3, "company": 2})}
    assert results["index"].value == pytest.approx(0.7)
    assert results["meals_only"].value == 0.2
    results = {r.measure: r for r in instrument.score({"meals": "1", "company": 1})}
    assert results["index"].value == pytest.approx(0.1)
    results = {r.measure: r for r in instrument.score({"meals": 2})}
    assert results["index"].value is None and "1 of the 2" in results["index"].note
    assert results["meals_only"].value == 0.05
    assert {r.measure: r for r in instrument.score({"meals": 4, "company": 2})}["index"].value is None


@pytest.mark.parametrize("broken", [
    "{not json",
    json.dumps({**MADE_UP, "notice": ""}),
    json.dumps({**MADE_UP, "items": [{"key": "a", "text": "t", "options": [{"value": 1, "label": "x"}]}]}),
    json.dumps({**MADE_UP, "measures": [{"key": "m", "label": "M", "items": ["nope"]}]}),
    json.dumps({**MADE_UP, "items": MADE_UP["items"] + MADE_UP["items"][:1]}),
])
def test_a_broken_licence_file_is_not_offered_and_says_why(licence, broken):
    licence.write_text(broken)
    assert licensed.status(keys.ASCOT) == "unreadable"
    assert licensed.problem(keys.ASCOT)
    with pytest.raises(LookupError):
        registry.get(None, keys.ASCOT)


def test_a_missing_licence_file_is_not_offered(settings, tmp_path):
    settings.EVALUATION_LICENCES = {keys.ASCOT: str(tmp_path / "missing.json")}
    assert licensed.status(keys.ASCOT) == "unreadable"
    with pytest.raises(LookupError):
        registry.get(None, keys.ASCOT)


def test_a_licence_cannot_replace_a_published_questionnaire(settings, licence):
    settings.EVALUATION_LICENCES = {keys.SWEMWBS: str(licence), "madeup": str(licence)}
    assert registry.get(None, keys.SWEMWBS).name.startswith("Short Warwick")
    assert registry.get(None, "madeup").name == "Made-up Daily Life Check"
