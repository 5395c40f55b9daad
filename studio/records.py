"""Table models: User 1-* Project 1-* Scene 1-* Take; Project 1-* Export; User 1-* ApiToken;
Project *-* User through ProjectShare (read-only sharing).

ORM objects stay inside services; the UI and API get ids and frozen views (RowView) built from them.
Every moment is stored in UTC (UTCDateTime). A schema change here needs a migration in
studio/migrations/versions (see studio/migrations/__init__.py).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Self

from pydantic import BaseModel, BeforeValidator, ConfigDict
from sqlalchemy import JSON, Column, DateTime, UniqueConstraint
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A moment stored as UTC and always read back timezone-aware, in UTC.

    SQLite keeps datetimes as text without a zone (databases of earlier studios hold naive
    UTC strings), so the zone is put back on reading. A naive datetime is refused on
    writing: it could be local time, and guessing would shift it silently.
    """

    impl = DateTime
    cache_ok = True

    def __init__(self) -> None:
        super().__init__(timezone=True)  # as SQLModel declares datetime columns; SQLite ignores it

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"A stored moment needs a timezone (the studio stores UTC), got {value!r}.")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _empty_if_none(value: object) -> object:
    return {} if value is None else value


JSONDict = Annotated[dict[str, Any], BeforeValidator(_empty_if_none)]
"""A JSON object column as a view sees it: a copy, and {} where an old row holds NULL."""


class RowView(BaseModel):
    """The base of the frozen views services hand out: read from a row's attributes, never the row itself."""

    model_config = ConfigDict(frozen=True, from_attributes=True)

    @classmethod
    def of(cls, row: object, **extras: Any) -> Self:
        """The view of `row`, plus the fields the row does not hold (counts, positions, ...) given as `extras`."""
        view = cls.model_validate(row, from_attributes=True)
        unknown = extras.keys() - cls.model_fields.keys()
        if unknown:
            raise TypeError(f"{cls.__name__} has no field(s) {', '.join(sorted(unknown))}.")
        return view.model_copy(update=extras) if extras else view


class UserRow(SQLModel, table=True):
    __tablename__ = "user"
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(index=True, unique=True, max_length=64)
    password_hash: str
    role: str = Field(default="user", max_length=16)
    disabled: bool = False
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    last_login_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    daily_render_quota: int | None = None
    """Scene renders this user may queue per (UTC) day; None means unlimited."""
    created_by: int | None = None
    modified_by: int | None = None
    modified_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    credential_version: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    """Goes up when the password, the role or the enabled state changes: every session opened before ends."""


class ProjectRow(SQLModel, table=True):
    __tablename__ = "project"
    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    title: str = Field(max_length=200)
    idea: str
    writer: str = Field(default="planner", max_length=64)
    width: int
    height: int
    fps: int
    export_settings: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False, default=dict))
    """How the film is finished: transitions, subtitles, narration, music, frame preset (see exports.py)."""
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    """The audit trail's modified_at (the name predates the audit columns)."""
    created_by: int | None = None
    modified_by: int | None = None


class SceneRow(SQLModel, table=True):
    __tablename__ = "scene"
    __table_args__ = (UniqueConstraint("project_id", "position", name="uq_scene_position"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True, ondelete="CASCADE")
    position: int
    description: str
    duration: float
    camera: str = Field(max_length=60)
    action: str = ""
    narration: str = ""
    keyframe_path: str | None = None
    continuity: bool = False
    """Start from the previous scene's last frame (keeps characters and places across the cut)."""
    render_options: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False, default=dict))
    """Engine controls for this scene: seed, steps, motion_bucket_id, noise_aug_strength, frames, fps."""
    active_take_id: int | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    created_by: int | None = None
    modified_by: int | None = None


class TakeRow(SQLModel, table=True):
    """One render of one scene, with the recipe that reproduces it. Never overwritten."""

    __tablename__ = "take"

    id: int | None = Field(default=None, primary_key=True)
    scene_id: int = Field(foreign_key="scene.id", index=True, ondelete="CASCADE")
    number: int
    engine: str = Field(max_length=32)
    recipe: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    path: str
    frames: int
    fps: int
    width: int
    height: int
    render_seconds: float
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ExportRow(SQLModel, table=True):
    """One stitched film of a project, as exported at one moment."""

    __tablename__ = "export"

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True, ondelete="CASCADE")
    path: str
    duration: float
    take_ids: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    mode: str = Field(default="copy", max_length=16)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class JobRow(SQLModel, table=True):
    """One unit of GPU work on the lane. Survives closed browsers and restarts."""

    __tablename__ = "job"

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    kind: str = Field(max_length=32)
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    project_id: int | None = Field(default=None, index=True)
    scene_id: int | None = None
    label: str = Field(default="", max_length=200)
    status: str = Field(default="pending", index=True, max_length=16)
    stage: str = Field(default="", max_length=64)
    step: int = 0
    total: int = 0
    attempts: int = 0
    max_attempts: int = 2
    cancel_requested: bool = False
    error: str = ""
    result: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    worker: str = Field(default="", max_length=64)
    created_at: datetime = Field(default_factory=utcnow, index=True, sa_type=UTCDateTime)
    started_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    step_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    finished_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class ApiTokenRow(SQLModel, table=True):
    """A per-user token for the REST API. Only the secret's SHA-256 is stored; it is shown once."""

    __tablename__ = "api_token"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=100)
    token_hash: str = Field(index=True, unique=True, max_length=64)
    prefix: str = Field(max_length=16)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    last_used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    expires_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    """None: the token works until it is revoked."""


class LoginThrottleRow(SQLModel, table=True):
    """Failed logins per key ("user:<name>" or "addr:<ip>"), kept in the database so a restart keeps a lockout."""

    __tablename__ = "login_throttle"

    key: str = Field(primary_key=True, max_length=300)
    failures: int = 0
    locked_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class BlockedTermRow(SQLModel, table=True):
    """A term the content filter refuses, and its rule. Removal is soft, so defaults are not re-seeded."""

    __tablename__ = "blocked_term"

    id: int | None = Field(default=None, primary_key=True)
    term: str = Field(index=True, unique=True, max_length=100)
    rule: str = Field(max_length=100)
    added_by: int | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    removed_by: int | None = None
    removed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class ProjectShareRow(SQLModel, table=True):
    """A read-only view of one project granted by its owner to one other user."""

    __tablename__ = "project_share"
    __table_args__ = (UniqueConstraint("project_id", "user_id", name="uq_project_share"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True, ondelete="CASCADE")
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    created_by: int | None = None
