"""Admin tab (admins only; the services check the role too): accounts, quotas, content rules.

Everyone's jobs are in the queue panel, which shows all users' work to admins.
"""

from __future__ import annotations

from typing import Any

import gradio as gr

from components.context import Outputs, UIContext
from components.labels import t
from components.messages import columns, say, word
from studio.accounts import Account
from studio.errors import InvalidInput

USER_HEADERS = ["id", "username", "role", "disabled", "renders today", "daily quota", "locked until", "last login"]
TERM_HEADERS = ["term", "rule"]


def users_value(ctx: UIContext, account: Account) -> dict[str, Any]:
    rows = [
        [
            u.id,
            u.username,
            word(u.role),
            word("yes") if u.disabled else "",
            u.renders_today,
            word("unlimited") if u.daily_render_quota is None else u.daily_render_quota,
            f"{u.locked_until:%Y-%m-%d %H:%M:%S}" if u.locked_until else "",
            f"{u.last_login_at:%Y-%m-%d %H:%M}" if u.last_login_at else "",
        ]
        for u in ctx.services.admin.list_users(account)
    ]
    return {"headers": columns(USER_HEADERS), "data": rows}


def terms_value(ctx: UIContext) -> dict[str, Any]:
    return {"headers": columns(TERM_HEADERS), "data": [list(pair) for pair in ctx.services.safety.terms()]}


def render(ctx: UIContext) -> None:
    with gr.Tab(t("tab.admin"), id="admin", visible=False) as tab:
        ctx.add("admin_tab", tab)
        ctx.add("users", gr.Dataframe(headers=USER_HEADERS, interactive=False, type="array", label=t("admin.users")))
        with gr.Row():
            ctx.add("admin_username", gr.Textbox(label=t("admin.username")))
            ctx.add("admin_password", gr.Textbox(label=t("admin.password"), type="password"))
            ctx.add("admin_role", gr.Dropdown(["user", "admin"], value="user", label=t("admin.role")))
            ctx.add("admin_quota", gr.Number(label=t("admin.quota"), value=None, precision=0))
        with gr.Row():
            for action in ("create", "disable", "enable", "reset", "role", "quota", "unlock"):
                label = {"role": "admin.role_set", "quota": "admin.quota_set"}.get(action, f"admin.{action}")
                ctx.add(f"admin_{action}", gr.Button(t(label), size="sm"))
        with gr.Row():
            ctx.add("admin_confirm", gr.Checkbox(label=t("admin.confirm"), value=False))
            ctx.add("admin_delete", gr.Button(t("admin.delete"), variant="stop", size="sm"))
        ctx.add("admin_message", gr.Markdown())
        ctx.add("terms", gr.Dataframe(headers=TERM_HEADERS, interactive=False, type="array", label=t("admin.terms")))
        with gr.Row():
            ctx.add("term", gr.Textbox(label=t("admin.term")))
            ctx.add("term_rule", gr.Textbox(label=t("admin.rule")))
            ctx.add("term_add", gr.Button(t("admin.term_add"), size="sm"))
            ctx.add("term_remove", gr.Button(t("admin.term_remove"), size="sm"))


def target(username: str) -> str:
    name = (username or "").strip()
    if not name:
        raise InvalidInput("Type the username to act on.")
    return name


def acted(ctx: UIContext, account: Account, action: str, name: str) -> Outputs:
    """The users table after an action, what was done, and the password and confirmation cleared."""
    return {
        ctx["users"]: users_value(ctx, account),
        ctx["admin_message"]: say("admin.done", action=word(action), name=name),
        ctx["admin_password"]: "",
        ctx["admin_confirm"]: False,
    }


def admin_create(
    ctx: UIContext, username: str, password: str, role: str, quota: float | None, confirmed: bool, request: gr.Request
) -> Outputs:
    account = ctx.account(request)
    name = target(username)
    ctx.services.admin.create_user(account, name, password or "", role or "user")
    return acted(ctx, account, "create", name)


def admin_disable(
    ctx: UIContext, username: str, password: str, role: str, quota: float | None, confirmed: bool, request: gr.Request
) -> Outputs:
    account = ctx.account(request)
    name = target(username)
    ctx.services.admin.set_disabled(account, name, True)
    return acted(ctx, account, "disable", name)


def admin_enable(
    ctx: UIContext, username: str, password: str, role: str, quota: float | None, confirmed: bool, request: gr.Request
) -> Outputs:
    account = ctx.account(request)
    name = target(username)
    ctx.services.admin.set_disabled(account, name, False)
    return acted(ctx, account, "enable", name)


def admin_reset(
    ctx: UIContext, username: str, password: str, role: str, quota: float | None, confirmed: bool, request: gr.Request
) -> Outputs:
    account = ctx.account(request)
    name = target(username)
    ctx.services.admin.reset_password(account, name, password or "")
    return acted(ctx, account, "reset", name)


def admin_role(
    ctx: UIContext, username: str, password: str, role: str, quota: float | None, confirmed: bool, request: gr.Request
) -> Outputs:
    account = ctx.account(request)
    name = target(username)
    ctx.services.admin.set_role(account, name, role)
    return acted(ctx, account, "role", name)


def admin_quota(
    ctx: UIContext, username: str, password: str, role: str, quota: float | None, confirmed: bool, request: gr.Request
) -> Outputs:
    account = ctx.account(request)
    name = target(username)
    ctx.services.admin.set_quota(account, name, None if quota in (None, "") else int(quota))
    return acted(ctx, account, "quota", name)


def admin_unlock(
    ctx: UIContext, username: str, password: str, role: str, quota: float | None, confirmed: bool, request: gr.Request
) -> Outputs:
    account = ctx.account(request)
    name = target(username)
    ctx.services.admin.unlock(account, name)
    return acted(ctx, account, "unlock", name)


def admin_delete(
    ctx: UIContext, username: str, password: str, role: str, quota: float | None, confirmed: bool, request: gr.Request
) -> Outputs:
    """Delete the user with their projects and files."""
    account = ctx.account(request)
    name = target(username)
    if not confirmed:
        raise InvalidInput("Tick the box to confirm: deleting a user removes all their projects.")
    ctx.services.admin.delete_user(account, name)
    return acted(ctx, account, "delete", name)


USER_ACTIONS = {
    "create": admin_create,
    "disable": admin_disable,
    "enable": admin_enable,
    "reset": admin_reset,
    "role": admin_role,
    "quota": admin_quota,
    "unlock": admin_unlock,
    "delete": admin_delete,
}


def add_term(ctx: UIContext, term: str, rule: str, request: gr.Request) -> Outputs:
    ctx.services.safety.add_term(ctx.account(request), term, rule)
    return {ctx["terms"]: terms_value(ctx), ctx["admin_message"]: say("admin.term_added")}


def remove_term(ctx: UIContext, term: str, request: gr.Request) -> Outputs:
    ctx.services.safety.remove_term(ctx.account(request), term)
    return {ctx["terms"]: terms_value(ctx), ctx["admin_message"]: say("admin.term_removed")}


def show(ctx: UIContext, request: gr.Request) -> Outputs:
    account = ctx.account(request)
    return {ctx["users"]: users_value(ctx, account), ctx["terms"]: terms_value(ctx)}


def listen(ctx: UIContext) -> None:
    fields = [ctx["admin_username"], ctx["admin_password"], ctx["admin_role"], ctx["admin_quota"], ctx["admin_confirm"]]
    outputs = [ctx["users"], ctx["admin_message"], ctx["admin_password"], ctx["admin_confirm"]]
    for action, handler in USER_ACTIONS.items():
        ctx[f"admin_{action}"].click(ctx.bind(handler), inputs=fields, outputs=outputs, api_name=f"admin_{action}")
    term_outputs = [ctx["terms"], ctx["admin_message"]]
    ctx["term_add"].click(
        ctx.bind(add_term), inputs=[ctx["term"], ctx["term_rule"]], outputs=term_outputs, api_name="admin_add_term"
    )
    ctx["term_remove"].click(
        ctx.bind(remove_term), inputs=[ctx["term"]], outputs=term_outputs, api_name="admin_remove_term"
    )
    ctx["admin_tab"].select(ctx.bind(show), outputs=[ctx["users"], ctx["terms"]], api_visibility="private")
