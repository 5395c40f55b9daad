"""The fixtures tests share: a database with accounts and projects, users, media factories, the real studio.

Nothing imports this file (pytest loads it); values tests build with arguments live in tests/builders.py,
and the lane's fake work, which spawned processes import too, in tests/lane_work.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import av
import numpy as np
import pytest
from sqlalchemy.engine import Engine

from studio.accounts import Account, Accounts
from studio.db import init_db, make_engine, session_scope
from studio.jobs import RENDER_KINDS
from studio.media import FrameWriter
from studio.projects import Projects
from studio.records import UserRow
from tests.lane_work import file_engine
from tests.studio_server import start_studio

FILE_DATABASE = "file_database"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{FILE_DATABASE}: the `db` fixture is a SQLite file in tmp_path (one connection per thread or "
        "process, as in production) instead of one in memory",
    )


# --- the database and the services on it -----------------------------------------------------------


@pytest.fixture
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Engine:
    """In memory, or tmp_path/studio.db in modules marked `pytestmark = pytest.mark.file_database`."""
    if request.node.get_closest_marker(FILE_DATABASE):
        return file_engine(tmp_path)
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
def boss(accounts) -> Account:
    return accounts.create("boss", "boss-password", role="admin")


@pytest.fixture
def projects(db, tmp_path: Path) -> Projects:
    return Projects(db, tmp_path / "projects", max_scenes=10)


# --- job owners for the lane (user rows without the cost of hashing a password) ----------------------


def add_users(engine: Engine, *names: str) -> list[int]:
    with session_scope(engine) as session:
        users = [UserRow(username=name, password_hash="not-a-hash") for name in names]
        session.add_all(users)
        session.flush()
        return [user.id for user in users]


@pytest.fixture
def owners(db) -> list[int]:
    """The ids of alice, bob and carol; the lane only needs ids."""
    return add_users(db, "alice", "bob", "carol")


@pytest.fixture
def owner(db) -> int:
    """The id of alice, the only user."""
    return add_users(db, "alice")[0]


# --- media (FrameWriter clips, frame decoding, MP4 box layout) --------------------------------------

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


# --- the real studio -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def studio(tmp_path_factory) -> Iterator[dict]:
    """The real app on a free port, one per test module, with the users of tests/studio_server.py."""
    yield from start_studio(tmp_path_factory)
