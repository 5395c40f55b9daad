"""The REST API, mounted beside the UI: health, model status, and films as tasks.

    GET    /health                  no auth: is the studio up (lane, database)
    GET    /fonts/cjk               no auth: the bundled CJK font, for browsers that have none
    GET    /api/model/status        loaded models, device, GPU and its memory, writer, engines
    POST   /api/tasks               an idea -> storyboard -> every scene -> the film, as one queued task
    GET    /api/tasks               your tasks, newest first, paged
    GET    /api/tasks/{id}          one task: status, stage, progress, queue position, error, film URL
    DELETE /api/tasks/{id}          cancel it
    GET    /api/tasks/{id}/film     the finished MP4

Every /api route wants `Authorization: Bearer <token>` (tokens: studio.accounts.tokens; see web/auth.py).
Routes live in routers (health, model_status, tasks) and reach the studio through the dependencies in
web/dependencies.py; this module only assembles the app. Errors are {"detail": "..."}.
"""

from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse

from studio import __version__
from studio.config import Settings
from studio.errors import InvalidInput, NotFound, StudioError
from studio.services import Services
from studio.web import health, model_status, tasks
from studio.web.page_head import HeadInjection


def create_api(services: Services, settings: Settings | None = None) -> FastAPI:
    app = FastAPI(
        title="The studio API",
        version=__version__,
        description="Text to video on this machine: submit an idea, follow the task, download the film.",
        docs_url="/api/docs",
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.services = services
    app.state.settings = settings = settings or services.settings
    # The UI's page chooses its language before Gradio starts (see studio/web/page_head.py).
    app.add_middleware(HeadInjection)
    # Always present, so that the mounted Gradio UI adds no CORS of its own (it would let any page on
    # localhost read it with the login cookie): the UI is same-origin only, and the configured origins
    # may call with an API token, never with credentials.
    app.add_middleware(
        CORSMiddleware,
        allow_origins=list(settings.api_cors_origins),
        allow_credentials=False,
        allow_methods=["GET", "POST", "DELETE"],
        allow_headers=["Authorization", "Content-Type"],
        expose_headers=["Location"],
    )
    app.add_exception_handler(RequestValidationError, malformed)
    app.add_exception_handler(InvalidInput, _answer(422))
    app.add_exception_handler(NotFound, _answer(404))
    app.add_exception_handler(StudioError, _answer(400))
    for router in (health.router, model_status.router, tasks.router):
        app.include_router(router)
    return app


async def malformed(_request: Request, error: RequestValidationError) -> JSONResponse:
    """A request FastAPI could not parse: one readable sentence, and the problems field by field."""
    problems = []
    for item in error.errors():
        where = ".".join(str(part) for part in item.get("loc", ()) if part != "body") or "request"
        problems.append({"loc": [str(p) for p in item.get("loc", ())], "msg": item.get("msg", ""), "field": where})
    detail = "; ".join(f"{p['field']}: {p['msg']}" for p in problems) or "The request is malformed."
    return JSONResponse({"detail": detail, "errors": problems}, status_code=422)


def _answer(status: int) -> Callable[[Request, Exception], Awaitable[JSONResponse]]:
    """An exception handler answering a studio error with `status` and its message as the detail."""

    async def answer(_request: Request, error: Exception) -> JSONResponse:
        return JSONResponse({"detail": str(error)}, status_code=status)

    return answer
