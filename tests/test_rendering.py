"""Rendering scenes into takes and exporting films, through the services the UI calls."""

from pathlib import Path

import pytest
from PIL import Image

from conftest import make_board
from studio.engines.animatic import AnimaticEngine
from studio.errors import InvalidInput, NotFound
from studio.media import probe
from studio.production.exports import Exporter
from studio.production.rendering import Renderer
from studio.production.uploads import store_keyframe
from studio.progress import Canceled

SIZE = dict(width=96, height=64, fps=8)


@pytest.fixture
def renderer(db, projects) -> Renderer:
    return Renderer(db, projects, AnimaticEngine())


@pytest.fixture
def exporter(db, projects) -> Exporter:
    return Exporter(db, projects)


def render_every_scene(renderer: Renderer, owner_id: int, project_id: int) -> list:
    """Each scene without a take rendered, in storyboard order (as a pipeline job does)."""
    return [renderer.render_scene(owner_id, scene_id) for scene_id in renderer.scenes_to_render(owner_id, project_id)]


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
    assert not list(projects.folder(alice.id, project.id).root.rglob("*.mp4"))


def test_scenes_to_render_are_those_without_a_take_in_storyboard_order(renderer, projects, alice, project):
    renderer.render_scene(alice.id, project.scenes[0].id)
    assert renderer.scenes_to_render(alice.id, project.id) == [s.id for s in project.scenes[1:]]
    projects.move_scene(alice.id, project.id, 3, -1)
    assert renderer.scenes_to_render(alice.id, project.id) == [project.scenes[2].id, project.scenes[1].id]
    render_every_scene(renderer, alice.id, project.id)
    assert renderer.scenes_to_render(alice.id, project.id) == []


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
        renderer.scenes_to_render(bob.id, project.id)
    with pytest.raises(NotFound):
        exporter.export(bob.id, project.id)


def test_export_needs_every_scene_rendered(renderer, exporter, alice, project):
    renderer.render_scene(alice.id, project.scenes[0].id)
    with pytest.raises(InvalidInput, match=r"Render scene\(s\) 2, 3 first"):
        exporter.export(alice.id, project.id)


def test_export_stitches_active_takes_in_storyboard_order(renderer, exporter, projects, alice, project):
    render_every_scene(renderer, alice.id, project.id)
    projects.move_scene(alice.id, project.id, 3, -2)
    film = exporter.export(alice.id, project.id)
    info = probe(Path(film.path))
    assert (info.codec, info.pix_fmt, info.width, info.height) == ("h264", "yuv420p", 96, 64)
    assert info.duration == pytest.approx(4.5, abs=0.15)
    assert film.mode == "copy"
    assert [e.id for e in exporter.films(alice.id, project.id)] == [film.id]


def test_export_refuses_when_a_take_file_went_missing(renderer, exporter, alice, project):
    takes = render_every_scene(renderer, alice.id, project.id)
    Path(takes[1].path).unlink()
    with pytest.raises(InvalidInput, match=r"scene\(s\) 2 is missing on disk"):
        exporter.export(alice.id, project.id)


def first_and_last_frames(path):
    import av

    with av.open(str(path)) as container:
        frames = [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]
    return frames[0].astype(float), frames[-1].astype(float)


def test_continuity_starts_a_scene_from_the_previous_scenes_last_frame(renderer, projects, alice, project, tmp_path):
    from studio.projects.controls import RenderControls

    upload = tmp_path / "photo.png"
    Image.new("RGB", (200, 120), (20, 180, 40)).save(upload)
    projects.set_keyframe(alice.id, project.scenes[0].id, store_keyframe(upload, tmp_path / "k", max_bytes=10**6))
    first = renderer.render_scene(alice.id, project.scenes[0].id)
    projects.set_controls(alice.id, project.scenes[1].id, continuity=True, controls=RenderControls())
    second = renderer.render_scene(alice.id, project.scenes[1].id)
    assert second.recipe["keyframe_source"] == "continuity:scene 1 take 1"
    _, end_of_first = first_and_last_frames(first.path)
    start_of_second, _ = first_and_last_frames(second.path)
    assert abs(start_of_second.mean(axis=(0, 1)) - end_of_first.mean(axis=(0, 1))).max() < 12


def test_continuity_needs_the_previous_scene_rendered_first(renderer, projects, alice, project):
    from studio.projects.controls import RenderControls

    projects.set_controls(alice.id, project.scenes[1].id, continuity=True, controls=RenderControls())
    with pytest.raises(InvalidInput, match="continues from scene 1, which has no take yet"):
        renderer.render_scene(alice.id, project.scenes[1].id)
    assert len(render_every_scene(renderer, alice.id, project.id)) == 3  # in order, so scene 1 is there in time


def test_scene_controls_reach_the_engine_and_a_fixed_seed_repeats(renderer, projects, alice, project):
    from studio.projects.controls import parse_controls

    controls = parse_controls({"seed": 1234, "steps": "", "motion_bucket_id": 90})
    scene = projects.set_controls(alice.id, project.scenes[0].id, continuity=False, controls=controls)
    assert scene.render_options == {"seed": 1234, "motion_bucket_id": 90}
    takes = [renderer.render_scene(alice.id, scene.id) for _ in range(2)]
    assert [t.recipe["seed"] for t in takes] == [1234, 1234]


def test_invalid_controls_and_continuity_on_scene_one_are_refused(projects, alice, project):
    from studio.projects.controls import RenderControls, parse_controls

    with pytest.raises(InvalidInput, match="motion_bucket_id must be at most 255"):
        parse_controls({"motion_bucket_id": 999})
    with pytest.raises(InvalidInput, match="Scene 1 has no previous scene"):
        projects.set_controls(alice.id, project.scenes[0].id, continuity=True, controls=RenderControls())


def test_an_unknown_engine_name_is_refused(renderer, alice, project):
    with pytest.raises(InvalidInput, match="No engine named 'svd'"):
        renderer.render_scene(alice.id, project.scenes[0].id, engine="svd")
