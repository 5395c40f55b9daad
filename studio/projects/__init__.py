"""Projects and their storyboards, always scoped to their owner: editing, access checks, views,
read-only sharing, and the controls each scene renders with."""

from studio.projects.controls import RenderControls, parse_controls
from studio.projects.service import Projects
from studio.projects.views import ProjectSummary, ProjectView, SceneView, SharedSummary, TakeView

__all__ = [
    "ProjectSummary",
    "ProjectView",
    "Projects",
    "RenderControls",
    "SceneView",
    "SharedSummary",
    "TakeView",
    "parse_controls",
]
