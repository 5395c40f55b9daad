"""Assembling the finished film: scene clips + cuts or crossfades + subtitles + one audio track -> one MP4.

Two ways, chosen per export:

* **copy** — all hard cuts, nothing burned in, every clip already H.264/yuv420p at
  the film's size and frame rate with the same codec settings (see studio.post.stitch):
  one ffmpeg run concatenates the packets untouched (concat demuxer, `-c:v copy`)
  and muxes the audio (AAC) and the soft subtitle track beside them.
* **encode** — anything else: ONE ffmpeg run with a single filter graph that
  normalises every clip (fps, scale, pad or crop, SAR, yuv420p), joins them
  (xfade for crossfades, concat for hard cuts, offsets from the clips' durations),
  burns the subtitles with libass and the bundled CJK font, and encodes H.264 + AAC.

Crossfades keep the film's length: it lasts the sum of its scenes, as with hard cuts. A crossfade
is centred on the cut, and each side is lengthened by holding its edge frame (`tpad` clones the
outgoing scene's last frame after the cut and the incoming scene's first frame before it), so the
two pictures overlap without either scene losing a frame of its own. Every scene therefore starts
where it would with hard cuts, and subtitles and narration are timed as for hard cuts
(subtitles.cues_for / scene_starts without transitions); the cue changes at the middle of the fade.

Output frame (`preset`): None keeps the project's width×height; "16:9" and "9:16"
keep the project's longer side as the frame's longer side (1024×576 -> 1024×576 or
576×1024), "1:1" is a square of the shorter side (576×576). Clips are fitted
whole and letterboxed by default (`fit="pad"`: nothing of the picture is lost);
`fit="crop"` fills the frame and cuts the overflow from the centre instead.

Every file appears only when complete (studio.files.atomic_output): the film and its `.srt`
sidecar are written under `*.partial*` names and renamed at the end; on failure neither is left
behind (the burned `.ass` and any private fonts folder live in a scratch folder), and RenderFailed
carries the tail of ffmpeg's own error output.
"""

from __future__ import annotations

import functools
import math
import os
import re
import tempfile
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import av

from studio.errors import InvalidInput, RenderFailed
from studio.files import atomic_output
from studio.fonts import find_cjk_font
from studio.media import BT709_TAGS, X264_ARGS, FfmpegProgress, probe, run_ffmpeg
from studio.post.libass_fonts import font_family, fonts_dir
from studio.post.stitch import codec_config, concat_list_line, probe_clips, streams_match
from studio.post.subtitles import Cue, film_duration, to_ass, to_srt
from studio.progress import ProgressFn

Preset = Literal["16:9", "9:16", "1:1"]
Fit = Literal["pad", "crop"]

_AUDIO_ENCODE = ["-c:a", "aac", "-b:a", "192k"]
_SILENCE_SECONDS = 10
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True)
class AssemblyResult:
    path: Path
    duration: float
    mode: Literal["copy", "encode"]
    srt_path: Path | None


def output_size(width: int, height: int, preset: Preset | None) -> tuple[int, int]:
    """The film's frame for a preset (see the module docstring); sides rounded to even numbers."""
    if preset is None:
        return width, height
    long, short = max(width, height), min(width, height)
    if preset == "16:9":
        return long, _even(long * 9 / 16)
    if preset == "9:16":
        return _even(long * 9 / 16), long
    if preset == "1:1":
        return short, short
    raise InvalidInput(f"Unknown frame preset {preset!r}: use 16:9, 9:16 or 1:1.")


def _even(value: float) -> int:
    return max(2, round(value / 2) * 2)


def _codec_settings(path: Path) -> bytes:
    """The clip's H.264 decoder configuration (its MP4 `avcC` box: SPS/PPS), which copied clips must share.

    Read straight from the `moov` box: opening each clip with PyAV again costs ~5 ms a clip,
    a real share of a stream copy that takes tens of milliseconds.
    """
    try:
        with open(path, "rb") as handle:
            while header := handle.read(8):
                if len(header) < 8:
                    break
                size, kind = int.from_bytes(header[:4], "big"), header[4:]
                if size == 1:
                    size = int.from_bytes(handle.read(8), "big") - 8
                if kind == b"moov":
                    moov = handle.read(size - 8)
                    at = moov.find(b"avcC")
                    if at >= 4:
                        box = int.from_bytes(moov[at - 4 : at], "big")
                        return b"avcC" + moov[at + 4 : at - 4 + box]
                    break
                if size < 8:
                    break
                handle.seek(size - 8, os.SEEK_CUR)
    except OSError as exc:
        raise RenderFailed(f"Clip {path.name} cannot be read: {exc}") from exc
    return b"ffmpeg" + codec_config(path)  # not an MP4 we can read: ask libavformat


def clip_durations(clips: list[Path]) -> list[float]:
    """Each clip's duration in seconds, as assemble() will time it (for cues_for and narration)."""
    return [probe(Path(clip)).duration for clip in clips]


def subtitle_language(cues: list[Cue]) -> str:
    """ISO 639-2 tag for the soft track: Chinese when the text has Han characters, else undetermined."""
    return "chi" if any(_HAN.search(cue.text) for cue in cues) else "und"


def filter_arg(value: str) -> str:
    """Escape a value (a path, a style) for an option inside an ffmpeg -filter_complex graph.

    Two parsers read it: the option parser (where `:` separates options and `\\` and `'`
    are special) and, before it, the graph parser (where `[ ] , ;` also are). Each level
    takes a backslash as "the next character is literal", so escape twice.
    """
    inner = re.sub(r"([\\':])", r"\\\1", value)
    return re.sub(r"([\\'\[\],;])", r"\\\1", inner)


@dataclass(frozen=True)
class _Plan:
    """What assemble() will make, decided and checked before any file is written."""

    clips: list[Path]
    durations: list[float]
    fades: list[float]
    length: float
    width: int
    height: int
    cues: list[Cue]
    burn: bool
    copy: bool


def assemble(
    clips: list[Path],
    out: Path,
    *,
    width: int,
    height: int,
    fps: int,
    transitions: list[float] | None = None,
    cues: list[Cue] | None = None,
    burn_subtitles: bool = False,
    soft_subtitles: bool = True,
    audio: Path | None = None,
    preset: Preset | None = None,
    fit: Fit = "pad",
    font: Path | None = None,
    font_size: int | None = None,
    language: str | None = None,
    ffmpeg: str | None = None,
    progress: ProgressFn | None = None,
) -> AssemblyResult:
    """Join `clips` in order into `out` (H.264 yuv420p + AAC, faststart), with subtitles and audio.

    transitions: crossfade seconds at each of the n-1 cuts (0 = hard cut); None = all hard cuts.
    Crossfades are rounded to whole frames, halves down (0.5 s at 25 fps lasts 12 frames), and
    never shorten the film (see the module docstring).
    cues: subtitles on the film's timeline (see subtitles.cues_for); they are written to the
    `<out>.srt` sidecar whenever there are any, added as a mov_text track when `soft_subtitles`,
    and drawn into the picture when `burn_subtitles` (which forces an encode).
    audio: a finished track (e.g. music.mix_audio's), padded with silence or cut to the film's
    length; None gives a silent AAC track so players and browsers behave.
    font: the font to burn with (default: the bundled CJK font); language: ISO 639-2 tag of the
    soft track (default: "chi" for Chinese text, else "und").
    progress: told the output frames ffmpeg has written out of the film's (stage "encoding", or
    "joining" for a stream copy), from ffmpeg's own progress reports.
    """
    plan = _plan(clips, width, height, fps, transitions, cues, burn_subtitles, preset, fit)
    if audio is not None and not Path(audio).is_file():
        raise InvalidInput(f"The audio track {Path(audio).name} does not exist.")
    out = Path(out)
    srt_path = out.with_suffix(".srt") if plan.cues else None
    with ExitStack() as outputs, tempfile.TemporaryDirectory(prefix="studio-assemble-") as scratch:
        srt = outputs.enter_context(atomic_output(srt_path)) if srt_path is not None else None
        film = outputs.enter_context(atomic_output(out))  # settled first: the film, then its sidecar
        if srt is not None:
            srt.write_text(to_srt(plan.cues), encoding="utf-8", newline="\n")
        soft = srt if soft_subtitles else None
        tag = language or subtitle_language(plan.cues)
        sound = _audio_args(Path(audio) if audio else None, plan.length, ffmpeg)
        watch = FfmpegProgress(progress, plan.length, fps, "joining" if plan.copy else "encoding") if progress else None
        if plan.copy:
            _run_copy(plan.clips, film, plan.length, sound, soft, tag, ffmpeg, watch)
        else:
            burn = _burn_filter(plan, font, font_size, Path(scratch)) if plan.burn else None
            graph = _graph(len(plan.clips), plan.durations, plan.fades, plan.width, plan.height, fps, fit, burn)
            _run_encode(plan.clips, graph, film, plan.length, sound, soft, tag, ffmpeg, watch)
        try:
            duration = probe(film).duration
        except InvalidInput as exc:
            raise RenderFailed(f"The assembled film could not be read back: {exc}") from exc
    return AssemblyResult(path=out, duration=duration, mode="copy" if plan.copy else "encode", srt_path=srt_path)


def _plan(
    clips: list[Path],
    width: int,
    height: int,
    fps: int,
    transitions: list[float] | None,
    cues: list[Cue] | None,
    burn_subtitles: bool,
    preset: Preset | None,
    fit: Fit,
) -> _Plan:
    """Read the clips and decide the film: its frame, its timing, and whether the clips can be copied."""
    if not clips:
        raise InvalidInput("There are no clips to assemble: render at least one scene first.")
    if fit not in ("pad", "crop"):
        raise InvalidInput(f"Unknown fit {fit!r}: use pad or crop.")
    paths, infos = probe_clips(clips, width, height, fps)
    fades = [float(x) for x in transitions] if transitions is not None else [0.0] * (len(paths) - 1)
    out_w, out_h = output_size(width, height, preset)
    shown = [cue for cue in (cues or []) if cue.text.strip() and cue.end > cue.start]
    burn = burn_subtitles and bool(shown)
    copy = (
        not any(fades)
        and not burn
        and streams_match(infos, out_w, out_h, fps)
        and len({_codec_settings(clip) for clip in paths}) == 1
    )
    film_duration([info.duration for info in infos], fades)  # checks the crossfades fit the clips
    if not copy:  # encoding retimes clips and crossfades to whole frames at `fps`; copying keeps clip timing
        durations = [max(1, round(info.duration * fps)) / fps for info in infos]
        fades = [max(0, math.ceil(fade * fps - 0.5)) / fps for fade in fades]  # half down: never longer
    else:
        durations = [info.duration for info in infos]
    length = sum(durations)  # crossfades hold edge frames: they never shorten the film
    return _Plan(paths, durations, fades, length, out_w, out_h, shown, burn, copy)


def _burn_filter(plan: _Plan, font: Path | None, font_size: int | None, scratch: Path) -> str:
    """The libass filter drawing the plan's cues, with their .ass file (and a private fonts folder) in `scratch`."""
    font_path = find_cjk_font(font)
    family = font_family(font_path)
    ass = scratch / "subtitles.ass"
    ass.write_text(to_ass(plan.cues, plan.width, plan.height, family, font_size), encoding="utf-8", newline="\n")
    return subtitles_filter(ass, fonts_dir(font_path, scratch / "fonts"), family)


def _subtitle_args(soft: Path | None, input_index: int, language: str) -> tuple[list[str], list[str]]:
    """(input args, output args) adding the .srt as a mov_text track, or nothing."""
    if soft is None:
        return [], []
    return (
        ["-f", "srt", "-i", str(soft)],
        ["-map", f"{input_index}:s:0", "-c:s", "mov_text", "-metadata:s:s:0", f"language={language}"],
    )


def _run_copy(
    clips: list[Path],
    partial: Path,
    length: float,
    sound: tuple[list[str], list[str]],
    soft: Path | None,
    language: str,
    ffmpeg: str | None,
    watch: FfmpegProgress | None,
) -> None:
    with tempfile.TemporaryDirectory(prefix="studio-assemble-") as tmp:
        listing = Path(tmp) / "clips.txt"
        listing.write_text("".join(concat_list_line(clip) + "\n" for clip in clips), encoding="utf-8")
        sub_in, sub_out = _subtitle_args(soft, 2, language)
        run_ffmpeg(
            [
                *("-f", "concat", "-safe", "0", "-i", str(listing)), *sound[0], *sub_in,
                *("-map", "0:v:0", "-map", "1:a:0", *sub_out),
                *("-c:v", "copy", *sound[1], "-t", f"{length:.6f}"),
                *("-movflags", "+faststart", "-f", "mp4", str(partial)),
            ],
            ffmpeg=ffmpeg,
            progress=watch,
        )  # fmt: skip


def _audio_args(audio: Path | None, length: float, ffmpeg: str | None) -> tuple[list[str], list[str]]:
    """(input args, codec args) for the film's one audio track, cut to the film with the output's -t.

    An AAC track at least as long as the film (music.mix_audio's .m4a) is stream-copied;
    anything else is padded with silence and encoded. No track: a cached silent AAC file,
    looped and copied (encoding half a minute of silence would cost more than the whole
    stream-copy join).
    """
    if audio is None:
        return ["-stream_loop", "-1", "-i", str(_silence(ffmpeg))], ["-c:a", "copy"]
    try:
        with av.open(str(audio)) as container:
            stream = container.streams.audio[0] if container.streams.audio else None
            if stream is None:
                raise InvalidInput(f"{audio.name} has no audio.")
            seconds = float(stream.duration * stream.time_base) if stream.duration else 0.0
            if not seconds and container.duration:
                seconds = container.duration / av.time_base
            codec = stream.codec_context.name
    except av.error.FFmpegError as exc:
        raise RenderFailed(f"The audio track {audio.name} cannot be read: {exc}") from exc
    if codec == "aac" and seconds >= length - 0.05:
        return ["-i", str(audio)], ["-c:a", "copy"]
    return ["-i", str(audio)], ["-af", "apad", *_AUDIO_ENCODE]


@functools.lru_cache(maxsize=4)
def _silence(ffmpeg: str | None) -> Path:
    """A few seconds of silent 48 kHz stereo AAC, made once per machine and user, looped by callers."""
    folder = Path(tempfile.gettempdir()) / f"studio-silence-{os.getuid()}"
    folder.mkdir(mode=0o700, exist_ok=True)
    if folder.stat().st_uid != os.getuid():  # someone else's folder: do not trust its contents
        folder = Path(tempfile.mkdtemp(prefix="studio-silence-"))
    path = folder / f"silence-48k-stereo-{_SILENCE_SECONDS}s.m4a"
    if not path.is_file():
        with atomic_output(path, hidden=True) as partial:
            run_ffmpeg(
                [
                    "-f", "lavfi", "-i", f"anullsrc=r=48000:cl=stereo:d={_SILENCE_SECONDS}",
                    *_AUDIO_ENCODE, "-f", "mp4", str(partial),
                ],
                ffmpeg=ffmpeg,
            )  # fmt: skip
    return path


def subtitles_filter(ass: Path, fonts: Path, family: str) -> str:
    """The libass `subtitles` filter burning `ass` with the fonts in folder `fonts`, every argument escaped."""
    return (
        f"subtitles=filename={filter_arg(str(ass))}:fontsdir={filter_arg(str(fonts))}"
        f":force_style={filter_arg(f'FontName={family}')}"
    )


def _graph(
    count: int,
    durations: list[float],
    fades: list[float],
    width: int,
    height: int,
    fps: int,
    fit: Fit,
    burn_filter: str | None,
) -> str:
    """The whole filter graph: normalise each clip, join, burn subtitles; the picture comes out as [vout].

    At a crossfade of F frames the outgoing clip is held for F // 2 frames after its end and the
    incoming one for the other F - F // 2 before its start, so the fade is centred on the cut and the
    film keeps the sum of the clips' lengths.
    """
    if fit == "crop":
        frame = (
            f"scale={width}:{height}:force_original_aspect_ratio=increase:out_color_matrix=bt709:out_range=tv,"
            f"crop={width}:{height}"
        )
    else:
        frame = (
            f"scale={width}:{height}:force_original_aspect_ratio=decrease:force_divisible_by=2"
            f":out_color_matrix=bt709:out_range=tv,pad={width}:{height}:(ow-iw)/2:(oh-ih)/2:color=black"
        )
    fade_frames = [round(fade * fps) for fade in fades]
    held_after = [0, *(f // 2 for f in fade_frames)]  # at the cut before clip i, the outgoing clip's share
    held_before = [0, *(f - f // 2 for f in fade_frames)]  # and the incoming clip's, clip i held at its start
    parts = []
    for i in range(count):
        before, after = held_before[i], held_after[i + 1] if i + 1 < count else 0
        hold = f",tpad=start_mode=clone:start={before}:stop_mode=clone:stop={after}" if before or after else ""
        parts.append(f"[{i}:v:0]setpts=PTS-STARTPTS,fps={fps},{frame},setsar=1,format=yuv420p{hold}[v{i}]")
    joined, at = "v0", durations[0] + held_after[1] / fps if count > 1 else durations[0]
    for i in range(1, count):
        fade, label = fade_frames[i - 1] / fps, f"j{i}"
        padded = durations[i] + (held_before[i] + (held_after[i + 1] if i + 1 < count else 0)) / fps
        if fade > 0:
            parts.append(f"[{joined}][v{i}]xfade=transition=fade:duration={fade:.6f}:offset={at - fade:.6f}[{label}]")
        else:
            parts.append(f"[{joined}][v{i}]concat=n=2:v=1:a=0,settb=1/{fps}[{label}]")  # xfade wants one timebase
        joined, at = label, at + padded - fade
    parts.append(f"[{joined}]{burn_filter or 'null'}[vout]")
    return ";".join(parts)


def _run_encode(
    clips: list[Path],
    graph: str,
    partial: Path,
    length: float,
    sound: tuple[list[str], list[str]],
    soft: Path | None,
    language: str,
    ffmpeg: str | None,
    watch: FfmpegProgress | None,
) -> None:
    inputs = [arg for clip in clips for arg in ("-i", str(clip))]
    sub_in, sub_out = _subtitle_args(soft, len(clips) + 1, language)
    run_ffmpeg(
        [
            *inputs, *sound[0], *sub_in,
            *("-filter_complex", graph, "-map", "[vout]", "-map", f"{len(clips)}:a:0", *sub_out),
            *X264_ARGS, *BT709_TAGS, *sound[1], "-t", f"{length:.6f}",
            *("-movflags", "+faststart", "-f", "mp4", str(partial)),
        ],
        ffmpeg=ffmpeg,
        progress=watch,
    )  # fmt: skip
