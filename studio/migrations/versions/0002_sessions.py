"""Sessions tied to credentials: users get a credential version, API tokens an optional expiry.

A session (studio.accounts.sessions) remembers the credential version it was opened with and
ends when the user's version moves on (password, role, enabled state); existing users start at 0.

Revision ID: 0002_sessions
Revises: 0001
Create Date: 2026-12-10
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_sessions"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("user") as batch:
        batch.add_column(sa.Column("credential_version", sa.Integer(), server_default="0", nullable=False))
    with op.batch_alter_table("api_token") as batch:
        batch.add_column(sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("api_token") as batch:
        batch.drop_column("expires_at")
    with op.batch_alter_table("user") as batch:
        batch.drop_column("credential_version")
