"""`python -m studio.models list | download NAME`: see and fetch the weights the studio can use.

Failures print one line on stderr and exit 1; the user needs the reason, not a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from pathlib import Path

from studio.config import Settings
from studio.errors import StudioError
from studio.models.catalog import (
    CATALOG,
    KINDS,
    SETTING,
    catalog_model,
    disk_size,
    folder_problem,
    model_folder,
    resolve_model,
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m studio.models", description=__doc__.splitlines()[0])
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--models-dir", type=Path, help="default: STUDIO_MODELS_DIR or ./models")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("list", parents=[common], help="what is present, what is configured, what can be downloaded")
    fetch = commands.add_parser("download", parents=[common], help="download a catalog model into models/<kind>/<name>")
    fetch.add_argument("name", help=", ".join(m.name for m in CATALOG))
    fetch.add_argument("--token", help="Hugging Face token (default: the one `hf auth login` saved)")
    args = parser.parse_args(argv)
    try:
        settings = _settings()
        models_dir = args.models_dir or settings.models_dir
        if args.command == "list":
            configured = {"svd": settings.svd_model, "t2i": settings.t2i_model, "llm": settings.llm_model}
            print(listing(models_dir, configured))
            return 0
        from studio.models.download import download

        model = catalog_model(args.name)
        print(
            f"Downloading {model.repo_id} (about {model.download_gb:g} GB) into {model_folder(models_dir, model)} ..."
        )
        folder = download(model, models_dir, token=args.token)
        print(f"Ready: {folder} ({disk_size(folder) / 1e9:.1f} GB). Restart the studio to use it.")
        return 0
    except StudioError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("error: interrupted; run the same command again to resume.", file=sys.stderr)
        return 130


def listing(models_dir: Path, configured: Mapping[str, str | None]) -> str:
    """A plain-text table per kind: the model in use, folders present, and catalog models not yet downloaded."""
    lines = [f"models folder: {models_dir.resolve()}"]
    for kind in KINDS:
        setting = configured.get(kind)
        try:
            chosen = resolve_model(kind, setting, models_dir)
            used = chosen or "nothing (the studio uses its embedded part)"
        except StudioError as exc:
            used = f"ERROR: {exc}"
        lines += ["", f"[{kind}] {SETTING[kind]}={setting or '(not set)'} -> uses {used}"]
        base = models_dir / kind
        present = sorted(p for p in base.iterdir() if p.is_dir() or p.suffix == ".gguf") if base.is_dir() else []
        for folder in present:
            if folder.name.startswith("."):
                lines.append(f"  partial    {folder.name}: an unfinished download (run the download again)")
                continue
            problem = folder_problem(folder, kind)
            state = f"{disk_size(folder) / 1e9:.1f} GB" if problem is None else f"unusable: {problem}"
            lines.append(f"  present    {folder.name}: {state}")
        names = {p.name for p in present}
        for model in (m for m in CATALOG if m.kind == kind and m.name not in names):
            gated = ", gated: accept the licence on HF and log in first" if model.gated else ""
            lines.append(
                f"  available  {model.name}: about {model.download_gb:g} GB{gated} -> "
                f"python -m studio.models download {model.name}"
            )
    return "\n".join(lines)


def _settings() -> Settings:
    """Settings from the environment and .env; a bad value becomes a one-line StudioError."""
    from pydantic import ValidationError

    try:
        return Settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"])
        raise StudioError(f"setting {field}: {first['msg']}") from None


if __name__ == "__main__":
    raise SystemExit(main())
