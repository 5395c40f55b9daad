"""Password hashing and rules: argon2 through passlib's API (the `libpass` fork provides it)."""

from __future__ import annotations

import logging

from passlib.context import CryptContext

from studio.config import MIN_PASSWORD_CHARS
from studio.errors import InvalidInput

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
