"""The storyboard: what a film is made of, scene by scene.

`Storyboard` is the shape writers produce and the table edits. It is validated
here, once, so that every path into the database (a writer, a table edit, an
API call) obeys the same rules.
"""

from __future__ import annotations

import re
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

_CONTROL = re.compile(r"[\u0000-\u0008\u000b-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def clean_text(value: object) -> str:
    """Normalise user or model text: NFC, no control/bidi/zero-width characters, trimmed.

    NFC rather than NFKC: NFKC would turn Chinese full-width punctuation ("，") into ASCII.
    """
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value))
    return _CONTROL.sub("", text).strip()


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
