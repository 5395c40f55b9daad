"""Storyboard thumbnails: the frame each scene starts from, small, cached, and never a broken table."""

from __future__ import annotations

import base64
import io

import numpy as np
import pytest
from PIL import Image

from studio.production.thumbnails import THUMB_HEIGHT, data_uri, scene_thumbnail
from studio.projects.views import SceneView

FRAME = (256, 144)


def scene(**changes) -> SceneView:
    base = SceneView(
        id=1,
        project_id=1,
        number=1,
        description="A river through the forest",
        duration=3.0,
        camera="wide shot",
        action="",
        narration="",
        keyframe_path=None,
        continuity=False,
        render_options={},
        active_take_id=None,
        active_take_number=None,
        take_count=0,
    )
    return base.model_copy(update=changes)


def picture(jpeg: bytes) -> np.ndarray:
    with Image.open(io.BytesIO(jpeg)) as image:
        assert image.format == "JPEG"
        return np.asarray(image.convert("RGB"), dtype=float)


def test_a_scene_without_take_or_keyframe_shows_its_title_card(tmp_path):
    jpeg = scene_thumbnail(scene(), FRAME, tmp_path)
    pixels = picture(jpeg)
    assert pixels.shape == (THUMB_HEIGHT, 96, 3)  # 16:9 like the project
    assert pixels.std() > 5, "a card has colours and text, not one flat colour"
    assert len(jpeg) < 8_000, "small enough to travel inline with the table"


def test_a_thumbnail_is_drawn_once_and_then_read_from_the_cache(tmp_path, monkeypatch):
    first = scene_thumbnail(scene(), FRAME, tmp_path)
    assert len(list(tmp_path.glob("*.jpg"))) == 1
    monkeypatch.setattr("studio.production.thumbnails.title_card", lambda *a, **k: pytest.fail("drawn again"))
    assert scene_thumbnail(scene(), FRAME, tmp_path) == first


def test_editing_the_description_changes_the_title_card_thumbnail_and_keeps_one_file(tmp_path):
    before = scene_thumbnail(scene(), FRAME, tmp_path)
    after = scene_thumbnail(scene(description="Night falls over the mountains"), FRAME, tmp_path)
    assert before != after
    scene_thumbnail(scene(id=2), FRAME, tmp_path)
    assert len(list(tmp_path.glob("scene1-*.jpg"))) == 1, "the old card's thumbnail was removed"
    assert len(list(tmp_path.glob("scene2-*.jpg"))) == 1


def test_an_uploaded_keyframe_is_shown_before_a_title_card(tmp_path):
    upload = tmp_path / "key.png"
    Image.new("RGB", (320, 180), (220, 20, 20)).save(upload)
    pixels = picture(scene_thumbnail(scene(keyframe_path=str(upload)), FRAME, tmp_path / "thumbs"))
    assert pixels[..., 0].mean() > 180 and pixels[..., 2].mean() < 60


def test_the_active_takes_first_frame_wins_over_the_upload(tmp_path, make_solid_clip):
    upload = tmp_path / "key.png"
    Image.new("RGB", (320, 180), (220, 20, 20)).save(upload)
    take = make_solid_clip(tmp_path / "take.mp4", (20, 20, 220), 4, width=256, height=144)
    view = scene(keyframe_path=str(upload), active_take_path=str(take), active_take_id=7, take_count=1)
    pixels = picture(scene_thumbnail(view, FRAME, tmp_path / "thumbs"))
    assert pixels[..., 2].mean() > 180 and pixels[..., 0].mean() < 60


def test_a_re_rendered_take_at_the_same_path_gets_a_new_thumbnail(tmp_path, make_solid_clip):
    take = make_solid_clip(tmp_path / "take.mp4", (20, 20, 220), 4, width=256, height=144)
    view = scene(active_take_path=str(take))
    blue = scene_thumbnail(view, FRAME, tmp_path / "thumbs")
    make_solid_clip(take, (20, 200, 20), 6, width=256, height=144)
    green = picture(scene_thumbnail(view, FRAME, tmp_path / "thumbs"))
    assert blue != green.tobytes() and green[..., 1].mean() > 150


def test_a_damaged_or_missing_take_falls_back_to_the_next_source(tmp_path):
    upload = tmp_path / "key.png"
    Image.new("RGB", (320, 180), (220, 20, 20)).save(upload)
    broken = tmp_path / "broken.mp4"
    broken.write_bytes(b"not a video at all")
    pixels = picture(scene_thumbnail(scene(active_take_path=str(broken), keyframe_path=str(upload)), FRAME, tmp_path))
    assert pixels[..., 0].mean() > 180
    gone = scene(active_take_path=str(tmp_path / "deleted.mp4"), keyframe_path=str(tmp_path / "deleted.png"))
    assert picture(scene_thumbnail(gone, FRAME, tmp_path)).shape == (THUMB_HEIGHT, 96, 3)


def test_portrait_projects_get_portrait_thumbnails(tmp_path):
    pixels = picture(scene_thumbnail(scene(), (144, 256), tmp_path))
    assert pixels.shape == (THUMB_HEIGHT, 30, 3)


def test_data_uri_carries_the_jpeg_inline(tmp_path):
    jpeg = scene_thumbnail(scene(), FRAME, tmp_path)
    uri = data_uri(jpeg)
    assert uri.startswith("data:image/jpeg;base64,")
    assert base64.b64decode(uri.split(",", 1)[1]) == jpeg


def test_the_service_keeps_a_projects_thumbnails_in_its_thumbs_folder(projects, alice):
    from studio.production import Thumbnails
    from tests.builders import make_board

    project = projects.create(alice.id, "idea", make_board("dawn", "dusk"), writer="planner", width=256, height=144,
                              fps=8)  # fmt: skip
    uris = [Thumbnails(projects).of_scene(alice.id, project, s) for s in project.scenes]
    assert all(uri.startswith("data:image/jpeg;base64,") for uri in uris) and uris[0] != uris[1]
    pixels = picture(base64.b64decode(uris[0].split(",", 1)[1]))
    assert pixels.shape == (THUMB_HEIGHT, 96, 3)
    thumbs = projects.folder(alice.id, project.id).thumbs
    assert sorted(p.name.split("-")[0] for p in thumbs.glob("*.jpg")) == [f"scene{s.id}" for s in project.scenes]
