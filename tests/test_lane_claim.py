"""Claiming jobs: each exactly once, whatever number of threads or processes claim at the same time."""

from __future__ import annotations

import multiprocessing
import threading
from collections import Counter

import pytest
from sqlalchemy import event

from studio.lane.queue import JobQueue
from studio.lane.worker import Lane
from tests.lane_work import Recorder, claim_until_empty, file_engine, file_url, pending_count

pytestmark = pytest.mark.file_database


def submit_many(queue: JobQueue, owners: list[int], count: int) -> list[int]:
    return [queue.submit(owners[i % len(owners)], "work", {"n": i}).id for i in range(count)]


def test_claim_on_an_empty_queue_returns_none(db, owners):
    queue = JobQueue(db)
    assert queue.claim("w") is None
    job = queue.submit(owners[0], "work", {})
    assert queue.claim("w").id == job.id
    assert queue.claim("w") is None, "a running job is not claimable again"


def test_threads_claiming_at_once_take_every_job_exactly_once(db, owners):
    queue = JobQueue(db)
    submitted = submit_many(queue, owners, 60)
    barrier = threading.Barrier(6)
    taken: dict[str, list[int]] = {}
    empty_while_pending: list[int] = []

    def claimer(name: str) -> None:
        mine = taken.setdefault(name, [])
        barrier.wait(timeout=10)
        while (job := queue.claim(name)) is not None:
            mine.append(job.id)
        empty_while_pending.append(pending_count(queue))

    threads = [threading.Thread(target=claimer, args=(f"t{i}",)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)

    claimed = [job_id for ids in taken.values() for job_id in ids]
    assert Counter(claimed) == Counter(submitted), "every job claimed once, none lost"
    assert empty_while_pending == [0] * 6, "claim said 'empty' while jobs were waiting"
    assert {job.status for job in queue.jobs(limit=0)} == {"running"}
    assert {job.attempts for job in queue.jobs(limit=0)} == {1}
    assert sum(1 for ids in taken.values() if ids) >= 2, "the claimers did not overlap"


def test_processes_claiming_at_once_take_every_job_exactly_once(db, owners, tmp_path):
    queue = JobQueue(db)
    submitted = submit_many(queue, owners, 60)
    db.dispose()  # no connection of ours is open while the claimers start
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(4), context.Queue()
    url = file_url(tmp_path)
    processes = [
        context.Process(target=claim_until_empty, args=(url, f"p{i}", barrier, results), daemon=True) for i in range(4)
    ]
    for process in processes:
        process.start()
    try:
        reports = [results.get(timeout=30) for _ in processes]
    finally:
        for process in processes:
            process.join(timeout=10)
            if process.is_alive():
                process.kill()
    assert all(process.exitcode == 0 for process in processes)

    claimed = [job_id for _, ids, _ in reports for job_id in ids]
    assert Counter(claimed) == Counter(submitted), "every job claimed once, none lost"
    assert [left for _, _, left in reports] == [0] * 4, "claim said 'empty' while jobs were waiting"
    assert {job.status for job in queue.jobs(limit=0)} == {"running"}


def test_claim_keeps_going_when_other_claimers_keep_winning_the_race(db, owners, tmp_path):
    """Each lost compare-and-set means someone else got a job; it is never a reason to report an empty queue."""
    queue = JobQueue(db)
    submit_many(queue, owners, 30)
    rival = JobQueue(file_engine(tmp_path))
    stolen: list[int] = []

    def rival_claims_first(conn, cursor, statement, parameters, context, executemany):
        if statement.startswith("UPDATE job SET status") and len(stolen) < 25:
            stolen.append(rival.claim("rival").id)

    event.listen(db, "before_cursor_execute", rival_claims_first)
    try:
        job = queue.claim("unlucky")
    finally:
        event.remove(db, "before_cursor_execute", rival_claims_first)
    assert len(stolen) == 25
    assert job is not None, "claim gave up while jobs were waiting"
    assert job.id not in stolen
    assert pending_count(queue) == 30 - 25 - 1


def test_a_job_canceled_before_it_is_claimed_never_runs(db, owners):
    queue = JobQueue(db)
    recorder = Recorder()
    lane = Lane(queue, {"work": recorder})
    first, second, third = (lane.submit(owners[0], "work", {}) for _ in range(3))
    assert lane.cancel(second.id, owners[0]).status == "canceled"
    while lane.run_once():
        pass
    assert recorder.order == [first.id, third.id]
    assert queue.get(second.id).status == "canceled"
    assert queue.get(second.id).attempts == 0
