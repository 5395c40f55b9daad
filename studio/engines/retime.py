"""Retiming a generated clip to the length a scene asks for.

SVD makes a fixed number of frames (14 or 25) whatever the scene's duration and
the project's frame rate; the take must still last exactly `duration` seconds.
This stretches the clip by blending neighbouring frames linearly in time: cheap
and smooth, but moving edges ghost a little. It is kept to one small function so
an optical-flow interpolator can replace it without touching the engine.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

_CHUNK = 16
"""Output frames blended per numpy call: vectorised, yet a 10 s 60 fps 1080p take never sits in memory as floats."""


def retimed(frames: np.ndarray, count: int) -> Iterator[np.ndarray]:
    """Yield `count` uint8 frames spanning `frames` (N×H×W×3) from its first frame to its last.

    Output frame k samples the source at time k·(N−1)/(count−1), so the first and
    last frames are exact copies and the motion is spread evenly over the take.
    """
    if frames.ndim != 4 or frames.shape[0] == 0:
        raise ValueError(f"frames must be a non-empty N×H×W×C array, got shape {frames.shape}")
    if count < 1:
        raise ValueError(f"count must be at least 1, got {count}")
    source = frames.shape[0]
    positions = np.linspace(0.0, source - 1, count) if count > 1 else np.zeros(1)
    lower = np.floor(positions).astype(np.int64)
    upper = np.minimum(lower + 1, source - 1)
    weight = (positions - lower).astype(np.float32)
    for start in range(0, count, _CHUNK):
        part = slice(start, start + _CHUNK)
        w = weight[part, None, None, None]
        if not w.any():
            yield from frames[lower[part]]
            continue
        blended = frames[lower[part]].astype(np.float32) * (1.0 - w) + frames[upper[part]].astype(np.float32) * w
        yield from np.clip(np.rint(blended), 0, 255).astype(np.uint8)
