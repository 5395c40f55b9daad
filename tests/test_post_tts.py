"""Narration: eSpeak NG speaks Mandarin and English into complete, audible WAV files."""

from __future__ import annotations

import sys
import threading
import wave
from pathlib import Path

import numpy as np
import pytest

from studio.errors import InvalidInput, StudioError
from studio.post import tts
from studio.post.tts import EspeakVoice, Voice, language_of, narration_seconds

ZH_SHORT = "你好。"
ZH_LONG = "清晨的阳光照进实验室，研究员打开电脑，开始新一天的实验。窗外下起了小雨。"
EN_SHORT = "Hello."
EN_LONG = "In the morning light, the researcher opens the laptop and starts a new day of experiments in the lab."


def read_wav(path: Path) -> tuple[np.ndarray, int]:
    with wave.open(str(path), "rb") as wav:
        assert wav.getsampwidth() == 2
        samples = np.frombuffer(wav.readframes(wav.getnframes()), dtype=np.int16)
        return samples.astype(np.float64) / 32768.0, wav.getframerate()


def rms(samples: np.ndarray) -> float:
    return float(np.sqrt(np.mean(samples**2)))


@pytest.fixture(scope="module")
def voice() -> EspeakVoice:
    return EspeakVoice()


def test_espeak_voice_is_a_voice(voice):
    assert isinstance(voice, Voice)
    assert voice.name == "espeak-ng"


@pytest.mark.parametrize(("short", "long", "language"), [(ZH_SHORT, ZH_LONG, "zh"), (EN_SHORT, EN_LONG, "en")])
def test_narration_is_audible_and_grows_with_text(voice, tmp_path, short, long, language):
    short_seconds = voice.synthesize(short, language, tmp_path / "short.wav")
    long_seconds = voice.synthesize(long, language, tmp_path / "long.wav")
    samples, rate = read_wav(tmp_path / "long.wav")
    assert rate > 8000
    assert len(samples) / rate == pytest.approx(long_seconds, abs=0.01)
    assert 0.3 < short_seconds < long_seconds < 30
    assert long_seconds > 2 * short_seconds
    assert rms(samples) > 0.02, "narration should not be silence"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["long.wav", "short.wav"]  # no partial files left


def test_mandarin_uses_the_mandarin_voice(voice, tmp_path):
    # The same characters read by the English voice are spelled out as "Chinese letter ..." and take far longer.
    zh = voice.synthesize(ZH_LONG, "zh", tmp_path / "zh.wav")
    en = voice.synthesize(ZH_LONG, "en", tmp_path / "en.wav")
    assert zh < en


def test_language_of():
    assert language_of(ZH_LONG) == "zh"
    assert language_of("The 猫 sat.") == "zh"
    assert language_of(EN_LONG) == "en"
    assert language_of("") == "en"


@pytest.mark.parametrize("text", ["", "   \n\t "])
def test_empty_text_is_refused_clearly(voice, tmp_path, text):
    with pytest.raises(InvalidInput, match="no narration text"):
        voice.synthesize(text, "en", tmp_path / "out.wav")
    assert not list(tmp_path.iterdir())


def test_overlong_text_and_unknown_language_are_refused(voice, tmp_path):
    with pytest.raises(InvalidInput, match="too long"):
        voice.synthesize("a" * (tts.MAX_NARRATION_CHARS + 1), "en", tmp_path / "out.wav")
    with pytest.raises(InvalidInput, match="not supported"):
        voice.synthesize("Bonjour", "klingon", tmp_path / "out.wav")
    with pytest.raises(InvalidInput, match="rate"):
        EspeakVoice(rate=5)


def test_failed_write_leaves_no_file_and_keeps_the_old_one(voice, tmp_path, monkeypatch):
    out = tmp_path / "narration.wav"
    out.write_bytes(b"the previous narration")

    def full_disk(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("studio.files.os.replace", full_disk)  # the rename atomic_output makes
    with pytest.raises(OSError, match="No space"):
        voice.synthesize(EN_LONG, "en", out)
    assert out.read_bytes() == b"the previous narration"
    assert [p.name for p in tmp_path.iterdir()] == ["narration.wav"]


def test_two_threads_narrate_at_once(voice, tmp_path):
    results: dict[str, float] = {}
    errors: list[BaseException] = []

    def speak(key: str, text: str, language: str) -> None:
        try:
            for i in range(3):
                results[f"{key}{i}"] = voice.synthesize(text, language, tmp_path / f"{key}{i}.wav")
        except BaseException as exc:
            errors.append(exc)

    threads = [
        threading.Thread(target=speak, args=("zh", ZH_LONG, "zh")),
        threading.Thread(target=speak, args=("en", EN_LONG, "en")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors
    assert len(results) == 6
    # Each thread got its own speech, not a mix of both: repeated calls agree (eSpeak varies by ~10 ms).
    for key in ("zh", "en"):
        assert results[f"{key}1"] == pytest.approx(results[f"{key}0"], abs=0.05)
        assert results[f"{key}2"] == pytest.approx(results[f"{key}0"], abs=0.05)
    assert abs(results["zh0"] - results["en0"]) > 0.5
    for i in range(3):
        assert rms(read_wav(tmp_path / f"zh{i}.wav")[0]) > 0.02


def test_narration_seconds_measures_and_caches(voice):
    short = narration_seconds(EN_SHORT, "en")
    long = narration_seconds(EN_LONG)
    assert 0.3 < short < long
    assert narration_seconds(EN_LONG) == long
    assert narration_seconds(ZH_LONG) > 2


FAKE_ESPEAK = """#!{python}
import math, struct, sys, wave
args = sys.argv[1:]
out = args[args.index("-w") + 1]
text = sys.stdin.buffer.read().decode("utf-8")
assert args[args.index("-v") + 1] in ("cmn", "en-us"), args
n = 22050 * len(text) // 10
with wave.open(out, "wb") as w:
    w.setnchannels(1); w.setsampwidth(2); w.setframerate(22050)
    w.writeframes(b"".join(struct.pack("<h", int(8000 * math.sin(i / 10))) for i in range(n)))
"""


@pytest.fixture
def no_library(monkeypatch):
    monkeypatch.setattr(tts, "_espeak_library", lambda: None)
    monkeypatch.setattr(tts, "_library_error", "OSError: simulated")


def test_falls_back_to_a_system_program(tmp_path, no_library, monkeypatch):
    fake = tmp_path / "bin" / "espeak-ng"
    fake.parent.mkdir()
    fake.write_text(FAKE_ESPEAK.format(python=sys.executable))
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(fake.parent))
    seconds = EspeakVoice().synthesize("Hello, world.", "en", tmp_path / "out" / "n.wav")
    assert seconds == pytest.approx(1.3, abs=0.01)
    assert (tmp_path / "out" / "n.wav").is_file()
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["n.wav"]


def test_no_espeak_anywhere_is_a_clear_error(tmp_path, no_library, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(StudioError, match="pip install espeakng-loader"):
        EspeakVoice().synthesize("Hello.", "en", tmp_path / "n.wav")
    assert not (tmp_path / "n.wav").exists()
