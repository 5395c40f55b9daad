"""Progress and failure: what a follower sees moves forward and ends at 100 %; a failing job never stops the lane."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import update

from studio.db import session_scope
from studio.errors import RenderFailed, StudioError
from studio.lane.queue import JobQueue, JobView
from studio.lane.worker import Lane, LaneStopped
from studio.records import JobRow, utcnow
from tests.lane_work import Recorder, wait_for_status

pytestmark = pytest.mark.file_database


def follow_in_background(lane: Lane, job_id: int, owner: int) -> tuple[threading.Thread, list[JobView]]:
    seen: list[JobView] = []
    thread = threading.Thread(target=lane.follow, args=(job_id, owner, seen.append), kwargs={"poll_s": 0.01})
    thread.start()
    return thread, seen


def test_a_follower_sees_progress_only_move_forward_and_end_at_100_percent(db, owner):
    recorder = Recorder(steps=15, step_s=0.04)
    lane = Lane(JobQueue(db), {"work": recorder}, idle_poll_s=0.05)
    job = lane.submit(owner, "work", {})
    follower, seen = follow_in_background(lane, job.id, owner)
    lane.start()
    try:
        follower.join(timeout=15)
        assert not follower.is_alive(), "follow() never saw the job end"
    finally:
        lane.stop()
    assert seen[0].status == "pending" and seen[0].position == 1
    assert seen[-1].status == "completed"
    assert (seen[-1].fraction, seen[-1].step, seen[-1].total) == (1.0, 15, 15)
    working = [view for view in seen if view.stage == "working"]
    assert len(working) >= 3, "progress is written while the job runs, not only at its end"
    assert [view.step for view in working] == sorted(view.step for view in working)
    fractions = [view.fraction for view in seen]
    assert fractions == sorted(fractions)
    midway = [view for view in working if 0 < view.step < view.total]
    assert midway and all(view.eta_seconds > 0 for view in midway)


def test_a_job_claimed_while_its_view_is_read_is_never_shown_pending_without_a_position(db, owner):
    queue = JobQueue(db)
    job = queue.submit(owner, "work", {})
    original = queue._positions

    def claimed_meanwhile(session):
        queue.claim("w")  # the worker wins the race between reading the job and reading the pending list
        return original(session)

    queue._positions = claimed_meanwhile
    seen = queue.get(job.id)
    assert (seen.status, seen.position) == ("running", None)
    queue._positions = original
    second = queue.submit(owner, "work", {})
    queue._positions = claimed_meanwhile
    listed = {v.id: (v.status, v.position) for v in queue.jobs(owner)}
    assert listed[second.id] == ("running", None)


def test_eta_comes_from_the_seconds_each_step_took(db, owner):
    queue = JobQueue(db)
    job = queue.submit(owner, "work", {})
    assert queue.get(job.id).eta_seconds is None, "no estimate while pending"
    assert queue.claim("w").eta_seconds is None, "no estimate before the first step"
    with session_scope(db) as session:
        session.execute(update(JobRow).where(JobRow.id == job.id).values(started_at=utcnow() - timedelta(seconds=10)))
    queue.progress(job.id, 5, 20, "denoising")
    running = queue.get(job.id)
    assert running.fraction == 0.25
    assert running.eta_seconds == pytest.approx(30.0, abs=1.0)  # 2 s a step, 15 steps to go
    queue.finish(job.id, "completed", result={})
    assert queue.get(job.id).eta_seconds is None


def test_a_job_failing_with_a_studio_error_keeps_its_message_and_the_next_job_runs(db, owner):
    def broken(job, progress):
        progress(0, 4, "rendering")
        raise RenderFailed("ffmpeg failed (exit 1): No space left on device")

    recorder = Recorder()
    lane = Lane(JobQueue(db), {"broken": broken, "work": recorder})
    bad = lane.submit(owner, "broken", {})
    good = lane.submit(owner, "work", {})
    assert lane.run_once() and lane.run_once()
    failed = lane.status(bad.id)
    assert (failed.status, failed.stage) == ("failed", "failed")
    assert failed.error == "ffmpeg failed (exit 1): No space left on device"
    assert failed.finished_at is not None
    assert lane.status(good.id).status == "completed"
    assert recorder.order == [good.id]


def test_an_unexpected_exception_fails_the_job_readably_and_the_lane_goes_on(db, owner):
    def out_of_memory(job, progress):
        progress(1, 25, "denoising")
        raise RuntimeError("CUDA out of memory. Tried to allocate 2.00 GiB")

    recorder = Recorder()
    lane = Lane(JobQueue(db), {"oom": out_of_memory, "work": recorder}, idle_poll_s=0.05)
    bad = lane.submit(owner, "oom", {})
    good = lane.submit(owner, "work", {})
    lane.start()
    try:
        failed = wait_for_status(lane.queue, bad.id, "failed", "completed")
        done = wait_for_status(lane.queue, good.id, "completed", "failed")
    finally:
        lane.stop()
    assert failed.status == "failed"
    assert "CUDA out of memory" in failed.error and "RuntimeError" in failed.error
    assert "Traceback" not in failed.error
    assert done.status == "completed" and done.result == {"ran": good.id}


def test_a_job_of_a_kind_the_lane_cannot_run_is_refused_at_submit(db, owner):
    lane = Lane(JobQueue(db), {"work": Recorder()})
    with pytest.raises(StudioError, match="cannot run 'paint' jobs"):
        lane.submit(owner, "paint", {})
    assert lane.jobs(owner) == []


def test_following_a_job_on_a_lane_that_is_not_running_ends_with_a_clear_error(db, owner):
    lane = Lane(JobQueue(db), {"work": Recorder()}, idle_poll_s=0.05)
    job = lane.submit(owner, "work", {})
    with pytest.raises(LaneStopped, match=rf"job {job.id} waits in the queue"):
        lane.follow(job.id, owner, poll_s=0.01, give_up_after_s=0.2)
    assert lane.queue.get(job.id).status == "pending", "the job itself is kept"
