"""What an admin does to accounts: list, disable, delete, change role, reset a password, set a quota, unlock.

Every action takes the acting account first; it must be an enabled admin (checked against the
database, not the caller's copy), and is recorded in the user's modified_by/modified_at. The
studio always keeps at least one enabled admin, and an admin cannot delete, disable or demote
themselves. Deleting, disabling, enabling, a new role and a password reset end every session and
API token of the user (account.credentials_changed).
"""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

from sqlmodel import Session, col, select

from studio.accounts.account import Account, check_role, credentials_changed, find_user, normalize_username
from studio.accounts.quota import renders_since, start_of_day
from studio.accounts.service import Accounts
from studio.accounts.throttle import user_key
from studio.db import session_scope
from studio.errors import InvalidInput
from studio.files import user_folder
from studio.records import LoginThrottleRow, RowView, UserRow

MAX_DAILY_QUOTA = 100_000


class UserView(RowView):
    id: int
    username: str
    role: str
    disabled: bool
    created_at: datetime
    last_login_at: datetime | None
    daily_render_quota: int | None
    """None means unlimited."""
    renders_today: int = 0
    locked_until: datetime | None = None
    """Set while repeated failed logins keep the account locked."""
    created_by: int | None
    modified_by: int | None
    modified_at: datetime | None


def require_admin(session: Session, acting: Account) -> UserRow:
    user = session.get(UserRow, acting.id)
    if user is None or user.disabled or user.role != "admin":
        raise InvalidInput("Only an admin can manage accounts.")
    return user


def _other_enabled_admins(session: Session, user: UserRow) -> int:
    query = select(UserRow.id).where(UserRow.role == "admin", UserRow.disabled == False, UserRow.id != user.id)  # noqa: E712
    return len(session.exec(query).all())


class AccountAdmin:
    def __init__(self, accounts: Accounts, *, projects_dir: Path | None = None) -> None:
        self.accounts = accounts
        self.engine = accounts.engine
        self.projects_dir = projects_dir
        """Where users' projects keep their files (None: nothing on disk to remove, as in some tests)."""

    def list_users(self, acting: Account) -> list[UserView]:
        now = self.accounts.clock()
        with session_scope(self.engine) as session:
            require_admin(session, acting)
            users = session.exec(select(UserRow).order_by(UserRow.username)).all()
            renders = renders_since(session, start_of_day(now), self.accounts.render_kinds)
            locks = session.exec(select(LoginThrottleRow).where(col(LoginThrottleRow.locked_until) > now)).all()
        locked = {row.key: row.locked_until for row in locks}
        return [
            UserView.of(user, renders_today=renders.get(user.id, 0), locked_until=locked.get(user_key(user.username)))
            for user in users
        ]

    def create_user(self, acting: Account, username: str, password: str, role: str = "user") -> Account:
        with session_scope(self.engine) as session:
            require_admin(session, acting)
        return self.accounts.create(username, password, role, acting=acting)

    def set_disabled(self, acting: Account, username: str, disabled: bool) -> None:
        with session_scope(self.engine) as session:
            require_admin(session, acting)
            user = find_user(session, username)
            if disabled and user.id == acting.id:
                raise InvalidInput("You cannot disable your own account.")
            if disabled and user.role == "admin" and not _other_enabled_admins(session, user):
                raise InvalidInput("That is the last enabled admin; make another admin first.")
            if user.disabled != bool(disabled):
                user.disabled = bool(disabled)
                self._touch(user, acting, credentials=session)
        self.accounts.sessions.refresh(user.id)

    def set_role(self, acting: Account, username: str, role: str) -> None:
        check_role(role)
        with session_scope(self.engine) as session:
            require_admin(session, acting)
            user = find_user(session, username)
            if role != "admin" and user.role == "admin":
                if user.id == acting.id:
                    raise InvalidInput("You cannot remove your own admin role; ask another admin.")
                if not user.disabled and not _other_enabled_admins(session, user):
                    raise InvalidInput("That is the last enabled admin; make another admin first.")
            if user.role != role:
                user.role = role
                self._touch(user, acting, credentials=session)
        self.accounts.sessions.refresh(user.id)

    def reset_password(self, acting: Account, username: str, new_password: str) -> None:
        """Set someone's password without the old one, and lift any login lock on them."""
        with session_scope(self.engine) as session:
            require_admin(session, acting)
            name = find_user(session, username).username
        self.accounts.set_password(name, new_password, acting=acting)
        self.accounts.throttle.reset(user_key(name))

    def set_quota(self, acting: Account, username: str, daily_renders: int | None) -> None:
        """Renders per UTC day for this user; None for unlimited."""
        whole = isinstance(daily_renders, int) and not isinstance(daily_renders, bool)
        if daily_renders is not None and not (whole and 0 <= daily_renders <= MAX_DAILY_QUOTA):
            raise InvalidInput(f"A daily render quota is a whole number 0-{MAX_DAILY_QUOTA}, or empty for unlimited.")
        with session_scope(self.engine) as session:
            require_admin(session, acting)
            user = find_user(session, username)
            user.daily_render_quota = daily_renders
            self._touch(user, acting)

    def unlock(self, acting: Account, username: str) -> None:
        """Lift a lock from repeated failed logins (address locks expire on their own)."""
        with session_scope(self.engine) as session:
            require_admin(session, acting)
            name = find_user(session, username).username
        self.accounts.throttle.reset(user_key(name))

    def delete_user(self, acting: Account, username: str) -> int:
        """Delete an account with its projects, takes and jobs (database rows cascade), then their files.

        Returns the deleted user's id.
        """
        with session_scope(self.engine) as session:
            require_admin(session, acting)
            user = find_user(session, username)
            if user.id == acting.id:
                raise InvalidInput("You cannot delete your own account.")
            if user.role == "admin" and not _other_enabled_admins(session, user):
                raise InvalidInput("That is the last admin; make another admin first.")
            user_id = user.id
            session.delete(user)
        self.accounts.sessions.end_user(user_id)
        self.accounts.throttle.reset(user_key(normalize_username(username)))
        if self.projects_dir is not None:
            shutil.rmtree(user_folder(self.projects_dir, user_id), ignore_errors=True)
        return user_id

    def _touch(self, user: UserRow, acting: Account, *, credentials: Session | None = None) -> None:
        """Record who changed the user; with `credentials` (the change's session) their sessions and tokens end."""
        user.modified_by = acting.id
        user.modified_at = self.accounts.clock()
        if credentials is not None:
            credentials_changed(credentials, user, user.modified_at)
