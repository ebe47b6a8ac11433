"""Scoring of the published questionnaires, value by value against the published tables and bands."""

import itertools

import pytest

from caringcity.evaluation import keys
from caringcity.evaluation.instruments import registry

# The official SWEMWBS raw-to-metric conversion table, typed in again here from the published table
# (docs/evaluation-instruments.md), not imported from the code it checks.
SWEMWBS_TABLE = """7 7.00 8 9.51 9 11.25 10 12.40 11 13.33 12 14.08 13 14.75 14 15.32 15 15.84 16 16.36
17 16.88 18 17.43 19 17.98 20 18.59 21 19.25 22 19.98 23 20.73 24 21.54 25 22.35 26 23.21 27 24.11
28 25.03 29 26.02 30 27.03 31 28.13 32 29.31 33 30.70 34 32.55 35 35.00"""
SWEMWBS_EXPECTED = dict(zip(map(int, SWEMWBS_TABLE.split()[::2]), map(float, SWEMWBS_TABLE.split()[1::2])))


def scores(instrument, answers):
    return {result.measure: result for result in instrument.score(answers)}


def answers_for_total(item_keys, total):
    """Seven answers from 1-5 adding up to ``total``."""
    values = [1] * len(item_keys)
    extra = total - len(item_keys)
    for index in range(len(values)):
        step = min(4, extra)
        values[index] += step
        extra -= step
    assert extra == 0 and sum(values) == total
    return dict(zip(item_keys, values))


def test_swemwbs_has_the_seven_statements_and_five_answers():
    instrument = registry.get(None, keys.SWEMWBS)
    assert [item.text for item in instrument.items] == [
        "I've been feeling optimistic about the future", "I've been feeling useful", "I've been feeling relaxed",
        "I've been dealing with problems well", "I've been thinking clearly", "I've been feeling close to other people",
        "I've been able to make up my own mind about things"]
    for item in instrument.items:
        assert [(o.value, o.label) for o in item.options] == [
            (1, "None of the time"), (2, "Rarely"), (3, "Some of the time"), (4, "Often"), (5, "All of the time")]
    assert instrument.notice == ("Short Warwick Edinburgh Mental Wellbeing Scale (SWEMWBS) © NHS Health Scotland, "
                                 "University of Warwick and University of Edinburgh, 2008, all rights reserved.")
    assert [m.key for m in instrument.measures] == list(keys.MEASURES[keys.SWEMWBS])


@pytest.mark.parametrize("raw", range(7, 36))
def test_every_swemwbs_raw_total_maps_to_the_official_metric_score(raw):
    instrument = registry.get(None, keys.SWEMWBS)
    result = scores(instrument, answers_for_total([i.key for i in instrument.items], raw))
    assert result["raw"].value == raw
    assert result["metric"].value == SWEMWBS_EXPECTED[raw]
    assert result["metric"].note == ""


def test_swemwbs_metric_depends_only_on_the_total():
    instrument = registry.get(None, keys.SWEMWBS)
    item_keys = [i.key for i in instrument.items]
    for values in itertools.islice(itertools.product(range(1, 6), repeat=7), 0, 78125, 997):
        result = scores(instrument, dict(zip(item_keys, values)))
        assert result["metric"].value == SWEMWBS_EXPECTED[sum(values)]


@pytest.mark.parametrize("missing", ["optimistic", "useful", "relaxed", "problems", "clearly", "close", "own_mind"])
def test_swemwbs_with_any_statement_missing_gives_no_score(missing):
    instrument = registry.get(None, keys.SWEMWBS)
    answers = {item.key: 5 for item in instrument.items}
    answers[missing] = None
    result = scores(instrument, answers)
    assert result["metric"].value is None and result["raw"].value is None
    assert "1 of the 7" in result["metric"].note
    del answers[missing]
    assert scores(instrument, answers)["metric"].value is None


@pytest.mark.parametrize("bad", [0, 6, -1, "x", "", 2.5, True])
def test_swemwbs_answers_outside_1_to_5_do_not_count(bad):
    instrument = registry.get(None, keys.SWEMWBS)
    answers = {item.key: 3 for item in instrument.items}
    answers["useful"] = bad
    assert scores(instrument, answers)["metric"].value is None


def test_swemwbs_accepts_answers_posted_as_text():
    instrument = registry.get(None, keys.SWEMWBS)
    assert scores(instrument, {item.key: "4" for item in instrument.items})["metric"].value == 25.03


POSITIVE = {0: "low", 1: "low", 2: "low", 3: "low", 4: "low", 5: "medium", 6: "medium", 7: "high", 8: "high",
            9: "very_high", 10: "very_high"}
ANXIETY = {0: "very_low", 1: "very_low", 2: "low", 3: "low", 4: "medium", 5: "medium", 6: "high", 7: "high",
           8: "high", 9: "high", 10: "high"}


@pytest.mark.parametrize("measure", ["life_satisfaction", "worthwhile", "happiness", "anxiety"])
@pytest.mark.parametrize("value", range(11))
def test_every_ons4_answer_gets_its_official_band(measure, value):
    instrument = registry.get(None, keys.ONS4)
    result = scores(instrument, {measure: value})[measure]
    assert result.value == value
    assert result.band == (ANXIETY if measure == "anxiety" else POSITIVE)[value]


def test_ons4_reports_each_question_alone_and_has_no_composite():
    instrument = registry.get(None, keys.ONS4)
    assert [m.key for m in instrument.measures] == ["life_satisfaction", "worthwhile", "happiness", "anxiety"]
    assert all(m.has_bands for m in instrument.measures)
    result = scores(instrument, {"life_satisfaction": 8, "worthwhile": 9, "happiness": 3, "anxiety": None})
    assert set(result) == {"life_satisfaction", "worthwhile", "happiness", "anxiety"}
    assert result["happiness"].value == 3 and result["life_satisfaction"].value == 8
    assert result["anxiety"].value is None and result["anxiety"].band == "" and result["anxiety"].note
    assert scores(instrument, {"happiness": 11})["happiness"].value is None
    assert [i.text for i in instrument.items][0] == "Overall, how satisfied are you with your life nowadays?"
    assert instrument.items[3].text.endswith("overall, how anxious did you feel yesterday?")


def test_ons4_band_lists_match_the_bands_given():
    for measure in ("life_satisfaction", "anxiety"):
        bands = registry.bands(keys.ONS4, measure)
        covered = [v for band in bands for v in range(band.low, band.high + 1)]
        assert covered == list(range(11))


@pytest.mark.parametrize("values", list(itertools.product((1, 2, 3), repeat=3)))
def test_ucla3_total_is_the_sum_of_the_three(values):
    instrument = registry.get(None, keys.LONELINESS)
    answers = dict(zip(["lack_companionship", "left_out", "isolated"], values))
    assert scores(instrument, answers)["ucla3"].value == sum(values)


def test_ucla3_wording_and_answers():
    instrument = registry.get(None, keys.LONELINESS)
    assert [(i.key, i.text) for i in instrument.items] == [
        ("lack_companionship", "How often do you feel that you lack companionship?"),
        ("left_out", "How often do you feel left out?"), ("isolated", "How often do you feel isolated from others?"),
        ("direct", "How often do you feel lonely?")]
    assert [(o.value, o.label) for o in instrument.items[0].options] == [
        (1, "Hardly ever or never"), (2, "Some of the time"), (3, "Often")]
    assert [o.label for o in instrument.item("direct").options] == [
        "Often/always", "Some of the time", "Occasionally", "Hardly ever", "Never"]


@pytest.mark.parametrize("missing", ["lack_companionship", "left_out", "isolated"])
def test_ucla3_incomplete_gives_no_score(missing):
    instrument = registry.get(None, keys.LONELINESS)
    answers = {"lack_companionship": 3, "left_out": 3, "isolated": 3, "direct": 1}
    answers[missing] = None
    result = scores(instrument, answers)
    assert result["ucla3"].value is None and result["ucla3"].note
    assert result["direct"].band == "often_always"


@pytest.mark.parametrize("direct,band", [(1, "often_always"), (2, "some_of_the_time"), (3, "occasionally"),
                                         (4, "hardly_ever"), (5, "never"), (None, "")])
def test_the_direct_question_is_kept_apart_and_never_changes_ucla3(direct, band):
    instrument = registry.get(None, keys.LONELINESS)
    base = {"lack_companionship": 2, "left_out": 1, "isolated": 3}
    result = scores(instrument, {**base, "direct": direct})
    assert result["ucla3"].value == 6
    assert result["direct"].band == band
    assert result["direct"].value == (direct if direct is not None else None)
    assert scores(instrument, base)["ucla3"].value == 6
    # the direct question alone never makes a scale score
    assert scores(instrument, {"direct": direct})["ucla3"].value is None


def test_unknown_keys_are_not_found():
    for key in ("nope", "ascot", "own-not-a-uuid", ""):
        with pytest.raises(LookupError):
            registry.get(None, key)
