"""Storyboard tab: the scenes as an editable table; every change is saved at once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import gradio as gr
from gradio.i18n import I18nData

from components.context import UIContext, user_errors
from components.labels import t
from components.messages import columns, say
from studio.accounts import Account
from studio.errors import InvalidInput
from studio.production.thumbnails import data_uri, scene_thumbnail
from studio.projects.service import ProjectView
from studio.storyboard.schema import COLUMNS
from studio.storyboard.writers import NEEDS_LLM
from studio.storyboard.writers import check_rewrite as rewrite_scene_check

THUMB_COLUMN = "keyframe"
HEADERS = [COLUMNS[0], THUMB_COLUMN, *COLUMNS[1:]]


def table_view(ctx: UIContext) -> Callable[[Account, ProjectView | None], dict[str, Any]]:
    """The storyboard table, each row with the thumbnail of the frame its scene starts from."""

    def value(account: Account, project: ProjectView | None) -> dict[str, Any]:
        if not project:
            return {"headers": columns(HEADERS), "data": []}
        folder = ctx.services.projects.folder(account.id, project.id).thumbs
        frame = (project.width, project.height)
        rows = []
        for scene in project.scenes:
            uri = data_uri(scene_thumbnail(scene, frame, folder))
            rows.append([scene.number, f"![scene {scene.number}]({uri})", *scene.row()[1:]])
        return {"headers": columns(HEADERS), "data": rows}

    return value


def title_value(_account: Account, project: ProjectView | None) -> str:
    return project.title if project else ""


def board_empty(_account: Account, project: ProjectView | None) -> str | I18nData:
    return t("empty.board") if project is None else ""


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
            table_view(ctx),
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

        def sharing_value(account: Account, project: ProjectView | None) -> str:
            return sharing_line(ctx.services.projects.shared_with(account.id, project.id)) if project else ""

        ctx.shows_project(ctx.add("shared_with", gr.Markdown()), sharing_value)


def listen(ctx: UIContext) -> None:
    projects = ctx.services.projects

    def current(project_id: int | None) -> int:
        if not project_id:
            raise InvalidInput("Open a project first: generate a storyboard or pick one in History.")
        return project_id

    @user_errors
    def save_table(table: Any, project_id: int | None, request: gr.Request) -> list[Any]:
        account = ctx.account(request)
        try:
            project = projects.save_table(account.id, current(project_id), rows_of(table))
            message = say("board.saved", scenes=len(project.scenes), seconds=project.total_duration)
        except InvalidInput as error:
            project = projects.get(account.id, current(project_id))
            message = say("board.not_saved", error=error)
            gr.Warning(str(error))
        return [message, *ctx.views(account, project)]

    def edit(action: str):
        @user_errors
        def handler(number: float | None, project_id: int | None, request: gr.Request) -> list[Any]:
            account = ctx.account(request)
            pid = current(project_id)
            n = int(number or 0)
            if action == "add":
                project = projects.add_scene(account.id, pid, after=n)
            elif action == "delete":
                project = projects.delete_scene(account.id, pid, n)
            else:
                project = projects.move_scene(account.id, pid, n, -1 if action == "up" else 1)
            return [
                say("board.saved", scenes=len(project.scenes), seconds=project.total_duration),
                *ctx.views(account, project),
            ]

        handler.__name__ = f"{action}_scene"
        return handler

    @user_errors
    def rename(title: str, project_id: int | None, request: gr.Request) -> list[Any]:
        account = ctx.account(request)
        project = projects.rename(account.id, current(project_id), title)
        return [say("board.renamed"), *ctx.views(account, project)]

    @user_errors
    def rewrite(
        number: float | None,
        instruction: str,
        project_id: int | None,
        request: gr.Request,
        progress=gr.Progress(),  # noqa: B008
    ) -> list[Any]:
        account = ctx.account(request)
        pid = current(project_id)
        n = int(number or 0)
        writer = ctx.services.writer
        if not writer.can_rewrite:
            raise InvalidInput(NEEDS_LLM)
        board = projects.get(account.id, pid).storyboard()
        rewrite_scene_check(board, n, instruction)
        ctx.follow(ctx.services.jobs.submit_rewrite(account.id, pid, n, instruction), account, progress)
        project = projects.get(account.id, pid)
        return [say("board.rewritten", number=n, writer=writer.description), *ctx.views(account, project)]

    def sharing(action: str):
        @user_errors
        def handler(username: str, project_id: int | None, request: gr.Request) -> list[Any]:
            account = ctx.account(request)
            pid = current(project_id)
            if action == "share":
                names = projects.share(account.id, pid, username)
                message = say("board.shared", name=username.strip())
            else:
                names = projects.unshare(account.id, pid, username)
                message = say("board.unshared", name=username.strip())
            return [message, sharing_line(names)]

        handler.__name__ = f"{action}_project"
        return handler

    for action in ("share", "unshare"):
        ctx[action].click(
            sharing(action),
            inputs=[ctx["share_user"], ctx.project_id],
            outputs=[ctx["board_message"], ctx["shared_with"]],
            api_name=f"{action}_project",
        )

    def pick_row(event: gr.SelectData) -> Any:
        """Selecting a cell (mouse or arrow keys) makes its row the one the buttons below act on."""
        row = event.row_value or []
        return row[0] if row and isinstance(row[0], int | float) else gr.skip()

    ctx["table"].select(pick_row, outputs=[ctx["scene_number"]], api_visibility="private", show_progress="hidden")

    outputs = [ctx["board_message"], *ctx.view_outputs]
    ctx["rewrite"].click(
        rewrite,
        inputs=[ctx["scene_number"], ctx["instruction"], ctx.project_id],
        outputs=outputs,
        api_name="rewrite_scene",
    )
    ctx["table"].input(save_table, inputs=[ctx["table"], ctx.project_id], outputs=outputs, api_name="save_storyboard")
    for name, action in (("add_scene", "add"), ("delete_scene", "delete"), ("move_up", "up"), ("move_down", "down")):
        ctx[name].click(
            edit(action), inputs=[ctx["scene_number"], ctx.project_id], outputs=outputs, api_name=f"{action}_scene"
        )
    ctx["rename"].click(rename, inputs=[ctx["title"], ctx.project_id], outputs=outputs, api_name="rename_project")
    ctx["title"].submit(rename, inputs=[ctx["title"], ctx.project_id], outputs=outputs)
