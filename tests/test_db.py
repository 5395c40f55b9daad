import sqlite3

from sqlalchemy import text

from studio.db import init_db, make_engine


def test_every_connection_gets_wal_busy_timeout_and_foreign_keys(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'studio.db'}")
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() >= 5000
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_an_older_database_gets_new_columns_without_losing_rows(tmp_path):
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as old:
        old.execute(
            "CREATE TABLE scene (id INTEGER PRIMARY KEY, project_id INTEGER, position INTEGER, description TEXT,"
            " duration FLOAT, camera VARCHAR(60), action TEXT, narration TEXT, keyframe_path TEXT,"
            " active_take_id INTEGER, created_at DATETIME, updated_at DATETIME)"
        )
        old.execute(
            "INSERT INTO scene (project_id, position, description, duration, camera) VALUES (1, 1, 'x', 2, 'w')"
        )
    init_db(make_engine(f"sqlite:///{path}"))
    with sqlite3.connect(path) as upgraded:
        assert upgraded.execute("SELECT description, continuity, render_options FROM scene").fetchall() == [
            ("x", 0, "{}")
        ]
