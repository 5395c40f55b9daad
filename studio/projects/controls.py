"""Per-scene render controls, as a project's scenes store them (Projects.set_controls).

The schema itself lives on the ground floor (studio.config.RenderControls), so the engines check a
scene's options against the same bounds without reaching into the projects room.
"""

from __future__ import annotations

from typing import Any

from studio.config import RenderControls

__all__ = ["RenderControls", "parse_controls"]


def parse_controls(values: dict[str, Any]) -> RenderControls:
    """The controls a user entered (blank: the engine's default), or InvalidInput naming what is wrong."""
    return RenderControls.checked(values)
