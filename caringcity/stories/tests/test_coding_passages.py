"""Coding passages: the team codes words of a turn (typed, or with the offsets the page's script
fills in) or of the approved summary only; words not in the text are refused and nothing is
written; coded passages are marked with their theme names; a coding can be removed."""

import pytest
from django.urls import reverse

from caringcity.core.testing import assert_matrix
from caringcity.stories.models import InterviewState, Passage
from caringcity.stories.tests.factories import (
    make_approved_summary, make_code, make_interview, make_passage, make_project, make_coded_transcript,
)

pytestmark = pytest.mark.django_db

OK, NF, REDIR = 200, 404, 302
TEXT = "I brought soup to my neighbour, then soup again."


@pytest.fixture
def setup(commons, personas):
    project = make_project(commons, lead=personas["member"].person)
    interview = make_interview(project, personas["owner"].person, title="Gloria's story")
    transcript = make_coded_transcript(interview, turns=[("Interviewer", "How did it start?"), ("Gloria", TEXT)])
    turn = transcript.turns.get(order=1)
    help_, money = make_code(project, "Small daily help"), make_code(project, "Money", colour="#d4351c")
    return {"project": project, "interview": interview, "turn": turn, "help": help_, "money": money,
            "url": reverse("stories:coding_interview", args=[commons.slug, project.uuid, interview.uuid])}


def _post(client, setup, target, prefix, **fields):
    data = {"target": target}
    for key, value in fields.items():
        data[f"{prefix}-{key}"] = value
    return client.post(setup["url"], data)


def _turn_post(client, setup, **fields):
    turn = setup["turn"]
    return _post(client, setup, str(turn.uuid), f"t{turn.uuid.hex}", **fields)


def test_only_the_team_opens_the_coding_page(setup, clients):
    expected = {"anonymous": REDIR, "outsider": NF, "member": OK, "owner": NF, "proxy": NF, "organiser": NF, "admin": NF}
    assert_matrix(clients, setup["url"], expected)


@pytest.mark.parametrize("state", [InterviewState.CLOSED, InterviewState.TAKEN_DOWN])
def test_closed_or_taken_down_material_cannot_be_opened_or_coded(setup, clients, state):
    setup["interview"].state = state
    setup["interview"].save()
    assert clients["member"].get(setup["url"]).status_code == 404
    response = _turn_post(clients["member"], setup, words="soup", codes=[str(setup["help"].uuid)])
    assert response.status_code == 404
    assert not Passage.objects.exists()


def test_code_typed_words_without_offsets_first_occurrence(setup, clients):
    response = _turn_post(clients["member"], setup, words="soup", codes=[str(setup["help"].uuid)], memo="food as care")
    assert response.status_code == 302
    passage = Passage.objects.get()
    assert (passage.start, passage.end, passage.text, passage.memo) == (TEXT.index("soup"), TEXT.index("soup") + 4, "soup", "food as care")
    assert passage.turn == setup["turn"] and list(passage.codes.all()) == [setup["help"]]
    assert passage.coded_by == setup["project"].researchers.get().person


def test_code_the_second_occurrence(setup, clients):
    _turn_post(clients["member"], setup, words="soup", occurrence="2", codes=[str(setup["help"].uuid)])
    passage = Passage.objects.get()
    assert passage.start == TEXT.rindex("soup")


def test_code_with_offsets_from_the_script(setup, clients):
    start = TEXT.rindex("soup again")
    _turn_post(clients["member"], setup, words="soup again", start=str(start), end=str(start + 10),
               codes=[str(setup["help"].uuid), str(setup["money"].uuid)])
    passage = Passage.objects.get()
    assert (passage.start, passage.end) == (start, start + 10)
    assert set(passage.codes.all()) == {setup["help"], setup["money"]}


def test_offsets_that_do_not_hold_the_words_fall_back_to_the_words(setup, clients):
    _turn_post(clients["member"], setup, words="neighbour", start="0", end="9", codes=[str(setup["help"].uuid)])
    passage = Passage.objects.get()
    assert passage.text == "neighbour" and passage.start == TEXT.index("neighbour")


@pytest.mark.parametrize("fields, message", [
    ({"words": "stew"}, "These words are not in the text"),
    ({"words": "soup", "occurrence": "3"}, "These words appear 2 times"),
    ({"words": "soup", "codes": []}, "This field is required"),
    ({"words": ""}, "This field is required"),
])
def test_bad_words_are_refused_and_nothing_is_written(setup, clients, fields, message):
    data = {"codes": [str(setup["help"].uuid)], **fields}
    response = _turn_post(clients["member"], setup, **data)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert page.count('<details class="st-coding-add no-print" open>') == 1  # the form with the problem stays open
    assert not Passage.objects.exists()


def test_a_theme_of_another_project_is_refused(setup, clients, commons, personas):
    other = make_code(make_project(commons, name="Other", lead=personas["member"].person), "Elsewhere")
    response = _turn_post(clients["member"], setup, words="soup", codes=[str(other.uuid)])
    assert response.status_code == 400
    assert not Passage.objects.exists()


def test_a_turn_of_another_interview_is_not_found(setup, clients, personas):
    other = make_interview(setup["project"], personas["owner"].person, title="Other")
    turn = make_coded_transcript(other).turns.last()
    response = _post(clients["member"], setup, str(turn.uuid), f"t{turn.uuid.hex}", words="soup", codes=[str(setup["help"].uuid)])
    assert response.status_code == 404
    assert not Passage.objects.exists()


def test_only_the_approved_summary_is_shown_and_coded(setup, clients):
    summary = make_approved_summary(setup["interview"], approved=False)
    page = clients["member"].get(setup["url"]).content.decode()
    assert "Approved summary" not in page and summary.versions.get().text not in page
    response = _post(clients["member"], setup, "summary", "summary", words="paperwork", codes=[str(setup["money"].uuid)])
    assert response.status_code == 404
    summary.state, summary.approved_version = "approved", summary.versions.get()
    summary.save()
    page = clients["member"].get(setup["url"]).content.decode()
    assert "Approved summary" in page
    response = _post(clients["member"], setup, "summary", "summary", words="paperwork", codes=[str(setup["money"].uuid)])
    assert response.status_code == 302
    passage = Passage.objects.get()
    assert passage.summary_version == summary.approved_version and passage.turn is None


def test_coded_passages_are_marked_with_theme_names(setup, clients):
    make_passage(setup["interview"], [setup["help"], setup["money"]], turn=setup["turn"], words="soup to my")
    page = clients["member"].get(setup["url"]).content.decode()
    assert '<mark class="st-coding-mark">soup to my</mark>' in page
    assert "[Money, Small daily help]" in page  # the names, not only a colour


def test_overlapping_passages_split_into_pieces(setup):
    from caringcity.stories.selectors.coding import pieces

    one = make_passage(setup["interview"], [setup["help"]], turn=setup["turn"], words="brought soup")
    two = make_passage(setup["interview"], [setup["money"]], turn=setup["turn"], words="soup to")
    parts = pieces(TEXT, [one, two])
    assert "".join(p.text for p in parts) == TEXT
    assert [(p.text, len(p.passages), p.last) for p in parts if p.passages] == [
        ("brought ", 1, True), ("soup", 2, True), (" to", 1, True)]


def test_remove_a_coding(setup, clients):
    passage = make_passage(setup["interview"], [setup["help"]], turn=setup["turn"], words="soup")
    url = reverse("stories:coding_passage_remove", args=[setup["project"].commons.slug, setup["project"].uuid,
                                                          setup["interview"].uuid, passage.uuid])
    assert clients["organiser"].post(url).status_code == 404
    assert Passage.objects.exists()
    assert clients["member"].get(url).status_code == 200
    assert clients["member"].post(url).status_code == 302
    assert not Passage.objects.exists()


def test_a_coding_a_quote_uses_cannot_be_removed(setup, clients, personas):
    from caringcity.stories.services import coding as services

    passage = make_passage(setup["interview"], [setup["help"]], turn=setup["turn"], words="soup")
    services.quote_create(actor=personas.user("member"), passage=passage, use="anonymised", attribution="A neighbour")
    url = reverse("stories:coding_passage_remove", args=[setup["project"].commons.slug, setup["project"].uuid,
                                                          setup["interview"].uuid, passage.uuid])
    response = clients["member"].post(url, follow=True)
    assert "Withdraw the quote first" in response.content.decode()
    assert Passage.objects.filter(pk=passage.pk).exists()


def test_change_the_themes_and_note_of_a_coding(setup, clients, commons, personas):
    from caringcity.core.models import AuditEvent

    passage = make_passage(setup["interview"], [setup["help"]], turn=setup["turn"], words="soup")
    url = reverse("stories:coding_passage_edit", args=[commons.slug, setup["project"].uuid, setup["interview"].uuid, passage.uuid])
    assert f'href="{url}"' in clients["member"].get(setup["url"]).content.decode()
    page = clients["member"].get(url).content.decode()
    assert "Change the themes or the note" in page and "soup" in page and "checked" in page
    # Not on the research team: not found, and nothing changes.
    change = {"codes": [str(setup["money"].uuid)], "memo": "Food costs"}
    for role in ("organiser", "owner", "outsider"):
        assert clients[role].post(url, change).status_code == 404
    passage.refresh_from_db()
    assert list(passage.codes.all()) == [setup["help"]] and passage.memo == ""
    # No theme at all is refused next to the field; what was typed stays.
    refused = clients["member"].post(url, {"memo": "Food costs"})
    assert refused.status_code == 400 and "Food costs" in refused.content.decode()
    assert list(passage.codes.all()) == [setup["help"]]
    # A theme of another project is not offered, so it is refused too.
    other = make_code(make_project(commons, name="Other", lead=personas["member"].person), "Elsewhere")
    assert clients["member"].post(url, {"codes": [str(other.uuid)]}).status_code == 400
    assert clients["member"].post(url, change).status_code == 302
    passage.refresh_from_db()
    assert list(passage.codes.all()) == [setup["money"]] and passage.memo == "Food costs" and passage.text == "soup"
    event = AuditEvent.objects.get(action="stories.passage.update")
    assert event.reason == "1 themes added, 1 taken off" and "Food" not in event.reason
