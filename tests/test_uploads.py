"""Uploads into a project: a keyframe for a scene and the film's music, checked, kept as clean copies and
recorded on the project, or refused with nothing left behind."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from conftest import make_board
from studio.errors import InvalidInput, NotFound
from studio.media import run_ffmpeg
from studio.production import Uploads


@pytest.fixture
def uploads(projects) -> Uploads:
    return Uploads(projects, max_bytes=5_000_000)


@pytest.fixture
def project(projects, alice):
    return projects.create(alice.id, "idea", make_board("dawn", "noon"), writer="planner", width=64, height=64, fps=8)


def image(path: Path, colour: tuple[int, int, int] = (200, 40, 40)) -> Path:
    Image.new("RGB", (80, 60), colour).save(path)
    return path


def tone(path: Path, seconds: int = 3) -> Path:
    run_ffmpeg(["-f", "lavfi", "-i", f"sine=frequency=330:duration={seconds}", str(path)])
    return path


def files_in(folder: Path) -> list[Path]:
    return sorted(folder.iterdir()) if folder.exists() else []


def test_an_uploaded_image_becomes_the_scenes_keyframe_as_a_clean_png_in_the_project(
    uploads, projects, alice, project, tmp_path
):
    scene = uploads.keyframe(alice.id, project.scenes[0].id, image(tmp_path / "photo.jpg"))
    stored = Path(scene.keyframe_path)
    assert stored.parent == projects.folder(alice.id, project.id).keyframes
    assert stored.suffix == ".png" and stored.name != "photo.png"
    with Image.open(stored) as kept:
        assert (kept.format, kept.size) == ("PNG", (80, 60))
    assert projects.scene(alice.id, project.scenes[0].id).keyframe_path == str(stored)


def test_a_second_keyframe_replaces_the_first_and_its_file(uploads, alice, project, tmp_path):
    first = uploads.keyframe(alice.id, project.scenes[0].id, image(tmp_path / "a.png"))
    second = uploads.keyframe(alice.id, project.scenes[0].id, image(tmp_path / "b.png", (10, 10, 200)))
    assert not Path(first.keyframe_path).exists()
    assert files_in(Path(second.keyframe_path).parent) == [Path(second.keyframe_path)]


def test_a_corrupt_image_is_refused_and_the_scene_keeps_its_title_card(uploads, projects, alice, project, tmp_path):
    junk = tmp_path / "junk.png"
    junk.write_bytes(b"\x89PNG not really an image" * 20)
    with pytest.raises(InvalidInput):
        uploads.keyframe(alice.id, project.scenes[0].id, junk)
    assert projects.scene(alice.id, project.scenes[0].id).keyframe_path is None
    assert files_in(projects.folder(alice.id, project.id).keyframes) == []


def test_a_keyframe_for_someone_elses_scene_is_refused_before_anything_is_stored(
    uploads, projects, alice, bob, project, tmp_path
):
    with pytest.raises(NotFound):
        uploads.keyframe(bob.id, project.scenes[0].id, image(tmp_path / "a.png"))
    assert files_in(projects.folder(alice.id, project.id).keyframes) == []
    assert files_in(projects.folder(bob.id, project.id).keyframes) == []


def test_a_keyframe_that_cannot_be_recorded_leaves_no_file(uploads, projects, alice, project, tmp_path, monkeypatch):
    def scene_deleted_meanwhile(*args, **kwargs):
        raise NotFound("That scene does not exist or is not yours.")

    monkeypatch.setattr(projects, "set_keyframe", scene_deleted_meanwhile)
    with pytest.raises(NotFound):
        uploads.keyframe(alice.id, project.scenes[0].id, image(tmp_path / "a.png"))
    assert files_in(projects.folder(alice.id, project.id).keyframes) == []


def test_uploaded_music_is_re_encoded_into_the_project_and_becomes_its_music(
    uploads, projects, alice, project, tmp_path
):
    projects.set_export_settings(alice.id, project.id, {"crossfade": 0.5})
    stored = uploads.music(alice.id, project.id, tone(tmp_path / "song.wav"))
    assert stored.path.parent == projects.folder(alice.id, project.id).music
    assert stored.path.suffix == ".m4a" and stored.path.is_file()
    assert stored.seconds == pytest.approx(3.0, abs=0.1)
    saved = projects.get(alice.id, project.id).export_settings
    assert saved["music_path"] == str(stored.path)
    assert saved["crossfade"] == 0.5, "the other finishing settings are kept"
    assert stored.project.export_settings == saved


def test_new_music_replaces_the_old_file(uploads, alice, project, tmp_path):
    first = uploads.music(alice.id, project.id, tone(tmp_path / "one.wav"))
    second = uploads.music(alice.id, project.id, tone(tmp_path / "two.wav", seconds=2))
    assert not first.path.exists()
    assert files_in(second.path.parent) == [second.path]


def test_a_file_that_is_not_audio_is_refused_and_the_project_keeps_its_settings(
    uploads, projects, alice, project, tmp_path
):
    junk = tmp_path / "song.mp3"
    junk.write_bytes(b"ID3 but nothing after" * 30)
    with pytest.raises(InvalidInput):
        uploads.music(alice.id, project.id, junk)
    assert projects.get(alice.id, project.id).export_settings == {}
    assert files_in(projects.folder(alice.id, project.id).music) == []


def test_music_too_large_for_the_upload_limit_is_refused(projects, alice, project, tmp_path):
    with pytest.raises(InvalidInput):
        Uploads(projects, max_bytes=1_000).music(alice.id, project.id, tone(tmp_path / "song.wav"))
    assert files_in(projects.folder(alice.id, project.id).music) == []


def test_music_for_someone_elses_project_is_refused_before_anything_is_stored(
    uploads, projects, alice, bob, project, tmp_path
):
    with pytest.raises(NotFound):
        uploads.music(bob.id, project.id, tone(tmp_path / "song.wav"))
    assert files_in(projects.folder(bob.id, project.id).music) == []
    assert projects.get(alice.id, project.id).export_settings == {}
