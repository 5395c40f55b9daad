"""Join scene clips into one film: stream copy when the clips already agree, one encode pass when not.

Clips from the same project and engine normally share codec, size and frame
rate, so the fast path copies packets without touching pixels. Anything else
(a clip from another engine, a changed project size) is normalised in a
single ffmpeg run. Audio is not carried here: music and narration are laid over
the stitched film afterwards.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import av

from studio.errors import InvalidInput, RenderFailed
from studio.media import BT709_TAGS, X264_ARGS, VideoInfo, partial_path, probe, run_ffmpeg

_FPS_TOLERANCE = 0.01


@dataclass
class StitchResult:
    path: Path
    mode: Literal["copy", "encode"]
    duration: float


def stitch(
    clips: list[Path], out_path: Path, *, width: int, height: int, fps: int, ffmpeg: str | None = None
) -> StitchResult:
    """Concatenate `clips` in order into `out_path` (H.264 yuv420p, faststart), atomically."""
    if not clips:
        raise InvalidInput("There are no clips to stitch: render at least one scene first.")
    clips, infos = probe_clips(clips, width, height, fps)

    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    partial = partial_path(out_path)
    copyable = streams_match(infos, width, height, fps) and len({codec_config(clip) for clip in clips}) == 1
    mode: Literal["copy", "encode"] = "copy" if copyable else "encode"
    try:
        if mode == "copy":
            _concat_copy(clips, partial, ffmpeg)
        else:
            _concat_encode(clips, partial, width, height, fps, ffmpeg)
        duration = probe(partial).duration
        os.replace(partial, out_path)
    except InvalidInput as exc:
        raise RenderFailed(f"The stitched film could not be read back: {exc}") from exc
    finally:
        partial.unlink(missing_ok=True)
    return StitchResult(path=out_path, mode=mode, duration=duration)


def probe_clips(clips: list[Path], width: int, height: int, fps: float) -> tuple[list[Path], list[VideoInfo]]:
    """Check the output frame and read every clip, naming the first that cannot be used."""
    if width <= 0 or height <= 0 or width % 2 or height % 2:
        raise InvalidInput(f"Video size must be positive and even (got {width}x{height}).")
    if fps <= 0:
        raise InvalidInput(f"Frames per second must be positive (got {fps}).")
    paths = [Path(clip) for clip in clips]
    infos: list[VideoInfo] = []
    for number, clip in enumerate(paths, start=1):
        try:
            infos.append(probe(clip))
        except InvalidInput as exc:
            raise RenderFailed(f"Clip {number} ({clip.name}) cannot be used: {exc}") from exc
    return paths, infos


def streams_match(infos: list[VideoInfo], width: int, height: int, fps: int) -> bool:
    """Stream copy is only safe when every clip is already exactly what the film must be."""
    return all(
        info.codec == "h264"
        and info.pix_fmt == "yuv420p"
        and (info.width, info.height) == (width, height)
        and abs(info.fps - fps) < _FPS_TOLERANCE
        for info in infos
    )


def codec_config(path: Path) -> bytes:
    """The stream's SPS/PPS. An MP4 stores one set for the whole file, so copied clips must share it:
    x264 writes e.g. the CRF into the PPS, and a clip decoded with another clip's PPS comes out wrong."""
    try:
        with av.open(str(path)) as container:
            return bytes(container.streams.video[0].codec_context.extradata or b"")
    except (av.error.FFmpegError, IndexError) as exc:
        raise RenderFailed(f"Clip {path.name} cannot be read: {exc}") from exc


def concat_list_line(path: Path) -> str:
    """One `file` line of an ffmpeg concat list; quotes in the path are escaped the concat way ('\\'')."""
    quoted = str(path.resolve()).replace("'", "'\\''")
    return f"file '{quoted}'"


def _concat_copy(clips: list[Path], partial: Path, ffmpeg: str | None) -> None:
    with tempfile.TemporaryDirectory(prefix="studio-stitch-") as tmp:
        listing = Path(tmp) / "clips.txt"
        listing.write_text("".join(concat_list_line(clip) + "\n" for clip in clips), encoding="utf-8")
        run_ffmpeg(
            [
                *("-f", "concat", "-safe", "0", "-i", str(listing)),
                *("-map", "0:v:0", "-an", "-c", "copy", "-movflags", "+faststart", "-f", "mp4", str(partial)),
            ],
            ffmpeg=ffmpeg,
        )


def _concat_encode(clips: list[Path], partial: Path, width: int, height: int, fps: int, ffmpeg: str | None) -> None:
    """Fit every clip into width×height (letterboxed, never stretched), one frame rate, then concatenate."""
    inputs: list[str] = []
    chains: list[str] = []
    for index, clip in enumerate(clips):
        inputs += ["-i", str(clip)]
        chains.append(
            f"[{index}:v:0]scale={width}:{height}:force_original_aspect_ratio=decrease:force_divisible_by=2"
            f":out_color_matrix=bt709:out_range=tv,"
            f"pad={width}:{height}:(ow-iw)/2:(oh-ih)/2:color=black,"
            f"fps={fps},setsar=1,format=yuv420p[v{index}]"
        )
    joined = "".join(f"[v{index}]" for index in range(len(clips)))
    graph = ";".join(chains) + f";{joined}concat=n={len(clips)}:v=1:a=0[out]"
    run_ffmpeg(
        [
            *inputs,
            *("-filter_complex", graph, "-map", "[out]", "-an", *X264_ARGS, *BT709_TAGS),
            *("-movflags", "+faststart", "-f", "mp4", str(partial)),
        ],
        ffmpeg=ffmpeg,
    )
