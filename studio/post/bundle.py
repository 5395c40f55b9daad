"""The export bundle: the film, its subtitles, the storyboard and every take's recipe, in one zip.

What a result in a paper needs to be reproduced: seeds, models, settings, timings.
"""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path
from typing import Any


def bundle_path(film: Path) -> Path:
    return film.with_suffix(".zip")


def write_bundle(
    film: Path, srt: Path | None, storyboard: dict[str, Any], recipes: list[dict[str, Any]], finish: dict[str, Any]
) -> Path:
    """Write <film>.zip next to the film, atomically."""
    out = bundle_path(film)
    partial = out.with_suffix(".partial.zip")
    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_STORED) as archive:
            archive.write(film, film.name)
            if srt is not None and srt.is_file():
                archive.write(srt, srt.name)
            text = json.dumps(storyboard, ensure_ascii=False, indent=2, default=str)
            archive.writestr("storyboard.json", text)
            archive.writestr("takes.json", json.dumps(recipes, ensure_ascii=False, indent=2, default=str))
            archive.writestr("export_settings.json", json.dumps(finish, ensure_ascii=False, indent=2, default=str))
        os.replace(partial, out)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return out
