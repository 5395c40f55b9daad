"""Migrations: an empty database, one made by the studio before Alembic, and one Alembic already manages.

tests/fixtures/studio-bd57707.db was made by the studio at commit bd57707 (see tests/fixtures/README.md).
"""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy import Integer, text
from sqlmodel import SQLModel, select

from studio.config import Settings
from studio.db import init_db, make_engine, session_scope
from studio.errors import StudioError
from studio.migrations import BACKUPS, alembic_config, migration_connection
from studio.migrations.__main__ import main as migrations_cli
from studio.records import ExportRow, LoginThrottleRow
from studio.services import build_services
from studio.storyboard.schema import Scene

FIXTURE = Path(__file__).parent / "fixtures" / "studio-bd57707.db"
ALICE_TOKEN = "st__fmsfsYs2yVKX3g5P1wlfxTnPBdwSo2dRGBnKcnOaDM"
TABLES = ("user", "project", "scene", "take", "export", "job", "api_token", "project_share", "login_throttle")


def schema_differences(engine) -> list:
    with engine.connect() as connection:
        return compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)


def schema_sql(path: Path) -> list[tuple[str, str]]:
    """Each table's and index's CREATE statement, its whitespace collapsed: SQLite's ALTER TABLE ADD COLUMN
    writes the new column into the stored statement without the line break CREATE TABLE puts before it."""
    with sqlite3.connect(path) as raw:
        rows = raw.execute("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name").fetchall()
    return [(name, " ".join(sql.split())) for name, sql in rows]


def counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as raw:
        return {table: raw.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in TABLES}


@pytest.fixture
def old_studio(tmp_path: Path) -> Path:
    """A copy of the fixture where the studio keeps its database (data_dir/studio.db)."""
    shutil.copy(FIXTURE, tmp_path / "studio.db")
    return tmp_path


def test_a_database_from_before_alembic_keeps_every_row_through_a_start(old_studio):
    before = counts(old_studio / "studio.db")
    services = build_services(Settings(data_dir=old_studio))

    assert counts(old_studio / "studio.db") == before
    assert before == {
        "user": 3, "project": 2, "scene": 3, "take": 3, "export": 1, "job": 5,
        "api_token": 2, "project_share": 1, "login_throttle": 3,
    }  # fmt: skip
    assert schema_differences(services.db) == []
    with sqlite3.connect(old_studio / "studio.db") as raw:
        assert raw.execute("SELECT version_num FROM alembic_version").fetchall() == [("0002_sessions",)]
    assert [p.name for p in (old_studio / BACKUPS).iterdir()] != []  # a copy was taken before migrating


def test_users_projects_scenes_and_takes_of_the_old_database_read_back_intact(old_studio):
    services = build_services(Settings(data_dir=old_studio))
    admin, alice = services.accounts.get("admin"), services.accounts.get("alice")
    users = {u.username: u for u in services.admin.list_users(admin)}
    assert (users["admin"].role, users["bob"].disabled, users["alice"].daily_render_quota) == ("admin", True, 5)
    assert users["alice"].created_at.tzinfo is UTC and users["alice"].modified_by == admin.id

    project = services.projects.get(alice.id, 1)
    assert (project.title, project.idea, project.width, project.height, project.fps) == (
        "月光下的猫",
        "一只猫在月光下",
        256,
        144,
        8,
    )
    assert project.export_settings == {"subtitles": "soft", "crossfade": 0.5, "cuts": [0.25]}
    assert project.created_at.tzinfo is UTC and project.updated_at >= project.created_at
    first, second = project.scenes
    assert (first.number, first.description, first.narration) == (1, "一只橘猫在屋顶上看月亮", "夜深了，猫还醒着。")
    assert (first.take_count, first.active_take_number) == (2, 1)
    assert (second.continuity, second.render_options, second.active_take_number) == (True, {"seed": 42, "steps": 10}, 1)

    takes = services.projects.takes(alice.id, first.id)
    assert [(t.number, t.active, t.recipe["seed"]) for t in takes] == [(1, True, 7), (2, False, 8)]
    assert takes[0].recipe["description"] == "一只橘猫在屋顶上看月亮" and takes[0].engine == "animatic"
    assert takes[0].created_at.tzinfo is UTC
    with session_scope(services.db) as session:
        export = session.exec(select(ExportRow)).one()
        assert (export.take_ids, export.mode, export.duration) == ([1, 3], "encode", 3.25)
        assert "月光下的猫" in export.path and export.created_at.tzinfo is UTC


def test_jobs_tokens_shares_and_login_state_of_the_old_database_work_through_the_services(old_studio):
    services = build_services(Settings(data_dir=old_studio))
    admin, alice = services.accounts.get("admin"), services.accounts.get("alice")

    jobs = {job.id: job for job in services.lane.jobs()}
    assert {job.status for job in jobs.values()} == {"completed", "failed", "canceled", "pending", "running"}
    assert (jobs[1].payload, jobs[1].result, jobs[1].label) == (
        {"scene_id": 2, "engine": "animatic"},
        {"take_id": 3},
        "月光下的猫 · scene 2 (animatic)",
    )
    assert jobs[2].error == "The idea was too short." and jobs[4].position == 1
    assert jobs[5].eta_seconds is not None and jobs[5].finished_at is None

    assert services.api_tokens.authenticate(ALICE_TOKEN) == alice
    assert [(t.name, t.active) for t in services.api_tokens.of_user(admin.id)] == [("old one", False)]

    assert [(s.summary.title, s.owner) for s in services.projects.shared_with_me(admin.id)] == [("月光下的猫", "alice")]
    assert services.projects.get_shared(admin.id, 1).scenes[0].description == "一只橘猫在屋顶上看月亮"

    with session_scope(services.db) as session:
        bob_lock = session.get(LoginThrottleRow, "user:bob")
        assert (bob_lock.failures, bob_lock.locked_until) == (5, datetime(2026, 12, 1, 20, 36, 31, 78353, tzinfo=UTC))
    assert ("forbidden-thing", "lab rule 7") in services.safety.terms()
    assert services.accounts.authenticate("alice", "alice-pass-1234")
    assert not services.accounts.authenticate("bob", "bob-pass-1234")  # disabled


def test_the_old_database_takes_new_work_after_the_migration(old_studio):
    services = build_services(Settings(data_dir=old_studio))
    alice = services.accounts.get("alice")

    recovered = services.lane.queue.recover()  # what the lane does on start: job 5 was running
    assert [(job.id, job.status) for job in recovered] == [(5, "pending")]
    project = services.projects.replace_scene(alice.id, 1, 2, Scene(description="猫跳下屋顶", duration=2, camera="pan"))
    assert project.scenes[1].description == "猫跳下屋顶" and project.scenes[1].take_count == 1
    services.projects.rename(alice.id, 1, "月光下的猫（二）")
    assert [s.title for s in services.projects.summaries(alice.id)] == ["月光下的猫（二）"]
    assert services.accounts.create("carol", "carol-pass-1234").id == 4


def test_starting_twice_migrates_once(old_studio):
    engine = make_engine(f"sqlite:///{old_studio / 'studio.db'}")
    init_db(engine)
    schema = schema_sql(old_studio / "studio.db")
    backups = sorted((old_studio / BACKUPS).iterdir())
    init_db(engine)
    assert schema_sql(old_studio / "studio.db") == schema
    assert sorted((old_studio / BACKUPS).iterdir()) == backups


def test_a_new_database_is_created_at_the_newest_revision_and_starting_again_changes_nothing(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'studio.db'}")
    init_db(engine)
    schema = schema_sql(tmp_path / "studio.db")
    init_db(engine)
    assert schema_sql(tmp_path / "studio.db") == schema
    assert schema_differences(engine) == []
    assert not (tmp_path / BACKUPS).exists()  # nothing to back up in a new database
    with engine.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).all() == [("0002_sessions",)]


def test_upgrading_an_empty_database_gives_exactly_the_models_schema(tmp_path):
    by_migrations, by_models = tmp_path / "migrated.db", tmp_path / "created.db"
    migrated = make_engine(f"sqlite:///{by_migrations}")
    with migration_connection(migrated) as connection:
        command.upgrade(alembic_config(connection), "heads")
    assert schema_differences(migrated) == []
    init_db(make_engine(f"sqlite:///{by_models}"))
    assert schema_sql(by_migrations) == schema_sql(by_models)

    with migration_connection(migrated) as connection:
        command.downgrade(alembic_config(connection), "base")
    assert [name for name, _ in schema_sql(by_migrations)] == ["alembic_version"]


FIRST_STUDIO_SCHEMA = """
CREATE TABLE user (id INTEGER NOT NULL, username VARCHAR(64) NOT NULL, password_hash VARCHAR NOT NULL,
  role VARCHAR(16) NOT NULL, disabled BOOLEAN NOT NULL, created_at DATETIME NOT NULL, last_login_at DATETIME,
  PRIMARY KEY (id));
CREATE UNIQUE INDEX ix_user_username ON user (username);
CREATE TABLE project (id INTEGER NOT NULL, owner_id INTEGER NOT NULL, title VARCHAR(200) NOT NULL,
  idea VARCHAR NOT NULL, writer VARCHAR(64) NOT NULL, width INTEGER NOT NULL, height INTEGER NOT NULL,
  fps INTEGER NOT NULL, created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL, PRIMARY KEY (id),
  FOREIGN KEY(owner_id) REFERENCES user (id) ON DELETE CASCADE);
CREATE INDEX ix_project_owner_id ON project (owner_id);
CREATE TABLE scene (id INTEGER NOT NULL, project_id INTEGER NOT NULL, position INTEGER NOT NULL,
  description VARCHAR NOT NULL, duration FLOAT NOT NULL, camera VARCHAR(60) NOT NULL, action VARCHAR NOT NULL,
  narration VARCHAR NOT NULL, keyframe_path VARCHAR, active_take_id INTEGER, created_at DATETIME NOT NULL,
  updated_at DATETIME NOT NULL, PRIMARY KEY (id), CONSTRAINT uq_scene_position UNIQUE (project_id, position),
  FOREIGN KEY(project_id) REFERENCES project (id) ON DELETE CASCADE);
CREATE INDEX ix_scene_project_id ON scene (project_id);
INSERT INTO user VALUES (1, 'ann', 'x', 'user', 0, '2026-11-28 09:00:00.000000', NULL);
INSERT INTO project VALUES (1, 1, '第一部', 'an idea', 'planner', 320, 180, 12,
  '2026-11-28 09:01:00.000000', '2026-11-28 09:02:00.000000');
INSERT INTO scene VALUES (1, 1, 1, '河流', 2.0, 'wide shot', '', '', NULL, NULL,
  '2026-11-28 09:01:00.000000', '2026-11-28 09:01:00.000000');
"""
"""The tables of the first studio (commit 4876595), before scene controls, export settings and audit columns."""


def test_the_first_studios_database_gains_every_later_column_with_the_old_defaults(tmp_path):
    with sqlite3.connect(tmp_path / "studio.db") as raw:
        raw.executescript(FIRST_STUDIO_SCHEMA)
    services = build_services(Settings(data_dir=tmp_path))

    assert schema_differences(services.db) == []
    project = services.projects.get(1, 1)
    assert (project.title, project.export_settings, project.created_at) == (
        "第一部",
        {},
        datetime(2026, 11, 28, 9, 1, tzinfo=UTC),
    )
    scene = project.scenes[0]
    assert (scene.description, scene.continuity, scene.render_options, scene.take_count) == ("河流", False, {}, 0)
    admin = services.accounts.create("boss", "boss-pass-1234", role="admin")
    assert services.admin.list_users(admin)[0].daily_render_quota is None


def test_a_database_from_a_newer_studio_is_refused_with_a_clear_message(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'studio.db'}")
    init_db(engine)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(StudioError, match="made by a newer studio"):
        init_db(engine)


def test_a_migration_that_rebuilds_a_parent_table_deletes_no_children(old_studio):
    """SQLite batch mode copies a table and drops the original; with foreign keys on, that would cascade."""
    engine = make_engine(f"sqlite:///{old_studio / 'studio.db'}")
    init_db(engine)
    before = counts(old_studio / "studio.db")
    with migration_connection(engine) as connection:
        operations = Operations(MigrationContext.configure(connection))
        with operations.batch_alter_table("user", recreate="always") as batch:
            batch.alter_column("daily_render_quota", existing_type=Integer(), nullable=True)
    assert counts(old_studio / "studio.db") == before
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_the_migrations_command_line_works_without_an_alembic_ini(old_studio, capfd):
    url = f"sqlite:///{old_studio / 'studio.db'}"
    assert migrations_cli(["--database-url", url, "upgrade", "heads"]) == 0
    assert migrations_cli(["--database-url", url, "current"]) == 0
    assert "0002_sessions (head)" in capfd.readouterr().out
