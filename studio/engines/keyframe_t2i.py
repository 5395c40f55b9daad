"""Keyframes drawn from a scene's description by a text-to-image model (SD-Turbo, SDXL-Turbo, SD 1.5).

SVD animates a picture; a scene with no upload and no previous shot still needs
one. The model is loaded on first use through the ModelManager (family "t2i"),
so on a small GPU it takes turns with SVD instead of competing for memory.

Turbo models are told apart by name ("turbo" in the folder or id, e.g.
models/t2i/sd-turbo or stabilityai/sdxl-turbo), or by the `turbo` argument: they
are distilled for 1-4 steps with guidance off, and a normal schedule ruins them.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from PIL import Image

from studio.engines.keyframes import fit_cover
from studio.errors import InvalidInput
from studio.models.catalog import is_turbo, weights_variant
from studio.models.devices import half_dtype, select_device
from studio.models.manager import ModelManager
from studio.progress import ProgressFn

FAMILY = "t2i"
TURBO_STEPS = 1
"""SD-Turbo and SDXL-Turbo are published with one step and guidance 0.0 as their recipe."""
FULL_STEPS = 25
FULL_GUIDANCE = 7.5


class TextToImageKeyframes:
    """Draws a keyframe for a scene from its text; seeded, so a take's keyframe can be drawn again."""

    def __init__(
        self,
        source: str,
        manager: ModelManager,
        *,
        device: str = "auto",
        turbo: bool | None = None,
        steps: int | None = None,
    ) -> None:
        self.source = source
        self.manager = manager
        self.device_preference = device
        self.turbo = is_turbo(source) if turbo is None else turbo
        self.steps = steps if steps is not None else (TURBO_STEPS if self.turbo else FULL_STEPS)
        if self.turbo and not 1 <= self.steps <= 4:
            raise InvalidInput(f"Turbo models draw in 1 to 4 steps (got {self.steps}).")
        if self.steps < 1:
            raise InvalidInput(f"Keyframe steps must be at least 1 (got {self.steps}).")
        self.guidance_scale = 0.0 if self.turbo else FULL_GUIDANCE

    @property
    def name(self) -> str:
        """Short model name for recipes: the folder name or the id."""
        return Path(self.source).name if Path(self.source).is_dir() else self.source

    def generate(
        self, prompt: str, width: int, height: int, *, seed: int, progress: ProgressFn | None = None
    ) -> Image.Image:
        """A width×height RGB keyframe of `prompt`; progress(i, steps, "keyframe") after each step may cancel."""
        if not prompt.strip():
            raise InvalidInput("A keyframe is drawn from the scene's description, and it is empty.")
        if width <= 0 or height <= 0:
            raise InvalidInput(f"Keyframe size must be positive (got {width}x{height}).")
        import torch

        device = select_device(self.device_preference)
        pipe = self.manager.acquire(FAMILY, self.source, device, lambda: load_text_to_image(self.source, device))
        native = int(pipe.unet.config.sample_size) * int(pipe.vae_scale_factor)
        draw_w, draw_h = drawing_size(width, height, native)

        def on_step(_pipe: Any, i: int, _t: Any, kwargs: dict[str, Any]) -> dict[str, Any]:
            if progress is not None:
                progress(i + 1, self.steps, "keyframe")
            return kwargs

        image = pipe(
            prompt=prompt,
            width=draw_w,
            height=draw_h,
            num_inference_steps=self.steps,
            guidance_scale=self.guidance_scale,
            generator=torch.Generator("cpu").manual_seed(seed),
            callback_on_step_end=on_step,
        ).images[0]
        return fit_cover(image, width, height)


def keyframe_prompt(description: str, action: str = "", camera: str = "") -> str:
    """What a scene's keyframe is drawn from: its description, then its action and camera."""
    return ", ".join(part.strip() for part in (description, action, camera) if part.strip())


def load_text_to_image(source: str, device: str) -> Any:
    """AutoPipelineForText2Image from a folder or id, half precision on CUDA, on `device`."""
    import torch
    from diffusers import AutoPipelineForText2Image

    dtype = half_dtype(device)
    variant = weights_variant(source, half=dtype == torch.float16)
    pipe = AutoPipelineForText2Image.from_pretrained(source, dtype=dtype, variant=variant)
    pipe.set_progress_bar_config(disable=True)
    return pipe.to(device)


def drawing_size(width: int, height: int, native: int) -> tuple[int, int]:
    """The size to draw at: the model's trained area in the frame's shape, on the model's size grid.

    Drawing straight at 1024x576 with a 512 px model tiles the subject (two heads,
    repeated horizons); drawing at its native area and fitting afterwards does not.
    """
    grid = max(8, native // 8)
    aspect = width / height
    draw_w = math.sqrt(native * native * aspect)
    draw_h = draw_w / aspect
    return max(grid, round(draw_w / grid) * grid), max(grid, round(draw_h / grid) * grid)
