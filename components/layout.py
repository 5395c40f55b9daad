"""The whole UI: every tab's render(), then every tab's listen()."""

from __future__ import annotations

import gradio as gr

from components import (
    account_tab,
    admin_tab,
    export_tab,
    history_tab,
    models_tab,
    queue_panel,
    render_tab,
    script_tab,
    storyboard_tab,
)
from components.context import Outputs, UIContext
from components.labels import t
from components.messages import word
from studio.config import LANGUAGES
from studio.services import Services

TABS = (script_tab, storyboard_tab, render_tab, export_tab, history_tab, models_tab, account_tab, admin_tab)


def language_links() -> str:
    """Links that switch the UI's language (remembered by this browser; "auto" follows the browser again)."""
    links = [f'<a href="?lang={code}" data-lang="{code}" target="_self">{name}</a>' for code, name in LANGUAGES.items()]
    auto = '<a href="?lang=auto" target="_self" title="Follow the browser · 跟随浏览器">Auto</a>'
    return "".join(links) + auto


def on_load(ctx: UIContext, request: gr.Request) -> Outputs:
    """A returning user finds their latest project open, as they left it."""
    account = ctx.account(request)
    projects = ctx.services.projects
    latest = projects.summaries(account.id)
    project = projects.get(account.id, latest[0].id) if latest else None
    return {
        ctx.project_id: project.id if project else None,
        ctx["whoami"]: f"**{account.username}** · {word(account.role)}",
        ctx["queue"]: queue_panel.queue_value(ctx, account),
        ctx["admin_tab"]: gr.update(visible=account.is_admin),
        **ctx.views(account, project),
    }


def build_ui(services: Services) -> gr.Blocks:
    ctx = UIContext(services)
    with gr.Blocks(title="The Studio", delete_cache=(3600, 24 * 3600)) as demo:
        ctx.project_id = gr.State(None)
        with gr.Row():
            with gr.Column(scale=3):
                gr.Markdown(t("app.title"), elem_id="app-title")
                gr.Markdown(t("app.tagline"))
            with gr.Column(scale=1, min_width=220):
                gr.HTML(language_links(), elem_id="language-switch")
                with gr.Row():
                    ctx.add("whoami", gr.Markdown(elem_id="whoami"))
                    gr.Button(t("app.logout"), link="/logout", size="sm", scale=0, min_width=90)
        with gr.Tabs() as tabs:
            ctx.add("tabs", tabs)
            for tab in TABS:
                tab.render(ctx)
        queue_panel.render(ctx)
        for tab in TABS:
            tab.listen(ctx)
        queue_panel.listen(ctx)

        demo.load(
            ctx.bind(on_load),
            outputs=[ctx.project_id, ctx["whoami"], ctx["queue"], ctx["admin_tab"], *ctx.view_outputs],
            api_visibility="private",
        )
    return demo
