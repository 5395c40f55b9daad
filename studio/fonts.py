"""Finding a font that can draw Chinese.

Title cards and subtitles show storyboard text, which is often Chinese. Most
fonts lack CJK glyphs and PIL then draws "tofu" boxes without complaint, so a
candidate found on the system is only accepted once it is seen to draw a real
CJK glyph.
"""

from __future__ import annotations

import contextlib
import functools
import shutil
import subprocess
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from studio.errors import InvalidInput, StudioError

SYSTEM_CJK_FONTS: tuple[Path, ...] = (
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"),
    Path("/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
    Path("/usr/share/fonts/wqy-microhei/wqy-microhei.ttc"),
    Path("/usr/share/fonts/wqy-zenhei/wqy-zenhei.ttc"),
)
"""Where Debian/Ubuntu packages (fonts-noto-cjk, fonts-wqy-*) put CJK fonts."""

_PROBE_CHAR = "中"
_MISSING_CHAR = "\ue000"  # private use: no CJK font assigns it, so it draws as .notdef


def find_cjk_font(explicit: Path | None = None) -> Path:
    """Return a font file able to draw Chinese, searching once per process.

    An explicit path (from STUDIO_FONT_PATH) is the user's choice and is trusted
    as long as it exists and loads; an error there must not silently fall back to
    another font, or the user would never learn their setting is wrong.
    """
    resolved = Path(explicit).expanduser().resolve() if explicit is not None else None
    return _find_cached(resolved)


@functools.lru_cache(maxsize=8)
def _find_cached(explicit: Path | None) -> Path:
    if explicit is not None:
        if not explicit.is_file():
            raise InvalidInput(f"The font file {explicit} (STUDIO_FONT_PATH) does not exist.")
        try:
            ImageFont.truetype(str(explicit), 16)
        except OSError as exc:
            raise InvalidInput(f"The font file {explicit} (STUDIO_FONT_PATH) is not a font PIL can read.") from exc
        return explicit

    for candidate in _candidates():
        if candidate.is_file() and draws_cjk(candidate):
            return candidate
    raise StudioError(
        "No font with Chinese glyphs was found. Run `pip install -r requirements.txt` "
        "(it ships Noto Sans CJK), or set STUDIO_FONT_PATH to a .ttf/.otf/.ttc font with CJK glyphs."
    )


def _candidates() -> list[Path]:
    """Candidates in order of preference: the pinned pip font first so output is the same everywhere."""
    found: list[Path] = []
    # An absent or broken font package just means "look elsewhere".
    with contextlib.suppress(ImportError, AttributeError, OSError, TypeError):
        import cvttf_NotoSansCJK_Regular as noto

        found.append(Path(noto.get_TTF_path()))
    matched = _fc_match()
    if matched is not None:
        found.append(matched)
    found.extend(SYSTEM_CJK_FONTS)
    return found


def _fc_match() -> Path | None:
    exe = shutil.which("fc-match")
    if exe is None:
        return None
    try:
        done = subprocess.run(
            [exe, "-f", "%{file}", ":lang=zh"], capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    text = done.stdout.strip()
    return Path(text) if done.returncode == 0 and text else None


def draws_cjk(path: Path) -> bool:
    """True if the font draws a real glyph for a common Chinese character rather than its .notdef box.

    fc-match always answers with *some* font (often DejaVu, which has no CJK), so the
    answer has to be checked by drawing.
    """
    try:
        font = ImageFont.truetype(str(path), 32)
    except OSError:
        return False
    glyph = _draw_glyph(font, _PROBE_CHAR)
    if glyph.getbbox() is None:
        return False
    return glyph.tobytes() != _draw_glyph(font, _MISSING_CHAR).tobytes()


def _draw_glyph(font: ImageFont.FreeTypeFont, char: str) -> Image.Image:
    canvas = Image.new("L", (64, 64), 0)
    ImageDraw.Draw(canvas).text((8, 8), char, font=font, fill=255)
    return canvas
