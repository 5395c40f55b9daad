"""The animatic over keyframes drawn by a text-to-image model: a tiny random-weight SD pipeline in
models/t2i/, found and loaded through the studio's own path (available.video_engines, the ModelManager)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from components.messages import MESSAGES_EN, MESSAGES_ZH
from studio.config import Settings
from studio.engines.available import video_engines
from studio.engines.base import RenderRequest
from studio.errors import RenderFailed
from studio.models.manager import ModelManager
from tests.tiny_diffusers import save_tiny_sd


@pytest.fixture(scope="module")
def models_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("models")
    save_tiny_sd(root / "t2i" / "sd-turbo")
    return root


def _request(seed: int) -> RenderRequest:
    return RenderRequest(
        scene_number=1, description="A lighthouse on a cliff at night", camera="wide shot", duration=0.5,
        width=96, height=64, fps=8, seed=seed, action="waves crash",
    )  # fmt: skip


def test_with_a_text_to_image_model_the_animatic_draws_each_scenes_keyframe(models_dir, tmp_path, read_frames):
    engines, choice = video_engines(Settings(models_dir=models_dir), ModelManager())
    assert list(engines) == ["animatic"] and choice.reason == "animatic_t2i" and choice.facts["t2i"] == "sd-turbo"
    animatic = engines["animatic"]
    stages: list[str] = []
    first = animatic.render(_request(5), tmp_path / "a.mp4", lambda d, t, s: stages.append(s))
    again = animatic.render(_request(5), tmp_path / "b.mp4")
    other = animatic.render(_request(6), tmp_path / "c.mp4")
    recipe = first.recipe
    assert recipe["keyframe"] == "t2i:sd-turbo" and recipe["keyframe_seed"] == 5 and recipe["keyframe_steps"] == 1
    assert recipe["keyframe_model"] == str(models_dir / "t2i" / "sd-turbo")
    assert recipe["keyframe_prompt"] == "A lighthouse on a cliff at night, waves crash, wide shot"
    assert stages[0] == "keyframe" and "animating" in stages
    a, b, c = (read_frames(result.path)[0].astype(int) for result in (first, again, other))
    assert np.array_equal(a, b)
    assert np.abs(a - c).mean() > 2  # another seed, another picture (the pan alone moves by seed parity)
    assert recipe["keyframe_sha256"] == again.recipe["keyframe_sha256"] != other.recipe["keyframe_sha256"]


def test_the_engine_note_says_the_keyframes_are_drawn_in_both_languages(models_dir):
    _engines, choice = video_engines(Settings(models_dir=models_dir), ModelManager())
    for messages in (MESSAGES_EN, MESSAGES_ZH):
        text = messages[f"engine.{choice.reason}"].format(**choice.facts)
        assert "sd-turbo" in text and str(models_dir) in text
    assert "sd-turbo" in choice.note


def test_without_any_model_the_animatic_draws_title_cards_and_says_so(tmp_path):
    engines, choice = video_engines(Settings(models_dir=tmp_path), ModelManager())
    assert choice.reason == "no_weights" and engines["animatic"].keyframes is None


def test_a_model_that_fails_to_draw_fails_the_take_with_the_reason(models_dir, tmp_path):
    engines, _choice = video_engines(Settings(models_dir=models_dir), ModelManager())
    animatic = engines["animatic"]

    def broken(*_args, **_kwargs):
        raise RuntimeError("weights are corrupt")

    animatic.keyframes.generate = broken
    with pytest.raises(RenderFailed, match="could not be drawn with sd-turbo: weights are corrupt"):
        animatic.render(_request(1), tmp_path / "t.mp4")
    assert not (tmp_path / "t.mp4").exists()
