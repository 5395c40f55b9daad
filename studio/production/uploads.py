"""Files users upload into a project: keyframe images and music, checked and kept as clean copies."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from studio.images import validate_image


def store_keyframe(src: Path, dest_dir: Path, *, max_bytes: int) -> Path:
    """Validate an upload and keep a clean PNG copy under a random name.

    Re-encoding drops metadata and anything smuggled after the image data; the
    random name means users never choose paths on disk.
    """
    image = validate_image(src, max_bytes=max_bytes)
    dest_dir.mkdir(parents=True, exist_ok=True)
    final = dest_dir / f"{secrets.token_hex(16)}.png"
    temp = dest_dir / f".{final.stem}.tmp"
    try:
        image.save(temp, format="PNG")
        os.replace(temp, final)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return final
