"""The transcript readers: each sample file (fictional speakers, written for these tests) gives the right
speaker turns, and each reader rejects a broken file with a message that says where."""

import io
import json
import zipfile
from pathlib import Path

import pytest

from caringcity.stories.transcripts.model import TranscriptError, Turn
from caringcity.stories.transcripts.readers import (
    detect_format, read_docx, read_otr, read_otter, read_srt, read_text, read_transcript, read_webvtt,
)

DATA = Path(__file__).parent / "data"


def sample(name):
    return (DATA / name).read_bytes()


# --- WebVTT ------------------------------------------------------------------------------------------


def test_teams_voice_tags_notes_styles_settings_and_merging():
    transcript = read_webvtt(sample("teams.vtt"))
    assert transcript.source_format == "webvtt"
    assert transcript.turns == [
        Turn("Interviewer", 1.0, 7.5, "Thank you for talking with us today. How did the lunch club start?"),
        Turn("Gloria", 8.0, 15.5, "It started with soup & a kettle in the church hall. Then the neighbours came."),
        Turn("Interviewer", 16.0, 18.25, "Who cooks now?"),
    ]
    assert transcript.speakers == ["Interviewer", "Gloria"]


def test_zoom_names_in_cue_text_with_crlf_line_ends():
    transcript = read_webvtt(sample("zoom.vtt"))
    assert transcript.turns == [
        Turn("Interviewer", 0.5, 3.0, "Can you hear me, Gloria?"),
        Turn("Gloria", 3.2, 9.0, "Yes, loud and clear. I joined the care team in 2019."),
    ]


def test_webvtt_several_voices_in_one_cue_and_class_on_the_voice():
    data = ("WEBVTT\n\n00:01.000 --> 00:03.000\n<v.first Interviewer>Tea?</v> <v Gloria>Yes <b>please</b>.</v>\n\n"
            "01:00:00.000 --> 01:00:02.500\n<v Gloria>Later &lt;laughs&gt;\n").encode()
    assert read_webvtt(data).turns == [
        Turn("Interviewer", 1.0, 3.0, "Tea?"),
        Turn("Gloria", 1.0, 3602.5, "Yes please. Later <laughs>"),
    ]


def test_webvtt_unnamed_cues_stay_separate():
    data = b"\xef\xbb\xbfWEBVTT\n\n00:01.000 --> 00:02.000\nOne\n\n00:02.000 --> 00:03.000\nTwo\n"
    assert read_webvtt(data).turns == [Turn("", 1.0, 2.0, "One"), Turn("", 2.0, 3.0, "Two")]


@pytest.mark.parametrize("data, where, words", [
    (b"1\n00:01.000 --> 00:02.000\nHi\n", "Line 1", "WEBVTT"),
    (b"WEBVTT\n\n00:01.000 --> 00:02.000\nHi\n\n00:03.000 -> 00:04.000\nBye\n", "Line 6", "expected a cue timing"),
    (b"WEBVTT\n\n00:01.000 --> 00:02.000\nHi\n\n00:03 --> 00:04\nBye\n", "Line 6", "not a cue timing"),
    (b"WEBVTT\n\n00:01.000 --> 00:02.000\nHi\n\nhello there\nno timing\n", "Line 6", "expected a cue timing"),
    (b"WEBVTT\n\n00:05.000 --> 00:02.000\nHi\n", "Line 3", "ends"),
    (b"WEBVTT\n\n00:01.000 --> 00:02.000\nHi\n\n00:61.000 --> 00:62.000\nBye\n", "Line 6", "up to 59"),
    (b"WEBVTT\n00:01.000 --> 00:02.000\nHi\n", "Line 2", "blank line"),
])
def test_webvtt_errors_say_where(data, where, words):
    with pytest.raises(TranscriptError) as caught:
        read_webvtt(data)
    assert str(caught.value).startswith(where)
    assert words in str(caught.value)


def test_webvtt_without_cues_is_rejected():
    with pytest.raises(TranscriptError, match="no cues"):
        read_webvtt(b"WEBVTT\n\nNOTE nothing here\n")


# --- SRT ---------------------------------------------------------------------------------------------


def test_srt_speakers_multiline_tags_and_an_unnamed_cue():
    transcript = read_srt(sample("interview.srt"))
    assert transcript.source_format == "srt"
    assert transcript.turns == [
        Turn("Interviewer", 1.0, 4.0, "What does the care team do on a Monday?"),
        Turn("Gloria", 4.5, 8.0, "We visit Mrs Hale first."),
        Turn("", 8.0, 10.25, "Then we do the shopping."),
        Turn("Interviewer", 62.0, 65.5, "Thank you."),
    ]


def test_srt_without_speakers():
    data = b"1\n00:00:01,000 --> 00:00:02,000\n{\\an8}Hello\n\n2\n00:00:02,500 --> 00:00:03,000\nAgain\n"
    assert read_srt(data).turns == [Turn("", 1.0, 2.0, "Hello"), Turn("", 2.5, 3.0, "Again")]


@pytest.mark.parametrize("data, where", [
    (b"1\n00:00:01,000 --> 00:00:02,000\nHi\n\n2\n00:00:03 --> 00:00:04\nBye\n", "Line 6"),
    (b"1\n00:00:01,000 --> 00:00:02,000\nHi\n\nstray words\n", "Line 5"),
    (b"1\n00:00:01,000 --> 00:00:02,000\nHi\n\n2\n", "Line 5"),
])
def test_srt_errors_say_where(data, where):
    with pytest.raises(TranscriptError) as caught:
        read_srt(data)
    assert str(caught.value).startswith(where)


# --- Otter -------------------------------------------------------------------------------------------


def test_otter_export_with_minutes_and_hours_and_footer_dropped():
    transcript = read_otter(sample("otter.txt"))
    assert transcript.turns == [
        Turn("Interviewer", 3.0, 7.0, "Thanks for coming in today."),
        Turn("Gloria", 7.0, 3735.0, "Happy to be here. I have lived on this street for forty years."),
        Turn("Interviewer", 3735.0, None, "And the market?"),
    ]


@pytest.mark.parametrize("data, where", [
    (b"Hello there\nGloria  0:03\nHi\n", "Line 1"),
    (b"Gloria  0:03\nHi\n\nInterviewer  0:75\nBye\n", "Line 4"),
    (b"Gloria  0:30\nHi\n\nInterviewer  0:10\nBye\n", "Line 4"),
])
def test_otter_errors_say_where(data, where):
    with pytest.raises(TranscriptError) as caught:
        read_otter(data)
    assert str(caught.value).startswith(where)


# --- oTranscribe -------------------------------------------------------------------------------------


def test_otr_bold_names_timestamps_and_continuing_paragraphs():
    transcript = read_otr(sample("interview.otr"))
    assert transcript.source_format == "otr"
    assert transcript.turns == [
        Turn("Interviewer", 3.2, 9.75, "How often does the team meet?"),
        Turn("Gloria", 9.75, 21.0, "Every Monday morning. We bring cake & tea."),
        Turn("Interviewer", 21.0, None, "Lovely."),
    ]


def test_otr_bold_emphasis_is_not_a_speaker():
    data = json.dumps({"text": "<p><b>Very</b> cold that winter.</p><p>We <b>walked</b>.</p>"}).encode()
    assert read_otr(data).turns == [Turn("", None, None, "Very cold that winter."), Turn("", None, None, "We walked.")]


@pytest.mark.parametrize("data, where", [
    (b'{"text": "<p>Hi</p>",\n "media": }', "Line 2, column 11"),
    (json.dumps({"text": '<p>Gloria: hi</p><p>Interviewer: <span class="timestamp" data-timestamp="soon">'
                         "0:00</span> ok</p>"}).encode(), "Paragraph 2"),
])
def test_otr_errors_say_where(data, where):
    with pytest.raises(TranscriptError) as caught:
        read_otr(data)
    assert str(caught.value).startswith(where)


def test_otr_without_text_field():
    with pytest.raises(TranscriptError, match="“text”"):
        read_otr(b'{"media": "x.mp3"}')


# --- plain text --------------------------------------------------------------------------------------


def test_text_with_speakers_in_windows_1252():
    transcript = read_text(sample("interview.txt"))
    assert transcript.turns == [
        Turn("Interviewer", None, None, "Where did you grow up?"),
        Turn("Gloria", None, None, "In Clapton, near the market. We moved when I was six."),
        Turn("Interviewer", None, None, "And now?"),
        Turn("Gloria", None, None, "I run the lunch club, café style."),
    ]


def test_text_without_speakers_is_split_into_paragraphs_and_sentences_with_colons_are_not_names():
    data = "The thing is: we never knew.\nIt was hard.\n\nNote: ask again.\n".encode("utf-16")
    assert read_text(data).turns == [
        Turn("", None, None, "The thing is: we never knew. It was hard."),
        Turn("", None, None, "Note: ask again."),
    ]


def test_text_with_times_in_names():
    data = b"Gloria (1:05): Yes.\nInterviewer [00:01:09.5]: Thanks.\n"
    assert read_text(data).turns == [Turn("Gloria", 65.0, 69.5, "Yes."), Turn("Interviewer", 69.5, None, "Thanks.")]


@pytest.mark.parametrize("data, where", [
    (b"Gloria: hi\nInterviewer [00:75:00]: bye\n", "Line 2"),
    (b"Gloria: hi\n\x00\x01\x02", "Line 2"),
])
def test_text_errors_say_where(data, where):
    with pytest.raises(TranscriptError) as caught:
        read_text(data)
    assert str(caught.value).startswith(where)


def test_empty_and_oversized_files_are_refused():
    with pytest.raises(TranscriptError, match="empty"):
        read_text(b"  \n")
    with pytest.raises(TranscriptError, match="largest"):
        read_text(b"a" * (10 * 1024 * 1024 + 1))


# --- Word --------------------------------------------------------------------------------------------


def test_docx_paragraphs_with_times_and_tables_ignored():
    transcript = read_docx(sample("interview.docx"))
    assert transcript.source_format == "docx"
    assert transcript.turns == [
        Turn("", None, None, "Interview with Gloria (fictional)"),
        Turn("Interviewer", 2.0, 6.0, "When did you first volunteer?"),
        Turn("Gloria", 6.0, 70.0, "In the winter of 2020, at the food hub. It was very cold."),
        Turn("Interviewer", 70.0, None, "Thank you, Gloria."),
    ]


def _zip(files):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_docx_errors():
    with pytest.raises(TranscriptError, match="not a Word .docx"):
        read_docx(b"PK\x03\x04 truncated")
    with pytest.raises(TranscriptError, match="not a Word document"):
        read_docx(_zip({"hello.txt": "hi"}))
    with pytest.raises(TranscriptError, match="old Word .doc"):
        read_docx(b"\xd0\xcf\x11\xe0" + b"\x00" * 100)
    with pytest.raises(TranscriptError, match="could not open"):
        read_docx(_zip({"word/document.xml": "<not xml", "[Content_Types].xml": "<nope"}))


def test_docx_bad_time_names_the_paragraph():
    import docx

    document = docx.Document()
    document.add_paragraph("Gloria [00:00:01]: Hi")
    document.add_paragraph("Interviewer [00:99:00]: Bye")
    buffer = io.BytesIO()
    document.save(buffer)
    with pytest.raises(TranscriptError) as caught:
        read_docx(buffer.getvalue())
    assert str(caught.value).startswith("Paragraph 2")


# --- choosing the reader -----------------------------------------------------------------------------


@pytest.mark.parametrize("filename, name, expected", [
    ("teams.vtt", "teams.vtt", "webvtt"),
    ("renamed.txt", "teams.vtt", "webvtt"),
    ("interview.srt", "interview.srt", "srt"),
    ("captions.txt", "interview.srt", "srt"),
    ("otter.txt", "otter.txt", "otter"),
    ("interview.otr", "interview.otr", "otr"),
    ("interview.txt", "interview.txt", "text"),
    ("interview.docx", "interview.docx", "docx"),
    ("no-extension", "interview.docx", "docx"),
])
def test_detect_format(filename, name, expected):
    assert detect_format(filename, sample(name)) == expected


def test_read_transcript_uses_the_detected_reader_and_refuses_recordings():
    assert read_transcript("Gloria.VTT", sample("zoom.vtt")).source_format == "webvtt"
    with pytest.raises(TranscriptError, match="Recordings are uploaded separately"):
        read_transcript("interview.wav", sample("short_recording.wav"))
    with pytest.raises(TranscriptError, match="Line 1"):
        read_transcript("broken.vtt", b"00:01.000 --> 00:02.000\nHi\n")
