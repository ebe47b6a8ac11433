"""Speech to text on this machine: PocketSphinx transcribes a short recording made here (espeak-ng,
fictional words) with networking disabled; faster-whisper says plainly why it cannot run."""

import socket
import sys
import types
from pathlib import Path

import pytest

from caringcity.stories.transcripts import engines
from caringcity.stories.transcripts.engines import (
    EngineUnavailable, FasterWhisperEngine, PocketSphinxEngine, best_engine, engine_status,
)

RECORDING = Path(__file__).parent / "data" / "short_recording.wav"
# What the recording says: "The care team meets every morning. Thank you for coming to the meeting today."
CONTENT_WORDS = {"care", "team", "meets", "every", "morning", "thank", "coming", "meeting", "today"}


def test_pocketsphinx_transcribes_the_recording_without_network(monkeypatch):
    def no_network(*args, **kwargs):
        raise OSError("networking is disabled in this test")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    transcript = PocketSphinxEngine().transcribe(RECORDING)
    words = {word for turn in transcript.turns for word in turn.text.lower().split()}
    assert len(words & CONTENT_WORDS) >= len(CONTENT_WORDS) / 2, transcript.turns
    assert transcript.needs_review is True
    assert transcript.source_format == "machine" and transcript.language == "en"
    assert transcript.engine.name == "pocketsphinx" and transcript.engine.version.startswith("5.")
    assert "en-us" in transcript.engine.model
    first, last = transcript.turns[0], transcript.turns[-1]
    assert 0 <= first.start < 1.0 and 4.0 < last.end <= 5.3  # the recording is 5.28 s long


def test_whisper_says_why_it_cannot_run(tmp_path):
    assert "STORIES_WHISPER_MODEL_PATH is empty" in FasterWhisperEngine(None).unavailable_reason()
    assert "does not exist" in FasterWhisperEngine(tmp_path / "nowhere").unavailable_reason()
    assert "no model.bin" in FasterWhisperEngine(tmp_path).unavailable_reason()
    (tmp_path / "model.bin").write_bytes(b"weights")
    if "faster_whisper" not in sys.modules:
        assert "faster-whisper package is not installed" in FasterWhisperEngine(tmp_path).unavailable_reason()
    with pytest.raises(EngineUnavailable):
        FasterWhisperEngine(None).transcribe(RECORDING)


def _settings(**values):
    return types.SimpleNamespace(**values)


def test_best_engine_falls_back_to_pocketsphinx_and_logs_why(tmp_path, caplog):
    assert isinstance(best_engine(_settings()), PocketSphinxEngine)
    assert isinstance(best_engine(_settings(STORIES_WHISPER_MODEL_PATH=str(tmp_path))), PocketSphinxEngine)
    assert "no model.bin" in caplog.text
    status = dict(engine_status(_settings()))
    assert status["pocketsphinx"] is None and "is empty" in status["faster-whisper"]


def test_best_engine_raises_when_nothing_can_run(monkeypatch):
    monkeypatch.setattr(PocketSphinxEngine, "unavailable_reason", lambda self: "No pocketsphinx here.")
    with pytest.raises(EngineUnavailable, match="No pocketsphinx here"):
        best_engine(_settings())


def test_whisper_with_a_model_folder_is_chosen_and_its_segments_become_turns(tmp_path, monkeypatch):
    """A stand-in faster_whisper module (the real one is not installed here) checks what we pass it."""
    (tmp_path / "model.bin").write_bytes(b"weights")
    calls = {}

    class WhisperModel:
        def __init__(self, path, device, compute_type, local_files_only):
            calls.update(path=path, local_files_only=local_files_only)

        def transcribe(self, wav, language=None, vad_filter=False):
            import wave

            with wave.open(wav) as opened:
                calls["rate"], calls["channels"] = opened.getframerate(), opened.getnchannels()
            segment = types.SimpleNamespace
            return iter([segment(start=0.2, end=2.51, text=" The care team meets."),
                         segment(start=2.6, end=5.0, text="  ")]), types.SimpleNamespace(language="en")

    monkeypatch.setitem(sys.modules, "faster_whisper", types.SimpleNamespace(WhisperModel=WhisperModel))
    monkeypatch.setattr(engines.importlib.util, "find_spec", lambda name: object())
    engine = best_engine(_settings(STORIES_WHISPER_MODEL_PATH=str(tmp_path)))
    assert isinstance(engine, FasterWhisperEngine)
    transcript = engine.transcribe(RECORDING)
    assert calls == {"path": str(tmp_path), "local_files_only": True, "rate": 16000, "channels": 1}
    assert [(t.start, t.end, t.text) for t in transcript.turns] == [(0.2, 2.51, "The care team meets.")]
    assert transcript.needs_review and transcript.engine.name == "faster-whisper"
    assert transcript.engine.model == tmp_path.name and transcript.language == "en"
