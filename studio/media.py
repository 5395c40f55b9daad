"""ffmpeg and PyAV helpers: find ffmpeg, probe a clip, write frames to a browser-playable MP4.

Every file written here appears at its final path only when complete (studio.files.atomic_output):
the data goes to a `*.partial.mp4` beside it and is renamed at the end, so a crash, a cancel or a
full disk never leaves a half-written clip where a take points.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, Self

import av
import numpy as np

from studio.errors import InvalidInput, RenderFailed, StudioError
from studio.files import atomic_output
from studio.progress import ProgressFn

_STDERR_TAIL = 2000
BT709_TAGS = ["-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709"]
"""Tag outputs as BT.709 so browsers and players agree on colours instead of guessing."""


def ffmpeg_exe(explicit: str | None = None) -> str:
    """The ffmpeg binary to run: the configured one, else imageio-ffmpeg's bundled build, else PATH.

    The bundled build is preferred over PATH because it is known to include libx264.
    """
    if explicit:
        found = shutil.which(explicit)
        if found is None:
            raise StudioError(f"ffmpeg was set to {explicit!r} (STUDIO_FFMPEG_PATH) but no such program exists.")
        return found
    # A missing package or binary (RuntimeError from imageio-ffmpeg) falls back to PATH.
    with contextlib.suppress(ImportError, RuntimeError, OSError):
        import imageio_ffmpeg

        return imageio_ffmpeg.get_ffmpeg_exe()
    found = shutil.which("ffmpeg")
    if found is None:
        raise StudioError(
            "ffmpeg was not found. Run `pip install -r requirements.txt` (imageio-ffmpeg bundles it), "
            "install ffmpeg, or set STUDIO_FFMPEG_PATH."
        )
    return found


def x264_args(*, crf: int = 20, preset: str = "veryfast") -> list[str]:
    """The one H.264 encoding every clip and film of the studio uses (browser-playable yuv420p)."""
    return ["-c:v", "libx264", "-preset", preset, "-crf", str(crf), "-pix_fmt", "yuv420p"]


X264_ARGS = x264_args()


@dataclass(frozen=True)
class FfmpegProgress:
    """How an ffmpeg run reports its progress: frames of output written so far, out of the frames expected."""

    report: ProgressFn
    seconds: float
    """The expected length of the output; ffmpeg's own clock (out_time) is measured against it."""
    fps: float
    stage: str = "encoding"

    @property
    def total(self) -> int:
        return max(1, round(self.seconds * self.fps))

    def frames_at(self, out_time_us: int) -> int:
        return min(self.total, max(0, round(out_time_us / 1e6 * self.fps)))


PROGRESS_PERIOD_S = 0.25
"""How often ffmpeg writes a progress block (-stats_period): often enough for a smooth bar and ETA."""


def run_ffmpeg(args: list[str], *, ffmpeg: str | None = None, progress: FfmpegProgress | None = None) -> None:
    """Run ffmpeg quietly and turn a failure into a RenderFailed carrying ffmpeg's own explanation.

    With `progress`, ffmpeg writes key=value blocks to its stdout (`-progress pipe:1`) and each
    block's `out_time_us` is reported as frames done, never going back, ending at the total.
    The callback may raise (Canceled): ffmpeg is killed and the error goes on.
    stderr goes to a temporary file, read only on failure, so neither pipe can fill and stall ffmpeg.
    """
    watch = ["-progress", "pipe:1", "-stats_period", str(PROGRESS_PERIOD_S), "-nostats"] if progress else []
    cmd = [ffmpeg_exe(ffmpeg), "-hide_banner", "-loglevel", "error", "-y", "-nostdin", *watch, *args]
    with tempfile.TemporaryFile() as stderr:
        try:
            proc = subprocess.Popen(
                cmd,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE if progress else subprocess.DEVNULL,
                stderr=stderr,
            )
        except OSError as exc:
            raise RenderFailed(f"Could not start ffmpeg: {exc}") from exc
        try:
            if progress is not None and proc.stdout is not None:
                _follow_progress(proc.stdout, progress)
            code = proc.wait()
        except BaseException:
            proc.kill()
            proc.wait()
            raise
        finally:
            if proc.stdout is not None:
                proc.stdout.close()
        if code != 0:
            stderr.seek(0, os.SEEK_END)
            stderr.seek(max(0, stderr.tell() - _STDERR_TAIL))
            tail = stderr.read().decode("utf-8", "replace").strip()
            raise RenderFailed(f"ffmpeg failed (exit {code}): {tail or 'no error output'}")
    if progress is not None:
        progress.report(progress.total, progress.total, progress.stage)


def _follow_progress(stdout: IO[bytes], progress: FfmpegProgress) -> None:
    """Report each of ffmpeg's progress blocks (key=value lines closed by `progress=continue|end`)."""
    done = 0
    progress.report(0, progress.total, progress.stage)
    for raw in stdout:
        key, _, value = raw.decode("ascii", "replace").strip().partition("=")
        # out_time_ms is microseconds too (an old misnomer ffmpeg keeps); "N/A" before the first frame.
        if key in ("out_time_us", "out_time_ms") and value.isdigit():
            done = max(done, progress.frames_at(int(value)))
        elif key == "progress":
            progress.report(done, progress.total, progress.stage)


@dataclass(frozen=True)
class VideoInfo:
    codec: str
    pix_fmt: str
    width: int
    height: int
    fps: float
    duration: float
    frames: int
    has_audio: bool


def probe(path: Path) -> VideoInfo:
    """Describe the first video stream of a file; there is no ffprobe in imageio-ffmpeg, so PyAV does it."""
    path = Path(path)
    if not path.is_file():
        raise InvalidInput(f"The video {path.name} does not exist.")
    try:
        with av.open(str(path)) as container:
            if not container.streams.video:
                raise InvalidInput(f"{path.name} has no video stream.")
            stream = container.streams.video[0]
            ctx = stream.codec_context
            rate = stream.average_rate or stream.guessed_rate or stream.base_rate
            fps = float(rate) if rate else 0.0
            frames = int(stream.frames or 0)
            if frames <= 0:
                frames = sum(1 for _ in container.decode(stream))
            if stream.duration and stream.time_base:
                duration = float(stream.duration * stream.time_base)
            elif container.duration:
                duration = container.duration / av.time_base
            else:
                duration = frames / fps if fps else 0.0
            return VideoInfo(
                codec=ctx.name,
                pix_fmt=ctx.pix_fmt or "",
                width=int(ctx.width),
                height=int(ctx.height),
                fps=fps,
                duration=duration,
                frames=frames,
                has_audio=bool(container.streams.audio),
            )
    except av.error.FFmpegError as exc:
        raise InvalidInput(f"{path.name} is not a readable video ({exc.strerror or exc}).") from exc


class FrameWriter:
    """Stream RGB frames into ffmpeg, producing an H.264/yuv420p/faststart MP4 atomically.

    ffmpeg's stderr goes to a temporary file rather than a pipe: nobody reads a pipe
    while frames are being written, and a full pipe would block ffmpeg and then us.
    """

    def __init__(
        self,
        path: Path,
        width: int,
        height: int,
        fps: int,
        *,
        ffmpeg: str | None = None,
        crf: int = 20,
        preset: str = "veryfast",
    ) -> None:
        if width <= 0 or height <= 0 or width % 2 or height % 2:
            raise InvalidInput(f"Video size must be positive and even for H.264 (got {width}x{height}).")
        if fps <= 0:
            raise InvalidInput(f"Frames per second must be positive (got {fps}).")
        self.path = Path(path)
        self.partial: Path | None = None
        """The scratch file ffmpeg writes while the clip is incomplete (inside the `with` block)."""
        self._output = ExitStack()
        self.width = width
        self.height = height
        self.fps = fps
        self.frames = 0
        self._ffmpeg = ffmpeg
        self._crf = crf
        self._preset = preset
        self._proc: subprocess.Popen[bytes] | None = None
        self._stderr: IO[bytes] | None = None

    def __enter__(self) -> Self:
        self.partial = self._output.enter_context(atomic_output(self.path))
        size = f"{self.width}x{self.height}"
        cmd = [
            ffmpeg_exe(self._ffmpeg),
            "-hide_banner", "-loglevel", "error", "-y",
            "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", size, "-framerate", str(self.fps), "-i", "-",
            "-an", "-vf", "scale=out_color_matrix=bt709:out_range=tv,format=yuv420p",
            *x264_args(crf=self._crf, preset=self._preset), *BT709_TAGS, "-movflags", "+faststart",
            "-f", "mp4", str(self.partial),
        ]  # fmt: skip
        self._stderr = tempfile.TemporaryFile()
        try:
            self._proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=self._stderr)
        except OSError as exc:
            self._stderr.close()
            failure = RenderFailed(f"Could not start ffmpeg: {exc}")
            self._settle(failure)
            raise failure from exc
        return self

    def write(self, frame: np.ndarray) -> None:
        """Send one H×W×3 uint8 RGB frame."""
        if self._proc is None or self._proc.stdin is None:
            raise RuntimeError("FrameWriter.write called outside its `with` block")
        expected = (self.height, self.width, 3)
        if frame.shape != expected or frame.dtype != np.uint8:
            raise ValueError(f"frame must be uint8 with shape {expected}, got {frame.dtype} {frame.shape}")
        try:
            self._proc.stdin.write(np.ascontiguousarray(frame).data)
        except OSError as exc:  # BrokenPipeError: ffmpeg exited early; its stderr says why
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._proc.wait(timeout=10)
            raise RenderFailed(f"ffmpeg stopped while encoding: {self._stderr_tail()}") from exc
        self.frames += 1

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        proc = self._proc
        assert proc is not None and proc.stdin is not None
        try:
            if exc_type is not None:
                proc.kill()
                proc.wait()
                self._settle(exc or RenderFailed("The clip was not finished."))
                return
            # A broken pipe here means ffmpeg already exited; its return code and stderr say why.
            with contextlib.suppress(OSError):
                proc.stdin.close()
            code = proc.wait()
            if code != 0:
                raise RenderFailed(f"ffmpeg failed (exit {code}): {self._stderr_tail()}")
            if self.frames == 0:
                raise RenderFailed("No frames were written, so there is no video.")
            self._settle(None)
        except BaseException as error:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            self._settle(error)
            raise
        finally:
            if proc.stdin is not None and not proc.stdin.closed:
                with contextlib.suppress(OSError):
                    proc.stdin.close()
            if self._stderr is not None:
                self._stderr.close()

    def _settle(self, error: BaseException | None) -> None:
        """The scratch file renamed into place (no error) or removed (an error); once, whichever comes first."""
        if error is None:
            self._output.close()
        else:
            self._output.__exit__(type(error), error, error.__traceback__)

    def _stderr_tail(self) -> str:
        if self._stderr is None:
            return "no error output"
        self._stderr.seek(0, os.SEEK_END)
        size = self._stderr.tell()
        self._stderr.seek(max(0, size - _STDERR_TAIL))
        text = self._stderr.read().decode("utf-8", "replace").strip()
        return text or "no error output"


def last_frame(path: Path) -> np.ndarray:
    """The clip's final frame as RGB, e.g. to start the next scene where this one ends."""
    path = Path(path)
    try:
        with av.open(str(path)) as container:
            frame = None
            for frame in container.decode(video=0):  # noqa: B007 - we want the last one
                pass
    except (av.error.FFmpegError, FileNotFoundError) as exc:
        raise InvalidInput(f"{path.name} is not a readable video ({exc}).") from exc
    if frame is None:
        raise InvalidInput(f"{path.name} has no frames.")
    return frame.to_ndarray(format="rgb24")
