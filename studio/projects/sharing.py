"""Read-only sharing of a project with named users (mixed into Projects)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlmodel import Session, col, select

from studio.accounts import normalize_username
from studio.db import session_scope
from studio.errors import InvalidInput
from studio.projects.access import owned_project, readable_project, summary_of
from studio.projects.views import ProjectView, SharedSummary
from studio.records import ProjectRow, ProjectShareRow, UserRow

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine


class SharingMixin:
    """Needs `self.engine` and `self._view(session, project)` from Projects."""

    engine: Engine

    # -- read-only sharing ------------------------------------------------------------------

    def share(self, owner_id: int, project_id: int, username: str) -> list[str]:
        """Let another active user view this project (never edit it); returns who it is shared with."""
        name = normalize_username(username or "")
        if not name:
            raise InvalidInput("Type the username to share this project with.")
        with session_scope(self.engine) as session:
            project = owned_project(session, owner_id, project_id)
            user = session.exec(select(UserRow).where(UserRow.username == name)).first()
            if user is None or user.disabled:
                raise InvalidInput(f"There is no active user named {name!r}.")
            if user.id == owner_id:
                raise InvalidInput("This project is yours already: share it with someone else.")
            existing = session.exec(
                select(ProjectShareRow).where(
                    ProjectShareRow.project_id == project.id, ProjectShareRow.user_id == user.id
                )
            ).first()
            if existing is None:
                session.add(ProjectShareRow(project_id=project.id, user_id=user.id, created_by=owner_id))
                session.flush()
            return _share_names(session, project.id)

    def unshare(self, owner_id: int, project_id: int, username: str) -> list[str]:
        """Stop sharing this project with a user; returns who it is still shared with."""
        name = normalize_username(username or "")
        with session_scope(self.engine) as session:
            project = owned_project(session, owner_id, project_id)
            share = session.exec(
                select(ProjectShareRow)
                .join(UserRow, col(UserRow.id) == col(ProjectShareRow.user_id))
                .where(ProjectShareRow.project_id == project.id, UserRow.username == name)
            ).first()
            if share is None:
                raise InvalidInput(f"This project is not shared with {name!r}.")
            session.delete(share)
            session.flush()
            return _share_names(session, project.id)

    def shared_with(self, owner_id: int, project_id: int) -> list[str]:
        with session_scope(self.engine) as session:
            return _share_names(session, owned_project(session, owner_id, project_id).id)

    def shared_with_me(self, user_id: int) -> list[SharedSummary]:
        """Projects other users shared with this one, newest change first."""
        with session_scope(self.engine) as session:
            rows = session.exec(
                select(ProjectRow, UserRow.username)
                .join(ProjectShareRow, col(ProjectShareRow.project_id) == col(ProjectRow.id))
                .join(UserRow, col(UserRow.id) == col(ProjectRow.owner_id))
                .where(ProjectShareRow.user_id == user_id)
                .order_by(col(ProjectRow.updated_at).desc())
            ).all()
            return [SharedSummary(summary=summary_of(session, project), owner=owner) for project, owner in rows]

    def get_shared(self, user_id: int, project_id: int) -> ProjectView:
        """Read a project its owner or a user it is shared with may see; NotFound for anyone else."""
        with session_scope(self.engine) as session:
            return self._view(session, readable_project(session, user_id, project_id))


def _share_names(session: Session, project_id: int) -> list[str]:
    query = (
        select(UserRow.username)
        .join(ProjectShareRow, col(ProjectShareRow.user_id) == col(UserRow.id))
        .where(ProjectShareRow.project_id == project_id)
        .order_by(UserRow.username)
    )
    return list(session.exec(query).all())
