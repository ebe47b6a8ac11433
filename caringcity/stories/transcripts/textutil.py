"""What the text readers share: decoding bytes, size limits, times, "Name: text", merging turns."""

from __future__ import annotations

import html
import re

from .model import Turn, TranscriptError

MAX_TEXT_BYTES = 10 * 1024 * 1024  # a four-hour interview as WebVTT is about 1 MB
MAX_TURNS = 50_000

_SPEAKER_RE = re.compile(
    r"^\s*(?P<name>[^\W\d_][\w .'’()&-]{0,58}?)\s*"
    r"(?:[\[(](?P<time>\d{1,2}(?::\d{1,2}){1,2}(?:[.,]\d{1,3})?)[\])]\s*)?:(?:\s+|$)(?P<text>.*)$"
)
_PARTICLES = {"de", "da", "do", "dos", "das", "van", "von", "der", "den", "la", "le", "du", "del", "di", "bin",
              "bint", "al", "el", "ibn", "y", "e", "of", "the"}
_TAG_RE = re.compile(r"<[^>]*>")
_SPACE_RE = re.compile(r"\s+")
# Words that often start a line with a colon but are not people.
_NOT_SPEAKERS = {"note", "notes", "http", "https", "mailto", "re", "fw", "fwd", "ps", "p.s", "nb", "tel",
                 "phone", "email", "e-mail", "date", "time", "subject", "to", "from", "cc", "example"}


def check_size(data: bytes, what: str, limit: int = MAX_TEXT_BYTES) -> None:
    if len(data) > limit:
        raise TranscriptError(
            f"This {what} is {len(data) / 1_048_576:.1f} MB; the largest we accept is "
            f"{limit / 1_048_576:.0f} MB. Split it into parts, or ask the team to raise the limit."
        )
    if not data.strip():
        raise TranscriptError(f"This {what} is empty.")


def decode(data: bytes, what: str = "file") -> str:
    """Bytes to text: UTF-8 (with or without a byte order mark), UTF-16 with a byte order mark (what
    Windows Notepad calls "Unicode"), else Windows-1252 (old Word and Notepad files), else Latin-1."""
    check_size(data, what)
    if data.startswith(b"\xef\xbb\xbf"):
        text = _strict(data[3:], "utf-8", what)
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = _strict(data, "utf-16", what)
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                text = data.decode("latin-1")
    text = text.lstrip("\ufeff")
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        raise TranscriptError("this does not look like a text file (it holds binary data).", f"line {line}")
    return text


def _strict(data: bytes, encoding: str, what: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise TranscriptError(
            f"This {what} says it is {encoding.upper()} but byte {error.start} is not; save it again as UTF-8."
        ) from None


def lines_of(text: str) -> list[str]:
    """Split on CRLF, LF or lone CR, as WebVTT and SRT allow."""
    return re.split(r"\r\n|\r|\n", text)


def clean(text: str) -> str:
    """Tags out, entities decoded, runs of whitespace made one space."""
    return _SPACE_RE.sub(" ", html.unescape(_TAG_RE.sub("", text))).strip()


def parse_clock(value: str, where: str) -> float:
    """``H:MM:SS``, ``MM:SS``, ``HH:MM:SS.mmm`` or ``MM:SS,mmm`` to seconds (rounded to the millisecond).
    Minutes and seconds must be under 60 when there is a larger unit before them."""
    match = re.fullmatch(r"\s*(\d+)(?::(\d{1,2}))?(?::(\d{1,2}))?(?:[.,](\d{1,3}))?\s*", value)
    if not match or match.group(2) is None:
        raise TranscriptError(f"“{value.strip()}” is not a time like 1:05 or 00:01:05.250.", where)
    parts = [int(p) for p in match.group(1, 2, 3) if p is not None]
    if any(p >= 60 for p in parts[1:]):
        raise TranscriptError(f"“{value.strip()}” is not a valid time (minutes and seconds go up to 59).", where)
    seconds = 0
    for part in parts:
        seconds = seconds * 60 + part
    fraction = match.group(4) or ""
    millis = int(fraction.ljust(3, "0")) if fraction else 0
    return round(seconds + millis / 1000, 3)


def split_speaker(line: str, where: str = "") -> tuple[str, float | None, str] | None:
    """``"Gloria: text"``, ``"Gloria [00:01:02]: text"`` or ``"Gloria (1:02): text"`` to
    (speaker, start or None, text); None when the line does not start with a speaker."""
    match = _SPEAKER_RE.match(line)
    if not match:
        return None
    name = _SPACE_RE.sub(" ", match.group("name")).strip()
    words = name.split()
    if name.lower() in _NOT_SPEAKERS or len(words) > 5:
        return None
    # Names are capitalised ("Gloria", "Speaker 1", "Ann de Souza"); "the thing is: ..." is a sentence.
    if any(w[0].islower() and w not in _PARTICLES for w in words):
        return None
    start = parse_clock(match.group("time"), where) if match.group("time") else None
    return name, start, match.group("text").strip()


def merge_same_speaker(turns: list[Turn]) -> list[Turn]:
    """Consecutive turns by the same *named* speaker become one turn: the first start, the last end,
    texts joined by a space. Turns with no speaker are never merged (each caption stays its own turn,
    so its time is kept)."""
    merged: list[Turn] = []
    for turn in turns:
        last = merged[-1] if merged else None
        if last is not None and turn.speaker and turn.speaker == last.speaker:
            last.text = f"{last.text} {turn.text}".strip()
            if turn.end is not None:
                last.end = turn.end if last.end is None else max(last.end, turn.end)
            if last.start is None:
                last.start = turn.start
        else:
            merged.append(Turn(turn.speaker, turn.start, turn.end, turn.text))
    return merged


def fill_ends(turns: list[Turn]) -> list[Turn]:
    """Sources that give only a start time (Otter, oTranscribe, Word): each turn ends where the next
    timed turn starts; the last keeps ``end=None``."""
    for index, turn in enumerate(turns):
        if turn.start is not None and turn.end is None:
            for later in turns[index + 1:]:
                if later.start is not None:
                    turn.end = max(later.start, turn.start)
                    break
    return turns


def check_count(turns: list[Turn]) -> None:
    if len(turns) > MAX_TURNS:
        raise TranscriptError(f"This transcript has more than {MAX_TURNS:,} turns, more than we accept.")


def paragraphs_to_turns(paragraphs: list[tuple], unit: str) -> list[Turn]:
    """Shared by plain text, Word and oTranscribe: (where, text) or (where, text, start) paragraphs
    to turns; a turn without a time of its own takes the first start given in its paragraphs.

    A paragraph that starts with "Name:" (or "Name [00:01:02]:") starts a turn. When the document
    names speakers anywhere, a paragraph without a name continues the turn before it (people press
    Enter mid-answer); when it names none, every paragraph is its own turn with no speaker.
    """
    parsed = []
    for where, text, *stamp in paragraphs:
        text = text.strip()
        if not text:
            continue
        parsed.append((where, text, split_speaker(text, where), stamp[0] if stamp else None))
    has_speakers = any(p[2] for p in parsed)
    turns: list[Turn] = []
    for where, text, speaker, stamp in parsed:
        if speaker:
            name, start, words = speaker
            turns.append(Turn(name, start, None, _SPACE_RE.sub(" ", words)))
        elif has_speakers and turns:
            turns[-1].text = f"{turns[-1].text} {_SPACE_RE.sub(' ', text)}".strip()
        else:
            turns.append(Turn("", None, None, _SPACE_RE.sub(" ", text)))
        if turns[-1].start is None and stamp is not None:
            turns[-1].start = stamp
    turns = [turn for turn in turns if turn.text]
    if not turns:
        raise TranscriptError(f"This {unit} has no words in it.")
    check_count(turns)
    return fill_ends(turns)
