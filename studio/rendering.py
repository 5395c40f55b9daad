"""Rendering scenes into takes.

A render reads what it needs in one short transaction, renders with no database
session open, and records the Take only once the clip is complete on disk.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import select

from studio.db import session_scope
from studio.engines.base import ProgressFn, RenderRequest, VideoEngine
from studio.errors import InvalidInput, NotFound
from studio.projects import Projects, TakeView, ordered_scenes, owned_project, owned_scene, take_view
from studio.records import Take, utcnow

SceneProgress = Callable[[int, int, int, int, str], None]
"""progress(scene_index, scene_count, done, total, stage) for multi-scene renders."""


class Renderer:
    def __init__(self, engine: Engine, projects: Projects, video: VideoEngine) -> None:
        self.engine = engine
        self.projects = projects
        self.video = video

    def render_scene(
        self, owner_id: int, scene_id: int, progress: ProgressFn | None = None, *, seed: int | None = None
    ) -> TakeView:
        with session_scope(self.engine) as session:
            scene, project = owned_scene(session, owner_id, scene_id)
            keyframe = Path(scene.keyframe_path) if scene.keyframe_path else None
            request = RenderRequest(
                scene_number=scene.position,
                description=scene.description,
                camera=scene.camera,
                duration=scene.duration,
                width=project.width,
                height=project.height,
                fps=project.fps,
                seed=secrets.randbelow(2**31) if seed is None else seed,
                action=scene.action,
                narration=scene.narration,
                keyframe_path=keyframe,
            )
            folder = self.projects.folder(owner_id, project.id) / "takes"
        if keyframe is not None and not keyframe.is_file():
            raise InvalidInput(f"Scene {request.scene_number}'s keyframe image is missing; upload it again.")
        folder.mkdir(parents=True, exist_ok=True)
        out_path = folder / f"scene{scene_id}-{secrets.token_hex(6)}.mp4"
        started = time.perf_counter()
        result = self.video.render(request, out_path, progress)
        elapsed = time.perf_counter() - started
        recipe = {
            **result.recipe,
            "engine": self.video.name,
            "seed": request.seed,
            "description": request.description,
            "camera": request.camera,
            "duration": request.duration,
        }
        try:
            with session_scope(self.engine) as session:
                scene, project = owned_scene(session, owner_id, scene_id)
                number = session.exec(select(func.max(Take.number)).where(Take.scene_id == scene.id)).one() or 0
                take = Take(
                    scene_id=scene.id,
                    number=number + 1,
                    engine=self.video.name,
                    recipe=recipe,
                    path=str(result.path),
                    frames=result.frames,
                    fps=result.fps,
                    width=result.width,
                    height=result.height,
                    render_seconds=round(elapsed, 3),
                )
                session.add(take)
                session.flush()
                scene.active_take_id = take.id
                project.updated_at = utcnow()
                return take_view(take, take.id)
        except NotFound:
            result.path.unlink(missing_ok=True)  # the scene went away while it rendered
            raise

    def scenes_to_render(self, owner_id: int, project_id: int, *, rerender: bool = False) -> list[int]:
        with session_scope(self.engine) as session:
            project = owned_project(session, owner_id, project_id)
            scenes = ordered_scenes(session, project.id)
            return [s.id for s in scenes if rerender or s.active_take_id is None]

    def render_all(
        self, owner_id: int, project_id: int, progress: SceneProgress | None = None, *, rerender: bool = False
    ) -> list[TakeView]:
        """Render every scene without an active take (every scene if `rerender`), in storyboard order."""
        scene_ids = self.scenes_to_render(owner_id, project_id, rerender=rerender)
        takes = []
        for index, scene_id in enumerate(scene_ids):
            step: ProgressFn | None = None
            if progress is not None:

                def step(done: int, total: int, stage: str, _i: int = index) -> None:
                    progress(_i, len(scene_ids), done, total, stage)

            takes.append(self.render_scene(owner_id, scene_id, step))
        return takes
