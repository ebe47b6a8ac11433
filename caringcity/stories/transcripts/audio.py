"""Recordings: what kind of file it really is (by its first bytes, not its name), how big it may be,
and turning it into what speech engines want: 16 kHz, mono, 16-bit signed little-endian PCM.

WAV is converted here with the standard library (``wave`` plus a small linear resampler; ``audioop``
is deprecated and numpy is not a dependency). Anything else (MP3, M4A, Ogg, FLAC, WebM) goes through
an ``ffmpeg`` program when one is on the PATH; when none is, we say so plainly.
"""

from __future__ import annotations

import array
import shutil
import subprocess
import sys
import wave
from dataclasses import dataclass
from pathlib import Path

from .model import TranscriptError

RATE = 16_000
MAX_AUDIO_BYTES = 1024 * 1024 * 1024  # 1 GB: two hours of CD-quality WAV
MAX_SECONDS = 4 * 3600
FFMPEG_TIMEOUT = 30 * 60

KINDS = {
    "wav": ("WAV", ("audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave")),
    "mp3": ("MP3", ("audio/mpeg", "audio/mp3")),
    "m4a": ("M4A/MP4", ("audio/mp4", "audio/x-m4a", "audio/m4a", "audio/aac", "video/mp4")),
    "ogg": ("Ogg", ("audio/ogg", "audio/opus", "application/ogg", "audio/vorbis")),
    "flac": ("FLAC", ("audio/flac", "audio/x-flac")),
    "webm": ("WebM", ("audio/webm", "video/webm", "video/x-matroska")),
}


class AudioError(TranscriptError):
    """A recording we cannot use, said plainly."""


def sniff(head: bytes) -> str | None:
    """The kind of recording from its first bytes (12 are enough), or None."""
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "wav"
    if head[:3] == b"ID3" or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0 and head[1] & 0x06):
        return "mp3"
    if head[4:8] == b"ftyp":
        return "m4a"
    if head[:4] == b"OggS":
        return "ogg"
    if head[:4] == b"fLaC":
        return "flac"
    if head[:4] == b"\x1aE\xdf\xa3":
        return "webm"
    return None


def check_audio(head: bytes, size: int, content_type: str = "", max_bytes: int = MAX_AUDIO_BYTES) -> str:
    """Check an upload before it is stored: its size, and that its bytes are a recording. The
    browser's content type must not contradict them (``application/octet-stream`` says nothing).
    The file name is not trusted. Returns the kind ("wav", "mp3", ...)."""
    if size <= 0:
        raise AudioError("This recording is empty.")
    if size > max_bytes:
        raise AudioError(f"This recording is {size / 1_048_576:.0f} MB; the largest we accept is "
                         f"{max_bytes / 1_048_576:.0f} MB.")
    kind = sniff(head)
    if kind is None:
        raise AudioError("This file is not a recording we recognise. We accept WAV, MP3, M4A, Ogg, FLAC and WebM.")
    content_type = (content_type or "").split(";")[0].strip().lower()
    if content_type and content_type != "application/octet-stream":
        if not content_type.startswith(("audio/", "video/", "application/ogg")):
            raise AudioError(f"The browser sent this file as “{content_type}”, which is not a recording.")
    return kind


@dataclass
class Pcm:
    """16 kHz mono 16-bit little-endian samples."""

    data: bytes

    @property
    def seconds(self) -> float:
        return len(self.data) / 2 / RATE


def load_pcm(path: str | Path, max_bytes: int = MAX_AUDIO_BYTES) -> Pcm:
    """Read a recording from disk as 16 kHz mono 16-bit PCM."""
    path = Path(path)
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(12)
    except OSError as error:
        raise AudioError(f"The recording could not be opened ({error.strerror}).") from None
    kind = check_audio(head, size, max_bytes=max_bytes)
    if kind == "wav":
        try:
            return _wav_to_pcm(path)
        except (wave.Error, EOFError) as error:
            if ffmpeg_path():
                return _ffmpeg_to_pcm(path, "WAV")
            raise AudioError(f"This WAV file is in a form we cannot read here ({error}); save it as 16-bit PCM WAV, "
                             "or ask the operator to install ffmpeg.") from None
    return _ffmpeg_to_pcm(path, KINDS[kind][0])


def ffmpeg_path() -> str | None:
    return shutil.which("ffmpeg")


def _ffmpeg_to_pcm(path: Path, label: str) -> Pcm:
    ffmpeg = ffmpeg_path()
    if not ffmpeg:
        raise AudioError(f"This recording is {label}. Converting it needs the ffmpeg program, which is not "
                         "installed on this server: upload a WAV file instead, or ask the operator to install ffmpeg.")
    command = [ffmpeg, "-nostdin", "-hide_banner", "-loglevel", "error", "-i", str(path), "-vn", "-ac", "1",
               "-ar", str(RATE), "-t", str(MAX_SECONDS), "-f", "s16le", "-acodec", "pcm_s16le", "pipe:1"]
    try:
        done = subprocess.run(command, capture_output=True, timeout=FFMPEG_TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        raise AudioError(f"Converting this {label} recording took too long.") from None
    if done.returncode != 0 or not done.stdout:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no sound found"]
        raise AudioError(f"This {label} recording could not be converted: {detail[0]}")
    return Pcm(done.stdout)


def _wav_to_pcm(path: Path) -> Pcm:
    """PCM WAV (8, 16, 24 or 32-bit integer, any channels, any rate) to 16 kHz mono 16-bit."""
    with wave.open(str(path), "rb") as wav:
        channels, width, rate = wav.getnchannels(), wav.getsampwidth(), wav.getframerate()
        if width not in (1, 2, 3, 4) or channels < 1 or rate < 1000:
            raise wave.Error(f"{width * 8}-bit, {channels} channels at {rate} Hz")
        if wav.getnframes() / rate > MAX_SECONDS:
            raise AudioError(f"This recording is longer than {MAX_SECONDS // 3600} hours; split it into parts.")
        resampler = Resampler(rate, RATE)
        out = array.array("h")
        while True:
            chunk = wav.readframes(rate * 10)
            if not chunk:
                break
            out.extend(resampler.push(_mono(_samples(chunk, width), channels)))
        out.extend(resampler.flush())
    if sys.byteorder == "big":
        out.byteswap()
    return Pcm(out.tobytes())


def _samples(chunk: bytes, width: int) -> list[int]:
    """Little-endian WAV samples as 16-bit range integers."""
    if width == 2:
        values = array.array("h")
        values.frombytes(chunk[: len(chunk) // 2 * 2])
        if sys.byteorder == "big":
            values.byteswap()
        return values.tolist()
    if width == 1:  # 8-bit WAV is unsigned
        return [(b - 128) << 8 for b in chunk]
    if width == 3:
        view = memoryview(chunk)
        return [int.from_bytes(view[i:i + 3], "little", signed=True) >> 8 for i in range(0, len(chunk) - 2, 3)]
    values = array.array("i")
    values.frombytes(chunk[: len(chunk) // 4 * 4])
    if sys.byteorder == "big":
        values.byteswap()
    return [v >> 16 for v in values]


def _mono(samples: list[int], channels: int) -> list[int]:
    if channels == 1:
        return samples
    frames = len(samples) // channels
    total = [0] * frames
    for channel in range(channels):
        for i, value in enumerate(samples[channel: frames * channels: channels]):
            total[i] += value
    return [value // channels for value in total]


class Resampler:
    """Streaming linear-interpolation resampler for 16-bit mono samples.

    Output sample k sits at source position k * source_rate / target_rate and is drawn as the straight
    line between its two neighbours. Going down in rate it does not filter first, so sound above the
    new Nyquist frequency (8 kHz at 16 kHz) folds back a little; speech lives mostly below that and
    speech engines cope. Positions are computed from whole numbers, so hours of audio do not drift.
    """

    def __init__(self, source_rate: int, target_rate: int):
        self.source, self.target = source_rate, target_rate
        self.buffer: list[int] = []
        self.offset = 0  # source index of buffer[0]
        self.produced = 0  # output samples so far

    def _position(self, k: int) -> tuple[int, int]:
        """Output sample k's source position as (whole index, remainder over target_rate)."""
        return divmod(k * self.source, self.target)

    def push(self, samples: list[int]) -> list[int]:
        if self.source == self.target:
            return samples
        self.buffer.extend(samples)
        out = []
        end = self.offset + len(self.buffer) - 1  # the last index we may use as a right neighbour
        buffer, offset, target = self.buffer, self.offset, self.target
        k = self.produced
        while True:
            index, remainder = divmod(k * self.source, target)
            if index + 1 > end:
                break
            left = buffer[index - offset]
            value = left + (buffer[index - offset + 1] - left) * remainder // target
            out.append(value)
            k += 1
        self.produced = k
        keep = divmod(k * self.source, target)[0] - offset
        if keep > 0:
            del self.buffer[:keep]
            self.offset += keep
        return out

    def flush(self) -> list[int]:
        if self.source == self.target or not self.buffer:
            return []
        out = []
        last = self.offset + len(self.buffer) - 1
        while True:
            index = self._position(self.produced)[0]
            if index > last:
                break
            out.append(self.buffer[index - self.offset])
            self.produced += 1
        self.buffer = []
        return out


def write_wav(path: str | Path, pcm: Pcm) -> None:
    """Write 16 kHz mono 16-bit PCM as a WAV file (for engines that want a file)."""
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(RATE)
        wav.writeframes(pcm.data)
