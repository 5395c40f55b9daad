"""The studio on the web beside the UI: the REST API (routers assembled by `create_api`), the Gradio
login check, the session gate in front of the UI, and what goes into the UI page's head."""

from studio.web.api import create_api
from studio.web.auth import login_check
from studio.web.sessions import guard_sessions

__all__ = ["create_api", "guard_sessions", "login_check"]
