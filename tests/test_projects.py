from pathlib import Path

import pytest

from studio.errors import InvalidInput, NotFound
from studio.records import TakeRow
from tests.builders import new_project


def rows(project):
    return [list(r) for r in project.rows()]


def add_take(db, scene_id, path: Path):
    from studio.db import session_scope

    path.write_bytes(b"clip")
    with session_scope(db) as session:
        take = TakeRow(
            scene_id=scene_id,
            number=1,
            engine="test",
            path=str(path),
            frames=8,
            fps=8,
            width=64,
            height=64,
            render_seconds=0.1,
        )
        session.add(take)
        session.flush()
        return take.id


def test_created_project_keeps_scenes_in_order(projects, alice):
    project = new_project(projects, alice, "one", "two", "three")
    assert [s.description for s in project.scenes] == ["one", "two", "three"]
    assert [s.number for s in project.scenes] == [1, 2, 3]
    assert project.total_duration == 6.0


def test_editing_a_cell_saves_it_and_keeps_the_scene_identity(projects, alice):
    project = new_project(projects, alice)
    table = rows(project)
    table[1][1] = "a wide river at dusk"
    table[1][2] = 5
    saved = projects.save_table(alice.id, project.id, table)
    assert saved.scenes[1].description == "a wide river at dusk"
    assert saved.scenes[1].duration == 5.0
    assert saved.scenes[1].id == project.scenes[1].id
    assert projects.get(alice.id, project.id) == saved


def test_an_invalid_edit_changes_nothing(projects, alice):
    project = new_project(projects, alice)
    table = rows(project)
    table[0][1] = "changed"
    table[2][2] = -3
    with pytest.raises(InvalidInput, match="Scene 3: duration must be at least 1"):
        projects.save_table(alice.id, project.id, table)
    assert projects.get(alice.id, project.id).scenes == project.scenes


def test_table_rows_without_a_number_become_new_scenes_and_missing_rows_are_deleted(projects, alice):
    project = new_project(projects, alice, "one", "two", "three")
    table = rows(project)
    table = [table[2], table[0], ["", "brand new", 3, "close up", "", ""]]
    saved = projects.save_table(alice.id, project.id, table)
    assert [s.description for s in saved.scenes] == ["three", "one", "brand new"]
    assert saved.scenes[0].id == project.scenes[2].id
    assert project.scenes[1].id not in {s.id for s in saved.scenes}


def test_add_delete_and_move_scenes(projects, alice):
    project = new_project(projects, alice, "one", "two", "three")
    project = projects.add_scene(alice.id, project.id, after=1)
    assert [s.description for s in project.scenes][:2] == ["one", "New scene: describe what the camera sees"]
    project = projects.delete_scene(alice.id, project.id, 2)
    assert [s.description for s in project.scenes] == ["one", "two", "three"]
    project = projects.move_scene(alice.id, project.id, 3, -1)
    assert [s.description for s in project.scenes] == ["one", "three", "two"]
    project = projects.move_scene(alice.id, project.id, 1, -1)
    assert [s.description for s in project.scenes] == ["one", "three", "two"]
    assert [s.number for s in project.scenes] == [1, 2, 3]


def test_deleting_a_scene_removes_its_takes_and_files(projects, alice, db, tmp_path):
    project = new_project(projects, alice, "one", "two", "three")
    clip = tmp_path / "take.mp4"
    take_id = add_take(db, project.scenes[1].id, clip)
    projects.delete_scene(alice.id, project.id, 2)
    assert not clip.exists()
    from studio.db import session_scope

    with session_scope(db) as session:
        assert session.get(TakeRow, take_id) is None


def test_the_last_scene_cannot_be_deleted_and_bad_numbers_are_refused(projects, alice):
    project = new_project(projects, alice, "only")
    with pytest.raises(InvalidInput, match="at least one scene"):
        projects.delete_scene(alice.id, project.id, 1)
    with pytest.raises(InvalidInput, match="no scene 7"):
        projects.move_scene(alice.id, project.id, 7, 1)


def test_scene_count_is_capped(projects, alice):
    project = new_project(projects, alice, *[f"s{i}" for i in range(10)])
    with pytest.raises(InvalidInput, match="at most 10 scenes"):
        projects.add_scene(alice.id, project.id)


def test_choosing_a_take_makes_it_active(projects, alice, db, tmp_path):
    project = new_project(projects, alice)
    take_id = add_take(db, project.scenes[0].id, tmp_path / "a.mp4")
    chosen = projects.choose_take(alice.id, take_id)
    assert chosen.active
    assert projects.get(alice.id, project.id).scenes[0].active_take_id == take_id
    assert [t.id for t in projects.takes(alice.id, project.scenes[0].id)] == [take_id]


def test_another_user_cannot_see_or_touch_a_project(projects, alice, bob, db, tmp_path):
    project = new_project(projects, alice)
    take_id = add_take(db, project.scenes[0].id, tmp_path / "a.mp4")
    project = projects.get(alice.id, project.id)
    assert projects.summaries(bob.id) == []
    attempts = [
        lambda: projects.get(bob.id, project.id),
        lambda: projects.save_table(bob.id, project.id, rows(project)),
        lambda: projects.add_scene(bob.id, project.id),
        lambda: projects.delete_scene(bob.id, project.id, 1),
        lambda: projects.move_scene(bob.id, project.id, 1, 1),
        lambda: projects.rename(bob.id, project.id, "mine"),
        lambda: projects.delete(bob.id, project.id),
        lambda: projects.takes(bob.id, project.scenes[0].id),
        lambda: projects.choose_take(bob.id, take_id),
        lambda: projects.set_keyframe(bob.id, project.scenes[0].id, None),
    ]
    for attempt in attempts:
        with pytest.raises(NotFound):
            attempt()
    assert projects.get(alice.id, project.id) == project


def test_history_lists_own_projects_newest_first(projects, alice):
    first = new_project(projects, alice, "a", "b", "c")
    second = new_project(projects, alice, "d", "e", "f")
    projects.rename(alice.id, first.id, "Renamed")
    listed = projects.summaries(alice.id)
    assert [p.id for p in listed] == [first.id, second.id]
    assert listed[0].title == "Renamed"
    assert listed[0].scene_count == 3 and listed[0].rendered_count == 0


def test_deleting_a_project_removes_its_folder(projects, alice):
    project = new_project(projects, alice)
    folder = projects.folder(alice.id, project.id).root
    folder.mkdir(parents=True)
    (folder / "x.mp4").write_bytes(b"x")
    projects.delete(alice.id, project.id)
    assert not folder.exists()
    assert projects.summaries(alice.id) == []


def test_data_survives_a_new_engine_on_the_same_file(tmp_path, alice):
    from studio.accounts import Accounts
    from studio.db import init_db, make_engine
    from studio.projects.service import Projects

    url = f"sqlite:///{tmp_path / 'studio.db'}"
    engine = make_engine(url)
    init_db(engine)
    owner = Accounts(engine).create("carol", "carol-password")
    store = Projects(engine, tmp_path / "projects")
    project = new_project(store, owner)
    table = rows(project)
    table[0][1] = "edited before the restart"
    store.save_table(owner.id, project.id, table)
    engine.dispose()

    reopened = Projects(make_engine(url), tmp_path / "projects")
    assert reopened.get(owner.id, project.id).scenes[0].description == "edited before the restart"


def test_a_rewritten_scene_replaces_one_scene_and_keeps_its_identity(projects, alice):
    from studio.storyboard.schema import Scene

    project = new_project(projects, alice, "one", "two", "three")
    board = project.storyboard()
    assert [s.description for s in board.scenes] == ["one", "two", "three"]
    rewritten = Scene(description="two, at night", duration=4, camera="close up", narration="夜色")
    saved = projects.replace_scene(alice.id, project.id, 2, rewritten)
    assert saved.scenes[1].description == "two, at night" and saved.scenes[1].id == project.scenes[1].id
    assert [s.description for s in saved.scenes] == ["one", "two, at night", "three"]
    with pytest.raises(InvalidInput, match="no scene 9"):
        projects.replace_scene(alice.id, project.id, 9, rewritten)
