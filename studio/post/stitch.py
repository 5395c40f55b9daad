"""What joining scene clips needs to know about them: each clip read, and whether their packets may be copied.

Clips from the same project and engine normally share codec, size, frame rate and
encoder settings, so the film can be joined without touching pixels (a stream copy);
anything else (a clip from another engine, a changed project size) is normalised in one
encode pass. studio.post.assembly does the joining.
"""

from __future__ import annotations

from pathlib import Path

import av

from studio.config import Frame
from studio.errors import InvalidInput, RenderFailed
from studio.media import VideoInfo, probe

_FPS_TOLERANCE = 0.01


def probe_clips(clips: list[Path], width: int, height: int, fps: float) -> tuple[list[Path], list[VideoInfo]]:
    """Check the output frame and read every clip, naming the first that cannot be used."""
    Frame.checked(width, height, fps)
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
