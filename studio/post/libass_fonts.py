"""Fonts as libass sees them: the family name it matches, and a folder it can load quickly."""

from __future__ import annotations

import functools
import shutil
import struct
from pathlib import Path

from studio.errors import InvalidInput


@functools.lru_cache(maxsize=8)
def font_family(font: Path) -> str:
    """The family name libass must be asked for, read from the font file.

    libass matches a style's FontName against the font's legacy family (name ID 1) or full
    name (ID 4), not the typographic family (ID 16) that PIL and most tools report: Noto
    Sans CJK TC Regular is "Noto Sans CJK TC Regular" to libass and "Noto Sans CJK TC" to
    PIL, and asking libass for the latter silently draws boxes with a fallback font.
    """
    font = Path(font)
    try:
        data = font.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"The font {font} cannot be read: {exc}") from exc
    family = _sfnt_name(data, 1) or _sfnt_name(data, 4)
    if family:
        return family
    from PIL import ImageFont  # not an SFNT we can parse (e.g. a Type 1 font): ask FreeType

    try:
        name, _style = ImageFont.truetype(str(font), 16).getname()
    except OSError as exc:
        raise InvalidInput(f"The font {font} cannot be read: {exc}") from exc
    if not name:
        raise InvalidInput(f"The font {font} has no family name.")
    return name


def _sfnt_name(data: bytes, name_id: int) -> str | None:
    """A name from an OpenType/TrueType (or the first face of a .ttc) `name` table, Windows entries first."""
    try:
        base = struct.unpack_from(">I", data, 12)[0] if data[:4] == b"ttcf" else 0
        (tables,) = struct.unpack_from(">H", data, base + 4)
        for index in range(tables):
            tag, _sum, offset, _length = struct.unpack_from(">4sIII", data, base + 12 + 16 * index)
            if tag == b"name":
                break
        else:
            return None
        _format, count, strings = struct.unpack_from(">HHH", data, offset)
        found: dict[int, str] = {}
        for index in range(count):
            platform, _enc, language, nid, length, at = struct.unpack_from(">6H", data, offset + 6 + 12 * index)
            if nid != name_id:
                continue
            raw = data[offset + strings + at : offset + strings + at + length]
            if platform == 3:  # Windows, UTF-16BE; US English preferred
                found.setdefault(0 if language == 0x409 else 1, raw.decode("utf-16-be", "replace"))
            elif platform == 1:  # Macintosh Roman
                found.setdefault(2, raw.decode("mac-roman", "replace"))
        return found[min(found)].strip() or None if found else None
    except struct.error:
        return None


_FONT_SUFFIXES = {".ttf", ".otf", ".ttc", ".otc", ".woff", ".woff2", ".pfb"}


def fonts_dir(font: Path, private: Path) -> Path:
    """The folder libass loads fonts from: the font's own, unless other fonts share it.

    libass reads every font in `fontsdir` into memory; a system folder holding a dozen
    20 MB CJK collections would cost that on every export, so then the one font is
    linked into a private folder instead.
    """
    others = [p for p in font.parent.iterdir() if p.suffix.lower() in _FONT_SUFFIXES and p.name != font.name]
    if not others:
        return font.parent
    private.mkdir(parents=True, exist_ok=True)
    link = private / font.name
    try:
        link.symlink_to(font.resolve())
    except OSError:
        shutil.copyfile(font, link)
    return private
