"""Storyboard writers: who turns an idea into a storyboard, and who rewrites one scene.

Three writers behind one protocol: a local transformers model, a local
OpenAI-compatible server, and the built-in planner. An LLM writer that cannot
deliver (server down, model missing, answers invalid twice) raises
WriterUnavailable; `FallbackWriter` then has the planner write instead and says
so in `Written.note`, so the user always gets a storyboard and knows who wrote it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from studio.errors import InvalidInput
from studio.storyboard.planner.plan import plan_storyboard
from studio.storyboard.schema import MAX_TEXT, Scene, Storyboard, check_generated, clean_text
from studio.storyboard.writer_types import NEEDS_LLM, Draft, Writer, WriterUnavailable, Written

if TYPE_CHECKING:
    from studio.config import Settings
    from studio.models.manager import ModelManager
    from studio.storyboard.safety import SafetyFilter


class PlannerWriter:
    """The embedded writer: rule-based, instant, works offline in Chinese and English."""

    name = "planner"
    description = "built-in planner (no LLM configured)"
    can_rewrite = False

    def write(self, idea: str) -> Written:
        return Written(check_generated(plan_storyboard(idea)), self.name, self.description)

    def rewrite_scene(self, board: Storyboard, number: int, instruction: str) -> Scene:
        """Rules cannot follow a free instruction; saying so beats pretending with a canned rewrite."""
        raise InvalidInput(NEEDS_LLM)


class FallbackWriter:
    """An LLM writer that hands over to another writer (the planner) when it cannot deliver."""

    def __init__(self, primary: Writer, fallback: Writer) -> None:
        self.primary = primary
        self.fallback = fallback
        self.name = primary.name
        self.description = primary.description
        self.can_rewrite = primary.can_rewrite

    def write(self, idea: str) -> Written:
        try:
            return self.primary.write(idea)
        except WriterUnavailable as error:
            written = self.fallback.write(idea)
            note = f"{error} The {written.writer_description} wrote this storyboard instead."
            return Written(written.storyboard, written.writer, written.writer_description, note)

    def rewrite_scene(self, board: Storyboard, number: int, instruction: str) -> Scene:
        return self.primary.rewrite_scene(board, number, instruction)


def check_idea(idea: str, max_chars: int, safety: SafetyFilter | None = None) -> str:
    """The idea, cleaned, or a clear refusal (empty, too long, a blocked term) before any writer is bothered."""
    if not isinstance(idea, str):
        raise InvalidInput("The idea must be text.")
    if len(idea) > max_chars * 4:  # refuse a megabyte before even cleaning it
        raise InvalidInput(f"The idea is {len(idea)} characters long; the limit is {max_chars}.")
    text = clean_text(idea)
    if not text:
        raise InvalidInput("Type an idea first, e.g. 'a short video about a forest adventure with a river'.")
    if len(text) > max_chars:
        raise InvalidInput(f"The idea is {len(text)} characters long; the limit is {max_chars}.")
    if safety is not None:
        safety.check(text, "This idea")
    return text


def write_storyboard(writer: Writer, idea: str, *, max_chars: int, safety: SafetyFilter | None = None) -> Draft:
    """Check the idea, then have the writer turn it into a validated storyboard.

    With a safety filter, the writer's storyboard is checked too: an LLM that writes a blocked
    term is refused with the rule named, and nothing is saved.
    """
    text = check_idea(idea, max_chars, safety)
    written = writer.write(text)
    if safety is not None:
        safety.check_storyboard(written.storyboard, "The storyboard the writer produced")
    return Draft(text, written.storyboard, written.writer, written.writer_description, written.note)


def check_rewrite(board: Storyboard, number: int, instruction: str) -> str:
    """The instruction, cleaned, or a clear refusal (empty, too long, no such scene)."""
    text = clean_text(instruction)
    if not text:
        raise InvalidInput("Say how the scene should change, e.g. 'make it night and add rain'.")
    if len(text) > MAX_TEXT:
        raise InvalidInput(f"The instruction is {len(text)} characters long; the limit is {MAX_TEXT}.")
    if not 1 <= number <= len(board.scenes):
        raise InvalidInput(f"There is no scene {number}; this storyboard has scenes 1-{len(board.scenes)}.")
    return text


def rewrite_scene(
    writer: Writer, board: Storyboard, number: int, instruction: str, safety: SafetyFilter | None = None
) -> Scene:
    """Check the request, then have the writer rewrite scene `number` (1-based); the board is not changed."""
    text = check_rewrite(board, number, instruction)
    if safety is not None:
        safety.check(text, "This instruction")
    scene = writer.rewrite_scene(board, number, text)
    if safety is not None:
        safety.check_scene(scene, f"The rewritten scene {number}")
    return scene


def build_writer(settings: Settings, manager: ModelManager | None = None) -> Writer:
    """The writer the settings ask for: a server if a URL is set, else a local model, else the planner.

    Constructing imports neither torch nor transformers; the model loads on first use.
    Pass the app's ModelManager so the LLM and the video models share the GPU politely.
    """
    if settings.llm_server_url:
        from studio.storyboard.llm.server import ServerWriter

        return FallbackWriter(ServerWriter.from_settings(settings), PlannerWriter())
    if settings.llm_model:
        from studio.models.manager import ModelManager
        from studio.storyboard.llm.local import TransformersWriter

        return FallbackWriter(TransformersWriter.from_settings(settings, manager or ModelManager()), PlannerWriter())
    return PlannerWriter()
