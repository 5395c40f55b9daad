"""A look (filters, colour matching) makes a new take of the scene; the original stays."""

from pathlib import Path

import numpy as np
import pytest

from conftest import make_board
from studio.engines.animatic import AnimaticEngine
from studio.errors import InvalidInput, NotFound
from studio.media import last_frame
from studio.post.filters import parse_chain
from studio.production.looks import Looks
from studio.production.rendering import Renderer


@pytest.fixture
def setup(db, projects, alice):
    board = make_board("dawn", "noon", duration=1.0)
    project = projects.create(alice.id, "idea", board, writer="planner", width=96, height=64, fps=8)
    renderer = Renderer(db, projects, AnimaticEngine())
    takes = [renderer.render_scene(alice.id, scene.id) for scene in project.scenes]
    return project, takes, Looks(db, projects)


def test_a_filter_makes_a_new_active_take_and_keeps_the_original(setup, projects, alice):
    project, takes, looks = setup
    look = looks.apply(alice.id, takes[0].id, parse_chain({"brightness": 0.4}))
    assert look.number == 2 and look.active
    assert look.recipe["derived_from"] == takes[0].id and look.recipe["filters"] == {"brightness": 0.4}
    assert Path(takes[0].path).is_file() and Path(look.path).is_file()
    assert last_frame(Path(look.path)).mean() > last_frame(Path(takes[0].path)).mean() + 20
    projects.choose_take(alice.id, takes[0].id)  # undo: the original is one click away
    assert projects.get(alice.id, project.id).scenes[0].active_take_id == takes[0].id


def test_colour_matching_pulls_a_scene_toward_the_previous_scenes_last_frame(setup, alice):
    _, takes, looks = setup
    before = last_frame(Path(takes[1].path)).reshape(-1, 3).mean(axis=0)
    target = last_frame(Path(takes[0].path)).reshape(-1, 3).mean(axis=0)
    matched = looks.apply(alice.id, takes[1].id, parse_chain({}), colour_match=True)
    after = last_frame(Path(matched.path)).reshape(-1, 3).mean(axis=0)
    assert np.abs(after - target).sum() < np.abs(before - target).sum()
    assert matched.recipe["colour_match"] == {"take": takes[0].id, "frame": "last"}


def test_colour_matching_the_first_scene_and_empty_looks_are_refused(setup, alice):
    _, takes, looks = setup
    with pytest.raises(InvalidInput, match="needs the previous scene's take"):
        looks.apply(alice.id, takes[0].id, parse_chain({}), colour_match=True)
    with pytest.raises(InvalidInput, match="at least one filter"):
        looks.apply(alice.id, takes[0].id, parse_chain({}))


def test_another_user_cannot_apply_a_look(setup, bob):
    _, takes, looks = setup
    with pytest.raises(NotFound):
        looks.apply(bob.id, takes[0].id, parse_chain({"sepia": 1}))


def test_a_look_is_previewed_on_one_frame_without_making_a_take(setup, projects, alice):
    project, takes, looks = setup
    plain = np.asarray(looks.preview(alice.id, takes[0].id, {}), dtype=float)
    brighter = np.asarray(looks.preview(alice.id, takes[0].id, {"brightness": 0.4}), dtype=float)
    assert plain.shape == brighter.shape == (64, 96, 3)
    assert brighter.mean() > plain.mean() + 20
    assert [t.id for t in projects.takes(alice.id, project.scenes[0].id)] == [takes[0].id]


def test_a_bad_filter_value_or_someone_elses_take_gets_no_preview(setup, alice, bob):
    _, takes, looks = setup
    with pytest.raises(InvalidInput):
        looks.preview(alice.id, takes[0].id, {"brightness": 7})
    with pytest.raises(NotFound):
        looks.preview(bob.id, takes[0].id, {"sepia": 1})
