"""Files users upload into a project: keyframe images and music, checked and kept as clean copies."""

from __future__ import annotations

import secrets
from pathlib import Path

from studio.files import atomic_output
from studio.images import validate_image


def store_keyframe(src: Path, dest_dir: Path, *, max_bytes: int) -> Path:
    """Validate an upload and keep a clean PNG copy under a random name.

    Re-encoding drops metadata and anything smuggled after the image data; the
    random name means users never choose paths on disk.
    """
    image = validate_image(src, max_bytes=max_bytes)
    final = Path(dest_dir) / f"{secrets.token_hex(16)}.png"
    with atomic_output(final, hidden=True) as partial:
        image.save(partial, format="PNG")
    return final
