"""The Export tab's finishing options: cuts or crossfades, subtitles, narration, music, frame preset."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import gradio as gr

from components.context import Outputs, UIContext, as_id
from components.labels import t
from components.messages import say
from studio.accounts import Account
from studio.errors import InvalidInput
from studio.production import Finishing
from studio.projects import ProjectView

FIELDS = ("crossfade", "cuts", "subtitles", "narration", "music_volume", "music_fade", "duck", "preset")
SUBTITLES = [(t(f"finish.subtitles_{value}"), value) for value in ("off", "soft", "burned", "both")]
PRESETS = [
    (t("finish.preset_project"), "project"),
    ("16:9", "16:9"),
    (t("finish.preset_vertical"), "9:16"),
    ("1:1", "1:1"),
]


def music_note(_account: Account, project: ProjectView | None) -> str:
    music = Finishing.settings_of(project).music_path
    return say("finish.music", name=Path(music).name) if music else say("finish.no_music")


def field_view(name: str) -> Callable[[Account, ProjectView | None], Any]:
    if name == "cuts":
        return lambda _account, project: ", ".join(f"{c:g}" for c in Finishing.settings_of(project).cuts)
    return lambda _account, project: getattr(Finishing.settings_of(project), name)


def render(ctx: UIContext) -> None:
    with gr.Accordion(t("finish.title"), open=True):
        with gr.Row():
            with gr.Column():
                ctx.add("finish_crossfade", gr.Slider(0, 3, value=0, step=0.1, label=t("finish.crossfade")))
                ctx.add("finish_cuts", gr.Textbox(label=t("finish.cuts"), placeholder="0.5, 0, 1"))
            ctx.add("finish_subtitles", gr.Radio(SUBTITLES, value="soft", label=t("finish.subtitles")))
            ctx.add("finish_preset", gr.Dropdown(PRESETS, value="project", label=t("finish.preset")))
        with gr.Row():
            ctx.add("finish_narration", gr.Checkbox(label=t("finish.narration"), value=False))
            ctx.add("finish_fit", gr.Button(t("finish.fit"), size="sm"))
        with gr.Row():
            ctx.add("finish_music", gr.File(label=t("finish.music"), file_types=["audio"], type="filepath"))
            with gr.Column():
                ctx.add("finish_music_volume", gr.Slider(0, 2, value=0.6, step=0.05, label=t("finish.volume")))
                ctx.add("finish_music_fade", gr.Slider(0, 10, value=2, step=0.5, label=t("finish.fade")))
                ctx.add("finish_duck", gr.Checkbox(label=t("finish.duck"), value=True))
                ctx.add("finish_music_note", gr.Markdown())
                ctx.add("finish_clear_music", gr.Button(t("finish.clear_music"), size="sm"))
        ctx.add("finish_save", gr.Button(t("finish.save")))
    for name in FIELDS:
        ctx.shows_project(ctx[f"finish_{name}"], field_view(name))
    ctx.shows_project(ctx["finish_music_note"], music_note)


def opened(project_id: int | None) -> int:
    if not project_id:
        raise InvalidInput("Open a project first: generate a storyboard or pick one in History.")
    return as_id(project_id, "a project")


def save(ctx: UIContext, request: gr.Request, project_id: int | None, *values: Any) -> str:
    account = ctx.account(request)
    ctx.services.finishing.save(account.id, opened(project_id), dict(zip(FIELDS, values, strict=True)))
    return say("finish.saved")


def upload_music(ctx: UIContext, path: str | None, project_id: int | None, request: gr.Request) -> str:
    account = ctx.account(request)
    if not path:
        return music_note(account, ctx.services.projects.get(account.id, opened(project_id)))
    stored = ctx.services.uploads.music(account.id, opened(project_id), Path(path))
    return say("finish.music_stored", name=stored.path.name, seconds=stored.seconds)


def clear_music(ctx: UIContext, project_id: int | None, request: gr.Request) -> str:
    account = ctx.account(request)
    ctx.services.finishing.clear_music(account.id, opened(project_id))
    return say("finish.no_music")


def fit_to_narration(ctx: UIContext, project_id: int | None, request: gr.Request) -> Outputs:
    """Lengthen scenes whose narration takes longer to speak than the scene lasts."""
    account = ctx.account(request)
    fitted = ctx.services.finishing.fit_to_narration(account.id, opened(project_id))
    if fitted.lengthened:
        gr.Info(say("finish.lengthened", numbers=", ".join(str(n) for n in fitted.lengthened)))
    else:
        gr.Info(say("finish.long_enough"))
    return ctx.views(account, fitted.project)


def listen(ctx: UIContext) -> None:
    ctx["finish_save"].click(
        ctx.bind(save),
        inputs=[ctx.project_id, *(ctx[f"finish_{name}"] for name in FIELDS)],
        outputs=[ctx["export_status"]],
        api_name="save_export_settings",
    )
    ctx["finish_music"].upload(
        ctx.bind(upload_music),
        inputs=[ctx["finish_music"], ctx.project_id],
        outputs=[ctx["finish_music_note"]],
        api_name="upload_music",
    )
    ctx["finish_clear_music"].click(ctx.bind(clear_music), inputs=[ctx.project_id], outputs=[ctx["finish_music_note"]])
    ctx["finish_fit"].click(
        ctx.bind(fit_to_narration), inputs=[ctx.project_id], outputs=ctx.view_outputs, api_name="fit_to_narration"
    )
