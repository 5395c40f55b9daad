"""Read-only sharing: an owner lets named users view a project; only the owner may change it."""

from __future__ import annotations

import pytest
from sqlmodel import select

from studio.accounts import AccountAdmin
from studio.db import session_scope
from studio.errors import InvalidInput, NotFound
from studio.production.exports import Exporter
from studio.projects.controls import RenderControls
from studio.records import ExportRow, ProjectShareRow
from tests.builders import new_project


@pytest.fixture
def carol(accounts):
    return accounts.create("carol", "carol-password")


def test_a_shared_project_is_listed_and_readable_by_its_viewer(projects, alice, bob):
    project = new_project(projects, alice)
    assert projects.share(alice.id, project.id, "  BOB ") == ["bob"]
    assert projects.shared_with(alice.id, project.id) == ["bob"]

    [shared] = projects.shared_with_me(bob.id)
    assert (shared.summary.id, shared.summary.title, shared.owner) == (project.id, "Test film", "alice")
    assert shared.summary.scene_count == 3
    assert projects.get_shared(bob.id, project.id) == projects.get(alice.id, project.id)
    assert projects.get_shared(alice.id, project.id).id == project.id  # the owner reads it too
    assert projects.shared_with_me(alice.id) == []
    assert projects.summaries(bob.id) == []  # never among the viewer's own projects


def test_a_viewer_cannot_change_a_shared_project(projects, alice, bob):
    project = new_project(projects, alice)
    projects.share(alice.id, project.id, "bob")
    scene_id = project.scenes[0].id
    attempts = [
        lambda: projects.get(bob.id, project.id),
        lambda: projects.save_table(bob.id, project.id, [list(r) for r in project.rows()]),
        lambda: projects.add_scene(bob.id, project.id),
        lambda: projects.delete_scene(bob.id, project.id, 1),
        lambda: projects.move_scene(bob.id, project.id, 1, 1),
        lambda: projects.rename(bob.id, project.id, "mine now"),
        lambda: projects.set_export_settings(bob.id, project.id, {}),
        lambda: projects.set_controls(bob.id, scene_id, continuity=False, controls=RenderControls()),
        lambda: projects.set_keyframe(bob.id, scene_id, None),
        lambda: projects.takes(bob.id, scene_id),
        lambda: projects.delete(bob.id, project.id),
        lambda: projects.share(bob.id, project.id, "bob"),
        lambda: projects.unshare(bob.id, project.id, "bob"),
        lambda: projects.shared_with(bob.id, project.id),
    ]
    for attempt in attempts:
        with pytest.raises(NotFound):
            attempt()
    assert projects.get(alice.id, project.id) == project


def test_unsharing_takes_the_project_away(projects, alice, bob):
    project = new_project(projects, alice)
    projects.share(alice.id, project.id, "bob")
    assert projects.unshare(alice.id, project.id, "Bob") == []
    assert projects.shared_with_me(bob.id) == []
    with pytest.raises(NotFound):
        projects.get_shared(bob.id, project.id)
    with pytest.raises(InvalidInput, match="not shared with 'bob'"):
        projects.unshare(alice.id, project.id, "bob")


def test_sharing_refuses_unknown_disabled_and_oneself_and_never_duplicates(db, accounts, projects, alice, bob):
    project = new_project(projects, alice)
    with pytest.raises(InvalidInput, match="no active user named 'nobody'"):
        projects.share(alice.id, project.id, "nobody")
    with pytest.raises(InvalidInput, match="yours already"):
        projects.share(alice.id, project.id, "alice")
    with pytest.raises(InvalidInput, match="username"):
        projects.share(alice.id, project.id, "  ")
    accounts.create("dave", "dave-password")
    admin = accounts.create("root", "root-password", role="admin")
    AccountAdmin(accounts).set_disabled(admin, "dave", True)
    with pytest.raises(InvalidInput, match="no active user named 'dave'"):
        projects.share(alice.id, project.id, "dave")

    assert projects.share(alice.id, project.id, "bob") == ["bob"]
    assert projects.share(alice.id, project.id, "bob") == ["bob"]
    with session_scope(db) as session:
        assert len(session.exec(select(ProjectShareRow)).all()) == 1


def test_someone_it_is_not_shared_with_sees_nothing(projects, alice, bob, carol):
    project = new_project(projects, alice)
    projects.share(alice.id, project.id, "bob")
    assert projects.shared_with_me(carol.id) == []
    with pytest.raises(NotFound):
        projects.get_shared(carol.id, project.id)
    with pytest.raises(NotFound):
        projects.get_shared(bob.id, project.id + 999)


def test_a_viewer_lists_the_films_but_a_stranger_does_not(db, projects, alice, bob, carol, tmp_path):
    project = new_project(projects, alice)
    film = tmp_path / "film.mp4"
    film.write_bytes(b"film")
    with session_scope(db) as session:
        session.add(ExportRow(project_id=project.id, path=str(film), duration=6.0))
    exporter = Exporter(db, projects)
    projects.share(alice.id, project.id, "bob")
    assert [e.path for e in exporter.shared_films(bob.id, project.id)] == [str(film)]
    assert exporter.shared_films(alice.id, project.id) == exporter.films(alice.id, project.id)
    with pytest.raises(NotFound):
        exporter.films(bob.id, project.id)
    with pytest.raises(NotFound):
        exporter.shared_films(carol.id, project.id)


def test_deleting_the_project_drops_its_shares(db, projects, alice, bob):
    project = new_project(projects, alice)
    projects.share(alice.id, project.id, "bob")
    projects.delete(alice.id, project.id)
    assert projects.shared_with_me(bob.id) == []
    with session_scope(db) as session:
        assert session.exec(select(ProjectShareRow)).all() == []
