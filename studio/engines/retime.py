"""Retiming a generated clip to the length a scene asks for.

SVD makes a fixed number of frames (14 or 25) whatever the scene's duration and
the project's frame rate; the take must still last exactly `duration` seconds.
Most output frames therefore fall between two generated ones. They are made by
motion-compensated interpolation (DIS optical flow, `studio.post.interpolate`),
so moving edges stay sharp instead of ghosting; the thesis' linear blend of the
neighbours stays available as `method="blend"`.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from studio.post.interpolate import Method, iter_retime

RETIME_METHOD: Method = "flow"
"""How the SVD engine fills the frames between generated ones (recorded in each take's recipe)."""


def retimed(frames: np.ndarray, count: int, method: Method = RETIME_METHOD) -> Iterator[np.ndarray]:
    """Yield `count` uint8 frames spanning `frames` (N×H×W×3) from its first frame to its last.

    Output frame k samples the source at time k·(N−1)/(count−1), so the first and
    last frames are exact copies and the motion is spread evenly over the take.
    Frames come one at a time (a long take never sits in memory); bad arguments
    raise `InvalidInput` at the call, not at the first frame.
    """
    return iter_retime(frames, count, method)
