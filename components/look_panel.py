"""The look panel inside the Render tab: filters and colour matching, previewed on one frame, applied as a new take."""

from __future__ import annotations

from typing import Any

import gradio as gr
from PIL import Image

from components.context import UIContext, as_id
from components.labels import t
from components.messages import say
from studio.errors import InvalidInput

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


def look_values(values: tuple[Any, ...]) -> dict[str, Any]:
    """The sliders' and the white balance box's values, by filter name."""
    names = [name for name, *_ in LOOK_SLIDERS] + ["white_balance"]
    return dict(zip(names, values, strict=True))


def picked_take(take_id: int | None) -> int:
    if not take_id:
        raise InvalidInput("Pick a take first: render the scene, then choose one of its takes.")
    return as_id(take_id, "a take")


def show_look(ctx: UIContext, request: gr.Request, take_id: int | None, *values: Any) -> Image.Image:
    account = ctx.account(request)
    return ctx.services.looks.preview(account.id, picked_take(take_id), look_values(values))


def apply_look(ctx: UIContext, request: gr.Request, take_id: int | None, match: bool, *values: Any) -> str:
    account = ctx.account(request)
    job = ctx.services.jobs.submit_look(account.id, picked_take(take_id), look_values(values), colour_match=bool(match))
    return say("look.queued", job=job.id, label=job.label)


def listen(ctx: UIContext) -> None:
    look_inputs = [ctx[f"look_{name}"] for name, *_ in LOOK_SLIDERS] + [ctx["look_white_balance"]]
    preview = ctx.bind(show_look)
    ctx["look_show"].click(
        preview, inputs=[ctx["takes"], *look_inputs], outputs=[ctx["look_preview"]], api_name="preview_look"
    )
    for name, *_ in LOOK_SLIDERS:
        ctx[f"look_{name}"].release(
            preview, inputs=[ctx["takes"], *look_inputs], outputs=[ctx["look_preview"]], api_visibility="private"
        )
    ctx["look_apply"].click(
        ctx.bind(apply_look),
        inputs=[ctx["takes"], ctx["look_match"], *look_inputs],
        outputs=[ctx["render_message"]],
        api_name="apply_look",
    )
