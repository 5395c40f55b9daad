"""The Export tab's finishing options: cuts or crossfades, subtitles, narration, music, frame preset."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import gradio as gr

from components.context import UIContext, as_id, user_errors
from components.labels import t
from components.messages import say
from studio.accounts import Account
from studio.errors import InvalidInput
from studio.post.finish import FinishSettings, parse_cuts, parse_finish
from studio.post.music import store_music, validate_music
from studio.post.tts import language_of, narration_seconds
from studio.projects.service import ProjectView
from studio.storyboard.schema import MAX_SCENE_SECONDS

FIELDS = ("crossfade", "cuts", "subtitles", "narration", "music_volume", "music_fade", "duck", "preset")
SUBTITLES = [(t(f"finish.subtitles_{value}"), value) for value in ("off", "soft", "burned", "both")]
PRESETS = [
    (t("finish.preset_project"), "project"),
    ("16:9", "16:9"),
    (t("finish.preset_vertical"), "9:16"),
    ("1:1", "1:1"),
]


def current(project: ProjectView | None) -> FinishSettings:
    return FinishSettings.model_validate(project.export_settings if project else {})


def music_note(_account: Account, project: ProjectView | None) -> str:
    music = current(project).music_path
    return say("finish.music", name=Path(music).name) if music else say("finish.no_music")


def field_view(name: str) -> Callable[[Account, ProjectView | None], Any]:
    if name == "cuts":
        return lambda _account, project: ", ".join(f"{c:g}" for c in current(project).cuts)
    return lambda _account, project: getattr(current(project), name)


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


def listen(ctx: UIContext) -> None:
    services = ctx.services
    projects = services.projects
    inputs = [ctx[f"finish_{name}"] for name in FIELDS]

    def project_of(project_id: int | None, account: Account) -> ProjectView:
        if not project_id:
            raise InvalidInput("Open a project first: generate a storyboard or pick one in History.")
        return projects.get(account.id, as_id(project_id, "a project"))

    @user_errors
    def save(request: gr.Request, project_id: int | None, *values: Any) -> str:
        account = ctx.account(request)
        project = project_of(project_id, account)
        chosen = {**project.export_settings, **dict(zip(FIELDS, values, strict=True))}
        chosen["cuts"] = parse_cuts(chosen.get("cuts", ""))
        projects.set_export_settings(account.id, project.id, parse_finish(chosen).model_dump())
        return say("finish.saved")

    @user_errors
    def upload_music(path: str | None, project_id: int | None, request: gr.Request) -> str:
        account = ctx.account(request)
        project = project_of(project_id, account)
        if not path:
            return music_note(account, project)
        limit = services.settings.max_upload_mb * 1024 * 1024
        info = validate_music(Path(path), max_bytes=limit)
        stored = store_music(Path(path), projects.folder(account.id, project.id).music, max_bytes=limit)
        settings = {**project.export_settings, "music_path": str(stored)}
        projects.set_export_settings(account.id, project.id, parse_finish(settings).model_dump())
        return say("finish.music_stored", name=stored.name, seconds=info.duration)

    @user_errors
    def clear_music(project_id: int | None, request: gr.Request) -> str:
        account = ctx.account(request)
        project = project_of(project_id, account)
        projects.set_export_settings(account.id, project.id, {**project.export_settings, "music_path": None})
        return say("finish.no_music")

    @user_errors
    def fit_to_narration(project_id: int | None, request: gr.Request) -> list[Any]:
        """Lengthen scenes whose narration takes longer to speak than the scene lasts."""
        account = ctx.account(request)
        project = project_of(project_id, account)
        rows, changed = project.rows(), []
        for row, scene in zip(rows, project.scenes, strict=True):
            if scene.narration.strip():
                needed = round(narration_seconds(scene.narration, language_of(scene.narration)) + 0.5, 1)
                if needed > scene.duration:
                    row[2] = min(needed, MAX_SCENE_SECONDS)
                    changed.append(str(scene.number))
        if changed:
            project = projects.save_table(account.id, project.id, rows)
            gr.Info(say("finish.lengthened", numbers=", ".join(changed)))
        else:
            gr.Info(say("finish.long_enough"))
        return ctx.views(account, project)

    ctx["finish_save"].click(
        save, inputs=[ctx.project_id, *inputs], outputs=[ctx["export_status"]], api_name="save_export_settings"
    )
    ctx["finish_music"].upload(
        upload_music,
        inputs=[ctx["finish_music"], ctx.project_id],
        outputs=[ctx["finish_music_note"]],
        api_name="upload_music",
    )
    ctx["finish_clear_music"].click(clear_music, inputs=[ctx.project_id], outputs=[ctx["finish_music_note"]])
    ctx["finish_fit"].click(
        fit_to_narration, inputs=[ctx.project_id], outputs=ctx.view_outputs, api_name="fit_to_narration"
    )
