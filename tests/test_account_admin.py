"""Admin actions on accounts, the daily render quota and the audit columns."""

from datetime import UTC, datetime, timedelta

import pytest

from studio.accounts import AccountAdmin, Accounts
from studio.db import session_scope
from studio.errors import InvalidInput, NotFound
from studio.records import JobRow, ProjectRow, UserRow


@pytest.fixture
def boss(accounts):
    return accounts.create("boss", "boss-password", role="admin")


def test_list_users_shows_roles_quota_and_todays_renders(accounts, boss, alice, db):
    with session_scope(db) as session:
        session.add(JobRow(owner_id=alice.id, kind="render_scene"))
        session.add(JobRow(owner_id=alice.id, kind="export"))
        session.add(JobRow(owner_id=alice.id, kind="render_scene", created_at=datetime.now(UTC) - timedelta(days=2)))
    views = {v.username: v for v in AccountAdmin(accounts).list_users(boss)}
    assert views["alice"].renders_today == 1 and views["alice"].daily_render_quota is None
    assert views["boss"].role == "admin" and not views["alice"].disabled
    with pytest.raises(InvalidInput, match="Only an admin"):
        AccountAdmin(accounts).list_users(alice)


def test_disable_role_and_reset_password_are_audited(accounts, boss, alice, db):
    admin = AccountAdmin(accounts)
    admin.set_disabled(boss, "alice", True)
    assert not accounts.authenticate("alice", "alice-password")
    admin.set_disabled(boss, "Alice", False)
    admin.reset_password(boss, "alice", "fresh-password")
    assert accounts.authenticate("alice", "fresh-password")
    admin.set_role(boss, "alice", "admin")
    assert accounts.get("alice").is_admin
    with session_scope(db) as session:
        user = session.get(UserRow, alice.id)
        assert user.modified_by == boss.id and user.modified_at is not None
    with pytest.raises(InvalidInput, match="role"):
        admin.set_role(boss, "alice", "root")
    with pytest.raises(NotFound):
        admin.set_disabled(boss, "nobody", True)


def test_an_admin_cannot_remove_themselves_so_one_admin_always_remains(accounts, boss, alice):
    admin = AccountAdmin(accounts)
    with pytest.raises(InvalidInput, match="your own"):
        admin.delete_user(boss, "boss")
    with pytest.raises(InvalidInput, match="your own"):
        admin.set_disabled(boss, "boss", True)
    with pytest.raises(InvalidInput, match="your own"):
        admin.set_role(boss, "boss", "user")
    with pytest.raises(InvalidInput, match="Only an admin"):
        admin.delete_user(alice, "boss")
    second = accounts.create("second", "second-password", role="admin")
    admin.set_disabled(second, "boss", True)
    with pytest.raises(InvalidInput, match="Only an admin"):  # a disabled admin can no longer act
        admin.delete_user(boss, "second")
    admin.delete_user(second, "boss")
    assert [v.username for v in admin.list_users(second)] == ["alice", "second"]


def test_delete_user_removes_their_projects_and_their_files(accounts, boss, alice, bob, projects, db):
    from tests.conftest import make_board

    mine = projects.create(alice.id, "idea", make_board("a forest"), writer="planner", width=64, height=64, fps=8)
    theirs = projects.create(bob.id, "idea", make_board("a river"), writer="planner", width=64, height=64, fps=8)
    for owner, project in ((alice, mine), (bob, theirs)):
        folder = projects.folder(owner.id, project.id).takes
        folder.mkdir(parents=True)
        (folder / "take.mp4").write_bytes(b"a take")
    admin = AccountAdmin(accounts, projects_dir=projects.projects_dir)
    assert admin.delete_user(boss, "alice") == alice.id
    with session_scope(db) as session:
        assert session.get(UserRow, alice.id) is None
        assert session.query(ProjectRow).count() == 1
    assert not projects.folder(alice.id, mine.id).root.parent.exists()
    assert (projects.folder(bob.id, theirs.id).takes / "take.mp4").is_file(), "other users' files stay"


def test_daily_quota(accounts, boss, alice, db):
    accounts.check_quota(alice.id, 50)  # unlimited by default
    AccountAdmin(accounts).set_quota(boss, "alice", 2)
    with session_scope(db) as session:
        session.add(JobRow(owner_id=alice.id, kind="render_scene"))
    accounts.check_quota(alice.id, 1)
    with pytest.raises(InvalidInput, match="You have used 1 of your 2 renders today"):
        accounts.check_quota(alice.id, 2)
    with pytest.raises(InvalidInput, match="whole number"):
        AccountAdmin(accounts).set_quota(boss, "alice", -1)
    AccountAdmin(accounts).set_quota(boss, "alice", None)
    accounts.check_quota(alice.id, 100)


def test_projects_record_who_created_and_modified(projects, alice, db):
    from tests.conftest import make_board

    view = projects.create(alice.id, "idea", make_board("a", "b"), writer="planner", width=64, height=64, fps=8)
    projects.rename(alice.id, view.id, "New name")
    rows = [[1, "a river", 2, "wide shot", "", ""], ["", "new", 2, "wide shot", "", ""]]
    projects.save_table(alice.id, view.id, rows)
    with session_scope(db) as session:
        project = session.get(ProjectRow, view.id)
        assert (project.created_by, project.modified_by) == (alice.id, alice.id)
    scenes = projects.get(alice.id, view.id).scenes
    assert len(scenes) == 2


def test_old_databases_gain_the_new_columns(tmp_path):
    import sqlite3

    from studio.db import init_db, make_engine

    path = tmp_path / "old.db"
    con = sqlite3.connect(path)
    con.execute(
        'CREATE TABLE "user" (id INTEGER PRIMARY KEY, username VARCHAR(64) NOT NULL UNIQUE, password_hash VARCHAR '
        "NOT NULL, role VARCHAR(16) NOT NULL, disabled BOOLEAN NOT NULL, created_at DATETIME NOT NULL, "
        "last_login_at DATETIME)"
    )
    con.commit()
    con.close()
    engine = make_engine(f"sqlite:///{path}")
    init_db(engine)
    accounts = Accounts(engine)
    accounts.create("alice", "alice-password")
    assert accounts.authenticate("alice", "alice-password")
