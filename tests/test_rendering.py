"""Rendering scenes into takes and exporting films, through the services the UI calls."""

from pathlib import Path

import pytest
from PIL import Image

from conftest import make_board
from studio.engines.animatic import AnimaticEngine
from studio.engines.base import Canceled
from studio.errors import InvalidInput, NotFound
from studio.exports import Exporter
from studio.keyframes import store_keyframe
from studio.media import probe
from studio.rendering import Renderer

SIZE = dict(width=96, height=64, fps=8)


@pytest.fixture
def renderer(db, projects) -> Renderer:
    return Renderer(db, projects, AnimaticEngine())


@pytest.fixture
def exporter(db, projects) -> Exporter:
    return Exporter(db, projects)


@pytest.fixture
def project(projects, alice):
    board = make_board("森林的清晨", "a river", "small animals", duration=1.5)
    return projects.create(alice.id, "idea", board, writer="planner", **SIZE)


def test_rendering_a_scene_records_a_take_with_its_recipe(renderer, projects, alice, project):
    scene = project.scenes[0]
    take = renderer.render_scene(alice.id, scene.id, seed=7)
    assert take.number == 1 and take.active
    assert Path(take.path).is_file()
    assert take.recipe["seed"] == 7
    assert take.recipe["engine"] == "animatic"
    assert take.recipe["camera"] == scene.camera
    info = probe(Path(take.path))
    assert (info.width, info.height, info.frames) == (96, 64, 12)
    assert projects.get(alice.id, project.id).scenes[0].active_take_id == take.id


def test_rerendering_adds_a_take_and_the_user_can_choose_the_earlier_one(renderer, projects, alice, project):
    scene = project.scenes[1]
    first = renderer.render_scene(alice.id, scene.id)
    second = renderer.render_scene(alice.id, scene.id)
    assert (first.number, second.number) == (1, 2)
    assert Path(first.path).is_file() and Path(second.path).is_file()
    projects.choose_take(alice.id, first.id)
    takes = projects.takes(alice.id, scene.id)
    assert [t.active for t in takes] == [True, False]


def test_progress_reaches_the_end(renderer, alice, project):
    seen = []
    renderer.render_scene(alice.id, project.scenes[0].id, lambda d, t, s: seen.append((d, t, s)))
    assert seen[-1][0] == seen[-1][1]
    assert [d for d, _, _ in seen] == sorted(d for d, _, _ in seen)


def test_a_canceled_render_leaves_no_take_and_no_file(renderer, projects, alice, project):
    def cancel(done, total, stage):
        if done == 3:
            raise Canceled

    with pytest.raises(Canceled):
        renderer.render_scene(alice.id, project.scenes[0].id, cancel)
    assert projects.takes(alice.id, project.scenes[0].id) == []
    assert not list(projects.folder(alice.id, project.id).rglob("*.mp4"))


def test_render_all_renders_only_scenes_without_a_take_unless_asked(renderer, alice, project):
    renderer.render_scene(alice.id, project.scenes[0].id)
    takes = renderer.render_all(alice.id, project.id)
    assert [t.scene_id for t in takes] == [s.id for s in project.scenes[1:]]
    assert renderer.render_all(alice.id, project.id) == []
    assert len(renderer.render_all(alice.id, project.id, rerender=True)) == 3


def test_an_uploaded_keyframe_is_what_the_scene_shows(renderer, projects, alice, project, tmp_path):
    upload = tmp_path / "photo.jpg"
    Image.new("RGB", (300, 200), (220, 30, 30)).save(upload)
    stored = store_keyframe(upload, tmp_path / "keyframes", max_bytes=5_000_000)
    projects.set_keyframe(alice.id, project.scenes[0].id, stored)
    take = renderer.render_scene(alice.id, project.scenes[0].id)
    assert take.recipe["keyframe"].startswith("upload:")
    import av

    with av.open(take.path) as container:
        frame = next(container.decode(video=0)).to_ndarray(format="rgb24")
    red, green, _ = frame.reshape(-1, 3).mean(axis=0)
    assert red > 150 and green < 80


def test_another_user_cannot_render_or_export(renderer, exporter, bob, project):
    with pytest.raises(NotFound):
        renderer.render_scene(bob.id, project.scenes[0].id)
    with pytest.raises(NotFound):
        renderer.render_all(bob.id, project.id)
    with pytest.raises(NotFound):
        exporter.export(bob.id, project.id)


def test_export_needs_every_scene_rendered(renderer, exporter, alice, project):
    renderer.render_scene(alice.id, project.scenes[0].id)
    with pytest.raises(InvalidInput, match=r"Render scene\(s\) 2, 3 first"):
        exporter.export(alice.id, project.id)


def test_export_stitches_active_takes_in_storyboard_order(renderer, exporter, projects, alice, project):
    renderer.render_all(alice.id, project.id)
    projects.move_scene(alice.id, project.id, 3, -2)
    film = exporter.export(alice.id, project.id)
    info = probe(Path(film.path))
    assert (info.codec, info.pix_fmt, info.width, info.height) == ("h264", "yuv420p", 96, 64)
    assert info.duration == pytest.approx(4.5, abs=0.15)
    assert film.mode == "copy"
    assert [e.id for e in exporter.list(alice.id, project.id)] == [film.id]


def test_export_refuses_when_a_take_file_went_missing(renderer, exporter, alice, project):
    takes = renderer.render_all(alice.id, project.id)
    Path(takes[1].path).unlink()
    with pytest.raises(InvalidInput, match=r"scene\(s\) 2 is missing on disk"):
        exporter.export(alice.id, project.id)
