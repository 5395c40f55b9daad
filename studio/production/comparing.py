"""Comparing two takes of a scene: one clip with both side by side, playing in sync, so one can be chosen.

The clips are kept in the project's compare/ folder (post.compare caches and prunes them).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from studio.errors import InvalidInput
from studio.post.compare import Side, compare_clip
from studio.projects import Projects, TakeView

TakeLabel = Callable[[TakeView], str]
"""The words drawn over a take's side, in the viewer's language (e.g. "Take 2 · animatic")."""


def english_label(take: TakeView) -> str:
    return f"Take {take.number} · {take.engine}"


class Comparisons:
    def __init__(self, projects: Projects, *, font: Path | None = None, ffmpeg: str | None = None) -> None:
        self.projects = projects
        self.font = font
        self.ffmpeg = ffmpeg

    def compare(
        self,
        owner_id: int,
        scene_id: int,
        left_take_id: int | None,
        right_take_id: int | None,
        labels: TakeLabel = english_label,
    ) -> Path:
        """The side-by-side clip of two takes of the owner's scene (the same take twice is allowed).

        `labels` words each side; the takes must both be the scene's.
        """
        takes = {take.id: take for take in self.projects.takes(owner_id, scene_id)}
        if len(takes) < 2:
            raise InvalidInput("This scene has one take so far: render it again to have two to compare.")
        if not left_take_id or not right_take_id:
            raise InvalidInput("Pick a take for each side.")
        sides = []
        for take_id in (left_take_id, right_take_id):
            take = takes.get(take_id)
            if take is None:
                raise InvalidInput(f"Take id {take_id} is not one of this scene's takes.")
            sides.append(Side(Path(take.path), labels(take)))
        scene = self.projects.scene(owner_id, scene_id)
        folder = self.projects.folder(owner_id, scene.project_id).compare
        return compare_clip(sides[0], sides[1], folder, font=self.font, ffmpeg=self.ffmpeg)
