"""The export bundle: the film, its subtitles, the storyboard and every take's recipe, in one zip.

What a result in a paper needs to be reproduced: seeds, models, settings, timings.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

from studio.files import atomic_output


def bundle_path(film: Path) -> Path:
    return film.with_suffix(".zip")


def write_bundle(
    film: Path, srt: Path | None, storyboard: dict[str, Any], recipes: list[dict[str, Any]], finish: dict[str, Any]
) -> Path:
    """Write <film>.zip next to the film, atomically."""
    out = bundle_path(film)
    with atomic_output(out) as partial, zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.write(film, film.name)
        if srt is not None and srt.is_file():
            archive.write(srt, srt.name)
        archive.writestr("storyboard.json", _json(storyboard))
        archive.writestr("takes.json", _json(recipes))
        archive.writestr("export_settings.json", _json(finish))
    return out


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, default=str)
