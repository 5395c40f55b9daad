"""The protocol every video engine implements, and the request/result it speaks."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from studio.progress import ProgressFn


@dataclass(frozen=True)
class RenderRequest:
    scene_number: int
    description: str
    camera: str
    duration: float
    width: int
    height: int
    fps: int
    seed: int = 0
    action: str = ""
    narration: str = ""
    keyframe_path: Path | None = None
    options: dict[str, Any] = field(default_factory=dict)
    """Engine controls chosen per scene (e.g. steps, motion_bucket_id, noise_aug_strength, frames, fps)."""


@dataclass(frozen=True)
class RenderResult:
    path: Path
    frames: int
    fps: int
    width: int
    height: int
    seconds: float
    recipe: dict[str, Any] = field(default_factory=dict)


class VideoEngine(Protocol):
    name: str

    def render(self, request: RenderRequest, out_path: Path, progress: ProgressFn | None = None) -> RenderResult:
        """Render `request` into an MP4 at `out_path`, atomically: the file exists only if complete."""
        ...
