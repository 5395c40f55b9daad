"""The SVD engine: a keyframe animated by Stable Video Diffusion, retimed to the scene's length.

SVD takes no prompt: the picture is the whole instruction. It comes from the
scene's keyframe (an upload or the previous scene's last frame, both given as
request.keyframe_path), else from a text-to-image model, else from a title card.

SVD draws on an 8-pixel grid, so a project size off that grid (e.g. 1080x1918)
is generated one grid step larger (1080x1920), with the keyframe covering it, and
the centre is cropped back to the project size: at most 7 pixels per axis are
lost and nothing is stretched.

SVD makes a fixed number of frames (14 or 25) whatever the scene's duration and the
project's frame rate, so most frames of a take fall between two generated ones. They
are made by motion-compensated interpolation (DIS optical flow, studio.post.interpolate),
so moving edges stay sharp instead of ghosting.

An out-of-memory error frees the GPU and retries once with decode_chunk_size 1-2,
feed-forward chunking and model CPU offload; a second one is a RenderFailed the
user can act on. Either way the engine stays usable: the next render puts the
model back the way the settings want it.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np
from PIL import Image

from studio.engines.base import RenderRequest, RenderResult
from studio.engines.keyframe_t2i import TextToImageKeyframes
from studio.engines.keyframes import load_keyframe, title_card
from studio.engines.svd_pipeline import (
    LoadedSVD,
    SVDControls,
    chunk_feed_forward,
    is_out_of_memory,
    load_svd,
    place,
    release,
    reset_peak_memory,
    run_facts,
    run_svd,
)
from studio.errors import RenderFailed, StudioError
from studio.models.catalog import resolve_model
from studio.models.devices import free_memory, select_device
from studio.models.manager import ModelManager
from studio.post.interpolate import Method, iter_retime
from studio.progress import Canceled, ProgressFn, no_progress

if TYPE_CHECKING:
    from studio.config import Settings

log = logging.getLogger(__name__)
T = TypeVar("T")

FAMILY = "svd"
"""The model family the manager keeps SVD under (one family on a GPU at a time)."""
RETIME_METHOD: Method = "flow"
"""How frames between SVD's generated ones are made (motion-compensated; recorded in each take's recipe)."""


@dataclass(frozen=True)
class Keyframe:
    image: Image.Image
    label: str
    sha256: str


@dataclass(frozen=True)
class Attempt:
    """One try at generating: what SVD is given, and how the model is placed for it."""

    image: Image.Image
    width: int
    height: int
    """The size SVD generates (on its 8-pixel grid)."""
    controls: SVDControls
    seed: int
    device: str
    offload: bool
    """Model CPU offload (CUDA only): one sub-model on the GPU at a time."""
    low_memory: bool = False
    """The retry after an out-of-memory error: feed-forward chunking, and the VAE decoding 1-2 frames at a time."""

    def with_less_memory(self) -> Attempt:
        """The retry after running out of memory: low-memory controls, chunked feed-forward, CPU offload."""
        return replace(self, controls=self.controls.low_memory(), offload=self.device == "cuda", low_memory=True)


@dataclass(frozen=True)
class Clip:
    """SVD's frames at the project size (before retiming), and how they were made."""

    frames: np.ndarray
    recipe: dict[str, Any]


class SVDEngine:
    """Renders a scene with SVD on the GPU (or, slowly, the CPU); one job at a time, as the lane guarantees."""

    name = "svd"

    def __init__(
        self,
        source: str,
        manager: ModelManager,
        *,
        device: str = "auto",
        offload: bool = False,
        compile_unet: bool = False,
        defaults: SVDControls | None = None,
        keyframes: TextToImageKeyframes | None = None,
        font_path: Path | None = None,
        ffmpeg: str | None = None,
    ) -> None:
        self.source = source
        self.manager = manager
        self.device_preference = device
        self.offload = offload
        self.compile_unet = compile_unet
        self.defaults = defaults or SVDControls()
        self.keyframes = keyframes
        self.font_path = font_path
        self.ffmpeg = ffmpeg

    @classmethod
    def from_settings(cls, settings: Settings, manager: ModelManager) -> SVDEngine | None:
        """The engine the settings describe, or None when no SVD model is configured or downloaded."""
        source = resolve_model("svd", settings.svd_model, settings.models_dir)
        if source is None:
            return None
        t2i = resolve_model("t2i", settings.t2i_model, settings.models_dir)
        return cls(
            source, manager, device=settings.device, offload=settings.svd_offload, compile_unet=settings.svd_compile,
            defaults=SVDControls.from_settings(settings), font_path=settings.font_path, ffmpeg=settings.ffmpeg_path,
            keyframes=TextToImageKeyframes(t2i, manager, device=settings.device) if t2i else None,
        )  # fmt: skip

    def render(self, request: RenderRequest, out_path: Path, progress: ProgressFn | None = None) -> RenderResult:
        """Render atomically: a cancel (Canceled from `progress`), an error or an OOM leaves no file."""
        started = time.monotonic()
        report = progress or no_progress

        # 1. Animate: the keyframe, SVD's frames, cropped to the project size
        clip = self.animate(request, report)

        # 2. Retime to the scene's length and encode (the file appears only when complete)
        total = max(1, round(request.duration * request.fps))
        encoding = time.monotonic()
        from studio.media import FrameWriter  # here, not at the top: the GPU check imports this without PyAV

        with FrameWriter(out_path, request.width, request.height, request.fps, ffmpeg=self.ffmpeg) as writer:
            for i, frame in enumerate(iter_retime(clip.frames, total, RETIME_METHOD)):
                report(i, total, "encoding")
                writer.write(frame)
            report(total, total, "encoding")

        # 3. The take's recipe
        recipe = {**clip.recipe, "fps": request.fps, "frames": total, "duration": total / request.fps}
        recipe["timings"]["encode"] = round(time.monotonic() - encoding, 3)
        recipe["retime"] = RETIME_METHOD
        elapsed = time.monotonic() - started
        return RenderResult(Path(out_path), total, request.fps, request.width, request.height, elapsed, recipe)

    def animate(self, request: RenderRequest, progress: ProgressFn | None = None) -> Clip:
        """SVD's frames for the scene, cropped to the project size: everything but retiming and encoding."""
        report = progress or no_progress

        # 1. Check inputs: the request checked itself (duration, frame); the scene's options here
        controls = self.defaults.with_options(request.options)
        width, height = _on_grid(request.width), _on_grid(request.height)

        # 2. Device
        try:
            device = select_device(self.device_preference)
        except RuntimeError as exc:
            raise RenderFailed(str(exc)) from None

        # 3. Keyframe: the scene's image, else one drawn from its text, else a title card
        started = time.monotonic()
        keyframe = self._keyframe(request, width, height, report)
        drawn = time.monotonic()

        # 4. Generate (once more with less memory after an out-of-memory error)
        attempt = Attempt(
            image=keyframe.image, width=width, height=height, controls=controls, seed=request.seed,
            device=device, offload=self.offload and device == "cuda",
        )  # fmt: skip
        frames, facts = self._generate(attempt, report)

        # 5. Crop the 8-pixel grid back to the project size
        left, top = (width - request.width) // 2, (height - request.height) // 2
        frames = frames[:, top : top + request.height, left : left + request.width]

        # 6. How it was made
        recipe = {
            "engine": self.name, "model": self.source, "seed": request.seed, **facts,
            "options": asdict(controls), "generated_size": f"{width}x{height}",
            "width": request.width, "height": request.height,
            "keyframe": keyframe.label, "keyframe_sha256": keyframe.sha256,
            "timings": {"keyframe": round(drawn - started, 3), "generate": round(time.monotonic() - drawn, 3)},
        }  # fmt: skip
        return Clip(np.ascontiguousarray(frames), recipe)

    def _generate(self, attempt: Attempt, report: ProgressFn) -> tuple[np.ndarray, dict[str, Any]]:
        """Run SVD; after an out-of-memory error, free memory and try once more with the low-memory settings."""
        while True:
            frames, facts, error = self._try(attempt, report)
            if error is None and frames is not None:
                return frames, facts
            if isinstance(error, Canceled | StudioError):
                raise error
            if error is None or not is_out_of_memory(error):
                raise RenderFailed(f"Stable Video Diffusion failed: {_describe(error)}") from None
            if attempt.low_memory:
                raise RenderFailed(
                    f"Out of GPU memory at {attempt.width}x{attempt.height} with {attempt.controls.frames} frames, "
                    f"even after retrying with decode_chunk_size {attempt.controls.decode_chunk_size}, chunked "
                    "feed-forward and CPU offload. Try fewer frames, a smaller video size, or closing other "
                    "programs that use the GPU."
                ) from None
            log.warning("SVD ran out of memory (%s); retrying with less", _describe(error))
            attempt = attempt.with_less_memory()

    def _try(
        self, attempt: Attempt, report: ProgressFn
    ) -> tuple[np.ndarray | None, dict[str, Any], BaseException | None]:
        """One attempt: the model (loaded once, kept by the manager) placed as wanted, then the SVD call.

        Returns (frames, how it ran, None), or (None, {}, the error) with the error's tracebacks
        dropped and the GPU memory freed, so a retry starts from a clean device.
        """
        loaded: LoadedSVD | None = None

        def call() -> np.ndarray:
            nonlocal loaded
            loaded = self._load(attempt.device)
            place(loaded, offload=attempt.offload)
            chunk_feed_forward(loaded, attempt.low_memory)
            reset_peak_memory(attempt.device)
            on_step = _stepper(attempt.controls.steps, report)
            frames = run_svd(
                loaded.pipe, attempt.image, attempt.width, attempt.height, attempt.controls,
                seed=attempt.seed, on_step=on_step,
            )  # fmt: skip
            report(1, 1, "decoding")
            return frames

        frames, error = _contained(call)
        if error is None and frames is not None and loaded is not None:
            return frames, {**run_facts(loaded, attempt.controls), "retried_after_oom": attempt.low_memory}, None
        release(loaded)
        free_memory()
        return None, {}, error

    def _load(self, device: str) -> LoadedSVD:
        def loader() -> LoadedSVD:
            return load_svd(self.source, device, compile_unet=self.compile_unet)

        try:
            return self.manager.acquire(FAMILY, self.source, device, loader)
        except (OSError, ValueError, ImportError) as exc:
            raise RenderFailed(f"Could not load Stable Video Diffusion from {self.source}: {_describe(exc)}") from None

    def _keyframe(self, request: RenderRequest, width: int, height: int, report: ProgressFn) -> Keyframe:
        """The picture SVD animates: the given image, else one drawn from the text, else a title card."""
        report(0, 1, "keyframe")
        if request.keyframe_path is not None:
            image, digest = load_keyframe(Path(request.keyframe_path), width, height)
            return Keyframe(image, f"image:{Path(request.keyframe_path).name}", digest)
        if self.keyframes is not None:
            keyframes = self.keyframes
            prompt = ", ".join(p.strip() for p in (request.description, request.action, request.camera) if p.strip())
            drawn, error = _contained(
                lambda: keyframes.generate(prompt, width, height, seed=request.seed, progress=report)
            )
            if error is not None or drawn is None:
                free_memory()
                if isinstance(error, Canceled | StudioError):
                    raise error
                raise RenderFailed(f"The keyframe could not be drawn with {keyframes.name}: {_describe(error)}")
            return Keyframe(drawn, f"t2i:{keyframes.name}", hashlib.sha256(drawn.tobytes()).hexdigest())
        heading = " · ".join(filter(None, (f"Scene {request.scene_number}", request.camera)))
        card = title_card(request.description, width, height, heading=heading, font_path=self.font_path)
        return Keyframe(card, "card", hashlib.sha256(card.tobytes()).hexdigest())


def _contained(work: Callable[[], T]) -> tuple[T | None, BaseException | None]:
    """Run `work`; return its result, or its exception with every traceback dropped.

    A traceback from mid-denoising holds the pipeline's frames and so every latent
    on the GPU: while it lives, emptying the CUDA cache frees nothing.
    """
    try:
        return work(), None
    except Exception as exc:
        if not isinstance(exc, Canceled | StudioError) and not is_out_of_memory(exc):
            log.error("SVD render step failed", exc_info=exc)
        error: BaseException = exc
    seen: set[int] = set()
    link: BaseException | None = error
    while link is not None and id(link) not in seen:
        seen.add(id(link))
        link.__traceback__ = None
        link = link.__cause__ or link.__context__
    return None, error


def _stepper(steps: int, report: ProgressFn) -> Callable[[int], None]:
    """The per-step hook: progress for each denoising step, then the start of VAE decoding."""

    def on_step(i: int) -> None:
        report(i + 1, steps, "denoising")
        if i + 1 == steps:
            report(0, 1, "decoding")

    return on_step


def _on_grid(size: int) -> int:
    """The next multiple of 8, SVD's pixel grid."""
    return -(-size // 8) * 8


def _describe(error: BaseException | None) -> str:
    if error is None:
        return "no frames came back"
    lines = str(error).strip().splitlines()
    hint = " (torch.compile failed: set STUDIO_SVD_COMPILE=false)" if "torch._" in type(error).__module__ else ""
    return f"{lines[0] if lines else type(error).__name__}{hint}"
