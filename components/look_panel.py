"""The look panel inside the Render tab: filters and colour matching, previewed on one frame, applied as a new take."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import gradio as gr

from components.context import UIContext, as_id, user_errors
from components.labels import t
from components.messages import say
from studio.errors import InvalidInput
from studio.post.filters import parse_chain, preview_frame

LOOK_SLIDERS = (
    ("brightness", -1.0, 1.0, 0.0),
    ("contrast", 0.0, 3.0, 1.0),
    ("saturation", 0.0, 3.0, 1.0),
    ("vignette", 0.0, 1.0, 0.0),
    ("sepia", 0.0, 1.0, 0.0),
    ("denoise", 0.0, 1.0, 0.0),
    ("clahe", 0.0, 1.0, 0.0),
)


def render(ctx: UIContext) -> None:
    with gr.Accordion(t("look.title"), open=False):
        with gr.Row():
            with gr.Column():
                for name, low, high, value in LOOK_SLIDERS:
                    ctx.add(
                        f"look_{name}",
                        gr.Slider(low, high, value=value, step=0.05, label=t(f"look.{name}")),
                    )
                ctx.add("look_white_balance", gr.Checkbox(label=t("look.white_balance"), value=False))
                ctx.add("look_match", gr.Checkbox(label=t("look.colour_match"), value=False))
            ctx.add("look_preview", gr.Image(label=t("look.preview"), interactive=False, height=240))
        with gr.Row():
            ctx.add("look_show", gr.Button(t("look.show"), size="sm"))
            ctx.add("look_apply", gr.Button(t("look.apply"), variant="primary", size="sm"))


def listen(ctx: UIContext) -> None:
    services = ctx.services
    projects = services.projects

    look_inputs = [ctx[f"look_{name}"] for name, *_ in LOOK_SLIDERS] + [ctx["look_white_balance"]]

    def look_values(values: tuple[Any, ...]) -> dict[str, Any]:
        names = [name for name, *_ in LOOK_SLIDERS] + ["white_balance"]
        return dict(zip(names, values, strict=True))

    @user_errors
    def show_look(request: gr.Request, take_id: int | None, *values: Any) -> Any:
        account = ctx.account(request)
        if not take_id:
            raise InvalidInput("Pick a take first: render the scene, then choose one of its takes.")
        take = projects.take(account.id, as_id(take_id, "a take"))
        return preview_frame(Path(take.path), parse_chain(look_values(values)))

    @user_errors
    def apply_look(request: gr.Request, take_id: int | None, match: bool, *values: Any) -> str:
        account = ctx.account(request)
        if not take_id:
            raise InvalidInput("Pick a take first: render the scene, then choose one of its takes.")
        job = services.jobs.submit_look(
            account.id, as_id(take_id, "a take"), look_values(values), colour_match=bool(match)
        )
        return say("look.queued", job=job.id, label=job.label)

    ctx["look_show"].click(
        show_look, inputs=[ctx["takes"], *look_inputs], outputs=[ctx["look_preview"]], api_name="preview_look"
    )
    for name, *_ in LOOK_SLIDERS:
        ctx[f"look_{name}"].release(
            show_look, inputs=[ctx["takes"], *look_inputs], outputs=[ctx["look_preview"]], api_visibility="private"
        )
    ctx["look_apply"].click(
        apply_look,
        inputs=[ctx["takes"], ctx["look_match"], *look_inputs],
        outputs=[ctx["render_message"]],
        api_name="apply_look",
    )
