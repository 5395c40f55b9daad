"""Files users upload into a project: keyframe images and music, checked and kept as clean copies."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from studio.files import atomic_output
from studio.images import validate_image
from studio.post.finish import parse_finish
from studio.post.music import store_music, validate_music
from studio.projects import Projects, ProjectView, SceneView


def store_keyframe(src: Path, dest_dir: Path, *, max_bytes: int) -> Path:
    """Validate an upload and keep a clean PNG copy under a random name.

    Re-encoding drops metadata and anything smuggled after the image data; the
    random name means users never choose paths on disk.
    """
    image = validate_image(src, max_bytes=max_bytes)
    final = Path(dest_dir) / f"{secrets.token_hex(16)}.png"
    with atomic_output(final, hidden=True) as partial:
        image.save(partial, format="PNG")
    return final


@dataclass(frozen=True)
class StoredMusic:
    """A music upload kept as the project's background music."""

    path: Path
    seconds: float
    project: ProjectView


class Uploads:
    """What users upload into their projects, checked, kept as clean copies and recorded, or nothing at all.

    A refused or failed upload leaves no file behind and the project as it was.
    """

    def __init__(self, projects: Projects, *, max_bytes: int, ffmpeg: str | None = None) -> None:
        self.projects = projects
        self.max_bytes = max_bytes
        self.ffmpeg = ffmpeg

    def keyframe(self, owner_id: int, scene_id: int, upload: Path) -> SceneView:
        """Make `upload` the image the owner's scene starts from (its previous upload is removed)."""
        scene = self.projects.scene(owner_id, scene_id)
        folder = self.projects.folder(owner_id, scene.project_id).keyframes
        stored = store_keyframe(Path(upload), folder, max_bytes=self.max_bytes)
        try:
            return self.projects.set_keyframe(owner_id, scene.id, stored)
        except BaseException:
            stored.unlink(missing_ok=True)
            raise

    def music(self, owner_id: int, project_id: int, upload: Path) -> StoredMusic:
        """Make `upload` the background music of the owner's project, re-encoded (its previous music is removed)."""
        project = self.projects.get(owner_id, project_id)
        info = validate_music(Path(upload), max_bytes=self.max_bytes)
        folder = self.projects.folder(owner_id, project.id).music
        stored = store_music(Path(upload), folder, max_bytes=self.max_bytes, ffmpeg=self.ffmpeg)
        try:
            settings = parse_finish({**project.export_settings, "music_path": str(stored)})
            project = self.projects.set_export_settings(owner_id, project.id, settings.model_dump())
        except BaseException:
            stored.unlink(missing_ok=True)
            raise
        return StoredMusic(path=stored, seconds=info.duration, project=project)
