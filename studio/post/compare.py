"""Two takes of a scene side by side in one clip, so they can be played in sync and one chosen.

Both takes are scaled to one height (widths kept in proportion), brought to one
frame rate and started together; the shorter holds its last frame until the
longer ends. Each side carries its label in the top-left corner, drawn with the
CJK font so Chinese labels work. One ffmpeg run writes the clip (H.264 yuv420p,
faststart, no audio) through studio.files.atomic_output: complete or absent.

Clips are cached in `out_dir` under a name hashed from both inputs (path, size,
modification time), the labels and the height: asking for the same pair again
returns the existing file. Only the newest few are kept (see prune_compares).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from PIL import ImageFont

from studio.errors import InvalidInput
from studio.files import atomic_output
from studio.fonts import find_cjk_font
from studio.media import BT709_TAGS, X264_ARGS, VideoInfo, probe, run_ffmpeg
from studio.post.assembly import filter_arg

MAX_DEFAULT_HEIGHT = 576
"""Default output height cap: both takes stay legible without a needlessly large encode."""
GAP = 8
"""Dark pixels between the two sides."""
KEEP = 20
"""How many compare clips compare_clip leaves in its folder."""

_PREFIX = "compare-"
_LAYOUT_VERSION = 1  # bump when the picture changes, so old cached clips are not served
_GAP_COLOUR = "0x202020"
_FALLBACK_FPS = Fraction(25)


@dataclass(frozen=True)
class Side:
    """One take to compare: its clip and the label drawn over it."""

    path: Path
    label: str  # e.g. "Take 1 · animatic"; may contain Chinese


def compare_clip(
    left: Side,
    right: Side,
    out_dir: Path,
    *,
    height: int | None = None,
    font: Path | None = None,
    ffmpeg: str | None = None,
) -> Path:
    """A clip with `left` and `right` side by side, each labelled, starting together.

    height: the output height (rounded down to even); default the smaller input height, at most 576.
    font: the label font (default: the CJK font from find_cjk_font). Returns the cached clip when
    the same pair was compared before.
    """
    if height is not None and height < 2:
        raise InvalidInput(f"The comparison height must be at least 2 pixels (got {height}).")
    sides = (("left", left), ("right", right))
    stats = [_stat(name, side) for name, side in sides]
    font_path = find_cjk_font(font)
    out = Path(out_dir) / f"{_PREFIX}{_cache_key(stats, [left.label, right.label], height, font_path)}.mp4"
    if out.is_file():
        with contextlib.suppress(OSError):
            os.utime(out)  # recently used: prune_compares keeps it
        return out
    infos = [_probe(name, side) for name, side in sides]
    out_h = _even_down(height if height is not None else min(min(i.height for i in infos), MAX_DEFAULT_HEIGHT))
    widths = [max(2, round(info.width * out_h / info.height / 2) * 2) for info in infos]
    rate = max(_rate(info) for info in infos)
    length = max(_duration(info) for info in infos)
    # Each call writes its own scratch file: two requests for the same pair at once do not share one.
    with atomic_output(out) as partial, tempfile.TemporaryDirectory(prefix="studio-compare-") as tmp:
        labels = [
            _label_filter(Path(tmp), index, side, font_path, width, out_h)
            for index, (side, width) in enumerate(zip((left, right), widths, strict=True))
        ]
        run_ffmpeg(
            [
                *("-i", stats[0][0], "-i", stats[1][0]),  # absolute: a name like "-x.mp4" is no option
                *("-filter_complex", _graph(widths, out_h, rate, labels), "-map", "[vout]", "-an"),
                *("-t", f"{length:.6f}", *X264_ARGS, *BT709_TAGS, "-movflags", "+faststart", "-f", "mp4", str(partial)),
            ],
            ffmpeg=ffmpeg,
        )
    prune_compares(out.parent, KEEP)
    return out


def _cache_key(stats: list[tuple[str, int, int]], labels: list[str], height: int | None, font: Path) -> str:
    """The name a comparison is cached under: both inputs (path, size, mtime), their labels, height and font."""
    key = {
        "version": _LAYOUT_VERSION,
        "sides": [[*stat, label] for stat, label in zip(stats, labels, strict=True)],
        "height": height,
        "font": str(font),
    }
    return hashlib.sha256(json.dumps(key, ensure_ascii=False).encode("utf-8")).hexdigest()[:20]


def _label_filter(scratch: Path, index: int, side: Side, font: Path, width: int, height: int) -> str:
    """The filter drawing a side's label (its text kept in a file in `scratch`), or "null" when it has none."""
    text = " ".join(side.label.split())  # one line; drawtext would draw a newline as a line break
    if not text:
        return "null"
    textfile = scratch / f"label{index}.txt"
    textfile.write_text(text, encoding="utf-8")
    return _drawtext(textfile, text, font, width, height)


def _graph(widths: list[int], height: int, rate: Fraction, labels: list[str]) -> str:
    """Both sides brought to one height and rate, held on their last frame, labelled, and stacked as [vout]."""
    chains = []
    for index, (width, label) in enumerate(zip(widths, labels, strict=True)):
        pad = f",pad={width + GAP}:{height}:0:0:color={_GAP_COLOUR}" if index == 0 else ""
        chains.append(
            f"[{index}:v:0]setpts=PTS-STARTPTS,fps={rate},"
            f"scale={width}:{height}:out_color_matrix=bt709:out_range=tv,setsar=1,format=yuv420p,"
            f"tpad=stop=-1:stop_mode=clone,{label}{pad}[s{index}]"
        )
    return ";".join(chains) + ";[s0][s1]hstack=inputs=2[vout]"


def prune_compares(out_dir: Path, keep: int = KEEP) -> None:
    """Delete the least recently made or used compare clips in `out_dir` beyond the newest `keep`."""
    if keep < 0:
        raise InvalidInput(f"The number of comparisons to keep cannot be negative (got {keep}).")
    clips: list[tuple[int, str, Path]] = []
    with contextlib.suppress(FileNotFoundError):
        for path in Path(out_dir).glob(f"{_PREFIX}*.mp4"):
            if ".partial." in path.name:  # still being written by someone
                continue
            with contextlib.suppress(OSError):  # gone meanwhile: nothing to prune
                clips.append((path.stat().st_mtime_ns, path.name, path))
    clips.sort(reverse=True)
    for _, _, path in clips[keep:]:
        path.unlink(missing_ok=True)


def _stat(name: str, side: Side) -> tuple[str, int, int]:
    """(resolved path, size, mtime_ns) of a take, for the cache key; a missing take is the user's error."""
    path = Path(side.path)
    try:
        resolved = path.resolve()
        stat = resolved.stat()
    except OSError as exc:
        raise InvalidInput(
            f"The {name} take ({_describe(side)}) cannot be compared: {path.name} does not exist."
        ) from exc
    if not resolved.is_file():
        raise InvalidInput(f"The {name} take ({_describe(side)}) cannot be compared: {path.name} is not a file.")
    return str(resolved), stat.st_size, stat.st_mtime_ns


def _probe(name: str, side: Side) -> VideoInfo:
    try:
        info = probe(Path(side.path))
    except (InvalidInput, OSError) as exc:
        raise InvalidInput(f"The {name} take ({_describe(side)}) cannot be compared: {exc}") from exc
    if info.width <= 0 or info.height <= 0:
        raise InvalidInput(f"The {name} take ({_describe(side)}) cannot be compared: its picture has no size.")
    return info


def _describe(side: Side) -> str:
    label = " ".join(side.label.split())
    return f"“{label}”, {Path(side.path).name}" if label else Path(side.path).name


def _even_down(value: int) -> int:
    return max(2, value - value % 2)


def _rate(info: VideoInfo) -> Fraction:
    """The clip's frame rate as an exact fraction (29.97 -> 30000/1001), 25 when unknown."""
    return Fraction(info.fps).limit_denominator(1001) if info.fps > 0 else _FALLBACK_FPS


def _duration(info: VideoInfo) -> float:
    if info.duration > 0:
        return info.duration
    return info.frames / info.fps if info.fps > 0 else 0.0


def _drawtext(textfile: Path, text: str, font: Path, width: int, height: int) -> str:
    """drawtext for a label in the top-left corner on a half-transparent box, shrunk to fit the side's width.

    The text comes from a file with expansion off, so `:` `,` `'` `%` and Chinese need no escaping.
    """
    margin = max(2, height // 40)
    border = max(2, height // 60)
    size = max(8, height // 18)
    room = width - 2 * (margin + border)
    with contextlib.suppress(OSError):
        measured = ImageFont.truetype(str(font), size).getlength(text)
        if measured > room > 0:
            size = max(8, int(size * room / measured))
    return (
        f"drawtext=fontfile={filter_arg(str(font))}:textfile={filter_arg(str(textfile))}:expansion=none"
        f":fontsize={size}:fontcolor=white:box=1:boxcolor=black@0.55:boxborderw={border}"
        f":x={margin + border}:y={margin + border}"
    )
