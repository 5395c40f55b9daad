"""Choosing a writer, the planner's honest limits, and the fallback note."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from studio.config import Settings
from studio.errors import InvalidInput
from studio.storyboard.schema import Scene, Storyboard
from studio.storyboard.writers import (
    NEEDS_LLM,
    FallbackWriter,
    PlannerWriter,
    Writer,
    WriterUnavailable,
    Written,
    build_writer,
    rewrite_scene,
    write_storyboard,
)

ROOT = Path(__file__).resolve().parents[1]
BOARD = Storyboard(title="Fox", scenes=[Scene(description=f"A fox, shot {i}", duration=3) for i in range(3)])


class BrokenLLM:
    name = "llm:broken"
    description = "local LLM broken (transformers)"
    can_rewrite = True

    def write(self, idea: str) -> Written:
        raise WriterUnavailable("The local LLM broken could not be loaded: no weights.")

    def rewrite_scene(self, board: Storyboard, number: int, instruction: str) -> Scene:
        raise WriterUnavailable("The local LLM broken could not be loaded: no weights.")


def test_the_planner_writes_a_draft_with_no_note() -> None:
    draft = write_storyboard(PlannerWriter(), "  制作一段关于森林探险的短视频，包含河流和小动物 ", max_chars=2000)
    assert draft.idea == "制作一段关于森林探险的短视频，包含河流和小动物"
    assert draft.writer == "planner" and draft.note == ""
    assert 3 <= len(draft.storyboard.scenes) <= 8


@pytest.mark.parametrize(("idea", "message"), [("   ", "Type an idea first"), ("x" * 50, "the limit is 20")])
def test_bad_ideas_get_a_clear_message(idea: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        write_storyboard(PlannerWriter(), idea, max_chars=20)


def test_the_planner_says_rewriting_from_an_instruction_needs_an_llm() -> None:
    assert PlannerWriter.can_rewrite is False
    with pytest.raises(InvalidInput, match="needs an LLM; set STUDIO_LLM_MODEL or STUDIO_LLM_SERVER_URL") as raised:
        rewrite_scene(PlannerWriter(), BOARD, 1, "make it night")
    assert str(raised.value) == NEEDS_LLM


@pytest.mark.parametrize(
    ("number", "instruction", "message"),
    [(0, "night", "There is no scene 0; this storyboard has scenes 1-3"), (4, "night", "no scene 4"),
     (1, " \u200b ", "Say how the scene should change"), (1, "x" * 1001, "the limit is 1000")],
)  # fmt: skip
def test_bad_rewrite_requests_get_a_clear_message(number: int, instruction: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        rewrite_scene(FallbackWriter(BrokenLLM(), PlannerWriter()), BOARD, number, instruction)


def test_a_failing_llm_hands_over_to_the_planner_and_the_draft_says_why() -> None:
    writer: Writer = FallbackWriter(BrokenLLM(), PlannerWriter())
    assert writer.name == "llm:broken" and writer.can_rewrite
    draft = write_storyboard(writer, "A lighthouse at dusk with seagulls", max_chars=2000)
    assert draft.writer == "planner"
    assert draft.note == (
        "The local LLM broken could not be loaded: no weights. "
        "The built-in planner (no LLM configured) wrote this storyboard instead."
    )


def test_a_failing_llm_cannot_rewrite_and_says_why() -> None:
    with pytest.raises(WriterUnavailable, match="no weights"):
        rewrite_scene(FallbackWriter(BrokenLLM(), PlannerWriter()), BOARD, 1, "make it night")


def test_build_writer_prefers_the_server_then_the_local_model_then_the_planner() -> None:
    from studio.storyboard.llm.local import TransformersWriter
    from studio.storyboard.llm.server import ServerWriter

    both = build_writer(Settings(llm_server_url="http://127.0.0.1:8000/v1", llm_model="models/llm/qwen"))
    assert isinstance(both, FallbackWriter) and isinstance(both.primary, ServerWriter)
    assert both.primary.url == "http://127.0.0.1:8000/v1"
    local = build_writer(Settings(llm_model="models/llm/Qwen2.5-7B-Instruct", llm_max_new_tokens=900))
    assert isinstance(local, FallbackWriter) and isinstance(local.primary, TransformersWriter)
    assert local.name == "llm:Qwen2.5-7B-Instruct" and local.primary.max_new_tokens == 900
    assert isinstance(build_writer(Settings()), PlannerWriter)


def test_choosing_and_building_an_llm_writer_imports_no_torch_or_transformers() -> None:
    code = (
        "import sys\n"
        "from studio.config import Settings\n"
        "from studio.storyboard.writers import build_writer\n"
        "build_writer(Settings(llm_model='models/llm/qwen'))\n"
        "build_writer(Settings(llm_server_url='http://127.0.0.1:1/v1'))\n"
        "heavy = sorted(m for m in ('torch', 'transformers', 'llguidance') if m in sys.modules)\n"
        "print(','.join(heavy) or 'none')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "none"
