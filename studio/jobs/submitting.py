"""Putting work on the lane on a user's behalf: checks first, so a bad request never becomes a job."""

from __future__ import annotations

from typing import TYPE_CHECKING

from studio.errors import InvalidInput
from studio.jobs.kinds import JobKind
from studio.lane.queue import ACTIVE, JobView
from studio.post.filters import parse_chain
from studio.storyboard.writers import check_idea

if TYPE_CHECKING:
    from studio.services import Services


def _queued_scenes(services: Services, owner_id: int, project_id: int) -> set[int]:
    return {
        j.scene_id
        for j in services.lane.jobs(owner_id)
        if j.kind == JobKind.RENDER and j.status in ACTIVE and j.project_id == project_id and j.scene_id
    }


def submit_scene(services: Services, owner_id: int, scene_id: int, engine: str | None = None) -> JobView:
    """Queue one render of a scene (a new take). A scene already queued is not queued twice."""
    scene = services.projects.scene(owner_id, scene_id)
    video = services.renderer.pick(engine)
    project = services.projects.get(owner_id, scene.project_id)
    if scene.id in _queued_scenes(services, owner_id, project.id):
        raise InvalidInput(f"Scene {scene.number} is already in the queue.")
    services.accounts.check_quota(owner_id, 1)
    return services.lane.submit(
        owner_id,
        JobKind.RENDER,
        {"scene_id": scene.id, "engine": video.name},
        label=f"{project.title} · scene {scene.number} ({video.name})",
        project_id=project.id,
        scene_id=scene.id,
    )


def submit_project(
    services: Services, owner_id: int, project_id: int, *, rerender: bool = False, engine: str | None = None
) -> list[JobView]:
    """Queue one job per scene without an active take (every scene if `rerender`), in storyboard order."""
    project = services.projects.get(owner_id, project_id)
    video = services.renderer.pick(engine)
    queued = _queued_scenes(services, owner_id, project_id)
    wanted = [s for s in project.scenes if s.id not in queued and (s.active_take_id is None or rerender)]
    services.accounts.check_quota(owner_id, len(wanted))
    jobs = []
    for scene in wanted:
        jobs.append(
            services.lane.submit(
                owner_id,
                JobKind.RENDER,
                {"scene_id": scene.id, "engine": video.name},
                label=f"{project.title} · scene {scene.number} ({video.name})",
                project_id=project.id,
                scene_id=scene.id,
            )
        )
    return jobs


def submit_export(services: Services, owner_id: int, project_id: int) -> JobView:
    project = services.projects.get(owner_id, project_id)
    missing = [str(s.number) for s in project.scenes if s.active_take_id is None]
    if missing:
        raise InvalidInput(f"Render scene(s) {', '.join(missing)} first: every scene needs a take to export the film.")
    return services.lane.submit(owner_id, JobKind.EXPORT, {}, label=f"{project.title} · export", project_id=project.id)


def submit_storyboard(services: Services, owner_id: int, idea: str, width: int, height: int, fps: int) -> JobView:
    check_idea(idea, services.settings.max_idea_chars, services.safety)
    text = " ".join(idea.split())[:60]
    payload = {"idea": idea, "width": width, "height": height, "fps": fps}
    return services.lane.submit(owner_id, JobKind.STORYBOARD, payload, label=f"storyboard · {text}")


def submit_rewrite(services: Services, owner_id: int, project_id: int, number: int, instruction: str) -> JobView:
    project = services.projects.get(owner_id, project_id)
    if not 1 <= number <= len(project.scenes):
        raise InvalidInput(f"There is no scene {number}.")
    payload = {"number": number, "instruction": instruction}
    label = f"{project.title} · rewrite scene {number}"
    return services.lane.submit(owner_id, JobKind.REWRITE, payload, label=label, project_id=project.id)


def submit_look(
    services: Services, owner_id: int, take_id: int, filters: dict, *, colour_match: bool = False
) -> JobView:
    """Queue a new look (filters, colour matching) of a take; it becomes a new take of its scene."""
    chain = parse_chain(filters)
    if chain.is_identity and not colour_match:
        raise InvalidInput("Choose at least one filter, or colour matching, to make a new look.")
    take = services.projects.take(owner_id, take_id)
    scene = services.projects.scene(owner_id, take.scene_id)
    project = services.projects.get(owner_id, scene.project_id)
    return services.lane.submit(
        owner_id,
        JobKind.LOOK,
        {"take_id": take_id, "filters": chain.changes(), "colour_match": colour_match},
        label=f"{project.title} · scene {scene.number} look: {chain.describe()}",
        project_id=project.id,
        scene_id=scene.id,
    )


def check_frame(width: int, height: int, fps: int) -> None:
    """The frame rules the UI applies: even sizes, 64-3840 wide, 64-2160 high, 1-60 fps."""
    if not (64 <= width <= 3840 and 64 <= height <= 2160) or width % 2 or height % 2:
        raise InvalidInput("Frame sizes need even numbers, 64-3840 wide and 64-2160 high.")
    if not 1 <= fps <= 60:
        raise InvalidInput("Frames per second must be 1-60.")


def submit_pipeline(
    services: Services,
    owner_id: int,
    idea: str,
    *,
    width: int | None = None,
    height: int | None = None,
    fps: int | None = None,
    engine: str | None = None,
) -> JobView:
    """Queue the whole film as one job: storyboard, every scene, export. Checked before it is queued."""
    settings = services.settings
    text = check_idea(idea, settings.max_idea_chars, services.safety)
    services.accounts.check_quota(owner_id, 1)
    width, height = width or settings.default_width, height or settings.default_height
    fps = fps or settings.default_fps
    check_frame(width, height, fps)
    video = services.renderer.pick(engine)
    payload = {"idea": idea, "width": width, "height": height, "fps": fps, "engine": video.name}
    return services.lane.submit(owner_id, JobKind.PIPELINE, payload, label=f"film · {text[:60]}")
