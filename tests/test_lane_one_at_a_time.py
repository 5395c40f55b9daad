"""One GPU, one job at a time: however many users submit at once, the worker's runs never overlap."""

from __future__ import annotations

import itertools
import threading

import pytest

from studio.lane.queue import JobQueue
from studio.lane.worker import Lane
from tests.lane_work import Recorder, wait_for_status, wait_until

pytestmark = pytest.mark.file_database


def assert_no_overlap(recorder: Recorder) -> None:
    runs = sorted(recorder.runs, key=lambda run: run.start)
    for before, after in itertools.pairwise(runs):
        assert after.start >= before.end, f"job {after.job_id} started before job {before.job_id} ended"


def test_two_users_submitting_at_once_run_one_job_at_a_time(db, owners):
    users = owners[:2]
    recorder = Recorder(steps=3, step_s=0.005)
    lane = Lane(JobQueue(db), {"work": recorder}, idle_poll_s=0.05)
    barrier = threading.Barrier(2)
    submitted: dict[int, list[int]] = {}

    def submit(owner: int) -> None:
        barrier.wait(timeout=10)
        submitted[owner] = [lane.submit(owner, "work", {"n": n}).id for n in range(5)]

    lane.start()
    try:
        submitters = [threading.Thread(target=submit, args=(owner,)) for owner in users]
        for thread in submitters:
            thread.start()
        for thread in submitters:
            thread.join(timeout=10)
        every = sorted(job_id for ids in submitted.values() for job_id in ids)
        assert len(every) == 10
        for job_id in every:
            assert wait_for_status(lane.queue, job_id, "completed", "failed").status == "completed"
    finally:
        lane.stop()
    assert sorted(recorder.order) == every, "each job ran exactly once"
    assert {run.thread for run in recorder.runs} == {"gpu-lane"}
    assert_no_overlap(recorder)


def test_starting_the_lane_twice_still_runs_one_worker(db, owner):
    """A second start() (a reloaded UI, say) must neither add a worker nor 'recover' the job running now."""
    gate = threading.Event()
    recorder = Recorder()

    def held(job, progress):
        gate.wait(10)
        return recorder(job, progress)

    lane = Lane(JobQueue(db), {"work": held}, idle_poll_s=0.05)
    first = lane.submit(owner, "work", {})
    second = lane.submit(owner, "work", {})
    lane.start()
    try:
        wait_until(lambda: lane.status(first.id).status == "running", what="the first job to start")
        lane.start()
        assert lane.status(first.id).status == "running"
        assert lane.status(first.id).attempts == 1
        assert [t.name for t in threading.enumerate()].count("gpu-lane") == 1
        gate.set()
        wait_for_status(lane.queue, second.id, "completed")
    finally:
        gate.set()
        lane.stop()
    assert recorder.order == [first.id, second.id]
    assert_no_overlap(recorder)


def test_a_stopped_lane_can_start_again(db, owner):
    recorder = Recorder()
    lane = Lane(JobQueue(db), {"work": recorder}, idle_poll_s=0.05)
    lane.start()
    lane.stop()
    job = lane.submit(owner, "work", {})
    lane.start()
    try:
        assert wait_for_status(lane.queue, job.id, "completed", "failed").status == "completed"
    finally:
        lane.stop()
