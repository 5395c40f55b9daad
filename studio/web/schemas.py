"""The shapes the REST API speaks: request bodies, responses, and the error body every route shares."""

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from studio.jobs.kinds import FILM_KINDS
from studio.lane.queue import JobView


class Problem(BaseModel):
    detail: str = Field(description="What went wrong, in a sentence meant for a person.")
    errors: list[dict[str, Any]] | None = Field(None, description="Field-by-field problems of a malformed request.")


class Health(BaseModel):
    status: Literal["ok", "degraded"]
    version: str
    lane: bool = Field(description="Whether the lane's worker is running.")
    database: bool = Field(description="Whether the database answers.")


class LoadedModel(BaseModel):
    family: str
    name: str
    device: str
    load_seconds: float


class ModelStatus(BaseModel):
    loaded: list[LoadedModel] = Field(description="Models in memory now (they load on first use).")
    device: str = Field(description="The configured device: auto, cuda or cpu.")
    cuda: bool
    gpu: str | None = Field(description="The GPU's name, when CUDA is available.")
    allocated_gb: float
    reserved_gb: float
    total_gb: float
    writer: str = Field(description="Who writes storyboards.")
    engines: list[str] = Field(description="Video engines available; the first is the default.")
    video_note: str


class TaskCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    idea: str = Field(min_length=1, description="What the film is about.")
    width: int | None = Field(None, ge=64, le=3840, multiple_of=2, description="Frame width (even); default: settings.")
    height: int | None = Field(None, ge=64, le=2160, multiple_of=2, description="Frame height (even).")
    fps: int | None = Field(None, ge=1, le=60, description="Frames per second.")
    engine: str | None = Field(None, max_length=32, description="Video engine (see /api/model/status).")


TaskStatus = Literal["pending", "running", "completed", "failed", "canceled"]


class Task(BaseModel):
    id: int
    kind: str
    label: str
    status: TaskStatus
    stage: str
    progress: float = Field(ge=0, le=1)
    step: int
    total: int
    position: int | None = Field(description="Place in the lane's queue (1 = next) while pending.")
    error: str | None
    project_id: int | None
    result: dict[str, Any]
    film_url: str | None = Field(description="Where to download the film, once completed.")
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


class TaskPage(BaseModel):
    items: list[Task]
    page: int
    per_page: int
    total: int
    pages: int


UNAUTHORIZED = {401: {"model": Problem, "description": "Missing, invalid or revoked token."}}
NOT_FOUND = {404: {"model": Problem, "description": "No such task, or it is not yours."}}
INVALID = {422: {"model": Problem, "description": "The request is malformed or cannot be accepted."}}


def task_of(job: JobView) -> Task:
    """A lane job as the API shows it: the film's URL instead of its server path."""
    film = job.status == "completed" and job.kind in FILM_KINDS and bool(job.result.get("path"))
    result = {k: v for k, v in job.result.items() if k != "path"}  # a server path is none of the client's business
    return Task(
        id=job.id,
        kind=job.kind,
        label=job.label,
        status=job.status,  # type: ignore[arg-type]
        stage=job.stage,
        progress=round(job.fraction, 4),
        step=job.step,
        total=job.total,
        position=job.position,
        error=job.error or None,
        project_id=job.project_id if job.project_id is not None else job.result.get("project_id"),
        result=result,
        film_url=f"/api/tasks/{job.id}/film" if film else None,
        created_at=job.created_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
    )
