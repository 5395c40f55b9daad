"""The JSON shape an LLM must answer in, and turning its answer into a validated storyboard.

The schema is stricter than `studio.storyboard.schema` on purpose: it is what a grammar
constrains decoding to, so every string has a maxLength, the scene list 3-8 items
and the duration a small integer range. A finite language is what guarantees that
even a rambling model closes its JSON. Descriptions are printable ASCII because
the image and video models are English-trained; title, action and narration may be
in the idea's language.

When the idea states the film's length ("45 seconds", "一分钟"), `Bounds.for_length` widens
the scene count and the per-scene durations just enough for the scenes to add up to it
(and no more), and the prompt asks for that total.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

import json_repair
from pydantic import ValidationError

from studio.errors import InvalidInput
from studio.storyboard.schema import (
    CAMERAS,
    GENERATED_MAX_SCENES,
    GENERATED_MIN_SCENES,
    MAX_SCENE_SECONDS,
    MIN_SCENE_SECONDS,
    Scene,
    Storyboard,
    check_generated,
    describe_error,
)

MIN_SECONDS = 2
MAX_SECONDS = 10
TITLE_CHARS = 80
DESCRIPTION_CHARS = 400
LINE_CHARS = 200
SCENE_FIELDS: tuple[str, ...] = ("description", "duration", "camera", "action", "narration")


@dataclass(frozen=True)
class Bounds:
    """How many scenes, of how many whole seconds each, and the total asked for (None: no length stated)."""

    min_scenes: int = GENERATED_MIN_SCENES
    max_scenes: int = GENERATED_MAX_SCENES
    min_seconds: int = MIN_SECONDS
    max_seconds: int = MAX_SECONDS
    total: int | None = None
    asked: int | None = None  # the length the idea states, when more than 8 scenes of 30 s could hold

    @classmethod
    def for_length(cls, seconds: float | None) -> Bounds:
        """Bounds whose scenes can add up to `seconds` (as far as 3-8 scenes of 1-30 s can): 45 s -> 3-8 x 2-15 s."""
        if seconds is None:
            return cls()
        shortest, longest = int(MIN_SCENE_SECONDS), int(MAX_SCENE_SECONDS)
        asked = round(seconds)
        total = min(max(asked, GENERATED_MIN_SCENES * shortest), GENERATED_MAX_SCENES * longest)
        low = max(shortest, min(MIN_SECONDS, total // GENERATED_MAX_SCENES))
        high = min(longest, max(MAX_SECONDS, math.ceil(total / GENERATED_MIN_SCENES)))
        min_scenes = max(GENERATED_MIN_SCENES, math.ceil(total / high))
        max_scenes = max(min_scenes, min(GENERATED_MAX_SCENES, total // low))
        high = min(high, total - (min_scenes - 1) * low)  # one scene never takes more than the others leave
        return cls(min_scenes, max_scenes, low, high, total, asked if asked != total else None)

    @classmethod
    def for_rewrite(cls, duration: float) -> Bounds:
        """A rewritten scene may keep its length: a 15 s scene of a 45 s film is not forced under 10 s."""
        low = min(MIN_SECONDS, max(int(MIN_SCENE_SECONDS), math.floor(duration)))
        high = min(int(MAX_SCENE_SECONDS), max(MAX_SECONDS, math.ceil(duration)))
        return cls(min_seconds=low, max_seconds=high)


# clean_text strips whitespace and invisible characters; a first visible character keeps
# "required" text from cleaning down to an empty string.
_VISIBLE = r"[^\s\x00-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]"


def _text(max_chars: int, *, required: bool = False, ascii_only: bool = False) -> dict[str, Any]:
    spec: dict[str, Any] = {"type": "string", "maxLength": max_chars}
    if ascii_only:
        spec["pattern"] = r"^[!-~][ -~]*$"
    elif required:
        spec["pattern"] = rf"^{_VISIBLE}.*$"
    return spec


def scene_schema(bounds: Bounds | None = None) -> dict[str, Any]:
    """One scene, properties in the storyboard table's order."""
    bounds = bounds or Bounds()
    return {
        "type": "object",
        "properties": {
            "description": _text(DESCRIPTION_CHARS, ascii_only=True),
            "duration": {"type": "integer", "minimum": bounds.min_seconds, "maximum": bounds.max_seconds},
            "camera": {"type": "string", "enum": list(CAMERAS)},
            "action": _text(LINE_CHARS),
            "narration": _text(LINE_CHARS),
        },
        "required": list(SCENE_FIELDS),
        "additionalProperties": False,
    }


def storyboard_schema(seconds: float | None = None) -> dict[str, Any]:
    """The whole storyboard; with the idea's stated length, bounds that let the scenes add up to it."""
    bounds = Bounds.for_length(seconds)
    return {
        "type": "object",
        "properties": {
            "title": _text(TITLE_CHARS, required=True),
            "scenes": {
                "type": "array",
                "items": scene_schema(bounds),
                "minItems": bounds.min_scenes,
                "maxItems": bounds.max_scenes,
            },
        },
        "required": ["title", "scenes"],
        "additionalProperties": False,
    }


def _minimal_scene(scene: dict[str, Any]) -> dict[str, Any]:
    longest = scene["properties"]["duration"]["maximum"]
    return {"description": "x", "duration": longest, "camera": max(CAMERAS, key=len), "action": "", "narration": ""}


def closing_reserve(schema: dict[str, Any]) -> int:
    """Tokens kept back so a constrained model can always finish its JSON (see studio.storyboard.llm.constrained).

    The worst case is being at the start of the first scene with all the minimum
    scenes still to write; every token is at least one byte, so the bytes of that
    shortest valid document (plus room for a multi-byte character in progress) bound it.
    """
    scenes = schema.get("properties", {}).get("scenes")
    if scenes is not None:
        document: dict[str, Any] = {"title": "xx", "scenes": [_minimal_scene(scenes["items"])] * scenes["minItems"]}
    else:
        document = _minimal_scene(schema)
    return len(json.dumps(document, separators=(",", ":")).encode()) + 24


def _load(text: str, *, repair: bool) -> Any:
    if not repair:
        return json.loads(text)
    return json_repair.loads(_strip_thinking(text))


def _strip_thinking(text: str) -> str:
    """Reasoning models (Qwen3, DeepSeek-R1) may think aloud before the JSON; that is not the answer."""
    end = text.rfind("</think>")
    return text[end + len("</think>") :] if end >= 0 else text


def parse_storyboard(text: str, *, repair: bool = False) -> Storyboard:
    """A generated storyboard from a model's answer, or InvalidInput saying what is wrong with it."""
    try:
        data = _load(text, repair=repair)
    except ValueError as error:
        raise InvalidInput(f"The answer is not JSON ({error}).") from None
    if not isinstance(data, dict) or not isinstance(data.get("scenes"), list):
        raise InvalidInput('The answer must be a JSON object with "title" and a "scenes" list.')
    try:
        board = Storyboard.model_validate(data)
    except ValidationError as error:
        raise InvalidInput(f"The storyboard is invalid: {describe_error(error)}.") from None
    return check_generated(board)


def parse_scene_answer(text: str, *, repair: bool = False) -> Scene:
    """One rewritten scene from a model's answer, or InvalidInput saying what is wrong with it."""
    try:
        data = _load(text, repair=repair)
    except ValueError as error:
        raise InvalidInput(f"The answer is not JSON ({error}).") from None
    if isinstance(data, dict) and isinstance(data.get("scene"), dict):
        data = data["scene"]
    if not isinstance(data, dict):
        raise InvalidInput("The answer must be one JSON object describing the scene.")
    try:
        return Scene.model_validate(data)
    except ValidationError as error:
        raise InvalidInput(f"The scene is invalid: {describe_error(error)}.") from None
