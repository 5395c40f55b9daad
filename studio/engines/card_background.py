"""The picture behind a title card: the scene's sky, lights and weather, laid out by a seed.

The palette comes from the scene's words (studio.engines.palettes): a night scene is deep blue with
stars, a sunny one bright sky over warm ground, a snowy one pale with falling flakes, rain draws
streaks, fog a haze. The seed places everything (the gradient's angle, the glows, the flakes and
streaks), so another take of the same scene is another picture of the same mood, and a card has
enough texture everywhere that a camera move over it is visibly a move.
"""

from __future__ import annotations

import colorsys
import random
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from studio.engines.palettes import RGB, Effect, Moods, Touch

_NEUTRAL_EFFECTS: tuple[Effect, ...] = ()


@dataclass(frozen=True)
class Palette:
    top: RGB
    bottom: RGB
    glows: tuple[RGB, ...]
    effects: frozenset[Effect]


def palette_for(moods: Moods, rng: random.Random) -> Palette:
    """The card's colours: the light's sky (a random hue when the text names none), tinted by each touch."""
    if moods.light is not None:
        top, bottom, glows = moods.light.top, moods.light.bottom, list(moods.light.glows)
        effects = set(moods.light.effects)
    else:
        hue = rng.random()
        top = _hsv(hue, 0.45 + 0.2 * rng.random(), 0.42 + 0.12 * rng.random())
        bottom = _hsv((hue + 0.08 + 0.2 * rng.random()) % 1.0, 0.5 + 0.2 * rng.random(), 0.16 + 0.1 * rng.random())
        glows = [_hsv((hue + rng.uniform(-0.15, 0.3)) % 1.0, 0.35, 0.95) for _ in range(3)]
        effects = set(_NEUTRAL_EFFECTS)
    for touch in moods.touches:
        top, bottom = (_touched(colour, touch) for colour in (top, bottom))
        glows = list(touch.glows) + glows if touch.glows else glows
        effects |= set(touch.effects)
    if "snow" in effects or "rain" in effects:
        effects.discard("stars")  # clouds hide the stars
    return Palette(top, bottom, tuple(glows), frozenset(effects))


def _touched(colour: RGB, touch: Touch) -> RGB:
    strength = touch.strength
    r, g, b = (np.asarray(colour, np.float64) * (1 - strength) + np.asarray(touch.tint or colour) * strength) / 255.0
    h, s, v = colorsys.rgb_to_hsv(r, g, b)
    return _hsv(h, min(s * touch.saturation, 1.0), min(v * touch.brightness, 1.0))


def _hsv(h: float, s: float, v: float) -> RGB:
    r, g, b = colorsys.hsv_to_rgb(h, s, v)
    return round(r * 255), round(g * 255), round(b * 255)


def background(width: int, height: int, palette: Palette, rng: random.Random) -> Image.Image:
    """The sky gradient, soft glows, a faint grid, the weather's effects and a vignette."""
    angle = rng.uniform(np.pi * 0.3, np.pi * 0.7)  # mostly top to bottom: a sky over ground
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    u = (xs / max(width - 1, 1) - 0.5) * np.cos(angle) + (ys / max(height - 1, 1) - 0.5) * np.sin(angle)
    u = np.clip(u / (abs(np.cos(angle)) * 0.5 + abs(np.sin(angle)) * 0.5 + 1e-6) * 0.5 + 0.5, 0, 1)[..., None]
    pixels = np.asarray(palette.top, np.float32) * (1 - u) + np.asarray(palette.bottom, np.float32) * u
    pixels = _over(pixels, _glows(width, height, palette.glows, rng))

    step = max(min(width, height) // 12, 8)
    grid = ((xs.astype(np.int32) % step) == 0) | ((ys.astype(np.int32) % step) == 0)
    pixels[grid] = pixels[grid] * 0.92 + 255 * 0.08
    if "haze" in palette.effects:
        fog = np.clip(1.2 - ys / max(height - 1, 1), 0.25, 0.7)[..., None]
        pixels = pixels * (1 - fog * 0.6) + np.asarray((200, 204, 210), np.float32) * fog * 0.6
    for effect, draw in (("stars", _stars), ("rain", _rain), ("snow", _snow)):
        if effect in palette.effects:
            pixels = _over(pixels, draw(width, height, rng))

    rx = xs / max(width - 1, 1) - 0.5
    ry = ys / max(height - 1, 1) - 0.5
    vignette = 1.0 - 0.5 * np.clip((rx * rx + ry * ry) * 2.0, 0, 1) ** 1.5
    pixels *= vignette[..., None]
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "RGB")


def _over(pixels: np.ndarray, layer: Image.Image) -> np.ndarray:
    rgba = np.asarray(layer, np.float32)
    alpha = rgba[..., 3:4] / 255.0
    return pixels * (1 - alpha) + rgba[..., :3] * alpha


def _glows(width: int, height: int, colours: tuple[RGB, ...], rng: random.Random) -> Image.Image:
    """Blurred light blobs, drawn small and scaled up: blurring at full size would cost seconds on big canvases."""
    small = (max(width // 8, 8), max(height // 8, 8))
    layer = Image.new("RGBA", small, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    for i in range(7):
        radius = rng.uniform(0.08, 0.3) * min(small)
        cx, cy = rng.uniform(0, small[0]), rng.uniform(0, small[1])
        colour = colours[i % len(colours)]
        draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=(*colour, rng.randint(40, 90)))
    blurred = layer.filter(ImageFilter.GaussianBlur(max(min(small) / 30, 1.0)))
    return blurred.resize((width, height), Image.Resampling.BICUBIC)


def _stars(width: int, height: int, rng: random.Random) -> Image.Image:
    layer = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    for _ in range(max(width * height // 3000, 12)):
        x, y, r = rng.uniform(0, width), rng.uniform(0, height * 0.7), rng.uniform(0.5, 1.6) * max(width / 640, 1)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(235, 240, 255, rng.randint(70, 170)))
    return layer


def _rain(width: int, height: int, rng: random.Random) -> Image.Image:
    layer = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    slant = rng.uniform(-0.35, 0.1)
    line = max(1, round(width / 900))
    for _ in range(max(width * height // 2500, 30)):
        x, y = rng.uniform(-0.1 * width, 1.1 * width), rng.uniform(0, height)
        length = rng.uniform(0.03, 0.08) * height
        draw.line((x, y, x + slant * length, y + length), fill=(190, 205, 225, rng.randint(40, 100)), width=line)
    return layer


def _snow(width: int, height: int, rng: random.Random) -> Image.Image:
    """Soft flakes: drawn at half size and scaled up, which softens their edges for free."""
    small = (max(width // 2, 4), max(height // 2, 4))
    layer = Image.new("RGBA", small, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    scale = max(small[0] / 320, 1)
    for _ in range(max(width * height // 1800, 40)):
        x, y, r = rng.uniform(0, small[0]), rng.uniform(0, small[1]), rng.uniform(0.5, 1.6) * scale
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(245, 248, 255, rng.randint(110, 210)))
    return layer.resize((width, height), Image.Resampling.BICUBIC)
