"""Baseline: the schema as of commit bd57707, the last studio before Alembic.

It also adopts a database made by an earlier studio (its tables present, no alembic_version
table): the tables it lacks are created, and the columns added to records.py since the first
studio (git log -p studio/records.py) are added to the tables it has. Columns that arrived
NOT NULL get the default the old code gave them (false, an empty JSON object).

Revision ID: 0001
Revises:
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import sqlalchemy as sa
from alembic import context, op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _moment(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _user() -> None:
    op.create_table(
        "user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("password_hash", sa.String(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        _moment("created_at"),
        _moment("last_login_at", nullable=True),
        sa.Column("daily_render_quota", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("modified_by", sa.Integer(), nullable=True),
        _moment("modified_at", nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_user_username"), "user", ["username"], unique=True)


def _blocked_term() -> None:
    op.create_table(
        "blocked_term",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("term", sa.String(length=100), nullable=False),
        sa.Column("rule", sa.String(length=100), nullable=False),
        sa.Column("added_by", sa.Integer(), nullable=True),
        _moment("created_at"),
        sa.Column("removed_by", sa.Integer(), nullable=True),
        _moment("removed_at", nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_blocked_term_term"), "blocked_term", ["term"], unique=True)


def _login_throttle() -> None:
    op.create_table(
        "login_throttle",
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        _moment("locked_until", nullable=True),
        _moment("updated_at"),
        sa.PrimaryKeyConstraint("key"),
    )


def _api_token() -> None:
    op.create_table(
        "api_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("prefix", sa.String(length=16), nullable=False),
        _moment("created_at"),
        _moment("last_used_at", nullable=True),
        _moment("revoked_at", nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_api_token_token_hash"), "api_token", ["token_hash"], unique=True)
    op.create_index(op.f("ix_api_token_user_id"), "api_token", ["user_id"], unique=False)


def _job() -> None:
    op.create_table(
        "job",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=True),
        sa.Column("scene_id", sa.Integer(), nullable=True),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("stage", sa.String(length=64), nullable=False),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("max_attempts", sa.Integer(), nullable=False),
        sa.Column("cancel_requested", sa.Boolean(), nullable=False),
        sa.Column("error", sa.String(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("worker", sa.String(length=64), nullable=False),
        _moment("created_at"),
        _moment("started_at", nullable=True),
        _moment("step_at", nullable=True),
        _moment("finished_at", nullable=True),
        sa.ForeignKeyConstraint(["owner_id"], ["user.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_job_created_at"), "job", ["created_at"], unique=False)
    op.create_index(op.f("ix_job_owner_id"), "job", ["owner_id"], unique=False)
    op.create_index(op.f("ix_job_project_id"), "job", ["project_id"], unique=False)
    op.create_index(op.f("ix_job_status"), "job", ["status"], unique=False)


def _project() -> None:
    op.create_table(
        "project",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("idea", sa.String(), nullable=False),
        sa.Column("writer", sa.String(length=64), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("fps", sa.Integer(), nullable=False),
        sa.Column("export_settings", sa.JSON(), nullable=False),
        _moment("created_at"),
        _moment("updated_at"),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("modified_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["owner_id"], ["user.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_project_owner_id"), "project", ["owner_id"], unique=False)


def _export() -> None:
    op.create_table(
        "export",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("path", sa.String(), nullable=False),
        sa.Column("duration", sa.Float(), nullable=False),
        sa.Column("take_ids", sa.JSON(), nullable=False),
        sa.Column("mode", sa.String(length=16), nullable=False),
        _moment("created_at"),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_export_project_id"), "export", ["project_id"], unique=False)


def _project_share() -> None:
    op.create_table(
        "project_share",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        _moment("created_at"),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("project_id", "user_id", name="uq_project_share"),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], ondelete="CASCADE"),
    )
    op.create_index(op.f("ix_project_share_project_id"), "project_share", ["project_id"], unique=False)
    op.create_index(op.f("ix_project_share_user_id"), "project_share", ["user_id"], unique=False)


def _scene() -> None:
    op.create_table(
        "scene",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("description", sa.String(), nullable=False),
        sa.Column("duration", sa.Float(), nullable=False),
        sa.Column("camera", sa.String(length=60), nullable=False),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("narration", sa.String(), nullable=False),
        sa.Column("keyframe_path", sa.String(), nullable=True),
        sa.Column("continuity", sa.Boolean(), nullable=False),
        sa.Column("render_options", sa.JSON(), nullable=False),
        sa.Column("active_take_id", sa.Integer(), nullable=True),
        _moment("created_at"),
        _moment("updated_at"),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("modified_by", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("project_id", "position", name="uq_scene_position"),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"], ondelete="CASCADE"),
    )
    op.create_index(op.f("ix_scene_project_id"), "scene", ["project_id"], unique=False)


def _take() -> None:
    op.create_table(
        "take",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scene_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("engine", sa.String(length=32), nullable=False),
        sa.Column("recipe", sa.JSON(), nullable=False),
        sa.Column("path", sa.String(), nullable=False),
        sa.Column("frames", sa.Integer(), nullable=False),
        sa.Column("fps", sa.Integer(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("render_seconds", sa.Float(), nullable=False),
        _moment("created_at"),
        sa.ForeignKeyConstraint(["scene_id"], ["scene.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_take_scene_id"), "take", ["scene_id"], unique=False)


TABLES: dict[str, Callable[[], None]] = {
    "user": _user,
    "blocked_term": _blocked_term,
    "login_throttle": _login_throttle,
    "api_token": _api_token,
    "job": _job,
    "project": _project,
    "export": _export,
    "project_share": _project_share,
    "scene": _scene,
    "take": _take,
}
"""Each table and how to create it, parents before children."""


def _later_columns() -> dict[str, list[sa.Column]]:
    """Columns that came after the first studio (4876595), by the commit that added them."""
    return {
        "user": [  # 97d0a91: quotas and the audit trail
            sa.Column("daily_render_quota", sa.Integer(), nullable=True),
            sa.Column("created_by", sa.Integer(), nullable=True),
            sa.Column("modified_by", sa.Integer(), nullable=True),
            _moment("modified_at", nullable=True),
        ],
        "project": [  # 208a17a: export settings; 97d0a91: the audit trail
            sa.Column("export_settings", sa.JSON(), nullable=False, server_default="{}"),
            sa.Column("created_by", sa.Integer(), nullable=True),
            sa.Column("modified_by", sa.Integer(), nullable=True),
        ],
        "scene": [  # 6d55796: continuity and render controls; 97d0a91: the audit trail
            sa.Column("continuity", sa.Boolean(), nullable=False, server_default=sa.false()),
            sa.Column("render_options", sa.JSON(), nullable=False, server_default="{}"),
            sa.Column("created_by", sa.Integer(), nullable=True),
            sa.Column("modified_by", sa.Integer(), nullable=True),
        ],
    }


def _add_later_columns(table: str) -> None:
    present = {column["name"] for column in sa.inspect(op.get_bind()).get_columns(table)}
    missing = [column for column in _later_columns().get(table, []) if column.name not in present]
    if missing:
        with op.batch_alter_table(table) as batch:
            for column in missing:
                batch.add_column(column)


def upgrade() -> None:
    present = set() if context.is_offline_mode() else set(sa.inspect(op.get_bind()).get_table_names())
    for name, create in TABLES.items():
        if name in present:
            _add_later_columns(name)
        else:
            create()


def downgrade() -> None:
    for name in reversed(TABLES):
        op.drop_table(name)
