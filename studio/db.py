"""The database engine and short-lived sessions.

SQLite gets WAL (readers never wait for the writer), a busy timeout (writers
wait instead of failing) and enforced foreign keys on every connection.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import JSON, Column, event, inspect, text
from sqlalchemy.engine import Engine
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, SQLModel, create_engine

BUSY_TIMEOUT_MS = 10_000


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str) -> Engine:
    """Create the engine for `url`, creating the SQLite file's folder when needed."""
    if url.startswith("sqlite"):
        in_memory = url in ("sqlite://", "sqlite:///:memory:")
        if not in_memory:
            Path(url.split("///", 1)[1]).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
            poolclass=StaticPool if in_memory else None,
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def init_db(engine: Engine) -> None:
    """Create missing tables and add missing columns. Importing records registers the tables."""
    import studio.records  # noqa: F401

    SQLModel.metadata.create_all(engine)
    add_missing_columns(engine)


def add_missing_columns(engine: Engine) -> list[str]:
    """Bring an older database up to date by adding columns introduced since it was created.

    Only additive changes are made (new nullable or defaulted columns), which is all the
    schema has needed so far; anything else would need a real migration tool.
    """
    added = []
    inspector = inspect(engine)
    with engine.begin() as connection:
        for table in SQLModel.metadata.sorted_tables:
            present = {c["name"] for c in inspector.get_columns(table.name)}
            for column in table.columns:
                if column.name in present:
                    continue
                kind = column.type.compile(dialect=engine.dialect)
                default = _column_default(column)
                connection.execute(text(f'ALTER TABLE "{table.name}" ADD COLUMN "{column.name}" {kind} {default}'))
                added.append(f"{table.name}.{column.name}")
    return added


def _column_default(column: Column) -> str:
    value = column.default.arg if column.default is not None and not callable(column.default.arg) else None
    if value is None and not column.nullable:
        python_type = getattr(column.type, "python_type", None) if not isinstance(column.type, JSON) else dict
        value = {bool: False, int: 0, float: 0.0, str: "", dict: "{}"}.get(python_type, "")
    if value is None:
        return ""
    if isinstance(value, bool):
        value = int(value)
    literal = f"'{value}'" if isinstance(value, str) else str(value)
    return f"NOT NULL DEFAULT {literal}" if not column.nullable else f"DEFAULT {literal}"


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One short transaction: commit on success, roll back on any error."""
    session = Session(engine, expire_on_commit=False)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
