"""The session gate: ASGI middleware in front of the UI that lets a login cookie through only while its
session holds (studio.accounts.sessions).

Gradio keeps its logins as token -> typed username, in memory, and every one of its routes (the
page, /config, uploads, file downloads, the queue) trusts that map. The gate
- on a successful POST /login, reads the token Gradio sets in its cookie and records it with the
  account the login check saw (web/auth.py's LoginAttempt), so the session has a user id;
- on every request, asks whether the request's login tokens still hold; an ended one is removed
  from Gradio's map and from the request's cookies, so Gradio sees no login (the page shows the
  login form, its API answers 401);
- on GET /logout, ends every session of that user id, however the name was typed.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from fastapi import FastAPI
from starlette.requests import HTTPConnection
from starlette.routing import Mount

from studio.accounts import Sessions
from studio.accounts.sessions import COOKIE_PREFIX
from studio.config import request_language
from studio.web.auth import LOGIN_ATTEMPT, LoginAttempt

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

LOGIN_PATHS = ("/login", "/login/")
LOGOUT_PATHS = ("/logout", "/logout/")


class SessionGate:
    def __init__(self, app: ASGIApp, sessions: Sessions, ui: Any) -> None:
        self.app = app
        self.sessions = sessions
        self.ui = ui
        """The mounted Gradio app: its `tokens` map is where a login cookie is honoured."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        request = HTTPConnection(scope)
        live = self._hold(scope, request)
        if scope["path"] in LOGOUT_PATHS and scope.get("method") == "GET":
            self._log_out(live, request)
        if scope["path"] in LOGIN_PATHS and scope.get("method") == "POST":
            await self._log_in(scope, receive, send, request)
            return
        await self.app(scope, receive, send)

    def _hold(self, scope: Scope, request: HTTPConnection) -> dict[str, int]:
        """The request's live login tokens and their user ids; ended ones are dropped here and in Gradio."""
        tokens = self.sessions.tokens_in(request.cookies)
        live = {token: account.id for token in tokens if (account := self.sessions.check(token)) is not None}
        ended = [token for token in tokens if token not in live]
        if ended:
            self._forget(ended)
            scope["headers"] = [
                (name, _without_tokens(value, ended) if name == b"cookie" else value)
                for name, value in scope["headers"]
            ]
        return live

    def _log_out(self, live: dict[str, int], request: HTTPConnection) -> None:
        if request.query_params.get("all_session", "true").lower() in ("false", "0"):
            ended = list(live)
            for token in ended:
                self.sessions.end(token)
        else:
            ended = [token for user_id in set(live.values()) for token in self.sessions.end_user(user_id)]
        self._forget(ended)

    async def _log_in(self, scope: Scope, receive: Receive, send: Send, request: HTTPConnection) -> None:
        address = scope["client"][0] if scope.get("client") else None
        attempt = LoginAttempt(address=address, language=request_language(request))

        async def record(message: Message) -> None:
            if message["type"] == "http.response.start" and message.get("status") == 200:
                for token in _login_tokens(message.get("headers", [])):
                    if attempt.account is not None:
                        self.sessions.open(token, attempt.account)
                    else:  # a login the studio's check did not pass: no session
                        self._forget([token])
            await send(message)

        reset = LOGIN_ATTEMPT.set(attempt)
        try:
            await self.app(scope, receive, record)
        finally:
            LOGIN_ATTEMPT.reset(reset)

    def _forget(self, tokens: list[str]) -> None:
        known = getattr(self.ui, "tokens", {})
        for token in tokens:
            known.pop(token, None)


def guard_sessions(app: FastAPI, sessions: Sessions) -> None:
    """Put the gate in front of the Gradio UI mounted on `app` (call after gradio.mount_gradio_app)."""
    ui = next(route.app for route in app.routes if isinstance(route, Mount) and hasattr(route.app, "tokens"))
    app.add_middleware(SessionGate, sessions=sessions, ui=ui)


def _without_tokens(header: bytes, tokens: list[str]) -> bytes:
    """A Cookie header less the login cookies holding any of `tokens`."""
    kept = []
    for pair in header.decode("latin-1").split(";"):
        name, _, value = pair.strip().partition("=")
        if not (name.startswith(COOKIE_PREFIX) and value.strip('"') in tokens):
            kept.append(pair.strip())
    return "; ".join(kept).encode("latin-1")


def _login_tokens(headers: list[tuple[bytes, bytes]]) -> list[str]:
    """The tokens a login response sets in its login cookies."""
    tokens = []
    for name, value in headers:
        if name.lower() != b"set-cookie":
            continue
        cookie, _, token = value.decode("latin-1").split(";")[0].partition("=")
        if cookie.strip().startswith(COOKIE_PREFIX) and token:
            tokens.append(token.strip('"'))
    return list(dict.fromkeys(tokens))
