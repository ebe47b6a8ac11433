"""``make bench-stories`` (``python -m bench.stories_stt``): speech-to-text speed on this machine.

Takes the short test recording (``caringcity/stories/tests/data/short_recording.wav``, 5.3 s of
espeak-ng speech), repeats it with a second of silence between copies to about ``--seconds`` (30 by
default), and for every engine that can run here measures the real-time factor: processing seconds
divided by audio seconds (below 1 is faster than real time). Each engine runs ``--runs`` times; the
best and median are printed, with the share of the recording's words it got right. Engines that
cannot run say why. Results go to ``bench/results/stories-stt-<time>.json`` and
``stories-stt-latest.txt``. No database or network is needed.
"""

import argparse
import datetime
import json
import os
import platform
import statistics
import sys
import tempfile
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
RECORDING = ROOT / "caringcity" / "stories" / "tests" / "data" / "short_recording.wav"
WORDS = "the care team meets every morning thank you for coming to the meeting today".split()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--whisper-model", default=os.environ.get("STORIES_WHISPER_MODEL_PATH", ""),
                        help="a faster-whisper model folder (default: $STORIES_WHISPER_MODEL_PATH)")
    args = parser.parse_args(argv)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from caringcity.stories.transcripts import audio
    from caringcity.stories.transcripts.engines import engines

    one = audio.load_pcm(RECORDING)
    silence = b"\x00" * (audio.RATE * 2)
    copies = max(1, round(args.seconds / (one.seconds + 1)))
    pcm = audio.Pcm((one.data + silence) * copies)
    lines = [f"Stories speech to text: {pcm.seconds:.1f} s of audio ({copies} copies of the test recording), "
             f"{args.runs} runs, {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
             f"Python {platform.python_version()}"]
    results = []
    with tempfile.TemporaryDirectory() as folder:
        wav = Path(folder) / "bench.wav"
        audio.write_wav(wav, pcm)
        for engine in engines(types.SimpleNamespace(STORIES_WHISPER_MODEL_PATH=args.whisper_model)):
            reason = engine.unavailable_reason()
            if reason:
                lines.append(f"  {engine.name:15} not run: {reason}")
                results.append({"engine": engine.name, "unavailable": reason})
                continue
            walls, cpus, transcript = [], [], None
            for _ in range(args.runs):
                wall, cpu = time.perf_counter(), time.process_time()
                transcript = engine.transcribe(wav)
                walls.append(time.perf_counter() - wall)
                cpus.append(time.process_time() - cpu)
            heard = " ".join(t.text for t in transcript.turns).lower().split()
            right = sum(min(heard.count(w), WORDS.count(w) * copies) for w in set(WORDS)) / (len(WORDS) * copies)
            info = engine.info()
            best, median = min(walls) / pcm.seconds, statistics.median(walls) / pcm.seconds
            lines.append(f"  {engine.name:15} {info.model} {info.version}: real-time factor {best:.3f} best, "
                         f"{median:.3f} median, {min(cpus) / pcm.seconds:.3f} in CPU time "
                         f"(wall {min(walls):.2f} s, CPU {min(cpus):.2f} s); "
                         f"{right:.0%} of the words right, {len(transcript.turns)} turns")
            results.append({"engine": engine.name, "model": info.model, "version": info.version,
                            "audio_seconds": pcm.seconds, "wall_seconds": walls, "cpu_seconds": cpus,
                            "rtf_best": best, "rtf_median": median, "rtf_cpu": min(cpus) / pcm.seconds, "words_right": right})
    text = "\n".join(lines)
    print(text)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"stories-stt-{stamp}.json").write_text(json.dumps(results, indent=2))
    (RESULTS / "stories-stt-latest.txt").write_text(text + "\n")


if __name__ == "__main__":
    main()
