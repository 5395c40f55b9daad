"""Who a user is to the rest of the studio: an id, a normalised name and a role."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col, select

from studio.errors import InvalidInput, NotFound
from studio.records import ApiTokenRow, UserRow

ADMIN = "admin"
ROLES = ("admin", "user")
_USERNAME = re.compile(r"^[\w.\-]{1,64}$")


@dataclass(frozen=True)
class Account:
    id: int
    username: str
    role: str

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


def normalize_username(username: str) -> str:
    """NFKC + case-fold, so 'Alice' and 'ａｌｉｃｅ' are the same account."""
    return unicodedata.normalize("NFKC", username).casefold().strip()


def check_username(username: str) -> str:
    """The normalised username, or a refusal saying what a username may hold."""
    name = normalize_username(username)
    if not _USERNAME.match(name):
        raise InvalidInput("Usernames are 1-64 letters, digits, '.', '_' or '-'.")
    return name


def check_role(role: str) -> str:
    if role not in ROLES:
        raise InvalidInput("The role must be 'admin' or 'user'.")
    return role


def find_user(session: Session, username: str) -> UserRow:
    user = session.exec(select(UserRow).where(UserRow.username == normalize_username(username))).first()
    if user is None:
        raise NotFound(f"No user named '{username}'.")
    return user


def credentials_changed(session: Session, user: UserRow, now: datetime) -> None:
    """The user's password, role or enabled state changed: what was granted before ends.

    Sessions remember the credential version they were opened with (sessions.py), so moving it on
    ends all of them; API tokens are revoked. Call inside the transaction that makes the change.
    """
    user.credential_version = (user.credential_version or 0) + 1
    session.execute(
        update(ApiTokenRow)
        .where(col(ApiTokenRow.user_id) == user.id, col(ApiTokenRow.revoked_at).is_(None))
        .values(revoked_at=now)
    )
