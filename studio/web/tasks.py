"""Films as tasks: an idea queued as one pipeline job, followed, canceled, and its film downloaded.

A task is a lane job; someone else's is "not found", never "forbidden".
"""

import math
from pathlib import Path as FilePath
from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query, Response
from fastapi.responses import FileResponse

from studio.errors import InvalidInput, NotFound
from studio.jobs.kinds import FILM_KINDS
from studio.web.auth import User
from studio.web.dependencies import ServicesDep, SettingsDep
from studio.web.schemas import INVALID, NOT_FOUND, UNAUTHORIZED, Problem, Task, TaskCreate, TaskPage, task_of

MAX_ID = 2**62

TaskId = Annotated[int, Path(ge=1, le=MAX_ID, description="The task's id.")]

router = APIRouter(tags=["tasks"])


@router.post(
    "/api/tasks",
    status_code=202,
    response_model=Task,
    responses={**UNAUTHORIZED, **INVALID, 202: {"description": "Queued; follow it at the Location header."}},
)
def create_task(body: TaskCreate, user: User, response: Response, services: ServicesDep, settings: SettingsDep) -> Task:
    """Queue a whole film as one task: the idea -> a storyboard -> every scene rendered -> the film exported."""
    if len(body.idea) > settings.max_idea_chars:
        raise InvalidInput(f"The idea is {len(body.idea)} characters long; the limit is {settings.max_idea_chars}.")
    job = services.jobs.submit_pipeline(
        user.id, body.idea, width=body.width, height=body.height, fps=body.fps, engine=body.engine
    )
    response.headers["Location"] = f"/api/tasks/{job.id}"
    return task_of(services.lane.status(job.id, user.id))


@router.get("/api/tasks", response_model=TaskPage, responses={**UNAUTHORIZED, **INVALID})
def list_tasks(
    user: User,
    services: ServicesDep,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=100)] = 20,
) -> TaskPage:
    """Your tasks (every job of yours on the lane), newest first."""
    jobs, total = services.lane.queue.page(user.id, offset=(page - 1) * per_page, limit=per_page)
    return TaskPage(
        items=[task_of(j) for j in jobs],
        page=page,
        per_page=per_page,
        total=total,
        pages=max(1, math.ceil(total / per_page)),
    )


@router.get("/api/tasks/{task_id}", response_model=Task, responses={**UNAUTHORIZED, **NOT_FOUND, **INVALID})
def get_task(task_id: TaskId, user: User, services: ServicesDep) -> Task:
    """One of your tasks: status, stage, progress, queue position, error, and the film's URL when done."""
    return task_of(services.lane.status(task_id, user.id))


@router.delete(
    "/api/tasks/{task_id}",
    response_model=Task,
    responses={
        **UNAUTHORIZED,
        **NOT_FOUND,
        **INVALID,
        409: {"model": Problem, "description": "The task has already ended."},
    },
)
def cancel_task(task_id: TaskId, user: User, services: ServicesDep) -> Task:
    """Cancel one of your tasks: a pending one leaves the queue, a running one stops within a step."""
    services.lane.status(task_id, user.id)  # not yours -> 404 before anything else
    try:
        job = services.lane.cancel(task_id, user.id)
    except InvalidInput as error:
        raise HTTPException(409, str(error)) from None
    return task_of(job)


@router.get(
    "/api/tasks/{task_id}/film",
    response_class=FileResponse,
    response_model=None,
    responses={
        200: {"content": {"video/mp4": {"schema": {"type": "string", "format": "binary"}}}, "description": "MP4"},
        **UNAUTHORIZED,
        **NOT_FOUND,
        **INVALID,
        409: {"model": Problem, "description": "The task has not completed (yet)."},
    },
)
def task_film(task_id: TaskId, user: User, services: ServicesDep, settings: SettingsDep) -> FileResponse:
    """The finished film of a completed task, as H.264/AAC MP4."""
    job = services.lane.status(task_id, user.id)
    if job.kind not in FILM_KINDS:
        raise NotFound(f"Task {job.id} makes no film.")
    if job.status != "completed":
        raise HTTPException(409, f"Task {job.id} is {job.status}; the film is there once it has completed.")
    root = settings.projects_dir.resolve()
    path = FilePath(str(job.result.get("path") or "")).resolve()
    if not path.is_file() or not path.is_relative_to(root):
        raise NotFound(f"The film of task {job.id} is no longer on disk.")
    return FileResponse(path, media_type="video/mp4", filename=f"studio-task-{job.id}.mp4")
