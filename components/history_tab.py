"""History tab: the user's own projects, to reopen or delete, and projects others shared (read-only)."""

from __future__ import annotations

import gradio as gr

from components.context import Outputs, UIContext, as_id
from components.labels import t
from components.messages import columns
from components.script_tab import storyboard_markdown
from studio.accounts import Account
from studio.errors import InvalidInput

HEADERS = ["id", "title", "updated (UTC)", "scenes", "rendered", "seconds", "exports"]
SHARED_HEADERS = ["id", "title", "owner", "updated (UTC)", "scenes"]


def render(ctx: UIContext) -> None:
    with gr.Tab(t("tab.history"), id="history") as tab:
        ctx.add("history_tab", tab)
        ctx.add("history", gr.Dataframe(headers=HEADERS, interactive=False, type="array", label=t("history.projects")))
        ctx.add("history_empty", gr.Markdown())
        with gr.Row():
            ctx.add("history_pick", gr.Dropdown(label=t("history.pick"), choices=[], scale=3, allow_custom_value=True))
            ctx.add("history_open", gr.Button(t("history.open"), variant="primary", scale=1))
            ctx.add("history_refresh", gr.Button(t("history.refresh"), scale=1))
        with gr.Row():
            ctx.add("history_confirm", gr.Checkbox(label=t("history.confirm"), value=False))
            ctx.add("history_delete", gr.Button(t("history.delete"), variant="stop"))
        with gr.Accordion(t("history.shared"), open=True):
            ctx.add(
                "shared",
                gr.Dataframe(headers=SHARED_HEADERS, interactive=False, type="array", label=t("history.shared")),
            )
            ctx.add("shared_empty", gr.Markdown())
            with gr.Row():
                ctx.add(
                    "shared_pick",
                    gr.Dropdown(label=t("history.pick"), choices=[], scale=3, allow_custom_value=True),
                )
                ctx.add("shared_view", gr.Button(t("history.view"), variant="primary", scale=1))
                ctx.add("shared_refresh", gr.Button(t("history.refresh"), scale=1))
            ctx.add("shared_board", gr.Markdown())
            ctx.add("shared_film", gr.Video(label=t("export.video"), interactive=False, height=360))


def listing(ctx: UIContext, account: Account) -> Outputs:
    summaries = ctx.services.projects.summaries(account.id)
    rows = [
        [
            p.id,
            p.title,
            f"{p.updated_at:%Y-%m-%d %H:%M}",
            p.scene_count,
            p.rendered_count,
            p.total_duration,
            p.export_count,
        ]
        for p in summaries
    ]
    choices = [(f"{p.title} (#{p.id}, {p.updated_at:%Y-%m-%d %H:%M})", p.id) for p in summaries]
    return {
        ctx["history"]: {"headers": columns(HEADERS), "data": rows},
        ctx["history_pick"]: gr.update(choices=choices, value=choices[0][1] if choices else None),
        ctx["history_empty"]: "" if rows else t("empty.history"),
    }


def show(ctx: UIContext, request: gr.Request) -> Outputs:
    return listing(ctx, ctx.account(request))


def open_project(ctx: UIContext, project_id: int | None, request: gr.Request) -> Outputs:
    account = ctx.account(request)
    if not project_id:
        raise InvalidInput("Pick a project to open.")
    project = ctx.services.projects.get(account.id, as_id(project_id, "a project"))
    return {ctx.project_id: project.id, ctx["tabs"]: gr.Tabs(selected="storyboard"), **ctx.views(account, project)}


def delete(
    ctx: UIContext, project_id: int | None, confirmed: bool, current: int | None, request: gr.Request
) -> Outputs:
    account = ctx.account(request)
    if not project_id:
        raise InvalidInput("Pick a project to delete.")
    if not confirmed:
        raise InvalidInput("Tick the box to confirm: deleting a project removes its takes and exports.")
    projects = ctx.services.projects
    projects.delete(account.id, as_id(project_id, "a project"))
    still_open = current if current != as_id(project_id, "a project") else None
    opened = projects.get(account.id, still_open) if still_open else None
    return {
        ctx.project_id: still_open,
        ctx["history_confirm"]: False,
        **listing(ctx, account),
        **ctx.views(account, opened),
    }


def show_shared(ctx: UIContext, request: gr.Request) -> Outputs:
    shared = ctx.services.projects.shared_with_me(ctx.account(request).id)
    rows = [
        [s.summary.id, s.summary.title, s.owner, f"{s.summary.updated_at:%Y-%m-%d %H:%M}", s.summary.scene_count]
        for s in shared
    ]
    choices = [(f"{s.summary.title} (#{s.summary.id}, {s.owner})", s.summary.id) for s in shared]
    return {
        ctx["shared"]: {"headers": columns(SHARED_HEADERS), "data": rows},
        ctx["shared_pick"]: gr.update(choices=choices, value=choices[0][1] if choices else None),
        ctx["shared_empty"]: "" if rows else t("empty.shared"),
    }


def view_shared(ctx: UIContext, project_id: int | None, request: gr.Request) -> Outputs:
    """Show a shared project read-only; it never becomes the editable current project."""
    account = ctx.account(request)
    if not project_id:
        raise InvalidInput("Pick a shared project to view.")
    project = ctx.services.projects.get_shared(account.id, as_id(project_id, "a project"))
    films = ctx.services.exporter.shared_films(account.id, project.id)
    return {
        ctx["shared_board"]: storyboard_markdown(account, project),
        ctx["shared_film"]: ctx.publish(films[0].path) if films else None,
    }


def listen(ctx: UIContext) -> None:
    listing_outputs = [ctx["history"], ctx["history_pick"], ctx["history_empty"]]
    shared_outputs = [ctx["shared"], ctx["shared_pick"], ctx["shared_empty"]]
    ctx["history_tab"].select(ctx.bind(show), outputs=listing_outputs, api_visibility="private")
    ctx["history_tab"].select(ctx.bind(show_shared), outputs=shared_outputs, api_visibility="private")
    ctx["shared_refresh"].click(ctx.bind(show_shared), outputs=shared_outputs, api_name="shared_projects")
    ctx["shared_view"].click(
        ctx.bind(view_shared),
        inputs=[ctx["shared_pick"]],
        outputs=[ctx["shared_board"], ctx["shared_film"]],
        api_name="view_shared",
    )
    ctx["history_refresh"].click(ctx.bind(show), outputs=listing_outputs, api_name="list_projects")
    ctx["history_open"].click(
        ctx.bind(open_project),
        inputs=[ctx["history_pick"]],
        outputs=[ctx.project_id, ctx["tabs"], *ctx.view_outputs],
        api_name="open_project",
    )
    ctx["history_delete"].click(
        ctx.bind(delete),
        inputs=[ctx["history_pick"], ctx["history_confirm"], ctx.project_id],
        outputs=[ctx.project_id, ctx["history_confirm"], *listing_outputs, *ctx.view_outputs],
        api_name="delete_project",
    )
