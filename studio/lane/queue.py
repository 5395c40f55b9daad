"""Job rows and their life: pending -> running -> completed | failed | canceled.

Claiming is a compare-and-set UPDATE (... WHERE status = 'pending'), so a job is
claimed exactly once however many threads or processes claim at the same time, and
no session is held open while a job runs. Order is fair across users: the owner
whose last job started longest ago goes next (round-robin), first-in first-out within
an owner.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import col, func, select

from studio.db import session_scope
from studio.errors import InvalidInput, NotFound
from studio.records import JobRow, JSONDict, RowView, utcnow

Status = Literal["pending", "running", "completed", "failed", "canceled"]
ACTIVE: tuple[Status, ...] = ("pending", "running")
DONE: tuple[Status, ...] = ("completed", "failed", "canceled")


class JobView(RowView):
    id: int
    owner_id: int
    kind: str
    payload: JSONDict
    label: str
    project_id: int | None
    scene_id: int | None
    status: str
    stage: str
    step: int
    total: int
    attempts: int
    error: str
    result: JSONDict
    created_at: datetime
    started_at: datetime | None
    step_at: datetime | None
    finished_at: datetime | None
    position: int | None = None
    """1 for the next job to run, counted in the order the lane will take them; None unless pending."""

    @property
    def fraction(self) -> float:
        if self.status == "completed":
            return 1.0
        return min(1.0, self.step / self.total) if self.total else 0.0

    @property
    def eta_seconds(self) -> float | None:
        """Seconds left, from the seconds per step measured on this machine for this job so far."""
        if self.status != "running" or not self.started_at or not self.step_at or self.step <= 0 or not self.total:
            return None
        per_step = (self.step_at - self.started_at).total_seconds() / self.step
        return max(0.0, per_step * (self.total - self.step))


def fair_order(pending: list[JobRow], last_started: dict[int, datetime]) -> list[JobRow]:
    """The order the lane will run `pending` in: owners take turns, each owner's jobs first-in first-out.

    The owner who has waited longest since their last job started goes first, so a user
    with eight scenes queued does not hold a colleague's one scene back for eight renders.
    """
    queues: dict[int, list[JobRow]] = {}
    for job in sorted(pending, key=lambda j: (j.created_at, j.id)):
        queues.setdefault(job.owner_id, []).append(job)
    never = datetime.min.replace(tzinfo=UTC)

    def turn_key(owner: int) -> tuple[datetime, datetime]:
        return last_started.get(owner, never), queues[owner][0].created_at

    owners = sorted(queues, key=turn_key)
    ordered: list[JobRow] = []
    while any(queues[o] for o in owners):
        for owner in owners:
            if queues[owner]:
                ordered.append(queues[owner].pop(0))
    return ordered


class JobQueue:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # -- submitting and reading -----------------------------------------------------------------

    def submit(
        self,
        owner_id: int,
        kind: str,
        payload: dict[str, Any],
        *,
        label: str = "",
        project_id: int | None = None,
        scene_id: int | None = None,
        max_attempts: int = 2,
    ) -> JobView:
        with session_scope(self.engine) as session:
            job = JobRow(
                owner_id=owner_id,
                kind=kind,
                payload=payload,
                label=label[:200],
                project_id=project_id,
                scene_id=scene_id,
                max_attempts=max_attempts,
            )
            session.add(job)
            session.flush()
            return JobView.of(job)

    def get(self, job_id: int, owner_id: int | None = None) -> JobView:
        """A job; with `owner_id`, only that owner's (anyone else's is 'not found')."""
        with session_scope(self.engine) as session:
            job = session.get(JobRow, job_id)
            if job is None or (owner_id is not None and job.owner_id != owner_id):
                raise NotFound("That job does not exist or is not yours.")
            return self._with_positions(session, [job])[0]

    def jobs(self, owner_id: int | None = None, *, limit: int = 50) -> list[JobView]:
        """Active jobs in lane order, then the most recent finished ones; one owner's, or everyone's."""
        with session_scope(self.engine) as session:
            query = select(JobRow).order_by(col(JobRow.created_at).desc(), col(JobRow.id).desc()).limit(limit)
            active_query = select(JobRow).where(col(JobRow.status).in_(ACTIVE))
            if owner_id is not None:
                query = query.where(JobRow.owner_id == owner_id)
                active_query = active_query.where(JobRow.owner_id == owner_id)
            active = self._with_positions(session, list(session.exec(active_query).all()))
            recent = [j for j in session.exec(query).all() if j.status in DONE]
            running = [v for v in active if v.status == "running"]
            pending = sorted((v for v in active if v.status == "pending"), key=lambda v: v.position or 0)
            return running + pending + [JobView.of(j) for j in recent]

    def page(self, owner_id: int, *, offset: int = 0, limit: int = 20) -> tuple[list[JobView], int]:
        """One owner's jobs, newest first, `limit` from `offset`; and how many there are in all."""
        with session_scope(self.engine) as session:
            total = session.exec(select(func.count()).select_from(JobRow).where(JobRow.owner_id == owner_id)).one()
            rows = session.exec(
                select(JobRow)
                .where(JobRow.owner_id == owner_id)
                .order_by(col(JobRow.created_at).desc(), col(JobRow.id).desc())
                .offset(offset)
                .limit(limit)
            ).all()
            return self._with_positions(session, list(rows)), int(total)

    def attach_project(self, job_id: int, project_id: int) -> None:
        """Record the project a job made, so a retried job (after a restart) continues it instead of starting over."""
        with session_scope(self.engine) as session:
            job = session.get(JobRow, job_id)
            if job is not None:
                job.project_id = project_id

    def _with_positions(self, session: Any, jobs: list[JobRow]) -> list[JobView]:
        """Views of `jobs`, the pending ones with their place in the lane.

        SQLite reads here are not one snapshot, so the worker may claim (or someone cancel) a
        job between reading it and reading the pending list: such a job is read again, and
        a view never says "pending" without a position.
        """
        if not any(j.status == "pending" for j in jobs):
            return [JobView.of(j) for j in jobs]
        positions = self._positions(session)
        for job in jobs:
            if job.status == "pending" and job.id not in positions:
                session.refresh(job)
        return [JobView.of(j, position=positions.get(j.id) if j.status == "pending" else None) for j in jobs]

    def _positions(self, session: Any) -> dict[int, int]:
        pending = list(session.exec(select(JobRow).where(JobRow.status == "pending")).all())
        ordered = fair_order(pending, self._last_started(session))
        return {job.id: index for index, job in enumerate(ordered, start=1)}

    def _last_started(self, session: Any) -> dict[int, datetime]:
        rows = session.exec(select(JobRow.owner_id, func.max(JobRow.started_at)).group_by(JobRow.owner_id)).all()
        return {owner: started for owner, started in rows if started is not None}

    # -- the worker's side ----------------------------------------------------------------------

    def claim(self, worker: str) -> JobView | None:
        """Take the next job in fair order, or None. Exactly once, even with concurrent claimers.

        A lost compare-and-set means another claimer took a job, so retrying always ends:
        it returns None only when nothing is pending.
        """
        while True:
            with session_scope(self.engine) as session:
                pending = list(session.exec(select(JobRow).where(JobRow.status == "pending")).all())
                if not pending:
                    return None
                candidate = fair_order(pending, self._last_started(session))[0]
                now = utcnow()
                taken = session.execute(
                    update(JobRow)
                    .where(col(JobRow.id) == candidate.id, col(JobRow.status) == "pending")
                    .values(
                        status="running",
                        worker=worker,
                        started_at=now,
                        step_at=None,
                        step=0,
                        total=0,
                        stage="starting",
                        attempts=JobRow.attempts + 1,
                    )
                ).rowcount
            if taken == 1:
                with session_scope(self.engine) as session:
                    job = session.get(JobRow, candidate.id)
                    if job.cancel_requested:  # canceled between the select and the claim
                        job.status, job.finished_at, job.stage = "canceled", utcnow(), "canceled"
                        continue
                    return JobView.of(job)

    def progress(self, job_id: int, step: int, total: int, stage: str) -> bool:
        """Record progress; returns whether the job was asked to stop."""
        with session_scope(self.engine) as session:
            job = session.get(JobRow, job_id)
            if job is None:
                return True
            job.step, job.total, job.stage, job.step_at = step, total, stage[:64], utcnow()
            return job.cancel_requested

    def cancel_requested(self, job_id: int) -> bool:
        with session_scope(self.engine) as session:
            job = session.get(JobRow, job_id)
            return job is None or job.cancel_requested

    def finish(self, job_id: int, status: Status, *, result: dict[str, Any] | None = None, error: str = "") -> None:
        with session_scope(self.engine) as session:
            job = session.get(JobRow, job_id)
            if job is None:
                return
            job.status = status
            job.result = result or {}
            job.error = error[:2000]
            job.finished_at = utcnow()
            if status == "completed":
                job.step = job.total = max(job.total, 1)
                job.stage = "done"
            else:
                job.stage = status

    # -- users' side ----------------------------------------------------------------------------

    def cancel(self, job_id: int, owner_id: int | None) -> JobView:
        """Cancel a job: a pending one is removed from the queue, a running one stops within a step.

        Authorised by owner (None: an admin), never by browser session.
        """
        with session_scope(self.engine) as session:
            job = session.get(JobRow, job_id)
            if job is None or (owner_id is not None and job.owner_id != owner_id):
                raise NotFound("That job does not exist or is not yours.")
            if job.status in DONE:
                raise InvalidInput(f"Job {job.id} has already {job.status}.")
            # Compare-and-set, as in claim: the worker may take the job after the read above, and then
            # it must be stopped (cancel_requested), not marked canceled while it runs.
            requested = session.execute(
                update(JobRow)
                .where(col(JobRow.id) == job.id, col(JobRow.status).in_(ACTIVE))
                .values(cancel_requested=True)
            ).rowcount
            session.execute(
                update(JobRow)
                .where(col(JobRow.id) == job.id, col(JobRow.status) == "pending")
                .values(status="canceled", stage="canceled", finished_at=utcnow())
            )
            session.refresh(job)
            if not requested:
                raise InvalidInput(f"Job {job.id} has already {job.status}.")
            return JobView.of(job)

    def recover(self) -> list[JobView]:
        """After a restart: jobs left 'running' belonged to a dead process.

        Each is requeued if it has attempts left (its partial files are the caller's to sweep),
        otherwise failed with the reason. Pending jobs simply run.
        """
        recovered = []
        with session_scope(self.engine) as session:
            for job in session.exec(select(JobRow).where(JobRow.status == "running")).all():
                if job.cancel_requested:
                    job.status, job.stage, job.error = (
                        "canceled",
                        "canceled",
                        "Canceled; the studio restarted meanwhile.",
                    )
                elif job.attempts < job.max_attempts:
                    job.status, job.stage, job.step, job.total = "pending", "requeued after a restart", 0, 0
                    job.error = f"Interrupted by a restart during attempt {job.attempts}; queued again."
                else:
                    job.status, job.stage = "failed", "failed"
                    job.error = f"Interrupted by a restart {job.attempts} time(s); not retried again."
                if job.status != "pending":
                    job.finished_at = utcnow()
                session.flush()
                recovered.append(JobView.of(job))
        return recovered
