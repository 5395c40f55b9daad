"""Login backoff: after repeated failures a username (or a client address) is locked for a while.

State lives in the `login_throttle` table, so restarting the studio does not hand an attacker
a fresh set of guesses. Lock time starts at `base` and doubles with every further failure, up
to `ceiling`; a successful login clears the counters. Counters idle for `forget_after` (a day)
whose lock is over are forgotten, so typos months apart never add up and guesses at made-up
usernames do not pile up rows.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import delete, or_
from sqlalchemy.engine import Engine
from sqlmodel import col

from studio.db import session_scope
from studio.records import LoginThrottleRow, utcnow

Clock = Callable[[], datetime]


def user_key(name: str) -> str:
    return f"user:{name}"


def address_key(address: str) -> str:
    return f"addr:{address[:200]}"


class Throttle:
    """Usernames lock after `max_failures`; an address (a whole lab behind one NAT) only after more."""

    def __init__(
        self,
        engine: Engine,
        clock: Clock = utcnow,
        *,
        max_failures: int = 5,
        address_max_failures: int = 20,
        base: timedelta = timedelta(seconds=60),
        ceiling: timedelta = timedelta(minutes=15),
        forget_after: timedelta = timedelta(days=1),
    ) -> None:
        self.engine = engine
        self.clock = clock
        self.max_failures = max_failures
        self.address_max_failures = address_max_failures
        self.base = base
        self.ceiling = ceiling
        self.forget_after = forget_after

    def locked_until(self, *keys: str) -> datetime | None:
        """The latest lock still in force among `keys`, or None when none is locked."""
        now = self.clock()
        with session_scope(self.engine) as session:
            ends = [row.locked_until for key in keys if (row := session.get(LoginThrottleRow, key))]
        live = [end for end in ends if end is not None and end > now]
        return max(live) if live else None

    def failure(self, *keys: str) -> None:
        """Count one failure against every key, locking those that reached the limit."""
        now = self.clock()
        with session_scope(self.engine) as session:
            session.execute(
                delete(LoginThrottleRow).where(
                    col(LoginThrottleRow.updated_at) < now - self.forget_after,
                    or_(col(LoginThrottleRow.locked_until).is_(None), col(LoginThrottleRow.locked_until) < now),
                )
            )
            for key in keys:
                row = session.get(LoginThrottleRow, key) or LoginThrottleRow(key=key)
                row.failures += 1
                row.updated_at = now
                limit = self.address_max_failures if key.startswith("addr:") else self.max_failures
                over = row.failures - limit
                if over >= 0:
                    row.locked_until = now + min(self.base * (2 ** min(over, 20)), self.ceiling)
                session.add(row)

    def reset(self, *keys: str) -> None:
        with session_scope(self.engine) as session:
            for key in keys:
                row = session.get(LoginThrottleRow, key)
                if row is not None:
                    session.delete(row)
