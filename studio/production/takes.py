"""Recording a take: the one way a finished clip becomes a scene's new take, for renders and looks alike.

Takes are never overwritten: each gets the next number of its scene and becomes the active one,
and the earlier takes stay to be compared and chosen again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import select

from studio.db import session_scope
from studio.errors import NotFound
from studio.projects.access import owned_scene
from studio.projects.service import TakeView
from studio.records import TakeRow, utcnow


@dataclass(frozen=True)
class NewTake:
    """A clip complete on disk, and how it was made."""

    path: Path
    engine: str
    """The video engine that made the clip (a look keeps its source take's)."""
    frames: int
    fps: int
    width: int
    height: int
    render_seconds: float
    recipe: dict[str, Any] = field(default_factory=dict)


def record_take(db: Engine, owner_id: int, scene_id: int, clip: NewTake) -> TakeView:
    """Add `clip` as the scene's next take, make it the active one, and mark the project as changed.

    The scene is looked up again, owner-scoped, in this short transaction: if it (or its project)
    went away while the clip was being made, the clip's file is deleted and NotFound raised.
    """
    try:
        with session_scope(db) as session:
            scene, project = owned_scene(session, owner_id, scene_id)
            number = session.exec(select(func.max(TakeRow.number)).where(TakeRow.scene_id == scene.id)).one() or 0
            take = TakeRow(
                scene_id=scene.id,
                number=number + 1,
                engine=clip.engine,
                recipe=clip.recipe,
                path=str(clip.path),
                frames=clip.frames,
                fps=clip.fps,
                width=clip.width,
                height=clip.height,
                render_seconds=round(clip.render_seconds, 3),
            )
            session.add(take)
            session.flush()
            scene.active_take_id = take.id
            project.updated_at = utcnow()
            return TakeView.of(take, active=True)
    except NotFound:
        Path(clip.path).unlink(missing_ok=True)
        raise
