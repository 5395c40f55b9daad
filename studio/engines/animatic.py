"""The animatic engine: a camera move over a still keyframe, on the CPU.

It is the studio's default when no video model is installed: a real, honest
preview of a scene's framing and timing, named as what it is. Each frame is a
window onto a source canvas larger than the frame; the window glides from a
start rectangle to an end rectangle chosen from the scene's camera field.

The keyframe is the scene's image (an upload, or the previous scene's last frame),
else a picture drawn by a text-to-image model when one is installed (SD-Turbo draws
one in a step, seconds on a CPU), else a title card of the scene's mood and subject.
The take's seed draws the picture (the model's noise, or the card's layout) and picks
the camera's direction, so another take is another picture.
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from studio.engines.base import RenderRequest, RenderResult
from studio.engines.keyframe_t2i import TextToImageKeyframes, keyframe_prompt
from studio.engines.keyframes import load_keyframe, title_card
from studio.errors import RenderFailed, StudioError
from studio.media import FrameWriter
from studio.progress import Canceled, ProgressFn, no_progress

"""Keyframes reaching the engine were already checked at upload; this only guards against absurd files."""

_MAX_CANVAS_SIDE = 4096
_CARD_TEXT_AREA = 0.56
"""Centred part of a card that stays in view for every move below (the smallest window is 0.6 of the canvas)."""


@dataclass(frozen=True)
class Window:
    """A view onto the canvas: centre (cx, cy) and size `scale`, all as fractions of the canvas."""

    cx: float
    cy: float
    scale: float


@dataclass(frozen=True)
class Move:
    name: str
    start: Window
    end: Window
    breathe: float = 0.0
    """Amplitude of an in-and-out zoom on top of the glide, for shots meant to look almost still."""

    def at(self, t: float) -> Window:
        """The window at time t in [0, 1], eased so the camera starts and stops gently."""
        e = t * t * (3.0 - 2.0 * t)
        scale = _lerp(self.start.scale, self.end.scale, e) - self.breathe * math.sin(math.pi * t)
        cx = _lerp(self.start.cx, self.end.cx, e)
        cy = _lerp(self.start.cy, self.end.cy, e)
        margin = (1.0 - scale) / 2.0
        return Window(min(max(cx, 0.5 - margin), 0.5 + margin), min(max(cy, 0.5 - margin), 0.5 + margin), scale)

    @property
    def min_scale(self) -> float:
        return min(self.start.scale, self.end.scale) - self.breathe

    @property
    def max_scale(self) -> float:
        return max(self.start.scale, self.end.scale)


_CAMERA_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("strong push-in", ("extremecloseup", "extremeclose", "大特写", "极特写")),
    ("push-in", ("closeup", "closeshot", "pushin", "dollyin", "zoomin", "特写", "近景", "推进", "推镜")),
    ("pull-out", ("aerial", "drone", "birdseye", "bird'seye", "overhead", "航拍", "鸟瞰", "俯瞰", "俯拍")),
    ("tilt up", ("lowangle", "tilt", "wormseye", "仰拍", "仰视", "仰角")),
    ("pan", ("wide", "tracking", "pan", "establishing", "全景", "远景", "跟拍", "移动", "横摇", "摇镜")),
    ("medium push", ("medium", "midshot", "mediumshot", "中景", "中近景")),
    ("breathing", ("static", "still", "locked", "fixed", "固定", "静止")),
)
"""Keywords in order of precedence ("extreme close up" before "close up"); matched without spaces or dashes."""

MOVES: tuple[str, ...] = (
    "strong push-in",
    "push-in",
    "pull-out",
    "tilt up",
    "pan",
    "medium push",
    "breathing",
    "drift",
)


def camera_move(camera: str) -> str:
    """Name the move a camera description gets; unknown text gets a gentle drift rather than an error."""
    key = "".join(ch for ch in camera.lower() if not (ch.isspace() or ch in "-_·."))
    for move, words in _CAMERA_WORDS:
        if any(word in key for word in words):
            return move
    return "drift"


def _plan(move: str, seed: int) -> Move:
    """The start and end windows of a move; the seed picks directions so a new take looks different."""
    sign = 1.0 if seed % 2 == 0 else -1.0
    vsign = 1.0 if (seed // 2) % 2 == 0 else -1.0
    if move == "strong push-in":
        return Move(move, Window(0.5, 0.5, 1.0), Window(0.5, 0.5, 0.6))
    if move == "push-in":
        return Move(move, Window(0.5, 0.5, 1.0), Window(0.5, 0.5, 0.8))
    if move == "pull-out":
        return Move(move, Window(0.5 + 0.06 * sign, 0.5 + 0.04 * vsign, 0.7), Window(0.5, 0.5, 1.0))
    if move == "tilt up":
        return Move(move, Window(0.5, 0.6, 0.8), Window(0.5, 0.4, 0.8))
    if move == "pan":
        return Move(move, Window(0.5 - 0.1 * sign, 0.5, 0.8), Window(0.5 + 0.1 * sign, 0.5, 0.8))
    if move == "medium push":
        return Move(move, Window(0.5, 0.5, 0.95), Window(0.5 + 0.03 * sign, 0.5 + 0.015 * vsign, 0.85))
    if move == "breathing":
        return Move(move, Window(0.5, 0.5, 0.95), Window(0.5, 0.5, 0.95), breathe=0.012)
    start = Window(0.5 - 0.03 * sign, 0.5 - 0.03 * vsign, 0.9)
    return Move("drift", start, Window(0.5 + 0.03 * sign, 0.5 + 0.03 * vsign, 0.88))


class AnimaticEngine:
    """Camera moves over a keyframe, a drawn picture or a title card; seconds per scene."""

    name = "animatic"

    def __init__(
        self,
        *,
        font_path: Path | None = None,
        ffmpeg: str | None = None,
        keyframes: TextToImageKeyframes | None = None,
    ) -> None:
        self.font_path = font_path
        self.ffmpeg = ffmpeg
        self.keyframes = keyframes
        """Draws the keyframe of a scene that has no image (None: a title card instead)."""

    def render(self, request: RenderRequest, out_path: Path, progress: ProgressFn | None = None) -> RenderResult:
        """Render the scene atomically: a cancel (Canceled from `progress`) or error leaves no file."""
        started = time.monotonic()
        width, height, fps = request.width, request.height, request.fps  # checked by RenderRequest
        move = _plan(camera_move(request.camera), request.seed)
        canvas_w, canvas_h = _canvas_size(width, height, move.min_scale)
        report = progress or no_progress
        canvas, source_label, source_hash, drawn = self._canvas(request, canvas_w, canvas_h, report)
        total = max(1, round(request.duration * fps))

        sampler = _Sampler(canvas, width, height, max_ratio=move.max_scale * canvas_w / width)
        with FrameWriter(out_path, width, height, fps, ffmpeg=self.ffmpeg) as writer:
            for i in range(total):
                report(i, total, "animating")
                t = i / (total - 1) if total > 1 else 0.0
                writer.write(sampler.frame(move.at(t)))
            report(total, total, "encoding")

        recipe = {
            "engine": self.name,
            "camera": request.camera,
            "move": move.name,
            "seed": request.seed,
            "fps": fps,
            "width": width,
            "height": height,
            "frames": total,
            "duration": total / fps,
            "keyframe": source_label,
            "keyframe_sha256": source_hash,
            **drawn,
        }
        return RenderResult(
            path=Path(out_path),
            frames=total,
            fps=fps,
            width=width,
            height=height,
            seconds=time.monotonic() - started,
            recipe=recipe,
        )

    def _canvas(
        self, request: RenderRequest, width: int, height: int, report: ProgressFn
    ) -> tuple[np.ndarray, str, str, dict[str, object]]:
        """The source canvas (RGB array), a label for the recipe, the keyframe's sha256, and how it was drawn."""
        if request.keyframe_path is not None:
            image, digest = load_keyframe(Path(request.keyframe_path), width, height)
            return np.asarray(image), f"upload:{Path(request.keyframe_path).name}", digest, {}
        if self.keyframes is not None:
            pixels, drawn = self._drawn(request, width, height, report)
            return pixels, f"t2i:{self.keyframes.name}", hashlib.sha256(pixels.tobytes()).hexdigest(), drawn
        card: Image.Image = title_card(
            request.description,
            width,
            height,
            heading=" · ".join(filter(None, (f"Scene {request.scene_number}", request.camera))),
            font_path=self.font_path,
            text_area=_CARD_TEXT_AREA,
            seed=request.seed,
        )
        pixels = np.asarray(card)
        return pixels, "card", hashlib.sha256(pixels.tobytes()).hexdigest(), {}

    def _drawn(
        self, request: RenderRequest, width: int, height: int, report: ProgressFn
    ) -> tuple[np.ndarray, dict[str, object]]:
        """The scene drawn by the text-to-image model at the canvas's size, seeded by the take's seed."""
        assert self.keyframes is not None
        prompt = keyframe_prompt(request.description, request.action, request.camera)
        try:
            image = self.keyframes.generate(prompt, width, height, seed=request.seed, progress=report)
        except (Canceled, StudioError):
            raise
        except Exception as exc:  # a broken model folder, an OOM: the take fails with the reason
            lines = str(exc).strip().splitlines()
            reason = lines[0] if lines else type(exc).__name__
            raise RenderFailed(f"The keyframe could not be drawn with {self.keyframes.name}: {reason}") from None
        recipe = {
            "keyframe_model": self.keyframes.source,
            "keyframe_seed": request.seed,
            "keyframe_steps": self.keyframes.steps,
            "keyframe_prompt": prompt,
        }
        return np.ascontiguousarray(np.asarray(image.convert("RGB"))), recipe


def _canvas_size(width: int, height: int, min_scale: float) -> tuple[int, int]:
    """Large enough that the tightest window still has at least one canvas pixel per frame pixel (stays sharp)."""
    factor = max(1.0 / max(min_scale, 0.05), 1.0)
    factor = min(factor, _MAX_CANVAS_SIDE / max(width, height))
    return max(round(width * factor), width), max(round(height * factor), height)


class _Sampler:
    """Resamples windows of the canvas into frames with one affine warp each (sub-pixel, native speed).

    A bilinear warp that shrinks the canvas by more than ~1.2x aliases fine detail,
    which shimmers as the camera moves. warpAffine has no area filter, so a
    pre-blurred copy of the canvas is blended in as the shrink grows: a cheap
    stand-in for mipmapping that stays continuous (no pop between levels).
    """

    def __init__(self, canvas: np.ndarray, width: int, height: int, *, max_ratio: float) -> None:
        self.canvas = canvas
        self.width = width
        self.height = height
        self.max_sigma = _prefilter_sigma(max_ratio)
        self.blurred = cv2.GaussianBlur(canvas, (0, 0), self.max_sigma) if self.max_sigma > 0.15 else None

    def frame(self, window: Window) -> np.ndarray:
        canvas_h, canvas_w = self.canvas.shape[:2]
        win_w = window.scale * canvas_w
        win_h = window.scale * canvas_h
        x0 = window.cx * canvas_w - win_w / 2.0
        y0 = window.cy * canvas_h - win_h / 2.0
        sx = win_w / self.width
        sy = win_h / self.height
        # Maps frame pixel centres to canvas coordinates (OpenCV puts pixel centres on integers).
        matrix = np.array([[sx, 0.0, x0 + 0.5 * sx - 0.5], [0.0, sy, y0 + 0.5 * sy - 0.5]], dtype=np.float64)
        sharp = self._warp(self.canvas, matrix)
        if self.blurred is None:
            return sharp
        weight = min(_prefilter_sigma(max(sx, sy)) / self.max_sigma, 1.0)
        if weight <= 0.01:
            return sharp
        soft = self._warp(self.blurred, matrix)
        return cv2.addWeighted(sharp, 1.0 - weight, soft, weight, 0.0)

    def _warp(self, source: np.ndarray, matrix: np.ndarray) -> np.ndarray:
        return cv2.warpAffine(
            source,
            matrix,
            (self.width, self.height),
            flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
            borderMode=cv2.BORDER_REFLECT,
        )


def _prefilter_sigma(ratio: float) -> float:
    """Gaussian sigma (canvas pixels) that band-limits the canvas for a shrink by `ratio`; 0 when not shrinking."""
    return 0.5 * math.sqrt(max(ratio * ratio - 1.0, 0.0))


def _lerp(a: float, b: float, t: float) -> float:
    return a + (b - a) * t
