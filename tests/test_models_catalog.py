"""The model catalog: finding weights under models/, resolving settings, downloading (offline here), the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from studio.errors import InvalidInput
from studio.models.__main__ import main
from studio.models.catalog import catalog_model, local_models, resolve_model, weights_variant
from studio.models.download import DownloadFailed, download


def _pipeline_folder(path: Path, pipeline: str = "StableVideoDiffusionPipeline", *weights: str) -> Path:
    path.mkdir(parents=True)
    (path / "model_index.json").write_text(json.dumps({"_class_name": pipeline}))
    for name in weights:
        (path / name).parent.mkdir(parents=True, exist_ok=True)
        (path / name).write_bytes(b"0")
    return path


def test_the_first_complete_folder_is_found_best_catalog_model_first(tmp_path):
    _pipeline_folder(tmp_path / "svd" / "a-custom-svd")
    _pipeline_folder(tmp_path / "svd" / "svd-xt")
    _pipeline_folder(tmp_path / "svd" / "svd-xt-1-1")
    (tmp_path / "svd" / "half-copied").mkdir()  # no model_index.json
    _pipeline_folder(tmp_path / "svd" / ".svd.partial")  # an unfinished download
    _pipeline_folder(tmp_path / "svd" / "wrong-kind", "StableDiffusionPipeline")
    found = [p.name for p in local_models(tmp_path, "svd")]
    assert found == ["svd-xt-1-1", "svd-xt", "a-custom-svd"]
    assert resolve_model("svd", None, tmp_path) == str(tmp_path / "svd" / "svd-xt-1-1")
    assert resolve_model("t2i", None, tmp_path) is None


def test_a_setting_wins_and_a_wrong_one_says_what_to_do(tmp_path):
    chosen = _pipeline_folder(tmp_path / "elsewhere" / "my-svd")
    assert resolve_model("svd", str(chosen), tmp_path) == str(chosen)
    assert resolve_model("svd", "stabilityai/stable-video-diffusion-img2vid-xt", tmp_path) == (
        "stabilityai/stable-video-diffusion-img2vid-xt"
    )
    with pytest.raises(InvalidInput, match=r"python -m studio.models download svd-xt"):
        resolve_model("svd", "models/svd/svd-xt", tmp_path)
    sd = _pipeline_folder(tmp_path / "sd", "StableDiffusionPipeline")
    with pytest.raises(InvalidInput, match=r"STUDIO_SVD_MODEL.*StableDiffusionPipeline"):
        resolve_model("svd", str(sd), tmp_path)
    llm = tmp_path / "llm" / "Qwen2.5-7B-Instruct"
    llm.mkdir(parents=True)
    (llm / "config.json").write_text("{}")
    assert resolve_model("llm", None, tmp_path) == str(llm)
    gguf = tmp_path / "gemma-3-270m-q4_k_m.gguf"
    gguf.write_bytes(b"GGUF")
    assert resolve_model("llm", str(gguf), tmp_path) == str(gguf)


def test_fp16_files_are_read_as_the_fp16_variant_where_they_are_right(tmp_path):
    only_half = _pipeline_folder(tmp_path / "a", "StableVideoDiffusionPipeline", "unet/m.fp16.safetensors")
    both = _pipeline_folder(
        tmp_path / "b", "StableVideoDiffusionPipeline", "unet/m.fp16.safetensors", "unet/m.safetensors"
    )
    full = _pipeline_folder(tmp_path / "c", "StableVideoDiffusionPipeline", "unet/m.safetensors")
    assert weights_variant(str(only_half), half=False) == "fp16"
    assert (weights_variant(str(both), half=False), weights_variant(str(both), half=True)) == (None, "fp16")
    assert weights_variant(str(full), half=True) is None
    assert weights_variant("stabilityai/stable-video-diffusion-img2vid-xt", half=False) == "fp16"
    assert weights_variant("someone/own-model", half=True) is None


def test_catalog_places_each_kind_under_its_folder():
    assert catalog_model("SVD-XT").repo_id == "stabilityai/stable-video-diffusion-img2vid-xt"
    assert catalog_model("svd-xt-1-1").repo_id.endswith("img2vid-xt-1-1")
    assert catalog_model("sd-turbo").kind == "t2i" and catalog_model("chatglm3-6b").kind == "llm"
    with pytest.raises(InvalidInput, match="known: svd-xt-1-1"):
        catalog_model("sora")


def test_an_offline_download_fails_cleanly_and_leaves_no_model_folder(tmp_path, monkeypatch):
    import huggingface_hub
    from huggingface_hub.errors import LocalEntryNotFoundError

    def offline(*args, **kwargs):
        raise LocalEntryNotFoundError("cannot find the requested files in the local cache")

    monkeypatch.setattr(huggingface_hub, "snapshot_download", offline)
    with pytest.raises(DownloadFailed, match="looks offline"):
        download(catalog_model("svd-xt"), tmp_path)
    assert not (tmp_path / "svd" / "svd-xt").exists()
    assert local_models(tmp_path, "svd") == []


def test_a_gated_model_says_to_accept_the_licence_and_log_in(tmp_path, monkeypatch):
    import httpx
    import huggingface_hub
    from huggingface_hub.errors import GatedRepoError

    def gated(*args, **kwargs):
        response = httpx.Response(401, request=httpx.Request("GET", "https://huggingface.co/api/models/x"))
        raise GatedRepoError("Access to model is restricted", response=response)

    monkeypatch.setattr(huggingface_hub, "snapshot_download", gated)
    with pytest.raises(DownloadFailed, match=r"accept its licence.*hf auth login"):
        download(catalog_model("svd-xt-1-1"), tmp_path)


def test_a_finished_download_appears_whole_under_models(tmp_path, monkeypatch):
    import huggingface_hub

    seen: dict = {}

    def fetch(repo_id, *, local_dir, allow_patterns, token):
        seen.update(repo_id=repo_id, patterns=allow_patterns, into=Path(local_dir).name)
        _pipeline_folder(Path(local_dir), "StableDiffusionPipeline", "unet/m.fp16.safetensors")

    monkeypatch.setattr(huggingface_hub, "snapshot_download", fetch)
    folder = download(catalog_model("sd-turbo"), tmp_path)
    assert folder == tmp_path / "t2i" / "sd-turbo" and (folder / "model_index.json").is_file()
    assert seen["into"] == ".sd-turbo.partial" and "*/*.fp16.safetensors" in seen["patterns"]
    assert not (tmp_path / "t2i" / ".sd-turbo.partial").exists()
    assert download(catalog_model("sd-turbo"), tmp_path) == folder  # present: nothing fetched again


def test_the_cli_fails_offline_with_one_line_and_a_nonzero_exit(tmp_path):
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "HF_HOME": str(tmp_path / "hf")}
    done = subprocess.run(
        [sys.executable, "-m", "studio.models", "download", "svd-xt", "--models-dir", str(tmp_path)],
        capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and done.stderr.startswith("error: ")


def test_the_cli_lists_what_is_present_and_what_can_be_downloaded(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("STUDIO_SVD_MODEL", raising=False)
    _pipeline_folder(tmp_path / "svd" / "svd-xt")
    assert main(["list", "--models-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert f"uses {tmp_path / 'svd' / 'svd-xt'}" in out
    assert "present    svd-xt" in out and "python -m studio.models download svd-xt-1-1" in out
    assert main(["download", "nothing-like-it", "--models-dir", str(tmp_path)]) == 1
    assert capsys.readouterr().err.startswith("error: No model called")


def test_settings_pick_the_svd_engine_only_when_weights_are_there(tmp_path):
    from studio.config import Settings
    from studio.engines.svd import SVDEngine
    from studio.models.manager import ModelManager

    settings = Settings(models_dir=tmp_path, svd_model=None, t2i_model=None, _env_file=None)
    assert SVDEngine.from_settings(settings, ModelManager()) is None
    _pipeline_folder(tmp_path / "svd" / "svd-xt")
    _pipeline_folder(tmp_path / "t2i" / "sd-turbo", "StableDiffusionPipeline")
    engine = SVDEngine.from_settings(settings.model_copy(update={"svd_steps": 12}), ModelManager())
    assert engine is not None and engine.source == str(tmp_path / "svd" / "svd-xt")
    assert engine.defaults.steps == 12
    assert engine.keyframes is not None and engine.keyframes.turbo
