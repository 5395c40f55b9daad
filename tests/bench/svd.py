"""Benchmark Stable Video Diffusion as the studio calls it: seconds per clip and peak GPU memory.

    python -m tests.bench.svd [--variants baseline,chunk2,chunk25,offload,compile] [--warmup 1] [--out FILE]
    python -m tests.bench.svd --tiny        # seconds on a CPU, so this file cannot rot

The full run builds the SVD-XT architecture (UNet, temporal VAE, CLIP ViT-H/14
image encoder, with the values of the published configs) with random weights:
the arithmetic, and so the time and memory, is the same as with the real
weights, which these machines cannot download. Every variant goes through the
engine's own functions (prepare_svd, place, run_svd): the same call, the same
settings. Timed: one pipeline call (CLIP and VAE encode, the denoising steps with
guidance, VAE decode, conversion to uint8); not timed: loading, the keyframe,
retiming and H.264 encoding.
"""

from __future__ import annotations

import argparse
import platform
import time
import warnings
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from studio.engines.svd_pipeline import LoadedSVD, SVDControls, peak_memory_gb, place, prepare_svd, reset_peak_memory
from studio.engines.svd_pipeline import run_svd as studio_run_svd
from studio.models.devices import free_memory


@dataclass(frozen=True)
class Variant:
    name: str
    what: str
    decode_chunk_size: int = 8
    offload: bool = False
    compile: bool = False


VARIANTS = (
    Variant("baseline", "eager, SDPA attention, decode_chunk_size 8 (the default)"),
    Variant("chunk2", "baseline with decode_chunk_size 2", decode_chunk_size=2),
    Variant("chunk25", "baseline with decode_chunk_size 25 (all frames at once)", decode_chunk_size=25),
    Variant("offload", "baseline + enable_model_cpu_offload", offload=True),
    Variant("compile", "baseline + torch.compile of the UNet", compile=True),
)
"""In the order they run: the baseline first (the ratios need it), compile last (it changes the UNet for good)."""
ALIASES = {"chunk8": "baseline"}
COMPILE_ALLOWANCE_S = 150.0
"""Guess at how long inductor takes to compile the SVD-XT UNet, for deciding whether it fits the budget."""


def svd_xt_pipeline(device: str) -> Any:
    """The SVD-XT pipeline with random weights, built straight on `device` and cast to fp16 there."""
    import torch
    from diffusers import (
        AutoencoderKLTemporalDecoder,
        EulerDiscreteScheduler,
        StableVideoDiffusionPipeline,
        UNetSpatioTemporalConditionModel,
    )
    from transformers import CLIPImageProcessor, CLIPVisionConfig, CLIPVisionModelWithProjection

    torch.manual_seed(0)
    with torch.device(device):
        unet = UNetSpatioTemporalConditionModel(sample_size=96, num_frames=25)  # the class defaults are SVD-XT's
        vae = AutoencoderKLTemporalDecoder(
            block_out_channels=(128, 256, 512, 512),
            down_block_types=("DownEncoderBlock2D",) * 4,
            layers_per_block=2,
            latent_channels=4,
            sample_size=768,
        )
        vision = CLIPVisionConfig(
            hidden_size=1280, num_hidden_layers=32, num_attention_heads=16, intermediate_size=5120,
            patch_size=14, image_size=224, projection_dim=1024, hidden_act="gelu", layer_norm_eps=1e-5,
        )  # fmt: skip
        encoder = CLIPVisionModelWithProjection(vision)
    scheduler = EulerDiscreteScheduler(
        beta_start=0.00085, beta_end=0.012, beta_schedule="scaled_linear", interpolation_type="linear",
        num_train_timesteps=1000, prediction_type="v_prediction", sigma_max=700.0, sigma_min=0.002,
        steps_offset=1, timestep_spacing="leading", timestep_type="continuous", use_karras_sigmas=True,
    )  # fmt: skip
    processor = CLIPImageProcessor(
        crop_size=224, size={"shortest_edge": 224},
        image_mean=[0.48145466, 0.4578275, 0.40821073], image_std=[0.26862954, 0.26130258, 0.27577711],
    )  # fmt: skip
    pipe = StableVideoDiffusionPipeline(
        vae=vae, image_encoder=encoder, unet=unet, scheduler=scheduler, feature_extractor=processor
    )
    return pipe.to(dtype=torch.float16 if device == "cuda" else torch.float32)


def main(argv: list[str] | None = None) -> str:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tiny", action="store_true", help="a toy pipeline at 64x64: runs anywhere in seconds")
    parser.add_argument("--variants", default=None, help="comma-separated: " + ",".join(v.name for v in VARIANTS))
    parser.add_argument("--warmup", type=int, default=1, help="untimed short runs (2 steps) per variant first")
    parser.add_argument("--repeats", type=int, default=1, help="timed runs per variant (the mean is reported)")
    parser.add_argument("--width", type=int, default=None)
    parser.add_argument("--height", type=int, default=None)
    parser.add_argument("--frames", type=int, default=None)
    parser.add_argument("--steps", type=int, default=None)
    parser.add_argument("--budget-s", type=float, default=None, help="skip variants that would not fit in this")
    parser.add_argument("--out", type=Path, default=None, help="also write the table here (after each variant)")
    args = parser.parse_args(argv)
    started = time.monotonic()
    warnings.filterwarnings("ignore", category=RuntimeWarning)  # random weights make NaNs; the maths costs the same

    import torch

    device = "cuda" if torch.cuda.is_available() else "cpu"
    if not args.tiny and device != "cuda":
        raise SystemExit("The full benchmark needs a CUDA GPU; use --tiny to check that it runs.")
    if args.tiny:
        from tests.tiny_diffusers import tiny_svd_pipeline

        pipe = tiny_svd_pipeline().to(device)
        size, controls = (64, 64), SVDControls(steps=2, frames=3)
    else:
        pipe = svd_xt_pipeline(device)
        size, controls = (1024, 576), SVDControls(steps=25, frames=25)
    width, height = args.width or size[0], args.height or size[1]
    controls = replace(controls, steps=args.steps or controls.steps, frames=args.frames or controls.frames)
    loaded = prepare_svd(pipe, device)
    loaded.placement = "gpu" if device == "cuda" else "cpu"
    chosen = _chosen(args.variants, tiny=args.tiny)
    image = Image.fromarray(np.random.default_rng(0).integers(0, 255, (height, width, 3), dtype=np.uint8))

    header = _header(loaded, width, height, controls, args, tiny=args.tiny)
    rows: list[str] = []
    baseline: tuple[float, float | None] | None = None
    for variant in VARIANTS:
        if variant.name not in chosen:
            continue
        if variant.offload and device != "cuda":
            rows.append(f"| {variant.name} | {variant.what} | – | – | – | – | skipped: offload needs a GPU |")
            continue
        left = None if args.budget_s is None else args.budget_s - (time.monotonic() - started)
        need = _estimate(variant, baseline, args)
        if left is not None and need is not None and need > left:
            rows.append(f"| {variant.name} | {variant.what} | – | – | – | – | skipped: needs ~{need:.0f} s, "
                        f"{max(left, 0):.0f} s left in the budget |")  # fmt: skip
            continue
        _write(args.out, header, [*rows, f"| {variant.name} | {variant.what} | running… | | | | |"])
        try:
            seconds, peak = _measure(loaded, variant, image, width, height, controls, args)
        except Exception as exc:  # one variant failing (no compiler for inductor, OOM) must not lose the others
            rows.append(f"| {variant.name} | {variant.what} | – | – | – | – | failed: {_short(exc)} |")
            failed = True
        else:
            failed = False
        if failed:
            free_memory()  # outside the except block, once the traceback holding the tensors is gone
            continue
        if baseline is None and variant.name == "baseline":
            baseline = (seconds, peak)
        rows.append(_row(variant, seconds, peak, baseline))
        _write(args.out, header, rows)
    table = _write(args.out, header, rows)
    print(table)
    return table


def _measure(
    loaded: LoadedSVD, variant: Variant, image: Image.Image, width: int, height: int, controls: SVDControls,
    args: argparse.Namespace,
) -> tuple[float, float | None]:  # fmt: skip
    place(loaded, offload=variant.offload)
    if variant.compile and not loaded.compiled:
        loaded.compiled = prepare_svd(loaded.pipe, loaded.device, compile_unet=True).compiled  # as STUDIO_SVD_COMPILE
    wanted = replace(controls, decode_chunk_size=min(variant.decode_chunk_size, controls.frames))
    for _ in range(args.warmup):  # kernels chosen, caches warm, and for compile: the compilation itself
        studio_run_svd(loaded.pipe, image, width, height, replace(wanted, steps=min(2, wanted.steps)), seed=0)
    _sync(loaded.device)
    reset_peak_memory(loaded.device)
    started = time.perf_counter()
    for repeat in range(args.repeats):
        studio_run_svd(loaded.pipe, image, width, height, wanted, seed=repeat)
    _sync(loaded.device)
    seconds = (time.perf_counter() - started) / args.repeats
    peak = peak_memory_gb(loaded.device)
    free_memory()
    return seconds, peak


def _chosen(spec: str | None, *, tiny: bool) -> set[str]:
    known = {v.name for v in VARIANTS}
    if spec:
        names = {ALIASES.get(n.strip(), n.strip()) for n in spec.split(",") if n.strip()}
        unknown = names - known
        if unknown:
            raise SystemExit(f"unknown variants: {', '.join(sorted(unknown))}; known: {', '.join(sorted(known))}")
    else:  # compiling takes minutes, so only a full run on a GPU includes it unasked
        names = known - ({"compile"} if tiny else set())
    return names | {"baseline"}


def _estimate(variant: Variant, baseline: tuple[float, float | None] | None, args: argparse.Namespace) -> float | None:
    if baseline is None:
        return None
    per_run = baseline[0] * (args.repeats + 0.3 * args.warmup) * (1.6 if variant.offload else 1.0)
    return per_run + (COMPILE_ALLOWANCE_S if variant.compile else 0.0)


def _row(variant: Variant, seconds: float, peak: float | None, baseline: tuple[float, float | None] | None) -> str:
    speed = f"{seconds / baseline[0]:.2f}x" if baseline else "–"
    memory = f"{peak:.2f}" if peak is not None else "n/a (CPU)"
    memory_ratio = f"{peak / baseline[1]:.2f}x" if peak is not None and baseline and baseline[1] else "–"
    return f"| {variant.name} | {variant.what} | {seconds:.2f} | {speed} | {memory} | {memory_ratio} | |"


def _header(
    loaded: LoadedSVD, width: int, height: int, controls: SVDControls, args: argparse.Namespace, *, tiny: bool
) -> str:
    import diffusers
    import torch

    device = loaded.device
    chip = torch.cuda.get_device_name(0) if device == "cuda" else f"CPU ({platform.processor() or platform.machine()})"
    model = "tiny random-weight SVD (tests/tiny_diffusers.py)" if tiny else "SVD-XT architecture, random weights"
    return "\n".join([
        f"## SVD benchmark — {chip}",
        "",
        f"{model} in {loaded.dtype}; {controls.frames} frames at {width}x{height}, {controls.steps} steps, "
        f"guidance 1.0-3.0, attention {loaded.attention}; "
        f"torch {torch.__version__}, diffusers {diffusers.__version__}, CUDA {torch.version.cuda or '-'}; "
        f"{args.warmup} warm-up run(s) of 2 steps and {args.repeats} timed run(s) per variant; "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC.",
        "Ratios are against the baseline measured in the same run (lower is better for both).",
        "",
        "| variant | what | s / clip | vs baseline | peak GPU GiB | vs baseline | note |",
        "|---|---|---|---|---|---|---|",
    ])  # fmt: skip


def _write(out: Path | None, header: str, rows: list[str]) -> str:
    table = "\n".join([header, *rows]) + "\n"
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(table, encoding="utf-8")
    return table


def _sync(device: str) -> None:
    if device == "cuda":
        import torch

        torch.cuda.synchronize()


def _short(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {lines[0][:160] if lines else ''}".replace("|", "/")


if __name__ == "__main__":
    main()
