"""Password hashing and rules: argon2 through passlib's API (the `libpass` fork provides it), and the small
pool that login checks run in.

passlib's argon2 defaults stay (64 MiB and 3 passes per check): the memory is what makes guessing
expensive on a GPU, and the pool, not a weaker hash, is what bounds what a flood of logins costs.
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from passlib.context import CryptContext

from studio.config import MIN_PASSWORD_CHARS
from studio.errors import InvalidInput, StudioError

T = TypeVar("T")

log = logging.getLogger(__name__)

_hasher = CryptContext(schemes=["argon2"], deprecated="auto")
MAX_PASSWORD_CHARS = 1024


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_password_rules(password: str) -> None:
    if not isinstance(password, str) or not MIN_PASSWORD_CHARS <= len(password) <= MAX_PASSWORD_CHARS:
        raise InvalidInput(f"Passwords need {MIN_PASSWORD_CHARS}-{MAX_PASSWORD_CHARS} characters.")


def verify_password(password: str, stored: str) -> bool:
    """Check a password; a corrupt stored hash or an unencodable password is a plain no."""
    try:
        return bool(_hasher.verify(password, stored))
    except (ValueError, TypeError, UnicodeError):
        log.warning("a stored password hash could not be checked (corrupt?)")
        return False


def spend_verify_time() -> None:
    """Take as long as a real check, so a refusal does not tell whether the username exists."""
    _hasher.dummy_verify()


class LoginBusy(StudioError):
    """Refused at once, unchecked: more logins are waiting than the password pool queues."""

    def __init__(self) -> None:
        super().__init__("Too many logins at once; try again in a moment.")


class CheckPool:
    """Where login checks run: `workers` threads (argon2 holds 64 MiB while it hashes) and `backlog` more waiting.

    A check beyond that is refused at once (LoginBusy) instead of queued, so a flood of logins costs
    refusals, not memory, and never takes the threads the rest of the studio serves requests with.
    The workers run at a lower CPU priority (nice +10; argon2's own lane threads inherit it), so on a
    small machine a flood of hashing cannot starve the event loop and every other user's requests.
    """

    def __init__(self, workers: int = 2, backlog: int = 16) -> None:
        self.workers = workers
        self.backlog = backlog
        self._slots = threading.BoundedSemaphore(workers + backlog)
        self._executor: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()

    async def run(self, check: Callable[..., T], *args: object) -> T:
        """`check(*args)` on a pool thread, awaited; LoginBusy when the pool and its backlog are full."""
        if not self._slots.acquire(blocking=False):
            raise LoginBusy()
        try:
            future = self._pool().submit(check, *args)
        except BaseException:
            self._slots.release()
            raise
        future.add_done_callback(lambda _done: self._slots.release())
        return await asyncio.wrap_future(future)

    def _pool(self) -> ThreadPoolExecutor:
        with self._lock:  # threads start with the first login, not with every Accounts a test builds
            if self._executor is None:
                self._executor = ThreadPoolExecutor(
                    self.workers, thread_name_prefix="password-check", initializer=_lower_priority
                )
            return self._executor


def _lower_priority() -> None:
    """Make the calling thread yield the CPU to the rest of the process (Linux sets nice per thread)."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), LOGIN_NICENESS)
    except (AttributeError, OSError):  # not Linux: the pool still bounds the work, only not its priority
        log.debug("password checks run at normal priority here")


LOGIN_NICENESS = 10
