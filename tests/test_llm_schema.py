"""The schema handed to grammars and servers (bounded by the idea's stated length), and reading a model's answer."""

from __future__ import annotations

import json

import pytest

from studio.errors import InvalidInput
from studio.storyboard.llm.prompt import storyboard_messages
from studio.storyboard.llm.schema import (
    Bounds,
    closing_reserve,
    parse_scene_answer,
    parse_storyboard,
    scene_schema,
    storyboard_schema,
)
from studio.storyboard.planner import stated_length
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


# --- A stated length reaches the bounds ---------------------------------------------------------------


def scene_bounds(schema: dict) -> tuple[int, int, int, int]:
    scenes = schema["properties"]["scenes"]
    duration = scenes["items"]["properties"]["duration"]
    return scenes["minItems"], scenes["maxItems"], duration["minimum"], duration["maximum"]


@pytest.mark.parametrize("seconds", [3, 6, 12, 20, 30, 45, 60, 90, 120, 180, 240])
def test_a_stated_length_is_reachable_within_the_schema(seconds: int) -> None:
    min_items, max_items, shortest, longest = scene_bounds(storyboard_schema(seconds))
    assert 3 <= min_items <= max_items <= 8
    assert 1 <= shortest <= longest <= 30
    assert min_items * shortest <= seconds <= max_items * longest  # some scene count and durations add up to it
    assert longest <= seconds - (min_items - 1) * shortest  # no single scene is longer than the rest allow


def test_without_a_stated_length_the_bounds_are_the_usual_ones() -> None:
    assert scene_bounds(storyboard_schema(None)) == scene_bounds(storyboard_schema()) == (3, 8, 2, 10)
    assert Bounds.for_length(None) == Bounds()


def test_a_length_longer_than_a_storyboard_holds_asks_for_the_most_that_fits() -> None:
    bounds = Bounds.for_length(600)
    assert (bounds.total, bounds.asked) == (240, 600)
    assert scene_bounds(storyboard_schema(600)) == (8, 8, 2, 30)
    assert Bounds.for_length(45).asked is None


def test_a_rewritten_scene_may_keep_its_length() -> None:
    assert scene_schema(Bounds.for_rewrite(15))["properties"]["duration"]["maximum"] == 15
    assert scene_schema(Bounds.for_rewrite(1.5))["properties"]["duration"]["minimum"] == 1
    assert scene_schema()["properties"]["duration"] == {"type": "integer", "minimum": 2, "maximum": 10}


@pytest.mark.parametrize("seconds", [None, 6, 45, 240])
def test_the_closing_reserve_covers_the_shortest_answer_of_every_length(seconds: int | None) -> None:
    schema = storyboard_schema(seconds)
    min_items, _, _, longest = scene_bounds(schema)
    scene = {
        **SCENE,
        "description": "x",
        "duration": longest,
        "camera": "extreme close up",
        "action": "",
        "narration": "",
    }
    shortest_board = {"title": "xx", "scenes": [scene] * min_items}
    assert closing_reserve(schema) > len(json.dumps(shortest_board, separators=(",", ":")).encode())


@pytest.mark.parametrize(
    ("idea", "asked"),
    [
        ("A lighthouse keeper finds a message in a bottle during a storm; 45 seconds", "45 seconds in all"),
        ("用一分钟介绍光合作用", "60 seconds in all"),
        ("Make a 10 minute documentary about bees", "240 seconds in all: the idea asks for 600 seconds"),
        ("A foldable electric bike unfolds in five seconds and rides away", "about 20 to 40 seconds in all"),
        ("制作一段关于森林探险的短视频，包含河流和小动物", "about 20 to 40 seconds in all"),
    ],
)
def test_the_prompt_asks_for_the_length_the_idea_states(idea: str, asked: str) -> None:
    system = storyboard_messages(idea)[0]["content"]
    assert asked in system
    bounds = Bounds.for_length(stated_length(idea))
    assert f"whole seconds, {bounds.min_seconds} to {bounds.max_seconds}." in system
    assert f"into {bounds.min_scenes} to {bounds.max_scenes} scenes" in system


class ByteTokens:
    """A tokenizer whose tokens are the 256 bytes (plus an end token): the grammar sees the answer byte by byte."""

    def __init__(self) -> None:
        self.eos_token_id, self.bos_token_id = 256, None
        self.special_token_ids = [256]
        self.tokens = [bytes([i]) for i in range(256)] + [b"\xff<eos>"]

    def __call__(self, text: str) -> list[int]:
        return list(text.encode())


def grammar_accepts(schema: dict, answer: dict) -> bool:
    """Whether llguidance, given the schema as the writers give it, lets a model write exactly this answer."""
    llguidance = pytest.importorskip("llguidance")
    tokenizer = llguidance.LLTokenizer(llguidance.TokenizerWrapper(ByteTokens()), n_vocab=257, eos_token=256)
    grammar = llguidance.LLMatcher.grammar_from_json_schema(
        schema, overrides={"whitespace_flexible": False, "item_separator": ",", "key_separator": ":"}
    )
    matcher = llguidance.LLMatcher(tokenizer, grammar, log_level=0)
    assert not matcher.is_error(), matcher.get_error()
    data = json.dumps(answer, separators=(",", ":"), ensure_ascii=False).encode()
    return matcher.consume_tokens(list(data)) and matcher.is_accepting()


def test_the_grammar_lets_the_scenes_add_up_to_the_stated_length() -> None:
    forty_five = [{**SCENE, "duration": 15}] * 3
    assert grammar_accepts(storyboard_schema(45), {"title": "灯塔", "scenes": forty_five})
    assert not grammar_accepts(storyboard_schema(None), {"title": "灯塔", "scenes": forty_five})
    assert not grammar_accepts(storyboard_schema(45), {"title": "灯塔", "scenes": [{**SCENE, "duration": 16}] * 3})
    four_minutes = [{**SCENE, "duration": 30}] * 8
    assert grammar_accepts(storyboard_schema(240), {"title": "Bees", "scenes": four_minutes})
    assert not grammar_accepts(storyboard_schema(240), {"title": "Bees", "scenes": four_minutes[:7]})
