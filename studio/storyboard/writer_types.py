"""What every storyboard writer is and hands back: the protocol, its results, and its one failure.

The LLM writers (llm/) and the planner implement `Writer`; writers.py picks one and checks
what it writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from studio.errors import StudioError
from studio.storyboard.schema import Scene, Storyboard

NEEDS_LLM = "Rewriting a scene from an instruction needs an LLM; set STUDIO_LLM_MODEL or STUDIO_LLM_SERVER_URL."


class WriterUnavailable(StudioError):
    """An LLM writer could not produce a valid answer; the message says why, for the user."""


@dataclass(frozen=True)
class Written:
    storyboard: Storyboard
    writer: str
    writer_description: str
    note: str = ""


class Writer(Protocol):
    name: str
    description: str
    can_rewrite: bool

    def write(self, idea: str) -> Written: ...

    def rewrite_scene(self, board: Storyboard, number: int, instruction: str) -> Scene: ...


@dataclass(frozen=True)
class Draft:
    idea: str
    storyboard: Storyboard
    writer: str
    writer_description: str
    note: str = ""
