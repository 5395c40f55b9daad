"""Export tab: stitch the active takes into one film to watch and download."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import gradio as gr
from gradio.i18n import I18nData

from components import finish_panel
from components.context import UIContext, as_id, user_errors
from components.labels import t
from components.messages import say
from studio.accounts import Account
from studio.errors import InvalidInput
from studio.post.bundle import bundle_path
from studio.projects.service import ProjectView


def render(ctx: UIContext) -> None:
    exporter = ctx.services.exporter

    def readiness(account: Account, project: ProjectView | None) -> str | I18nData:
        if project is None:
            return t("empty.export")
        missing = [str(s.number) for s in project.scenes if s.active_take_id is None]
        earlier = exporter.films(account.id, project.id)
        lines = [
            say(
                "export.summary",
                title=project.title,
                scenes=len(project.scenes),
                seconds=project.total_duration,
                width=project.width,
                height=project.height,
                fps=project.fps,
            ),
            say("export.missing", numbers=", ".join(missing)) if missing else say("export.ready"),
        ]
        if earlier:
            lines.append(say("export.earlier", count=len(earlier), when=f"{earlier[0].created_at:%Y-%m-%d %H:%M}"))
        return "\n\n".join(lines)

    with gr.Tab(t("tab.export"), id="export"):
        ctx.shows_project(ctx.add("export_status", gr.Markdown()), readiness)
        ctx.follows_lane(ctx["export_status"], readiness)
        finish_panel.render(ctx)
        ctx.add("export", gr.Button(t("export.run"), variant="primary"))
        ctx.add("film", gr.Video(label=t("export.video"), interactive=False, height=480))
        ctx.add("film_file", gr.File(label=t("export.file"), interactive=False, file_count="multiple"))


def listen(ctx: UIContext) -> None:
    services = ctx.services

    @user_errors
    def export(project_id: int | None, request: gr.Request, progress=gr.Progress()) -> list[Any]:  # noqa: B008
        account = ctx.account(request)
        if not project_id:
            raise InvalidInput("Open a project first: generate a storyboard or pick one in History.")
        done = ctx.follow(services.jobs.submit_export(account.id, as_id(project_id, "a project")), account, progress)
        film = Path(done.result["path"])
        published = ctx.publish(film)
        downloads = [published] + [ctx.publish(p) for p in (bundle_path(film), film.with_suffix(".srt")) if p.is_file()]
        how = say("export.copied" if done.result.get("mode") == "copy" else "export.encoded")
        message = say("export.done", seconds=done.result["duration"], how=how)
        gr.Info(message)
        return [message, published, downloads]

    ctx["export"].click(
        export,
        inputs=[ctx.project_id],
        outputs=[ctx["export_status"], ctx["film"], ctx["film_file"]],
        api_name="export_film",
    )
    finish_panel.listen(ctx)
