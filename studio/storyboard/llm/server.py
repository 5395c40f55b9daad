"""A storyboard writer asking a local OpenAI-compatible server (vLLM, Ollama, llama.cpp server).

Servers differ in how well they constrain output, so the answer is treated as
untrusted text: ask for the JSON schema (response_format where the server takes
it, falling back to json_object and then to plain instructions), repair what a
model typically gets wrong (code fences, trailing commas) with json_repair,
validate, and re-prompt once quoting the validation error. If that still fails, or
the server does not answer, raise WriterUnavailable so the planner can step in.
"""

from __future__ import annotations

import logging
from typing import Any

import httpx

from studio.config import Settings
from studio.errors import InvalidInput
from studio.storyboard.llm import prompt
from studio.storyboard.llm.schema import (
    Bounds,
    parse_scene_answer,
    parse_storyboard,
    scene_schema,
    storyboard_schema,
)
from studio.storyboard.planner import stated_length
from studio.storyboard.schema import Scene, Storyboard
from studio.storyboard.writer_types import WriterUnavailable, Written

log = logging.getLogger(__name__)

_FORMATS = ("json_schema", "json_object", "none")


class ServerWriter:
    """Writes storyboards through POST {url}/chat/completions on a server the lab runs itself."""

    can_rewrite = True

    def __init__(
        self,
        url: str,
        *,
        model: str | None = None,
        timeout: float = 120.0,
        max_tokens: int = 1536,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.url = url.rstrip("/")
        self.model = model
        self.timeout = timeout
        self.max_tokens = max_tokens
        self._transport = transport
        self._format = _FORMATS[0]  # downgraded for good once a server refuses it
        label = model or self.url
        self.name = f"llm-server:{label}"[:64]
        self.description = f"LLM server {label} ({self.url})" if model else f"LLM server at {self.url}"

    @classmethod
    def from_settings(cls, settings: Settings) -> ServerWriter:
        return cls(
            settings.llm_server_url or "",
            model=settings.llm_server_model,
            timeout=settings.llm_server_timeout,
            max_tokens=settings.llm_max_new_tokens,
        )

    def write(self, idea: str) -> Written:
        schema = storyboard_schema(stated_length(idea))
        board = self._ask(prompt.storyboard_messages(idea), schema, "storyboard", parse_storyboard)
        return Written(board, self.name, self.description)

    def rewrite_scene(self, board: Storyboard, number: int, instruction: str) -> Scene:
        messages = prompt.scene_messages(board, number, instruction)
        schema = scene_schema(Bounds.for_rewrite(board.scenes[number - 1].duration))
        return self._ask(messages, schema, "scene", parse_scene_answer)

    def _ask(self, messages: list[prompt.Message], schema: dict[str, Any], what: str, parse: Any) -> Any:
        """Ask, validate, and if invalid ask once more quoting the error."""
        # trust_env=False: a proxy from the environment must never see the lab's ideas.
        with httpx.Client(timeout=self.timeout, trust_env=False, transport=self._transport) as client:
            model = self.model or self._first_model(client)
            reply = self._complete(client, model, messages, schema, what)
            try:
                return parse(reply, repair=True)
            except InvalidInput as error:
                log.info("%s: invalid %s (%s); asking again", self.url, what, error)
                retry = [*messages, {"role": "assistant", "content": reply}, prompt.retry_message(str(error))]
            reply = self._complete(client, model, retry, schema, what)
            try:
                return parse(reply, repair=True)
            except InvalidInput as error:
                raise WriterUnavailable(
                    f"The LLM server at {self.url} answered twice without a valid {what} ({error})."
                ) from None

    def _complete(
        self, client: httpx.Client, model: str, messages: list[prompt.Message], schema: dict[str, Any], what: str
    ) -> str:
        body: dict[str, Any] = {"model": model, "messages": messages, "max_tokens": self.max_tokens}
        while True:
            if self._format == "json_schema":
                body["response_format"] = {
                    "type": "json_schema",
                    "json_schema": {"name": what, "schema": schema, "strict": True},
                }
            elif self._format == "json_object":
                body["response_format"] = {"type": "json_object"}
            else:
                body.pop("response_format", None)
            response = self._send(client, "POST", "/chat/completions", json=body)
            # 400/422: this server does not take that response_format; try the next, plainer one
            if response.status_code in (400, 422) and self._format != "none":
                log.info("%s refused response_format %s: %s", self.url, self._format, response.text[:200])
                self._format = _FORMATS[_FORMATS.index(self._format) + 1]
                continue
            return self._content(response)

    def _send(self, client: httpx.Client, method: str, path: str, **kwargs: Any) -> httpx.Response:
        try:
            return client.request(method, f"{self.url}{path}", **kwargs)
        except httpx.TimeoutException:
            raise WriterUnavailable(
                f"The LLM server at {self.url} did not answer within {self.timeout:g} s (STUDIO_LLM_SERVER_TIMEOUT)."
            ) from None
        except httpx.HTTPError as error:
            raise WriterUnavailable(f"The LLM server at {self.url} did not answer ({_reason(error)}).") from None

    def _content(self, response: httpx.Response) -> str:
        if response.status_code != 200:
            raise WriterUnavailable(
                f"The LLM server at {self.url} answered HTTP {response.status_code}: {response.text[:200].strip()}"
            )
        try:
            content = response.json()["choices"][0]["message"]["content"]
        except (ValueError, KeyError, IndexError, TypeError):
            raise WriterUnavailable(
                f"The LLM server at {self.url} did not answer like an OpenAI-compatible server."
            ) from None
        return content if isinstance(content, str) else ""

    def _first_model(self, client: httpx.Client) -> str:
        """With no STUDIO_LLM_SERVER_MODEL, use what the server serves (vLLM and Ollama check the name)."""
        response = self._send(client, "GET", "/models")
        try:
            models = response.json().get("data", []) if response.status_code == 200 else []
        except (ValueError, AttributeError):
            models = []
        if models and isinstance(models[0], dict) and models[0].get("id"):
            self.model = str(models[0]["id"])
            return self.model
        return "default"


def _reason(error: httpx.HTTPError) -> str:
    if isinstance(error, httpx.ConnectError):
        return "connection refused: is it running?"
    return str(error) or type(error).__name__
