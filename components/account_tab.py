"""Account tab: change your password, and create or revoke your API tokens (for the REST API)."""

from __future__ import annotations

from typing import Any

import gradio as gr

from components.context import Outputs, UIContext, as_id
from components.labels import t
from components.messages import columns, say, word
from studio.accounts import Account
from studio.errors import InvalidInput

TOKEN_HEADERS = ["id", "name", "starts with", "created (UTC)", "expires (UTC)", "last used", "status"]


def tokens_value(ctx: UIContext, account: Account) -> dict[str, Any]:
    rows = [
        [
            tk.id,
            tk.name,
            f"{tk.prefix}…",
            f"{tk.created_at:%Y-%m-%d %H:%M}",
            f"{tk.expires_at:%Y-%m-%d %H:%M}" if tk.expires_at else word("never"),
            f"{tk.last_used_at:%Y-%m-%d %H:%M}" if tk.last_used_at else "",
            word("revoked" if tk.revoked_at else "expired" if tk.expired else "active"),
        ]
        for tk in ctx.services.api_tokens.of_user(account.id)
    ]
    return {"headers": columns(TOKEN_HEADERS), "data": rows}


def render(ctx: UIContext) -> None:
    with gr.Tab(t("tab.account"), id="account") as tab:
        ctx.add("account_tab", tab)
        with gr.Row():
            ctx.add("old_password", gr.Textbox(label=t("account.old"), type="password"))
            ctx.add("new_password", gr.Textbox(label=t("account.new"), type="password"))
            ctx.add("new_password_again", gr.Textbox(label=t("account.again"), type="password"))
        ctx.add("change_password", gr.Button(t("account.change")))
        gr.Markdown(t("account.tokens_help"))
        with gr.Row():
            ctx.add("token_name", gr.Textbox(label=t("account.token_name"), placeholder="lab-notebook", scale=3))
            days = gr.Number(label=t("account.token_days"), value=None, precision=0, scale=1)
            ctx.add("token_days", days)
            ctx.add("token_create", gr.Button(t("account.token_create"), variant="primary", scale=1))
        ctx.add("token_secret", gr.Textbox(label=t("account.token_secret"), interactive=False, buttons=["copy"]))
        ctx.add("tokens", gr.Dataframe(headers=TOKEN_HEADERS, interactive=False, type="array"))
        with gr.Row():
            ctx.add("token_id", gr.Number(label=t("account.token_id"), value=None, precision=0, scale=1))
            ctx.add("token_revoke", gr.Button(t("account.token_revoke"), variant="stop", scale=1))
        ctx.add("account_message", gr.Markdown())


def change_password(ctx: UIContext, old: str, new: str, again: str, request: gr.Request) -> Outputs:
    account = ctx.account(request)
    if new != again:
        raise InvalidInput("The new passwords differ.")
    ctx.services.accounts.change_own_password(account, old, new)
    ctx.keep_session(request)
    cleared = {ctx[name]: "" for name in ("old_password", "new_password", "new_password_again")}
    return {**cleared, ctx["account_message"]: say("account.password_changed")}


def create_token(ctx: UIContext, name: str, request: gr.Request, days: float | None = None) -> Outputs:
    """A new API token; `days` (blank: never) is optional for API clients that predate it."""
    account = ctx.account(request)
    secret, token = ctx.services.api_tokens.create(account.id, name, expires_in_days=days)
    return {
        ctx["token_secret"]: secret,
        ctx["tokens"]: tokens_value(ctx, account),
        ctx["account_message"]: say("account.token_created", name=token.name),
    }


def revoke_token(ctx: UIContext, token_id: float | None, request: gr.Request) -> Outputs:
    account = ctx.account(request)
    if not token_id:
        raise InvalidInput("Type the id of the token to revoke (the first column).")
    token = ctx.services.api_tokens.revoke(account.id, as_id(token_id, "a token"))
    return {
        ctx["tokens"]: tokens_value(ctx, account),
        ctx["account_message"]: say("account.token_revoked", name=token.name),
    }


def show(ctx: UIContext, request: gr.Request) -> dict[str, Any]:
    return tokens_value(ctx, ctx.account(request))


def listen(ctx: UIContext) -> None:
    passwords = [ctx["old_password"], ctx["new_password"], ctx["new_password_again"]]
    ctx["change_password"].click(
        ctx.bind(change_password),
        inputs=passwords,
        outputs=[*passwords, ctx["account_message"]],
        api_name="change_password",
    )
    ctx["token_create"].click(
        ctx.bind(create_token),
        inputs=[ctx["token_name"], ctx["token_days"]],
        outputs=[ctx["token_secret"], ctx["tokens"], ctx["account_message"]],
        api_name="create_api_token",
    )
    ctx["token_revoke"].click(
        ctx.bind(revoke_token),
        inputs=[ctx["token_id"]],
        outputs=[ctx["tokens"], ctx["account_message"]],
        api_name="revoke_api_token",
    )
    ctx["account_tab"].select(ctx.bind(show), outputs=[ctx["tokens"]], api_visibility="private")
