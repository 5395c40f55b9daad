"""The models the studio knows, where their weights go under models/, and which one to use.

A setting (STUDIO_SVD_MODEL, STUDIO_T2I_MODEL, STUDIO_LLM_MODEL) always wins; with
none set, the first complete folder under models/<kind>/ is used, so downloading
a model is all it takes to switch the studio from its embedded parts to the real
thing. Nothing here touches the network or imports torch.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from studio.errors import InvalidInput

Kind = Literal["svd", "t2i", "llm"]
KINDS: tuple[Kind, ...] = ("svd", "t2i", "llm")
SETTING: dict[Kind, str] = {"svd": "STUDIO_SVD_MODEL", "t2i": "STUDIO_T2I_MODEL", "llm": "STUDIO_LLM_MODEL"}

_DIFFUSERS_FP16 = ("model_index.json", "*/*.json", "*/*.txt", "*/*.fp16.safetensors")
"""A diffusers repo minus its single-file checkpoints and fp32 copies: about half the download."""
_TRANSFORMERS = ("*.json", "*.safetensors", "*.txt", "*.model", "*.tiktoken", "*.py")
"""A transformers repo's configs, tokenizer and safetensors weights (and the code ChatGLM3 needs)."""
_HF_ID = re.compile(r"[A-Za-z0-9][\w.-]*/[\w.-]+")
_SVD_CLASSES = frozenset({"StableVideoDiffusionPipeline"})
_T2I_CLASSES = frozenset(
    {"StableDiffusionPipeline", "StableDiffusionXLPipeline", "LatentConsistencyModelPipeline", "PixArtAlphaPipeline"}
)


@dataclass(frozen=True)
class CatalogModel:
    name: str
    kind: Kind
    repo_id: str
    summary: str
    download_gb: float
    """Approximate size of what `download` fetches (fp16 weights for diffusers models)."""
    licence: str
    gated: bool
    """True when Hugging Face asks you to accept the licence (and log in) before downloading."""
    variant: str | None = None
    allow_patterns: tuple[str, ...] = _DIFFUSERS_FP16


CATALOG: tuple[CatalogModel, ...] = (
    CatalogModel(
        "svd-xt-1-1", "svd", "stabilityai/stable-video-diffusion-img2vid-xt-1-1",
        "SVD-XT 1.1: 25 frames at 1024x576, steadier motion than 1.0", 4.5,
        "Stability AI Community License", gated=True, variant="fp16",
    ),
    CatalogModel(
        "svd-xt", "svd", "stabilityai/stable-video-diffusion-img2vid-xt",
        "SVD-XT: 25 frames at 1024x576", 4.5, "Stability AI Community License", gated=True, variant="fp16",
    ),
    CatalogModel(
        "svd", "svd", "stabilityai/stable-video-diffusion-img2vid",
        "SVD: 14 frames at 1024x576", 4.5, "Stability AI Community License", gated=True, variant="fp16",
    ),
    CatalogModel(
        "sd-turbo", "t2i", "stabilityai/sd-turbo",
        "SD-Turbo: a keyframe in one step at 512 px", 2.6, "Stability AI Community License", gated=False,
        variant="fp16",
    ),
    CatalogModel(
        "sdxl-turbo", "t2i", "stabilityai/sdxl-turbo",
        "SDXL-Turbo: a sharper keyframe in one step at 512 px", 7.0, "Stability AI Community License",
        gated=False, variant="fp16",
    ),
    CatalogModel(
        "Qwen2.5-7B-Instruct", "llm", "Qwen/Qwen2.5-7B-Instruct",
        "storyboard writer, strong in Chinese and English (16 GB GPU in bf16, less quantized)", 15.2,
        "Apache-2.0", gated=False, allow_patterns=_TRANSFORMERS,
    ),
    CatalogModel(
        "chatglm3-6b", "llm", "THUDM/chatglm3-6b",
        "storyboard writer, Chinese first; needs STUDIO_LLM_TRUST_REMOTE_CODE=true", 12.5,
        "ChatGLM3 model licence (academic use free; commercial use needs registration)", gated=False,
        allow_patterns=_TRANSFORMERS,
    ),
)  # fmt: skip


def catalog_model(name: str) -> CatalogModel:
    """The catalog entry called `name` (case-insensitive), or a message listing the names there are."""
    for model in CATALOG:
        if model.name.lower() == name.lower():
            return model
    raise InvalidInput(f"No model called {name!r}; known: {', '.join(m.name for m in CATALOG)}.")


def model_folder(models_dir: Path, model: CatalogModel) -> Path:
    return Path(models_dir) / model.kind / model.name


def folder_problem(path: Path, kind: Kind) -> str | None:
    """Why `path` cannot be loaded as a `kind` model, or None when it looks complete.

    Downloads land in a hidden `.partial` folder and are renamed when complete, so
    a folder with the right index file is taken as whole.
    """
    path = Path(path)
    if kind == "llm" and path.is_file() and path.suffix.lower() == ".gguf":
        return None  # a single-file quantized LLM, which the writer loads with gguf_file=
    if not path.is_dir():
        return "not a folder"
    if kind == "llm":
        return None if (path / "config.json").is_file() else "no config.json (not a transformers model folder)"
    index = path / "model_index.json"
    if not index.is_file():
        return "no model_index.json (not a diffusers pipeline folder)"
    try:
        pipeline = json.loads(index.read_text(encoding="utf-8")).get("_class_name", "")
    except (OSError, ValueError, AttributeError):
        return "model_index.json is unreadable"
    expected = _SVD_CLASSES if kind == "svd" else _T2I_CLASSES
    if pipeline not in expected:
        return f"holds a {pipeline or 'unknown'} pipeline, not {' / '.join(sorted(expected))}"
    return None


def local_models(models_dir: Path, kind: Kind) -> list[Path]:
    """Complete folders (or .gguf files, for llm) under models/<kind>/: catalog models first, then by name."""
    base = Path(models_dir) / kind
    if not base.is_dir():
        return []
    rank = {m.name: i for i, m in enumerate(CATALOG) if m.kind == kind}
    folders = [p for p in base.iterdir() if not p.name.startswith(".") and folder_problem(p, kind) is None]
    return sorted(folders, key=lambda p: (rank.get(p.name, len(rank)), p.name))


def resolve_model(kind: Kind, configured: str | None, models_dir: Path) -> str | None:
    """The folder or Hugging Face id to load for `kind`, or None when there is none (use the embedded part).

    A configured value that is neither an existing, complete folder nor an id is an
    error rather than a silent fallback: the user asked for something specific.
    """
    if configured:
        path = Path(configured).expanduser()
        if path.exists():
            problem = folder_problem(path, kind)
            if problem is not None:
                raise InvalidInput(f"{SETTING[kind]}={configured} cannot be used: {problem}.")
            return str(path)
        if _HF_ID.fullmatch(configured) and not configured.startswith(("models/", "./")):
            return configured
        name = Path(configured).name
        hint = next((f" (get it: `python -m studio.models download {m.name}`)" for m in CATALOG if m.name == name), "")
        raise InvalidInput(
            f"{SETTING[kind]}={configured} is neither a folder on this machine{hint} "
            "nor a Hugging Face id like owner/name."
        )
    found = local_models(models_dir, kind)
    return str(found[0]) if found else None


def weights_variant(source: str, *, half: bool) -> str | None:
    """The `variant` to pass to from_pretrained: "fp16" where those files exist and are the right ones to read.

    `download` fetches only fp16 files, which load fine into fp32 on a CPU, so a
    folder without full-precision weights is always read as fp16. Catalog repos
    are read as fp16 too: half the download, and the upcast costs nothing in quality.
    """
    path = Path(source)
    if not path.is_dir():
        return next((m.variant for m in CATALOG if m.repo_id == source), None)
    names = [f.name for sub in path.iterdir() if sub.is_dir() for f in sub.iterdir()]
    has_fp16 = any(".fp16." in n for n in names)
    has_full = any(n.endswith((".safetensors", ".bin")) and ".fp16." not in n for n in names)
    return "fp16" if has_fp16 and (half or not has_full) else None


def is_turbo(source: str) -> bool:
    """Turbo models (SD-Turbo, SDXL-Turbo) are distilled for 1-4 steps without guidance; known by their name."""
    return "turbo" in source.replace("\\", "/").lower()


def disk_size(path: Path) -> int:
    """Bytes under `path` (symlinks into the HF cache are followed, so a cache-backed folder is counted too)."""
    if Path(path).is_file():
        return Path(path).stat().st_size
    total = 0
    for root, _dirs, files in os.walk(path):
        for name in files:
            try:
                total += (Path(root) / name).stat().st_size
            except OSError:
                continue
    return total
