"""Script tab: an idea in, a storyboard out."""

from __future__ import annotations

import gradio as gr

from components.context import UIContext, user_errors
from components.labels import t
from studio.accounts import Account
from studio.projects import ProjectView
from studio.writers import write_storyboard


def storyboard_markdown(_account: Account, project: ProjectView | None) -> str:
    if project is None:
        return "*No project open yet: type an idea above and press Generate, or open one from History.*"
    lines = [
        f"### {project.title}",
        f"{len(project.scenes)} scenes · {project.total_duration:g} s · {project.width}×{project.height} "
        f"@ {project.fps} fps · written by **{project.writer}**",
        "",
        "| # | camera | s | description | narration |",
        "|---|---|---|---|---|",
    ]
    for scene in project.scenes:
        cells = [str(scene.number), scene.camera, f"{scene.duration:g}", scene.description, scene.narration]
        lines.append("| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in cells) + " |")
    return "\n".join(lines)


def render(ctx: UIContext) -> None:
    with gr.Tab(t("tab.script"), id="script"):
        ctx.add(
            "idea",
            gr.Textbox(
                label=t("script.idea"),
                placeholder=t("script.idea_placeholder"),
                lines=3,
                max_length=ctx.services.settings.max_idea_chars,
            ),
        )
        ctx.add("generate", gr.Button(t("script.generate"), variant="primary"))
        ctx.add("writer_note", gr.Markdown(f"Writer: {ctx.services.writer.description}."))
        ctx.shows_project(ctx.add("script_result", gr.Markdown()), storyboard_markdown)


def listen(ctx: UIContext) -> None:
    services = ctx.services

    @user_errors
    def generate(idea: str, request: gr.Request) -> tuple:
        account = ctx.account(request)
        draft = write_storyboard(services.writer, idea, max_chars=services.settings.max_idea_chars)
        settings = services.settings
        project = services.projects.create(
            account.id,
            draft.idea,
            draft.storyboard,
            writer=draft.writer,
            width=settings.default_width,
            height=settings.default_height,
            fps=settings.default_fps,
        )
        note = f"Storyboard written by the {draft.writer_description}."
        gr.Info(note)
        return project.id, f"Writer: {draft.writer_description}.", *ctx.views(account, project)

    ctx["generate"].click(
        generate,
        inputs=[ctx["idea"]],
        outputs=[ctx.project_id, ctx["writer_note"], *ctx.view_outputs],
        api_name="generate_storyboard",
    )
