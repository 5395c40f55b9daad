"""The animatic engine: exact timing, camera moves that do what their names say, clean cancels."""

from __future__ import annotations

import hashlib
import itertools
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from studio.engines.animatic import AnimaticEngine, camera_move
from studio.engines.base import RenderRequest, VideoEngine
from studio.errors import InvalidInput
from studio.media import probe
from studio.progress import Canceled

WIDTH, HEIGHT, FPS = 256, 144, 8


def _request(camera: str = "medium shot", *, keyframe: Path | None = None, **overrides: object) -> RenderRequest:
    fields: dict[str, object] = {
        "scene_number": 2,
        "description": "雨夜的实验室里，一位科学家凝视着显微镜。",
        "camera": camera,
        "duration": 1.5,
        "width": WIDTH,
        "height": HEIGHT,
        "fps": FPS,
        "keyframe_path": keyframe,
    }
    fields.update(overrides)
    return RenderRequest(**fields)  # type: ignore[arg-type]


@pytest.fixture
def textured_keyframe(tmp_path: Path) -> Path:
    """A smooth random landscape: enough structure everywhere for motion and zoom to be measured."""
    rng = np.random.default_rng(7)
    coarse = rng.integers(0, 256, (18, 32, 3), dtype=np.uint8)
    smooth = cv2.resize(coarse, (640, 360), interpolation=cv2.INTER_CUBIC)
    detail = cv2.GaussianBlur(rng.integers(0, 256, (360, 640, 3), dtype=np.uint8), (0, 0), 2.0)
    image = cv2.addWeighted(smooth, 0.6, detail, 0.4, 0)
    path = tmp_path / "landscape.png"
    Image.fromarray(image).save(path)
    return path


def _gray(frame: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(frame, cv2.COLOR_RGB2GRAY).astype(np.float32)


def _zoom_error(before: np.ndarray, after: np.ndarray, zoom: float) -> float:
    """How far `after` is from the centre of `before` enlarged by `zoom` (compared on the central half)."""
    h, w = before.shape
    crop_w, crop_h = w / zoom, h / zoom
    offset_x = (w - crop_w) / 2 + 0.5 / zoom - 0.5
    offset_y = (h - crop_h) / 2 + 0.5 / zoom - 0.5
    matrix = np.array([[1 / zoom, 0, offset_x], [0, 1 / zoom, offset_y]])
    enlarged = cv2.warpAffine(before, matrix, (w, h), flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP)
    centre = (slice(h // 4, 3 * h // 4), slice(w // 4, 3 * w // 4))
    return float(np.mean((enlarged[centre] - after[centre]) ** 2))


def _best_zoom(before: np.ndarray, after: np.ndarray) -> float:
    zooms = np.arange(0.5, 2.01, 0.01)
    return float(zooms[int(np.argmin([_zoom_error(before, after, z) for z in zooms]))])


def _shift(before: np.ndarray, after: np.ndarray) -> tuple[float, float]:
    window = cv2.createHanningWindow((before.shape[1], before.shape[0]), cv2.CV_32F)
    (dx, dy), _ = cv2.phaseCorrelate(before, after, window)
    return dx, dy


@pytest.mark.parametrize(
    ("camera", "move"),
    [
        ("close up", "push-in"),
        ("Close-Up", "push-in"),
        ("closeup", "push-in"),
        ("特写", "push-in"),
        ("extreme close up", "strong push-in"),
        ("大特写", "strong push-in"),
        ("wide shot", "pan"),
        ("tracking shot", "pan"),
        ("全景", "pan"),
        ("远景", "pan"),
        ("medium shot", "medium push"),
        ("中景", "medium push"),
        ("aerial view", "pull-out"),
        ("航拍", "pull-out"),
        ("鸟瞰", "pull-out"),
        ("low angle", "tilt up"),
        ("仰拍", "tilt up"),
        ("static shot", "breathing"),
        ("handheld wobble", "drift"),
        ("", "drift"),
    ],
)
def test_camera_words_map_to_moves_in_english_and_chinese(camera: str, move: str) -> None:
    assert camera_move(camera) == move


def test_engine_satisfies_the_video_engine_protocol() -> None:
    engine: VideoEngine = AnimaticEngine()
    assert engine.name == "animatic"


def test_render_has_exact_frame_count_size_and_fps(tmp_path: Path) -> None:
    out = tmp_path / "take.mp4"
    result = AnimaticEngine().render(_request(duration=1.3), out)
    info = probe(out)
    assert round(1.3 * FPS) == 10
    assert (info.frames, info.width, info.height) == (10, WIDTH, HEIGHT)
    assert info.fps == pytest.approx(FPS)
    assert info.duration == pytest.approx(10 / FPS, abs=1e-6)
    assert (info.codec, info.pix_fmt) == ("h264", "yuv420p")
    assert (result.path, result.frames, result.fps, result.width, result.height) == (out, 10, FPS, WIDTH, HEIGHT)
    assert result.recipe["frames"] == 10
    assert result.recipe["duration"] == pytest.approx(10 / FPS)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["take.mp4"]


def test_a_very_short_scene_still_gets_one_frame(tmp_path: Path) -> None:
    result = AnimaticEngine().render(_request(duration=0.01), tmp_path / "take.mp4")
    assert result.frames == 1
    assert probe(result.path).frames == 1


def test_push_in_camera_enlarges_centre_over_time(tmp_path: Path, textured_keyframe: Path, read_frames) -> None:
    out = AnimaticEngine().render(_request("close up", keyframe=textured_keyframe), tmp_path / "t.mp4").path
    frames = [_gray(f) for f in read_frames(out)]
    first, last = frames[0], frames[-1]
    assert _zoom_error(first, last, 1.25) < 0.3 * _zoom_error(first, last, 1.0)
    # Centred zoom by the planned 1.25x: a drifting push would match no centred enlargement this well.
    assert _best_zoom(first, last) == pytest.approx(1.25, abs=0.05)


def test_extreme_close_up_pushes_in_further_than_close_up(tmp_path: Path, textured_keyframe: Path, read_frames) -> None:
    engine = AnimaticEngine()
    near = read_frames(engine.render(_request("close up", keyframe=textured_keyframe), tmp_path / "a.mp4").path)
    extreme = _request("特写镜头 extreme close-up", keyframe=textured_keyframe)
    nearer = read_frames(engine.render(extreme, tmp_path / "b.mp4").path)
    zoom_near = _best_zoom(_gray(near[0]), _gray(near[-1]))
    zoom_nearer = _best_zoom(_gray(nearer[0]), _gray(nearer[-1]))
    assert zoom_nearer > zoom_near + 0.2


def test_aerial_view_pulls_out(tmp_path: Path, textured_keyframe: Path, read_frames) -> None:
    out = AnimaticEngine().render(_request("aerial view", keyframe=textured_keyframe), tmp_path / "t.mp4").path
    frames = [_gray(f) for f in read_frames(out)]
    # Pulling out: the first frame is the last frame's middle, enlarged.
    assert _best_zoom(frames[-1], frames[0]) > 1.3


def test_wide_shot_pans_horizontally_and_the_seed_picks_the_direction(
    tmp_path: Path, textured_keyframe: Path, read_frames
) -> None:
    engine = AnimaticEngine()
    shifts = []
    for seed in (0, 1):
        out = engine.render(_request("wide shot", keyframe=textured_keyframe, seed=seed), tmp_path / f"{seed}.mp4").path
        frames = read_frames(out)
        shifts.append(_shift(_gray(frames[0]), _gray(frames[-1])))
    for dx, dy in shifts:
        assert abs(dx) > 0.15 * WIDTH
        assert abs(dy) < 0.1 * abs(dx)
    assert np.sign(shifts[0][0]) == -np.sign(shifts[1][0])


def test_low_angle_tilts_up_so_the_picture_slides_down(tmp_path: Path, textured_keyframe: Path, read_frames) -> None:
    out = AnimaticEngine().render(_request("low angle", keyframe=textured_keyframe), tmp_path / "t.mp4").path
    frames = read_frames(out)
    dx, dy = _shift(_gray(frames[0]), _gray(frames[-1]))
    assert dy > 0.15 * HEIGHT
    assert abs(dx) < 0.1 * dy


def test_camera_moves_ease_in_and_out(tmp_path: Path, textured_keyframe: Path, read_frames) -> None:
    request = _request("wide shot", keyframe=textured_keyframe, duration=2.0)
    frames = [_gray(f) for f in read_frames(AnimaticEngine().render(request, tmp_path / "t.mp4").path)]
    steps = [abs(_shift(a, b)[0]) for a, b in itertools.pairwise(frames)]
    middle = steps[len(steps) // 2]
    assert steps[0] < 0.5 * middle and steps[-1] < 0.5 * middle


def test_uploaded_keyframe_is_used_and_recorded(tmp_path: Path, read_frames) -> None:
    orange = np.zeros((180, 320, 3), np.uint8)
    orange[:] = (230, 130, 40)
    orange[::20] = (200, 110, 30)  # a few stripes so it is not perfectly flat
    keyframe = tmp_path / "orange.png"
    Image.fromarray(orange).save(keyframe)

    result = AnimaticEngine().render(_request("close up", keyframe=keyframe, seed=5), tmp_path / "take.mp4")
    frames = read_frames(result.path)
    mean = np.mean([f.reshape(-1, 3).mean(axis=0) for f in frames], axis=0)
    assert np.abs(mean - (227, 128, 39)).max() < 10
    assert result.recipe["keyframe"] == "upload:orange.png"
    assert result.recipe["keyframe_sha256"] == hashlib.sha256(keyframe.read_bytes()).hexdigest()
    assert result.recipe["engine"] == "animatic"
    assert result.recipe["move"] == "push-in"
    assert result.recipe["seed"] == 5
    assert (result.recipe["width"], result.recipe["height"], result.recipe["fps"]) == (WIDTH, HEIGHT, FPS)


def test_scene_without_keyframe_gets_a_title_card(tmp_path: Path, read_frames) -> None:
    result = AnimaticEngine().render(_request("static shot"), tmp_path / "take.mp4")
    frame = read_frames(result.path)[0]
    assert result.recipe["keyframe"] == "card"
    assert len(result.recipe["keyframe_sha256"]) == 64
    assert (frame.min(axis=2) > 200).sum() > 100  # the description is drawn in light ink
    assert frame.reshape(-1, 3).std(axis=0).max() > 10


def test_progress_reports_every_frame_then_encoding(tmp_path: Path) -> None:
    calls: list[tuple[int, int, str]] = []
    AnimaticEngine().render(_request(duration=1.0), tmp_path / "t.mp4", lambda d, t, s: calls.append((d, t, s)))
    assert calls[:-1] == [(i, 8, "animating") for i in range(8)]
    assert calls[-1] == (8, 8, "encoding")


@pytest.mark.parametrize("stage", ["animating", "encoding"])
def test_cancel_through_progress_leaves_no_file(tmp_path: Path, stage: str) -> None:
    def progress(done: int, total: int, current: str) -> None:
        if current == stage and (done == 3 or stage == "encoding"):
            raise Canceled()

    folder = tmp_path / "takes"
    with pytest.raises(Canceled):
        AnimaticEngine().render(_request(), folder / "take.mp4", progress)
    assert not folder.exists() or list(folder.iterdir()) == []


def test_render_refuses_odd_sizes_and_bad_durations(tmp_path: Path) -> None:
    engine = AnimaticEngine()
    with pytest.raises(InvalidInput, match="even"):
        engine.render(_request(width=255), tmp_path / "t.mp4")
    with pytest.raises(InvalidInput, match="duration"):
        engine.render(_request(duration=0), tmp_path / "t.mp4")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("fields", "message"),
    [({"width": 255}, "even"), ({"height": 32}, "64-2160 high"), ({"fps": 0}, "frames per second"),
     ({"duration": float("nan")}, "positive"), ({"duration": -1}, "positive"), ({"duration": "2"}, "a number")],
)  # fmt: skip
def test_a_render_request_checks_itself(fields: dict, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        _request(**fields)


def test_render_refuses_a_corrupt_keyframe(tmp_path: Path) -> None:
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"not an image at all")
    with pytest.raises(InvalidInput):
        AnimaticEngine().render(_request(keyframe=bad), tmp_path / "out" / "t.mp4")
    assert not (tmp_path / "out").exists()


def test_another_seed_renders_another_card_and_the_same_seed_the_same_take(tmp_path: Path, read_frames) -> None:
    engine = AnimaticEngine()
    # Seeds 0 and 2 pan the same way: only the picture can tell their takes apart.
    takes = {
        name: engine.render(_request("wide shot", seed=seed, duration=0.5), tmp_path / f"{name}.mp4")
        for name, seed in (("a", 0), ("again", 0), ("b", 2))
    }
    frames = {name: read_frames(result.path) for name, result in takes.items()}
    assert all(np.array_equal(x, y) for x, y in zip(frames["a"], frames["again"], strict=True))
    assert np.abs(frames["a"][0].astype(int) - frames["b"][0].astype(int)).mean() > 2
    assert takes["a"].recipe["keyframe_sha256"] == takes["again"].recipe["keyframe_sha256"]
    assert takes["a"].recipe["keyframe_sha256"] != takes["b"].recipe["keyframe_sha256"]
