"""Canceling jobs: pending ones never run, running ones stop within a step and leave nothing behind."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import event

from conftest import make_board
from studio.engines.animatic import AnimaticEngine
from studio.errors import InvalidInput, NotFound
from studio.jobs.handlers import RenderScene
from studio.jobs.kinds import JobKind
from studio.lane.queue import JobQueue
from studio.lane.worker import Lane
from studio.production.rendering import Renderer
from tests.lane_support import Recorder, SlowFrameEngine, file_engine, frames_handler, wait_for_status, wait_until


@pytest.fixture
def db(tmp_path: Path):
    return file_engine(tmp_path)


@pytest.fixture
def queue(db) -> JobQueue:
    return JobQueue(db)


def test_a_canceled_pending_job_never_runs(queue, alice):
    recorder = Recorder()
    lane = Lane(queue, {"work": recorder})
    job = lane.submit(alice.id, "work", {})
    canceled = lane.cancel(job.id, alice.id)
    assert (canceled.status, canceled.stage) == ("canceled", "canceled")
    assert canceled.finished_at is not None
    assert lane.run_once() is False
    assert recorder.runs == []
    assert lane.status(job.id, alice.id).status == "canceled"


def test_canceling_a_render_midway_leaves_no_file_and_no_take_and_the_next_job_runs(db, queue, projects, alice):
    project = projects.create(
        alice.id, "idea", make_board("a long shot", "a short one"), writer="planner", width=64, height=64, fps=8
    )
    slow, quick = (scene.id for scene in project.scenes)
    engine = SlowFrameEngine(hold_at=2)
    renderer = Renderer(db, projects, {engine.name: engine, "animatic": AnimaticEngine()})
    lane = Lane(
        queue,
        {JobKind.RENDER: RenderScene(renderer)},
        partial_root=projects.projects_dir,
        idle_poll_s=0.05,
    )
    first = lane.submit(alice.id, JobKind.RENDER, {"scene_id": slow}, project_id=project.id, scene_id=slow)
    second = lane.submit(
        alice.id, JobKind.RENDER, {"scene_id": quick, "engine": "animatic"}, project_id=project.id, scene_id=quick
    )
    takes_folder = projects.folder(alice.id, project.id).takes
    lane.start()
    try:
        assert engine.held.wait(10), "the slow render never started"
        wait_until(lambda: list(takes_folder.glob("*.partial.mp4")), what="the render's partial file")
        running = wait_until(lambda: (job := lane.status(first.id, alice.id)).step == 2 and job, what="step 2")
        assert running.status == "running"
        lane.cancel(first.id, alice.id)
        ended = wait_for_status(queue, first.id, "canceled", "completed", "failed")
        finished = wait_for_status(queue, second.id, "completed", "failed", timeout=20)
    finally:
        lane.stop()
    assert ended.status == "canceled" and ended.error == "Canceled by the user."
    assert projects.takes(alice.id, slow) == []
    assert finished.status == "completed", finished.error
    [take] = projects.takes(alice.id, quick)
    assert finished.result["take_id"] == take.id
    assert sorted(takes_folder.iterdir()) == [Path(take.path)], "only the finished take's file is left"


def test_a_cancel_recorded_by_another_process_stops_the_running_job(db, queue, alice, tmp_path):
    engine = SlowFrameEngine(hold_at=2)
    partial_root = tmp_path / "renders"
    lane = Lane(queue, {"frames": frames_handler(partial_root, engine)}, partial_root=partial_root, idle_poll_s=0.05)
    job = lane.submit(alice.id, "frames", {})
    lane.start()
    try:
        assert engine.held.wait(10), "the render never started"
        JobQueue(file_engine(tmp_path)).cancel(job.id, alice.id)  # e.g. the API, on its own connection
        ended = wait_for_status(queue, job.id, "canceled", "completed", "failed", timeout=5)
    finally:
        lane.stop()
    assert ended.status == "canceled"
    assert list(partial_root.iterdir()) == []


def test_a_cancel_racing_a_claim_never_reports_canceled_for_a_job_a_worker_took(db, queue, alice, tmp_path):
    """The claim lands between the cancel's read and its write: the job is running, so it is stopped, not dropped."""
    job = queue.submit(alice.id, "work", {})
    lane_side = JobQueue(file_engine(tmp_path))
    claimed = []

    def claim_first(conn, cursor, statement, parameters, context, executemany):
        if statement.startswith("UPDATE job") and not claimed:
            claimed.append(lane_side.claim("lane"))

    event.listen(db, "before_cursor_execute", claim_first)
    try:
        answer = queue.cancel(job.id, alice.id)
    finally:
        event.remove(db, "before_cursor_execute", claim_first)
    assert claimed[0] is not None and claimed[0].id == job.id, "the claim won the race"
    assert answer.status == "running", "cancel must not say 'canceled' while a worker runs the job"
    assert queue.get(job.id).status == "running"
    assert lane_side.progress(job.id, 1, 4, "rendering") is True, "the worker is told to stop at its next step"


def test_only_the_owner_or_an_admin_can_cancel_a_job(queue, alice, bob):
    job = queue.submit(alice.id, "work", {})
    with pytest.raises(NotFound):
        queue.cancel(job.id, bob.id)
    with pytest.raises(NotFound):
        queue.get(job.id, bob.id)
    with pytest.raises(NotFound):
        queue.cancel(10_000, alice.id)
    assert queue.get(job.id).status == "pending"
    assert queue.cancel(job.id, None).status == "canceled"


def test_canceling_a_finished_job_says_so(queue, alice):
    lane = Lane(queue, {"work": Recorder()})
    done = lane.submit(alice.id, "work", {})
    assert lane.run_once()
    with pytest.raises(InvalidInput, match="already completed"):
        lane.cancel(done.id, alice.id)
    dropped = lane.submit(alice.id, "work", {})
    lane.cancel(dropped.id, alice.id)
    with pytest.raises(InvalidInput, match="already canceled"):
        lane.cancel(dropped.id, alice.id)
    assert queue.get(done.id).status == "completed"
