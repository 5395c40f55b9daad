"""Images coming in (keyframe uploads, reference images, stored keyframes): checked, then decoded.

An upload is untrusted: it may be empty, truncated, not an image, or a decompression bomb,
and the user should hear which.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from studio.errors import InvalidInput


def validate_image(path: Path, *, max_bytes: int, max_pixels: int = 40_000_000) -> Image.Image:
    """Open an uploaded image fully, or refuse it with a reason the user can act on.

    Size limits are checked before decoding so a small file claiming huge
    dimensions (a decompression bomb) is refused without allocating its pixels.
    """
    path = Path(path)
    if not path.is_file():
        raise InvalidInput("The image file is missing.")
    size = path.stat().st_size
    if size == 0:
        raise InvalidInput("The image file is empty (0 bytes).")
    if size > max_bytes:
        raise InvalidInput(f"The image is {_mb(size)}, larger than the {_mb(max_bytes)} limit.")
    try:
        with Image.open(path) as probe_image:
            probe_image.verify()
        with Image.open(path) as image:
            pixels = image.width * image.height
            if pixels > max_pixels:
                raise InvalidInput(
                    f"The image is {image.width}x{image.height} pixels, more than the {max_pixels:,} pixel limit."
                )
            image.load()
            upright = ImageOps.exif_transpose(image)
            return to_rgb(upright)
    except UnidentifiedImageError as exc:
        raise InvalidInput("The file is not an image this studio can read (use PNG, JPEG or WebP).") from exc
    except Image.DecompressionBombError as exc:
        raise InvalidInput(f"The image has too many pixels (more than {max_pixels:,}).") from exc
    except (OSError, SyntaxError, ValueError) as exc:
        # PIL reports truncated or corrupt data as OSError/SyntaxError depending on the format.
        raise InvalidInput(f"The image is damaged or incomplete ({exc}).") from exc


def to_rgb(image: Image.Image) -> Image.Image:
    """RGB, with any transparency flattened onto black (the card background of a film)."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (0, 0, 0))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return image.convert("RGB") if image.mode != "RGB" else image.copy()


def _mb(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"
