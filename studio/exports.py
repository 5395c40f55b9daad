"""Exporting a project: its active takes, in storyboard order, stitched into one film."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import col, select

from studio.db import session_scope
from studio.errors import InvalidInput
from studio.projects import Projects, ordered_scenes, owned_project
from studio.records import Export, Take, utcnow
from studio.stitch import stitch


@dataclass(frozen=True)
class ExportView:
    id: int
    project_id: int
    path: str
    duration: float
    mode: str
    created_at: datetime


def _view(row: Export) -> ExportView:
    return ExportView(
        id=row.id,
        project_id=row.project_id,
        path=row.path,
        duration=row.duration,
        mode=row.mode,
        created_at=row.created_at,
    )


class Exporter:
    def __init__(self, engine: Engine, projects: Projects, *, ffmpeg: str | None = None) -> None:
        self.engine = engine
        self.projects = projects
        self.ffmpeg = ffmpeg

    def export(self, owner_id: int, project_id: int) -> ExportView:
        with session_scope(self.engine) as session:
            project = owned_project(session, owner_id, project_id)
            scenes = ordered_scenes(session, project.id)
            missing = [s.position for s in scenes if s.active_take_id is None]
            if missing:
                listed = ", ".join(str(n) for n in missing)
                raise InvalidInput(f"Render scene(s) {listed} first: every scene needs a take to export the film.")
            takes = [session.get(Take, s.active_take_id) for s in scenes]
            lost = [s.position for s, t in zip(scenes, takes, strict=True) if t is None or not Path(t.path).is_file()]
            if lost:
                listed = ", ".join(str(n) for n in lost)
                raise InvalidInput(f"The chosen take of scene(s) {listed} is missing on disk; render them again.")
            clips = [Path(t.path) for t in takes]
            take_ids = [t.id for t in takes]
            size = (project.width, project.height, project.fps)
            slug = re.sub(r"[^\w\-]+", "-", project.title, flags=re.UNICODE).strip("-")[:40] or "film"
        folder = self.projects.folder(owner_id, project_id) / "exports"
        folder.mkdir(parents=True, exist_ok=True)
        out = folder / f"{slug}-{utcnow():%Y%m%d-%H%M%S}-{secrets.token_hex(3)}.mp4"
        result = stitch(clips, out, width=size[0], height=size[1], fps=size[2], ffmpeg=self.ffmpeg)
        with session_scope(self.engine) as session:
            owned_project(session, owner_id, project_id)
            row = Export(
                project_id=project_id,
                path=str(result.path),
                duration=result.duration,
                take_ids=take_ids,
                mode=result.mode,
            )
            session.add(row)
            session.flush()
            return _view(row)

    def list(self, owner_id: int, project_id: int) -> list[ExportView]:
        with session_scope(self.engine) as session:
            owned_project(session, owner_id, project_id)
            query = select(Export).where(Export.project_id == project_id).order_by(col(Export.created_at).desc())
            return [_view(row) for row in session.exec(query).all() if Path(row.path).is_file()]
