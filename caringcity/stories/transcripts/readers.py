"""Readers for the transcript files people bring: each takes bytes and returns a ``Transcript``, or raises
``TranscriptError`` with a message that names the line, cue or paragraph that is wrong.

``read_transcript(filename, data)`` picks the reader from the content first and the extension second.
See docs/stories-transcripts.md for what each reader accepts and the choices made.
"""

from __future__ import annotations

import html
import io
import json
import re
import zipfile
from html.parser import HTMLParser
from pathlib import PurePath

from .model import Transcript, TranscriptError, Turn
from .textutil import (
    MAX_TEXT_BYTES, check_count, check_size, clean, decode, fill_ends, lines_of, merge_same_speaker,
    paragraphs_to_turns, parse_clock, split_speaker,
)

MAX_DOCX_BYTES = 20 * 1024 * 1024
MAX_DOCX_UNPACKED = 100 * 1024 * 1024  # a zip bomb stops here, before python-docx opens it

# --- WebVTT (https://www.w3.org/TR/webvtt1/) ---------------------------------------------------------

_VTT_TIME = r"(?:\d+:)?\d{2}:\d{2}[.,]\d{3}"
_VTT_TIMING = re.compile(rf"^\s*({_VTT_TIME})[ \t]+-->[ \t]+({_VTT_TIME})(?:[ \t]+(.*))?$")
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?(?:[ \t]+([^>]*))?>", re.IGNORECASE)
_DASH = re.compile(r"^\s*[-–]\s+")


def read_webvtt(data: bytes) -> Transcript:
    """WebVTT as Teams (``<v Name>text</v>``), Zoom (``Name: text``) and caption tools write it.

    Cue identifiers, cue settings (``align:left``), NOTE, STYLE and REGION blocks are accepted and
    ignored; multi-line cues are joined with spaces; inline tags (``<i>``, ``<c.x>``, ``<00:01.000>``)
    are dropped and entities decoded. One cue can hold several voices (``<v A>..</v> <v B>..</v>``);
    each becomes its own turn with the cue's times. Consecutive turns by the same named speaker are
    merged (first start, last end).
    """
    lines = lines_of(decode(data, "WebVTT file"))
    first = lines[0]
    if not (first.startswith("WEBVTT") and (len(first) == 6 or first[6] in " \t")):
        raise TranscriptError("a WebVTT file must start with the word WEBVTT on its own line.", "line 1")
    pieces: list[Turn] = []
    for block in _blocks(lines, skip_header=True):
        number, text = block[0]
        keyword = text.split(None, 1)[0] if text.strip() else ""
        if keyword in ("NOTE", "STYLE", "REGION") and "-->" not in text:
            continue
        if "-->" in text:
            timing_at, body = 0, block[1:]
        elif len(block) > 1 and "-->" in block[1][1]:
            timing_at, body = 1, block[2:]
        else:
            raise TranscriptError(
                f"expected a cue timing such as “00:01.000 --> 00:04.000” but found “{_short(text)}”.",
                f"line {number}",
            )
        timing_line, timing = block[timing_at]
        start, end = _vtt_timing(timing, f"line {timing_line}")
        pieces.extend(_voices(body, start, end))
    return _finish(pieces, "webvtt", "WebVTT file")


def _vtt_timing(text: str, where: str) -> tuple[float, float]:
    match = _VTT_TIMING.match(text)
    if not match:
        raise TranscriptError(
            f"“{_short(text)}” is not a cue timing; it should look like “00:01.000 --> 00:04.000”.", where
        )
    start, end = parse_clock(match.group(1), where), parse_clock(match.group(2), where)
    if end < start:
        raise TranscriptError(f"the cue ends ({match.group(2)}) before it starts ({match.group(1)}).", where)
    return start, end


def _voices(body: list[tuple[int, str]], start: float, end: float, clean=clean) -> list[Turn]:
    """The speakers and words of one cue's lines. A line without a name continues the voice before it
    in the same cue; a cue without any name is a turn with no speaker (never guessed from the cue
    before: a caption tool's unnamed cue may be music, a noise or another person)."""
    turns: list[Turn] = []
    for _, raw in body:
        line = _DASH.sub("", raw)
        marks = list(_VOICE.finditer(line))
        if not marks:
            named = split_speaker(clean(line))
            if named:
                turns.append(Turn(named[0], start, end, named[2]))
            elif turns and not _DASH.match(raw):
                turns[-1].text = f"{turns[-1].text} {clean(line)}".strip()
            else:
                turns.append(Turn("", start, end, clean(line)))
            continue
        before = clean(line[: marks[0].start()])
        if before:
            if turns:
                turns[-1].text = f"{turns[-1].text} {before}".strip()
            else:
                turns.append(Turn("", start, end, before))
        for index, mark in enumerate(marks):
            stop = marks[index + 1].start() if index + 1 < len(marks) else len(line)
            speaker = html.unescape((mark.group(1) or "").strip())
            turns.append(Turn(speaker, start, end, clean(line[mark.end():stop])))
    return [t for t in turns if t.text]


# --- SRT ---------------------------------------------------------------------------------------------

_SRT_TIME = r"\d+:\d{1,2}:\d{1,2}[,.]\d{1,3}"
_SRT_TIMING = re.compile(rf"^\s*({_SRT_TIME})\s*-->\s*({_SRT_TIME})(?:\s+.*)?$")
_ASS_TAG = re.compile(r"\{\\[^}]*\}")
_SRT_TAG = re.compile(r"</?(?:i|b|u|s|font)(?:\s[^>]*)?>", re.IGNORECASE)


def read_srt(data: bytes) -> Transcript:
    """SubRip: numbered cues, ``00:00:01,000 --> 00:00:04,000``, text lines. A line starting
    "Name: " names the speaker; ``<i>``, ``<font>`` and ``{\\an8}`` tags are dropped; a line starting
    "- " is a new speaker without a name."""
    lines = lines_of(decode(data, "SRT file"))
    pieces: list[Turn] = []
    for block in _blocks(lines):
        at = 0
        number, text = block[0]
        if text.strip().isdigit():
            at = 1
            if len(block) == 1:
                raise TranscriptError(f"cue {text.strip()} has no timing line after its number.", f"line {number}")
        timing_line, timing = block[at]
        match = _SRT_TIMING.match(timing)
        if not match:
            expected = "a cue number or a timing" if at == 0 else "a timing"
            raise TranscriptError(
                f"expected {expected} such as “00:00:01,000 --> 00:00:04,000” but found “{_short(timing)}”.",
                f"line {timing_line}",
            )
        where = f"line {timing_line}"
        start, end = parse_clock(match.group(1), where), parse_clock(match.group(2), where)
        if end < start:
            raise TranscriptError(f"the cue ends ({match.group(2)}) before it starts ({match.group(1)}).", where)
        body = [(n, _ASS_TAG.sub("", t)) for n, t in block[at + 1:]]
        pieces.extend(_voices(body, start, end, _clean_srt))
    return _finish(pieces, "srt", "SRT file")


def _clean_srt(text: str) -> str:
    """SRT has only <i>, <b>, <u>, <s> and <font> tags and no entities: other "<...>" are words."""
    return " ".join(_SRT_TAG.sub("", text).split())


# --- Otter.ai text export -----------------------------------------------------------------------------

_OTTER_HEADER = re.compile(r"^(?:(?P<name>\S.*?)(?:[ \t]{2,}|\t))?(?P<time>\d{1,2}(?::\d{2}){1,2})[ \t]*$")
_OTTER_FOOTER = re.compile(r"^\s*Transcribed by (https?://)?otter\.ai\s*$", re.IGNORECASE)


def read_otter(data: bytes) -> Transcript:
    """Otter.ai "Export text": a header line ``Speaker Name  0:03`` (name, two or more spaces, then
    M:SS or H:MM:SS), the paragraph on the following lines, a blank line. The "Transcribed by
    otter.ai" footer is dropped. Each turn ends where the next one starts."""
    lines = lines_of(decode(data, "Otter export"))
    turns: list[Turn] = []
    for number, line in enumerate(lines, 1):
        if not line.strip() or _OTTER_FOOTER.match(line):
            continue
        header = _OTTER_HEADER.match(line)
        if header:
            where = f"line {number}"
            start = parse_clock(header.group("time"), where)
            if turns and turns[-1].start is not None and start < turns[-1].start:
                raise TranscriptError(
                    f"the time {header.group('time')} is earlier than the turn before it; "
                    "Otter exports always go forwards.", where,
                )
            turns.append(Turn((header.group("name") or "").strip(), start, None, ""))
        elif not turns:
            raise TranscriptError(
                f"expected a speaker line such as “Gloria  0:03” but found “{_short(line)}”.", f"line {number}"
            )
        else:
            turns[-1].text = f"{turns[-1].text} {line.strip()}".strip()
    turns = [t for t in turns if t.text]
    if not turns:
        raise TranscriptError("This Otter export has no words in it.")
    check_count(turns)
    return Transcript(fill_ends(turns), source_format="otter")


# --- oTranscribe .otr ---------------------------------------------------------------------------------


class _OtrParser(HTMLParser):
    """oTranscribe's ``text`` is the editor's HTML: paragraphs (<p>, <div>, <br>), speaker names in
    <b>/<strong>, and ``<span class="timestamp" data-timestamp="12.3">0:12</span>`` where the
    transcriber pressed the timestamp key."""

    BREAKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[dict] = [self._new()]
        self.bold = 0
        self.in_stamp = 0

    @staticmethod
    def _new():
        return {"bold": "", "text": "", "stamp": None, "seen_plain": False}

    def handle_starttag(self, tag, attrs):
        if tag in self.BREAKS:
            self.paragraphs.append(self._new())
        elif tag in ("b", "strong"):
            self.bold += 1
        elif tag == "span" and "timestamp" in (dict(attrs).get("class") or "").split():
            self.in_stamp += 1
            para = self.paragraphs[-1]
            if para["stamp"] is None:
                para["stamp"] = dict(attrs).get("data-timestamp")
        elif self.in_stamp and tag == "span":
            self.in_stamp += 1

    def handle_endtag(self, tag):
        if tag in ("p", "div", "li") and self.paragraphs[-1]["text"].strip():
            self.paragraphs.append(self._new())
        elif tag in ("b", "strong"):
            self.bold = max(0, self.bold - 1)
        elif tag == "span" and self.in_stamp:
            self.in_stamp -= 1

    def handle_data(self, data):
        if self.in_stamp:
            return  # the "0:12" shown inside a timestamp is not words
        para = self.paragraphs[-1]
        if self.bold and not para["seen_plain"]:
            para["bold"] += data
        else:
            if data.strip():
                para["seen_plain"] = True
            para["text"] += data


def read_otr(data: bytes) -> Transcript:
    """oTranscribe's .otr: JSON ``{"text": "<html>", "media": ..., "media-time": ...}``. A paragraph
    opening with a bold name (``<b>Gloria</b>:`` or ``<b>Gloria:</b>``) or with "Gloria:" names the
    speaker; the first timestamp span in a paragraph is its start."""
    text = decode(data, "oTranscribe file")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise TranscriptError(f"this is not a valid oTranscribe file: {error.msg}.",
                              f"line {error.lineno}, column {error.colno}") from None
    if not isinstance(document, dict) or not isinstance(document.get("text"), str):
        raise TranscriptError("This oTranscribe file has no “text” field holding the transcript.")
    parser = _OtrParser()
    parser.feed(document["text"])
    parser.close()
    paragraphs: list[tuple[str, str, float | None]] = []
    number = 0
    for para in parser.paragraphs:
        bold, words = para["bold"].strip(), para["text"]
        if not (bold or words.strip()):
            continue
        number += 1
        where = f"paragraph {number}"
        stamp = None
        if para["stamp"] is not None:
            try:
                stamp = round(float(para["stamp"]), 3)
            except ValueError:
                stamp = -1.0
            if not stamp >= 0:  # also catches NaN
                raise TranscriptError(f"the timestamp “{para['stamp']}” is not a number of seconds.", where)
        if bold and (bold.endswith(":") or words.lstrip().startswith(":")):
            words = words.lstrip()
            words = words[1:] if words.startswith(":") else words
            line = f"{bold.rstrip(':').strip()}: {words.strip()}"
        else:
            line = f"{bold} {words}"  # bold that is not followed by a colon is emphasis, not a name
        paragraphs.append((where, " ".join(line.split()), stamp))
    return Transcript(paragraphs_to_turns(paragraphs, "oTranscribe file"), source_format="otr")


# --- plain text ---------------------------------------------------------------------------------------


def read_text(data: bytes) -> Transcript:
    """Plain text: lines "Name: text" (or "Name [00:01:02]: text") start turns, lines without a name
    continue the turn before; with no names at all, each blank-line-separated paragraph is a turn."""
    lines = lines_of(decode(data, "text file"))
    has_names = any(split_speaker(line, f"line {n}") for n, line in enumerate(lines, 1))
    paragraphs: list[tuple[str, str]] = []
    current: list[str] = []
    where = ""
    for number, line in enumerate(lines, 1):
        if has_names:
            paragraphs.append((f"line {number}", line))
        elif line.strip():
            if not current:
                where = f"line {number}"
            current.append(line.strip())
        elif current:
            paragraphs.append((where, " ".join(current)))
            current = []
    if current:
        paragraphs.append((where, " ".join(current)))
    return Transcript(paragraphs_to_turns(paragraphs, "text file"), source_format="text")


# --- Word .docx ---------------------------------------------------------------------------------------


def read_docx(data: bytes) -> Transcript:
    """Word .docx: body paragraphs read like plain text lines ("Name: text", "Name [00:01:02]: text").
    Tables, headers, footers, comments and text boxes are not read."""
    check_size(data, "Word document", MAX_DOCX_BYTES)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise TranscriptError("This is an old Word .doc file; open it in Word and save it as .docx.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_DOCX_UNPACKED:
                raise TranscriptError("This Word document unpacks to more than 100 MB, more than we accept.")
            if "word/document.xml" not in archive.namelist():
                raise TranscriptError("This is a zip file but not a Word document (it has no word/document.xml).")
    except zipfile.BadZipFile:
        raise TranscriptError("This is not a Word .docx file (it is damaged, or another kind of file).") from None
    import docx  # python-docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises many kinds for damaged parts
        raise TranscriptError(f"Word could not open this document's text ({type(error).__name__}).") from None
    paragraphs = [(f"paragraph {n}", p.text) for n, p in enumerate(document.paragraphs, 1)]
    if not any(text.strip() for _, text in paragraphs) and document.tables:
        raise TranscriptError(
            "This Word document keeps its text in a table, which we do not read. "
            "Copy the table into ordinary paragraphs such as “Gloria: …” and upload it again."
        )
    return Transcript(paragraphs_to_turns(paragraphs, "Word document"), source_format="docx")


# --- choosing a reader --------------------------------------------------------------------------------

READERS = {
    "webvtt": read_webvtt, "srt": read_srt, "otter": read_otter, "otr": read_otr, "text": read_text,
    "docx": read_docx,
}
_BY_EXTENSION = {".vtt": "webvtt", ".webvtt": "webvtt", ".srt": "srt", ".otr": "otr", ".docx": "docx"}
ACCEPTED_EXTENSIONS = (".vtt", ".srt", ".otr", ".docx", ".txt")


def detect_format(filename: str, data: bytes) -> str:
    """The content decides when it is unmistakable (WEBVTT header, zip, JSON, an SRT cue, an Otter
    header); otherwise the extension; otherwise plain text."""
    extension = PurePath(filename or "").suffix.lower()
    if extension == ".doc" or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise TranscriptError("This is an old Word .doc file; open it in Word and save it as .docx.")
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    if extension in (".pdf", ".mp3", ".wav", ".m4a", ".ogg", ".mp4") or data.startswith(b"%PDF"):
        raise TranscriptError(
            "We read transcripts as .vtt, .srt, .otr, .docx or .txt files; this looks like another kind "
            "of file. Recordings are uploaded separately."
        )
    head = data[:4096].decode("utf-8", "ignore").lstrip("\ufeff \t\r\n")
    if head.startswith("WEBVTT"):
        return "webvtt"
    if head.startswith("{"):
        return "otr"
    first = [line for line in lines_of(head) if line.strip()][:2]
    if first and (_SRT_TIMING.match(first[0]) and "," in first[0]
                  or first[0].strip().isdigit() and len(first) > 1 and _SRT_TIMING.match(first[1])):
        return "srt"
    if extension in _BY_EXTENSION:
        return _BY_EXTENSION[extension]
    if first and _OTTER_HEADER.match(first[0]):
        return "otter"
    return "text"


def read_transcript(filename: str, data: bytes) -> Transcript:
    """Read any transcript file we know, choosing the reader with ``detect_format``."""
    if len(data) > max(MAX_TEXT_BYTES, MAX_DOCX_BYTES):
        check_size(data, "file", max(MAX_TEXT_BYTES, MAX_DOCX_BYTES))
    return READERS[detect_format(filename, data)](data)


# --- helpers ------------------------------------------------------------------------------------------


def _blocks(lines: list[str], skip_header: bool = False) -> list[list[tuple[int, str]]]:
    """Blank-line-separated blocks of (line number, text); the WebVTT header block is skipped."""
    blocks: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    for number, line in enumerate(lines, 1):
        if line.strip():
            current.append((number, line))
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    if skip_header and blocks and blocks[0][0][0] == 1:
        header = blocks.pop(0)
        # A cue right under the header without a blank line is a common mistake; say so.
        for number, line in header[1:]:
            if "-->" in line:
                raise TranscriptError("leave a blank line between the WEBVTT header and the first cue.",
                                      f"line {number}")
    return blocks


def _finish(pieces: list[Turn], source_format: str, what: str) -> Transcript:
    if not pieces:
        raise TranscriptError(f"This {what} has no cues with words in them.")
    turns = merge_same_speaker(pieces)
    check_count(turns)
    return Transcript(turns, source_format=source_format)


def _short(text: str, limit: int = 60) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"
