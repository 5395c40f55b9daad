"""The REST API, mounted beside the UI: health, model status, and films as tasks.

    GET    /health                  no auth: is the studio up (lane, database)
    GET    /fonts/cjk               no auth: the bundled CJK font, for browsers that have none
    GET    /api/model/status        loaded models, device, GPU and its memory, writer, engines
    POST   /api/tasks               an idea -> storyboard -> every scene -> the film, as one queued task
    GET    /api/tasks               your tasks, newest first, paged
    GET    /api/tasks/{id}          one task: status, stage, progress, queue position, error, film URL
    DELETE /api/tasks/{id}          cancel it
    GET    /api/tasks/{id}/film     the finished MP4

Every /api route wants `Authorization: Bearer <token>` (tokens: studio.accounts.tokens). A task
is a lane job; someone else's is "not found", never "forbidden". Errors are {"detail": "..."}.
"""

import logging
import math
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from datetime import datetime
from pathlib import Path as FilePath
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, HTTPException, Path, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import text

from studio import __version__
from studio.accounts import Account
from studio.config import Settings
from studio.errors import InvalidInput, NotFound, StudioError
from studio.fonts import find_cjk_font
from studio.jobs.kinds import FILM_KINDS
from studio.lane.queue import JobView
from studio.services import Services
from studio.web.page_head import HeadInjection

log = logging.getLogger(__name__)

MAX_ID = 2**62
WEB_FONT_TYPES = {".otf": "font/otf", ".ttf": "font/ttf", ".woff2": "font/woff2", ".woff": "font/woff"}


# -- schemas ----------------------------------------------------------------------------------------


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


TaskId = Annotated[int, Path(ge=1, le=MAX_ID, description="The task's id.")]
UNAUTHORIZED = {401: {"model": Problem, "description": "Missing, invalid or revoked token."}}
NOT_FOUND = {404: {"model": Problem, "description": "No such task, or it is not yours."}}
INVALID = {422: {"model": Problem, "description": "The request is malformed or cannot be accepted."}}


def task_of(job: JobView) -> Task:
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


# -- the app ----------------------------------------------------------------------------------------


CLIENT_ADDRESS: ContextVar[str | None] = ContextVar("client_address", default=None)
"""The address of the request being served; Gradio's login check is given no request, so it reads this."""


def login_check(services: Services) -> Callable[[str, str], Awaitable[bool]]:
    """The coroutine Gradio's login calls: argon2 in a worker thread, throttled per username and address."""

    async def check(username: str, password: str) -> bool:
        return await services.accounts.authenticate_async(username, password, address=CLIENT_ADDRESS.get())

    return check


def create_api(services: Services, settings: Settings | None = None) -> FastAPI:
    settings = settings or services.settings
    tokens = services.api_tokens
    app = FastAPI(
        title="The studio API",
        version=__version__,
        description="Text to video on this machine: submit an idea, follow the task, download the film.",
        docs_url="/api/docs",
        redoc_url=None,
        openapi_url="/openapi.json",
    )

    @app.middleware("http")
    async def remember_address(request: Request, call_next: Callable) -> Any:
        token = CLIENT_ADDRESS.set(request.client.host if request.client else None)
        try:
            return await call_next(request)
        finally:
            CLIENT_ADDRESS.reset(token)

    # The UI's page chooses its language before Gradio starts (see studio/page_head.py).
    app.add_middleware(HeadInjection)

    if settings.api_cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.api_cors_origins),
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["Authorization", "Content-Type"],
            expose_headers=["Location"],
        )

    @app.exception_handler(RequestValidationError)
    async def malformed(_request: Request, error: RequestValidationError) -> JSONResponse:
        problems = []
        for item in error.errors():
            where = ".".join(str(part) for part in item.get("loc", ()) if part != "body") or "request"
            problems.append({"loc": [str(p) for p in item.get("loc", ())], "msg": item.get("msg", ""), "field": where})
        detail = "; ".join(f"{p['field']}: {p['msg']}" for p in problems) or "The request is malformed."
        return JSONResponse({"detail": detail, "errors": problems}, status_code=422)

    @app.exception_handler(InvalidInput)
    async def invalid(_request: Request, error: InvalidInput) -> JSONResponse:
        return JSONResponse({"detail": str(error)}, status_code=422)

    @app.exception_handler(NotFound)
    async def not_found(_request: Request, error: NotFound) -> JSONResponse:
        return JSONResponse({"detail": str(error)}, status_code=404)

    @app.exception_handler(StudioError)
    async def refused(_request: Request, error: StudioError) -> JSONResponse:
        return JSONResponse({"detail": str(error)}, status_code=400)

    bearer = HTTPBearer(auto_error=False, description="A studio API token: `Authorization: Bearer st_...`.")

    def account(credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> Account:
        if credentials is None:
            raise HTTPException(
                401, "Send an API token: Authorization: Bearer <token>.", {"WWW-Authenticate": "Bearer"}
            )
        user = tokens.authenticate(credentials.credentials)
        if user is None:
            raise HTTPException(
                401, "The API token is invalid or revoked.", {"WWW-Authenticate": 'Bearer error="invalid_token"'}
            )
        return user

    User = Annotated[Account, Depends(account)]

    @app.get("/health", response_model=Health, tags=["studio"], responses={503: {"model": Health}})
    def health(response: Response) -> Health:
        """Is the studio up? Cheap: no auth, no model loaded."""
        try:
            with services.db.connect() as connection:
                connection.execute(text("SELECT 1"))
            database = True
        except Exception:
            log.exception("health check: the database does not answer")
            database = False
        lane = services.lane.running
        ok = database and lane
        if not ok:
            response.status_code = 503
        return Health(status="ok" if ok else "degraded", version=__version__, lane=lane, database=database)

    @app.get("/fonts/cjk", include_in_schema=False)
    def cjk_font() -> Response:
        """The CJK font title cards use, as a web font (OpenType only: browsers refuse collections)."""
        try:
            font = find_cjk_font()
        except StudioError:
            font = None
        if font is None or font.suffix.lower() not in WEB_FONT_TYPES:
            return Response(status_code=404)
        return FileResponse(
            font,
            media_type=WEB_FONT_TYPES[font.suffix.lower()],
            headers={"Cache-Control": "public, max-age=604800, immutable"},
        )

    @app.get("/api/model/status", response_model=ModelStatus, tags=["studio"], responses={**UNAUTHORIZED})
    def model_status(_user: User) -> ModelStatus:
        """Loaded models, device, GPU name and memory, the storyboard writer and the video engines."""
        status = services.models.status()
        return ModelStatus(
            **status,
            device=settings.device,
            writer=services.writer.description,
            engines=list(services.renderer.engines),
            video_note=services.video_note,
        )

    @app.post(
        "/api/tasks",
        status_code=202,
        response_model=Task,
        tags=["tasks"],
        responses={**UNAUTHORIZED, **INVALID, 202: {"description": "Queued; follow it at the Location header."}},
    )
    def create_task(body: TaskCreate, user: User, response: Response) -> Task:
        """Queue a whole film as one task: the idea -> a storyboard -> every scene rendered -> the film exported."""
        if len(body.idea) > settings.max_idea_chars:
            raise InvalidInput(f"The idea is {len(body.idea)} characters long; the limit is {settings.max_idea_chars}.")
        job = services.jobs.submit_pipeline(
            user.id, body.idea, width=body.width, height=body.height, fps=body.fps, engine=body.engine
        )
        response.headers["Location"] = f"/api/tasks/{job.id}"
        return task_of(services.lane.status(job.id, user.id))

    @app.get("/api/tasks", response_model=TaskPage, tags=["tasks"], responses={**UNAUTHORIZED, **INVALID})
    def list_tasks(
        user: User,
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

    @app.get(
        "/api/tasks/{task_id}", response_model=Task, tags=["tasks"], responses={**UNAUTHORIZED, **NOT_FOUND, **INVALID}
    )
    def get_task(task_id: TaskId, user: User) -> Task:
        """One of your tasks: status, stage, progress, queue position, error, and the film's URL when done."""
        return task_of(services.lane.status(task_id, user.id))

    @app.delete(
        "/api/tasks/{task_id}",
        response_model=Task,
        tags=["tasks"],
        responses={
            **UNAUTHORIZED,
            **NOT_FOUND,
            **INVALID,
            409: {"model": Problem, "description": "The task has already ended."},
        },
    )
    def cancel_task(task_id: TaskId, user: User) -> Task:
        """Cancel one of your tasks: a pending one leaves the queue, a running one stops within a step."""
        services.lane.status(task_id, user.id)  # not yours -> 404 before anything else
        try:
            job = services.lane.cancel(task_id, user.id)
        except InvalidInput as error:
            raise HTTPException(409, str(error)) from None
        return task_of(job)

    @app.get(
        "/api/tasks/{task_id}/film",
        response_class=FileResponse,
        response_model=None,
        tags=["tasks"],
        responses={
            200: {"content": {"video/mp4": {"schema": {"type": "string", "format": "binary"}}}, "description": "MP4"},
            **UNAUTHORIZED,
            **NOT_FOUND,
            **INVALID,
            409: {"model": Problem, "description": "The task has not completed (yet)."},
        },
    )
    def task_film(task_id: TaskId, user: User) -> FileResponse:
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

    return app
