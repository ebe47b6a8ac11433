"""Themes: only the research team reaches them; nested, renamed, re-coloured, reordered, removed only
when nothing depends on them (or with the passages moved); codebooks in and out as .qdc; every
passage of a theme across interviews with a fixed number of queries."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from caringcity.core.models import AuditEvent
from caringcity.core.testing import assert_matrix, assert_queries_constant
from caringcity.stories import refiqda
from caringcity.stories.models import Code, InterviewState
from caringcity.stories.selectors.coding import code_tree, project_codes
from caringcity.stories.services import coding as services
from caringcity.stories.tests.factories import (
    make_approved_summary, make_code, make_interview, make_passage, make_project, make_coded_transcript,
)
from caringcity.stories.tests.test_refiqda_write import codebook_schema, project_xsd  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db

OK, NF, REDIR = 200, 404, 302


@pytest.fixture
def project(commons, personas):
    return make_project(commons, lead=personas["member"].person, researchers=[personas["admin"].person])


def _url(name, project, *more):
    return reverse(f"stories:{name}", args=[project.commons.slug, project.uuid, *more])


def test_only_the_research_team_reaches_the_themes(project, clients, personas):
    code = make_code(project, "Being there")
    expected = {"anonymous": REDIR, "outsider": NF, "member": OK, "owner": NF, "proxy": NF, "organiser": NF, "admin": OK}
    assert_matrix(clients, _url("coding_themes", project), expected)
    assert_matrix(clients, _url("coding_theme", project, code.uuid), expected)
    assert_matrix(clients, _url("coding_theme_create", project), expected)
    assert_matrix(clients, _url("coding_quotes", project), expected)
    assert_matrix(clients, _url("coding_export", project), expected)


def test_someone_off_the_team_cannot_add_a_theme(project, clients, personas):
    response = clients["organiser"].post(_url("coding_theme_create", project), {"name": "Sneaky", "colour": "#1d70b8"})
    assert response.status_code == 404
    assert not Code.objects.filter(name="Sneaky").exists()
    with pytest.raises(PermissionDenied):
        services.code_create(actor=personas.user("organiser"), project=project, name="Sneaky")
    assert not Code.objects.exists()


def test_team_makes_nested_themes_with_named_colours(project, clients):
    client = clients["member"]
    response = client.post(_url("coding_theme_create", project), {"name": "Being there", "colour": "#00703c", "description": "Showing up"})
    assert response.status_code == 302
    parent = Code.objects.get(name="Being there")
    client.post(_url("coding_theme_create", project), {"name": "Small daily help", "colour": "#1d70b8", "parent": str(parent.uuid)})
    child = Code.objects.get(name="Small daily help")
    assert child.parent == parent and parent.colour == "#00703c"
    page = client.get(_url("coding_themes", project)).content.decode()
    assert "Being there" in page and "Small daily help" in page
    assert "Green" in page  # the colour's name is shown, never the colour alone
    assert AuditEvent.objects.filter(action="stories.code.create").count() == 2


def test_a_theme_cannot_go_under_itself_or_its_children(project, clients):
    parent, child = make_code(project, "A"), None
    child = make_code(project, "B", parent=parent)
    response = clients["member"].post(_url("coding_theme_edit", project, parent.uuid),
                                      {"name": "A", "colour": "#1d70b8", "parent": str(child.uuid)})
    assert response.status_code == 400
    assert "cannot go under itself" in response.content.decode() or "Select a valid choice" in response.content.decode()
    parent.refresh_from_db()
    assert parent.parent is None


def test_bad_theme_input_is_refused_next_to_the_field(project, clients):
    make_code(project, "Money")
    response = clients["member"].post(_url("coding_theme_create", project), {"name": "money", "colour": "#1d70b8"})
    assert response.status_code == 400
    assert "already a theme with this name" in response.content.decode()
    response = clients["member"].post(_url("coding_theme_create", project), {"name": "Fine", "colour": "red"})
    assert response.status_code == 400
    assert Code.objects.count() == 1


def test_rename_recolour_and_reorder(project, clients):
    first, second = make_code(project, "First", order=0), make_code(project, "Second", order=1)
    clients["member"].post(_url("coding_theme_edit", project, first.uuid), {"name": "Premier", "colour": "#d4351c", "description": "x"})
    first.refresh_from_db()
    assert (first.name, first.colour, first.description) == ("Premier", "#d4351c", "x")
    clients["member"].post(_url("coding_theme_move", project, second.uuid), {"direction": "up"})
    assert [c.name for c, _d in code_tree(list(Code.objects.filter(project=project)))] == ["Second", "Premier"]
    response = clients["member"].post(_url("coding_theme_move", project, second.uuid), {"direction": "up"}, follow=True)
    assert "cannot move further" in response.content.decode()


def test_remove_refuses_while_passages_use_it_or_moves_them(project, clients, personas):
    interview = make_interview(project, personas["owner"].person)
    turn = make_coded_transcript(interview).turns.last()
    money, paperwork = make_code(project, "Money"), make_code(project, "Paperwork")
    passage = make_passage(interview, [money], turn=turn, words="soup")
    response = clients["member"].post(_url("coding_theme_remove", project, money.uuid), {})
    assert response.status_code == 400
    assert "Choose the theme that takes its passages" in response.content.decode()
    assert Code.objects.filter(pk=money.pk).exists()
    response = clients["member"].post(_url("coding_theme_remove", project, money.uuid), {"move_to": str(paperwork.uuid)})
    assert response.status_code == 302
    assert not Code.objects.filter(pk=money.pk).exists()
    assert list(passage.codes.all()) == [paperwork]


def test_remove_refuses_a_theme_with_themes_inside(project, clients):
    parent = make_code(project, "Parent")
    make_code(project, "Child", parent=parent)
    page = clients["member"].get(_url("coding_theme_remove", project, parent.uuid)).content.decode()
    assert "Other themes are inside it" in page
    clients["member"].post(_url("coding_theme_remove", project, parent.uuid))
    assert Code.objects.filter(pk=parent.pk).exists()
    empty = make_code(project, "Empty")
    assert clients["member"].post(_url("coding_theme_remove", project, empty.uuid)).status_code == 302
    assert not Code.objects.filter(pk=empty.pk).exists()


QDC_EMPTY_SETS = b"""<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0">
  <Codes>
    <Code guid="11111111-1111-4111-8111-111111111111" name="Being there" isCodable="true" color="#00703C">
      <Description>Showing up</Description>
      <Code guid="22222222-2222-4222-8222-222222222222" name="Small daily help" isCodable="true"/>
    </Code>
    <Code guid="33333333-3333-4333-8333-333333333333" name="Money" isCodable="true" color="#abc"/>
  </Codes>
  <Sets/>
</CodeBook>"""


def _upload(data, name="codebook.qdc"):
    return SimpleUploadedFile(name, data, content_type="application/xml")


def test_import_a_codebook_with_an_empty_sets_element(project, clients):
    response = clients["member"].post(_url("coding_codebook_import", project), {"file": _upload(QDC_EMPTY_SETS)}, follow=True)
    assert response.status_code == 200
    assert "3 themes added" in response.content.decode()
    child = Code.objects.get(project=project, name="Small daily help")
    assert child.parent.name == "Being there" and child.parent.description == "Showing up"
    assert Code.objects.get(name="Money").colour == "#aabbcc"
    # importing the same file again updates, never doubles
    clients["member"].post(_url("coding_codebook_import", project), {"file": _upload(QDC_EMPTY_SETS)})
    assert Code.objects.filter(project=project).count() == 3


@pytest.mark.parametrize("data, message", [
    (b"<CodeBook><Codes>", "could not be read"),
    (QDC_EMPTY_SETS.replace(b'name="Money"', b'name="Being there"'), "twice in one place"),
    (QDC_EMPTY_SETS.replace(b'name="Money"', b'name="' + b"x" * 130 + b'"'), "longer than"),
    (b"\x89PNG\r\n\x1a\n....", "kind of file"),
])
def test_a_bad_codebook_is_named_and_nothing_is_imported(project, clients, data, message):
    make_code(project, "Kept")
    response = clients["member"].post(_url("coding_codebook_import", project), {"file": _upload(data)})
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page or message.lower() in page.lower(), page[page.find("error-summary"):][:800]
    assert list(Code.objects.filter(project=project).values_list("name", flat=True)) == ["Kept"]


def test_the_codebook_exports_and_reads_back(project, clients, codebook_schema):
    parent = make_code(project, "Being there", colour="#00703c")
    make_code(project, "Feeling useful", parent=parent)
    response = clients["member"].get(_url("coding_codebook", project))
    assert response.status_code == 200
    data = b"".join(response.streaming_content) if response.streaming else response.content
    from lxml import etree

    assert codebook_schema.validate(etree.fromstring(data)), codebook_schema.error_log
    codes = refiqda.read_qdc(data)
    assert [c.name for c in codes] == ["Being there"]
    assert codes[0].color == "#00703C" and [c.name for c in codes[0].children] == ["Feeling useful"]
    assert codes[0].guid == parent.uuid


def test_each_theme_lists_its_passages_across_interviews_with_constant_queries(project, clients, personas):
    code = make_code(project, "Paperwork")
    other = make_code(project, "Money")
    made = []

    def grow():
        interview = make_interview(project, personas["owner"].person, title=f"Interview {len(made)}")
        turn = make_coded_transcript(interview).turns.last()
        made.append(make_passage(interview, [code, other], turn=turn, words="soup"))
        summary = make_approved_summary(interview)
        make_passage(interview, [code], summary_version=summary.approved_version, words="paperwork")

    url = _url("coding_theme", project, code.uuid)
    assert_queries_constant(clients["member"], url, grow)
    page = clients["member"].get(url).content.decode()
    assert page.count('class="st-coding-mark"') == 8
    assert "Interview 0" in page and "Interview 3" in page
    assert "8 passages" in page
    assert_queries_constant(clients["member"], _url("coding_themes", project), grow)


def test_counts_leave_out_closed_taken_down_and_unapproved_material(project, personas):
    code = make_code(project, "Paperwork")
    states = [InterviewState.AGREED, InterviewState.DRAFT, InterviewState.CLOSED, InterviewState.TAKEN_DOWN]
    for state in states:
        interview = make_interview(project, personas["owner"].person)
        interview.state = state
        interview.save()
        make_passage(interview, [code], turn=make_coded_transcript(interview).turns.last(), words="soup")
    withdrawn = make_approved_summary(make_interview(project, personas["owner"].person))
    make_passage(withdrawn.interview, [code], summary_version=withdrawn.approved_version, words="paperwork")
    withdrawn.state = "withdrawn"
    withdrawn.save()
    from caringcity.stories.selectors.coding import theme_passages

    counted = project_codes(project).get(pk=code.pk).passage_count
    assert counted == 2 == len(theme_passages(code))
