"""Background music: check an upload, store it in one known format, and mix it under the narration.

Three levels, for three callers:

* `validate_music` / `store_music`: an uploaded file is refused with a clear message unless
  it really is decodable audio of sane size and length; accepted music is re-encoded once
  to 44.1 kHz stereo AAC (`music-<random>.m4a`), so everything downstream sees one format.
* `music_chain`: the ffmpeg filtergraph fragment (loop or trim to the film's length, volume,
  fades, ducking under the narration) for an assembler that builds one `-filter_complex`.
* `mix_audio`: the whole soundtrack in one ffmpeg run: narration clips placed at their
  scene start times, mixed over the ducked, looping music, exactly `film_seconds` long.
  The result is one audio file the assembler maps as a single input (AAC `.m4a`: stream
  copy into the MP4; or `.wav`).

All files appear at their final path only when complete (studio.files.atomic_output, hidden scratch names).
"""

from __future__ import annotations

import math
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import av

from studio.errors import InvalidInput
from studio.files import atomic_output
from studio.media import run_ffmpeg

MAX_MUSIC_BYTES = 50 * 1024 * 1024
MAX_MUSIC_SECONDS = 1200.0
MIN_MUSIC_SECONDS = 0.1
MAX_FILM_SECONDS = 4 * 3600.0
SAMPLE_RATE = 44100
"""Every soundtrack stream is converted to this rate and to stereo float before mixing."""

_HEAD_SECONDS = 2.0  # decoded from the start of an upload
_TAIL_SECONDS = 3.0  # decoded up to its end
_AUDIO_SUFFIXES = {".m4a": ["-c:a", "aac", "-b:a", "192k", "-movflags", "+faststart", "-f", "mp4"],
                   ".mp4": ["-c:a", "aac", "-b:a", "192k", "-movflags", "+faststart", "-f", "mp4"],
                   ".wav": ["-c:a", "pcm_s16le", "-f", "wav"]}  # fmt: skip

# Ducking: while the narration's level is above THRESHOLD the music is compressed by RATIO.
# A typical voice (~-15 dBFS) then pulls the music down by ~10 dB; it recovers over RELEASE ms.
DUCK_THRESHOLD = 0.03
DUCK_RATIO = 8
DUCK_ATTACK_MS = 20
DUCK_RELEASE_MS = 400


@dataclass(frozen=True)
class MusicInfo:
    duration: float
    sample_rate: int
    channels: int
    codec: str


def _corrupt(name: str, why: str) -> InvalidInput:
    return InvalidInput(f"{name} could not be read as audio ({why}). Is the file complete? Try exporting it again.")


def _too_long(name: str, seconds: float, max_seconds: float) -> InvalidInput:
    return InvalidInput(
        f"The music file {name} is too long ({seconds / 60:.1f} min); the limit is {max_seconds / 60:.1f} min."
    )


def _frame_end(frame: av.AudioFrame) -> float | None:
    if frame.pts is None or frame.time_base is None:
        return None
    return float(frame.pts * frame.time_base) + frame.samples / frame.sample_rate


def validate_music(
    path: Path, *, max_bytes: int = MAX_MUSIC_BYTES, max_seconds: float = MAX_MUSIC_SECONDS
) -> MusicInfo:
    """Describe an uploaded music file, or refuse it (InvalidInput) with a message the user can act on.

    Checks the size, that there is an audio stream, that its first seconds and its last
    seconds actually decode (a truncated upload decodes at the start but ends early), and
    that its duration is sane.
    """
    path = Path(path)
    name = path.name or "The music file"
    _check_size(path, name, max_bytes)
    heard = _decode_ends(path, name, max_seconds)
    declared, end = heard.declared, heard.end
    duration = declared or end
    if declared and end < declared - max(0.5, 0.02 * declared):
        raise _corrupt(name, f"it says it lasts {declared:.1f} s but only {end:.1f} s of it could be decoded")
    if not math.isfinite(duration) or duration < MIN_MUSIC_SECONDS:
        raise InvalidInput(f"The music file {name} is too short ({duration:.2f} s) to use as music.")
    if duration > max_seconds:
        raise _too_long(name, duration, max_seconds)
    if heard.sample_rate <= 0 or heard.channels <= 0:
        raise _corrupt(name, "its sample rate or channel count is missing")
    return MusicInfo(duration=duration, sample_rate=heard.sample_rate, channels=heard.channels, codec=heard.codec)


@dataclass(frozen=True)
class _Heard:
    """What decoding an upload's first and last seconds found."""

    declared: float
    """The duration the file claims (0 when it claims none)."""
    end: float
    """Where the last decoded sound ends, in seconds."""
    sample_rate: int
    channels: int
    codec: str


def _check_size(path: Path, name: str, max_bytes: int) -> None:
    if not path.is_file():
        raise InvalidInput(f"The music file {name} does not exist.")
    size = path.stat().st_size
    if size == 0:
        raise InvalidInput(f"The music file {name} is empty (0 bytes).")
    if size > max_bytes:
        raise InvalidInput(
            f"The music file {name} is too large ({size / 1e6:.1f} MB); the limit is {max_bytes / 1e6:.0f} MB."
        )


def _decode_ends(path: Path, name: str, max_seconds: float) -> _Heard:
    """Open the upload and decode its first seconds and (when it is longer) its last ones."""
    try:
        with av.open(str(path), metadata_errors="ignore") as container:
            if not container.streams.audio:
                what = "is a video without sound" if container.streams.video else "has no audio"
                raise InvalidInput(f"The music file {name} {what}; choose a file with an audio track.")
            stream = container.streams.audio[0]
            declared = _declared_seconds(container, stream)
            if declared > max_seconds:
                raise _too_long(name, declared, max_seconds)
            ctx = stream.codec_context
            samples, end, head_rate, whole = _decode_head(container, stream)
            if samples == 0:
                raise _corrupt(name, "no sound could be decoded")
            if not whole:
                end = _decode_tail(container, stream, declared, end, name, max_seconds)
            return _Heard(declared, end, int(ctx.sample_rate or 0) or head_rate, int(ctx.channels or 0), ctx.name)
    except InvalidInput:
        raise
    except av.error.FFmpegError as exc:
        raise _corrupt(name, exc.strerror or str(exc)) from exc
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise _corrupt(name, str(exc)) from exc


def _declared_seconds(container: av.container.InputContainer, stream: av.AudioStream) -> float:
    if stream.duration and stream.time_base:
        return float(stream.duration * stream.time_base)
    if container.duration:
        return container.duration / av.time_base
    return 0.0


def _decode_head(container: av.container.InputContainer, stream: av.AudioStream) -> tuple[int, float, int, bool]:
    """Decode up to _HEAD_SECONDS: (samples, where they end, the sample rate, whether that was the whole file)."""
    samples, end, rate = 0, 0.0, 0
    for frame in container.decode(stream):
        samples += frame.samples
        end = max(end, _frame_end(frame) or 0.0)
        rate = rate or frame.sample_rate
        if samples >= _HEAD_SECONDS * frame.sample_rate:
            return samples, end, rate, False
    return samples, end, rate, True


def _decode_tail(
    container: av.container.InputContainer,
    stream: av.AudioStream,
    declared: float,
    end: float,
    name: str,
    max_seconds: float,
) -> float:
    """Where the sound really ends: decode the last _TAIL_SECONDS (all the rest when no duration is declared)."""
    if declared > _HEAD_SECONDS + _TAIL_SECONDS:
        container.seek(int((declared - _TAIL_SECONDS) / stream.time_base), stream=stream)
    try:
        for frame in container.decode(stream):
            end = max(end, _frame_end(frame) or 0.0)
            if end > max_seconds + 1:  # no declared duration, and it goes on and on
                raise _too_long(name, end, max_seconds)
    except av.error.EOFError:
        pass  # the data stopped; whether too early is judged by the caller
    return end


def store_music(
    src: Path,
    dest_dir: Path,
    *,
    max_bytes: int = MAX_MUSIC_BYTES,
    max_seconds: float = MAX_MUSIC_SECONDS,
    ffmpeg: str | None = None,
) -> Path:
    """Validate `src` and re-encode it to `dest_dir/music-<random>.m4a` (44.1 kHz stereo AAC), atomically.

    Only the first audio stream is kept; metadata, cover art and any video are dropped.
    """
    validate_music(src, max_bytes=max_bytes, max_seconds=max_seconds)
    final = Path(dest_dir) / f"music-{secrets.token_hex(8)}.m4a"
    with atomic_output(final, hidden=True) as partial:
        run_ffmpeg(
            ["-i", str(src), "-map", "0:a:0", "-vn", "-sn", "-dn", "-map_metadata", "-1",
             "-ac", "2", "-ar", str(SAMPLE_RATE), "-t", f"{max_seconds:.3f}",
             *_AUDIO_SUFFIXES[".m4a"], str(partial)],
            ffmpeg=ffmpeg,
        )  # fmt: skip
    return final


def _label(label: str) -> str:
    label = label.strip()
    return label if label.startswith("[") else f"[{label}]"


def _seconds(value: float, what: str, low: float, high: float) -> float:
    value = float(value)
    if not math.isfinite(value) or not low <= value <= high:
        raise InvalidInput(f"{what} must be between {low:g} and {high:g} (got {value:g}).")
    return value


_FORMAT = f"aformat=sample_fmts=fltp:sample_rates={SAMPLE_RATE}:channel_layouts=stereo"


def music_chain(
    music_label: str,
    narration_label: str | None,
    film_seconds: float,
    *,
    volume: float = 0.3,
    fade_in: float = 1.0,
    fade_out: float = 2.0,
    duck: bool = True,
    out_label: str = "soundtrack",
    prefix: str = "mus",
) -> tuple[str, str]:
    """The filtergraph fragment that turns a music stream (and the narration) into the film's soundtrack.

    Inputs (labels with or without brackets, e.g. "1:a" or "[narr]"):
      music_label      the music stream. Open that input with `music_input_args(path)`
                       (`-stream_loop -1 -i path`) so it repeats; this fragment cuts it at
                       `film_seconds` (and pads with silence if it was not looped).
      narration_label  None, or the narration as one stream already placed on the film's
                       timeline (starting at t=0; see `mix_audio`, which builds it with adelay).
                       Any rate/layout; it may be shorter than the film.
    The fragment consumes both labels. Its output, `[out_label]`, is 44.1 kHz stereo float,
    exactly round(film_seconds * 44100) samples long: the music (volume, fade in, fade
    out, ducked by the narration when `duck`) mixed with the narration at full level, or
    the music alone when there is no narration. Internal labels start with `prefix` + "_",
    so pass a different prefix if a graph uses this twice.

    Returns (filter_text, "[out_label]"); join filter_text to other chains with ";".
    """
    film = _seconds(film_seconds, "The film length in seconds", 0.05, MAX_FILM_SECONDS)
    volume = _seconds(volume, "Music volume", 0.0, 4.0)
    fade_in = _seconds(fade_in, "Music fade-in", 0.0, 60.0)
    fade_out = _seconds(fade_out, "Music fade-out", 0.0, 60.0)
    if fade_in + fade_out > film:  # a short film: share it between the two fades
        scale = film / (fade_in + fade_out)
        fade_in, fade_out = fade_in * scale, fade_out * scale
    samples = round(film * SAMPLE_RATE)
    out = _label(out_label)
    p = prefix
    music = [_FORMAT, "apad", f"atrim=end_sample={samples}", "asetpts=N/SR/TB", f"volume={volume:.4f}"]
    if fade_in > 0:
        music.append(f"afade=t=in:st=0:d={fade_in:.3f}")
    if fade_out > 0:
        music.append(f"afade=t=out:st={film - fade_out:.3f}:d={fade_out:.3f}")
    if narration_label is None:
        return f"{_label(music_label)}{','.join(music)}{out};", out
    parts = [f"{_label(music_label)}{','.join(music)}[{p}_music]"]
    finish = f"alimiter=limit=0.98:level=false:latency=true,apad,atrim=end_sample={samples}"
    voice = f"{_label(narration_label)}{_FORMAT},apad,atrim=end_sample={samples}"
    if duck:
        parts.append(f"{voice},asplit=2[{p}_key][{p}_voice]")
        parts.append(
            f"[{p}_music][{p}_key]sidechaincompress=threshold={DUCK_THRESHOLD}:ratio={DUCK_RATIO}"
            f":attack={DUCK_ATTACK_MS}:release={DUCK_RELEASE_MS}:makeup=1[{p}_ducked]"
        )
        parts.append(f"[{p}_ducked][{p}_voice]amix=inputs=2:duration=first:normalize=0,{finish}{out}")
    else:
        parts.append(f"{voice}[{p}_voice]")
        parts.append(f"[{p}_music][{p}_voice]amix=inputs=2:duration=first:normalize=0,{finish}{out}")
    return ";".join(parts) + ";", out


def music_input_args(music: Path) -> list[str]:
    """The ffmpeg input arguments for a music file that `music_chain` should loop."""
    return ["-stream_loop", "-1", "-i", str(music)]


def mix_audio(
    music: Path | None,
    narration: Sequence[tuple[float, Path]],
    film_seconds: float,
    out: Path,
    *,
    volume: float = 0.3,
    fade_in: float = 1.0,
    fade_out: float = 2.0,
    duck: bool = True,
    narration_volume: float = 1.0,
    ffmpeg: str | None = None,
) -> Path:
    """Build the film's whole soundtrack in one ffmpeg run; return `out`.

    `narration` is [(start_seconds, wav_path), ...]: each clip starts at its scene's start
    time (clips may overlap; a clip running past the end is cut). `music` (looped or cut to
    length, faded, ducked under the narration) may be None, and so may the narration be
    empty: the result is then silence, still exactly `film_seconds` long, so the assembler
    always has one audio input. `out` ending in .m4a/.mp4 gets AAC 192k (stream-copy it into
    the film), .wav gets 16-bit PCM. Written atomically.
    """
    out = Path(out)
    film = _seconds(film_seconds, "The film length in seconds", 0.05, MAX_FILM_SECONDS)
    narration_volume = _seconds(narration_volume, "Narration volume", 0.0, 4.0)
    suffix = out.suffix.lower()
    if suffix not in _AUDIO_SUFFIXES:
        raise InvalidInput(f"The soundtrack must be .m4a, .mp4 or .wav (got {out.name}).")
    if music is not None and not Path(music).is_file():
        raise InvalidInput(f"The music file {Path(music).name} does not exist.")
    args = music_input_args(Path(music)) if music is not None else []
    voice_args, chains, voice = _placed_narration(narration, film, 1 if music is not None else 0, narration_volume)
    samples = round(film * SAMPLE_RATE)
    if music is not None:
        text, out_label = music_chain("0:a", voice, film, volume=volume, fade_in=fade_in, fade_out=fade_out, duck=duck)
        chains.append(text.rstrip(";"))
    elif voice is not None:
        out_label = "[soundtrack]"
        chains.append(f"{voice}apad,atrim=end_sample={samples}{out_label}")
    else:
        out_label = "[soundtrack]"
        chains.append(f"anullsrc=r={SAMPLE_RATE}:cl=stereo,atrim=end_sample={samples}{out_label}")
    with atomic_output(out, hidden=True) as partial:
        run_ffmpeg(
            [*args, *voice_args, "-filter_complex", ";".join(chains), "-map", out_label, "-ac", "2",
             "-ar", str(SAMPLE_RATE), *_AUDIO_SUFFIXES[suffix], str(partial)],
            ffmpeg=ffmpeg,
        )  # fmt: skip
    return out


def _placed_narration(
    narration: Sequence[tuple[float, Path]], film: float, first_input: int, volume: float
) -> tuple[list[str], list[str], str | None]:
    """(input args, filter chains, label) putting each narration clip at its start time on one stream.

    The clips are ffmpeg inputs `first_input`, `first_input + 1`, ...; the label is None without narration.
    """
    args: list[str] = []
    chains: list[str] = []
    voices: list[str] = []
    for index, (start, wav) in enumerate(narration, start=first_input):
        start, wav = float(start), Path(wav)
        if not math.isfinite(start) or not 0 <= start < film:
            raise InvalidInput(f"Narration {wav.name} starts at {start:g} s, outside the {film:g} s film.")
        if not wav.is_file():
            raise InvalidInput(f"The narration clip {wav.name} does not exist.")
        args += ["-i", str(wav)]
        label = f"[nar_{len(voices)}]"
        chains.append(
            f"[{index}:a]{_FORMAT},volume={volume:.4f},adelay=delays={round(start * SAMPLE_RATE)}S:all=1{label}"
        )
        voices.append(label)
    if len(voices) <= 1:
        return args, chains, voices[0] if voices else None
    chains.append(f"{''.join(voices)}amix=inputs={len(voices)}:duration=longest:normalize=0[nar_all]")
    return args, chains, "[nar_all]"
