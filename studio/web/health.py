"""Routes anyone may call, without a token: is the studio up, and the CJK web font the page draws with."""

import logging

from fastapi import APIRouter, Response
from fastapi.responses import FileResponse
from sqlalchemy import text

from studio import __version__
from studio.errors import StudioError
from studio.fonts import find_cjk_font
from studio.web.dependencies import ServicesDep
from studio.web.schemas import Health

log = logging.getLogger(__name__)

WEB_FONT_TYPES = {".otf": "font/otf", ".ttf": "font/ttf", ".woff2": "font/woff2", ".woff": "font/woff"}

router = APIRouter()


@router.get("/health", response_model=Health, tags=["studio"], responses={503: {"model": Health}})
def health(response: Response, services: ServicesDep) -> Health:
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


@router.get("/fonts/cjk", include_in_schema=False)
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
