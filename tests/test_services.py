"""Which writer and engines the studio wires up, and a scene rendered by SVD through the Renderer into a Take."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from studio.config import Settings
from studio.engines.available import video_engines
from studio.models.manager import ModelManager
from studio.services import build_services
from tests.builders import make_board


def fake_svd_folder(models_dir: Path) -> Path:
    folder = models_dir / "svd" / "svd-xt"
    folder.mkdir(parents=True)
    (folder / "model_index.json").write_text(json.dumps({"_class_name": "StableVideoDiffusionPipeline"}))
    return folder


def test_without_weights_the_animatic_engine_renders_and_the_note_says_how_to_add_svd(tmp_path):
    engines, choice = video_engines(Settings(models_dir=tmp_path / "models"), ModelManager())
    assert list(engines) == ["animatic"]
    assert choice.reason == "no_weights" and choice.facts == {"folder": f"{tmp_path / 'models'}/svd/"}
    assert "python -m studio.models download svd-xt" in choice.note


def test_svd_weights_make_svd_the_default_engine_with_the_animatic_still_there(tmp_path):
    fake_svd_folder(tmp_path / "models")
    engines, choice = video_engines(Settings(models_dir=tmp_path / "models"), ModelManager())
    assert list(engines) == ["svd", "animatic"]
    assert (choice.reason, choice.facts["keyframes"]) == ("svd", "card")
    assert "Stable Video Diffusion" in choice.note and "title-card keyframes" in choice.note


def test_svd_weights_without_the_libraries_fall_back_and_say_what_to_install(tmp_path, monkeypatch):
    fake_svd_folder(tmp_path / "models")
    monkeypatch.setattr("studio.engines.available.missing_model_libraries", lambda: ["diffusers"])
    engines, choice = video_engines(Settings(models_dir=tmp_path / "models"), ModelManager())
    assert list(engines) == ["animatic"]
    assert (choice.reason, choice.facts["missing"]) == ("no_libraries", "diffusers")
    assert "diffusers is not installed" in choice.note and "requirements-models.txt" in choice.note


def test_a_configured_model_that_does_not_exist_stops_the_start_with_a_clear_message(tmp_path):
    result = subprocess.run(
        [sys.executable, "app.py", "--data-dir", str(tmp_path / "data"), "--port", "1"],
        cwd=Path(__file__).resolve().parents[1],
        env={"PATH": "/usr/bin:/bin", "STUDIO_SVD_MODEL": str(tmp_path / "nowhere" / "svd-xt")},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "The studio cannot start: STUDIO_SVD_MODEL=" in result.stderr
    assert "Traceback" not in result.stderr


def test_building_the_services_loads_no_heavy_library(tmp_path):
    code = (
        "import sys; from studio.config import Settings; from studio.services import build_services; "
        f"build_services(Settings(data_dir={str(tmp_path)!r})); "
        "print(sorted(m for m in ('torch', 'diffusers', 'transformers') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.slow
def test_a_scene_rendered_with_tiny_svd_becomes_a_take_with_its_recipe(tmp_path):
    from tests.tiny_diffusers import save_tiny_svd

    folder = save_tiny_svd(tmp_path / "models" / "svd" / "tiny-svd")
    settings = Settings(data_dir=tmp_path / "data", models_dir=tmp_path / "models", svd_model=str(folder))
    services = build_services(settings)
    owner = services.accounts.create("dora", "dora-password")
    board = make_board("a fox crosses a snowy field", "the fox sleeps", "dawn", duration=1.0)
    project = services.projects.create(owner.id, "idea", board, writer="planner", width=64, height=64, fps=8)
    from studio.projects.controls import parse_controls

    services.projects.set_controls(
        owner.id, project.scenes[0].id, continuity=False, controls=parse_controls({"steps": 2, "frames": 3})
    )
    steps = []
    take = services.renderer.render_scene(owner.id, project.scenes[0].id, lambda d, t, s: steps.append(s), seed=5)
    assert take.engine == "svd"
    assert take.recipe["steps"] == 2 and take.recipe["seed"] == 5
    assert steps.count("denoising") == 2
    assert Path(take.path).is_file()
    assert services.projects.get(owner.id, project.id).scenes[0].active_take_id == take.id
