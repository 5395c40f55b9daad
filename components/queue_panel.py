"""The queue panel, under every tab: your jobs (everyone's, for admins) with position, progress, ETA, cancel.

A timer refreshes it every second, so a job started in a closed tab shows up where
it is when the user comes back.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import gradio as gr

from components.context import Outputs, UIContext, as_id
from components.labels import t
from components.messages import columns, say, word
from studio.accounts import Account
from studio.errors import InvalidInput
from studio.jobs import JobView

HEADERS = ["job", "what", "status", "queue position", "progress", "stage", "elapsed", "ETA"]
TICK_S = 1.0


def _seconds(value: float | None) -> str:
    if value is None:
        return ""
    minutes, seconds = divmod(round(value), 60)
    return f"{minutes}:{seconds:02d}"


def progress_bar(fraction: float, cells: int = 10) -> str:
    """'▰▰▰▰▱▱▱▱▱▱ 40%': a bar that reads at a glance, and the number."""
    fraction = min(max(fraction, 0.0), 1.0)
    filled = int(fraction * cells)
    return "▰" * filled + "▱" * (cells - filled) + f" {fraction:.0%}"


def _elapsed(job: JobView, now: datetime) -> float | None:
    if not job.started_at:
        return None
    end = job.finished_at or now
    return (end - job.started_at).total_seconds()


def job_rows(jobs: list[JobView], owners: dict[int, str] | None = None) -> list[list[Any]]:
    now = datetime.now(UTC)
    rows = []
    for job in jobs:
        stage = job.error if job.status == "failed" else job.stage
        if job.status == "running" and job.total:
            stage = f"{job.stage} {job.step}/{job.total}"
        row = [
            job.id,
            job.label,
            word(job.status),
            job.position or "",
            progress_bar(job.fraction),
            stage,
            _seconds(_elapsed(job, now)),
            _seconds(job.eta_seconds),
        ]
        rows.append([*row, owners.get(job.owner_id, job.owner_id)] if owners is not None else row)
    return rows


def render(ctx: UIContext) -> None:
    with gr.Accordion(t("queue.title"), open=True):
        ctx.add(
            "queue",
            gr.Dataframe(headers=HEADERS, interactive=False, type="array", label=t("queue.jobs"), max_height=260),
        )
        with gr.Row():
            ctx.add("job_id", gr.Number(label=t("queue.job"), value=None, precision=0, scale=1))
            ctx.add("cancel_job", gr.Button(t("queue.cancel"), variant="stop", scale=1))
            ctx.add("queue_refresh", gr.Button(t("history.refresh"), scale=1))
    ctx.add("queue_timer", gr.Timer(TICK_S))
    ctx.add("lane_seen", gr.State(0))


def queue_value(ctx: UIContext, account: Account) -> dict[str, Any]:
    lane = ctx.services.lane
    if account.is_admin:
        owners = ctx.services.accounts.usernames()
        return {"headers": columns([*HEADERS, "owner"]), "data": job_rows(lane.jobs(None), owners)}
    return {"headers": columns(HEADERS), "data": job_rows(lane.jobs(account.id))}


def cancel(ctx: UIContext, job_id: float | None, request: gr.Request) -> dict[str, Any]:
    account = ctx.account(request)
    if not job_id or job_id < 1:
        raise InvalidInput("Type the number of the job to cancel (the first column of the queue).")
    job = ctx.services.lane.cancel(as_id(job_id, "a job"), None if account.is_admin else account.id)
    gr.Info(say("queue.canceled" if job.status == "canceled" else "queue.stopping", job=job.id))
    return queue_value(ctx, account)


def queue(ctx: UIContext, request: gr.Request) -> dict[str, Any]:
    return queue_value(ctx, ctx.account(request))


def tick(ctx: UIContext, project_id: int | None, seen: int, request: gr.Request) -> Outputs:
    """Redraw the queue; when one of the user's jobs has ended since the last tick, the live views too."""
    account = ctx.account(request)
    table = queue_value(ctx, account)
    ended = max((j.id for j in ctx.services.lane.jobs(account.id) if j.finished_at), default=0)
    if ended == seen:
        return {ctx["queue"]: table, ctx["lane_seen"]: seen}
    project = ctx.services.projects.get(account.id, project_id) if project_id else None
    return {
        ctx["queue"]: table,
        ctx["lane_seen"]: ended,
        **{component: view(account, project) for component, view in ctx.live_views},
    }


def listen(ctx: UIContext) -> None:
    ctx["cancel_job"].click(ctx.bind(cancel), inputs=[ctx["job_id"]], outputs=[ctx["queue"]], api_name="cancel_job")
    ctx["queue_refresh"].click(ctx.bind(queue), outputs=[ctx["queue"]], api_name="queue")
    ctx["queue_timer"].tick(
        ctx.bind(tick),
        inputs=[ctx.project_id, ctx["lane_seen"]],
        outputs=[ctx["queue"], ctx["lane_seen"], *(c for c, _ in ctx.live_views)],
        api_visibility="private",
        show_progress="hidden",
    )
