"""Stable Video Diffusion as the studio drives it: controls, loading, placement, and the one call.

The engine and the GPU benchmark both go through these functions, so a benchmark
number describes the exact call a render makes. torch and diffusers are imported
inside the functions: importing this module costs nothing.

Memory knobs are the ones SVD has in diffusers 0.42: fp16, decode_chunk_size,
feed-forward chunking and model CPU offload. Attention and VAE slicing do not apply (the spatio-temporal
UNet has no sliced attention processor and the temporal VAE no slicing, which
decode_chunk_size stands in for), and PyTorch SDPA attention is already
memory-efficient; xformers is used when it is installed and works.
"""

from __future__ import annotations

import importlib.util
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

import numpy as np
from PIL import Image

from studio.config import RenderControls, Settings, field_bounds
from studio.errors import InvalidInput
from studio.models.catalog import weights_variant
from studio.models.devices import half_dtype

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SVDControls:
    """How SVD is called. Defaults come from Settings; a scene may change the controls RenderControls
    (studio.config, the one schema of them) lists, under the same names in request.options.
    decode_chunk_size is a memory setting only (Settings.svd_decode_chunk_size), never a scene's.
    """

    steps: int = 25
    frames: int = 25
    fps: int = 7
    """The frame rate SVD is conditioned on (its motion speed), not the project's."""
    motion_bucket_id: int = 127
    noise_aug_strength: float = 0.02
    decode_chunk_size: int = 8

    @classmethod
    def from_settings(cls, settings: Settings) -> SVDControls:
        return cls(settings.svd_steps, settings.svd_frames, settings.svd_fps, settings.svd_motion_bucket_id,
                   settings.svd_noise_aug_strength, settings.svd_decode_chunk_size)  # fmt: skip

    def __post_init__(self) -> None:
        """Controls made any way (settings, a scene, a retry, a benchmark) are within RenderControls' bounds."""
        RenderControls.checked({name: getattr(self, name) for name in SCENE_CONTROLS})
        low, high = field_bounds(Settings, "svd_decode_chunk_size")
        if not low <= self.decode_chunk_size <= high:
            raise InvalidInput(f"decode_chunk_size must be from {low} to {high} (got {self.decode_chunk_size}).")

    def with_options(self, options: Mapping[str, Any]) -> SVDControls:
        """These controls overridden by a scene's options; other keys belong to other engines and are ignored."""
        chosen = RenderControls.checked({name: options.get(name) for name in SCENE_CONTROLS})
        return replace(self, **chosen.options())

    def low_memory(self) -> SVDControls:
        """The retry after running out of memory: decode one or two frames at a time."""
        return replace(self, decode_chunk_size=1 if self.decode_chunk_size <= 2 else 2)


SCENE_CONTROLS = tuple(f.name for f in fields(SVDControls) if f.name in RenderControls.model_fields)
"""The controls a scene may choose: steps, frames, fps, motion_bucket_id, noise_aug_strength."""


@dataclass
class LoadedSVD:
    """A pipeline as loaded, and where its weights are now (the engine moves them between attempts)."""

    pipe: Any
    device: str
    dtype: str
    variant: str | None
    attention: str
    compiled: bool
    placement: str = "cpu"
    """"cpu" (as loaded), "gpu" (all weights on the GPU) or "offload" (model CPU offload hooks)."""
    chunked: bool = False
    """Feed-forward chunking on: the UNet's feed-forward layers run one frame at a time (less memory, slower)."""


def load_svd(source: str, device: str, *, compile_unet: bool = False) -> LoadedSVD:
    """StableVideoDiffusionPipeline from a folder or id: fp16 on CUDA (the fp16 files when there are some)."""
    import torch
    from diffusers import StableVideoDiffusionPipeline

    dtype = half_dtype(device)
    variant = weights_variant(source, half=dtype == torch.float16)
    pipe = StableVideoDiffusionPipeline.from_pretrained(source, dtype=dtype, variant=variant)
    return prepare_svd(pipe, device, compile_unet=compile_unet, variant=variant)


def prepare_svd(pipe: Any, device: str, *, compile_unet: bool = False, variant: str | None = None) -> LoadedSVD:
    """What every SVD pipeline gets before its first call: attention choice and optional compilation."""
    pipe.set_progress_bar_config(disable=True)
    attention = "sdpa"
    if device == "cuda" and importlib.util.find_spec("xformers") is not None:
        try:
            pipe.enable_xformers_memory_efficient_attention()
            attention = "xformers"
        except Exception as exc:  # a wheel built for another torch/CUDA: SDPA is nearly as good
            log.warning("xformers is installed but unusable (%s); using PyTorch SDPA attention", exc)
    if compile_unet:
        pipe.unet.compile()  # in place, so offload hooks and the pipeline's own code see the same module
    return LoadedSVD(pipe, device, str(pipe.unet.dtype).removeprefix("torch."), variant, attention, compile_unet)


def place(loaded: LoadedSVD, *, offload: bool) -> None:
    """All weights on the GPU, or model CPU offload (one model at a time); never .to("cuda") under offload."""
    if loaded.device != "cuda":
        return
    wanted = "offload" if offload else "gpu"
    if loaded.placement == wanted:
        return
    if wanted == "offload":
        loaded.pipe.enable_model_cpu_offload()
    else:
        if loaded.placement == "offload":
            loaded.pipe.remove_all_hooks()
        loaded.pipe.to("cuda")
    loaded.placement = wanted


def chunk_feed_forward(loaded: LoadedSVD, on: bool) -> None:
    """Feed-forward chunking, the UNet's own low-memory mode; the retry after an OOM turns it on, later renders off."""
    if loaded.chunked == on:
        return
    if on:
        loaded.pipe.unet.enable_forward_chunking()
    else:  # this UNet has no disable_forward_chunking(); chunk size None is what it means
        for module in loaded.pipe.unet.modules():
            if hasattr(module, "set_chunk_feed_forward"):
                module.set_chunk_feed_forward(chunk_size=None, dim=0)
    loaded.chunked = on


def run_svd(
    pipe: Any, image: Image.Image, width: int, height: int, controls: SVDControls, *, seed: int,
    on_step: Callable[[int], None] | None = None,
) -> np.ndarray:  # fmt: skip
    """One SVD call as the studio makes it; uint8 frames N×H×W×3. `on_step(i)` may raise Canceled."""
    import torch

    def callback(_pipe: Any, i: int, _t: Any, kwargs: dict[str, Any]) -> dict[str, Any]:
        if on_step is not None:
            on_step(i)
        return kwargs

    output = pipe(
        image, height=height, width=width, num_frames=controls.frames, num_inference_steps=controls.steps,
        fps=controls.fps, motion_bucket_id=controls.motion_bucket_id, noise_aug_strength=controls.noise_aug_strength,
        decode_chunk_size=controls.decode_chunk_size, generator=torch.Generator("cpu").manual_seed(seed),
        output_type="np", callback_on_step_end=callback,
    )  # fmt: skip
    return np.clip(np.rint(output.frames[0] * 255.0), 0, 255).astype(np.uint8)


def run_facts(loaded: LoadedSVD, controls: SVDControls) -> dict[str, Any]:
    """How the last call ran, for a take's recipe: the settings used and where the model was."""
    peak = peak_memory_gb(loaded.device)
    return {
        "device": loaded.device, "dtype": loaded.dtype, "variant": loaded.variant, "attention": loaded.attention,
        "compiled": loaded.compiled, "offload": loaded.placement == "offload", "forward_chunking": loaded.chunked,
        "steps": controls.steps, "num_frames": controls.frames, "conditioning_fps": controls.fps,
        "motion_bucket_id": controls.motion_bucket_id, "noise_aug_strength": controls.noise_aug_strength,
        "decode_chunk_size": controls.decode_chunk_size, **({"peak_gpu_gb": peak} if peak is not None else {}),
    }  # fmt: skip


def release(loaded: LoadedSVD | None) -> None:
    """After a failed or canceled call: offloaded models back to the CPU (their hooks expect that)."""
    if loaded is not None and loaded.placement == "offload":
        loaded.pipe.maybe_free_model_hooks()


def is_out_of_memory(error: BaseException) -> bool:
    """torch.cuda.OutOfMemoryError, a RuntimeError saying so (cuDNN, cuBLAS), or the host running out."""
    return isinstance(error, MemoryError) or (
        isinstance(error, RuntimeError)
        and (type(error).__name__ == "OutOfMemoryError" or "out of memory" in str(error).lower())
    )


def reset_peak_memory(device: str) -> None:
    if device == "cuda":
        import torch

        torch.cuda.reset_peak_memory_stats()


def peak_memory_gb(device: str) -> float | None:
    """Most GPU memory tensors held since the last reset (torch.cuda.max_memory_allocated), in GiB."""
    if device != "cuda":
        return None
    import torch

    return round(torch.cuda.max_memory_allocated() / 1024**3, 2)
