"""What each kind of job does: a call on the studio's services, made by the lane's worker."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from studio.engines.base import ProgressFn
from studio.lane.queue import JobView
from studio.lane.worker import Handler
from studio.post.filters import parse_chain
from studio.writers import rewrite_scene, write_storyboard

if TYPE_CHECKING:
    from studio.services import Services

RENDER = "render_scene"
EXPORT = "export"
STORYBOARD = "storyboard"
REWRITE = "rewrite_scene"
LOOK = "look"


def build_handlers(services: Services) -> dict[str, Handler]:
    def render(job: JobView, progress: ProgressFn) -> dict[str, Any]:
        p = job.payload
        take = services.renderer.render_scene(
            job.owner_id, int(p["scene_id"]), progress, engine=p.get("engine"), seed=p.get("seed")
        )
        return {"take_id": take.id, "take_number": take.number, "scene_id": take.scene_id}

    def export(job: JobView, progress: ProgressFn) -> dict[str, Any]:
        progress(0, 1, "stitching")
        film = services.exporter.export(job.owner_id, int(job.project_id or 0))
        progress(1, 1, "stitching")
        return {"export_id": film.id, "path": film.path, "duration": film.duration, "mode": film.mode}

    def storyboard(job: JobView, progress: ProgressFn) -> dict[str, Any]:
        p = job.payload
        progress(0, 1, "writing")
        draft = write_storyboard(services.writer, p["idea"], max_chars=services.settings.max_idea_chars)
        project = services.projects.create(
            job.owner_id,
            draft.idea,
            draft.storyboard,
            writer=draft.writer,
            width=int(p["width"]),
            height=int(p["height"]),
            fps=int(p["fps"]),
        )
        return {"project_id": project.id, "writer": draft.writer_description, "note": draft.note}

    def rewrite(job: JobView, progress: ProgressFn) -> dict[str, Any]:
        p = job.payload
        progress(0, 1, "rewriting")
        project_id, number = int(job.project_id or 0), int(p["number"])
        board = services.projects.get(job.owner_id, project_id).storyboard()
        scene = rewrite_scene(services.writer, board, number, p["instruction"])
        services.projects.replace_scene(job.owner_id, project_id, number, scene)
        return {"project_id": project_id, "number": number}

    def look(job: JobView, progress: ProgressFn) -> dict[str, Any]:
        p = job.payload
        take = services.looks.apply(
            job.owner_id,
            int(p["take_id"]),
            parse_chain(p.get("filters")),
            colour_match=bool(p.get("colour_match")),
            progress=progress,
        )
        return {"take_id": take.id, "take_number": take.number, "scene_id": take.scene_id}

    return {RENDER: render, EXPORT: export, STORYBOARD: storyboard, REWRITE: rewrite, LOOK: look}
