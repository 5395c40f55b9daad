"""UI sessions: which user (by id) and which credential version each login token of the UI belongs to.

Gradio's login keeps its own map of token -> the username *as typed*. The web layer
(studio/web/sessions.py) records each new token here with the account it was opened for and,
on every request, asks here whether it still holds; the UI resolves its user here too, by id,
never by name. A session ends when its user is deleted (a user made again under the same
name, even with the same id, is someone else), disabled, or their credential version moves on
(password set or changed, role changed, enabled again: account.credentials_changed), and when
the user logs out. The database is read at most once per RECHECK_S per user, so a change made
by another process (the shell) takes effect within that; changes made in this process at once.

Sessions live in memory, as Gradio's tokens do: a restart of the studio ends them all.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.engine import Engine

from studio.accounts.account import Account
from studio.db import session_scope
from studio.errors import NotFound
from studio.records import UserRow, utcnow

COOKIE_PREFIX = "access-token-"
"""Gradio names the UI's login cookies access-token-<app id> and access-token-unsecure-<app id>."""


@dataclass
class Session:
    user_id: int
    credential_version: int
    user_created_at: datetime
    """SQLite may give a deleted user's id to the next user: the creation time tells them apart."""
    opened_at: datetime
    last_seen_at: datetime


@dataclass(frozen=True)
class _Credentials:
    """A user as last read: None for `account` when deleted or disabled."""

    account: Account | None
    version: int
    created_at: datetime | None
    read_at: float


class Sessions:
    RECHECK_S = 1.0

    def __init__(
        self, engine: Engine, clock: Callable[[], datetime] = utcnow, monotonic: Callable[[], float] = time.monotonic
    ) -> None:
        self.engine = engine
        self.clock = clock
        self.monotonic = monotonic
        self._sessions: dict[str, Session] = {}
        self._users: dict[int, _Credentials] = {}
        self._lock = threading.Lock()

    def open(self, token: str, account: Account) -> None:
        """Record a login: `token` now stands for this user at their current credential version."""
        current = self._read(account.id)
        if current.account is None or current.created_at is None:
            return  # deleted or disabled between the password check and now: no session
        now = self.clock()
        with self._lock:
            self._sessions[token] = Session(account.id, current.version, current.created_at, now, now)

    def check(self, token: str) -> Account | None:
        """The account `token` logs in, or None: unknown, or ended (and then forgotten)."""
        with self._lock:
            session = self._sessions.get(token)
        if session is None:
            return None
        current = self._current(session.user_id)
        stamp = (current.version, current.created_at)
        if current.account is None or stamp != (session.credential_version, session.user_created_at):
            self.end(token)
            return None
        session.last_seen_at = self.clock()
        return current.account

    def account(self, cookies: Mapping[str, str]) -> Account:
        """The user of the request with these cookies (the UI calls this for every event)."""
        for token in self.tokens_in(cookies):
            account = self.check(token)
            if account is not None:
                return account
        raise NotFound("Your session has ended; please log in again.")

    def renew(self, cookies: Mapping[str, str]) -> None:
        """Keep the sessions of these cookies across their own user's credential change (a password they changed
        themselves): they take the new version, while every other session of the user stays ended."""
        for token in self.tokens_in(cookies):
            with self._lock:
                session = self._sessions.get(token)
            if session is None:
                continue
            current = self._read(session.user_id)
            if current.account is not None and current.created_at == session.user_created_at:
                session.credential_version = current.version

    def end(self, token: str) -> None:
        with self._lock:
            self._sessions.pop(token, None)

    def end_user(self, user_id: int) -> list[str]:
        """End every session of the user, whatever spelling of the name opened it; returns their tokens."""
        with self._lock:
            ended = [token for token, session in self._sessions.items() if session.user_id == user_id]
            for token in ended:
                del self._sessions[token]
            self._users.pop(user_id, None)
        return ended

    def refresh(self, user_id: int) -> None:
        """The user changed in this process: read them again on their sessions' next request."""
        with self._lock:
            self._users.pop(user_id, None)

    @staticmethod
    def tokens_in(cookies: Mapping[str, str] | Iterable[tuple[str, str]]) -> list[str]:
        """The login tokens among a request's cookies (a mapping, or Gradio's dict-like request.cookies)."""
        pairs = cookies.items() if hasattr(cookies, "items") else cookies
        return list(dict.fromkeys(value for name, value in pairs if name.startswith(COOKIE_PREFIX) and value))

    def _current(self, user_id: int) -> _Credentials:
        with self._lock:
            known = self._users.get(user_id)
        if known is not None and self.monotonic() - known.read_at < self.RECHECK_S:
            return known
        return self._read(user_id)

    def _read(self, user_id: int) -> _Credentials:
        """One primary-key read of the user; remembered for RECHECK_S."""
        with session_scope(self.engine) as session:
            user = session.get(UserRow, user_id)
            if user is None:
                current = _Credentials(None, -1, None, self.monotonic())
            else:
                live = None if user.disabled else Account(id=user.id, username=user.username, role=user.role)
                current = _Credentials(live, user.credential_version, user.created_at, self.monotonic())
        with self._lock:
            self._users[user_id] = current
        return current
