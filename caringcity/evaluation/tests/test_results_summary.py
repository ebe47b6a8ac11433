"""What a round's scores add up to (issue 7, point 5): exact means and band counts from hand-made
scores, the loneliness direct question as categories, and the small-group rule (a team of four
sees no breakdown, a team of five does)."""

import pytest

from caringcity.circles.models import Circle
from caringcity.evaluation import keys
from caringcity.evaluation.models import Factor, OwnInstrument, OwnItem
from caringcity.evaluation.selectors import results as selectors
from caringcity.evaluation.tests.factories import answered, make_round
from caringcity.people.tests.factories import PersonFactory
from caringcity.teams.models import Team

pytestmark = pytest.mark.django_db

ONS = keys.ONS4


def _team(commons, name):
    return Team.objects.create(commons=commons, owner=PersonFactory(), name=name)


def _measure(summary, instrument, measure):
    return next(m for m in summary.instrument(instrument).measures if m.key == measure)


def test_ons4_item_means_and_official_band_counts_are_exact_and_there_is_no_composite(commons):
    survey_round = make_round(commons, instruments=[ONS])
    life = [(2, "low"), (5, "medium"), (6, "medium"), (8, "high"), (9, "very_high"), (10, "very_high")]
    anxiety = [(0, "very_low"), (1, "very_low"), (3, "low"), (7, "high"), (9, "high"), (4, "medium")]
    for (lv, lb), (av, ab) in zip(life, anxiety):
        answered(survey_round, scores={(ONS, "life_satisfaction"): (lv, lb), (ONS, "anxiety"): (av, ab)})

    summary = selectors.round_summary(survey_round)
    assert summary.answered == 6
    ons = summary.instrument(ONS)
    assert [m.key for m in ons.measures] == list(keys.MEASURES[ONS])  # per item, no composite
    life_sat = _measure(summary, ONS, "life_satisfaction")
    assert life_sat.n == 6 and life_sat.mean == pytest.approx(40 / 6)
    assert [(key, count) for key, _label, count in life_sat.bands] == [("low", 1), ("medium", 2), ("high", 1), ("very_high", 2)]
    assert life_sat.distribution[0] == ("0", 0) and life_sat.distribution[10] == ("10", 1) and len(life_sat.distribution) == 11
    anx = _measure(summary, ONS, "anxiety")
    assert anx.mean == pytest.approx(24 / 6)
    assert [(key, count) for key, _label, count in anx.bands] == [("very_low", 2), ("low", 1), ("medium", 1), ("high", 2)]
    assert "0 to 1" in anx.bands[0][1]  # the official band's label
    # nobody answered happiness: too few, and no figures at all
    happy = _measure(summary, ONS, "happiness")
    assert happy.too_few and happy.mean is None and happy.bands == [] and happy.distribution == []


def test_swemwbs_metric_mean_and_its_spread(commons):
    survey_round = make_round(commons, instruments=[keys.SWEMWBS])
    metrics = [19.25, 20.73, 23.21, 25.03, 35.0]
    for value in metrics:
        answered(survey_round, scores={(keys.SWEMWBS, "metric"): value})
    metric = _measure(selectors.round_summary(survey_round), keys.SWEMWBS, "metric")
    assert metric.n == 5 and not metric.too_few
    assert metric.mean == pytest.approx(sum(metrics) / 5)
    assert metric.low == 7 and metric.high == 35
    assert sum(count for _label, count in metric.distribution) == 5
    assert metric.distribution[-1][1] == 1  # the top score sits in the last step


def test_loneliness_scale_and_the_direct_question_are_kept_apart_the_direct_one_as_categories(commons):
    survey_round = make_round(commons, instruments=[keys.LONELINESS])
    rows = [(3, 1, "often_always"), (4, 2, "some_of_the_time"), (6, 2, "some_of_the_time"), (9, 5, "never"), (5, 4, "hardly_ever")]
    for ucla, direct, band in rows:
        answered(survey_round, scores={(keys.LONELINESS, "ucla3"): ucla, (keys.LONELINESS, "direct"): (direct, band)})
    summary = selectors.round_summary(survey_round)
    ucla = _measure(summary, keys.LONELINESS, "ucla3")
    assert ucla.kind == selectors.SCALE and ucla.mean == pytest.approx(27 / 5)
    assert [count for _label, count in ucla.distribution] == [1, 1, 1, 1, 0, 0, 1]  # 3..9
    direct = _measure(summary, keys.LONELINESS, "direct")
    assert direct.kind == selectors.CATEGORIES and direct.mean is None  # never averaged
    assert [count for _label, count in direct.distribution] == [1, 2, 0, 1, 1]
    assert direct.distribution[0][0] == "Often/always"


def test_a_team_of_four_sees_no_breakdown_and_a_team_of_five_does(commons):
    survey_round = make_round(commons, instruments=[keys.SWEMWBS])
    four, five = _team(commons, "Four's team"), _team(commons, "Five's team")
    for value in (20, 21, 22, 23):
        answered(survey_round, teams=[four], scores={(keys.SWEMWBS, "metric"): value})
    for value in (10, 12, 14, 16, 18):
        answered(survey_round, teams=[five], scores={(keys.SWEMWBS, "metric"): value})

    small = selectors.round_summary(survey_round, team=four)
    metric = _measure(small, keys.SWEMWBS, "metric")
    assert metric.too_few and metric.n == 4 and metric.mean is None and metric.distribution == []
    assert small.too_few and small.answered == 4
    big = _measure(selectors.round_summary(survey_round, team=five), keys.SWEMWBS, "metric")
    assert not big.too_few and big.mean == pytest.approx(14)
    whole = _measure(selectors.round_summary(survey_round), keys.SWEMWBS, "metric")
    assert whole.n == 9 and whole.mean == pytest.approx((86 + 70) / 9)


def test_the_small_group_limit_comes_from_settings(commons, settings):
    settings.EVALUATION_SMALL_GROUP = 3
    survey_round = make_round(commons, instruments=[keys.SWEMWBS])
    for value in (20, 21, 22):
        answered(survey_round, scores={(keys.SWEMWBS, "metric"): value})
    assert not _measure(selectors.round_summary(survey_round), keys.SWEMWBS, "metric").too_few


def test_people_who_said_no_or_stopped_and_scores_that_could_not_be_given_count_nowhere(commons):
    survey_round = make_round(commons, instruments=[keys.SWEMWBS])
    for value in (20, 21, 22, 23):
        answered(survey_round, scores={(keys.SWEMWBS, "metric"): value})
    answered(survey_round, consent="withdrawn", scores={(keys.SWEMWBS, "metric"): 30})
    answered(survey_round, scores={(keys.SWEMWBS, "metric"): None})  # incomplete: no score
    metric = _measure(selectors.round_summary(survey_round), keys.SWEMWBS, "metric")
    assert metric.n == 4 and metric.too_few


def _social_climate(commons):
    own = OwnInstrument.objects.create(commons=commons, name="Social climate", locked=True)
    unity = Factor.objects.create(instrument=own, key="unity", name="Group unity and cohesion", order=1)
    belonging = Factor.objects.create(instrument=own, key="belonging", name="Community connection and belonging", order=2)
    OwnItem.objects.create(instrument=own, key="q1", text="We pull together.", factor=unity, order=1)
    OwnItem.objects.create(instrument=own, key="q2", text="I belong here.", factor=belonging, order=2)
    return own


def test_own_questionnaire_factor_scores_make_the_social_climate_profile_per_team_and_circle(commons):
    own = _social_climate(commons)
    survey_round = make_round(commons, instruments=[own.key])
    circle = Circle.objects.create(commons=commons, kind="local", name="Clapton circle", aim="Care", domain="Care")
    four, five = _team(commons, "A team of four"), _team(commons, "A team of five")
    for i in range(4):
        answered(survey_round, teams=[four], circles=[circle], scores={(own.key, "factor-unity"): 2, (own.key, "factor-belonging"): 3})
    for i in range(5):
        answered(survey_round, teams=[five], circles=[circle], scores={(own.key, "factor-unity"): 4 + (i % 2), (own.key, "factor-belonging"): 5})

    summary = selectors.round_summary(survey_round)
    climate = summary.instrument(own.key)
    assert climate.own and [m.label for m in climate.profile] == ["Group unity and cohesion", "Community connection and belonging"]
    assert climate.profile[0].mean == pytest.approx((8 + 22) / 9)

    teams = {g.group.name: g for g in selectors.group_summaries(survey_round, "teams")}
    assert set(teams) == {"A team of four", "A team of five"}
    assert all(m.too_few and m.mean is None for _i, profile in teams["A team of four"].profiles for m in profile)
    (_i, profile), = teams["A team of five"].profiles
    assert [m.mean for m in profile] == [pytest.approx(22 / 5), pytest.approx(5)]
    circles = selectors.group_summaries(survey_round, "circles")
    assert [g.summary.answered for g in circles] == [9]
    assert circles[0].profiles[0][1][1].mean == pytest.approx((12 + 25) / 9)
    # the same figures as asking for the team on its own
    alone = selectors.round_summary(survey_round, team=five).instrument(own.key).profile
    assert [m.mean for m in alone] == [m.mean for m in profile]


def test_group_summaries_take_the_same_queries_for_one_team_or_many(commons, django_assert_max_num_queries):
    survey_round = make_round(commons, instruments=[keys.SWEMWBS])

    def add_team(n):
        team = _team(commons, f"Team {n}")
        for value in range(5):
            answered(survey_round, teams=[team], scores={(keys.SWEMWBS, "metric"): 10 + value})

    add_team(1)
    from caringcity.core.testing import count_queries

    with count_queries() as one:
        selectors.group_summaries(survey_round, "teams")
    for n in range(2, 6):
        add_team(n)
    with count_queries() as five:
        result = selectors.group_summaries(survey_round, "teams")
    assert len(result) == 5 and len(five.captured_queries) == len(one.captured_queries)


def test_change_between_rounds_puts_each_rounds_number_and_mean_side_by_side(commons):
    baseline = make_round(commons, name="Baseline", instruments=[keys.SWEMWBS, ONS])
    follow_up = make_round(commons, name="Follow-up", kind="follow_up", follows=baseline, instruments=[keys.SWEMWBS])
    for value in (18, 20, 22, 24, 26):
        answered(baseline, scores={(keys.SWEMWBS, "metric"): value})
    for value in (21, 23, 25, 27, 29, 31):
        answered(follow_up, scores={(keys.SWEMWBS, "metric"): value})
    change = selectors.change_between(baseline, follow_up)
    assert "may not be the same people" in change.note
    row = next(r for r in change.rows if r.measure_key == "metric")
    assert (row.before.n, row.before.mean, row.after.n, row.after.mean) == (5, 22, 6, 26)
    assert row.difference == pytest.approx(4) and row.difference_text == "+4"
    raw = next(r for r in change.rows if r.measure_key == "raw")
    assert not raw.shown and raw.difference is None  # nobody gave a raw score
    assert {r.instrument_key for r in change.rows} == {keys.SWEMWBS}  # only what both rounds asked
