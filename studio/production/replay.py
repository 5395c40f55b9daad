"""Replaying a project from its export bundle: a new project with the same storyboard, frame, per-scene
controls and seeds, finishing settings, uploaded keyframes and music, ready to render again.

Each scene's seed is the seed its exported take was rendered with, fixed in the scene's controls, so
rendering the replayed project draws the same takes on the same engine and models. Everything from
the bundle goes the way a user's input does: the storyboard through the schema and the content
filter, the controls and settings through their validation, keyframes and music through the
upload checks (decoded and re-encoded). A bundle that fails any check creates no project.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from studio.config import Frame
from studio.errors import InvalidInput, describe_error
from studio.post.bundle import Bundle, read_bundle
from studio.post.finish import parse_finish
from studio.production.uploads import Uploads
from studio.projects import Projects, ProjectView, RenderControls
from studio.storyboard import Storyboard

SCENE_FIELDS = ("description", "duration", "camera", "action", "narration")


class Replays:
    """Projects re-created from export bundles, for the user who asks."""

    def __init__(self, projects: Projects, uploads: Uploads) -> None:
        self.projects = projects
        self.uploads = uploads

    def replay(self, owner_id: int, bundle: Path) -> ProjectView:
        """A new project of the owner's made from `bundle`; InvalidInput (and no project) if it cannot be."""
        with tempfile.TemporaryDirectory(prefix="studio-replay-") as scratch:
            contents = read_bundle(Path(bundle), Path(scratch), max_media_bytes=self.uploads.max_bytes)
            board, frame = _storyboard(contents)
            controls = _controls(contents, len(board.scenes))
            finish = _finish(contents.finish)
            story = contents.storyboard
            project = self.projects.create(
                owner_id, str(story.get("idea") or board.title), board, writer=str(story.get("writer") or "replay"),
                width=frame.width, height=frame.height, fps=frame.fps,
            )  # fmt: skip
            try:
                self._fill(owner_id, project, contents, controls, finish)
            except BaseException:
                self.projects.delete(owner_id, project.id)
                raise
            return self.projects.get(owner_id, project.id)

    def _fill(
        self,
        owner_id: int,
        project: ProjectView,
        contents: Bundle,
        controls: list[tuple[bool, RenderControls]],
        finish: dict[str, Any],
    ) -> None:
        for scene, (continuity, scene_controls) in zip(project.scenes, controls, strict=True):
            self.projects.set_controls(owner_id, scene.id, continuity=continuity, controls=scene_controls)
            if scene.number in contents.keyframes:
                self.uploads.keyframe(owner_id, scene.id, contents.keyframes[scene.number])
        self.projects.set_export_settings(owner_id, project.id, finish)
        if contents.music is not None:
            self.uploads.music(owner_id, project.id, contents.music)


def _storyboard(contents: Bundle) -> tuple[Storyboard, Frame]:
    story = contents.storyboard
    scenes = story.get("scenes")
    if not isinstance(scenes, list) or not all(isinstance(s, dict) for s in scenes):
        raise InvalidInput("The bundle's storyboard.json has no list of scenes.")
    try:
        board = Storyboard.model_validate(
            {"title": story.get("title"), "scenes": [{k: s.get(k) for k in SCENE_FIELDS if k in s} for s in scenes]}
        )
    except ValidationError as error:
        raise InvalidInput(f"The bundle's storyboard cannot be used: {describe_error(error)}.") from None
    size = story.get("size")
    if not (isinstance(size, list) and len(size) == 2):
        raise InvalidInput("The bundle's storyboard.json has no frame size.")
    return board, Frame.checked(size[0], size[1], story.get("fps"))


def _controls(contents: Bundle, count: int) -> list[tuple[bool, RenderControls]]:
    """Each scene's continuity and controls, its seed fixed to the one its exported take was rendered with."""
    seeds: dict[int, Any] = {}
    for take in contents.takes:
        if isinstance(take, dict) and isinstance(take.get("recipe"), dict) and "seed" in take["recipe"]:
            seeds[take.get("scene")] = take["recipe"]["seed"]
    chosen = []
    for number, scene in enumerate(contents.storyboard["scenes"][:count], start=1):
        options = scene.get("render_options") or {}
        if not isinstance(options, dict):
            raise InvalidInput(f"Scene {number}'s render controls in the bundle are not a set of controls.")
        wanted = {**options, **({"seed": seeds[number]} if number in seeds else {})}
        try:
            values = RenderControls.checked(wanted)
        except InvalidInput as error:
            raise InvalidInput(f"Scene {number} of the bundle: {error}") from None
        chosen.append((bool(scene.get("continuity")) and number > 1, values))
    return chosen


def _finish(settings: dict[str, Any]) -> dict[str, Any]:
    """The bundle's finishing settings, checked; the music comes back through the upload path instead."""
    return parse_finish({**settings, "music_path": None}).model_dump()
