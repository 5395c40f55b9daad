"""Frame interpolation: more frames between the ones a video model made, without ghosts.

Stable Video Diffusion renders about 25 frames at 6-7 fps; a scene must play at the
project's 24/25 fps for its whole duration, so most frames of a take lie *between* two
generated ones. The thesis fills them with a linear blend of the neighbours ("blend"),
which shows a moving object twice, half-faded. "flow" (the default) is motion-compensated
instead: OpenCV's DIS optical flow is measured both ways between the two neighbours (on
small grey copies, for speed, then scaled up), each neighbour is warped with `cv2.remap`
to the in-between time, and the two warps are mixed by time, each pixel trusting the side
whose forward and backward flows agree (where they do not, that side is occluded there).

Everything is whole-frame OpenCV/numpy work: no per-pixel Python. Flow is computed once
per source pair and reused for every output frame between them, and `iter_retime` yields
frames one at a time so a long take never sits in memory as floats.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from numbers import Integral
from typing import Literal

import cv2
import numpy as np

from studio.errors import InvalidInput

Method = Literal["flow", "blend"]
METHODS: tuple[str, ...] = ("flow", "blend")

FLOW_SIDE = 512
"""Longest side of the grey copies the flow is measured on (full size when smaller)."""
_MIN_FLOW_SIDE = 16
"""Frames smaller than this (either side) are blended: DIS needs a few 8-pixel patches to work with."""
_CONSISTENCY_PX = 1.0
"""Forward-backward disagreement (in pixels) at which a side's weight halves."""
_LEAST_TRUST = 0.01
"""Floor of a side's trust, so the two weights never both vanish (cv2.blendLinear divides by their sum)."""


def iter_retime(frames: np.ndarray, target_count: int, method: Method = "flow") -> Iterator[np.ndarray]:
    """Resample N frames to `target_count` frames spanning the same motion, first frame to last, one at a time.

    Output frame i sits at source position i·(N−1)/(target_count−1): whole positions copy
    the source frame exactly, fractional ones are interpolated with `method`. Arguments are
    checked now, not at the first frame.
    """
    _check_frames(frames, minimum=1)
    if isinstance(target_count, bool) or not isinstance(target_count, Integral) or target_count < 1:
        raise InvalidInput(f"The number of frames to make must be a whole number of at least 1, got {target_count!r}.")
    if method not in METHODS:
        raise InvalidInput(f"The interpolation method must be one of {', '.join(METHODS)}, got {method!r}.")
    return _retimed(frames, int(target_count), method)


def _retimed(frames: np.ndarray, count: int, method: str) -> Iterator[np.ndarray]:
    span, steps = max(count - 1, 1), frames.shape[0] - 1
    pair: _Pair | None = None
    for i in range(count):
        lower, rest = divmod(i * steps, span)  # exact: no float decides whether a frame is an original
        if rest == 0:
            yield frames[lower]
            continue
        if pair is None or pair.index != lower:
            pair = _Pair(frames[lower], frames[lower + 1], lower, method)
        yield pair.at(rest / span)


def _check_frames(frames: object, minimum: int) -> None:
    if not isinstance(frames, np.ndarray) or frames.ndim != 4 or frames.shape[-1] != 3:
        shape = getattr(frames, "shape", None)
        raise InvalidInput(f"Frames must be an N×H×W×3 array of RGB pictures, got shape {shape}.")
    if frames.dtype != np.uint8:
        raise InvalidInput(f"Frames must be 8-bit (uint8), got {frames.dtype}.")
    if frames.shape[0] < minimum:
        raise InvalidInput(f"Interpolating needs at least {minimum} frame(s), got {frames.shape[0]}.")
    if frames.shape[1] == 0 or frames.shape[2] == 0:
        raise InvalidInput(f"Frames must not be empty, got {frames.shape[2]}×{frames.shape[1]} pictures.")


class _Pair:
    """Two neighbouring source frames, with the flow between them measured once, and any time in between."""

    def __init__(self, a: np.ndarray, b: np.ndarray, index: int, method: str) -> None:
        self.a, self.b, self.index = np.ascontiguousarray(a), np.ascontiguousarray(b), index
        self.same = np.array_equal(a, b)
        height, width = a.shape[:2]
        self.flow = method == "flow" and not self.same and min(height, width) >= _MIN_FLOW_SIDE
        if self.flow:
            self._measure()

    def at(self, t: float) -> np.ndarray:
        if self.same:
            return self.a.copy()
        if not self.flow:
            mixed = self.a.astype(np.float32) * (1.0 - t) + self.b.astype(np.float32) * t
            return np.clip(np.rint(mixed), 0, 255).astype(np.uint8)
        # Backward warps: the picture at time t, pixel x, is a at x − t·F_ab(x) and b at x − (1−t)·F_ba(x).
        warp = cv2.INTER_LINEAR, cv2.BORDER_REPLICATE
        map_a = cv2.scaleAdd(self.ab, -t, self.grid)
        map_b = cv2.scaleAdd(self.ba, t - 1.0, self.grid)
        from_a = cv2.remap(self.a, map_a, None, *warp)
        from_b = cv2.remap(self.b, map_b, None, *warp)
        # Each side's weight: its time weight, times how well its flow is confirmed by the other direction there.
        weight_a = cv2.remap(self.trust_a, map_a, None, *warp) * np.float32(1.0 - t)
        weight_b = cv2.remap(self.trust_b, map_b, None, *warp) * np.float32(t)
        return cv2.blendLinear(from_a, from_b, weight_a, weight_b)

    def _measure(self) -> None:
        height, width = self.a.shape[:2]
        scale = min(1.0, FLOW_SIDE / max(height, width))
        small = (max(_MIN_FLOW_SIDE, round(width * scale)), max(_MIN_FLOW_SIDE, round(height * scale)))
        grey_a, grey_b = (_grey(frame, small) for frame in (self.a, self.b))
        dis = cv2.DISOpticalFlow_create(cv2.DISOPTICAL_FLOW_PRESET_MEDIUM)
        ab = dis.calc(grey_a, grey_b, None)
        ba = dis.calc(grey_b, grey_a, None)
        # Forward-backward consistency, in full-size pixels: F_ab(x) + F_ba(x + F_ab(x)) is 0 where x is seen in both.
        to_full = np.array([width / small[0], height / small[1]], np.float32)
        small_grid = _grid(small[1], small[0])
        miss_a = _length((ab + cv2.remap(ba, small_grid + ab, None, cv2.INTER_LINEAR)) * to_full)
        miss_b = _length((ba + cv2.remap(ab, small_grid + ba, None, cv2.INTER_LINEAR)) * to_full)
        full = (width, height)
        self.ab = cv2.resize(ab, full, interpolation=cv2.INTER_LINEAR) * to_full
        self.ba = cv2.resize(ba, full, interpolation=cv2.INTER_LINEAR) * to_full
        self.trust_a = cv2.resize(_trust(miss_a), full, interpolation=cv2.INTER_LINEAR)
        self.trust_b = cv2.resize(_trust(miss_b), full, interpolation=cv2.INTER_LINEAR)
        self.grid = _grid(height, width)


def _grey(frame: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    grey = cv2.cvtColor(np.ascontiguousarray(frame), cv2.COLOR_RGB2GRAY)
    if (grey.shape[1], grey.shape[0]) == size:
        return grey
    return cv2.resize(grey, size, interpolation=cv2.INTER_AREA)


def _length(vectors: np.ndarray) -> np.ndarray:
    return cv2.magnitude(np.ascontiguousarray(vectors[..., 0]), np.ascontiguousarray(vectors[..., 1]))


def _trust(miss: np.ndarray) -> np.ndarray:
    """1 where the flows agree, falling smoothly to a floor (an all-occluded pixel still gets both sides)."""
    return np.maximum(1.0 / (1.0 + (miss / _CONSISTENCY_PX) ** 2), _LEAST_TRUST).astype(np.float32)


@functools.lru_cache(maxsize=4)
def _grid(height: int, width: int) -> np.ndarray:
    """H×W×2 float32 pixel coordinates (x, y), the identity map for `cv2.remap` (cached: never write to it)."""
    xs, ys = np.meshgrid(np.arange(width, dtype=np.float32), np.arange(height, dtype=np.float32))
    return np.dstack((xs, ys))
