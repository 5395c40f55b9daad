"""Which video engines this machine can run, and why: SVD when its weights and libraries are here, the animatic always
(over keyframes drawn by a text-to-image model when one is here, else over title cards).

The facts go to the UI, which words them in the user's language; the English note serves the REST API.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from typing import Literal

from studio.config import Settings
from studio.engines.animatic import AnimaticEngine
from studio.engines.base import VideoEngine
from studio.engines.keyframe_t2i import TextToImageKeyframes
from studio.engines.svd import SVDEngine
from studio.models.catalog import resolve_model
from studio.models.manager import ModelManager

ANIMATIC_NOTE = (
    "Scenes without a video model render as animatics: the keyframe (your uploaded image, the previous "
    "scene's last frame, or a title card of the scene) with a camera move that matches the scene's "
    "camera field. It is a real, quick preview of timing and framing, not generated footage."
)


@dataclass(frozen=True)
class VideoChoice:
    """Which engines run and why, as facts (for the UI to word in the user's language) and an English note."""

    reason: Literal["no_weights", "animatic_t2i", "t2i_no_libraries", "no_libraries", "svd"]
    facts: dict[str, str]
    note: str


def missing_model_libraries() -> list[str]:
    """The libraries real models need that are not installed (checked without importing them)."""
    return [name for name in ("torch", "diffusers", "transformers") if importlib.util.find_spec(name) is None]


def video_engines(settings: Settings, models: ModelManager) -> tuple[dict[str, VideoEngine], VideoChoice]:
    """SVD first when its weights and libraries are present, the animatic engine always; and why."""
    t2i = resolve_model("t2i", settings.t2i_model, settings.models_dir)
    missing = missing_model_libraries()
    drawn_by = TextToImageKeyframes(t2i, models, device=settings.device) if t2i and not missing else None
    animatic = AnimaticEngine(font_path=settings.font_path, ffmpeg=settings.ffmpeg_path, keyframes=drawn_by)
    source = resolve_model("svd", settings.svd_model, settings.models_dir)
    if source is None:
        return {"animatic": animatic}, _animatic_only(settings, t2i, drawn_by, missing)
    if missing:
        facts = {"source": str(source), "missing": ", ".join(missing)}
        note = (
            f"SVD weights were found ({source}), but {facts['missing']} is not installed: "
            f"`pip install -r requirements-models.txt`, then restart. {ANIMATIC_NOTE}"
        )
        return {"animatic": animatic}, VideoChoice("no_libraries", facts, note)
    svd = SVDEngine.from_settings(settings, models)
    keyframes = "text-to-image keyframes" if svd.keyframes else "title-card keyframes (no text-to-image model)"
    note = (
        f"Scenes render with Stable Video Diffusion ({source}) and {keyframes}; the animatic engine stays "
        "available for quick previews."
    )
    facts = {"source": str(source), "keyframes": "t2i" if svd.keyframes else "card"}
    return {"svd": svd, "animatic": animatic}, VideoChoice("svd", facts, note)


def _animatic_only(
    settings: Settings, t2i: str | None, keyframes: TextToImageKeyframes | None, missing: list[str]
) -> VideoChoice:
    """Why the animatic renders alone, and over what: drawn keyframes, or title cards (and how to get more)."""
    facts = {"folder": f"{settings.models_dir}/svd/"}
    add_svd = "To add SVD: `python -m studio.models download svd-xt` (see models/README.md)."
    if keyframes is not None:
        facts["t2i"] = keyframes.name
        note = (
            f"No Stable Video Diffusion weights in {facts['folder']}, so scenes render as animatics: a camera "
            f"move over a keyframe drawn by {keyframes.name} (text-to-image, seeded by each take's seed), or "
            f"over the scene's own image. {add_svd}"
        )
        return VideoChoice("animatic_t2i", facts, note)
    if t2i is not None:
        facts |= {"source": str(t2i), "missing": ", ".join(missing)}
        note = (
            f"A text-to-image model was found ({t2i}), but {facts['missing']} is not installed: "
            f"`pip install -r requirements-models.txt`, then restart. {ANIMATIC_NOTE}"
        )
        return VideoChoice("t2i_no_libraries", facts, note)
    note = (
        f"No Stable Video Diffusion weights in {facts['folder']} and STUDIO_SVD_MODEL is unset. "
        f"{ANIMATIC_NOTE} {add_svd}"
    )
    return VideoChoice("no_weights", facts, note)
