"""What each kind of job does on the lane's worker: one small handler per kind, given only the rooms it calls.

The handlers are built and put together in studio/services.py (the composition root); each is a
callable `(job, progress) -> result` as the lane expects (studio.lane.Handler).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from studio.config import Frame
from studio.jobs.drafting import Drafted, draft_project
from studio.lane.queue import JobView
from studio.post.filters import parse_chain
from studio.production import Exporter, Looks, Renderer
from studio.progress import ProgressFn
from studio.projects import Projects, ProjectView
from studio.storyboard import SafetyFilter, Writer, rewrite_scene

PIPELINE_UNIT = 1000
"""Progress steps per scene (and for the export) in a pipeline job: scenes weigh the same whatever their step count."""


@dataclass(frozen=True)
class RenderScene:
    """One scene rendered into a new take."""

    renderer: Renderer

    def __call__(self, job: JobView, progress: ProgressFn) -> dict[str, Any]:
        p = job.payload
        take = self.renderer.render_scene(
            job.owner_id, int(p["scene_id"]), progress, engine=p.get("engine"), seed=p.get("seed")
        )
        return {"take_id": take.id, "take_number": take.number, "scene_id": take.scene_id}


@dataclass(frozen=True)
class ExportFilm:
    """The project's active takes finished into one film."""

    exporter: Exporter

    def __call__(self, job: JobView, progress: ProgressFn) -> dict[str, Any]:
        film = self.exporter.export(job.owner_id, int(job.project_id or 0), progress)
        return {"export_id": film.id, "path": film.path, "duration": film.duration, "mode": film.mode}


@dataclass(frozen=True)
class Drafting:
    """What writing a job's idea into a new project needs (the storyboard and pipeline jobs share it)."""

    writer: Writer
    projects: Projects
    safety: SafetyFilter
    max_idea_chars: int

    def draft(self, job: JobView) -> Drafted:
        p = job.payload
        frame = Frame.checked(p["width"], p["height"], p["fps"])
        return draft_project(
            self.writer,
            self.projects,
            job.owner_id,
            p["idea"],
            frame,
            max_chars=self.max_idea_chars,
            safety=self.safety,
        )


@dataclass(frozen=True)
class WriteStoryboard:
    """An idea written into a new project's storyboard by an LLM."""

    drafting: Drafting

    def __call__(self, job: JobView, progress: ProgressFn) -> dict[str, Any]:
        progress(0, 1, "writing")
        drafted = self.drafting.draft(job)
        return {"project_id": drafted.project.id, "writer": drafted.writer, "note": drafted.note}


@dataclass(frozen=True)
class RewriteScene:
    """One scene rewritten by an LLM from an instruction."""

    projects: Projects
    writer: Writer
    safety: SafetyFilter

    def __call__(self, job: JobView, progress: ProgressFn) -> dict[str, Any]:
        p = job.payload
        progress(0, 1, "rewriting")
        project_id, number = int(job.project_id or 0), int(p["number"])
        board = self.projects.get(job.owner_id, project_id).storyboard()
        scene = rewrite_scene(self.writer, board, number, p["instruction"], self.safety)
        self.projects.replace_scene(job.owner_id, project_id, number, scene)
        return {"project_id": project_id, "number": number}


@dataclass(frozen=True)
class ApplyLook:
    """Filters or colour matching applied to a take, as a new take."""

    looks: Looks

    def __call__(self, job: JobView, progress: ProgressFn) -> dict[str, Any]:
        p = job.payload
        take = self.looks.apply(
            job.owner_id,
            int(p["take_id"]),
            parse_chain(p.get("filters")),
            colour_match=bool(p.get("colour_match")),
            progress=progress,
        )
        return {"take_id": take.id, "take_number": take.number, "scene_id": take.scene_id}


@dataclass(frozen=True)
class MakeFilm:
    """Idea -> storyboard -> every scene rendered -> film exported, as one job (the REST API's task).

    The project is recorded on the job (`attach_project(job_id, project_id)`) as soon as it exists,
    so a run retried after a restart continues it (scenes with a take are not rendered again)
    instead of writing a second one.
    """

    drafting: Drafting
    projects: Projects
    renderer: Renderer
    exporter: Exporter
    attach_project: Callable[[int, int], None]

    def __call__(self, job: JobView, progress: ProgressFn) -> dict[str, Any]:
        project, drafted = self._project(job, progress)
        count = len(project.scenes)
        total = (count + 1) * PIPELINE_UNIT
        self._render_scenes(job, project, progress, total)
        export = _share(progress, count * PIPELINE_UNIT, total, "export")
        export(0, 1, "stitching")
        film = self.exporter.export(job.owner_id, project.id, export)
        progress(total, total, "exported")
        return {
            "project_id": project.id,
            "export_id": film.id,
            "path": film.path,
            "duration": film.duration,
            "writer": drafted.writer if drafted else "",
            "note": drafted.note if drafted else "",
        }

    def _project(self, job: JobView, progress: ProgressFn) -> tuple[ProjectView, Drafted | None]:
        """The job's project: written now on the first run, the one recorded on the job on a retry."""
        if job.project_id is not None:
            return self.projects.get(job.owner_id, int(job.project_id)), None
        progress(0, 1, "writing the storyboard")
        drafted = self.drafting.draft(job)
        self.attach_project(job.id, drafted.project.id)
        return drafted.project, drafted

    def _render_scenes(self, job: JobView, project: ProjectView, progress: ProgressFn, total: int) -> None:
        """Every scene still without a take, each reporting in its own share of the job's progress."""
        count = len(project.scenes)
        numbers = {s.id: s.number for s in project.scenes}
        for scene_id in self.renderer.scenes_to_render(job.owner_id, project.id):
            number = numbers[scene_id]
            step = _share(progress, (number - 1) * PIPELINE_UNIT, total, f"scene {number}/{count}")
            step(0, 1, "starting")
            self.renderer.render_scene(job.owner_id, scene_id, step, engine=job.payload.get("engine"))


def _share(progress: ProgressFn, base: int, total: int, label: str) -> ProgressFn:
    """A progress callback for one part of a pipeline: its own steps mapped onto PIPELINE_UNIT steps from `base`."""

    def report(done: int, steps: int, stage: str) -> None:
        progress(base + min(PIPELINE_UNIT, PIPELINE_UNIT * done // max(steps, 1)), total, f"{label}: {stage}")

    return report
