"""Accounts: creating users, login checks, changing passwords, quotas, and the first admin.

A login (`sign_in`) is counted against the username, and the client address unless it is this
machine, before its password is checked; repeated failures lock them for a while, in the
database (throttle.py). Logins from the network run in a small bounded pool (`sign_in_async`,
passwords.CheckPool). Changing a password ends the user's sessions (sessions.py) and API tokens.
What admins do to accounts is the AccountAdmin service (admin.py).
"""

from __future__ import annotations

import ipaddress
import logging
import secrets
import threading
from collections.abc import Callable, Collection

from sqlalchemy.engine import Engine
from sqlmodel import select

from studio.accounts.account import (
    ADMIN,
    Account,
    check_role,
    check_username,
    credentials_changed,
    find_user,
    normalize_username,
)
from studio.accounts.passwords import (
    MAX_PASSWORD_CHARS,
    CheckPool,
    LoginBusy,
    check_password_rules,
    hash_password,
    spend_verify_time,
    verify_password,
)
from studio.accounts.quota import renders_since, start_of_day
from studio.accounts.sessions import Sessions
from studio.accounts.throttle import Clock, LoginLocked, Throttle, address_key, user_key
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
        self.sessions = Sessions(engine)
        self.checks = CheckPool()
        self.password_checks = 0
        """Passwords hashed by login checks so far (real and stand-in ones): what a flood of guesses cost."""
        self._counting = threading.Lock()

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
            credentials_changed(session, user, user.modified_at)
            user_id = user.id
        self.sessions.refresh(user_id)

    def change_own_password(self, account: Account, old: str, new: str) -> None:
        """A user changing their own password: the old one must be right (and counts as a login try).

        Every session and API token of the user ends; the UI keeps the browser that asked (Sessions.renew).
        """
        check_password_rules(new)
        key = user_key(account.username)
        try:
            self.throttle.admit(key)
        except LoginLocked:
            raise InvalidInput("Too many wrong passwords; try again in a few minutes.") from None
        with session_scope(self.engine) as session:
            user = session.get(UserRow, account.id)
            if user is None or user.disabled:
                raise NotFound("Your account was not found or is disabled; please log in again.")
            if not verify_password(old, user.password_hash):
                raise InvalidInput("The current password is wrong; the password was not changed.")
            user.password_hash = hash_password(new)
            user.modified_by = account.id
            user.modified_at = self.clock()
            credentials_changed(session, user, user.modified_at)
        self.throttle.reset(key)
        self.sessions.refresh(account.id)

    def sign_in(self, username: str, password: str, address: str | None = None) -> Account | None:
        """The account whose password this is, or None. Wrong, odd or hostile input is a plain None.

        The attempt is counted before the password is checked (throttle.admit), so a locked username or
        address raises LoginLocked unhashed, even with the right password. `address` is the client's IP
        where the caller knows it; this machine's own addresses are not counted (see `counts_address`).
        """
        if not isinstance(username, str) or not isinstance(password, str) or len(username) > 256:
            return None
        name = username[:64]
        try:
            name = normalize_username(username)
            keys = [user_key(name)] + ([address_key(address)] if counts_address(address) else [])
            self.throttle.admit(*keys)
            with session_scope(self.engine) as session:
                user = session.exec(select(UserRow).where(UserRow.username == name)).first()
                found = None if user is None or user.disabled else (user.id, user.username, user.role)
                stored = user.password_hash if found is not None else ""
            if not self._verify(password, stored) or found is None:
                return None
            with session_scope(self.engine) as session:
                row = session.get(UserRow, found[0])
                if row is None or row.disabled:
                    return None
                row.last_login_at = self.clock()
            self.throttle.reset(*keys)
            return Account(*found)
        except LoginLocked:
            raise
        except Exception:  # a database hiccup must not become a 500
            log.exception("login check failed for %r", name[:64])
            return None

    def authenticate(self, username: str, password: str, address: str | None = None) -> bool:
        """`sign_in` as a yes or no: a lock is a no too. Never raises."""
        try:
            return self.sign_in(username, password, address) is not None
        except LoginLocked:
            return False

    async def sign_in_async(self, username: str, password: str, address: str | None = None) -> Account | None:
        """`sign_in` in the login pool: Gradio awaits its login check inline, and argon2's ~0.2 s of CPU and
        64 MiB must neither stall the event loop nor multiply with a flood (LoginBusy when the pool is full)."""
        return await self.checks.run(self.sign_in, username, password, address)

    async def authenticate_async(self, username: str, password: str, address: str | None = None) -> bool:
        try:
            return await self.sign_in_async(username, password, address) is not None
        except (LoginLocked, LoginBusy):
            return False

    def _verify(self, password: str, stored: str) -> bool:
        """Check the password against `stored`, or spend as long on a stand-in when there is none (so a refusal
        does not tell whether the username exists)."""
        with self._counting:
            self.password_checks += 1
        if not stored or len(password) > MAX_PASSWORD_CHARS:
            spend_verify_time()
            return False
        return verify_password(password, stored)

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


def counts_address(address: str | None) -> bool:
    """Whether failed logins from `address` count against it: not for this machine's own addresses.

    Every local user, and everyone who reaches the studio through an SSH tunnel, logs in from
    127.0.0.1 or ::1; a lock on that address would lock all of them out at once. Their usernames
    still lock. Behind a reverse proxy on this machine, set STUDIO_TRUSTED_PROXIES so the client's
    own address is the one counted.
    """
    if not isinstance(address, str) or not address:
        return False
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return True
    mapped = getattr(ip, "ipv4_mapped", None)
    return not (ip.is_loopback or (mapped is not None and mapped.is_loopback))
