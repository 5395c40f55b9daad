"""Storyboard tab: the scenes as an editable table; every change is saved at once."""

from __future__ import annotations

import functools
from typing import Any

import gradio as gr
from gradio.i18n import I18nData

from components.context import Outputs, UIContext
from components.labels import t
from components.messages import columns, say
from studio.accounts import Account
from studio.errors import InvalidInput
from studio.projects import ProjectView
from studio.storyboard import COLUMNS

THUMB_COLUMN = "keyframe"
HEADERS = [COLUMNS[0], THUMB_COLUMN, *COLUMNS[1:]]


def table_value(ctx: UIContext, account: Account, project: ProjectView | None) -> dict[str, Any]:
    """The storyboard table, each row with the thumbnail of the frame its scene starts from."""
    if not project:
        return {"headers": columns(HEADERS), "data": []}
    rows = []
    for scene in project.scenes:
        uri = ctx.services.thumbnails.of_scene(account.id, project, scene)
        rows.append([scene.number, f"![scene {scene.number}]({uri})", *scene.row()[1:]])
    return {"headers": columns(HEADERS), "data": rows}


def title_value(_account: Account, project: ProjectView | None) -> str:
    return project.title if project else ""


def board_empty(_account: Account, project: ProjectView | None) -> str | I18nData:
    return t("empty.board") if project is None else ""


def sharing_value(ctx: UIContext, account: Account, project: ProjectView | None) -> str | I18nData:
    return sharing_line(ctx.services.projects.shared_with(account.id, project.id)) if project else ""


def sharing_line(names: list[str]) -> str | I18nData:
    if not names:
        return t("board.not_shared")
    return say("board.shared_with", names=", ".join(f"**{name}**" for name in names))


def rows_of(table: Any) -> list[list[Any]]:
    """The table's rows in COLUMNS order, without the thumbnails.

    Gradio hands the table over as a list of rows, a dict, or a pandas frame, depending on
    the caller; API clients may send rows with or without the keyframe column.
    """
    if table is None:
        return []
    if isinstance(table, dict):
        rows = [list(r) for r in table.get("data", [])]
    elif hasattr(table, "values") and hasattr(table, "columns"):
        rows = [list(r) for r in table.values.tolist()]
    else:
        rows = [list(r) for r in table]
    return [[r[0], *r[2:]] if len(r) == len(HEADERS) else r for r in rows]


def render(ctx: UIContext) -> None:
    with gr.Tab(t("tab.storyboard"), id="storyboard"):
        with gr.Row():
            ctx.shows_project(ctx.add("title", gr.Textbox(label=t("board.title"), scale=4)), title_value)
            ctx.add("rename", gr.Button(t("board.rename"), scale=1))
        ctx.shows_project(
            ctx.add(
                "table",
                gr.Dataframe(
                    headers=HEADERS,
                    datatype=["number", "markdown", "str", "number", "str", "str", "str"],
                    type="array",
                    interactive=True,
                    wrap=True,
                    static_columns=[0, 1],
                    column_widths=["7%", "10%", "28%", "8%", "11%", "16%", "20%"],
                    label=t("board.table"),
                ),
            ),
            functools.partial(table_value, ctx),
        )
        ctx.shows_project(ctx.add("board_empty", gr.Markdown()), board_empty)
        gr.Markdown(t("board.keys"), elem_classes=["hint"])
        ctx.add("board_message", gr.Markdown())
        with gr.Row():
            ctx.add("scene_number", gr.Number(label=t("board.number"), value=1, precision=0, minimum=1))
            ctx.add("add_scene", gr.Button(t("board.add")))
            ctx.add("delete_scene", gr.Button(t("board.delete"), variant="stop"))
            ctx.add("move_up", gr.Button(t("board.up")))
            ctx.add("move_down", gr.Button(t("board.down")))
        with gr.Row():
            ctx.add(
                "instruction",
                gr.Textbox(label=t("board.instruction"), placeholder=t("board.instruction_hint"), scale=4),
            )
            ctx.add("rewrite", gr.Button(t("board.rewrite"), scale=1))
        with gr.Row():
            ctx.add("share_user", gr.Textbox(label=t("board.share_user"), scale=3))
            ctx.add("share", gr.Button(t("board.share"), scale=1))
            ctx.add("unshare", gr.Button(t("board.unshare"), scale=1))
        ctx.shows_project(ctx.add("shared_with", gr.Markdown()), functools.partial(sharing_value, ctx))


def current(project_id: int | None) -> int:
    if not project_id:
        raise InvalidInput("Open a project first: generate a storyboard or pick one in History.")
    return project_id


def saved(ctx: UIContext, account: Account, project: ProjectView) -> Outputs:
    message = say("board.saved", scenes=len(project.scenes), seconds=project.total_duration)
    return {ctx["board_message"]: message, **ctx.views(account, project)}


def save_table(ctx: UIContext, table: Any, project_id: int | None, request: gr.Request) -> Outputs:
    account = ctx.account(request)
    projects = ctx.services.projects
    try:
        project = projects.save_table(account.id, current(project_id), rows_of(table))
    except InvalidInput as error:
        gr.Warning(str(error))
        project = projects.get(account.id, current(project_id))
        return {ctx["board_message"]: say("board.not_saved", error=error), **ctx.views(account, project)}
    return saved(ctx, account, project)


def add_scene(ctx: UIContext, number: float | None, project_id: int | None, request: gr.Request) -> Outputs:
    account = ctx.account(request)
    project = ctx.services.projects.add_scene(account.id, current(project_id), after=int(number or 0))
    return saved(ctx, account, project)


def delete_scene(ctx: UIContext, number: float | None, project_id: int | None, request: gr.Request) -> Outputs:
    account = ctx.account(request)
    project = ctx.services.projects.delete_scene(account.id, current(project_id), int(number or 0))
    return saved(ctx, account, project)


def move_up(ctx: UIContext, number: float | None, project_id: int | None, request: gr.Request) -> Outputs:
    account = ctx.account(request)
    project = ctx.services.projects.move_scene(account.id, current(project_id), int(number or 0), -1)
    return saved(ctx, account, project)


def move_down(ctx: UIContext, number: float | None, project_id: int | None, request: gr.Request) -> Outputs:
    account = ctx.account(request)
    project = ctx.services.projects.move_scene(account.id, current(project_id), int(number or 0), 1)
    return saved(ctx, account, project)


def rename(ctx: UIContext, title: str, project_id: int | None, request: gr.Request) -> Outputs:
    account = ctx.account(request)
    project = ctx.services.projects.rename(account.id, current(project_id), title)
    return {ctx["board_message"]: say("board.renamed"), **ctx.views(account, project)}


def rewrite(
    ctx: UIContext,
    number: float | None,
    instruction: str,
    project_id: int | None,
    request: gr.Request,
    progress=gr.Progress(),  # noqa: B008
) -> Outputs:
    account = ctx.account(request)
    pid, n = current(project_id), int(number or 0)
    writer = ctx.services.writer
    ctx.follow(ctx.services.jobs.submit_rewrite(account.id, pid, n, instruction), account, progress)
    project = ctx.services.projects.get(account.id, pid)
    message = say("board.rewritten", number=n, writer=writer.description)
    return {ctx["board_message"]: message, **ctx.views(account, project)}


def share_project(ctx: UIContext, username: str, project_id: int | None, request: gr.Request) -> Outputs:
    account = ctx.account(request)
    names = ctx.services.projects.share(account.id, current(project_id), username)
    return {ctx["board_message"]: say("board.shared", name=username.strip()), ctx["shared_with"]: sharing_line(names)}


def unshare_project(ctx: UIContext, username: str, project_id: int | None, request: gr.Request) -> Outputs:
    account = ctx.account(request)
    names = ctx.services.projects.unshare(account.id, current(project_id), username)
    message = say("board.unshared", name=username.strip())
    return {ctx["board_message"]: message, ctx["shared_with"]: sharing_line(names)}


def pick_row(event: gr.SelectData) -> Any:
    """Selecting a cell (mouse or arrow keys) makes its row the one the buttons below act on."""
    row = event.row_value or []
    return row[0] if row and isinstance(row[0], int | float) else gr.skip()


def listen(ctx: UIContext) -> None:
    for action, handler in (("share", share_project), ("unshare", unshare_project)):
        ctx[action].click(
            ctx.bind(handler),
            inputs=[ctx["share_user"], ctx.project_id],
            outputs=[ctx["board_message"], ctx["shared_with"]],
            api_name=f"{action}_project",
        )
    ctx["table"].select(pick_row, outputs=[ctx["scene_number"]], api_visibility="private", show_progress="hidden")
    outputs = [ctx["board_message"], *ctx.view_outputs]
    ctx["rewrite"].click(
        ctx.bind(rewrite),
        inputs=[ctx["scene_number"], ctx["instruction"], ctx.project_id],
        outputs=outputs,
        api_name="rewrite_scene",
    )
    ctx["table"].input(
        ctx.bind(save_table), inputs=[ctx["table"], ctx.project_id], outputs=outputs, api_name="save_storyboard"
    )
    for button, action, handler in (
        ("add_scene", "add", add_scene),
        ("delete_scene", "delete", delete_scene),
        ("move_up", "up", move_up),
        ("move_down", "down", move_down),
    ):
        ctx[button].click(
            ctx.bind(handler), inputs=[ctx["scene_number"], ctx.project_id], outputs=outputs, api_name=f"{action}_scene"
        )
    renamed = ctx.bind(rename)
    ctx["rename"].click(renamed, inputs=[ctx["title"], ctx.project_id], outputs=outputs, api_name="rename_project")
    ctx["title"].submit(renamed, inputs=[ctx["title"], ctx.project_id], outputs=outputs)
