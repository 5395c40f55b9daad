"""The studio on the web beside the UI: the REST API (routers assembled by `create_api`), the Gradio
login check, and what goes into the UI page's head."""

from studio.web.api import create_api
from studio.web.auth import login_check

__all__ = ["create_api", "login_check"]
