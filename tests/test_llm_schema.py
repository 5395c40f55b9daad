"""The schema handed to grammars and servers, and reading a model's answer into a storyboard."""

from __future__ import annotations

import json

import pytest

from studio.errors import InvalidInput
from studio.storyboard.llm.schema import (
    closing_reserve,
    parse_scene_answer,
    parse_storyboard,
    scene_schema,
    storyboard_schema,
)
from studio.storyboard.schema import CAMERAS

SCENE = {"description": "A fox at dawn", "duration": 4, "camera": "close up", "action": "", "narration": "狐狸醒了"}


def test_every_free_text_and_number_in_the_schema_is_bounded() -> None:
    schema = storyboard_schema()
    scenes = schema["properties"]["scenes"]
    assert (scenes["minItems"], scenes["maxItems"]) == (3, 8)
    assert schema["properties"]["title"]["maxLength"] <= 200
    fields = scenes["items"]["properties"]
    assert all(fields[name]["maxLength"] <= 1000 for name in ("description", "action", "narration"))
    assert (fields["duration"]["type"], fields["duration"]["minimum"], fields["duration"]["maximum"]) == (
        "integer",
        2,
        10,
    )
    assert fields["camera"]["enum"] == list(CAMERAS)
    assert scenes["items"]["additionalProperties"] is False and schema["additionalProperties"] is False


def test_the_closing_reserve_covers_the_shortest_valid_answers() -> None:
    shortest_scene = {**SCENE, "description": "x", "camera": "extreme close up", "narration": ""}
    shortest_board = {"title": "x", "scenes": [shortest_scene] * 3}
    assert closing_reserve(storyboard_schema()) > len(json.dumps(shortest_board, separators=(",", ":")).encode())
    assert closing_reserve(scene_schema()) < closing_reserve(storyboard_schema())


def test_a_reasoning_models_thoughts_are_not_taken_for_the_answer() -> None:
    scenes = ",".join([json.dumps(SCENE)] * 3)
    answer = f'<think>maybe {{"title": "wrong"}}</think>\n```json\n{{"title": "狐狸", "scenes": [{scenes}]}}\n```'
    board = parse_storyboard(answer, repair=True)
    assert board.title == "狐狸" and len(board.scenes) == 3


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ("not json at all", 'must be a JSON object with "title" and a "scenes" list'),
        (json.dumps({"title": "x", "scenes": [SCENE] * 9}), "needs 3-8 scenes, got 9"),
        (json.dumps({"title": "x", "scenes": [{**SCENE, "duration": 99}] * 3}), "Scene 1 duration must be at most 30"),
    ],
)
def test_an_invalid_answer_gets_a_message_a_model_can_act_on(answer: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        parse_storyboard(answer, repair=True)


def test_a_rewritten_scene_may_come_wrapped_in_a_scene_key() -> None:
    assert parse_scene_answer(json.dumps({"scene": SCENE})).narration == "狐狸醒了"
    with pytest.raises(InvalidInput, match="description must not be empty"):
        parse_scene_answer(json.dumps({**SCENE, "description": "  "}))
