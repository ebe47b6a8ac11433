"""The Questionnaires pages: who sees what, building an own questionnaire, locked ones refusing
changes, the official wording marked in other languages, licensed ones, constant queries."""

import json

import pytest
from django.urls import reverse

from caringcity.core.testing import assert_matrix, assert_queries_constant
from caringcity.evaluation import keys
from caringcity.evaluation.models import Factor, OwnInstrument, OwnItem
from caringcity.evaluation.services import instruments as services
from caringcity.evaluation.tests.factories import make_own_instrument

pytestmark = pytest.mark.django_db

OK, NF, REDIR = 200, 404, 302
VIEWERS = {"anonymous": REDIR, "outsider": NF, "member": OK, "owner": OK, "proxy": OK, "organiser": OK, "admin": OK}
BUILDERS = {"anonymous": REDIR, "outsider": NF, "member": NF, "owner": NF, "proxy": NF, "organiser": OK, "admin": OK}


def url(name, commons, *args):
    return reverse(f"evaluation:{name}", args=[commons.slug, *args])


@pytest.fixture
def own(commons):
    return make_own_instrument(commons, "Neighbourhood check", factors=[("unity", "Unity")],
                               items=[dict(key="help", text="People here help each other.", factor="unity"),
                                      dict(key="against", text="People work against each other.", factor="unity", reverse=True)])


def test_members_see_the_list_the_questionnaires_and_previews(commons, clients, own):
    assert_matrix(clients, url("instruments", commons), VIEWERS)
    for key in (keys.SWEMWBS, keys.ONS4, keys.LONELINESS, own.key):
        assert_matrix(clients, url("instrument", commons, key), VIEWERS)
        assert_matrix(clients, url("instrument_preview", commons, key), VIEWERS)


def test_only_organisers_reach_the_building_pages(commons, clients, own):
    item, factor = own.items.get(key="help"), own.factors.get()
    for name, args in [("instrument_new", ()), ("instrument_edit", (own.uuid,)), ("instrument_delete", (own.uuid,)),
                       ("instrument_item_add", (own.uuid,)), ("instrument_item_edit", (own.uuid, item.uuid)),
                       ("instrument_item_remove", (own.uuid, item.uuid)), ("instrument_factor_add", (own.uuid,)),
                       ("instrument_factor_edit", (own.uuid, factor.uuid)), ("instrument_factor_remove", (own.uuid, factor.uuid))]:
        assert_matrix(clients, url(name, commons, *args), BUILDERS)


def test_denied_posts_change_nothing(commons, clients, own):
    item = own.items.get(key="help")
    before = (OwnInstrument.objects.count(), list(OwnItem.objects.values_list("key", "text", "order")), Factor.objects.count())
    for role in ("anonymous", "outsider", "member", "owner", "proxy"):
        client = clients[role]
        client.post(url("instrument_new", commons), {"name": "Sneaky"})
        client.post(url("instrument_edit", commons, own.uuid), {"name": "Renamed"})
        client.post(url("instrument_copy", commons, own.uuid))
        client.post(url("instrument_delete", commons, own.uuid))
        client.post(url("instrument_item_add", commons, own.uuid), {"text": "More", "kind": "scale", "scale_min": 1, "scale_max": 5})
        client.post(url("instrument_item_edit", commons, own.uuid, item.uuid), {"text": "Changed", "kind": "scale", "scale_min": 1, "scale_max": 5})
        client.post(url("instrument_item_move", commons, own.uuid, item.uuid), {"direction": "down"})
        client.post(url("instrument_item_remove", commons, own.uuid, item.uuid))
        client.post(url("instrument_factor_add", commons, own.uuid), {"name": "New"})
        client.post(url("instrument_factor_remove", commons, own.uuid, own.factors.get().uuid))
    own.refresh_from_db()
    assert own.name == "Neighbourhood check"
    assert (OwnInstrument.objects.count(), list(OwnItem.objects.values_list("key", "text", "order")), Factor.objects.count()) == before


def test_another_commons_questionnaire_and_bad_keys_are_not_found(commons, other_commons, clients, personas):
    theirs = make_own_instrument(other_commons, "Theirs", items=[dict(key="a")])
    organiser = clients["organiser"]
    assert organiser.get(url("instrument", commons, theirs.key)).status_code == NF
    assert organiser.get(url("instrument", commons, "own-not-a-uuid")).status_code == NF
    assert organiser.get(url("instrument", commons, "nothing")).status_code == NF
    assert organiser.get(url("instrument", commons, keys.ASCOT)).status_code == NF  # no licence
    assert organiser.get(url("instrument_edit", commons, theirs.uuid)).status_code == NF
    assert organiser.post(url("instrument_copy", commons, theirs.uuid)).status_code == NF
    assert OwnInstrument.objects.filter(commons=commons).count() == 0


def test_an_organiser_builds_a_questionnaire(commons, clients):
    client = clients["organiser"]
    response = client.post(url("instrument_new", commons), {"name": "", "introduction": "Hi"})
    assert response.status_code == 400 and "error-summary" in response.content.decode()
    response = client.post(url("instrument_new", commons), {"name": "Our street", "introduction": "A few questions."})
    record = OwnInstrument.objects.get(name="Our street")
    assert response.status_code == 302 and response["Location"] == url("instrument", commons, record.key)
    client.post(url("instrument_factor_add", commons, record.uuid), {"name": "Belonging", "key": "belonging"})
    factor = record.factors.get()
    client.post(url("instrument_item_add", commons, record.uuid), {"text": "I belong here.", "kind": "scale", "scale_min": 1,
                "scale_max": 5, "min_label": "Strongly disagree", "max_label": "Strongly agree", "factor": factor.pk})
    client.post(url("instrument_item_add", commons, record.uuid), {"text": "I feel left out.", "kind": "scale", "scale_min": 1,
                "scale_max": 5, "reverse": "on", "factor": factor.pk})
    response = client.post(url("instrument_item_add", commons, record.uuid), {"text": "Which day?", "kind": "choice", "choices": "Monday"})
    assert response.status_code == 400 and "at least two answers" in response.content.decode()
    assert "Which day?" in response.content.decode()  # keeps what was typed
    client.post(url("instrument_item_add", commons, record.uuid), {"text": "Which day?", "kind": "choice", "choices": "Monday\nFriday\n"})
    items = list(record.items.order_by("order"))
    assert [(i.text, i.reverse, i.factor_id) for i in items] == [
        ("I belong here.", False, factor.pk), ("I feel left out.", True, factor.pk), ("Which day?", False, None)]
    assert items[2].choices == ["Monday", "Friday"]
    client.post(url("instrument_item_move", commons, record.uuid, items[2].uuid), {"direction": "up"})
    assert list(record.items.order_by("order").values_list("text", flat=True)) == ["I belong here.", "Which day?", "I feel left out."]
    page = client.get(url("instrument", commons, record.key)).content.decode()
    assert "I feel left out." in page and "reverse scored" in page and "part: Belonging" in page
    assert "The average of this part" in page
    preview = client.get(url("instrument_preview", commons, record.key)).content.decode()
    assert 'name="i_belong_here" value="5"' in preview and "Monday" in preview and "Nothing you choose here is saved" in preview


def test_a_locked_questionnaire_says_why_and_offers_a_copy(commons, clients, own):
    services.own_instrument_lock(instrument=own)
    client = clients["organiser"]
    page = client.get(url("instrument", commons, own.key)).content.decode()
    assert "questions are fixed" in page and "Make a copy to change" in page
    assert url("instrument_item_add", commons, own.uuid) not in page
    response = client.get(url("instrument_item_add", commons, own.uuid), follow=True)
    assert "Make a copy to change it" in response.content.decode()
    response = client.post(url("instrument_edit", commons, own.uuid), {"name": "Renamed"}, follow=True)
    own.refresh_from_db()
    assert own.name == "Neighbourhood check" and "Make a copy to change it" in response.content.decode()
    response = client.post(url("instrument_copy", commons, own.uuid))
    copy = OwnInstrument.objects.exclude(pk=own.pk).get()
    assert response["Location"] == url("instrument", commons, copy.key) and not copy.locked
    assert url("instrument_item_add", commons, copy.uuid) in client.get(url("instrument", commons, copy.key)).content.decode()


def test_published_pages_show_wording_scoring_source_and_notice(commons, clients):
    page = clients["member"].get(url("instrument", commons, keys.SWEMWBS)).content.decode()
    assert "I&#x27;ve been feeling optimistic about the future" in page
    assert "© NHS Health Scotland, University of Warwick and University of Edinburgh, 2008, all rights reserved." in page
    assert "official conversion table" in page and "Stewart-Brown" in page
    assert "Official wording" not in page  # the page is in English
    ons = clients["member"].get(url("instrument", commons, keys.ONS4)).content.decode()
    assert "Very high (9 to 10)" in ons and "Very low (0 to 1)" in ons
    preview = clients["member"].get(url("instrument_preview", commons, keys.SWEMWBS)).content.decode()
    assert "None of the time" in preview and "all rights reserved" in preview


def test_the_official_wording_is_marked_in_another_language(commons, clients):
    client = clients["member"]
    client.cookies["caringcity_language"] = "tr"
    page = client.get(url("instrument_preview", commons, keys.LONELINESS)).content.decode()
    assert 'lang="en"' in page
    assert "How often do you feel that you lack companionship?" in page  # never translated
    assert "ev-instruments-official" in page
    assert 'lang="en"' in client.get(url("instrument", commons, keys.SWEMWBS)).content.decode()


def test_licensed_questionnaires_need_a_licence(commons, clients, settings, tmp_path):
    page = clients["member"].get(url("instruments", commons)).content.decode()
    assert "Adult Social Care Outcomes Toolkit (ASCOT)" in page and "Needs a licence" in page
    licence = tmp_path / "madeup.json"
    licence.write_text(json.dumps({
        "name": "Made-up Wellbeing Check", "notice": "Made-up notice © Nobody 2026.",
        "items": [{"key": "mood", "text": "How is your mood?", "options": [
            {"value": 1, "label": "Low", "weight": 0.0}, {"value": 2, "label": "Fine", "weight": 0.5}]}],
        "measures": [{"key": "index", "label": "Index", "low": 0, "high": 0.5}]}))
    settings.EVALUATION_LICENCES = {"ascot": str(licence)}
    page = clients["member"].get(url("instruments", commons)).content.decode()
    assert "Made-up Wellbeing Check" in page and "Licensed: ready to use" in page
    detail = clients["member"].get(url("instrument", commons, "ascot")).content.decode()
    assert "How is your mood?" in detail and "Made-up notice © Nobody 2026." in detail
    licence.write_text("{not json")
    page = clients["member"].get(url("instruments", commons)).content.decode()
    assert "Licence file cannot be used" in page
    assert clients["member"].get(url("instrument", commons, "ascot")).status_code == NF


def test_pages_use_constant_queries(commons, clients, personas):
    counter = {"n": 0}

    def grow():
        counter["n"] += 1
        make_own_instrument(commons, f"Q{counter['n']}", factors=[("a", "A"), ("b", "B")],
                            items=[dict(key=f"k{i}", factor="a" if i % 2 else "b") for i in range(3)])

    assert_queries_constant(clients["organiser"], url("instruments", commons), grow)
    target = make_own_instrument(commons, "Target", factors=[("a", "A")])
    numbers = {"n": 0}

    def grow_items():
        numbers["n"] += 1
        factor = Factor.objects.create(instrument=target, key=f"f{numbers['n']}", name="F", order=numbers["n"])
        for i in range(2):
            OwnItem.objects.create(instrument=target, key=f"i{numbers['n']}_{i}", text="Q", factor=factor, order=numbers["n"] * 10 + i)

    assert_queries_constant(clients["organiser"], url("instrument", commons, target.key), grow_items)
    assert_queries_constant(clients["member"], url("instrument_preview", commons, target.key), grow_items)
