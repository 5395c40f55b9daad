"""The kinds of job the studio puts on the lane."""

from __future__ import annotations

from enum import StrEnum


class JobKind(StrEnum):
    RENDER = "render_scene"
    """One scene rendered into a new take."""
    EXPORT = "export"
    """The project's active takes finished into one film."""
    STORYBOARD = "storyboard"
    """An idea written into a new project's storyboard by an LLM."""
    REWRITE = "rewrite_scene"
    """One scene rewritten by an LLM from an instruction."""
    LOOK = "look"
    """Filters or colour matching applied to a take, as a new take."""
    PIPELINE = "pipeline"
    """Idea -> storyboard -> every scene -> film, as one job (the REST API's task)."""


RENDER_KINDS: tuple[str, ...] = (JobKind.RENDER, JobKind.PIPELINE)
"""The kinds that count against a user's daily render quota."""

FILM_KINDS: tuple[str, ...] = (JobKind.PIPELINE, JobKind.EXPORT)
"""The kinds whose result is a film."""
