"""Text-to-image keyframes on a tiny random-weight Stable Diffusion pipeline, and the SVD engine using them."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from studio.engines.base import RenderRequest
from studio.engines.keyframe_t2i import TextToImageKeyframes, drawing_size
from studio.engines.svd import SVDEngine
from studio.engines.svd_pipeline import SVDControls
from studio.errors import InvalidInput
from studio.models.manager import ModelManager
from studio.progress import Canceled
from tests.tiny_diffusers import save_tiny_sd, save_tiny_svd


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("models")
    save_tiny_sd(root / "t2i" / "sd-turbo")
    save_tiny_svd(root / "svd" / "tiny-svd")
    return root


@pytest.fixture
def turbo(models: Path) -> TextToImageKeyframes:
    return TextToImageKeyframes(str(models / "t2i" / "sd-turbo"), ModelManager())


def test_a_turbo_model_draws_a_seeded_keyframe_of_the_project_size_in_one_step(turbo):
    assert (turbo.turbo, turbo.steps, turbo.guidance_scale) == (True, 1, 0.0)
    steps: list[tuple[int, int, str]] = []
    image = turbo.generate("the fox", 96, 64, seed=5, progress=lambda *a: steps.append(a))
    assert (image.size, image.mode) == ((96, 64), "RGB")
    assert steps == [(1, 1, "keyframe")]
    again = turbo.generate("the fox", 96, 64, seed=5)
    other = turbo.generate("the fox", 96, 64, seed=6)
    assert np.array_equal(np.asarray(image), np.asarray(again))
    assert not np.array_equal(np.asarray(image), np.asarray(other))


def test_turbo_is_told_by_name_or_by_setting(models):
    full = TextToImageKeyframes(str(models / "t2i" / "sd-turbo"), ModelManager(), turbo=False, steps=2)
    assert (full.turbo, full.steps, full.guidance_scale) == (False, 2, 7.5)
    assert full.generate("the fox", 64, 64, seed=1).size == (64, 64)
    assert TextToImageKeyframes("runwayml/stable-diffusion-v1-5", ModelManager()).steps == 25
    with pytest.raises(InvalidInput, match="1 to 4 steps"):
        TextToImageKeyframes("stabilityai/sdxl-turbo", ModelManager(), steps=8)


def test_an_empty_description_cannot_be_drawn(turbo):
    with pytest.raises(InvalidInput, match="description"):
        turbo.generate("  ", 64, 64, seed=1)


def test_cancel_while_drawing_stops_the_keyframe(turbo):
    def cancel(done: int, total: int, stage: str) -> None:
        raise Canceled("stop")

    with pytest.raises(Canceled):
        turbo.generate("the fox", 64, 64, seed=1, progress=cancel)


def test_keyframes_are_drawn_at_the_models_own_area_in_the_frames_shape():
    assert drawing_size(1024, 576, 512) == (704, 384)
    assert drawing_size(576, 1024, 512) == (384, 704)
    assert drawing_size(512, 512, 1024) == (1024, 1024)
    assert drawing_size(64, 64, 64) == (64, 64)


def _request(keyframe: Path | None = None) -> RenderRequest:
    return RenderRequest(
        scene_number=2, description="the fox", camera="wide shot", duration=1.0,
        width=64, height=64, fps=8, seed=4, keyframe_path=keyframe,
    )  # fmt: skip


def test_svd_animates_a_drawn_keyframe_when_the_scene_has_no_image(models):
    manager = ModelManager()
    keyframes = TextToImageKeyframes(str(models / "t2i" / "sd-turbo"), manager)
    engine = SVDEngine(
        str(models / "svd" / "tiny-svd"), manager, keyframes=keyframes, defaults=SVDControls(steps=1, frames=2)
    )
    stages: list[str] = []
    clip = engine.animate(_request(), lambda done, total, stage: stages.append(stage))
    assert clip.recipe["keyframe"] == "t2i:sd-turbo"
    assert stages[:2] == ["keyframe", "keyframe"] and "denoising" in stages
    drawn = keyframes.generate("the fox, wide shot", 64, 64, seed=4)
    assert clip.recipe["keyframe_sha256"] == hashlib.sha256(drawn.tobytes()).hexdigest()


def test_an_uploaded_keyframe_wins_over_drawing_one(models, tmp_path):
    upload = tmp_path / "mine.png"
    Image.new("RGB", (80, 60), (200, 40, 40)).save(upload)

    class NoDrawing(TextToImageKeyframes):
        def generate(self, *args, **kwargs):
            raise AssertionError("the upload should have been used")

    manager = ModelManager()
    engine = SVDEngine(
        str(models / "svd" / "tiny-svd"), manager, defaults=SVDControls(steps=1, frames=2),
        keyframes=NoDrawing(str(models / "t2i" / "sd-turbo"), manager),
    )  # fmt: skip
    assert engine.animate(_request(upload)).recipe["keyframe"] == "image:mine.png"
