"""An idea written into a new project: the one path for the planner (instantly) and for LLMs (on the lane)."""

from __future__ import annotations

from dataclasses import dataclass

from studio.config import Frame
from studio.projects import Projects, ProjectView
from studio.storyboard import SafetyFilter, Writer, write_storyboard


@dataclass(frozen=True)
class Drafted:
    """A new project and who wrote its storyboard (`note` says why, when the planner stood in for an LLM)."""

    project: ProjectView
    writer: str
    note: str = ""


def draft_project(
    writer: Writer,
    projects: Projects,
    owner_id: int,
    idea: str,
    frame: Frame,
    *,
    max_chars: int,
    safety: SafetyFilter | None = None,
) -> Drafted:
    """Check the idea, have the writer write its storyboard, and save it as a new project of `owner_id`."""
    draft = write_storyboard(writer, idea, max_chars=max_chars, safety=safety)
    project = projects.create(
        owner_id,
        draft.idea,
        draft.storyboard,
        writer=draft.writer,
        width=frame.width,
        height=frame.height,
        fps=frame.fps,
    )
    return Drafted(project, draft.writer_description, draft.note)
