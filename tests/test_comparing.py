"""Comparing two takes of a scene through the production service: the takes must be the owner's and the
scene's, each side carries the label the caller words, and the clip lands in the project's compare folder."""

from __future__ import annotations

import pytest

from conftest import make_board
from studio.engines.animatic import AnimaticEngine
from studio.errors import InvalidInput, NotFound
from studio.media import probe
from studio.post.compare import GAP
from studio.production import Comparisons, Renderer


@pytest.fixture
def takes(db, projects, alice):
    """Two takes of scene 1 and one of scene 2 (96x64 animatics)."""
    project = projects.create(alice.id, "idea", make_board("dawn", "noon", duration=1.0), writer="planner",
                              width=96, height=64, fps=8)  # fmt: skip
    renderer = Renderer(db, projects, AnimaticEngine())
    first, other_scene = (renderer.render_scene(alice.id, scene.id) for scene in project.scenes)
    second = renderer.render_scene(alice.id, project.scenes[0].id)
    return project, first, second, other_scene


def test_two_takes_play_side_by_side_each_labelled_as_the_caller_words_it(projects, alice, takes):
    project, first, second, _ = takes
    labelled = []

    def label(take) -> str:
        labelled.append(take.id)
        return f"镜头 {take.number}"

    clip = Comparisons(projects).compare(alice.id, project.scenes[0].id, first.id, second.id, label)
    assert clip.parent == projects.folder(alice.id, project.id).compare
    info = probe(clip)
    assert (info.codec, info.width, info.height) == ("h264", 2 * 96 + GAP, 64)
    assert labelled == [first.id, second.id]


def test_a_take_can_be_compared_with_itself_and_the_default_labels_are_english(projects, alice, takes):
    project, first, _, _ = takes
    clip = Comparisons(projects).compare(alice.id, project.scenes[0].id, first.id, first.id)
    assert probe(clip).width == 2 * 96 + GAP


def test_a_scene_with_one_take_has_nothing_to_compare(projects, alice, takes):
    project, _, _, other_scene = takes
    with pytest.raises(InvalidInput, match="one take so far"):
        Comparisons(projects).compare(alice.id, project.scenes[1].id, other_scene.id, other_scene.id)


def test_each_side_needs_a_take(projects, alice, takes):
    project, first, _, _ = takes
    with pytest.raises(InvalidInput, match="Pick a take for each side"):
        Comparisons(projects).compare(alice.id, project.scenes[0].id, first.id, None)


def test_a_take_of_another_scene_is_refused(projects, alice, takes):
    project, first, _, other_scene = takes
    with pytest.raises(InvalidInput, match=f"Take id {other_scene.id} is not one of this scene's takes"):
        Comparisons(projects).compare(alice.id, project.scenes[0].id, first.id, other_scene.id)
    assert not projects.folder(alice.id, project.id).compare.exists()


def test_another_users_takes_cannot_be_compared(projects, bob, takes):
    project, first, second, _ = takes
    with pytest.raises(NotFound):
        Comparisons(projects).compare(bob.id, project.scenes[0].id, first.id, second.id)
