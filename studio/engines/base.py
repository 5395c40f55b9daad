"""The protocol every video engine implements, and the request/result it speaks."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from studio.config import Frame
from studio.errors import InvalidInput
from studio.progress import ProgressFn


@dataclass(frozen=True)
class RenderRequest:
    """One scene to render. It checks itself when made, so no engine is handed an impossible scene:
    a positive, finite duration and a frame within studio.config.Frame's limits (InvalidInput if not)."""

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

    def __post_init__(self) -> None:
        if isinstance(self.duration, bool) or not isinstance(self.duration, int | float):
            raise InvalidInput(f"Scene duration must be a number of seconds (got {self.duration!r}).")
        if not math.isfinite(self.duration) or self.duration <= 0:
            raise InvalidInput(f"Scene duration must be a positive number of seconds (got {self.duration}).")
        Frame.checked(self.width, self.height, self.fps)


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
