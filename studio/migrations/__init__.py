"""Schema migrations with Alembic: the studio brings its database up to date on every start.

`migrate(engine)` (called by studio.db.init_db) handles three kinds of database:
- empty: the tables are created from the models and stamped with the newest revision (fast);
- made by a studio before Alembic (tables, no alembic_version): upgraded from the baseline,
  which adopts it (versions/0001_baseline.py);
- managed by Alembic: `upgrade heads`, or nothing when it is current.
A SQLite file is copied to backups/ beside it before its schema changes.

A schema change is an ordinary revision (batch mode, so SQLite ALTERs work), written against a
database at the newest revision:
    python -m studio.migrations revision --autogenerate -m "cast members"
    python -m studio.migrations --database-url sqlite:///outputs/studio.db history
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.dialects import sqlite
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.schema import CreateIndex, CreateTable
from sqlmodel import SQLModel

from studio.errors import StudioError

log = logging.getLogger(__name__)

FOLDER = Path(__file__).parent
BACKUPS = "backups"
"""Folder, beside a SQLite database file, for the copies taken before a migration."""


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration, built here rather than read from an alembic.ini."""
    config = Config()
    config.set_main_option("script_location", str(FOLDER))
    config.set_main_option("file_template", "%%(rev)s_%%(slug)s")
    config.attributes["connection"] = connection
    return config


@functools.cache
def scripts() -> ScriptDirectory:
    """The revisions in versions/ (read once per process: the test suite migrates hundreds of databases)."""
    return ScriptDirectory.from_config(alembic_config())


@functools.cache
def _heads() -> frozenset[str]:
    return frozenset(scripts().get_heads())


@functools.cache
def _known() -> frozenset[str]:
    return frozenset(script.revision for script in scripts().walk_revisions())


def migrate(engine: Engine) -> None:
    """Bring the database behind `engine` to the newest revision (see the module's docstring)."""
    import studio.records  # noqa: F401  (registers the tables on SQLModel.metadata)

    with engine.connect() as connection:
        context = MigrationContext.configure(connection)
        current = frozenset(context.get_current_heads())
        if current == _heads():
            return
        if current - _known():
            raise StudioError(
                f"The database is at revision {', '.join(sorted(current))}, which this studio does not know: "
                "it was made by a newer studio. Start that version, or restore a backup."
            )
        if not current and not inspect(connection).get_table_names():
            _create_schema(connection)
            context.stamp(scripts(), "heads")
            connection.commit()
            return
    backup = backup_sqlite(engine, f"before-{'-'.join(sorted(current)) or 'alembic'}")
    log.info("Migrating the database to %s%s", ", ".join(_heads()), f" (a copy is in {backup})" if backup else "")
    with migration_connection(engine) as connection:
        command.upgrade(alembic_config(connection), "heads")


def _create_schema(connection: Connection) -> None:
    """The models' tables in an empty database: create_all, with SQLite's statements compiled once per process
    (compiling them is most of the cost, and the test suite creates hundreds of in-memory databases)."""
    if connection.dialect.name != "sqlite":
        SQLModel.metadata.create_all(connection)
        return
    for statement in _sqlite_schema():
        connection.exec_driver_sql(statement)


@functools.cache
def _sqlite_schema() -> tuple[str, ...]:
    dialect = sqlite.dialect()
    statements = []
    for table in SQLModel.metadata.sorted_tables:
        statements.append(str(CreateTable(table).compile(dialect=dialect)))
        statements.extend(str(CreateIndex(index).compile(dialect=dialect)) for index in table.indexes)
    return tuple(statements)


def backup_sqlite(engine: Engine, label: str) -> Path | None:
    """Copy a SQLite database file to backups/<name>-<time>-<label>.db; None for other databases."""
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        return None
    source = Path(database)
    target = source.parent / BACKUPS / f"{source.stem}-{datetime.now(UTC):%Y%m%d-%H%M%S-%f}-{label}.db"
    target.parent.mkdir(parents=True, exist_ok=True)
    with engine.connect() as connection:
        connection.exec_driver_sql("VACUUM INTO ?", (str(target),))
    return target


@contextmanager
def migration_connection(engine: Engine) -> Iterator[Connection]:
    """A connection for migrating, with SQLite's foreign keys off while it runs.

    Batch mode rebuilds a SQLite table by copying it and dropping the original, and dropping a
    parent with foreign keys on would cascade: deleting `user` would delete every project.
    Afterwards the migration must not have left any row pointing at a missing one.
    """
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        try:
            before = _dangling(connection) if sqlite else set()
            yield connection
            added = _dangling(connection) - before if sqlite else set()
            if added:
                raise StudioError(f"The migration left rows pointing at missing rows: {sorted(added)[:5]}.")
            connection.commit()
        finally:
            if sqlite:
                connection.rollback()
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()


def _dangling(connection: Connection) -> set[tuple]:
    return {tuple(row) for row in connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()}
