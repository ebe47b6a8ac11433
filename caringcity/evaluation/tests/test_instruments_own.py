"""The commons' own questionnaires: scoring with reverse scoring and factors, the registry's view of
them, the services (locking, copying, ordering) and the starter social climate survey."""

import pytest
from django.core.exceptions import ValidationError

from caringcity.core.models import AuditEvent
from caringcity.evaluation import keys
from caringcity.evaluation.instruments import registry
from caringcity.evaluation.models import Factor, ItemKind, OwnInstrument, OwnItem
from caringcity.evaluation.services import instruments as services
from caringcity.evaluation.tests.factories import make_own_instrument

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser(personas):
    return personas.user("organiser")


@pytest.fixture
def climate(commons):
    return make_own_instrument(commons, "Climate", factors=[("unity", "Unity"), ("belonging", "Belonging")], items=[
        dict(key="help", factor="unity"),
        dict(key="fair", factor="unity"),
        dict(key="against", factor="unity", reverse=True),
        dict(key="belong", factor="belonging", scale_min=0, scale_max=10),
        dict(key="colour", kind=ItemKind.CHOICE, choices=["Red", "Blue"]),
        dict(key="words", kind=ItemKind.TEXT),
        dict(key="loose"),
    ])


def by_measure(results):
    return {r.measure: r for r in results}


def test_reverse_scoring_turns_the_answer_round_for_the_factor_only(commons, climate):
    instrument = registry.get(commons, climate.key)
    for answer in range(1, 6):
        result = by_measure(instrument.score({"help": 3, "fair": 3, "against": answer}))
        assert result["item-against"].value == answer  # reported as given
        assert result["factor-unity"].value == pytest.approx((3 + 3 + (1 + 5 - answer)) / 3)


def test_reverse_scoring_uses_the_questions_own_range(commons):
    own = make_own_instrument(commons, factors=[("f", "F")], items=[dict(key="a", factor="f", reverse=True, scale_min=0, scale_max=10)])
    instrument = registry.get(commons, own.key)
    for answer in range(11):
        assert by_measure(instrument.score({"a": answer}))["factor-f"].value == 10 - answer


def test_a_factor_needs_at_least_half_of_its_questions(commons, climate):
    instrument = registry.get(commons, climate.key)
    one_of_three = by_measure(instrument.score({"help": 5}))["factor-unity"]
    assert one_of_three.value is None and "1 of its 3" in one_of_three.note
    two_of_three = by_measure(instrument.score({"help": 5, "against": 2}))["factor-unity"]
    assert two_of_three.value == pytest.approx((5 + 4) / 2)
    assert by_measure(instrument.score({"belong": 7}))["factor-belonging"].value == 7
    assert by_measure(instrument.score({}))["factor-belonging"].value is None


def test_half_of_an_even_number_is_enough(commons):
    own = make_own_instrument(commons, factors=[("f", "F")], items=[dict(key=k, factor="f") for k in "abcd"])
    instrument = registry.get(commons, own.key)
    assert by_measure(instrument.score({"a": 2, "b": 4}))["factor-f"].value == 3
    assert by_measure(instrument.score({"a": 2}))["factor-f"].value is None


def test_measures_are_factors_and_scale_items_only(commons, climate):
    instrument = registry.get(commons, climate.key)
    assert [m.key for m in instrument.measures] == ["factor-unity", "factor-belonging", "item-help", "item-fair",
                                                   "item-against", "item-belong", "item-loose"]
    assert instrument.own and instrument.key == keys.own_key(climate)
    assert [o.label for o in instrument.item("colour").options] == ["Red", "Blue"]
    assert instrument.item("words").options == ()
    result = by_measure(instrument.score({"colour": 1, "words": "hello", "loose": 9}))
    assert result["item-loose"].value is None  # 9 is not on a 1-5 scale
    assert not any(key.endswith(("colour", "words")) for key in result)


def test_registry_keeps_own_questionnaires_in_their_commons(commons, other_commons, climate):
    assert registry.get(commons, climate.key).name == "Climate"
    with pytest.raises(LookupError):
        registry.get(other_commons, climate.key)
    with pytest.raises(LookupError):
        registry.get(commons, "own-12345")
    empty = make_own_instrument(commons, "Empty")
    available = [i.key for i in registry.available(commons)]
    assert available[:3] == [keys.SWEMWBS, keys.ONS4, keys.LONELINESS]
    assert climate.key in available and empty.key not in available  # nothing to ask yet
    assert climate.key not in [i.key for i in registry.available(other_commons)]


def test_locked_questionnaires_refuse_every_change_and_a_copy_can_change(commons, organiser, climate):
    services.own_instrument_lock(instrument=climate)
    services.own_instrument_lock(instrument=climate)  # twice is fine
    climate.refresh_from_db()
    item = climate.items.get(key="help")
    factor = climate.factors.get(key="unity")
    before = (OwnItem.objects.count(), Factor.objects.count(), climate.name)
    attempts = [
        lambda: services.own_instrument_update(actor=organiser, instrument=climate, name="New"),
        lambda: services.own_instrument_delete(actor=organiser, instrument=climate),
        lambda: services.own_item_add(actor=organiser, instrument=climate, text="More?"),
        lambda: services.own_item_update(actor=organiser, item=item, text="Changed", kind=ItemKind.SCALE),
        lambda: services.own_item_remove(actor=organiser, item=item),
        lambda: services.own_item_move(actor=organiser, item=item, direction="down"),
        lambda: services.factor_add(actor=organiser, instrument=climate, name="New part"),
        lambda: services.factor_update(actor=organiser, factor=factor, name="Renamed"),
        lambda: services.factor_remove(actor=organiser, factor=factor),
        lambda: services.factor_move(actor=organiser, factor=factor, direction="down"),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError, match="Make a copy to change it"):
            attempt()
    climate.refresh_from_db()
    assert (OwnItem.objects.count(), Factor.objects.count(), climate.name) == before
    assert climate.items.get(key="help").text == "Question 1"

    copy = services.own_instrument_copy(actor=organiser, instrument=climate)
    assert not copy.locked and copy.pk != climate.pk and copy.name == "Climate (copy)"
    assert list(copy.items.values_list("key", "reverse", "factor__key")) == list(climate.items.values_list("key", "reverse", "factor__key"))
    services.own_item_add(actor=organiser, instrument=copy, text="A new question")
    assert copy.items.count() == climate.items.count() + 1
    assert AuditEvent.objects.filter(action="evaluation.own_instrument.copy", object_id=str(copy.uuid)).exists()


def test_items_are_checked_and_keys_made_from_the_words(commons, organiser):
    own = services.own_instrument_create(actor=organiser, commons=commons, name="Ours")
    item = services.own_item_add(actor=organiser, instrument=own, text="I feel at home here!")
    assert item.key == "i_feel_at_home_here" and item.order == 1
    again = services.own_item_add(actor=organiser, instrument=own, text="I feel at home here")
    assert again.key == "i_feel_at_home_here_2" and again.order == 2
    with pytest.raises(ValidationError) as error:
        services.own_item_add(actor=organiser, instrument=own, text="", kind=ItemKind.SCALE, scale_min=5, scale_max=5)
    assert {"text", "scale_max"} <= set(error.value.error_dict)
    with pytest.raises(ValidationError) as error:
        services.own_item_add(actor=organiser, instrument=own, text="Pick", kind=ItemKind.CHOICE, choices=["Only one"], reverse=True)
    assert {"choices", "reverse"} <= set(error.value.error_dict)
    other = make_own_instrument(commons, "Other", factors=[("x", "X")])
    with pytest.raises(ValidationError) as error:
        services.own_item_add(actor=organiser, instrument=own, text="Q", factor=other.factors.get())
    assert "factor" in error.value.error_dict
    assert own.items.count() == 2


def test_moving_questions_and_parts(commons, organiser):
    own = make_own_instrument(commons, factors=[("a", "A"), ("b", "B")], items=[dict(key=k) for k in "xyz"])
    z = own.items.get(key="z")
    services.own_item_move(actor=organiser, item=z, direction="up")
    assert list(own.items.order_by("order").values_list("key", flat=True)) == ["x", "z", "y"]
    services.own_item_move(actor=organiser, item=own.items.get(key="x"), direction="up")  # already first
    assert list(own.items.order_by("order").values_list("key", flat=True)) == ["x", "z", "y"]
    services.factor_move(actor=organiser, factor=own.factors.get(key="a"), direction="down")
    assert list(own.factors.order_by("order").values_list("key", flat=True)) == ["b", "a"]
    assert [i.key for i in registry.get(commons, own.key).items] == ["x", "z", "y"]


def test_factor_keys_are_checked(commons, organiser):
    own = make_own_instrument(commons, factors=[("unity", "Unity")])
    with pytest.raises(ValidationError) as error:
        services.factor_add(actor=organiser, instrument=own, name="Again", key="unity")
    assert "key" in error.value.error_dict
    with pytest.raises(ValidationError):
        services.factor_add(actor=organiser, instrument=own, name="Bad", key="Not OK!")
    made = services.factor_add(actor=organiser, instrument=own, name="Community connection")
    assert made.key == "community_connection"
    services.factor_remove(actor=organiser, factor=own.factors.get(key="unity"))
    assert list(own.factors.values_list("key", flat=True)) == ["community_connection"]


def test_the_starter_climate_survey_is_made_once(commons, other_commons, organiser):
    climate = services.starter_climate_ensure(actor=organiser, commons=commons)
    assert services.starter_climate_ensure(actor=organiser, commons=commons).pk == climate.pk
    assert OwnInstrument.objects.filter(commons=commons).count() == 1
    assert climate.name == "Social climate survey"
    assert list(climate.factors.values_list("key", flat=True)) == ["wellbeing", "caregiving", "unity", "belonging", "inclusion"]
    for factor in climate.factors.all():
        items = list(factor.items.all())
        assert len(items) == 3
        assert all(i.kind == ItemKind.SCALE and (i.scale_min, i.scale_max) == (1, 5) for i in items)
        assert sum(i.reverse for i in items) == 1
        assert items[0].min_label == "Strongly disagree" and items[0].max_label == "Strongly agree"
    other = services.starter_climate_ensure(actor=organiser, commons=other_commons)
    assert other.pk != climate.pk
    instrument = registry.get(commons, climate.key)
    answers = {item.key: (1 if item.reverse else 5) for item in instrument.items}
    assert all(r.value == 5 for r in instrument.score(answers) if r.measure.startswith("factor-"))
    # a copy of the starter does not count as a second starter
    services.own_instrument_copy(actor=organiser, instrument=climate)
    assert services.starter_climate_ensure(actor=organiser, commons=commons).pk == climate.pk
