"""Recordings: kind by content, size limits, and conversion to 16 kHz mono 16-bit PCM."""

import array
import math
import wave

import pytest

from caringcity.stories.transcripts import audio
from caringcity.stories.transcripts.audio import AudioError, Resampler, check_audio, load_pcm, sniff


@pytest.mark.parametrize("head, kind", [
    (b"RIFF\x24\x00\x00\x00WAVEfmt ", "wav"),
    (b"ID3\x04\x00\x00\x00\x00\x00\x00\x00\x00", "mp3"),
    (b"\xff\xfb\x90\x64\x00\x00\x00\x00\x00\x00\x00\x00", "mp3"),
    (b"\x00\x00\x00\x20ftypM4A ", "m4a"),
    (b"OggS\x00\x02\x00\x00\x00\x00\x00\x00", "ogg"),
    (b"fLaC\x00\x00\x00\x22\x00\x00\x00\x00", "flac"),
    (b"\x1aE\xdf\xa3\x9fB\x86\x81\x01B\xf7\x81", "webm"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3", None),
    (b"\xff\xf1\x50\x80\x00\x00\x00\x00\x00\x00\x00\x00", None),  # AAC ADTS, not MP3
])
def test_sniff(head, kind):
    assert sniff(head) == kind


def test_check_audio_trusts_bytes_not_names_and_checks_size_and_type():
    assert check_audio(b"OggS" + b"\x00" * 8, 1000, "audio/ogg") == "ogg"
    assert check_audio(b"OggS" + b"\x00" * 8, 1000, "application/octet-stream") == "ogg"
    with pytest.raises(AudioError, match="not a recording we recognise"):
        check_audio(b"%PDF-1.7\n...", 1000, "audio/mpeg")
    with pytest.raises(AudioError, match="text/html"):
        check_audio(b"OggS" + b"\x00" * 8, 1000, "text/html; charset=utf-8")
    with pytest.raises(AudioError, match="largest"):
        check_audio(b"OggS" + b"\x00" * 8, 2_000_000, max_bytes=1_000_000)
    with pytest.raises(AudioError, match="empty"):
        check_audio(b"", 0)


def test_resampler_up_and_down():
    ramp = list(range(0, 8000, 100))  # 80 samples
    up = Resampler(8000, 16000)
    out = up.push(ramp[:30]) + up.push(ramp[30:]) + up.flush()
    assert out[:6] == [0, 50, 100, 150, 200, 250]
    assert len(out) == 160 and out[-3:] == [7850, 7900, 7900]  # as long as the input; the last held
    down = Resampler(48000, 16000)
    assert down.push(list(range(300))) + down.flush() == list(range(0, 300, 3))


def test_resampler_keeps_time_over_many_chunks():
    resampler = Resampler(44100, 16000)
    total = 0
    for _ in range(100):
        total += len(resampler.push([0] * 4410))
    total += len(resampler.flush())
    assert total == 160000  # ten seconds in, ten seconds out


def _wav(tmp_path, rate, channels, width, frames):
    path = tmp_path / f"t{rate}-{channels}-{width}.wav"
    with wave.open(str(path), "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(width)
        out.setframerate(rate)
        out.writeframes(frames)
    return path


def test_stereo_44k_wav_becomes_16k_mono(tmp_path):
    tone = [int(10000 * math.sin(2 * math.pi * 440 * i / 44100)) for i in range(44100)]
    stereo = array.array("h", [v for value in tone for v in (value, value // 2)])
    pcm = load_pcm(_wav(tmp_path, 44100, 2, 2, stereo.tobytes()))
    samples = array.array("h", pcm.data)
    assert abs(pcm.seconds - 1.0) < 0.001
    assert 7000 < max(samples) <= 7500  # (1 + 1/2) / 2 of the 10000 peak
    crossings = sum(1 for a, b in zip(samples, samples[1:]) if a < 0 <= b)
    assert 438 <= crossings <= 441  # still a 440 Hz tone


def test_8_bit_and_24_bit_wav(tmp_path):
    pcm8 = load_pcm(_wav(tmp_path, 16000, 1, 1, bytes([128, 255, 0, 128])))
    assert array.array("h", pcm8.data).tolist() == [0, 127 << 8, -128 << 8, 0]
    frames24 = b"".join(v.to_bytes(3, "little", signed=True) for v in (0, 0x123456, -0x100000))
    pcm24 = load_pcm(_wav(tmp_path, 16000, 1, 3, frames24))
    assert array.array("h", pcm24.data).tolist() == [0, 0x1234, -0x1000]


def test_other_formats_need_ffmpeg_and_say_so(tmp_path, monkeypatch):
    path = tmp_path / "interview.m4a"
    path.write_bytes(b"\x00\x00\x00\x20ftypM4A " + b"\x00" * 100)
    monkeypatch.setattr(audio.shutil, "which", lambda name: None)
    with pytest.raises(AudioError, match="needs the ffmpeg program, which is not installed"):
        load_pcm(path)


def test_a_renamed_text_file_is_not_a_recording(tmp_path):
    path = tmp_path / "interview.wav"
    path.write_text("Gloria: hello")
    with pytest.raises(AudioError, match="not a recording"):
        load_pcm(path)
