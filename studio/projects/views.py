"""What services hand to the UI and API: frozen views of projects, scenes and takes (never ORM rows).

Each view reads its fields from a row's attributes (RowView.of); what a row does not hold itself
(a scene's number and takes, a take being active) is given beside it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import AliasChoices, Field

from studio.records import JSONDict, RowView
from studio.storyboard.schema import Scene, Storyboard


class SceneView(RowView):
    id: int
    project_id: int
    number: int = Field(validation_alias=AliasChoices("number", "position"))
    """The scene's place in the storyboard, from 1 (a row's `position`)."""
    description: str
    duration: float
    camera: str
    action: str
    narration: str
    keyframe_path: str | None
    continuity: bool
    render_options: JSONDict
    active_take_id: int | None
    active_take_number: int | None = None
    take_count: int = 0
    active_take_path: str | None = None

    def row(self) -> list[Any]:
        return [self.number, self.description, self.duration, self.camera, self.action, self.narration]


class ProjectView(RowView):
    id: int
    title: str
    idea: str
    writer: str
    width: int
    height: int
    fps: int
    created_at: datetime
    updated_at: datetime
    scenes: list[SceneView] = Field(default_factory=list)
    export_settings: JSONDict

    @property
    def total_duration(self) -> float:
        return round(sum(s.duration for s in self.scenes), 3)

    def rows(self) -> list[list[Any]]:
        return [s.row() for s in self.scenes]

    def storyboard(self) -> Storyboard:
        return Storyboard(title=self.title, scenes=[scene_of(s) for s in self.scenes])


class ProjectSummary(RowView):
    id: int
    title: str
    updated_at: datetime
    scene_count: int = 0
    rendered_count: int = 0
    total_duration: float = 0.0
    export_count: int = 0


class SharedSummary(RowView):
    """A project someone else shared with this user (read-only)."""

    summary: ProjectSummary
    owner: str


class TakeView(RowView):
    id: int
    scene_id: int
    number: int
    engine: str
    path: str
    recipe: JSONDict
    render_seconds: float
    created_at: datetime
    active: bool = False
    """Whether it is its scene's active take: TakeView.of(take, active=take.id == scene.active_take_id)."""


def scene_of(row: Any) -> Scene:
    """The storyboard fields of a stored scene (a row or its view)."""
    return Scene.model_validate(row, from_attributes=True)
