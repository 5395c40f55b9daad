"""What made a film, for its reproducibility bundle: the studio's version and commit, Python, the
libraries that render, ffmpeg, and each model with the revision its files came from.

Nothing heavy is imported: library versions come from their installed metadata
(importlib.metadata), so torch is never loaded just to be named.
"""

from __future__ import annotations

import functools
import importlib.metadata
import os
import platform
import re
import subprocess
import tomllib
from pathlib import Path
from typing import Any

from studio.errors import StudioError
from studio.media import ffmpeg_exe

ROOT = Path(__file__).resolve().parents[2]
LIBRARIES = (
    "torch",
    "diffusers",
    "transformers",
    "accelerate",
    "gradio",
    "numpy",
    "opencv-python-headless",
    "av",
    "imageio-ffmpeg",
    "pillow",
)
"""The libraries whose versions can change a picture or a file; one not installed is recorded as None."""
MODEL_KEYS = {"model": "video", "keyframe_model": "keyframes"}
"""Recipe keys that name a model (a folder or a Hugging Face id), and what the model made."""
_COMMIT = re.compile(r"^[0-9a-f]{40}$")


def software() -> dict[str, Any]:
    """The studio (version, git commit), Python, the libraries and ffmpeg on this machine now."""
    return {
        "studio": {"version": _studio_version(), **_git_commit()},
        "python": platform.python_version(),
        "platform": platform.platform(terse=True),
        "libraries": {name: _installed(name) for name in LIBRARIES},
        "ffmpeg": _ffmpeg_version(),
    }


def models(recipes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every model the takes' recipes name, once, with its revision and the scenes it rendered."""
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for entry in recipes:
        recipe = entry.get("recipe") or {}
        for key, role in MODEL_KEYS.items():
            source = recipe.get(key)
            if not isinstance(source, str) or not source:
                continue
            model = found.setdefault(
                (role, source), {"id": model_id(source), "role": role, "revision": revision(source), "scenes": []}
            )
            model["scenes"].append(entry.get("scene"))
    return list(found.values())


def model_id(source: str) -> str:
    """A model's name without the server's paths: a folder's name, or the Hugging Face id as given."""
    path = Path(source)
    return path.name if path.is_absolute() or path.is_dir() else source


def revision(source: str) -> str | None:
    """The commit a model's files came from, where it is known.

    A folder fetched by `python -m studio.models download` (huggingface_hub's local_dir) keeps
    each file's commit in .cache/huggingface/download/*.metadata; an id resolves through the
    Hugging Face cache's refs/main. A folder copied by hand has none: None.
    """
    path = Path(source)
    if path.is_dir():
        for metadata in sorted((path / ".cache" / "huggingface" / "download").rglob("*.metadata")):
            first = metadata.read_text(encoding="utf-8", errors="replace").splitlines()[:1]
            if first and _COMMIT.match(first[0].strip()):
                return first[0].strip()
        return None
    ref = _hub_cache() / f"models--{source.replace('/', '--')}" / "refs" / "main"
    try:
        commit = ref.read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return commit if _COMMIT.match(commit) else None


def _hub_cache() -> Path:
    if os.environ.get("HF_HUB_CACHE"):
        return Path(os.environ["HF_HUB_CACHE"])
    home = os.environ.get("HF_HOME") or os.path.join(os.path.expanduser("~"), ".cache", "huggingface")
    return Path(home) / "hub"


def _installed(name: str) -> str | None:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


@functools.lru_cache(maxsize=1)
def _studio_version() -> str | None:
    try:
        return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return None


def _git_commit() -> dict[str, Any]:
    """The checkout's commit and whether tracked files differ from it; STUDIO_COMMIT where there is no checkout
    (a Docker image is built without .git: `--build-arg STUDIO_COMMIT=$(git rev-parse HEAD)`)."""
    try:
        head = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True, timeout=10, check=False
        )
        if head.returncode == 0 and _COMMIT.match(head.stdout.strip()):
            status = subprocess.run(
                ["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
                capture_output=True,
                text=True,
                timeout=10,
                check=False,
            )
            return {"commit": head.stdout.strip(), "modified": bool(status.stdout.strip())}
    except (OSError, subprocess.TimeoutExpired):
        pass
    return {"commit": os.environ.get("STUDIO_COMMIT") or None, "modified": None}


@functools.lru_cache(maxsize=4)
def _ffmpeg_version(explicit: str | None = None) -> str | None:
    try:
        done = subprocess.run([ffmpeg_exe(explicit), "-version"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired, StudioError):
        return None
    first = done.stdout.splitlines()[:1]
    return first[0].strip() if first else None
