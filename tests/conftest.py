"""Shared fixtures: an in-memory database with services, and two users."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.accounts import Account, Accounts
from studio.db import init_db, make_engine
from studio.jobs.kinds import RENDER_KINDS
from studio.projects.service import Projects
from studio.storyboard.schema import Scene, Storyboard


@pytest.fixture
def db():
    engine = make_engine("sqlite://")
    init_db(engine)
    return engine


@pytest.fixture
def accounts(db) -> Accounts:
    return Accounts(db, render_kinds=RENDER_KINDS)


@pytest.fixture
def alice(accounts) -> Account:
    return accounts.create("alice", "alice-password")


@pytest.fixture
def bob(accounts) -> Account:
    return accounts.create("bob", "bob-password")


@pytest.fixture
def projects(db, tmp_path: Path) -> Projects:
    return Projects(db, tmp_path / "projects", max_scenes=10)


def make_board(*descriptions: str, duration: float = 2.0) -> Storyboard:
    return Storyboard(
        title="Test film",
        scenes=[Scene(description=d, duration=duration, camera="wide shot") for d in descriptions],
    )


# --- media fixtures (FrameWriter clips, frame decoding, MP4 box layout) ---------------------------
# Used by test_media, test_animatic and test_stitch. Factories are fixtures so tests need no imports
# from conftest.

from collections.abc import Callable  # noqa: E402

import av  # noqa: E402
import numpy as np  # noqa: E402

from studio.media import FrameWriter  # noqa: E402

SolidClipMaker = Callable[..., Path]


@pytest.fixture
def make_solid_clip() -> SolidClipMaker:
    """Return make(path, rgb, frames, *, width=160, height=96, fps=8, crf=20) writing a one-colour clip."""

    def make(
        path: Path,
        rgb: tuple[int, int, int],
        frames: int,
        *,
        width: int = 160,
        height: int = 96,
        fps: int = 8,
        crf: int = 20,
    ) -> Path:
        frame = np.empty((height, width, 3), np.uint8)
        frame[:] = rgb
        with FrameWriter(path, width, height, fps, crf=crf) as writer:
            for _ in range(frames):
                writer.write(frame)
        return path

    return make


@pytest.fixture
def read_frames() -> Callable[[Path], list[np.ndarray]]:
    """Return read(path) -> every frame of the first video stream as an H×W×3 RGB array."""

    def read(path: Path) -> list[np.ndarray]:
        with av.open(str(path)) as container:
            return [frame.to_ndarray(format="rgb24") for frame in container.decode(video=0)]

    return read


@pytest.fixture
def mp4_top_level_boxes() -> Callable[[Path], list[str]]:
    """Return boxes(path) -> the MP4's top-level box types in file order (faststart means moov before mdat)."""

    def boxes(path: Path) -> list[str]:
        data = Path(path).read_bytes()
        found: list[str] = []
        offset = 0
        while offset + 8 <= len(data):
            size = int.from_bytes(data[offset : offset + 4], "big")
            kind = data[offset + 4 : offset + 8].decode("latin-1")
            if size == 1:
                size = int.from_bytes(data[offset + 8 : offset + 16], "big")
            elif size == 0:
                size = len(data) - offset
            found.append(kind)
            if size < 8:
                break
            offset += size
        return found

    return boxes
