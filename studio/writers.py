"""Storyboard writers: who turns an idea into a storyboard.

Today the built-in planner; local LLM backends plug in behind the same protocol.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from studio.errors import InvalidInput
from studio.planner import plan_storyboard
from studio.storyboard import Storyboard, check_generated, clean_text


class Writer(Protocol):
    name: str
    description: str

    def write(self, idea: str) -> Storyboard: ...


class PlannerWriter:
    """The embedded writer: rule-based, instant, works offline in Chinese and English."""

    name = "planner"
    description = "built-in planner (no LLM configured)"

    def write(self, idea: str) -> Storyboard:
        return check_generated(plan_storyboard(idea))


@dataclass(frozen=True)
class Draft:
    idea: str
    storyboard: Storyboard
    writer: str
    writer_description: str


def write_storyboard(writer: Writer, idea: str, *, max_chars: int) -> Draft:
    """Check the idea, then have the writer turn it into a validated storyboard."""
    text = clean_text(idea)
    if not text:
        raise InvalidInput("Type an idea first, e.g. 'a short video about a forest adventure with a river'.")
    if len(text) > max_chars:
        raise InvalidInput(f"The idea is {len(text)} characters long; the limit is {max_chars}.")
    return Draft(idea=text, storyboard=writer.write(text), writer=writer.name, writer_description=writer.description)
