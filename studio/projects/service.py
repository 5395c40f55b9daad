"""Projects and their storyboards, always scoped to the owner.

Every method takes the owner's id and refuses (NotFound) anything that is not
theirs, so no caller can reach another user's project by guessing an id.
The only exception is reading: an owner may share a project read-only with named
users (share/unshare), who can then see it through get_shared and shared_with_me.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from studio.db import session_scope
from studio.errors import InvalidInput, NotFound
from studio.files import ProjectFolder, project_folder
from studio.projects.access import (
    ordered_scenes,
    owned_project,
    owned_scene,
    summary_of,
)
from studio.projects.controls import RenderControls
from studio.projects.sharing import SharingMixin
from studio.projects.views import (
    ProjectSummary,
    ProjectView,
    SceneView,
    SharedSummary,
    TakeView,
    scene_of,
)
from studio.records import ProjectRow, SceneRow, TakeRow, utcnow
from studio.storyboard.schema import COLUMNS, MAX_TITLE, Scene, Storyboard, clean_text, parse_rows

if TYPE_CHECKING:
    from studio.storyboard.safety import SafetyFilter


class Projects(SharingMixin):
    def __init__(
        self, engine: Engine, projects_dir: Path, max_scenes: int = 20, safety: SafetyFilter | None = None
    ) -> None:
        self.engine = engine
        self.projects_dir = projects_dir
        self.max_scenes = max_scenes
        self.safety = safety
        """When set, every title and scene text is checked before it is saved."""

    def folder(self, owner_id: int, project_id: int) -> ProjectFolder:
        """Where this project's files live (its takes, keyframes, music, exports, ...)."""
        return project_folder(self.projects_dir, owner_id, project_id)

    # -- projects -------------------------------------------------------------------------

    def create(
        self, owner_id: int, idea: str, board: Storyboard, *, writer: str, width: int, height: int, fps: int
    ) -> ProjectView:
        if len(board.scenes) > self.max_scenes:
            raise InvalidInput(f"A storyboard may have at most {self.max_scenes} scenes.")
        if self.safety is not None:
            self.safety.check(idea, "This idea")
            self.safety.check_storyboard(board)
        with session_scope(self.engine) as session:
            project = ProjectRow(
                owner_id=owner_id,
                title=board.title,
                idea=idea,
                writer=writer,
                width=width,
                height=height,
                fps=fps,
                created_by=owner_id,
                modified_by=owner_id,
            )
            session.add(project)
            session.flush()
            for position, scene in enumerate(board.scenes, start=1):
                session.add(
                    SceneRow(
                        project_id=project.id,
                        position=position,
                        created_by=owner_id,
                        modified_by=owner_id,
                        **scene.model_dump(),
                    )
                )
            session.flush()
            return self._view(session, project)

    def get(self, owner_id: int, project_id: int) -> ProjectView:
        with session_scope(self.engine) as session:
            return self._view(session, owned_project(session, owner_id, project_id))

    def summaries(self, owner_id: int) -> list[ProjectSummary]:
        with session_scope(self.engine) as session:
            projects = session.exec(
                select(ProjectRow).where(ProjectRow.owner_id == owner_id).order_by(col(ProjectRow.updated_at).desc())
            ).all()
            return [summary_of(session, project) for project in projects]

    def rename(self, owner_id: int, project_id: int, title: str) -> ProjectView:
        text = " ".join(clean_text(title).split())
        if not 1 <= len(text) <= MAX_TITLE:
            raise InvalidInput(f"A title needs 1-{MAX_TITLE} characters.")
        if self.safety is not None:
            self.safety.check(text, "This title")
        with session_scope(self.engine) as session:
            project = owned_project(session, owner_id, project_id)
            project.title = text
            project.updated_at = utcnow()
            project.modified_by = owner_id
            return self._view(session, project)

    def set_export_settings(self, owner_id: int, project_id: int, settings: dict[str, Any]) -> ProjectView:
        """Save how the film is finished (validated by the caller, e.g. post.finish.parse_finish)."""
        with session_scope(self.engine) as session:
            project = owned_project(session, owner_id, project_id)
            old = project.export_settings or {}
            project.export_settings = dict(settings)
            project.updated_at = utcnow()
            project.modified_by = owner_id
            session.flush()
            view = self._view(session, project)
        music = old.get("music_path")
        if music and music != settings.get("music_path"):
            Path(music).unlink(missing_ok=True)
        return view

    def delete(self, owner_id: int, project_id: int) -> None:
        with session_scope(self.engine) as session:
            project = owned_project(session, owner_id, project_id)
            session.delete(project)
        shutil.rmtree(self.folder(owner_id, project_id).root, ignore_errors=True)

    # -- the storyboard table ------------------------------------------------------------------

    def save_table(self, owner_id: int, project_id: int, rows: list[list[Any]]) -> ProjectView:
        """Make the table the storyboard: row order is scene order.

        A row's scene number names the existing scene it edits (so its takes stay with it);
        rows with a blank or unknown number become new scenes; scenes missing from the table
        are deleted. Everything is validated first, so a bad cell changes nothing.
        """
        scenes = parse_rows(rows, self.max_scenes)
        if self.safety is not None:
            self.safety.check_scenes(scenes, "This storyboard edit")
        with session_scope(self.engine) as session:
            project = owned_project(session, owner_id, project_id)
            existing = {s.position: s for s in ordered_scenes(session, project.id)}
            claimed: set[int] = set()
            plan: list[tuple[SceneRow | None, Scene]] = []
            for row, scene in zip(rows, scenes, strict=True):
                number = _as_int(row[0] if row else None)
                match = existing.get(number) if number not in claimed else None
                if match is not None:
                    claimed.add(number)
                plan.append((match, scene))
            doomed = [old for number, old in existing.items() if number not in claimed]
            leftovers = _files_of(session, doomed)
            for old in doomed:
                session.delete(old)
            self._apply(session, project, plan)
            view = self._view(session, project)
        _remove(leftovers)
        return view

    def replace_scene(self, owner_id: int, project_id: int, number: int, scene: Scene) -> ProjectView:
        """Put a rewritten scene in place of scene `number`, keeping its takes and controls."""
        if self.safety is not None:
            self.safety.check_scene(scene, f"The rewritten scene {number}")
        with session_scope(self.engine) as session:
            project = owned_project(session, owner_id, project_id)
            current = ordered_scenes(session, project.id)
            if not 1 <= number <= len(current):
                raise InvalidInput(f"There is no scene {number}.")
            plan = [(s, scene if i == number else scene_of(s)) for i, s in enumerate(current, start=1)]
            self._apply(session, project, plan)
            return self._view(session, project)

    def add_scene(self, owner_id: int, project_id: int, after: int | None = None) -> ProjectView:
        with session_scope(self.engine) as session:
            project = owned_project(session, owner_id, project_id)
            current = ordered_scenes(session, project.id)
            if len(current) >= self.max_scenes:
                raise InvalidInput(f"A storyboard may have at most {self.max_scenes} scenes.")
            index = len(current) if after is None else max(0, min(after, len(current)))
            template = current[index - 1] if index else None
            fresh = Scene(
                description="New scene: describe what the camera sees",
                duration=template.duration if template else 4.0,
                camera="medium shot",
            )
            plan = [(s, scene_of(s)) for s in current]
            plan.insert(index, (None, fresh))
            self._apply(session, project, plan)
            return self._view(session, project)

    def delete_scene(self, owner_id: int, project_id: int, number: int) -> ProjectView:
        with session_scope(self.engine) as session:
            project = owned_project(session, owner_id, project_id)
            current = ordered_scenes(session, project.id)
            if not 1 <= number <= len(current):
                raise InvalidInput(f"There is no scene {number}.")
            if len(current) == 1:
                raise InvalidInput("A storyboard needs at least one scene.")
            leftovers = _files_of(session, [current[number - 1]])
            session.delete(current[number - 1])
            plan = [(s, scene_of(s)) for i, s in enumerate(current, start=1) if i != number]
            self._apply(session, project, plan)
            view = self._view(session, project)
        _remove(leftovers)
        return view

    def move_scene(self, owner_id: int, project_id: int, number: int, offset: int) -> ProjectView:
        with session_scope(self.engine) as session:
            project = owned_project(session, owner_id, project_id)
            current = ordered_scenes(session, project.id)
            if not 1 <= number <= len(current):
                raise InvalidInput(f"There is no scene {number}.")
            target = max(1, min(len(current), number + offset))
            moved = current.pop(number - 1)
            current.insert(target - 1, moved)
            self._apply(session, project, [(s, scene_of(s)) for s in current])
            return self._view(session, project)

    def scene(self, owner_id: int, scene_id: int) -> SceneView:
        with session_scope(self.engine) as session:
            scene, project = owned_scene(session, owner_id, scene_id)
            return self._view(session, project).scenes[scene.position - 1]

    def set_keyframe(self, owner_id: int, scene_id: int, path: Path | None) -> SceneView:
        with session_scope(self.engine) as session:
            scene, project = owned_scene(session, owner_id, scene_id)
            old = scene.keyframe_path
            scene.keyframe_path = str(path) if path else None
            scene.updated_at = project.updated_at = utcnow()
            session.flush()
            view = self._view(session, project).scenes[scene.position - 1]
        if old and old != (str(path) if path else None):
            Path(old).unlink(missing_ok=True)
        return view

    def set_controls(self, owner_id: int, scene_id: int, *, continuity: bool, controls: RenderControls) -> SceneView:
        """Save how this scene renders: continuity from the previous scene, and engine controls."""
        with session_scope(self.engine) as session:
            scene, project = owned_scene(session, owner_id, scene_id)
            if continuity and scene.position == 1:
                raise InvalidInput("Scene 1 has no previous scene to continue from.")
            scene.continuity = continuity
            scene.render_options = controls.options()
            scene.updated_at = project.updated_at = utcnow()
            scene.modified_by = project.modified_by = owner_id
            session.flush()
            return self._view(session, project).scenes[scene.position - 1]

    # -- takes ----------------------------------------------------------------------------------

    def takes(self, owner_id: int, scene_id: int) -> list[TakeView]:
        with session_scope(self.engine) as session:
            scene, _ = owned_scene(session, owner_id, scene_id)
            query = select(TakeRow).where(TakeRow.scene_id == scene.id).order_by(TakeRow.number)
            return [TakeView.of(t, active=t.id == scene.active_take_id) for t in session.exec(query).all()]

    def take(self, owner_id: int, take_id: int) -> TakeView:
        with session_scope(self.engine) as session:
            take = session.get(TakeRow, take_id)
            if take is None:
                raise NotFound("That take does not exist or is not yours.")
            scene, _ = owned_scene(session, owner_id, take.scene_id)
            return TakeView.of(take, active=take.id == scene.active_take_id)

    def choose_take(self, owner_id: int, take_id: int) -> TakeView:
        with session_scope(self.engine) as session:
            take = session.get(TakeRow, take_id)
            if take is None:
                raise NotFound("That take does not exist or is not yours.")
            scene, project = owned_scene(session, owner_id, take.scene_id)
            scene.active_take_id = take.id
            project.updated_at = utcnow()
            return TakeView.of(take, active=True)

    # -- internals ------------------------------------------------------------------------------

    def _apply(self, session: Session, project: ProjectRow, plan: list[tuple[SceneRow | None, Scene]]) -> None:
        """Write scenes in the planned order; positions move through negatives to dodge the unique index."""
        rows = [old for old, _ in plan if old is not None]
        for i, old in enumerate(rows, start=1):
            old.position = -i
        session.flush()
        now = utcnow()
        for position, (old, scene) in enumerate(plan, start=1):
            actor = project.owner_id  # only owners edit their storyboards
            target = old or SceneRow(
                project_id=project.id, position=position, created_by=actor, modified_by=actor, **scene.model_dump()
            )
            if old is not None:
                fields = scene.model_dump()
                if any(getattr(old, k) != v for k, v in fields.items()):
                    for key, value in fields.items():
                        setattr(old, key, value)
                    old.updated_at = now
                    old.modified_by = actor
                old.position = position
            session.add(target)
        project.updated_at = now
        project.modified_by = project.owner_id
        session.flush()

    def _view(self, session: Session, project: ProjectRow) -> ProjectView:
        scenes = ordered_scenes(session, project.id)
        counts = dict(
            session.exec(
                select(TakeRow.scene_id, func.count())
                .where(col(TakeRow.scene_id).in_([s.id for s in scenes]))
                .group_by(TakeRow.scene_id)
            ).all()
        )
        active_ids = [s.active_take_id for s in scenes if s.active_take_id]
        active = {
            take_id: (number, path)
            for take_id, number, path in session.exec(
                select(TakeRow.id, TakeRow.number, TakeRow.path).where(col(TakeRow.id).in_(active_ids))
            ).all()
        }
        scene_views = [
            SceneView.of(
                s,
                active_take_number=active[s.active_take_id][0] if s.active_take_id in active else None,
                active_take_path=active[s.active_take_id][1] if s.active_take_id in active else None,
                take_count=counts.get(s.id, 0),
            )
            for s in scenes
        ]
        return ProjectView.of(project, scenes=scene_views)


def _files_of(session: Session, scenes: list[SceneRow]) -> list[Path]:
    """The take and keyframe files that go when these scenes go."""
    ids = [s.id for s in scenes]
    takes = session.exec(select(TakeRow.path).where(col(TakeRow.scene_id).in_(ids))).all() if ids else []
    return [Path(p) for p in takes] + [Path(s.keyframe_path) for s in scenes if s.keyframe_path]


def _remove(paths: list[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


def _as_int(value: object) -> int | None:
    try:
        number = float(str(value).strip())
    except (TypeError, ValueError):
        return None
    return int(number) if number.is_integer() else None


__all__ = [
    "COLUMNS",
    "ProjectSummary",
    "ProjectView",
    "Projects",
    "SceneView",
    "SharedSummary",
    "TakeView",
]
