"""Keyframes: stored images loaded to fit the frame, and title cards for scenes that have none.

A title card is what the animatic shows when there is no picture: it must read well, carry
Chinese as real glyphs, and have enough texture that a camera move over it is visibly a move.
"""

from __future__ import annotations

import colorsys
import functools
import hashlib
import random
import unicodedata
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont, ImageOps

from studio.errors import InvalidInput
from studio.fonts import find_cjk_font
from studio.images import to_rgb, validate_image

_NO_LINE_START = set("，。、；：！？）》」』】〉”’,.;:!?)]}…%")
"""Punctuation that must not begin a line (kinsoku): it is glued to the character before it."""

_ELLIPSIS = "…"


STORED_KEYFRAME_MAX_BYTES = 200_000_000
"""A generous cap for keyframes already on disk (uploads were capped when stored)."""


def load_keyframe(path: Path, width: int, height: int) -> tuple[Image.Image, str]:
    """A stored keyframe fit to the frame, with the sha256 of its file for the take's recipe."""
    path = Path(path)
    try:
        image = validate_image(path, max_bytes=STORED_KEYFRAME_MAX_BYTES)
    except InvalidInput as exc:
        raise InvalidInput(f"The keyframe {path.name} cannot be used: {exc}") from exc
    return fit_cover(image, width, height), hashlib.sha256(path.read_bytes()).hexdigest()


def fit_cover(image: Image.Image, width: int, height: int) -> Image.Image:
    """Scale to cover width×height and crop the centre, so no letterbox bars ever enter a shot."""
    return ImageOps.fit(to_rgb(image), (width, height), method=Image.Resampling.LANCZOS, centering=(0.5, 0.5))


# --- title cards -----------------------------------------------------------------------------------


def title_card(
    text: str,
    width: int,
    height: int,
    *,
    heading: str = "",
    font_path: Path | None = None,
    text_area: float = 0.84,
) -> Image.Image:
    """Draw a card for a scene without a keyframe.

    Colours and shapes come from a hash of the text so the same scene always gets
    the same card and neighbouring scenes look different. `text_area` is the
    centred fraction of the card the text may use: the animatic renders cards
    larger than the frame and crops them while moving, so it asks for a smaller,
    always-visible area.
    """
    if width <= 0 or height <= 0:
        raise InvalidInput(f"Card size must be positive (got {width}x{height}).")
    digest = hashlib.sha256(f"{heading}\n{text}".encode()).digest()
    rng = random.Random(int.from_bytes(digest[:8], "big"))
    card = _background(width, height, rng)
    _draw_text(card, text.strip(), heading.strip(), find_cjk_font(font_path), text_area)
    return card


def _background(width: int, height: int, rng: random.Random) -> Image.Image:
    """Diagonal two-colour gradient, blurred light blobs, a faint grid and a vignette."""
    hue = rng.random()
    top = _hsv(hue, 0.45 + 0.2 * rng.random(), 0.42 + 0.12 * rng.random())
    bottom = _hsv((hue + 0.08 + 0.2 * rng.random()) % 1.0, 0.5 + 0.2 * rng.random(), 0.16 + 0.1 * rng.random())
    angle = rng.uniform(0, 2 * np.pi)
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    u = (xs / max(width - 1, 1) - 0.5) * np.cos(angle) + (ys / max(height - 1, 1) - 0.5) * np.sin(angle)
    u = np.clip(u / (abs(np.cos(angle)) * 0.5 + abs(np.sin(angle)) * 0.5 + 1e-6) * 0.5 + 0.5, 0, 1)[..., None]
    pixels = np.asarray(top, np.float32) * (1 - u) + np.asarray(bottom, np.float32) * u

    # Soft blobs drawn small and scaled up: blurring at full size would cost seconds on big canvases.
    small = (max(width // 8, 8), max(height // 8, 8))
    blobs = Image.new("RGBA", small, (0, 0, 0, 0))
    draw = ImageDraw.Draw(blobs)
    for _ in range(7):
        radius = rng.uniform(0.08, 0.3) * min(small)
        cx, cy = rng.uniform(0, small[0]), rng.uniform(0, small[1])
        colour = _hsv((hue + rng.uniform(-0.15, 0.3)) % 1.0, 0.35, 0.95)
        draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=(*colour, rng.randint(40, 90)))
    blobs = blobs.filter(ImageFilter.GaussianBlur(max(min(small) / 30, 1.0))).resize(
        (width, height), Image.Resampling.BICUBIC
    )
    layer = np.asarray(blobs, np.float32)
    alpha = layer[..., 3:4] / 255.0
    pixels = pixels * (1 - alpha) + layer[..., :3] * alpha

    step = max(min(width, height) // 12, 8)
    grid = ((xs.astype(np.int32) % step) == 0) | ((ys.astype(np.int32) % step) == 0)
    pixels[grid] = pixels[grid] * 0.9 + 255 * 0.1

    rx = xs / max(width - 1, 1) - 0.5
    ry = ys / max(height - 1, 1) - 0.5
    vignette = 1.0 - 0.55 * np.clip((rx * rx + ry * ry) * 2.0, 0, 1) ** 1.5
    pixels *= vignette[..., None]
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "RGB")


def _hsv(h: float, s: float, v: float) -> tuple[int, int, int]:
    r, g, b = colorsys.hsv_to_rgb(h, s, v)
    return round(r * 255), round(g * 255), round(b * 255)


@functools.lru_cache(maxsize=64)
def _font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size)


def _draw_text(card: Image.Image, text: str, heading: str, font_path: Path, text_area: float) -> None:
    width, height = card.size
    box_w = max(int(width * text_area), 1)
    box_h = max(int(height * text_area), 1)
    heading_size = max(int(height * 0.045), 10)
    heading_font = _font(font_path, heading_size)
    heading_lines = _wrap(heading, heading_font, box_w, max_lines=1) if heading else []
    heading_h = int(heading_size * 2.0) if heading_lines else 0

    lines, font = _fit(text, font_path, box_w, max(box_h - heading_h, 1), height)
    line_h = int(font.size * 1.35)
    block_h = heading_h + line_h * len(lines)
    top = (height - block_h) // 2

    shadow = Image.new("L", card.size, 0)
    ink = Image.new("L", card.size, 0)
    for layer in (shadow, ink):
        draw = ImageDraw.Draw(layer)
        offset = max(font.size // 14, 1) if layer is shadow else 0
        y = top
        for line in heading_lines:
            # The heading is quieter than the description: same ink, lower opacity.
            _centred(draw, line, heading_font, width, y + offset, 170)
            y += heading_h
        for line in lines:
            _centred(draw, line, font, width, y + offset, 255)
            y += line_h
    shadow = shadow.filter(ImageFilter.GaussianBlur(max(font.size / 12, 1.0)))
    card.paste((0, 0, 0), mask=shadow.point(lambda v: v * 160 // 255))
    card.paste((250, 248, 240), mask=ink)


def _centred(draw: ImageDraw.ImageDraw, line: str, font: ImageFont.FreeTypeFont, width: int, y: int, fill: int) -> None:
    x = (width - font.getlength(line)) / 2
    draw.text((x, y), line, font=font, fill=fill)


def _fit(text: str, font_path: Path, box_w: int, box_h: int, card_h: int) -> tuple[list[str], ImageFont.FreeTypeFont]:
    """Largest font size at which the wrapped text fits; at the smallest size, cut with an ellipsis."""
    size = max(int(card_h * 0.11), 12)
    smallest = max(int(card_h * 0.035), 10)
    while True:
        font = _font(font_path, size)
        max_lines = max(box_h // int(size * 1.35), 1)
        lines = _wrap(text, font, box_w, max_lines=None)
        if len(lines) <= max_lines:
            return lines, font
        if size <= smallest:
            return _wrap(text, font, box_w, max_lines=max_lines), font
        size = max(int(size * 0.9), smallest)


def _is_wide(char: str) -> bool:
    """CJK and other wide characters: lines may break between any two of them."""
    return unicodedata.east_asian_width(char) in ("W", "F")


def _tokens(text: str) -> list[str]:
    """Split into unbreakable pieces: single wide characters, Latin words (with their trailing space)."""
    tokens: list[str] = []
    word = ""
    for char in text:
        if char in _NO_LINE_START and (tokens or word):
            if word:
                word += char
            else:
                tokens[-1] += char
        elif _is_wide(char):
            if word:
                tokens.append(word)
                word = ""
            tokens.append(char)
        elif char.isspace():
            word += " "
            tokens.append(word)
            word = ""
        else:
            word += char
    if word:
        tokens.append(word)
    return tokens


def _wrap(text: str, font: ImageFont.FreeTypeFont, max_width: int, *, max_lines: int | None) -> list[str]:
    """Greedy line breaking; a word wider than a line is broken between its letters."""
    lines: list[str] = []
    current = ""
    for paragraph in text.splitlines() or [""]:
        for token in _tokens(" ".join(paragraph.split())):
            candidate = current + token
            if font.getlength(candidate.rstrip()) <= max_width:
                current = candidate
                continue
            if current.strip():
                lines.append(current.rstrip())
            current = token.lstrip() if current.strip() else token
            while font.getlength(current.rstrip()) > max_width and len(current) > 1:
                cut = _longest_prefix(current, font, max_width)
                lines.append(current[:cut])
                current = current[cut:]
        if current.strip():
            lines.append(current.rstrip())
        current = ""
    if max_lines is not None and len(lines) > max_lines:
        kept = lines[:max_lines]
        last = kept[-1]
        while last and font.getlength(last + _ELLIPSIS) > max_width:
            last = last[:-1]
        kept[-1] = last.rstrip() + _ELLIPSIS
        return kept
    return lines


def _longest_prefix(text: str, font: ImageFont.FreeTypeFont, max_width: int) -> int:
    cut = 1
    while cut < len(text) and font.getlength(text[: cut + 1]) <= max_width:
        cut += 1
    return cut
