"""Accounts: password hashing, login checks, and the first admin.

Hashes go through passlib's API with argon2 (the `libpass` fork provides it).
`authenticate` never raises: any odd input ends in a plain refusal.
"""

from __future__ import annotations

import logging
import re
import secrets
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from passlib.context import CryptContext
from sqlalchemy.engine import Engine
from sqlmodel import select

from studio.db import session_scope
from studio.errors import InvalidInput, NotFound
from studio.records import User, utcnow

log = logging.getLogger(__name__)

_hasher = CryptContext(schemes=["argon2"], deprecated="auto")
_USERNAME = re.compile(r"^[\w.\-]{1,64}$")
MAX_PASSWORD_CHARS = 1024
MIN_PASSWORD_CHARS = 8
ADMIN = "admin"


def normalize_username(username: str) -> str:
    """NFKC + case-fold, so 'Alice' and 'ａｌｉｃｅ' are the same account."""
    return unicodedata.normalize("NFKC", username).casefold().strip()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


@dataclass(frozen=True)
class Account:
    id: int
    username: str
    role: str

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


class Accounts:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def create(self, username: str, password: str, role: str = "user") -> Account:
        name = normalize_username(username)
        if not _USERNAME.match(name):
            raise InvalidInput("Usernames are 1-64 letters, digits, '.', '_' or '-'.")
        if not MIN_PASSWORD_CHARS <= len(password) <= MAX_PASSWORD_CHARS:
            raise InvalidInput(f"Passwords need {MIN_PASSWORD_CHARS}-{MAX_PASSWORD_CHARS} characters.")
        if role not in ("admin", "user"):
            raise InvalidInput("The role must be 'admin' or 'user'.")
        with session_scope(self.engine) as session:
            if session.exec(select(User).where(User.username == name)).first():
                raise InvalidInput(f"The username '{name}' is taken.")
            user = User(username=name, password_hash=hash_password(password), role=role)
            session.add(user)
            session.flush()
            return Account(id=user.id, username=user.username, role=user.role)

    def set_password(self, username: str, password: str) -> None:
        if not MIN_PASSWORD_CHARS <= len(password) <= MAX_PASSWORD_CHARS:
            raise InvalidInput(f"Passwords need {MIN_PASSWORD_CHARS}-{MAX_PASSWORD_CHARS} characters.")
        with session_scope(self.engine) as session:
            user = session.exec(select(User).where(User.username == normalize_username(username))).first()
            if user is None:
                raise NotFound(f"No user named '{username}'.")
            user.password_hash = hash_password(password)

    def authenticate(self, username: str, password: str) -> bool:
        """The login check Gradio calls. Wrong, odd or hostile input is simply refused."""
        try:
            if not isinstance(username, str) or not isinstance(password, str):
                return False
            if len(username) > 256 or len(password) > MAX_PASSWORD_CHARS:
                return False
            with session_scope(self.engine) as session:
                user = session.exec(select(User).where(User.username == normalize_username(username))).first()
                if user is None or user.disabled:
                    _hasher.dummy_verify()
                    return False
                if not _hasher.verify(password, user.password_hash):
                    return False
                user.last_login_at = utcnow()
                return True
        except Exception:  # a corrupt hash or a database hiccup must not become a 500
            log.exception("login check failed for %r", username[:64] if isinstance(username, str) else "?")
            return False

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
