"""ServerWriter against a fake OpenAI-compatible server on 127.0.0.1, and the planner stepping in."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from studio.config import Settings
from studio.storyboard.llm.server import ServerWriter
from studio.storyboard.schema import Storyboard
from studio.storyboard.writers import (
    FallbackWriter,
    PlannerWriter,
    WriterUnavailable,
    build_writer,
    rewrite_scene,
    write_storyboard,
)

SCENE = {"description": "A misty forest at dawn", "duration": 4, "camera": "wide shot", "action": "雾气飘动"}
VALID = {"title": "森林探险", "scenes": [SCENE, {**SCENE, "camera": "close up"}, {**SCENE, "duration": 6}]}
ONE_SCENE = {"title": "森林探险", "scenes": [SCENE]}


class FakeLLMServer(ThreadingHTTPServer):
    """Answers each POST with the next scripted reply: a chat message text, or (status, body)."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.replies: list[Any] = []
        self.requests: list[tuple[str, dict[str, Any]]] = []
        self.models: list[str] = ["qwen2.5:7b-instruct"]
        self.delay = 0.0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1"

    def chat_bodies(self) -> list[dict[str, Any]]:
        return [body for path, body in self.requests if path.endswith("/chat/completions")]


class _Handler(BaseHTTPRequestHandler):
    server: FakeLLMServer

    def do_GET(self) -> None:
        self.server.requests.append((self.path, {}))
        self._send(200, {"object": "list", "data": [{"id": m, "object": "model"} for m in self.server.models]})

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.requests.append((self.path, body))
        time.sleep(self.server.delay)
        reply = self.server.replies.pop(0)
        if isinstance(reply, tuple):
            self._send(*reply)
        else:
            self._send(200, {"choices": [{"index": 0, "message": {"role": "assistant", "content": reply}}]})

    def _send(self, status: int, body: Any) -> None:
        data = (body if isinstance(body, str) else json.dumps(body)).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout test)
            pass

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def server() -> Iterator[FakeLLMServer]:
    fake = FakeLLMServer()
    thread = threading.Thread(target=fake.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield fake
    fake.shutdown()
    fake.server_close()


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


def writer_for(url: str, **settings: Any) -> FallbackWriter:
    writer = build_writer(Settings(llm_server_url=url, llm_server_model="qwen2.5:7b-instruct", **settings))
    assert isinstance(writer, FallbackWriter) and isinstance(writer.primary, ServerWriter)
    return writer


def test_a_valid_answer_becomes_the_storyboard(server: FakeLLMServer) -> None:
    server.replies = [json.dumps(VALID, ensure_ascii=False)]
    draft = write_storyboard(writer_for(server.url), "制作一段关于森林探险的短视频", max_chars=2000)
    assert draft.storyboard.title == "森林探险" and len(draft.storyboard.scenes) == 3
    assert draft.writer == "llm-server:qwen2.5:7b-instruct" and draft.note == ""
    (body,) = server.chat_bodies()
    assert body["model"] == "qwen2.5:7b-instruct"
    assert body["response_format"]["type"] == "json_schema"
    assert body["response_format"]["json_schema"]["schema"]["properties"]["scenes"]["maxItems"] == 8
    assert "制作一段关于森林探险的短视频" in body["messages"][-1]["content"]


def test_json_in_code_fences_with_trailing_commas_is_repaired(server: FakeLLMServer) -> None:
    text = json.dumps(VALID, ensure_ascii=False, indent=1).replace("}\n", "},\n").replace('"]', '",]')
    server.replies = [f"Here is your storyboard:\n```json\n{text[:-1]},\n}}\n```"]
    written = writer_for(server.url).write("A forest adventure")
    assert [s.camera for s in written.storyboard.scenes] == ["wide shot", "close up", "wide shot"]
    assert len(server.chat_bodies()) == 1


def test_an_invalid_answer_is_reprompted_once_with_the_validation_error(server: FakeLLMServer) -> None:
    server.replies = [json.dumps(ONE_SCENE), json.dumps(VALID)]
    written = writer_for(server.url).write("A forest adventure")
    assert len(written.storyboard.scenes) == 3 and written.note == ""
    first, second = server.chat_bodies()
    assert second["messages"][: len(first["messages"])] == first["messages"]
    assert second["messages"][-2] == {"role": "assistant", "content": json.dumps(ONE_SCENE)}
    assert "needs 3-8 scenes, got 1" in second["messages"][-1]["content"]


def test_invalid_twice_lets_the_planner_write_and_the_note_says_so(server: FakeLLMServer) -> None:
    server.replies = [json.dumps(ONE_SCENE), "I cannot help with that."]
    draft = write_storyboard(writer_for(server.url), "A forest adventure with a river", max_chars=2000)
    assert len(server.chat_bodies()) == 2
    assert draft.writer == "planner" and draft.writer_description == PlannerWriter.description
    assert f"The LLM server at {server.url} answered twice without a valid storyboard" in draft.note
    assert draft.note.endswith("The built-in planner (no LLM configured) wrote this storyboard instead.")
    assert 3 <= len(draft.storyboard.scenes) <= 8


def test_an_unreachable_server_lets_the_planner_write_and_the_note_says_so() -> None:
    url = closed_port_url()
    draft = write_storyboard(writer_for(url), "A forest adventure with a river", max_chars=2000)
    assert draft.writer == "planner"
    assert f"The LLM server at {url} did not answer (connection refused" in draft.note
    assert isinstance(draft.storyboard, Storyboard)


def test_a_slow_server_times_out_into_the_planner(server: FakeLLMServer) -> None:
    server.delay = 1.5
    server.replies = [json.dumps(VALID)]
    draft = write_storyboard(writer_for(server.url, llm_server_timeout=0.3), "A forest", max_chars=2000)
    assert draft.writer == "planner" and "STUDIO_LLM_SERVER_TIMEOUT" in draft.note


def test_a_server_error_lets_the_planner_write(server: FakeLLMServer) -> None:
    server.replies = [(500, {"error": "model failed to load"})]
    draft = write_storyboard(writer_for(server.url), "A forest", max_chars=2000)
    assert draft.writer == "planner" and "HTTP 500" in draft.note and "model failed to load" in draft.note


def test_a_server_without_json_schema_support_is_asked_for_a_json_object(server: FakeLLMServer) -> None:
    server.replies = [(400, {"error": "response_format json_schema not supported"}), json.dumps(VALID)]
    writer = writer_for(server.url)
    writer.write("A forest")
    assert [b["response_format"]["type"] for b in server.chat_bodies()] == ["json_schema", "json_object"]
    server.replies = [json.dumps(VALID)]
    writer.write("A forest")
    assert server.chat_bodies()[-1]["response_format"] == {"type": "json_object"}


def test_without_a_configured_model_the_served_model_is_used(server: FakeLLMServer) -> None:
    server.models = ["llama-3.1-8b-instruct"]
    server.replies = [json.dumps(VALID)]
    writer = ServerWriter(server.url)
    writer.write("A forest")
    assert server.requests[0][0] == "/v1/models"
    assert server.chat_bodies()[0]["model"] == "llama-3.1-8b-instruct"


def test_rewrite_scene_asks_for_one_scene_and_validates_it(server: FakeLLMServer) -> None:
    board = Storyboard.model_validate(VALID)
    new = {**SCENE, "description": "The same forest at night in heavy rain", "camera": "low angle"}
    server.replies = [f"```json\n{json.dumps(new)}\n```"]
    scene = rewrite_scene(writer_for(server.url), board, 2, "make it night and add rain")
    assert scene.description == "The same forest at night in heavy rain" and scene.camera == "low angle"
    (body,) = server.chat_bodies()
    assert body["response_format"]["json_schema"]["name"] == "scene"
    assert "Rewrite scene 2" in body["messages"][-1]["content"] and "make it night" in body["messages"][-1]["content"]


def test_rewrite_scene_with_an_unreachable_server_is_a_clear_error() -> None:
    board = Storyboard.model_validate(VALID)
    with pytest.raises(WriterUnavailable, match="did not answer"):
        rewrite_scene(writer_for(closed_port_url()), board, 1, "make it night")
