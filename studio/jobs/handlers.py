"""What each kind of job does: a call on the studio's services, made by the lane's worker."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from studio.config import Frame
from studio.jobs.drafting import Drafted, draft_project
from studio.jobs.kinds import JobKind
from studio.lane.queue import JobView
from studio.lane.worker import Handler
from studio.post.filters import parse_chain
from studio.progress import ProgressFn
from studio.storyboard.writers import rewrite_scene

if TYPE_CHECKING:
    from studio.services import Services


PIPELINE_UNIT = 1000
"""Progress steps per scene (and for the export) in a pipeline job: scenes weigh the same whatever their step count."""


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
        progress(0, 1, "writing")
        drafted = _draft(services, job)
        return {"project_id": drafted.project.id, "writer": drafted.writer, "note": drafted.note}

    def rewrite(job: JobView, progress: ProgressFn) -> dict[str, Any]:
        p = job.payload
        progress(0, 1, "rewriting")
        project_id, number = int(job.project_id or 0), int(p["number"])
        board = services.projects.get(job.owner_id, project_id).storyboard()
        scene = rewrite_scene(services.writer, board, number, p["instruction"], services.safety)
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

    def pipeline(job: JobView, progress: ProgressFn) -> dict[str, Any]:
        """Idea -> storyboard -> every scene rendered -> film exported, as one job (the REST API's task).

        The project is recorded on the job as soon as it exists, so a run retried after a restart
        continues it (scenes with a take are not rendered again) instead of writing a second one.
        """
        p, owner, unit = job.payload, job.owner_id, PIPELINE_UNIT
        note, writer = "", ""
        if job.project_id is None:
            progress(0, 1, "writing the storyboard")
            drafted = _draft(services, job)
            project = drafted.project
            services.lane.queue.attach_project(job.id, project.id)
            note, writer = drafted.note, drafted.writer
        else:
            project = services.projects.get(owner, int(job.project_id))
        count = len(project.scenes)
        total = (count + 1) * unit
        numbers = {s.id: s.number for s in project.scenes}
        for scene_id in services.renderer.scenes_to_render(owner, project.id):
            number = numbers[scene_id]
            base = (number - 1) * unit

            def step(done: int, steps: int, stage: str, _base: int = base, _n: int = number) -> None:
                progress(_base + min(unit, unit * done // max(steps, 1)), total, f"scene {_n}/{count}: {stage}")

            step(0, 1, "starting")
            services.renderer.render_scene(owner, scene_id, step, engine=p.get("engine"))
        base = count * unit

        def stitching(done: int, steps: int, stage: str) -> None:
            progress(base + min(unit, unit * done // max(steps, 1)), total, f"export: {stage}")

        stitching(0, 1, "stitching")
        film = services.exporter.export(owner, project.id, stitching)
        progress(total, total, "exported")
        return {
            "project_id": project.id,
            "export_id": film.id,
            "path": film.path,
            "duration": film.duration,
            "writer": writer,
            "note": note,
        }

    return {
        JobKind.RENDER: render,
        JobKind.EXPORT: export,
        JobKind.STORYBOARD: storyboard,
        JobKind.REWRITE: rewrite,
        JobKind.LOOK: look,
        JobKind.PIPELINE: pipeline,
    }


def _draft(services: Services, job: JobView) -> Drafted:
    p = job.payload
    frame = Frame.checked(p["width"], p["height"], p["fps"])
    return draft_project(
        services.writer,
        services.projects,
        job.owner_id,
        p["idea"],
        frame,
        max_chars=services.settings.max_idea_chars,
        safety=services.safety,
    )
