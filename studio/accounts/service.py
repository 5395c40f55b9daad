"""Accounts: creating users, login checks, changing passwords, quotas, and the first admin.

`authenticate` never raises: any odd input ends in a plain refusal. Repeated failures lock
the username (and the client address, where known) for a while, in the database (throttle.py).
What admins do to accounts is the AccountAdmin service (admin.py).
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Collection

import anyio.to_thread
from sqlalchemy.engine import Engine
from sqlmodel import select

from studio.accounts.account import ADMIN, Account, check_role, check_username, find_user, normalize_username
from studio.accounts.passwords import (
    MAX_PASSWORD_CHARS,
    check_password_rules,
    hash_password,
    spend_verify_time,
    verify_password,
)
from studio.accounts.quota import renders_since, start_of_day
from studio.accounts.throttle import Clock, Throttle, address_key, user_key
from studio.db import session_scope
from studio.errors import InvalidInput, NotFound
from studio.records import UserRow, utcnow

log = logging.getLogger(__name__)


class Accounts:
    def __init__(
        self,
        engine: Engine,
        clock: Clock = utcnow,
        throttle: Throttle | None = None,
        *,
        render_kinds: Collection[str] = (),
    ) -> None:
        self.engine = engine
        self.clock = clock
        self.throttle = throttle or Throttle(engine, clock)
        self.render_kinds = tuple(render_kinds)
        """The job kinds that count against a daily render quota (the studio's jobs say which)."""

    def create(self, username: str, password: str, role: str = "user", *, acting: Account | None = None) -> Account:
        name = check_username(username)
        check_password_rules(password)
        check_role(role)
        with session_scope(self.engine) as session:
            if session.exec(select(UserRow).where(UserRow.username == name)).first():
                raise InvalidInput(f"The username '{name}' is taken.")
            actor = acting.id if acting else None
            user = UserRow(
                username=name,
                password_hash=hash_password(password),
                role=role,
                created_by=actor,
                modified_by=actor,
                modified_at=self.clock(),
            )
            session.add(user)
            session.flush()
            return Account(id=user.id, username=user.username, role=user.role)

    def set_password(self, username: str, password: str, *, acting: Account | None = None) -> None:
        """Set a password without the old one (the CLI and admins; see also change_own_password)."""
        check_password_rules(password)
        with session_scope(self.engine) as session:
            user = find_user(session, username)
            user.password_hash = hash_password(password)
            user.modified_by = acting.id if acting else None
            user.modified_at = self.clock()

    def change_own_password(self, account: Account, old: str, new: str) -> None:
        """A user changing their own password: the old one must be right (and counts as a login try)."""
        check_password_rules(new)
        key = user_key(account.username)
        if self.throttle.locked_until(key):
            raise InvalidInput("Too many wrong passwords; try again in a few minutes.")
        with session_scope(self.engine) as session:
            user = session.get(UserRow, account.id)
            if user is None or user.disabled:
                raise NotFound("Your account was not found or is disabled; please log in again.")
            if not verify_password(old, user.password_hash):
                self.throttle.failure(key)
                raise InvalidInput("The current password is wrong; the password was not changed.")
            user.password_hash = hash_password(new)
            user.modified_by = account.id
            user.modified_at = self.clock()

    def authenticate(self, username: str, password: str, address: str | None = None) -> bool:
        """The login check. Wrong, odd or hostile input is simply refused; it never raises.

        A locked username or address is refused without hashing (cheap, and the right password
        does not help while locked). `address` is the client's IP where the caller knows it.
        """
        try:
            if not isinstance(username, str) or not isinstance(password, str):
                return False
            if len(username) > 256:
                return False
            name = normalize_username(username)
            keys = [user_key(name)] + ([address_key(address)] if isinstance(address, str) and address else [])
            if self.throttle.locked_until(*keys):
                return False
            with session_scope(self.engine) as session:
                user = session.exec(select(UserRow).where(UserRow.username == name)).first()
                if len(password) > MAX_PASSWORD_CHARS or user is None or user.disabled:
                    spend_verify_time()
                    ok = False
                else:
                    ok = verify_password(password, user.password_hash)
                if ok:
                    user.last_login_at = self.clock()
            if ok:
                self.throttle.reset(*keys)
            else:
                self.throttle.failure(*keys)
            return ok
        except Exception:  # a database hiccup must not become a 500
            log.exception("login check failed for %r", username[:64] if isinstance(username, str) else "?")
            return False

    async def authenticate_async(self, username: str, password: str, address: str | None = None) -> bool:
        """`authenticate` in a worker thread: Gradio awaits a coroutine auth inline, and argon2 takes
        ~50 ms of CPU that must not stall every other user's event loop."""
        return await anyio.to_thread.run_sync(self.authenticate, username, password, address)

    def renders_today(self, account_id: int) -> int:
        with session_scope(self.engine) as session:
            return renders_since(session, start_of_day(self.clock()), self.render_kinds, account_id).get(account_id, 0)

    def check_quota(self, account_id: int, jobs_to_add: int) -> None:
        """Refuse (InvalidInput) when queuing `jobs_to_add` renders would pass the user's daily quota."""
        with session_scope(self.engine) as session:
            user = session.get(UserRow, account_id)
            if user is None or user.daily_render_quota is None or jobs_to_add <= 0:
                return
            used = renders_since(session, start_of_day(self.clock()), self.render_kinds, account_id).get(account_id, 0)
            quota = user.daily_render_quota
        if used + jobs_to_add > quota:
            left = max(0, quota - used)
            raise InvalidInput(
                f"You have used {used} of your {quota} renders today, so {jobs_to_add} more would pass the "
                f"limit ({left} left). The count resets at midnight UTC; an admin can raise your quota."
            )

    def get(self, username: str) -> Account:
        with session_scope(self.engine) as session:
            user = session.exec(select(UserRow).where(UserRow.username == normalize_username(username))).first()
            if user is None or user.disabled:
                raise NotFound("Your account was not found or is disabled; please log in again.")
            return Account(id=user.id, username=user.username, role=user.role)

    def usernames(self) -> dict[int, str]:
        """Every account's id and name, for views that list several users' work (admins only)."""
        with session_scope(self.engine) as session:
            return dict(session.exec(select(UserRow.id, UserRow.username)).all())

    def count(self) -> int:
        with session_scope(self.engine) as session:
            return len(session.exec(select(UserRow.id)).all())

    def ensure_admin(self, password: str | None, announce: Callable[[str], None] = print) -> Account | None:
        """On first start (no users), create `admin`; a generated password is announced once."""
        if self.count():
            return None
        generated = not password
        secret = password or secrets.token_urlsafe(12)
        account = self.create(ADMIN, secret, role="admin")
        if generated:
            announce(
                f"Created the first account: username '{ADMIN}', password '{secret}'. "
                "It is shown only this once; set STUDIO_ADMIN_PASSWORD to choose it yourself."
            )
        else:
            announce(f"Created the first account '{ADMIN}' with the password from STUDIO_ADMIN_PASSWORD.")
        return account
