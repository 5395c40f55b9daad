"""Rendering scenes into takes.

A render reads what it needs in one short transaction, renders with no database
session open, and records the Take (studio.production.takes) only once the clip is complete on disk.
"""

from __future__ import annotations

import secrets
import time
from pathlib import Path

from PIL import Image
from sqlalchemy.engine import Engine
from sqlmodel import Session

from studio.db import session_scope
from studio.engines.base import RenderRequest, VideoEngine
from studio.errors import InvalidInput
from studio.files import ProjectFolder, atomic_output
from studio.media import last_frame
from studio.production.takes import NewTake, record_take
from studio.progress import ProgressFn
from studio.projects.access import ordered_scenes, owned_project, owned_scene, previous_active_take
from studio.projects.service import Projects, TakeView
from studio.records import SceneRow


class Renderer:
    """Renders scenes with one of the available engines; the first one given is the default."""

    def __init__(self, engine: Engine, projects: Projects, video: VideoEngine | dict[str, VideoEngine]) -> None:
        self.engine = engine
        self.projects = projects
        self.engines = video if isinstance(video, dict) else {video.name: video}
        self.default = next(iter(self.engines))

    @property
    def video(self) -> VideoEngine:
        return self.engines[self.default]

    def pick(self, name: str | None) -> VideoEngine:
        if not name:
            return self.video
        if name not in self.engines:
            raise InvalidInput(f"No engine named '{name}'; available: {', '.join(self.engines)}.")
        return self.engines[name]

    def render_scene(
        self,
        owner_id: int,
        scene_id: int,
        progress: ProgressFn | None = None,
        *,
        seed: int | None = None,
        engine: str | None = None,
    ) -> TakeView:
        """Render one scene into a new take (it becomes the active one); the clip exists only if complete."""
        video = self.pick(engine)
        request, folder, source = self._request(owner_id, scene_id, seed)
        if request.keyframe_path is not None and not request.keyframe_path.is_file():
            raise InvalidInput(f"Scene {request.scene_number}'s keyframe image is missing; upload it again.")
        folder.takes.mkdir(parents=True, exist_ok=True)
        out_path = folder.takes / f"scene{scene_id}-{secrets.token_hex(6)}.mp4"
        started = time.perf_counter()
        result = video.render(request, out_path, progress)
        elapsed = time.perf_counter() - started
        recipe = {
            **result.recipe,
            "engine": video.name,
            "keyframe_source": source,
            "seed": request.seed,
            "description": request.description,
            "camera": request.camera,
            "duration": request.duration,
        }
        clip = NewTake(
            path=result.path,
            engine=video.name,
            frames=result.frames,
            fps=result.fps,
            width=result.width,
            height=result.height,
            render_seconds=elapsed,
            recipe=recipe,
        )
        return record_take(self.engine, owner_id, scene_id, clip)

    def _request(self, owner_id: int, scene_id: int, seed: int | None) -> tuple[RenderRequest, ProjectFolder, str]:
        """What the engine is asked for, read in one short transaction: (request, project folder, keyframe source).

        A scene's stored seed is used unless `seed` is given; without either, a fresh one is drawn.
        """
        with session_scope(self.engine) as session:
            scene, project = owned_scene(session, owner_id, scene_id)
            folder = self.projects.folder(owner_id, project.id)
            keyframe, source = self._keyframe(session, scene, folder)
            options = dict(scene.render_options or {})
            stored_seed = options.pop("seed", None)
            chosen_seed = seed if seed is not None else stored_seed
            request = RenderRequest(
                scene_number=scene.position,
                description=scene.description,
                camera=scene.camera,
                duration=scene.duration,
                width=project.width,
                height=project.height,
                fps=project.fps,
                seed=secrets.randbelow(2**31) if chosen_seed is None else int(chosen_seed),
                action=scene.action,
                narration=scene.narration,
                keyframe_path=keyframe,
                options=options,
            )
        return request, folder, source

    def _keyframe(self, session: Session, scene: SceneRow, folder: ProjectFolder) -> tuple[Path | None, str]:
        """Where this scene starts: the user's image, the previous scene's last frame, or the engine's own."""
        if scene.keyframe_path:
            return Path(scene.keyframe_path), "upload"
        if scene.continuity and scene.position > 1:
            previous, take = previous_active_take(session, scene)
            if take is None or not Path(take.path).is_file():
                raise InvalidInput(
                    f"Scene {scene.position} continues from scene {scene.position - 1}, which has no take yet: "
                    "render that scene first (Render all does them in order)."
                )
            still = folder.keyframes / f"continuity-take{take.id}.png"
            if not still.is_file():
                with atomic_output(still) as partial:
                    Image.fromarray(last_frame(Path(take.path))).save(partial, format="PNG")
            return still, f"continuity:scene {previous.position} take {take.number}"
        return None, "engine"

    def scenes_to_render(self, owner_id: int, project_id: int) -> list[int]:
        """The project's scenes without an active take, in storyboard order (what a pipeline still has to do)."""
        with session_scope(self.engine) as session:
            project = owned_project(session, owner_id, project_id)
            scenes = ordered_scenes(session, project.id)
            return [s.id for s in scenes if s.active_take_id is None]
