"""Fair order: users take turns on the GPU, each user's jobs first-in first-out, and positions tell the truth."""

from __future__ import annotations

import pytest

from studio.lane.queue import JobQueue
from studio.lane.worker import Lane
from tests.lane_work import Recorder


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def lane(db, recorder) -> Lane:
    return Lane(JobQueue(db), {"work": recorder})


def run_all(lane: Lane) -> None:
    for _ in range(100):
        if not lane.run_once():
            return
    raise AssertionError("the lane never ran out of jobs")


def lane_order(lane: Lane) -> list[int]:
    """Pending job ids in the order their reported positions say they will run."""
    pending = [job for job in lane.jobs() if job.status == "pending"]
    assert [job.position for job in pending] == list(range(1, len(pending) + 1))
    return [job.id for job in pending]


def test_a_colleagues_single_job_runs_second_not_ninth(lane, recorder, owners):
    alice, bob, _ = owners
    alices = [lane.submit(alice, "work", {"n": n}).id for n in range(8)]
    bobs = lane.submit(bob, "work", {}).id
    assert lane.status(bobs).position == 2
    run_all(lane)
    assert recorder.order.index(bobs) == 1
    assert [job_id for job_id in recorder.order if job_id != bobs] == alices


def test_each_users_jobs_run_first_in_first_out(lane, recorder, owners):
    alice, bob, carol = owners
    submitted = {alice: [], bob: [], carol: []}
    for n in range(9):
        owner = owners[(n * 5) % 3]
        submitted[owner].append(lane.submit(owner, "work", {"n": n}).id)
    run_all(lane)
    for owner, ids in submitted.items():
        assert [run.job_id for run in recorder.runs if run.owner_id == owner] == ids


def test_reported_positions_match_the_order_the_worker_runs_jobs(lane, recorder, owners):
    alice, bob, carol = owners
    for owner, count in ((alice, 5), (bob, 1), (carol, 3), (bob, 2)):
        for _ in range(count):
            lane.submit(owner, "work", {})
    predicted = lane_order(lane)
    while predicted:
        for position, job_id in enumerate(predicted, start=1):
            assert lane.status(job_id).position == position
        assert lane.run_once()
        assert recorder.order[-1] == predicted[0], "the job at position 1 is the one that ran"
        after = lane_order(lane)
        assert after == predicted[1:], "positions only move up as jobs run"
        predicted = after
    assert lane.run_once() is False


def test_a_user_sees_their_place_in_the_whole_lane(lane, owners):
    alice, bob, _ = owners
    for _ in range(3):
        lane.submit(alice, "work", {})
    bobs = lane.submit(bob, "work", {})
    [mine] = lane.jobs(bob)
    assert (mine.id, mine.position) == (bobs.id, 2)
    assert all(job.owner_id == alice for job in lane.jobs(alice))


def test_a_user_who_just_had_a_turn_waits_behind_one_who_has_not(lane, recorder, owners):
    alice, bob, _ = owners
    lane.submit(alice, "work", {})
    run_all(lane)
    later = [lane.submit(alice, "work", {}).id for _ in range(2)]
    bobs = lane.submit(bob, "work", {}).id
    assert lane_order(lane) == [bobs, *later]
    run_all(lane)
    assert recorder.order[1:] == [bobs, *later]


def test_running_and_finished_jobs_have_no_position(lane, owners):
    alice, _, _ = owners
    first = lane.submit(alice, "work", {})
    lane.submit(alice, "work", {})
    assert lane.run_once()
    assert lane.status(first.id).position is None
    assert [job.position for job in lane.jobs(alice)] == [1, None]
