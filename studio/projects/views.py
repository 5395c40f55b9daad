"""What services hand to the UI and API: plain, frozen views of projects, scenes and takes (never ORM rows)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from studio.records import TakeRow
from studio.storyboard.schema import Scene, Storyboard


@dataclass(frozen=True)
class SceneView:
    id: int
    project_id: int
    number: int
    description: str
    duration: float
    camera: str
    action: str
    narration: str
    keyframe_path: str | None
    continuity: bool
    render_options: dict[str, Any]
    active_take_id: int | None
    active_take_number: int | None
    take_count: int
    active_take_path: str | None = None

    def row(self) -> list[Any]:
        return [self.number, self.description, self.duration, self.camera, self.action, self.narration]


@dataclass(frozen=True)
class ProjectView:
    id: int
    title: str
    idea: str
    writer: str
    width: int
    height: int
    fps: int
    created_at: datetime
    updated_at: datetime
    scenes: list[SceneView]
    export_settings: dict[str, Any]

    @property
    def total_duration(self) -> float:
        return round(sum(s.duration for s in self.scenes), 3)

    def rows(self) -> list[list[Any]]:
        return [s.row() for s in self.scenes]

    def storyboard(self) -> Storyboard:
        return Storyboard(title=self.title, scenes=[scene_of(s) for s in self.scenes])


@dataclass(frozen=True)
class ProjectSummary:
    id: int
    title: str
    updated_at: datetime
    scene_count: int
    rendered_count: int
    total_duration: float
    export_count: int


@dataclass(frozen=True)
class SharedSummary:
    """A project someone else shared with this user (read-only)."""

    summary: ProjectSummary
    owner: str


@dataclass(frozen=True)
class TakeView:
    id: int
    scene_id: int
    number: int
    engine: str
    path: str
    recipe: dict[str, Any]
    render_seconds: float
    created_at: datetime
    active: bool


def take_view(take: TakeRow, active_take_id: int | None) -> TakeView:
    return TakeView(
        id=take.id,
        scene_id=take.scene_id,
        number=take.number,
        engine=take.engine,
        path=take.path,
        recipe=dict(take.recipe),
        render_seconds=take.render_seconds,
        created_at=take.created_at,
        active=take.id == active_take_id,
    )


def scene_of(row: Any) -> Scene:
    """The storyboard fields of a stored scene (a row or its view)."""
    return Scene(**{name: getattr(row, name) for name in Scene.model_fields})
