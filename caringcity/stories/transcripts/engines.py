"""Speech to text on this machine. Nothing here uses the network or downloads anything.

- ``PocketSphinxEngine``: CMU PocketSphinx with the US English model that ships inside its PyPI
  package, so it works out of the box. Fast and modest in accuracy.
- ``FasterWhisperEngine``: faster-whisper with a model folder the operator has placed on disk and named
  in the setting ``STORIES_WHISPER_MODEL_PATH`` (a CTranslate2 model folder holding ``model.bin``).
  Used only when that is set, the folder is there and the ``faster-whisper`` package is installed.

Every engine has ``unavailable_reason()`` (None when it can run; otherwise a sentence for the
operator) and ``transcribe(path) -> Transcript``. A machine transcript records the engine, model and
version and always starts with ``needs_review=True``. ``best_engine(settings)`` chooses.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import logging
import os
import tempfile
from pathlib import Path

from . import audio
from .model import EngineInfo, Transcript, TranscriptError, Turn

logger = logging.getLogger(__name__)

WHISPER_SETTING = "STORIES_WHISPER_MODEL_PATH"


class EngineUnavailable(TranscriptError):
    """The engine cannot run on this server; the message says why, for the operator."""


class Engine:
    name = ""

    def unavailable_reason(self) -> str | None:
        raise NotImplementedError

    @property
    def available(self) -> bool:
        return self.unavailable_reason() is None

    def info(self) -> EngineInfo:
        raise NotImplementedError

    def transcribe(self, path: str | Path) -> Transcript:
        raise NotImplementedError

    def _require(self) -> None:
        reason = self.unavailable_reason()
        if reason:
            raise EngineUnavailable(reason)


def _version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return ""


class PocketSphinxEngine(Engine):
    """PocketSphinx 5 with its bundled en-us acoustic model, language model and dictionary.

    The recording is cut into utterances at pauses with PocketSphinx's own voice-activity endpointer;
    each utterance becomes one turn with its times. It cannot tell speakers apart: every turn has
    speaker "" until a person names them in the editor.
    """

    name = "pocketsphinx"
    model = "en-us"
    language = "en"
    longest_utterance = 30.0  # seconds; a long stretch without a pause is cut here

    def unavailable_reason(self) -> str | None:
        if importlib.util.find_spec("pocketsphinx") is None:
            return "The pocketsphinx package is not installed."
        from pocketsphinx import get_model_path

        if not Path(get_model_path(self.model), "en-us").is_dir():
            return f"The pocketsphinx package has no {self.model} model inside it."
        return None

    def info(self) -> EngineInfo:
        return EngineInfo(self.name, f"{self.model} (bundled with pocketsphinx)", _version("pocketsphinx"))

    def _decoder(self):
        from pocketsphinx import Decoder, get_model_path

        base = Path(get_model_path(self.model))
        return Decoder(hmm=str(base / "en-us"), lm=str(base / "en-us.lm.bin"), dict=str(base / "cmudict-en-us.dict"),
                       samprate=audio.RATE, logfn=os.devnull)

    def transcribe(self, path: str | Path) -> Transcript:
        self._require()
        pcm = audio.load_pcm(path)
        return self.transcribe_pcm(pcm)

    def transcribe_pcm(self, pcm: audio.Pcm) -> Transcript:
        from pocketsphinx import Endpointer

        decoder = self._decoder()
        endpointer = Endpointer(sample_rate=audio.RATE)
        size = endpointer.frame_bytes
        turns: list[Turn] = []
        utterance = bytearray()
        longest = int(self.longest_utterance * audio.RATE) * 2
        began = [0.0]

        def finish():
            # Decoding each utterance whole lets PocketSphinx normalise it on its own (batch CMN),
            # which recognises noticeably more than feeding it frame by frame.
            decoder.start_utt()
            decoder.process_raw(bytes(utterance), full_utt=True)
            decoder.end_utt()
            hypothesis = decoder.hyp()
            text = hypothesis.hypstr.strip() if hypothesis else ""
            if text:
                end = began[0] + len(utterance) / 2 / audio.RATE
                turns.append(Turn("", round(began[0], 3), round(end, 3), text))
            began[0] += len(utterance) / 2 / audio.RATE
            utterance.clear()

        data = pcm.data
        for offset in range(0, len(data), size):
            frame = data[offset: offset + size]
            speech = endpointer.end_stream(frame) if len(frame) < size else endpointer.process(frame)
            if speech is not None:
                if not utterance:
                    began[0] = max(began[0], endpointer.speech_start)
                utterance.extend(speech)
                if not endpointer.in_speech or len(utterance) >= longest:
                    finish()
        if utterance:  # the recording stopped mid-sentence
            finish()
        return Transcript(turns, language=self.language, source_format="machine", engine=self.info(),
                          needs_review=True)


class FasterWhisperEngine(Engine):
    """faster-whisper from a model folder on disk; never downloads (``local_files_only``)."""

    name = "faster-whisper"

    def __init__(self, model_path: str | os.PathLike | None, device: str = "cpu", compute_type: str = "int8",
                 language: str | None = None):
        self.model_path = Path(model_path) if model_path else None
        self.device, self.compute_type, self.language = device, compute_type, language

    def unavailable_reason(self) -> str | None:
        if not self.model_path:
            return f"No faster-whisper model folder is set ({WHISPER_SETTING} is empty)."
        if not self.model_path.is_dir():
            return f"The faster-whisper model folder {self.model_path} does not exist."
        if not (self.model_path / "model.bin").is_file():
            return (f"The folder {self.model_path} has no model.bin; it must hold a faster-whisper "
                    "(CTranslate2) model.")
        if importlib.util.find_spec("faster_whisper") is None:
            return "The faster-whisper package is not installed on this server."
        return None

    def info(self) -> EngineInfo:
        return EngineInfo(self.name, self.model_path.name if self.model_path else "", _version("faster-whisper"))

    def transcribe(self, path: str | Path) -> Transcript:
        self._require()
        from faster_whisper import WhisperModel

        pcm = audio.load_pcm(path)  # the same checks and conversion as every engine
        model = WhisperModel(str(self.model_path), device=self.device, compute_type=self.compute_type,
                             local_files_only=True)
        with tempfile.TemporaryDirectory() as folder:
            wav = Path(folder) / "audio.wav"
            audio.write_wav(wav, pcm)
            segments, details = model.transcribe(str(wav), language=self.language, vad_filter=True)
            turns = [Turn("", round(s.start, 3), round(s.end, 3), s.text.strip()) for s in segments if s.text.strip()]
        return Transcript(turns, language=getattr(details, "language", "") or (self.language or ""),
                          source_format="machine", engine=self.info(), needs_review=True)


def engines(settings) -> list[Engine]:
    """Every engine, best first."""
    return [FasterWhisperEngine(getattr(settings, WHISPER_SETTING, "") or None), PocketSphinxEngine()]


def best_engine(settings) -> Engine:
    """faster-whisper when the operator has set up a model for it, else PocketSphinx. When a model
    folder is set but cannot be used, the reason is logged (so the operator sees why) and
    PocketSphinx is used."""
    candidates = engines(settings)
    reasons = []
    for engine in candidates:
        reason = engine.unavailable_reason()
        if reason is None:
            return engine
        reasons.append(reason)
        if isinstance(engine, FasterWhisperEngine) and engine.model_path:
            logger.warning("Stories speech to text: %s Using the next engine.", reason)
    raise EngineUnavailable("No speech-to-text engine can run here: " + " ".join(reasons))


def engine_status(settings) -> list[tuple[str, str | None]]:
    """(engine name, None or the reason it cannot run), for an operator's page."""
    return [(engine.name, engine.unavailable_reason()) for engine in engines(settings)]
