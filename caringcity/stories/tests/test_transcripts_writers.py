"""WebVTT and SRT writers: valid output, and reading what they write gives the same turns back."""

import re

import pytest

from caringcity.stories.transcripts.model import Transcript, TranscriptError, Turn
from caringcity.stories.transcripts.readers import read_srt, read_webvtt
from caringcity.stories.transcripts.writers import to_srt, to_webvtt

TURNS = [
    Turn("Interviewer", 0.0, 2.5, "Shall we start?"),
    Turn("Gloria", 2.5, 3661.125, "Yes. Soup & bread, <always> -- on Mondays."),
    Turn("Interviewer", 3661.2, 3662.0, "Thank you, Gloria."),
    Turn("", 3700.0, 3701.5, "[music]"),
    Turn("Ann de Souza", 3702.0, 3703.0, "Bye now."),
]


def test_webvtt_round_trip():
    transcript = Transcript([Turn(*vars(t).values()) for t in TURNS])
    assert read_webvtt(to_webvtt(transcript).encode()).turns == TURNS


def test_srt_round_trip():
    transcript = Transcript([Turn(*vars(t).values()) for t in TURNS])
    assert read_srt(to_srt(transcript).encode()).turns == TURNS


def test_webvtt_output_is_well_formed():
    text = to_webvtt(Transcript(TURNS))
    assert text.startswith("WEBVTT\n\n")
    blocks = text.strip().split("\n\n")[1:]
    assert len(blocks) == len(TURNS)
    timing = re.compile(r"^\d{2,}:\d{2}:\d{2}\.\d{3} --> \d{2,}:\d{2}:\d{2}\.\d{3}$")
    for number, block in enumerate(blocks, 1):
        lines = block.split("\n")
        assert lines[0] == str(number) and timing.match(lines[1]) and len(lines) == 3
        assert "-->" not in lines[2]
    assert "<v Gloria>Yes. Soup &amp; bread, &lt;always&gt; -- on Mondays." in text
    assert "01:01:01.125" in text
    assert "\n[music]\n" in text  # no voice tag when nobody is named


def test_srt_output():
    text = to_srt(Transcript(TURNS[:2]))
    assert text == ("1\n00:00:00,000 --> 00:00:02,500\nInterviewer: Shall we start?\n\n"
                    "2\n00:00:02,500 --> 01:01:01,125\nGloria: Yes. Soup & bread, <always> -- on Mondays.\n")


def test_missing_ends_are_filled_and_missing_starts_refused():
    transcript = Transcript([Turn("Gloria", 1.0, None, "One two"), Turn("Interviewer", 4.0, None, "Three")])
    assert read_webvtt(to_webvtt(transcript).encode()).turns == [
        Turn("Gloria", 1.0, 4.0, "One two"), Turn("Interviewer", 4.0, 6.0, "Three")]
    with pytest.raises(TranscriptError, match="^Turn 2"):
        to_srt(Transcript([Turn("Gloria", 1.0, 2.0, "Hi"), Turn("Interviewer", None, None, "Bye")]))
    with pytest.raises(TranscriptError, match="^Turn 2.*in order"):
        to_webvtt(Transcript([Turn("Gloria", 5.0, 6.0, "Hi"), Turn("Interviewer", 1.0, 2.0, "Bye")]))
