"""Models tab: which writer and engines are active, what is loaded, the GPU, and how to add weights."""

from __future__ import annotations

from typing import Any

import gradio as gr

from components.context import UIContext
from components.labels import t
from components.messages import say
from components.render_tab import engine_note


def status_markdown(ctx: UIContext) -> tuple[str, dict[str, Any]]:
    services = ctx.services
    status = services.status()
    models = services.models.status()
    loaded = ", ".join(f"{m['family']} `{m['name']}` on {m['device']}" for m in models["loaded"])
    lines = [
        say("models.writer", writer=status.writer),
        say("models.engines", engines=", ".join(services.renderer.engines), default=services.renderer.default),
        engine_note(services),
        "",
        say("models.loaded", loaded=loaded) if loaded else say("models.nothing_loaded"),
    ]
    if models["cuda"]:
        lines.append(
            say(
                "models.gpu",
                gpu=models["gpu"],
                allocated=models["allocated_gb"],
                total=models["total_gb"],
                reserved=models["reserved_gb"],
            )
        )
    else:
        lines.append(say("models.no_gpu"))
    lines += ["", say("models.add_weights", folder=services.settings.models_dir)]
    return "\n\n".join(lines), models


def render(ctx: UIContext) -> None:
    with gr.Tab(t("tab.models"), id="models") as tab:
        ctx.add("models_tab", tab)
        ctx.add("models_status", gr.Markdown())
        ctx.add("models_json", gr.JSON(label=t("models.raw")))
        ctx.add("models_refresh", gr.Button(t("history.refresh")))


def show(ctx: UIContext, request: gr.Request) -> tuple[str, dict[str, Any]]:
    ctx.account(request)
    return status_markdown(ctx)


def listen(ctx: UIContext) -> None:
    outputs = [ctx["models_status"], ctx["models_json"]]
    ctx["models_refresh"].click(ctx.bind(show), outputs=outputs, api_name="model_status")
    ctx["models_tab"].select(ctx.bind(show), outputs=outputs, api_visibility="private")
