"""Login backoff: after repeated failures a username (or a client address) is locked for a while.

State lives in the `login_throttle` table, so restarting the studio does not hand an attacker
a fresh set of guesses. An attempt is counted *before* its password is checked, in one atomic
statement that also refuses it while the key is locked, so a burst of concurrent guesses stops
at the limit instead of all passing the check while the first ones hash; a successful login
clears the counters again. Lock time starts at `base` and doubles with every further failure,
up to `ceiling`. Counters idle for `forget_after` (a day) whose lock is over are forgotten, so
typos months apart never add up and guesses at made-up usernames do not pile up rows.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import case, delete, literal, or_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlalchemy.sql.dml import Insert
from sqlmodel import col

from studio.db import session_scope
from studio.errors import StudioError
from studio.records import LoginThrottleRow, UTCDateTime, utcnow

Clock = Callable[[], datetime]
ADDRESS = "addr:"


def user_key(name: str) -> str:
    return f"user:{name}"


def address_key(address: str) -> str:
    return f"{ADDRESS}{address[:200]}"


class LoginLocked(StudioError):
    """Refused without checking the password: the username (or the client address) is locked until `until`."""

    def __init__(self, until: datetime, now: datetime, *, by_address: bool) -> None:
        self.until = until
        self.by_address = by_address
        self.seconds = max(1, math.ceil((until - now).total_seconds()))
        """Whole seconds left, for a Retry-After header and the login page's message."""
        super().__init__(f"Too many failed logins; try again in {self.seconds} s.")


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

    def admit(self, *keys: str) -> None:
        """Count one attempt against every key before its password is checked, or refuse it (LoginLocked).

        All keys in one transaction: if one is locked, none is counted. The attempt stays counted as a
        failure unless `reset` clears it after a success, so a check cut short by a crash counts too.
        """
        now = self.clock()
        refused: str | None = None
        with session_scope(self.engine) as session:
            session.execute(
                delete(LoginThrottleRow).where(
                    col(LoginThrottleRow.updated_at) < now - self.forget_after,
                    or_(col(LoginThrottleRow.locked_until).is_(None), col(LoginThrottleRow.locked_until) < now),
                )
            )
            for key in keys:
                if session.execute(self._count(key, now)).first() is None:
                    refused = key
                    session.rollback()
                    break
        if refused is not None:
            until = self.locked_until(refused) or now + self.base
            raise LoginLocked(until, now, by_address=refused.startswith(ADDRESS))

    def reset(self, *keys: str) -> None:
        with session_scope(self.engine) as session:
            for key in keys:
                row = session.get(LoginThrottleRow, key)
                if row is not None:
                    session.delete(row)

    def _count(self, key: str, now: datetime) -> Insert:
        """INSERT ... ON CONFLICT DO UPDATE: one more failure, and the lock it earns, unless locked right now.

        The lock lengths are bound as values (base, 2 x base, ... up to the ceiling), chosen by how far
        the count is past the limit, so counting and locking are one statement the database serialises.
        """
        limit = self.address_max_failures if key.startswith(ADDRESS) else self.max_failures
        ends = self._lock_ends(now)
        table = LoginThrottleRow.__table__
        failures = table.c.failures + 1
        locks = [(failures == limit + over, literal(end, UTCDateTime())) for over, end in enumerate(ends[:-1])]
        lock = case((failures < limit, table.c.locked_until), *locks, else_=literal(ends[-1], UTCDateTime()))
        dialect = postgresql if self.engine.dialect.name == "postgresql" else sqlite
        first = ends[0] if limit <= 1 else None
        statement = dialect.insert(table).values(key=key, failures=1, locked_until=first, updated_at=now)
        return statement.on_conflict_do_update(
            index_elements=[table.c.key],
            set_={"failures": failures, "locked_until": lock, "updated_at": now},
            where=or_(table.c.locked_until.is_(None), table.c.locked_until <= now),
        ).returning(table.c.failures)

    def _lock_ends(self, now: datetime) -> list[datetime]:
        """When a lock earned now ends, for 0, 1, 2, ... failures past the limit; the last is the ceiling."""
        ends = []
        for over in range(21):
            length = self.base * (2**over)
            if length >= self.ceiling:
                break
            ends.append(now + length)
        return [*ends, now + self.ceiling]
