"""Accounts: password hashing, login checks, and the first admin.

Hashes go through passlib's API with argon2 (the `libpass` fork provides it).
`authenticate` never raises: any odd input ends in a plain refusal. Repeated failures lock
the username (and the client address, where known) for a while, in the database (login_throttle).
Admin actions (list, disable, delete, roles, quotas) live in account_admin.py, reached as
`accounts.admin`.
"""

from __future__ import annotations

import logging
import re
import secrets
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

import anyio.to_thread
from passlib.context import CryptContext
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from studio.db import session_scope
from studio.errors import InvalidInput, NotFound
from studio.login_throttle import Clock, Throttle, address_key, user_key
from studio.records import Job, User, utcnow

if TYPE_CHECKING:
    from studio.account_admin import AccountAdmin

log = logging.getLogger(__name__)

_hasher = CryptContext(schemes=["argon2"], deprecated="auto")
_USERNAME = re.compile(r"^[\w.\-]{1,64}$")
MAX_PASSWORD_CHARS = 1024
MIN_PASSWORD_CHARS = 8
ADMIN = "admin"
RENDER_KINDS = ("render_scene", "pipeline")
"""Job kinds that count against a user's daily render quota."""


def normalize_username(username: str) -> str:
    """NFKC + case-fold, so 'Alice' and 'ａｌｉｃｅ' are the same account."""
    return unicodedata.normalize("NFKC", username).casefold().strip()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_password_rules(password: str) -> None:
    if not isinstance(password, str) or not MIN_PASSWORD_CHARS <= len(password) <= MAX_PASSWORD_CHARS:
        raise InvalidInput(f"Passwords need {MIN_PASSWORD_CHARS}-{MAX_PASSWORD_CHARS} characters.")


def find_user(session: Session, username: str) -> User:
    user = session.exec(select(User).where(User.username == normalize_username(username))).first()
    if user is None:
        raise NotFound(f"No user named '{username}'.")
    return user


def start_of_day(moment: datetime) -> datetime:
    """Midnight UTC of `moment`'s day: quotas reset then."""
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)


def renders_since(session: Session, since: datetime, owner_id: int | None = None) -> dict[int, int]:
    """Render jobs created since `since`, counted per owner."""
    query = select(Job.owner_id, func.count()).where(col(Job.kind).in_(RENDER_KINDS), Job.created_at >= since)
    if owner_id is not None:
        query = query.where(Job.owner_id == owner_id)
    return dict(session.exec(query.group_by(Job.owner_id)).all())


@dataclass(frozen=True)
class Account:
    id: int
    username: str
    role: str

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


class Accounts:
    def __init__(self, engine: Engine, clock: Clock = utcnow, throttle: Throttle | None = None) -> None:
        self.engine = engine
        self.clock = clock
        self.throttle = throttle or Throttle(engine, clock)

    @property
    def admin(self) -> AccountAdmin:
        """The admin actions (list, disable, delete, roles, quotas, unlock)."""
        from studio.account_admin import AccountAdmin

        return AccountAdmin(self)

    def create(self, username: str, password: str, role: str = "user", *, acting: Account | None = None) -> Account:
        name = normalize_username(username)
        if not _USERNAME.match(name):
            raise InvalidInput("Usernames are 1-64 letters, digits, '.', '_' or '-'.")
        check_password_rules(password)
        if role not in ("admin", "user"):
            raise InvalidInput("The role must be 'admin' or 'user'.")
        with session_scope(self.engine) as session:
            if session.exec(select(User).where(User.username == name)).first():
                raise InvalidInput(f"The username '{name}' is taken.")
            actor = acting.id if acting else None
            user = User(
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
            user = session.get(User, account.id)
            if user is None or user.disabled:
                raise NotFound("Your account was not found or is disabled; please log in again.")
            if not _verify(old, user.password_hash):
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
                user = session.exec(select(User).where(User.username == name)).first()
                if len(password) > MAX_PASSWORD_CHARS or user is None or user.disabled:
                    _hasher.dummy_verify()
                    ok = False
                else:
                    ok = _verify(password, user.password_hash)
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
            return renders_since(session, start_of_day(self.clock()), account_id).get(account_id, 0)

    def check_quota(self, account_id: int, jobs_to_add: int) -> None:
        """Refuse (InvalidInput) when queuing `jobs_to_add` renders would pass the user's daily quota."""
        with session_scope(self.engine) as session:
            user = session.get(User, account_id)
            if user is None or user.daily_render_quota is None or jobs_to_add <= 0:
                return
            used = renders_since(session, start_of_day(self.clock()), account_id).get(account_id, 0)
            quota = user.daily_render_quota
        if used + jobs_to_add > quota:
            left = max(0, quota - used)
            raise InvalidInput(
                f"You have used {used} of your {quota} renders today, so {jobs_to_add} more would pass the "
                f"limit ({left} left). The count resets at midnight UTC; an admin can raise your quota."
            )

    def get(self, username: str) -> Account:
        with session_scope(self.engine) as session:
            user = session.exec(select(User).where(User.username == normalize_username(username))).first()
            if user is None or user.disabled:
                raise NotFound("Your account was not found or is disabled; please log in again.")
            return Account(id=user.id, username=user.username, role=user.role)

    def usernames(self) -> dict[int, str]:
        """Every account's id and name, for views that list several users' work (admins only)."""
        with session_scope(self.engine) as session:
            return dict(session.exec(select(User.id, User.username)).all())

    def count(self) -> int:
        with session_scope(self.engine) as session:
            return len(session.exec(select(User.id)).all())

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


def _verify(password: str, stored: str) -> bool:
    """Check a password; a corrupt stored hash or an unencodable password is a plain no."""
    try:
        return bool(_hasher.verify(password, stored))
    except (ValueError, TypeError, UnicodeError):
        log.warning("a stored password hash could not be checked (corrupt?)")
        return False
