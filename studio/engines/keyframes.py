"""Keyframes: stored images loaded to fit the frame, and title cards for scenes that have none.

A title card is what the animatic shows when there is no picture and no text-to-image model: a
card about the scene rather than about its text. Its colours are the scene's light, weather and
place (card_background), its large line is the scene's subject (scene_subject), the description
is the small print; it must read well, carry Chinese as real glyphs, and have enough texture that
a camera move over it is visibly a move.
"""

from __future__ import annotations

import functools
import hashlib
import random
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont, ImageOps

from studio.engines.card_background import background, palette_for
from studio.engines.palettes import scene_moods
from studio.engines.scene_subject import scene_subject
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
    seed: int | None = None,
) -> Image.Image:
    """Draw a card for a scene without a keyframe: a picture of its mood, its subject large, its text small.

    The colours come from the scene's light, weather and place words (studio.engines.palettes),
    the layout of the picture from `seed` (a take's seed: another take, another picture of the
    same scene); without a seed, from the text, so the same scene always gets the same card.
    `text_area` is the centred fraction of the card the text may use: the animatic renders cards
    larger than the frame and crops them while moving, so it asks for a smaller, always-visible area.
    """
    if width <= 0 or height <= 0:
        raise InvalidInput(f"Card size must be positive (got {width}x{height}).")
    digest = hashlib.sha256(f"{heading}\n{text}\n{'' if seed is None else seed}".encode()).digest()
    rng = random.Random(int.from_bytes(digest[:8], "big"))
    text = text.strip()
    card = background(width, height, palette_for(scene_moods(f"{heading} {text}"), rng), rng)
    lines = card_layout(scene_subject(text), text, heading.strip(), find_cjk_font(font_path), width, height, text_area)
    _draw_lines(card, lines)
    return card


@dataclass(frozen=True)
class Line:
    """One line of a card's text: where it goes and how it looks."""

    text: str
    font: ImageFont.FreeTypeFont
    y: int
    opacity: int
    role: str
    """"heading" (scene number and camera), "subject" (the large line) or "description" (the small text)."""

    @property
    def size(self) -> int:
        return int(self.font.size)


def card_layout(
    subject: str, description: str, heading: str, font_path: Path, width: int, height: int, text_area: float = 0.84
) -> list[Line]:
    """The card's lines, centred in the text area: a quiet heading, the subject large, the description small.

    The subject takes the largest size at which it fits in two lines; the description gets up to
    three lines of small text below it (cut with an ellipsis), and is left out when it says no more
    than the subject.
    """
    box_w, box_h = max(int(width * text_area), 1), max(int(height * text_area), 1)
    heading_font = _font(font_path, max(int(height * 0.045), 10))
    heading_lines = _wrap(heading, heading_font, box_w, max_lines=1) if heading else []
    heading_h = int(heading_font.size * 2.0) if heading_lines else 0
    subject_lines, subject_font = _fit(subject, font_path, box_w, max(box_h - heading_h, 1), height, max_lines=2)
    subject_h = int(subject_font.size * 1.3) * len(subject_lines)
    small = _font(font_path, min(max(int(height * 0.042), 10), max(int(subject_font.size * 0.5), 10)))
    small_h = int(small.size * 1.4)
    room = max((box_h - heading_h - subject_h) // small_h - 1, 0)  # one line's gap under the subject
    repeats = " ".join(description.split()).rstrip("。.!！").lower() == " ".join(subject.split()).lower()
    small_lines = [] if repeats or not room else _wrap(description, small, box_w, max_lines=min(room, 3))
    gap = small_h // 2 if small_lines else 0
    block = heading_h + subject_h + gap + small_h * len(small_lines)
    y, lines = (height - block) // 2, []
    for text in heading_lines:
        lines.append(Line(text, heading_font, y, 170, "heading"))
        y += heading_h
    for text in subject_lines:
        lines.append(Line(text, subject_font, y, 255, "subject"))
        y += int(subject_font.size * 1.3)
    y += gap
    for text in small_lines:
        lines.append(Line(text, small, y, 225, "description"))
        y += small_h
    return lines


def _draw_lines(card: Image.Image, lines: list[Line]) -> None:
    """A soft dark scrim behind the text (it reads on a snowy card too), a blurred shadow, light ink."""
    if not lines:
        return
    width = card.width
    top = lines[0].y
    bottom = lines[-1].y + int(lines[-1].size * 1.3)
    widest = max(line.font.getlength(line.text) for line in lines)
    pad = max(lines[0].size // 2, 4)
    scrim = Image.new("L", card.size, 0)
    left = (width - widest) / 2 - 2 * pad
    ImageDraw.Draw(scrim).rectangle((left, top - pad, width - left, bottom + pad), fill=90)
    card.paste((0, 0, 0), mask=scrim.filter(ImageFilter.GaussianBlur(max(pad, 2))))
    shadow = Image.new("L", card.size, 0)
    ink = Image.new("L", card.size, 0)
    for layer in (shadow, ink):
        draw = ImageDraw.Draw(layer)
        for line in lines:
            offset = max(line.size // 14, 1) if layer is shadow else 0
            _centred(draw, line.text, line.font, width, line.y + offset, line.opacity)
    size = max(line.size for line in lines)
    shadow = shadow.filter(ImageFilter.GaussianBlur(max(size / 12, 1.0)))
    card.paste((0, 0, 0), mask=shadow.point(lambda v: v * 160 // 255))
    card.paste((250, 248, 240), mask=ink)


@functools.lru_cache(maxsize=64)
def _font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size)


def _centred(draw: ImageDraw.ImageDraw, line: str, font: ImageFont.FreeTypeFont, width: int, y: int, fill: int) -> None:
    x = (width - font.getlength(line)) / 2
    draw.text((x, y), line, font=font, fill=fill)


def _fit(
    text: str, font_path: Path, box_w: int, box_h: int, card_h: int, *, max_lines: int | None = None
) -> tuple[list[str], ImageFont.FreeTypeFont]:
    """Largest font size at which the wrapped text fits; at the smallest size, cut with an ellipsis."""
    size = max(int(card_h * 0.13), 12)
    smallest = max(int(card_h * 0.06), 10)
    while True:
        font = _font(font_path, size)
        fitting = max(box_h // int(size * 1.3), 1)
        if max_lines is not None:
            fitting = min(fitting, max_lines)
        lines = _wrap(text, font, box_w, max_lines=None)
        if len(lines) <= fitting:
            return lines, font
        if size <= smallest:
            return _wrap(text, font, box_w, max_lines=fitting), font
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
