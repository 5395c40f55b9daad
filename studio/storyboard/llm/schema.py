"""The JSON shape an LLM must answer in, and turning its answer into a validated storyboard.

The schema is stricter than `studio.storyboard.schema` on purpose: it is what a grammar
constrains decoding to, so every string has a maxLength, the scene list 3-8 items
and the duration a small integer range. A finite language is what guarantees that
even a rambling model closes its JSON. Descriptions are printable ASCII because
the image and video models are English-trained; title, action and narration may be
in the idea's language.
"""

from __future__ import annotations

import json
from typing import Any

import json_repair
from pydantic import ValidationError

from studio.errors import InvalidInput
from studio.storyboard.schema import (
    CAMERAS,
    GENERATED_MAX_SCENES,
    GENERATED_MIN_SCENES,
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


def scene_schema() -> dict[str, Any]:
    """One scene, properties in the storyboard table's order."""
    return {
        "type": "object",
        "properties": {
            "description": _text(DESCRIPTION_CHARS, ascii_only=True),
            "duration": {"type": "integer", "minimum": MIN_SECONDS, "maximum": MAX_SECONDS},
            "camera": {"type": "string", "enum": list(CAMERAS)},
            "action": _text(LINE_CHARS),
            "narration": _text(LINE_CHARS),
        },
        "required": list(SCENE_FIELDS),
        "additionalProperties": False,
    }


def storyboard_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {
            "title": _text(TITLE_CHARS, required=True),
            "scenes": {
                "type": "array",
                "items": scene_schema(),
                "minItems": GENERATED_MIN_SCENES,
                "maxItems": GENERATED_MAX_SCENES,
            },
        },
        "required": ["title", "scenes"],
        "additionalProperties": False,
    }


def _minimal_scene() -> dict[str, Any]:
    return {"description": "x", "duration": MAX_SECONDS, "camera": max(CAMERAS, key=len), "action": "", "narration": ""}


def closing_reserve(schema: dict[str, Any]) -> int:
    """Tokens kept back so a constrained model can always finish its JSON (see studio.storyboard.llm.constrained).

    The worst case is being at the start of the first scene with all the minimum
    scenes still to write; every token is at least one byte, so the bytes of that
    shortest valid document (plus room for a multi-byte character in progress) bound it.
    """
    if "scenes" in schema.get("properties", {}):
        document: dict[str, Any] = {"title": "xx", "scenes": [_minimal_scene()] * GENERATED_MIN_SCENES}
    else:
        document = _minimal_scene()
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
