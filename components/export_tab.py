"""Export tab: stitch the active takes into one film to watch and download."""

from __future__ import annotations

import functools

import gradio as gr
from gradio.i18n import I18nData

from components import finish_panel
from components.context import Outputs, UIContext, as_id
from components.labels import t
from components.messages import say
from studio.accounts import Account
from studio.errors import InvalidInput
from studio.projects import ProjectView


def readiness(ctx: UIContext, account: Account, project: ProjectView | None) -> str | I18nData:
    """What the film will be, which scenes still need a take, and the earlier exports."""
    if project is None:
        return t("empty.export")
    missing = [str(s.number) for s in project.scenes if s.active_take_id is None]
    earlier = ctx.services.exporter.films(account.id, project.id)
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


def render(ctx: UIContext) -> None:
    with gr.Tab(t("tab.export"), id="export"):
        status = ctx.add("export_status", gr.Markdown())
        ctx.shows_project(status, functools.partial(readiness, ctx))
        ctx.follows_lane(status, functools.partial(readiness, ctx))
        finish_panel.render(ctx)
        ctx.add("export", gr.Button(t("export.run"), variant="primary"))
        ctx.add("film", gr.Video(label=t("export.video"), interactive=False, height=480))
        ctx.add("film_file", gr.File(label=t("export.file"), interactive=False, file_count="multiple"))


def export(ctx: UIContext, project_id: int | None, request: gr.Request, progress=gr.Progress()) -> Outputs:  # noqa: B008
    account = ctx.account(request)
    if not project_id:
        raise InvalidInput("Open a project first: generate a storyboard or pick one in History.")
    job = ctx.services.jobs.submit_export(account.id, as_id(project_id, "a project"))
    done = ctx.follow(job, account, progress)
    downloads = [ctx.publish(path) for path in ctx.services.exporter.files(account.id, done.result["export_id"])]
    how = say("export.copied" if done.result.get("mode") == "copy" else "export.encoded")
    message = say("export.done", seconds=done.result["duration"], how=how)
    gr.Info(message)
    return {ctx["export_status"]: message, ctx["film"]: downloads[0], ctx["film_file"]: downloads}


def listen(ctx: UIContext) -> None:
    ctx["export"].click(
        ctx.bind(export),
        inputs=[ctx.project_id],
        outputs=[ctx["export_status"], ctx["film"], ctx["film_file"]],
        api_name="export_film",
    )
    finish_panel.listen(ctx)
