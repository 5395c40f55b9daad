"""The storyboard: what a film is made of, scene by scene.

`Storyboard` is the shape writers produce and the table edits. It is validated
here, once, so that every path into the database (a writer, a table edit, an
API call) obeys the same rules.
"""

from __future__ import annotations

import functools
import re
import sys
import unicodedata

from pydantic import BaseModel, Field, ValidationError, field_validator

from studio.errors import InvalidInput, describe_error

CAMERAS: tuple[str, ...] = (
    "wide shot",
    "medium shot",
    "close up",
    "extreme close up",
    "aerial view",
    "tracking shot",
    "low angle",
    "static shot",
)
"""Camera values the engines know how to move for; other text is kept and rendered as a gentle drift."""

MIN_SCENE_SECONDS = 1.0
MAX_SCENE_SECONDS = 30.0
MAX_TEXT = 1000
MAX_TITLE = 200

COLUMNS: tuple[str, ...] = ("scene", "description", "duration", "camera", "action", "narration")
"""Column order of the storyboard table, shared by the UI and the API."""

_LINE_BREAKS = str.maketrans({"\r": "\n", "\x85": "\n", "\u2028": "\n", "\u2029": "\n"})
"""Carriage returns, NEL and the Unicode line/paragraph separators (Zl, Zp) are line breaks: keep them as one."""
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
"""Control (C0, DEL, C1), format (bidi, zero-width, word joiners, BOM, tags), lone surrogates, separators."""


@functools.cache
def _invisible() -> re.Pattern[str]:
    """One character class of every code point in `_INVISIBLE_CATEGORIES` except newline and tab.

    Built from the Unicode database rather than listed by hand, so no format character is forgotten;
    lazily, because scanning every code point takes a noticeable fraction of a second.
    """
    invisible = (chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) in _INVISIBLE_CATEGORIES)
    return re.compile("[" + "".join(re.escape(ch) for ch in invisible if ch not in "\t\n") + "]")


def clean_text(value: object) -> str:
    """Normalise user or model text: NFC, no invisible characters, one kind of line break, trimmed.

    Invisible characters (bidi overrides, zero-width joiners, C1 controls...) can hide text from a
    reader or the content filter, so they go; line and paragraph separators become newlines.
    NFC rather than NFKC: NFKC would turn Chinese full-width punctuation ("，") into ASCII.
    """
    if value is None:
        return ""
    text = str(value)
    if not text.replace("\n", "").replace("\t", "").isprintable():  # else there is nothing to strip (fast path)
        text = _invisible().sub("", text.replace("\r\n", "\n").translate(_LINE_BREAKS))
    return unicodedata.normalize("NFC", text).strip()


class Scene(BaseModel):
    description: str = Field(min_length=1, max_length=MAX_TEXT)
    duration: float = Field(ge=MIN_SCENE_SECONDS, le=MAX_SCENE_SECONDS)
    camera: str = Field(default="medium shot", min_length=1, max_length=60)
    action: str = Field(default="", max_length=MAX_TEXT)
    narration: str = Field(default="", max_length=MAX_TEXT)

    @field_validator("description", "camera", "action", "narration", mode="before")
    @classmethod
    def _clean(cls, value: object) -> str:
        return clean_text(value)

    @field_validator("camera")
    @classmethod
    def _camera_lower(cls, value: str) -> str:
        return " ".join(value.lower().split())

    @field_validator("duration", mode="before")
    @classmethod
    def _number(cls, value: object) -> object:
        if isinstance(value, str):
            text = clean_text(value).lower().removesuffix("s").removesuffix("秒").strip()
            return text
        return value


class Storyboard(BaseModel):
    title: str = Field(min_length=1, max_length=MAX_TITLE)
    scenes: list[Scene] = Field(min_length=1, max_length=100)

    @field_validator("title", mode="before")
    @classmethod
    def _clean(cls, value: object) -> str:
        return clean_text(value)

    @property
    def total_duration(self) -> float:
        return round(sum(s.duration for s in self.scenes), 3)


GENERATED_MIN_SCENES = 3
GENERATED_MAX_SCENES = 8


def check_generated(board: Storyboard) -> Storyboard:
    """A writer's storyboard must have 3-8 scenes; edits later may add or remove some."""
    if not GENERATED_MIN_SCENES <= len(board.scenes) <= GENERATED_MAX_SCENES:
        raise InvalidInput(
            f"A generated storyboard needs {GENERATED_MIN_SCENES}-{GENERATED_MAX_SCENES} scenes, "
            f"got {len(board.scenes)}."
        )
    return board


def parse_scene(fields: dict[str, object], number: int) -> Scene:
    """Validate one scene, raising InvalidInput with a message naming it."""
    try:
        return Scene.model_validate(fields)
    except ValidationError as error:
        raise InvalidInput(f"Scene {number}: {describe_error(error)}.") from None


def parse_rows(rows: list[list[object]], max_scenes: int = 100) -> list[Scene]:
    """Validate the storyboard table (rows in COLUMNS order) into scenes."""
    if not rows:
        raise InvalidInput("A storyboard needs at least one scene.")
    if len(rows) > max_scenes:
        raise InvalidInput(f"A storyboard may have at most {max_scenes} scenes, got {len(rows)}.")
    scenes = []
    for index, row in enumerate(rows, start=1):
        values = list(row) + [""] * (len(COLUMNS) - len(row))
        fields = dict(zip(COLUMNS[1:], values[1 : len(COLUMNS)], strict=True))
        scenes.append(parse_scene(fields, index))
    return scenes
