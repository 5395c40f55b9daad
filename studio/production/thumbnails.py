"""Small pictures of each scene's starting frame, for the storyboard table.

A scene starts from, in this order: its active take's first frame (what was really
rendered), the keyframe the user uploaded, or the title card the animatic would draw.
Thumbnails are small JPEGs kept in the project's thumbs/ folder under a name derived
from their source, so a table redraw costs a few file reads, not a decode; a scene keeps
only its latest one.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import io
from collections.abc import Callable
from pathlib import Path

import av
from PIL import Image

from studio.engines.keyframes import fit_cover, title_card
from studio.files import atomic_output
from studio.projects import Projects, ProjectView, SceneView

THUMB_HEIGHT = 54
CARD_WIDTH = 320
"""Title cards are drawn at this width, then scaled down: text fitting needs some room."""


def scene_thumbnail(scene: SceneView, frame_size: tuple[int, int], folder: Path) -> bytes:
    """The scene's thumbnail as JPEG bytes, cached in `folder`; `frame_size` is the project's (width, height).

    A source that cannot be read (a take deleted or damaged on disk) is skipped for the next one.
    """
    width, height = frame_size
    thumb_w = max(2, round(THUMB_HEIGHT * width / max(height, 1)))
    for key, draw in _sources(scene, width, height):
        digest = hashlib.sha256(f"{key}|{thumb_w}x{THUMB_HEIGHT}".encode()).hexdigest()[:24]
        cached = folder / f"scene{scene.id}-{digest}.jpg"
        try:
            return cached.read_bytes()
        except OSError:
            pass
        try:
            image = draw()
        except (OSError, ValueError, av.error.FFmpegError):
            continue
        jpeg = _jpeg(fit_cover(image, thumb_w, THUMB_HEIGHT))
        with atomic_output(cached, hidden=True) as partial:  # hidden: the glob below never sees it
            partial.write_bytes(jpeg)
        for stale in folder.glob(f"scene{scene.id}-*.jpg"):  # one thumbnail per scene stays on disk
            if stale != cached:
                stale.unlink(missing_ok=True)
        return jpeg
    raise AssertionError("the title card source always draws")


def data_uri(jpeg: bytes) -> str:
    return "data:image/jpeg;base64," + base64.b64encode(jpeg).decode("ascii")


def first_frame(path: Path) -> Image.Image:
    with av.open(str(path)) as container:
        for frame in container.decode(video=0):
            return frame.to_image()
    raise ValueError(f"{path.name} has no frames")


def _sources(scene: SceneView, width: int, height: int) -> list[tuple[str, Callable[[], Image.Image]]]:
    """What the scene may start from, best first, each with a key that changes whenever its picture does."""
    sources: list[tuple[str, Callable[[], Image.Image]]] = []
    for kind, value in (("take", scene.active_take_path), ("upload", scene.keyframe_path)):
        if not value:
            continue
        path = Path(value)
        try:
            stat = path.stat()
        except OSError:
            continue
        draw = functools.partial(first_frame if kind == "take" else _still, path)
        sources.append((f"{kind}|{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}", draw))
    card_h = max(2, round(CARD_WIDTH * height / max(width, 1)))
    heading = " · ".join(filter(None, (f"Scene {scene.number}", scene.camera)))
    card = functools.partial(title_card, scene.description, CARD_WIDTH, card_h, heading=heading)
    sources.append((f"card|{heading}|{scene.description}|{width}x{height}", card))
    return sources


def _still(path: Path) -> Image.Image:
    with Image.open(path) as opened:
        return opened.convert("RGB")


def _jpeg(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=72, optimize=True)
    return buffer.getvalue()


class Thumbnails:
    """The storyboard's thumbnails, kept in each project's thumbs/ folder."""

    def __init__(self, projects: Projects) -> None:
        self.projects = projects

    def of_scene(self, owner_id: int, project: ProjectView, scene: SceneView) -> str:
        """The picture `scene` of the owner's `project` starts from, as a data URI to show inline.

        Takes the views the caller already holds: a table of every scene costs no database reads.
        """
        folder = self.projects.folder(owner_id, project.id).thumbs
        return data_uri(scene_thumbnail(scene, (project.width, project.height), folder))
