"""Models tab: which writer and engines are active, what is loaded, the GPU, and how to add weights."""

from __future__ import annotations

from typing import Any

import gradio as gr

from components.context import UIContext, user_errors
from components.labels import t


def status_markdown(ctx: UIContext) -> tuple[str, dict[str, Any]]:
    services = ctx.services
    status = services.status()
    models = services.models.status()
    lines = [
        f"**Storyboard writer:** {status.writer}",
        f"**Video engines:** {', '.join(services.renderer.engines)} (default: {services.renderer.default})",
        f"{status.note}",
        "",
        "**Loaded now:** "
        + (
            ", ".join(f"{m['family']} `{m['name']}` on {m['device']}" for m in models["loaded"])
            or "nothing (models load on first use)"
        ),
    ]
    if models["cuda"]:
        lines.append(
            f"**GPU:** {models['gpu']}: {models['allocated_gb']} GiB allocated of {models['total_gb']} GiB "
            f"({models['reserved_gb']} GiB reserved)"
        )
    else:
        lines.append("**GPU:** none visible to PyTorch; models run on the CPU.")
    lines += [
        "",
        f"To add weights, put them under `{services.settings.models_dir}/` as described in "
        f"`{services.settings.models_dir}/README.md` (or run `python -m studio.models download svd-xt` where the "
        "network allows), then restart the studio.",
    ]
    return "\n\n".join(lines), models


def render(ctx: UIContext) -> None:
    with gr.Tab(t("tab.models"), id="models") as tab:
        ctx.add("models_tab", tab)
        ctx.add("models_status", gr.Markdown())
        ctx.add("models_json", gr.JSON(label=t("models.raw")))
        ctx.add("models_refresh", gr.Button(t("history.refresh")))


def listen(ctx: UIContext) -> None:
    @user_errors
    def show(request: gr.Request) -> tuple[str, dict[str, Any]]:
        ctx.account(request)
        return status_markdown(ctx)

    outputs = [ctx["models_status"], ctx["models_json"]]
    ctx["models_refresh"].click(show, outputs=outputs, api_name="model_status")
    ctx["models_tab"].select(show, outputs=outputs, api_visibility="private")
