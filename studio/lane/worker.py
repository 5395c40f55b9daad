"""The lane's one worker: takes jobs in fair order and runs them, one at a time.

The worker thread is the only place GPU work happens, so the browser is only a view:
closing a tab loses nothing, and a restart requeues what was running (see
JobQueue.recover). One failing job never stops the lane.
"""

from __future__ import annotations

import gc
import logging
import os
import socket
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from studio.errors import StudioError
from studio.lane.queue import DONE, JobQueue, JobView
from studio.progress import Canceled, ProgressFn

log = logging.getLogger(__name__)

Handler = Callable[[JobView, ProgressFn], dict[str, Any]]
"""Runs one job of a kind; returns the job's result (ids of what it made)."""

PROGRESS_WRITE_S = 0.2
CANCEL_POLL_S = 0.5


class LaneStopped(StudioError):
    """The lane's worker is not running, so a followed job cannot end now."""


class Lane:
    def __init__(
        self,
        queue: JobQueue,
        handlers: dict[str, Handler],
        *,
        partial_root: Path | None = None,
        idle_poll_s: float = 1.0,
        name: str | None = None,
    ) -> None:
        self.queue = queue
        self.handlers = handlers
        self.partial_root = partial_root
        self.idle_poll_s = idle_poll_s
        self.name = name or f"{socket.gethostname()}:{os.getpid()}"
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._canceled: set[int] = set()
        self._thread: threading.Thread | None = None

    # -- the small interface the UI and API use -------------------------------------------------

    def submit(self, owner_id: int, kind: str, payload: dict[str, Any], **fields: Any) -> JobView:
        if kind not in self.handlers:
            raise StudioError(f"The lane cannot run '{kind}' jobs.")
        job = self.queue.submit(owner_id, kind, payload, **fields)
        self._wake.set()
        return job

    def cancel(self, job_id: int, owner_id: int | None) -> JobView:
        job = self.queue.cancel(job_id, owner_id)
        if job.status == "running":  # a pending one is already out of the queue
            self._canceled.add(job_id)
        return job

    def status(self, job_id: int, owner_id: int | None = None) -> JobView:
        return self.queue.get(job_id, owner_id)

    def jobs(self, owner_id: int | None = None) -> list[JobView]:
        return self.queue.jobs(owner_id)

    def follow(
        self,
        job_id: int,
        owner_id: int | None,
        on_update: Callable[[JobView], None] | None = None,
        *,
        poll_s: float = 0.25,
        give_up_after_s: float = 10.0,
    ) -> JobView:
        """Wait for a job to end, reporting each change; the job runs on whether or not anyone follows.

        If the lane's worker is not running for `give_up_after_s` in a row (the studio is
        stopping), waiting ends with LaneStopped; the job itself stays queued.
        """
        last = None
        stopped_since: float | None = None
        while True:
            job = self.queue.get(job_id, owner_id)
            snapshot = (job.status, job.stage, job.step, job.total, job.position)
            if on_update is not None and snapshot != last:
                on_update(job)
                last = snapshot
            if job.status in DONE:
                return job
            if self.running:
                stopped_since = None
            else:
                stopped_since = stopped_since or time.monotonic()
                if time.monotonic() - stopped_since >= give_up_after_s:
                    raise LaneStopped(
                        f"The GPU lane is not running, so job {job.id} waits in the queue; "
                        "it runs when the studio is started again."
                    )
            time.sleep(poll_s)

    # -- running ----------------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        """Whether the worker thread is alive (what /health reports)."""
        return self._thread is not None and self._thread.is_alive() and not self._stop.is_set()

    def start(self) -> None:
        """Recover from a previous process, then run jobs on a background thread.

        Starting a started lane does nothing more: a second worker would break one-job-at-a-time,
        and 'recovering' would requeue the job this process is running now.
        """
        self._stop.clear()
        if self._thread is not None and self._thread.is_alive():
            return
        for job in self.queue.recover():
            log.warning("job %s (%s) was running when the studio stopped: now %s", job.id, job.label, job.status)
        swept = self.sweep_partials()
        if swept:
            log.info("removed %d partial file(s) left by an interrupted render", swept)
        self._thread = threading.Thread(target=self._loop, name="gpu-lane", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def sweep_partials(self) -> int:
        """Remove *.partial.* files: only the lane writes them, and at start nothing is being written."""
        if self.partial_root is None or not self.partial_root.exists():
            return 0
        count = 0
        for path in self.partial_root.rglob("*.partial*"):
            if path.is_file():
                path.unlink(missing_ok=True)
                count += 1
        return count

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                ran = self.run_once()
            except Exception:  # the database went away for a moment: wait and go on
                log.exception("the lane could not take a job")
                ran = False
            if not ran:
                self._wake.wait(self.idle_poll_s)
                self._wake.clear()

    def run_once(self) -> bool:
        """Claim and run one job; False when there was none."""
        job = self.queue.claim(self.name)
        if job is None:
            return False
        log.info("job %s (%s, owner %s) started: %s", job.id, job.kind, job.owner_id, job.label)
        try:
            result = self.handlers[job.kind](job, self._reporter(job))
        except Canceled:
            self.queue.finish(job.id, "canceled", error="Canceled by the user.")
            log.info("job %s canceled", job.id)
        except StudioError as error:
            self.queue.finish(job.id, "failed", error=str(error))
            log.warning("job %s failed: %s", job.id, error)
        except Exception as error:
            self.queue.finish(job.id, "failed", error=f"Unexpected error ({type(error).__name__}: {error}).")
            log.exception("job %s failed unexpectedly", job.id)
        else:
            self.queue.finish(job.id, "completed", result=result)
            log.info("job %s completed", job.id)
        finally:
            self._canceled.discard(job.id)
            _release_memory()
        return True

    def _reporter(self, job: JobView) -> ProgressFn:
        """A progress callback that records progress (throttled) and raises Canceled when asked to stop."""
        state = {"written": 0.0, "polled": time.monotonic(), "stage": ""}

        def report(done: int, total: int, stage: str) -> None:
            now = time.monotonic()
            if job.id in self._canceled:
                raise Canceled
            if now - state["written"] >= PROGRESS_WRITE_S or stage != state["stage"] or done >= total:
                state["written"], state["stage"], state["polled"] = now, stage, now
                if self.queue.progress(job.id, done, total, stage):
                    raise Canceled
            elif now - state["polled"] >= CANCEL_POLL_S:
                state["polled"] = now
                if self.queue.cancel_requested(job.id):
                    raise Canceled

        return report


def _release_memory() -> None:
    """Between jobs: collect garbage, and give cached GPU memory back if torch is in use."""
    gc.collect()
    torch = sys.modules.get("torch")
    if torch is not None and torch.cuda.is_available():
        torch.cuda.empty_cache()
