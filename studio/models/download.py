"""Fetching catalog models from Hugging Face into models/<kind>/<name>.

This is the only place the studio reaches the network, and only when a person
runs `python -m studio.models download`. The files land in a hidden
`.<name>.partial` folder that is renamed when complete, so the studio never
mistakes an interrupted download for a model (running the command again resumes).
"""

from __future__ import annotations

import os
from pathlib import Path

from studio.errors import StudioError
from studio.models.catalog import CatalogModel, folder_problem, model_folder

_NETWORK_MODULES = ("httpx", "httpcore", "requests", "urllib3", "ssl")


class DownloadFailed(StudioError):
    """The download could not finish; the message says what to do about it."""


def download(model: CatalogModel, models_dir: Path, *, token: str | None = None) -> Path:
    """Download `model` unless a complete copy is already there; return its folder."""
    target = model_folder(models_dir, model)
    if folder_problem(target, model.kind) is None:
        return target
    if target.exists():
        problem = folder_problem(target, model.kind)
        raise DownloadFailed(f"{target} exists but cannot be used ({problem}); move it away and run this again.")
    try:
        from huggingface_hub import snapshot_download
        from huggingface_hub.errors import (
            GatedRepoError,
            HfHubHTTPError,
            LocalEntryNotFoundError,
            OfflineModeIsEnabled,
            RepositoryNotFoundError,
        )
    except ImportError as exc:
        raise DownloadFailed("huggingface_hub is not installed: `pip install huggingface_hub`.") from exc

    partial = target.with_name(f".{target.name}.partial")
    partial.parent.mkdir(parents=True, exist_ok=True)
    repo = model.repo_id
    page = f"https://huggingface.co/{repo}"
    try:
        snapshot_download(repo, local_dir=partial, allow_patterns=list(model.allow_patterns), token=token)
    except GatedRepoError:
        raise DownloadFailed(
            f"{repo} is gated: open {page}, accept its licence, then log in here with `hf auth login` "
            "(older huggingface_hub: `huggingface-cli login`) and run this again."
        ) from None
    except RepositoryNotFoundError:
        raise DownloadFailed(
            f"{repo} was not found on Hugging Face (or it is private and you are not logged in)."
        ) from None
    except (LocalEntryNotFoundError, OfflineModeIsEnabled):
        raise DownloadFailed(
            f"Could not reach huggingface.co to download {repo}: this machine looks offline. "
            f"Download it on a connected machine and copy the folder to {target}."
        ) from None
    except HfHubHTTPError as exc:
        raise DownloadFailed(f"Hugging Face refused the download of {repo}: {_first_line(exc)}") from None
    except OSError as exc:
        raise DownloadFailed(f"Could not download {repo} into {partial}: {exc.strerror or _first_line(exc)}") from None
    except Exception as exc:
        # Connection errors from the HTTP client can escape huggingface_hub unwrapped mid-download.
        if not type(exc).__module__.startswith(_NETWORK_MODULES):
            raise
        raise DownloadFailed(f"The connection to huggingface.co failed while downloading {repo}: {exc}") from None

    problem = folder_problem(partial, model.kind)
    if problem is not None:
        raise DownloadFailed(f"The download of {repo} is incomplete ({problem}); run this again to resume.")
    os.replace(partial, target)
    return target


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
