"""The work the lane's tests give it, and what the processes they spawn run.

Fake GPU work (Recorder, a handler; SlowFrameEngine, an engine writing real frames slowly), the entry
points of spawned processes (claim_until_empty, crash_child), a file-backed database for a second
connection, and bounded waits. A module, not conftest, because those processes import it; the lane's
fixtures (`db` under `pytest.mark.file_database`, `owner`, `owners`) are in conftest.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
from sqlalchemy.engine import Engine

from studio.db import init_db, make_engine
from studio.engines.base import RenderRequest, RenderResult
from studio.lane.queue import JobQueue, JobView
from studio.media import FrameWriter
from studio.progress import ProgressFn, no_progress

T = TypeVar("T")

ROOT = Path(__file__).resolve().parents[1]


def file_url(folder: Path) -> str:
    return f"sqlite:///{folder / 'studio.db'}"


def file_engine(folder: Path) -> Engine:
    """A file-backed SQLite database: one connection per thread or process, as in production."""
    engine = make_engine(file_url(folder))
    init_db(engine)
    return engine


def wait_until(check: Callable[[], T], *, timeout: float = 10.0, what: str = "the condition") -> T:
    """Poll `check` until it returns something truthy; fail the test instead of hanging."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.01)


def wait_for_status(queue: JobQueue, job_id: int, *statuses: str, timeout: float = 10.0) -> JobView:
    return wait_until(
        lambda: (job := queue.get(job_id)).status in statuses and job,
        timeout=timeout,
        what=f"job {job_id} to be {' or '.join(statuses)}",
    )


@dataclass
class Run:
    job_id: int
    owner_id: int
    thread: str
    start: float
    end: float


@dataclass
class Recorder:
    """A handler that records which job ran, on which thread, from when to when (time.monotonic)."""

    steps: int = 1
    step_s: float = 0.0
    runs: list[Run] = field(default_factory=list)

    def __call__(self, job: JobView, progress: ProgressFn) -> dict[str, Any]:
        start = time.monotonic()
        for done in range(self.steps + 1):
            if done:
                time.sleep(self.step_s)
            progress(done, self.steps, "working")
        self.runs.append(Run(job.id, job.owner_id, threading.current_thread().name, start, time.monotonic()))
        return {"ran": job.id}

    @property
    def order(self) -> list[int]:
        return [run.job_id for run in self.runs]


class SlowFrameEngine:
    """A VideoEngine that writes real frames through FrameWriter, slowly, reporting each frame.

    With `hold_at`, it stops after that many frames and keeps reporting the same step (as a
    long denoising step does) until the progress callback raises, or `hold_s` passes.
    """

    name = "slow-frames"

    def __init__(self, *, frame_s: float = 0.0, hold_at: int | None = None, hold_s: float = 15.0) -> None:
        self.frame_s = frame_s
        self.hold_at = hold_at
        self.hold_s = hold_s
        self.held = threading.Event()

    def render(self, request: RenderRequest, out_path: Path, progress: ProgressFn | None = None) -> RenderResult:
        report = progress or no_progress
        total = max(1, round(request.duration * request.fps))
        frame = np.zeros((request.height, request.width, 3), np.uint8)
        started = time.perf_counter()
        report(0, total, "rendering")
        with FrameWriter(out_path, request.width, request.height, request.fps) as writer:
            for index in range(total):
                frame[:] = (index * 7) % 256
                writer.write(frame)
                time.sleep(self.frame_s)
                report(index + 1, total, "rendering")
                if self.hold_at is not None and index + 1 == self.hold_at:
                    self.held.set()
                    deadline = time.monotonic() + self.hold_s
                    while time.monotonic() < deadline:
                        time.sleep(0.02)
                        report(index + 1, total, "rendering")
        return RenderResult(
            path=out_path,
            frames=total,
            fps=request.fps,
            width=request.width,
            height=request.height,
            seconds=time.perf_counter() - started,
            recipe={"engine": self.name},
        )


def frames_handler(partial_root: Path, engine: SlowFrameEngine) -> Callable[[JobView, ProgressFn], dict[str, Any]]:
    """A lane handler that renders through `engine` into `partial_root`, without projects or scenes."""

    def handle(job: JobView, progress: ProgressFn) -> dict[str, Any]:
        request = RenderRequest(
            scene_number=1, description="x", camera="static", duration=4, width=64, height=64, fps=8
        )
        result = engine.render(request, partial_root / f"job{job.id}.mp4", progress)
        return {"path": str(result.path)}

    return handle


def claim_until_empty(url: str, name: str, barrier: Any, results: Any) -> None:
    """Run in a spawned process: claim until the queue says it is empty, then report what was taken.

    Also reports each time claim said None while jobs were still pending (it must never do that).
    """
    queue = JobQueue(make_engine(url))
    taken: list[int] = []
    barrier.wait(timeout=30)
    while True:
        job = queue.claim(name)
        if job is None:
            results.put((name, taken, pending_count(queue)))
            return
        taken.append(job.id)


def pending_count(queue: JobQueue) -> int:
    return sum(1 for job in queue.jobs(limit=0) if job.status == "pending")


def crash_child(db_path: str, partial_root: str) -> None:
    """The studio process the recovery tests kill: a lane rendering slowly into `partial_root`."""
    from studio.lane.worker import Lane

    engine = make_engine(f"sqlite:///{db_path}")
    root = Path(partial_root)
    slow = frames_handler(root, SlowFrameEngine(frame_s=0.05, hold_at=2, hold_s=30.0))
    lane = Lane(JobQueue(engine), {"slow": slow, "quick": Recorder()}, partial_root=root, idle_poll_s=0.05)
    lane.start()
    time.sleep(60)  # the test kills us long before; this bounds an orphan if it does not
    sys.exit(3)
