"""Frame interpolation: counts and positions, originals kept bit for bit, flow beats blending on motion."""

from __future__ import annotations

import time

import cv2
import numpy as np
import pytest

from studio.errors import InvalidInput
from studio.post.interpolate import Method, iter_retime

SIZE = (144, 256)  # H, W
SQUARE = 32
STEP = (8, 4)  # the square's motion per source frame, x and y, in pixels


def _background() -> np.ndarray:
    noise = np.random.default_rng(7).integers(0, 120, (*SIZE, 3), dtype=np.uint8)
    return cv2.GaussianBlur(noise, (0, 0), 1.5)  # texture DIS can lock on to, darker than the square


def _square_at(position: float, background: np.ndarray) -> np.ndarray:
    """The clip's picture at (possibly fractional) source position: the square drawn where it is then."""
    frame = background.copy()
    x, y = round(40 + position * STEP[0]), round(50 + position * STEP[1])
    frame[y : y + SQUARE, x : x + SQUARE] = (250, 240, 230)
    return frame


def _moving_square(count: int = 4) -> tuple[np.ndarray, np.ndarray]:
    background = _background()
    return np.stack([_square_at(i, background) for i in range(count)]), background


def _random_clip(count: int, height: int = 40, width: int = 64) -> np.ndarray:
    return np.random.default_rng(count).integers(0, 256, (count, height, width, 3), dtype=np.uint8)


def retime(frames: np.ndarray, count: int, method: Method = "flow") -> np.ndarray:
    return np.stack(list(iter_retime(frames, count, method)))


def multiplied(frames: np.ndarray, factor: int, method: Method = "flow") -> np.ndarray:
    """`factor`× the frames: (N−1)·factor+1 of them, the originals at every factor-th place."""
    return retime(frames, (len(frames) - 1) * factor + 1, method)


def _mae(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.abs(a.astype(np.int16) - b.astype(np.int16)).mean())


def _bright(frame: np.ndarray) -> np.ndarray:
    """Pixels that look like the square (the background never gets this bright)."""
    return frame.min(axis=-1) > 200


def _centroid(frame: np.ndarray) -> np.ndarray:
    ys, xs = np.nonzero(_bright(frame))
    return np.array([xs.mean(), ys.mean()])


@pytest.mark.parametrize("method", ["flow", "blend"])
@pytest.mark.parametrize("factor", [2, 4])
def test_multiplying_the_frames_keeps_every_original_at_every_factor_th_place(factor, method):
    clip = _random_clip(5)
    out = multiplied(clip, factor, method)
    assert out.shape == ((5 - 1) * factor + 1, *clip.shape[1:]) and out.dtype == np.uint8
    assert np.array_equal(out[::factor], clip)


@pytest.mark.parametrize("method", ["flow", "blend"])
def test_retiming_keeps_originals_exactly_at_whole_source_positions(method):
    clip = _random_clip(25)
    out = retime(clip, 97, method)  # position of frame i is i·24/96 = i/4: every 4th is an original
    assert out.shape == (97, *clip.shape[1:])
    assert np.array_equal(out[::4], clip)
    odd = retime(clip, 49, method)  # i·24/48 = i/2
    assert np.array_equal(odd[::2], clip)
    assert np.array_equal(retime(clip, 2, method), clip[[0, -1]])
    assert np.array_equal(retime(clip, 1, method), clip[:1])
    assert np.array_equal(retime(clip, 25, method), clip)


def test_retiming_to_a_scene_length_gives_duration_times_fps_frames_spanning_the_clip():
    clip, _ = _moving_square(14)
    for duration, fps in ((4.0, 24), (3.5, 25), (2.0, 24)):
        count = round(duration * fps)
        out = retime(clip, count)
        assert len(out) == count
        assert np.array_equal(out[0], clip[0]) and np.array_equal(out[-1], clip[-1])


def test_the_blend_method_is_the_thesis_linear_blend():
    frames = np.stack([np.full((32, 32, 3), v, np.uint8) for v in (0, 100, 200)])
    out = retime(frames, 5, "blend")
    assert out[:, 0, 0, 0].tolist() == [0, 50, 100, 150, 200]


def test_flow_puts_the_moving_square_where_it_really_is_between_frames():
    clip, background = _moving_square()
    truth = _square_at(1.5, background)
    flow, blend = multiplied(clip, 2, "flow")[3], multiplied(clip, 2, "blend")[3]
    flow_error, blend_error = _mae(flow, truth), _mae(blend, truth)
    print(f"middle frame MAE vs truth: flow {flow_error:.3f}, blend {blend_error:.3f}")
    assert flow_error < blend_error / 2
    # The blend shows two half-faded squares; only their overlap stays bright. Flow shows one whole square.
    assert abs(int(_bright(flow).sum()) - SQUARE * SQUARE) < SQUARE * SQUARE * 0.1
    assert _bright(blend).sum() < SQUARE * SQUARE * 0.8
    # Off the half step, the blend's bright overlap stays at the midpoint; the flow square sits at the true place.
    quarter_truth = _square_at(1.25, background)
    flow_q, blend_q = multiplied(clip, 4, "flow")[5], multiplied(clip, 4, "blend")[5]
    flow_off = np.linalg.norm(_centroid(flow_q) - _centroid(quarter_truth))
    blend_off = np.linalg.norm(_centroid(blend_q) - _centroid(quarter_truth))
    print(f"quarter frame centroid off by: flow {flow_off:.2f} px, blend {blend_off:.2f} px")
    assert flow_off < 1.0 < blend_off
    assert _mae(flow_q, quarter_truth) < _mae(blend_q, quarter_truth)


@pytest.mark.parametrize("method", ["flow", "blend"])
def test_identical_frames_interpolate_to_themselves(method):
    clip, _ = _moving_square(1)
    still = np.repeat(clip, 3, axis=0)
    for out in (multiplied(still, 4, method), retime(still, 11, method)):
        assert (out == still[0]).all()


def test_bad_arguments_are_refused_with_a_clear_message():
    clip = _random_clip(3)
    with pytest.raises(InvalidInput, match="at least 1 frame"):
        iter_retime(clip[:0], 2)
    with pytest.raises(InvalidInput, match="whole number of at least 1"):
        retime(clip, 0)
    with pytest.raises(InvalidInput, match="whole number"):
        iter_retime(clip, True)
    with pytest.raises(InvalidInput, match="at least 1"):
        iter_retime(clip, -4)  # checked at the call, not at the first frame
    with pytest.raises(InvalidInput, match="method must be one of flow, blend"):
        retime(clip, 5, "optical")  # type: ignore[arg-type]
    with pytest.raises(InvalidInput, match="N×H×W×3"):
        retime(clip[0], 5)
    with pytest.raises(InvalidInput, match="uint8"):
        retime(clip.astype(np.float32), 5)


def test_interpolating_a_take_sized_clip_is_quick():
    """24 frames of 1024×576, doubled: the time is printed (run with -s), not asserted."""
    background = cv2.resize(_background(), (1024, 576))
    clip = np.stack([np.roll(background, 6 * i, axis=1) for i in range(24)])
    started = time.perf_counter()
    out = multiplied(clip, 2)
    print(f"retime 24×1024×576 ×2 (flow): {time.perf_counter() - started:.2f} s")
    assert out.shape == (47, 576, 1024, 3)
