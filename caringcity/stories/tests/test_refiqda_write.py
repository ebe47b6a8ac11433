"""REFI-QDA writers: the .qdpx's project.qde validates against the official Project.xsd, the zip is
laid out as tools expect, the .qdc validates against the codebook types, names in any script and
with XML's special characters survive, and what cannot be written is refused plainly."""

import datetime
import uuid
import zipfile
from io import BytesIO

import pytest
from lxml import etree

from caringcity.core.testing import standards_folder
from caringcity.stories.refiqda import (
    Audio, Code, Project, RefiQdaError, Segment, Set, Source, SyncPoint, User, read_qdc, read_qdpx, write_qdc,
    write_qde, write_qdpx,
)
from caringcity.stories.refiqda.writer import CODEBOOK_NS, PROJECT_NS

P = f"{{{PROJECT_NS}}}"
U = uuid.UUID
TURKISH = "Yalnızlık ve güç: İstanbul'daki şırınga, ÇOĞUL ĞÜŞİÖÇ"
BENGALI = "একাকীত্ব ও যত্ন — পাড়ার মানুষ"
SPECIAL = 'Care & "help" <at home> \'now\''


@pytest.fixture(scope="module")
def project_xsd():
    path = standards_folder() / "refi-qda" / "Project.xsd"
    if not path.is_file():
        pytest.fail(f"The official REFI-QDA schema is missing: expected {path}.")
    return etree.parse(str(path))


@pytest.fixture(scope="module")
def project_schema(project_xsd):
    return etree.XMLSchema(project_xsd)


@pytest.fixture(scope="module")
def codebook_schema(project_xsd):
    """The .qdc schema the standards README describes: Project.xsd's own types (CodeType and the
    rest, unchanged) moved to the codebook namespace, with the root ``CodeBook`` holding ``Codes``
    and optional ``Sets``."""
    schema = etree.fromstring(etree.tostring(project_xsd).replace(PROJECT_NS.encode(), CODEBOOK_NS.encode()))
    xsd = "http://www.w3.org/2001/XMLSchema"
    for element in schema.findall(f"{{{xsd}}}element"):
        schema.remove(element)
    root = etree.SubElement(schema, f"{{{xsd}}}element", name="CodeBook")
    sequence = etree.SubElement(etree.SubElement(root, f"{{{xsd}}}complexType"), f"{{{xsd}}}sequence")
    etree.SubElement(sequence, f"{{{xsd}}}element", name="Codes", type="CodesType")
    etree.SubElement(sequence, f"{{{xsd}}}element", name="Sets", type="SetsType", minOccurs="0")
    return etree.XMLSchema(schema)


def assert_valid(schema, data):
    document = etree.fromstring(data)
    assert schema.validate(document), schema.error_log


def sample_codes():
    return [
        Code(U("6f1d2c4e-0000-4000-8000-000000000001"), "Belonging", color="#1F77B4",
             description="Feeling part of the street", children=[
                 Code(U("6f1d2c4e-0000-4000-8000-000000000002"), TURKISH, color="#ff7f0e"),
                 Code(U("6f1d2c4e-0000-4000-8000-000000000003"), BENGALI, description=SPECIAL),
             ]),
        Code(U("6f1d2c4e-0000-4000-8000-000000000004"), SPECIAL, is_codable=False, children=[
            Code(U("6f1d2c4e-0000-4000-8000-000000000005"), "Money worries", color="#2CA02C"),
        ]),
    ]


RESEARCHER = User(U("0a000000-0000-4000-8000-000000000001"), "Ayşe Demir")
TEXT = f"Interviewer: How is the street?\nRespondent: {BENGALI}. {TURKISH}! Tea & <biscuits>.\n"


@pytest.fixture
def project():
    source = Source(U("5e000000-0000-4000-8000-000000000001"), f"Interview 1 — {SPECIAL}", TEXT,
                    description="Recorded at the hub", creating_user=RESEARCHER.guid,
                    created=datetime.datetime(2026, 3, 1, 10, 30, tzinfo=datetime.timezone.utc))
    summary = Source("{5E000000-0000-4000-8000-000000000002}", "Summary", "Short summary.\n")
    start = TEXT.index(BENGALI)
    return Project(
        name=f"Biographies of engagement {SPECIAL}", origin="Caring City 1.0",
        created=datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=3))),
        creating_user=RESEARCHER.guid, users=[RESEARCHER], codes=sample_codes(), sources=[source, summary],
        segments=[
            Segment(U("5a000000-0000-4000-8000-000000000001"), source.guid, start, start + len(BENGALI),
                    codes=[U("6f1d2c4e-0000-4000-8000-000000000002"), U("6f1d2c4e-0000-4000-8000-000000000003")],
                    note=f"Key passage {SPECIAL}", creating_user=RESEARCHER.guid,
                    created=datetime.datetime(2026, 3, 1, 11, 0)),
            Segment(U("5a000000-0000-4000-8000-000000000002"), summary.guid, 0, 5,
                    codes=[U("6f1d2c4e-0000-4000-8000-000000000005")]),
        ],
        sets=[Set(U("5b000000-0000-4000-8000-000000000001"), "Street life", codes=[sample_codes()[0].guid],
                  sources=[source.guid])],
        description="Three interviews.",
    )


def test_qde_validates_against_the_official_project_schema(project, project_schema):
    assert_valid(project_schema, write_qde(project))


def test_qdpx_layout_and_its_qde_validate(project, project_schema):
    data = write_qdpx(project)
    with zipfile.ZipFile(BytesIO(data)) as archive:
        names = archive.namelist()
        assert names[0] == "project.qde"
        assert sorted(names[1:]) == ["sources/5e000000-0000-4000-8000-000000000001.txt",
                                     "sources/5e000000-0000-4000-8000-000000000002.txt"]
        assert archive.testzip() is None
        qde = archive.read("project.qde")
        text = archive.read("sources/5e000000-0000-4000-8000-000000000001.txt")
    assert_valid(project_schema, qde)
    assert text == TEXT.encode("utf-8")  # UTF-8, no byte order mark, line endings untouched
    assert qde.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    root = etree.fromstring(qde)
    assert root.get("origin") == "Caring City 1.0"
    assert root.get("creatingUserGUID") == str(RESEARCHER.guid)
    assert root.get("creationDateTime") == "2026-03-02T06:00:00Z"
    sources = root.findall(f"{P}Sources/{P}TextSource")
    assert [s.get("plainTextPath") for s in sources] == [
        "internal://5e000000-0000-4000-8000-000000000001.txt", "internal://5e000000-0000-4000-8000-000000000002.txt"]
    assert sources[0].get("creatingUser") == str(RESEARCHER.guid)
    assert sources[0].get("creationDateTime") == "2026-03-01T10:30:00Z"


def test_selections_are_character_positions_with_one_coding_per_code(project):
    root = etree.fromstring(write_qde(project))
    selection = root.find(f"{P}Sources/{P}TextSource/{P}PlainTextSelection")
    start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
    assert TEXT[start:end] == BENGALI  # code points, not bytes: the Bengali text is 3 bytes a letter
    assert start == TEXT.index(BENGALI) and end - start == len(BENGALI)
    assert selection.find(f"{P}Description").text == f"Key passage {SPECIAL}"
    assert selection.get("creationDateTime") == "2026-03-01T11:00:00Z"  # naive taken as UTC
    refs = [coding.find(f"{P}CodeRef").get("targetGUID") for coding in selection.findall(f"{P}Coding")]
    assert refs == ["6f1d2c4e-0000-4000-8000-000000000002", "6f1d2c4e-0000-4000-8000-000000000003"]
    codings = {coding.get("guid") for coding in root.iter(f"{P}Coding")}
    assert len(codings) == 3


def test_names_in_any_script_and_special_characters_survive(project):
    root = etree.fromstring(write_qde(project))
    names = {code.get("name") for code in root.iter(f"{P}Code")}
    assert {TURKISH, BENGALI, SPECIAL} <= names
    assert root.get("name") == f"Biographies of engagement {SPECIAL}"
    back = read_qdpx(write_qdpx(project))
    assert back.name == project.name
    assert back.sources[0].name == project.sources[0].name
    assert back.sources[0].text == TEXT


def test_the_same_project_gives_the_same_bytes(project):
    assert write_qdpx(project) == write_qdpx(project)


def test_qdpx_round_trip(project):
    back = read_qdpx(write_qdpx(project))
    assert back.codes == project.codes
    assert back.users == project.users
    assert [(s.guid, s.name, s.text, s.description) for s in back.sources] == [
        (s.guid, s.name, s.text, s.description) for s in project.sources]
    assert [(s.guid, s.source, s.start, s.end, s.codes, s.note) for s in back.segments] == [
        (s.guid, s.source, s.start, s.end, s.codes, s.note) for s in project.segments]
    assert back.sets == project.sets
    assert back.created == project.created
    assert back.description == "Three interviews."


def test_recording_with_transcript_validates(project, project_schema):
    source = project.sources[0]
    source.audio = Audio(U("a0000000-0000-4000-8000-000000000001"), "Interview 1.MP3", b"ID3fake",
                         sync_points=[SyncPoint(0, 0), SyncPoint(TEXT.index("Respondent"), 4200)])
    data = write_qdpx(project)
    with zipfile.ZipFile(BytesIO(data)) as archive:
        qde = archive.read("project.qde")
        assert archive.read("sources/a0000000-0000-4000-8000-000000000001.mp3") == b"ID3fake"
        transcript = archive.read(f"sources/{source.audio.transcript_guid}.txt")
    assert transcript == TEXT.encode()
    assert_valid(project_schema, qde)
    audio = etree.fromstring(qde).find(f"{P}Sources/{P}AudioSource")
    assert audio.get("path") == "internal://a0000000-0000-4000-8000-000000000001.mp3"
    points = audio.findall(f"{P}Transcript/{P}SyncPoint")
    assert [(p.get("position"), p.get("timeStamp")) for p in points] == [("0", "0"), (str(TEXT.index("Respondent")), "4200")]
    assert read_qdpx(data).sources[0].text == TEXT  # the reader takes the text sources only


def test_a_bare_project_validates(project_schema):
    assert_valid(project_schema, write_qde(Project(name="Empty")))


def test_control_characters_are_dropped_from_the_xml(project_schema):
    codes = [Code(uuid.uuid4(), "Bell\x07 and null\x00", description="form\x0cfeed")]
    data = write_qde(Project(name="P\x01", codes=codes))
    assert_valid(project_schema, data)
    assert read_qdpx(write_qdpx(Project(name="P", codes=codes))).codes[0].name == "Bell and null"


def test_qdc_validates_against_the_codebook_types(codebook_schema, project_schema):
    sets = [Set(uuid.uuid4(), "Set ş", codes=[sample_codes()[0].guid])]
    data = write_qdc(sample_codes(), sets)
    assert_valid(codebook_schema, data)
    root = etree.fromstring(data)
    assert root.tag == f"{{{CODEBOOK_NS}}}CodeBook"
    # Cross-check with Project.xsd untouched: the same Codes inside a minimal project document.
    codes = etree.tostring(root.find(f"{{{CODEBOOK_NS}}}Codes")).replace(CODEBOOK_NS.encode(), PROJECT_NS.encode())
    wrapped = f'<Project xmlns="{PROJECT_NS}" name="check"><CodeBook>'.encode() + codes + b"</CodeBook></Project>"
    assert_valid(project_schema, wrapped)


def test_qdc_round_trip():
    assert read_qdc(write_qdc(sample_codes())) == sample_codes()


def test_colours_are_normalised():
    assert Code(uuid.uuid4(), "c", color="#a1b2c3").color == "#A1B2C3"
    assert Code(uuid.uuid4(), "c", color="#abc").color == "#AABBCC"
    with pytest.raises(RefiQdaError):
        Code(uuid.uuid4(), "c", color="red")


@pytest.mark.parametrize("change, message", [
    (lambda p: setattr(p.segments[0], "end", len(TEXT) + 1), "outside its text"),
    (lambda p: setattr(p.segments[0], "start", p.segments[0].end), "outside its text"),
    (lambda p: p.segments[0].codes.append(uuid.uuid4()), "not in the codebook"),
    (lambda p: p.segments[0].codes.append(p.codes[1].guid), "only groups other codes"),
    (lambda p: setattr(p.segments[0], "source", uuid.uuid4()), "not in the project"),
    (lambda p: setattr(p.segments[1], "guid", p.segments[0].guid), "used twice"),
    (lambda p: setattr(p.sources[1], "guid", p.codes[0].guid), "used twice"),
    (lambda p: setattr(p.segments[0], "creating_user", uuid.uuid4()), "not in the project's users"),
    (lambda p: setattr(p, "name", " "), "needs a name"),
    (lambda p: setattr(p.sources[0], "text", "\ud800 lone surrogate " * 9), "UTF-8"),
])
def test_what_cannot_be_written_is_refused_plainly(project, change, message):
    change(project)
    with pytest.raises(RefiQdaError, match=message):
        write_qdpx(project)


def test_bad_guids_are_refused_when_made():
    with pytest.raises(RefiQdaError, match="not a GUID"):
        Code("not-a-guid", "x")
    assert Code("{6F1D2C4E-0000-4000-8000-000000000001}", "x").guid == U("6f1d2c4e-0000-4000-8000-000000000001")


def test_an_empty_codebook_is_refused():
    with pytest.raises(RefiQdaError):
        write_qdc([])


def test_the_schemas_used_here_do_refuse_invalid_documents(codebook_schema, project_schema):
    """Guards the two checks above against passing everything."""
    guid = "6f1d2c4e-0000-4000-8000-000000000001"
    no_codable = f'<CodeBook xmlns="{CODEBOOK_NS}"><Codes><Code guid="{guid}" name="x"/></Codes></CodeBook>'
    empty_sets = f'<CodeBook xmlns="{CODEBOOK_NS}"><Codes><Code guid="{guid}" name="x" isCodable="true"/></Codes><Sets/></CodeBook>'
    assert not codebook_schema.validate(etree.fromstring(no_codable))
    assert not codebook_schema.validate(etree.fromstring(empty_sets))  # why readers must tolerate it
    bad_position = (f'<Project xmlns="{PROJECT_NS}" name="p"><Sources><TextSource guid="{guid}" plainTextPath="internal://x.txt">'
                    f'<PlainTextSelection guid="{guid}" startPosition="a" endPosition="2"/></TextSource></Sources></Project>')
    assert not project_schema.validate(etree.fromstring(bad_position))
