"""Per-user tokens for the REST API: `Authorization: Bearer <token>`.

A token is 32 random bytes (URL-safe text) behind a short `st_` marker. Only its
SHA-256 is stored (a fast hash is enough for a secret with 256 bits of entropy);
the plaintext is shown once, at creation. A token may expire after a number of days; it is
revoked when its user's password, role or enabled state changes (account.credentials_changed).
`authenticate` never raises.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from datetime import datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import col, select

from studio.accounts.account import Account
from studio.db import session_scope
from studio.errors import InvalidInput, NotFound
from studio.records import ApiTokenRow, RowView, UserRow, utcnow

log = logging.getLogger(__name__)

MARKER = "st_"
PREFIX_CHARS = 8
MAX_NAME_CHARS = 100
MAX_TOKEN_CHARS = 256
MAX_TOKEN_DAYS = 3650
LAST_USED_RESOLUTION_S = 60
"""last_used_at is written at most once a minute per token, so polling does not mean a write per request."""


def hash_token(plaintext: str) -> str:
    return hashlib.sha256(plaintext.encode("utf-8")).hexdigest()


class TokenView(RowView):
    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None
    expires_at: datetime | None

    @property
    def expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= utcnow()

    @property
    def active(self) -> bool:
        return self.revoked_at is None and not self.expired


def check_days(days: object) -> int | None:
    """A token's lifetime in whole days (1 to MAX_TOKEN_DAYS), or None for a token that does not expire."""
    if days is None or days == "":
        return None
    whole = isinstance(days, int) or (isinstance(days, float) and days.is_integer())
    if isinstance(days, bool) or not whole or not 1 <= days <= MAX_TOKEN_DAYS:
        raise InvalidInput(f"A token expires after 1-{MAX_TOKEN_DAYS} whole days, or leave it empty for never.")
    return int(days)


class ApiTokens:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def create(self, user_id: int, name: str, expires_in_days: int | None = None) -> tuple[str, TokenView]:
        """A new token for the user: (the plaintext, shown only now; its view). No expiry unless given."""
        label = " ".join(str(name or "").split())
        if not label:
            raise InvalidInput("Give the token a name, e.g. 'lab scripts'.")
        if len(label) > MAX_NAME_CHARS:
            raise InvalidInput(f"Token names are at most {MAX_NAME_CHARS} characters.")
        days = check_days(expires_in_days)
        plaintext = MARKER + secrets.token_urlsafe(32)
        now = utcnow()
        with session_scope(self.engine) as session:
            user = session.get(UserRow, user_id)
            if user is None or user.disabled:
                raise NotFound("Your account was not found or is disabled.")
            row = ApiTokenRow(
                user_id=user_id,
                name=label,
                token_hash=hash_token(plaintext),
                prefix=plaintext[:PREFIX_CHARS],
                created_at=now,
                expires_at=now + timedelta(days=days) if days else None,
            )
            session.add(row)
            session.flush()
            return plaintext, TokenView.of(row)

    def of_user(self, user_id: int) -> list[TokenView]:
        """The user's tokens, newest first, revoked ones included (marked)."""
        with session_scope(self.engine) as session:
            rows = session.exec(
                select(ApiTokenRow).where(ApiTokenRow.user_id == user_id).order_by(col(ApiTokenRow.id).desc())
            ).all()
            return [TokenView.of(r) for r in rows]

    def revoke(self, user_id: int, token_id: int) -> TokenView:
        """Revoke one of the user's tokens; anyone else's is 'not found'. Revoking twice is harmless."""
        with session_scope(self.engine) as session:
            row = session.get(ApiTokenRow, token_id)
            if row is None or row.user_id != user_id:
                raise NotFound("That token does not exist or is not yours.")
            if row.revoked_at is None:
                row.revoked_at = utcnow()
            return TokenView.of(row)

    def authenticate(self, plaintext: str | None) -> Account | None:
        """The account a token belongs to, or None: unknown, revoked, expired, malformed, or the user is disabled."""
        try:
            if not isinstance(plaintext, str) or not plaintext.startswith(MARKER) or len(plaintext) > MAX_TOKEN_CHARS:
                return None
            digest = hash_token(plaintext)
            with session_scope(self.engine) as session:
                row = session.exec(select(ApiTokenRow).where(ApiTokenRow.token_hash == digest)).first()
                if row is None or not hmac.compare_digest(row.token_hash, digest) or row.revoked_at is not None:
                    return None
                now = utcnow()
                if row.expires_at is not None and row.expires_at <= now:
                    return None
                user = session.get(UserRow, row.user_id)
                if user is None or user.disabled:
                    return None
                last = row.last_used_at
                if last is None or (now - last).total_seconds() >= LAST_USED_RESOLUTION_S:
                    row.last_used_at = now
                return Account(id=user.id, username=user.username, role=user.role)
        except Exception:  # a database hiccup must not become a 500 or a login
            log.exception("API token check failed")
            return None
