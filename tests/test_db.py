import sqlite3
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import text
from sqlalchemy.exc import StatementError
from sqlmodel import col, select

from studio.db import init_db, make_engine, session_scope
from studio.records import LoginThrottleRow, UserRow

SHANGHAI = timezone(timedelta(hours=8))


def test_every_connection_gets_wal_busy_timeout_and_foreign_keys(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'studio.db'}")
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() >= 5000
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1


@pytest.fixture
def file_db(tmp_path):
    path = tmp_path / "studio.db"
    engine = make_engine(f"sqlite:///{path}")
    init_db(engine)
    return engine, path


def test_a_moment_in_any_zone_is_stored_as_utc_text_and_read_back_aware_utc(file_db):
    engine, path = file_db
    with session_scope(engine) as session:
        session.add(UserRow(username="ann", password_hash="x", created_at=datetime(2026, 1, 2, 8, 30, tzinfo=SHANGHAI)))
    with sqlite3.connect(path) as raw:
        assert raw.execute("SELECT created_at FROM user").fetchone() == ("2026-01-02 00:30:00.000000",)
    with session_scope(engine) as session:
        moment = session.exec(select(UserRow.created_at)).one()
    assert moment == datetime(2026, 1, 2, 0, 30, tzinfo=UTC) and moment.tzinfo is UTC


def test_a_naive_moment_is_refused_rather_than_guessed(db):
    with pytest.raises(StatementError, match="needs a timezone"), session_scope(db) as session:
        session.add(UserRow(username="ann", password_hash="x", created_at=datetime(2026, 1, 2, 8, 30)))
    with session_scope(db) as session:
        assert session.exec(select(UserRow)).all() == []


def test_naive_utc_text_written_by_earlier_studios_reads_back_aware_and_compares_in_sql(file_db):
    engine, path = file_db
    with sqlite3.connect(path) as raw:  # exactly how SQLite rows of earlier studios look
        raw.execute(
            "INSERT INTO login_throttle (key, failures, locked_until, updated_at)"
            " VALUES ('user:old', 5, '2026-12-01 20:36:31.078353', '2026-12-01 20:35:31.078353')"
        )
    with session_scope(engine) as session:
        row = session.get(LoginThrottleRow, "user:old")
        assert row.locked_until == datetime(2026, 12, 1, 20, 36, 31, 78353, tzinfo=UTC)
        assert row.updated_at.tzinfo is UTC
        later = datetime(2026, 12, 2, 4, 36, 0, tzinfo=SHANGHAI)  # 20:36:00 UTC: before the lock ends
        still_locked = session.exec(select(LoginThrottleRow.key).where(col(LoginThrottleRow.locked_until) > later))
        assert still_locked.all() == ["user:old"]
