"""REFI-QDA readers: codebooks as other tools write them (empty Sets, no Sets, colours in any case,
nested codes, older namespace versions) read; hostile or broken input ends as one RefiQdaError,
never another exception."""

import io
import uuid
import zipfile

import pytest

from caringcity.stories.refiqda import Code, RefiQdaError, read_qdc, read_qdpx, write_qdc
from caringcity.stories.refiqda.reader import MAX_DEPTH

G1 = "11111111-2222-4333-8444-555555555555"
G2 = "{AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE}"
G3 = "99999999-2222-4333-8444-555555555555"


def codebook(inner, sets="<Sets/>", ns="urn:QDA-XML:codebook:1.0"):
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<CodeBook xmlns="{ns}" origin="Some Tool 24">'
            f"<Codes>{inner}</Codes>{sets}</CodeBook>").encode("utf-8")


NESTED = (f'<Code guid="{G1}" name="Parent &amp; more" isCodable="false" color="#aabbcc">'
          f'<Description>Top level</Description>'
          f'<Code guid="{G2}" name="Çocuk ğ" isCodable="true" color="#0F0"/>'
          f'</Code>'
          f'<Code guid="{G3}" name="পাড়া" isCodable="1" color="not a colour"><Description>  </Description></Code>')


@pytest.mark.parametrize("sets", ["<Sets/>", "<Sets></Sets>", "", f'<Sets><Set guid="{G3}" name="s"><MemberCode targetGUID="{G1}"/></Set></Sets>'])
def test_codebook_reads_with_empty_missing_or_full_sets(sets):
    codes = read_qdc(codebook(NESTED, sets))
    assert [code.name for code in codes] == ["Parent & more", "পাড়া"]
    parent = codes[0]
    assert parent.guid == uuid.UUID(G1) and parent.is_codable is False
    assert parent.color == "#AABBCC" and parent.description == "Top level"
    child = parent.children[0]
    assert child.guid == uuid.UUID(G2.strip("{}")) and child.name == "Çocuk ğ" and child.color == "#00FF00"
    assert codes[1].is_codable is True and codes[1].color is None and codes[1].description == ""


def test_tolerated_variants():
    assert read_qdc(codebook(f'<Code guid="{G1}" name="no isCodable"/>'))[0].is_codable is True
    assert read_qdc(codebook(f'<Code guid="{G1}" name="old"/>', ns="urn:QDA-XML:codebook:0.4"))[0].name == "old"
    assert read_qdc(codebook(f'<Code guid="{G1}" name="p"/>', ns="urn:QDA-XML:project:1.0"))[0].name == "p"
    assert read_qdc(codebook("")) == []
    assert read_qdc("\ufeff".encode() + codebook(f'<Code guid="{G1}" name="bom"/>'))[0].name == "bom"


def test_our_own_codebook_reads_back():
    codes = [Code(uuid.uuid4(), "Ev & <iş>", color="#123abc", children=[Code(uuid.uuid4(), "নাম")])]
    assert read_qdc(write_qdc(codes)) == codes


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="%s" name="&lol3;" isCodable="true"/></Codes></CodeBook>""" % G1.encode()
XXE = b"""<?xml version="1.0"?>
<!DOCTYPE c [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="%s" name="&xxe;" isCodable="true"/></Codes></CodeBook>""" % G1.encode()
NETWORK = b"""<?xml version="1.0"?>
<!DOCTYPE c SYSTEM "http://example.invalid/evil.dtd">
<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes/></CodeBook>"""


def deep(levels):
    opening = "".join(f'<Code guid="{uuid.uuid4()}" name="n" isCodable="true">' for _ in range(levels))
    return codebook(opening + "</Code>" * levels)


@pytest.mark.parametrize("data, message", [
    (BILLION_LAUGHS, "DTD or entities"),
    (XXE, "DTD or entities"),
    (NETWORK, "DTD or entities"),
    (b"", "empty"),
    (b"   \n", "empty"),
    (b"\x00\xff\xfe binary", "could not be read"),
    (b"<CodeBook xmlns='urn:QDA-XML:codebook:1.0'><Codes>", "could not be read"),
    ("Just some words".encode(), "could not be read"),
    (b'<CodeBook xmlns="urn:example:other"><Codes/></CodeBook>', "namespace"),
    (b'<CodeBook><Codes/></CodeBook>', "namespace"),
    (b'<Project xmlns="urn:QDA-XML:project:1.0" name="p"/>', "namespace"),
    (codebook('<Code name="no guid" isCodable="true"/>'), "has no guid"),
    (codebook(f'<Code guid="xyz" name="bad guid"/>'), "not a GUID"),
    (codebook(f'<Code guid="{G1}" isCodable="true"/>'), "no name"),
    (codebook(f'<Code guid="{G1}" name="a"/><Code guid="{G1}" name="b"/>'), "share the guid"),
    (deep(MAX_DEPTH + 5), "nested"),
    (b"PK\x03\x04rest-of-a-zip", ".qdpx"),
    (None, "Nothing"),
])
def test_hostile_or_broken_codebooks_give_one_plain_error(data, message):
    with pytest.raises(RefiQdaError, match=message) as caught:
        read_qdc(data)
    assert "Traceback" not in str(caught.value)
    assert caught.value.__cause__ is None


def test_size_limit():
    data = codebook(f'<Code guid="{G1}" name="n"/>' + " " * 2048)
    assert read_qdc(data, max_bytes=len(data))
    with pytest.raises(RefiQdaError, match="too large"):
        read_qdc(data, max_bytes=1024)


def zipped(files):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


QDE = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="From another tool">
<CodeBook><Codes><Code guid="{G1}" name="Theme" isCodable="true"/></Codes></CodeBook>
<Sources><TextSource guid="{G3}" name="Doc" plainTextPath="internal://{G3.upper()}.txt">
<PlainTextSelection guid="{G2}" startPosition="0" endPosition="5"><Coding guid="{uuid.uuid4()}"><CodeRef targetGUID="{G1}"/></Coding></PlainTextSelection>
</TextSource></Sources><Sets/></Project>"""


def test_project_from_another_tool_reads():
    data = zipped({"My Project.qde": QDE, f"Sources/{G3.upper()}.txt": "\ufeffHello world".encode()})
    project = read_qdpx(data)
    assert project.name == "From another tool"
    assert project.sources[0].text == "Hello world"
    segment = project.segments[0]
    assert project.sources[0].text[segment.start:segment.end] == "Hello"
    assert segment.codes == [uuid.UUID(G1)]


@pytest.mark.parametrize("data, message", [
    (b"not a zip", "not a zip"),
    (zipped({"readme.txt": "hi"}), "no .qde"),
    (zipped({"project.qde": "<nope"}), "could not be read"),
    (zipped({"project.qde": QDE}), "missing"),
    (zipped({"project.qde": QDE, f"sources/{G3}.txt": b"\xff\xfe\x00bad"}), "not UTF-8"),
    (zipped({"project.qde": QDE, f"sources/{G3}.txt": "Hi"}), "outside its text"),
    (zipped({"project.qde": QDE.replace("internal://", "absolute:///home/")}), "outside the project"),
    (zipped({"project.qde": BILLION_LAUGHS}), "DTD or entities"),
    (zipped({"project.qde": QDE.replace('startPosition="0"', 'startPosition="x"'),
             f"sources/{G3}.txt": "Hello"}), "no valid positions"),
])
def test_broken_projects_give_one_plain_error(data, message):
    with pytest.raises(RefiQdaError, match=message):
        read_qdpx(data)


def test_zip_bomb_is_refused_before_unpacking(monkeypatch):
    monkeypatch.setattr("caringcity.stories.refiqda.reader.MAX_UNPACKED_BYTES", 1000)
    data = zipped({"project.qde": QDE, f"sources/{G3}.txt": "a" * 5000})
    assert len(data) < 1000
    with pytest.raises(RefiQdaError, match="too many or too large"):
        read_qdpx(data)
