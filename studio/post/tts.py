"""Narration: text to speech, offline, into a WAV file.

`Voice` is the protocol a narrator implements, so a better local voice model can be
plugged in later without touching the assembler. `EspeakVoice` is the embedded
default: eSpeak NG, a formant synthesizer that speaks Mandarin and English with no
weights to download. It is robotic but intelligible, and it runs at hundreds of times
real time on a CPU.

Where eSpeak NG comes from, in order:
1. the `espeakng-loader` PyPI package, which ships `libespeak-ng.so` and its voice data;
   we drive the library through ctypes (synchronous mode, samples collected by a
   callback), so no system package is needed;
2. a system `espeak-ng` (or `espeak`) program on PATH, if the library cannot be loaded
   or fails;
3. otherwise a StudioError says how to install one.

eSpeak keeps global state (one current voice, one callback), so every call into the
library holds `_LIBRARY_LOCK`; concurrent narrations simply take turns.

Every WAV appears at its final path only when complete (studio.files.atomic_output): samples
are written to a hidden `*.partial.wav` beside it and renamed at the end.
"""

from __future__ import annotations

import ctypes
import functools
import re
import shutil
import subprocess
import tempfile
import threading
import wave
from pathlib import Path
from typing import Protocol, runtime_checkable

from studio.errors import InvalidInput, StudioError
from studio.files import atomic_output

MAX_NARRATION_CHARS = 2000
"""A scene's narration is a few sentences; anything longer is a mistake, not a script."""

DEFAULT_RATE = 165
"""eSpeak speaking rate in words per minute (its own default is 175)."""

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")

# Our language code -> eSpeak NG voice name ("zh" is not a voice name in eSpeak NG; "cmn" is).
_VOICES = {
    "zh": "cmn",
    "cmn": "cmn",
    "zh-cn": "cmn",
    "en": "en-us",
    "en-us": "en-us",
    "en-gb": "en",
}

# speak_lib.h
_AUDIO_OUTPUT_SYNCHRONOUS = 2
_INITIALIZE_DONT_EXIT = 0x8000
_POS_CHARACTER = 1
_CHARS_UTF8 = 1
_PARAM_RATE = 1
_EE_OK = 0
_SYNTH_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p)

_LIBRARY_LOCK = threading.Lock()


def language_of(text: str) -> str:
    """Return "zh" when the text contains Chinese characters, else "en"."""
    return "zh" if _CJK.search(text or "") else "en"


def _clean_text(text: str) -> str:
    if not isinstance(text, str) or not text.strip():
        raise InvalidInput("There is no narration text to speak.")
    text = text.strip()
    if len(text) > MAX_NARRATION_CHARS:
        raise InvalidInput(
            f"Narration is too long ({len(text)} characters); keep one scene's narration under "
            f"{MAX_NARRATION_CHARS} characters."
        )
    # Control characters mean nothing to a speaker and some confuse eSpeak's SSML-ish parser.
    return "".join(ch if ch.isprintable() or ch in "\n\t" else " " for ch in text)


def _voice_name(language: str | None, text: str) -> str:
    lang = (language or "auto").strip().lower().replace("_", "-")
    if lang == "auto":
        lang = language_of(text)
    if lang not in _VOICES:
        raise InvalidInput(f"Narration language {language!r} is not supported; use 'zh' (Mandarin) or 'en'.")
    return _VOICES[lang]


@runtime_checkable
class Voice(Protocol):
    """A narrator: speaks text into a WAV file.

    `synthesize` writes `out_wav` atomically (complete or absent, never half-written)
    and returns the clip's duration in seconds. It raises InvalidInput for text it
    cannot speak and StudioError when the voice itself is unavailable. It must be
    safe to call from several threads.
    """

    name: str

    def synthesize(self, text: str, language: str, out_wav: Path) -> float: ...


def write_wav_atomic(out_wav: Path, pcm: bytes, sample_rate: int, channels: int = 1) -> float:
    """Write 16-bit PCM samples to `out_wav` via a hidden partial file; return the duration in seconds."""
    with atomic_output(out_wav, hidden=True) as partial, wave.open(str(partial), "wb") as wav:
        wav.setnchannels(channels)
        wav.setsampwidth(2)
        wav.setframerate(sample_rate)
        wav.writeframes(pcm)
    return len(pcm) / (2 * channels * sample_rate)


def wav_seconds(path: Path) -> float:
    with wave.open(str(path), "rb") as wav:
        return wav.getnframes() / wav.getframerate()


class _EspeakLibrary:
    """The loaded libespeak-ng, initialised once per process. Use only under `_LIBRARY_LOCK`."""

    def __init__(self) -> None:
        import espeakng_loader  # the PyPI package that ships the library and its data

        lib = ctypes.CDLL(espeakng_loader.get_library_path())
        lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
        lib.espeak_Initialize.restype = ctypes.c_int
        lib.espeak_SetSynthCallback.argtypes = [_SYNTH_CALLBACK]
        lib.espeak_SetSynthCallback.restype = None
        lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        lib.espeak_SetVoiceByName.restype = ctypes.c_int
        lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        lib.espeak_SetParameter.restype = ctypes.c_int
        lib.espeak_Synth.argtypes = [
            ctypes.c_void_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int,
            ctypes.c_uint, ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p,
        ]  # fmt: skip
        lib.espeak_Synth.restype = ctypes.c_int
        lib.espeak_Synchronize.restype = ctypes.c_int
        data = espeakng_loader.get_data_path().encode()
        # DONT_EXIT: without it the library calls exit() on a bad data path, taking the studio with it.
        rate = lib.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, 0, data, _INITIALIZE_DONT_EXIT)
        if rate <= 0:
            raise StudioError(f"eSpeak NG could not start (data at {data.decode()!r}).")
        self.lib = lib
        self.sample_rate = rate
        self._chunks: list[bytes] = []
        self._callback = _SYNTH_CALLBACK(self._collect)  # kept referenced: the C side holds a pointer to it
        lib.espeak_SetSynthCallback(self._callback)

    def _collect(self, wav, count, _events) -> int:  # called by C during espeak_Synth, same thread
        if wav and count > 0:
            self._chunks.append(ctypes.string_at(wav, count * 2))
        return 0  # 0 = go on

    def synth(self, text: str, voice: str, rate: int) -> bytes:
        if self.lib.espeak_SetVoiceByName(voice.encode()) != _EE_OK:
            raise StudioError(f"eSpeak NG has no voice {voice!r}; its voice data may be incomplete.")
        self.lib.espeak_SetParameter(_PARAM_RATE, rate, 0)
        data = text.encode("utf-8") + b"\0"
        self._chunks = []
        try:
            code = self.lib.espeak_Synth(data, len(data), 0, _POS_CHARACTER, 0, _CHARS_UTF8, None, None)
            self.lib.espeak_Synchronize()
            if code != _EE_OK:
                raise StudioError(f"eSpeak NG could not speak the narration (error {code}).")
            return b"".join(self._chunks)
        finally:
            self._chunks = []


_library: _EspeakLibrary | None = None
_library_error: str | None = None


def _espeak_library() -> _EspeakLibrary | None:
    """The shared library, loaded on first use; None (with the reason kept) if it cannot be had. Hold the lock."""
    global _library, _library_error
    if _library is None and _library_error is None:
        try:
            _library = _EspeakLibrary()
        except (ImportError, OSError, AttributeError, RuntimeError, StudioError) as exc:
            _library_error = f"{type(exc).__name__}: {exc}"
    return _library


class EspeakVoice:
    """eSpeak NG, in-process through `espeakng-loader`, else the system `espeak-ng` program."""

    name = "espeak-ng"

    def __init__(self, rate: int = DEFAULT_RATE, *, program: str | None = None, use_library: bool = True) -> None:
        if not 80 <= int(rate) <= 450:
            raise InvalidInput(f"Speaking rate must be between 80 and 450 words per minute (got {rate}).")
        self.rate = int(rate)
        self._program = program
        self._use_library = use_library

    def synthesize(self, text: str, language: str, out_wav: Path) -> float:
        text = _clean_text(text)
        voice = _voice_name(language, text)
        out_wav = Path(out_wav)
        problems: list[str] = []
        if self._use_library:
            with _LIBRARY_LOCK:
                lib = _espeak_library()
                if lib is None:
                    problems.append(f"the espeakng-loader library ({_library_error})")
                else:
                    try:
                        pcm = lib.synth(text, voice, self.rate)
                        sample_rate = lib.sample_rate
                    except StudioError as exc:
                        problems.append(f"the espeakng-loader library ({exc})")
                    else:
                        if pcm:
                            return write_wav_atomic(out_wav, pcm, sample_rate)
                        problems.append("the espeakng-loader library (it produced no sound)")
        program = self._find_program()
        if program is None:
            problems.append("a system espeak-ng program (none on PATH)")
            raise StudioError(
                "Narration needs eSpeak NG and none works here. Install it with "
                "`pip install espeakng-loader` (listed in requirements.txt) or the system package "
                f"`espeak-ng`. Tried: {'; '.join(problems)}."
            )
        return self._synthesize_with_program(program, text, voice, out_wav)

    def _find_program(self) -> str | None:
        if self._program:
            return shutil.which(self._program)
        return shutil.which("espeak-ng") or shutil.which("espeak")

    def _synthesize_with_program(self, program: str, text: str, voice: str, out_wav: Path) -> float:
        with atomic_output(out_wav, hidden=True) as partial:
            # Text goes on stdin (-b 1: UTF-8), so nothing in it can be read as an option.
            cmd = [program, "-v", voice, "-s", str(self.rate), "-b", "1", "-w", str(partial), "--stdin"]
            try:
                done = subprocess.run(cmd, input=text.encode("utf-8"), capture_output=True, timeout=120, check=False)
            except (OSError, subprocess.TimeoutExpired) as exc:
                raise StudioError(f"The espeak-ng program could not speak the narration: {exc}") from exc
            if done.returncode != 0 or not partial.is_file():
                tail = done.stderr.decode("utf-8", "replace")[-500:].strip()
                raise StudioError(f"The espeak-ng program failed (exit {done.returncode}): {tail or 'no output'}")
            try:
                seconds = wav_seconds(partial)
            except (wave.Error, EOFError) as exc:
                raise StudioError(f"The espeak-ng program wrote an unreadable WAV: {exc}") from exc
            if seconds <= 0:
                raise StudioError("The espeak-ng program produced no sound.")
        return seconds


@functools.lru_cache(maxsize=512)
def _cached_seconds(voice: Voice, text: str, language: str) -> float:
    with tempfile.TemporaryDirectory(prefix="studio-tts-") as tmp:
        return voice.synthesize(text, language, Path(tmp) / "narration.wav")


_default_voice = EspeakVoice()


def narration_seconds(text: str, language: str | None = None, voice: Voice | None = None) -> float:
    """How long `text` takes to speak, so a scene's duration can follow its narration.

    Synthesizes to a temporary file and measures it; results are cached per (voice, text, language).
    """
    text = _clean_text(text)
    lang = language or language_of(text)
    voice = voice or _default_voice
    try:
        hash(voice)
    except TypeError:  # an unhashable custom voice is simply not cached
        with tempfile.TemporaryDirectory(prefix="studio-tts-") as tmp:
            return voice.synthesize(text, lang, Path(tmp) / "narration.wav")
    return _cached_seconds(voice, text, lang)
