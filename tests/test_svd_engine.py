"""The SVD engine on a tiny random-weight pipeline: exact durations, progress, cancel, OOM retry, keyframes.

Runs on the CPU here and unchanged on a GPU (the device is "auto"), where the
CUDA-only checks below also run. Tests that encode need PyAV and ffmpeg and skip
without them, so the file also runs on a bare GPU image with torch and diffusers.
"""

from __future__ import annotations

import subprocess
import sys
import weakref
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from studio.engines.base import RenderRequest, VideoEngine
from studio.engines.svd import RETIME_METHOD, SVDEngine
from studio.engines.svd_pipeline import SVDControls, is_out_of_memory
from studio.errors import InvalidInput, RenderFailed
from studio.models.manager import ModelManager
from studio.post.interpolate import iter_retime
from studio.progress import Canceled
from tests.tiny_diffusers import save_tiny_svd

CUDA = torch.cuda.is_available()
FAST = SVDControls(steps=2, frames=3, decode_chunk_size=8)


@pytest.fixture(scope="module")
def svd_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return save_tiny_svd(tmp_path_factory.mktemp("models") / "svd" / "tiny-svd")


@pytest.fixture
def engine(svd_folder: Path) -> SVDEngine:
    return SVDEngine(str(svd_folder), ModelManager(), defaults=FAST)


@pytest.fixture
def keyframe(tmp_path: Path) -> Path:
    rng = np.random.default_rng(3)
    path = tmp_path / "keyframe.png"
    Image.fromarray(rng.integers(0, 255, (90, 120, 3), dtype=np.uint8)).save(path)
    return path


@pytest.fixture
def encoder() -> None:
    """Skip where clips cannot be written or read (a bare GPU image without PyAV or ffmpeg)."""
    pytest.importorskip("av")
    from studio.errors import StudioError
    from studio.media import ffmpeg_exe

    try:
        ffmpeg_exe()
    except StudioError as exc:
        pytest.skip(str(exc))


def _request(keyframe: Path | None, **overrides: object) -> RenderRequest:
    fields: dict[str, object] = {
        "scene_number": 1, "description": "a fox crosses a snowy field", "camera": "wide shot",
        "duration": 1.5, "width": 64, "height": 64, "fps": 8, "seed": 11, "keyframe_path": keyframe,
    }  # fmt: skip
    fields.update(overrides)
    return RenderRequest(**fields)  # type: ignore[arg-type]


class Recorder:
    def __init__(self, cancel_at: tuple[str, int] | None = None) -> None:
        self.calls: list[tuple[int, int, str]] = []
        self.cancel_at = cancel_at

    def __call__(self, done: int, total: int, stage: str) -> None:
        self.calls.append((done, total, stage))
        if (stage, done) == self.cancel_at:
            raise Canceled("stop")

    def count(self, stage: str) -> int:
        return sum(1 for _, _, s in self.calls if s == stage)


def _fail_pipeline(monkeypatch: pytest.MonkeyPatch, times: int, error: Exception) -> list[dict]:
    """Make the pipeline call raise `error` the first `times` calls; record every call's arguments."""
    from diffusers import StableVideoDiffusionPipeline

    real = StableVideoDiffusionPipeline.__call__
    calls: list[dict] = []

    def call(self, image, **kwargs):
        calls.append(kwargs)
        if len(calls) <= times:
            raise error
        return real(self, image, **kwargs)

    monkeypatch.setattr(StableVideoDiffusionPipeline, "__call__", call)
    return calls


def test_a_scene_renders_to_h264_lasting_exactly_its_duration(engine, keyframe, tmp_path, encoder):
    from studio.media import probe

    out = tmp_path / "take.mp4"
    progress = Recorder()
    result = engine.render(_request(keyframe), out, progress)
    info = probe(out)
    assert (info.codec, info.width, info.height) == ("h264", 64, 64)
    assert info.frames == result.frames == round(1.5 * 8)
    assert progress.count("denoising") == FAST.steps
    stages = [s for _, _, s in progress.calls]
    assert stages.index("keyframe") < stages.index("denoising") < stages.index("decoding") < stages.index("encoding")
    recipe = result.recipe
    assert recipe["engine"] == "svd" and recipe["model"] == engine.source and recipe["seed"] == 11
    assert (recipe["steps"], recipe["num_frames"], recipe["decode_chunk_size"]) == (2, 3, 8)
    assert recipe["keyframe"] == "image:keyframe.png" and len(recipe["keyframe_sha256"]) == 64
    assert recipe["device"] == ("cuda" if CUDA else "cpu") and recipe["retried_after_oom"] is False
    assert recipe["dtype"] == ("float16" if CUDA else "float32")
    assert ("peak_gpu_gb" in recipe) == CUDA


def test_svd_engine_satisfies_the_engine_protocol(engine):
    video: VideoEngine = engine
    assert video.name == "svd"


def test_scene_options_override_the_defaults(engine, keyframe):
    options = {"steps": 1, "frames": 2, "motion_bucket_id": 90, "noise_aug_strength": 0.1, "fps": 6}
    clip = engine.animate(_request(keyframe, options=options))
    assert clip.frames.shape == (2, 64, 64, 3) and clip.frames.dtype == np.uint8
    assert clip.recipe["options"] == {**vars(FAST), **options}
    assert (clip.recipe["motion_bucket_id"], clip.recipe["conditioning_fps"]) == (90, 6)


@pytest.mark.parametrize(
    ("options", "message"),
    [({"steps": "many"}, "steps must be a whole number"), ({"noise_aug_strength": 2}, "noise_aug_strength"),
     ({"frames": 1.5}, "frames"), ({"motion_bucket_id": True}, "motion_bucket_id")],
)  # fmt: skip
def test_bad_scene_options_are_refused_before_any_work(engine, keyframe, options, message):
    with pytest.raises(InvalidInput, match=message):
        engine.animate(_request(keyframe, options=options))
    assert engine.manager.loaded() == []


def test_decode_chunk_size_is_a_memory_setting_not_a_scene_option():
    assert SVDControls(decode_chunk_size=8).with_options({"decode_chunk_size": 1, "steps": 3}).decode_chunk_size == 8
    with pytest.raises(InvalidInput, match="decode_chunk_size must be from 1 to 64"):
        SVDControls(decode_chunk_size=0)
    with pytest.raises(InvalidInput, match="steps must be at most 150"):
        SVDControls(steps=500)


def test_a_size_off_the_8_pixel_grid_is_generated_larger_and_cropped(engine, keyframe):
    clip = engine.animate(_request(keyframe, width=66, height=74))
    assert clip.frames.shape[1:] == (74, 66, 3)
    assert clip.recipe["generated_size"] == "72x80"


def test_without_a_keyframe_or_text_to_image_model_svd_animates_a_title_card(engine):
    pytest.importorskip("cvttf_NotoSansCJK_Regular")
    clip = engine.animate(_request(None))
    assert clip.recipe["keyframe"] == "card"


def test_cancel_in_the_first_step_leaves_no_file_and_frees_the_pipeline(engine, keyframe, tmp_path, monkeypatch):
    from diffusers import StableVideoDiffusionPipeline

    import studio.engines.svd as svd_module

    embeddings: list[weakref.ref] = []  # the CLIP embedding lives through the whole denoising loop
    real_encode = StableVideoDiffusionPipeline._encode_image

    def encode(self, *args, **kwargs):
        result = real_encode(self, *args, **kwargs)
        embeddings.append(weakref.ref(result))
        return result

    freed: list[bool] = []
    monkeypatch.setattr(StableVideoDiffusionPipeline, "_encode_image", encode)
    monkeypatch.setattr(svd_module, "free_memory", lambda: freed.append(True))
    out = tmp_path / "take.mp4"
    progress = Recorder(cancel_at=("denoising", 1))
    with pytest.raises(Canceled):
        engine.render(_request(keyframe), out, progress)
    assert progress.count("denoising") == 1
    assert not out.exists() and list(tmp_path.glob("*.mp4")) == []
    assert freed and embeddings and embeddings[0]() is None, "the canceled call's tensors must not outlive it"
    clip = engine.animate(_request(keyframe))
    assert clip.frames.shape == (3, 64, 64, 3)


def test_out_of_memory_once_retries_with_lower_settings(engine, keyframe, monkeypatch):
    calls = _fail_pipeline(monkeypatch, 1, torch.cuda.OutOfMemoryError("CUDA out of memory. Tried to allocate 2 GiB"))
    clip = engine.animate(_request(keyframe))
    assert [c["decode_chunk_size"] for c in calls] == [8, 2]
    assert clip.recipe["retried_after_oom"] is True and clip.recipe["decode_chunk_size"] == 2
    assert clip.recipe["forward_chunking"] is True
    assert clip.recipe["offload"] is CUDA  # CPU offload exists only where there is a GPU to offload from
    assert clip.recipe["options"]["decode_chunk_size"] == 8  # what was asked, beside what ran
    unet = engine.manager.loaded()[0].model.pipe.unet
    assert any(getattr(m, "_chunk_size", None) for m in unet.modules())
    again = engine.animate(_request(keyframe))
    assert again.recipe["forward_chunking"] is False and again.recipe["decode_chunk_size"] == 8
    assert not any(getattr(m, "_chunk_size", None) for m in unet.modules())


def test_out_of_memory_twice_is_a_readable_failure_and_the_engine_recovers(engine, keyframe, tmp_path, monkeypatch):
    calls = _fail_pipeline(monkeypatch, 2, RuntimeError("CUDA error: out of memory"))
    out = tmp_path / "take.mp4"
    with pytest.raises(RenderFailed, match=r"Out of GPU memory at 64x64 with 3 frames.*decode_chunk_size 2"):
        engine.render(_request(keyframe), out)
    assert len(calls) == 2 and not out.exists()
    clip = engine.animate(_request(keyframe))
    assert clip.recipe["retried_after_oom"] is False and len(calls) == 3


def test_other_pipeline_errors_fail_at_once_with_their_message(engine, keyframe, monkeypatch):
    calls = _fail_pipeline(monkeypatch, 1, ValueError("height must be divisible by 8"))
    with pytest.raises(RenderFailed, match="Stable Video Diffusion failed: height must be divisible by 8"):
        engine.animate(_request(keyframe))
    assert len(calls) == 1


def test_out_of_memory_is_recognised_in_its_several_forms():
    assert is_out_of_memory(torch.cuda.OutOfMemoryError("CUDA out of memory"))
    assert is_out_of_memory(RuntimeError("cuDNN error: CUDNN_STATUS_ALLOC_FAILED out of memory"))
    assert not is_out_of_memory(RuntimeError("expected scalar type Half"))
    assert not is_out_of_memory(ValueError("out of memory"))


def test_a_folder_of_fp16_files_loads_as_the_fp16_variant(tmp_path, keyframe):
    folder = save_tiny_svd(tmp_path / "svd-fp16", fp16_variant=True)
    assert list(folder.glob("unet/*.fp16.safetensors"))
    clip = SVDEngine(str(folder), ModelManager(), defaults=FAST).animate(_request(keyframe))
    assert clip.recipe["variant"] == "fp16"
    assert clip.recipe["dtype"] == ("float16" if CUDA else "float32")


def test_a_broken_model_folder_is_a_render_failure(tmp_path, keyframe):
    (tmp_path / "svd").mkdir()
    with pytest.raises(RenderFailed, match="Could not load Stable Video Diffusion"):
        SVDEngine(str(tmp_path / "svd"), ModelManager(), defaults=FAST).animate(_request(keyframe))


def test_importing_the_engine_does_not_import_torch():
    code = "import sys, studio.engines.svd; print('torch' in sys.modules, 'diffusers' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "False"]


def test_retiming_spans_the_clip_from_its_first_to_its_last_frame():
    def retimed(frames: np.ndarray, count: int) -> list[np.ndarray]:
        return list(iter_retime(frames, count, RETIME_METHOD))  # as SVDEngine.render retimes

    frames = np.stack([np.full((2, 2, 3), v, np.uint8) for v in (0, 100, 200)])
    out = np.stack(retimed(frames, 5))
    assert out[:, 0, 0, 0].tolist() == [0, 50, 100, 150, 200]
    assert len(retimed(frames, 40)) == 40
    assert [f[0, 0, 0] for f in retimed(frames, 2)] == [0, 200]
    assert [f[0, 0, 0] for f in retimed(frames, 1)] == [0]


def test_the_benchmark_runs_end_to_end_in_tiny_mode(tmp_path):
    from tests.bench.svd import main

    table = main(["--tiny", "--variants", "baseline,chunk2", "--warmup", "0", "--out", str(tmp_path / "bench.md")])
    rows = {line.split("|")[1].strip(): line for line in table.splitlines() if line.startswith("| ")}
    assert {"baseline", "chunk2"} <= set(rows) and "1.00x" in rows["baseline"]
    assert (tmp_path / "bench.md").read_text(encoding="utf-8") == table


@pytest.mark.skipif(not CUDA, reason="needs a CUDA GPU")
def test_cuda_memory_returns_to_its_level_after_a_cancel(engine, keyframe):
    engine.animate(_request(keyframe))
    before = torch.cuda.memory_allocated()
    with pytest.raises(Canceled):
        engine.animate(_request(keyframe), Recorder(cancel_at=("denoising", 1)))
    assert torch.cuda.memory_allocated() <= before + 1024**2


@pytest.mark.skipif(not CUDA, reason="needs a CUDA GPU")
def test_cuda_retry_offloads_and_the_next_render_is_back_on_the_gpu(engine, keyframe, monkeypatch):
    _fail_pipeline(monkeypatch, 1, torch.cuda.OutOfMemoryError("CUDA out of memory"))
    assert engine.animate(_request(keyframe)).recipe["offload"] is True
    assert engine.manager.loaded()[0].model.placement == "offload"
    again = engine.animate(_request(keyframe))
    assert again.recipe["offload"] is False and engine.manager.loaded()[0].model.placement == "gpu"
