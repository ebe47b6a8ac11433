"""Writers: ``to_webvtt`` (with ``<v Speaker>`` voice tags) and ``to_srt`` ("Speaker: text").

Each turn becomes one cue. A turn needs a start time; a turn without an end ends where the next turn
starts, and the last such turn gets 0.4 s a word (at least 2 s). Reading what these write gives the
same turns back, as long as no two consecutive turns have the same speaker (readers merge those).
"""

from __future__ import annotations

from .model import Transcript, TranscriptError, Turn


def _timed(transcript: Transcript) -> list[tuple[float, float, Turn]]:
    cues = []
    previous = 0.0
    for index, turn in enumerate(transcript.turns, 1):
        if not turn.text.strip():
            continue
        if turn.start is None:
            raise TranscriptError("this turn has no start time, and captions need one for every turn.",
                                  f"turn {index}")
        if turn.start < previous:
            raise TranscriptError("this turn starts before the one above it; put the turns in order first.",
                                  f"turn {index}")
        end = turn.end
        if end is None:
            later = [t.start for t in transcript.turns[index:] if t.start is not None]
            end = later[0] if later else turn.start + max(2.0, 0.4 * len(turn.text.split()))
        cues.append((turn.start, max(end, turn.start), turn))
        previous = turn.start
    return cues


def _clock(seconds: float, separator: str) -> str:
    millis = round(seconds * 1000)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{separator}{millis:03d}"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def to_webvtt(transcript: Transcript) -> str:
    """Valid WebVTT: a header, then numbered cues ``<v Speaker>text`` (no voice tag when the speaker is
    unknown). ``&``, ``<`` and ``>`` are escaped, so "-->" can never appear in a cue."""
    out = ["WEBVTT", ""]
    for number, (start, end, turn) in enumerate(_timed(transcript), 1):
        text = _escape(_one_line(turn.text))
        speaker = _escape(_one_line(turn.speaker))
        out += [str(number), f"{_clock(start, '.')} --> {_clock(end, '.')}",
                f"<v {speaker}>{text}" if speaker else text, ""]
    return "\n".join(out)


def to_srt(transcript: Transcript) -> str:
    """SubRip with the "Speaker: text" convention Zoom and most editors understand."""
    out = []
    for number, (start, end, turn) in enumerate(_timed(transcript), 1):
        text = _one_line(turn.text).replace("-->", "->")
        speaker = _one_line(turn.speaker).replace(":", "")
        out += [str(number), f"{_clock(start, ',')} --> {_clock(end, ',')}",
                f"{speaker}: {text}" if speaker else text, ""]
    return "\n".join(out)
