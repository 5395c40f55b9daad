"""Recovery: a studio killed mid-render loses nothing; its job is requeued, or failed once out of attempts."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from studio.lane.queue import JobQueue
from studio.lane.worker import Lane
from tests.lane_work import ROOT, Recorder, wait_for_status, wait_until

pytestmark = pytest.mark.file_database


def start_studio(tmp_path: Path, partial_root: Path) -> subprocess.Popen:
    """A separate studio process whose lane renders the slow job into `partial_root` (see lane_work.crash_child)."""
    arguments = f"{str(tmp_path / 'studio.db')!r}, {str(partial_root)!r}"
    code = f"from tests.lane_work import crash_child; crash_child({arguments})"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    log = (tmp_path / "studio.log").open("ab")
    return subprocess.Popen([sys.executable, "-c", code], env=env, stdout=log, stderr=log, start_new_session=True)


def kill_mid_render(tmp_path: Path, queue: JobQueue, job_id: int, partial_root: Path, *, attempt: int, group: bool):
    """Start a studio, wait until it is rendering `job_id` (seen in the database), then SIGKILL it.

    group=False kills the Python process only (its ffmpeg gets EOF and finishes the partial file
    by itself); group=True kills ffmpeg with it, as the OOM killer or a container stop would.
    """
    studio = start_studio(tmp_path, partial_root)

    def rendering():
        if studio.poll() is not None:
            raise AssertionError(f"the studio exited ({studio.returncode}): {(tmp_path / 'studio.log').read_text()}")
        job = queue.get(job_id)
        partials = list(partial_root.glob("*.partial*")) if partial_root.exists() else []
        return job.status == "running" and job.attempts == attempt and job.step >= 2 and partials

    try:
        wait_until(rendering, timeout=15, what=f"the studio to render job {job_id}")
        if group:
            os.killpg(studio.pid, signal.SIGKILL)
        else:
            os.kill(studio.pid, signal.SIGKILL)
        studio.wait(timeout=10)
    finally:
        if studio.poll() is None:
            os.killpg(studio.pid, signal.SIGKILL)
            studio.wait(timeout=10)
    assert studio.returncode == -signal.SIGKILL
    assert queue.get(job_id).status == "running", "the dead studio's job still looks running"


def integrity(db) -> str:
    with db.connect() as connection:
        return connection.exec_driver_sql("PRAGMA integrity_check").scalar()


def test_a_job_killed_mid_render_is_requeued_then_failed_on_its_last_attempt(tmp_path, db, owner):
    queue = JobQueue(db)
    partial_root = tmp_path / "projects"
    slow = queue.submit(owner, "slow", {}, label="scene 1", max_attempts=2)
    waiting = queue.submit(owner, "quick", {})

    kill_mid_render(tmp_path, queue, slow.id, partial_root, attempt=1, group=False)
    assert integrity(db) == "ok"
    restarted = Lane(queue, {"slow": Recorder(), "quick": Recorder()}, partial_root=partial_root)
    [requeued] = restarted.queue.recover()
    assert (requeued.id, requeued.status, requeued.attempts) == (slow.id, "pending", 1)
    assert requeued.error == "Interrupted by a restart during attempt 1; queued again."
    assert (requeued.step, requeued.total) == (0, 0)
    assert restarted.sweep_partials() >= 1
    assert list(partial_root.rglob("*.partial*")) == []
    assert queue.get(waiting.id).status == "pending"
    assert queue.get(slow.id).position == 1, "the requeued job keeps its place"

    kill_mid_render(tmp_path, queue, slow.id, partial_root, attempt=2, group=True)
    assert list(partial_root.glob("*.partial*")), "the killed ffmpeg left its partial file"
    assert integrity(db) == "ok"
    must_not_run, recorder = Recorder(), Recorder()
    restarted = Lane(queue, {"slow": must_not_run, "quick": recorder}, partial_root=partial_root, idle_poll_s=0.05)
    restarted.start()
    try:
        done = wait_for_status(queue, waiting.id, "completed", "failed")
    finally:
        restarted.stop()
    failed = queue.get(slow.id)
    assert (failed.status, failed.stage, failed.attempts) == ("failed", "failed", 2)
    assert failed.error.startswith("Interrupted by a restart")
    assert failed.finished_at is not None
    assert must_not_run.runs == []
    assert done.status == "completed" and recorder.order == [waiting.id]
    assert list(partial_root.rglob("*.partial*")) == []
    assert integrity(db) == "ok"


def test_a_job_canceled_while_the_studio_was_down_stays_canceled(tmp_path, db, owner):
    queue = JobQueue(db)
    job = queue.submit(owner, "work", {})
    assert queue.claim("a studio that then died").id == job.id
    assert queue.cancel(job.id, owner).status == "running"  # asked to stop; nobody left to stop it
    recorder = Recorder()
    lane = Lane(queue, {"work": recorder})
    [recovered] = lane.queue.recover()
    assert recovered.status == "canceled"
    assert lane.run_once() is False
    assert recorder.runs == []


def test_recovery_leaves_pending_and_finished_jobs_alone(tmp_path, db, owner):
    queue = JobQueue(db)
    lane = Lane(queue, {"work": Recorder()})
    done = lane.submit(owner, "work", {})
    lane.run_once()
    waiting = lane.submit(owner, "work", {})
    assert queue.recover() == []
    assert queue.get(done.id).status == "completed"
    assert queue.get(waiting.id).status == "pending"
    assert queue.get(waiting.id).error == ""
