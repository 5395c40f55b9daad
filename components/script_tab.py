"""Script tab: an idea in, a storyboard out."""

from __future__ import annotations

import gradio as gr
from gradio.i18n import I18nData

from components.context import Outputs, UIContext
from components.labels import t
from components.messages import columns, say
from studio.accounts import Account
from studio.config import MAX_FPS, Frame
from studio.errors import InvalidInput
from studio.projects import ProjectView
from studio.storyboard import Writer


def storyboard_markdown(_account: Account, project: ProjectView | None) -> str | I18nData:
    if project is None:
        return t("empty.script")
    summary = say(
        "script.summary",
        scenes=len(project.scenes),
        seconds=project.total_duration,
        width=project.width,
        height=project.height,
        fps=project.fps,
        writer=project.writer,
    )
    names = columns(["scene", "camera", "duration", "description", "narration"])
    lines = [f"### {project.title}", summary, "", "| " + " | ".join(names) + " |", "|---|---|---|---|---|"]
    for scene in project.scenes:
        cells = [str(scene.number), scene.camera, f"{scene.duration:g}", scene.description, scene.narration]
        lines.append("| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in cells) + " |")
    return "\n".join(lines)


def writer_line(writer: Writer) -> str:
    """Which writer is active, and how to get a better one when it is the planner."""
    line = f"Writer: **{writer.description}**."
    if writer.name == "planner":
        line += (
            " It writes a sound storyboard from templates, instantly and without a GPU. For an LLM, set"
            " `STUDIO_LLM_MODEL` to a local model folder or .gguf file, or `STUDIO_LLM_SERVER_URL` to a local"
            " OpenAI-compatible server (see models/README.md), then restart."
        )
    return line


def frame_of(size: str, fps: float) -> Frame:
    """The frame the Script tab asks for: '1024x576' (or '1024×576') at `fps`, checked by studio.config.Frame."""
    parts = str(size or "").lower().replace("×", "x").replace(" ", "").split("x")
    try:
        width, height = (int(p) for p in parts)
    except ValueError:
        raise InvalidInput(f"Frame size '{size}' should look like 1024x576.") from None
    return Frame.checked(width, height, int(fps))


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
        settings = ctx.services.settings
        default = f"{settings.default_width}x{settings.default_height}"
        formats = dict.fromkeys([default, "1024x576", "576x1024", "768x768", "768x432"])
        with gr.Row():
            ctx.add(
                "frame_size",
                gr.Dropdown(label=t("script.size"), choices=list(formats), value=default, allow_custom_value=True),
            )
            ctx.add(
                "project_fps",
                gr.Slider(label=t("script.fps"), minimum=1, maximum=MAX_FPS, step=1, value=settings.default_fps),
            )
        ctx.add("generate", gr.Button(t("script.generate"), variant="primary"))
        ctx.add("writer_note", gr.Markdown(writer_line(ctx.services.writer)))
        ctx.shows_project(ctx.add("script_result", gr.Markdown()), storyboard_markdown)


def generate(
    ctx: UIContext,
    idea: str,
    frame_size: str,
    fps: float,
    request: gr.Request,
    progress=gr.Progress(),  # noqa: B008
) -> Outputs:
    account = ctx.account(request)
    started = ctx.services.jobs.start_storyboard(account.id, idea, frame_of(frame_size, fps))
    if started.drafted is not None:
        project, described, warning = started.drafted.project, started.drafted.writer, started.drafted.note
    else:  # an LLM uses the GPU: it takes its turn on the lane
        done = ctx.follow(started.job, account, progress)
        project = ctx.services.projects.get(account.id, done.result["project_id"])
        described, warning = done.result["writer"], done.result.get("note", "")
    note = say("script.written", writer=described)
    if warning:
        gr.Warning(warning)
        note = f"⚠️ {warning}"
    else:
        gr.Info(note)
    return {ctx.project_id: project.id, ctx["writer_note"]: note, **ctx.views(account, project)}


def listen(ctx: UIContext) -> None:
    ctx["generate"].click(
        ctx.bind(generate),
        inputs=[ctx["idea"], ctx["frame_size"], ctx["project_fps"]],
        outputs=[ctx.project_id, ctx["writer_note"], *ctx.view_outputs],
        api_name="generate_storyboard",
    )
