"""Both LLM writers hand the idea's stated length to the model: in the prompt and in the schema's bounds."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from studio.models.manager import ModelManager
from studio.storyboard.llm.local import TransformersWriter
from studio.storyboard.llm.server import ServerWriter
from studio.storyboard.schema import Scene, Storyboard

LIGHTHOUSE = "A lighthouse keeper finds a message in a bottle during a storm; 45 seconds"
SCENE = {"description": "A lighthouse in a storm", "duration": 15, "camera": "wide shot", "action": "", "narration": ""}
ANSWER = json.dumps({"title": "The Keeper", "scenes": [SCENE] * 3})
LONG_SCENES = Storyboard(title="Keeper", scenes=[Scene(description=f"shot {i}", duration=15) for i in range(3)])


def duration_bounds(schema: dict[str, Any]) -> tuple[int, int]:
    items = schema["properties"]["scenes"]["items"] if "scenes" in schema["properties"] else schema
    duration = items["properties"]["duration"]
    return duration["minimum"], duration["maximum"]


class Recorder:
    """An OpenAI-compatible endpoint in-process: records each request body and answers with `answer`."""

    def __init__(self, answer: str) -> None:
        self.answer = answer
        self.bodies: list[dict[str, Any]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.bodies.append(json.loads(request.content))
        return httpx.Response(200, json={"choices": [{"message": {"content": self.answer}}]})


def server_writer(recorder: Recorder) -> ServerWriter:
    return ServerWriter("http://llm.test/v1", model="m", transport=httpx.MockTransport(recorder))


def test_the_server_writer_asks_for_the_stated_length_and_lets_the_scenes_reach_it() -> None:
    recorder = Recorder(ANSWER)
    board = server_writer(recorder).write(LIGHTHOUSE).storyboard
    assert board.total_duration == 45
    (body,) = recorder.bodies
    schema = body["response_format"]["json_schema"]["schema"]
    assert duration_bounds(schema) == (2, 15)
    assert "45 seconds in all" in body["messages"][0]["content"]


def test_the_server_writer_keeps_the_usual_bounds_when_no_length_is_stated() -> None:
    recorder = Recorder(json.dumps({"title": "Bike", "scenes": [{**SCENE, "duration": 5}] * 3}))
    server_writer(recorder).write("A foldable electric bike unfolds in five seconds and rides away")
    (body,) = recorder.bodies
    assert duration_bounds(body["response_format"]["json_schema"]["schema"]) == (2, 10)
    assert "about 20 to 40 seconds in all" in body["messages"][0]["content"]


def test_the_server_writer_lets_a_rewritten_scene_keep_its_length() -> None:
    recorder = Recorder(json.dumps(SCENE))
    scene = server_writer(recorder).rewrite_scene(LONG_SCENES, 2, "make it night")
    assert scene.duration == 15
    assert duration_bounds(recorder.bodies[0]["response_format"]["json_schema"]["schema"]) == (2, 15)


@pytest.fixture
def local_writer(monkeypatch: pytest.MonkeyPatch) -> tuple[TransformersWriter, list[tuple[list, dict]]]:
    """A local writer whose model is replaced by a recorder of what it is asked (the loading is tested elsewhere)."""
    writer = TransformersWriter("unused", ModelManager(), device="cpu")
    asked: list[tuple[list, dict]] = []

    def generate(messages: list, schema: dict) -> tuple[str, bool, float]:
        asked.append((messages, schema))
        return (ANSWER if "scenes" in schema["properties"] else json.dumps(SCENE)), False, 0.0

    monkeypatch.setattr(writer, "_generate", generate)
    return writer, asked


def test_the_local_writer_asks_for_the_stated_length_and_lets_the_scenes_reach_it(local_writer) -> None:
    writer, asked = local_writer
    assert writer.write(LIGHTHOUSE).storyboard.total_duration == 45
    ((messages, schema),) = asked
    assert duration_bounds(schema) == (2, 15)
    assert "45 seconds in all" in messages[0]["content"]


def test_the_local_writer_lets_a_rewritten_scene_keep_its_length(local_writer) -> None:
    writer, asked = local_writer
    assert writer.rewrite_scene(LONG_SCENES, 1, "add rain").duration == 15
    assert duration_bounds(asked[0][1]) == (2, 15)
