"""Render tab: render one scene or all, compare two takes side by side, choose the active one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import gradio as gr
from gradio.i18n import I18nData

from components import look_panel
from components.context import UIContext, as_id, user_errors
from components.labels import t
from components.messages import columns, say
from studio.accounts import Account
from studio.errors import InvalidInput
from studio.post.compare import Side, compare_clip
from studio.production.uploads import store_keyframe
from studio.projects.controls import parse_controls
from studio.projects.service import ProjectView, SceneView, TakeView
from studio.services import Services

CONTROL_NAMES = ("seed", "steps", "motion_bucket_id", "noise_aug_strength", "frames", "fps")
CONTROL_FIELDS = ("seed", "steps", "motion", "noise", "frames", "cond_fps")
OVERVIEW_HEADERS = ["scene", "camera", "seconds", "keyframe", "takes", "active take"]


def scene_label(scene: SceneView) -> str:
    text = scene.description if len(scene.description) <= 50 else scene.description[:49] + "…"
    return f"{scene.number} · {text}"


def scene_choices(_account: Account, project: ProjectView | None) -> dict[str, Any]:
    choices = [(scene_label(s), s.id) for s in project.scenes] if project else []
    return gr.update(choices=choices, value=choices[0][1] if choices else None)


def overview(_account: Account, project: ProjectView | None) -> dict[str, Any]:
    rows = []
    for scene in project.scenes if project else []:
        rows.append(
            [
                scene.number,
                scene.camera,
                scene.duration,
                say("overview.uploaded") if scene.keyframe_path else say("overview.card"),
                scene.take_count,
                say("overview.take", number=scene.active_take_number)
                if scene.active_take_id
                else say("overview.not_rendered"),
            ]
        )
    return {"headers": columns(OVERVIEW_HEADERS), "data": rows}


def engine_note(services: Services) -> str:
    """Why this engine renders, in the user's language (the services give the facts)."""
    choice = services.video_choice
    facts = dict(choice.facts)
    if "keyframes" in facts:
        facts["keyframes"] = say(f"engine.keyframes_{facts['keyframes']}")
    return say(f"engine.{choice.reason}", **facts)


def engine_line(services: Services) -> str:
    return say("engine.line", engine=services.status().video, why=engine_note(services))


def render_empty(_account: Account, project: ProjectView | None) -> str | I18nData:
    return t("empty.render") if project is None or not project.scenes else ""


def take_label(take: TakeView, numbers: dict[int, int] | None = None) -> str:
    """One line per take: how it was made (engine and move, or the look applied to which take), when, how fast."""
    recipe = take.recipe
    if recipe.get("op") == "look":
        source = (numbers or {}).get(recipe.get("derived_from"), "?")
        how = say("take.look", source=source, filters=recipe.get("filters_label") or "-")
        if recipe.get("colour_match"):
            how += say("take.matched")
    else:
        move = recipe.get("move", recipe.get("camera", ""))
        how = say("take.render", engine=take.engine, move=move, seed=recipe.get("seed", "?"))
    line = say(
        "take.line", number=take.number, how=how, seconds=take.render_seconds, when=f"{take.created_at:%Y-%m-%d %H:%M}"
    )
    return line + (say("take.active") if take.active else "")


def short_take_label(take: TakeView) -> str:
    return say("take.short", number=take.number) + (say("take.active") if take.active else "")


def render(ctx: UIContext) -> None:
    with gr.Tab(t("tab.render"), id="render"):
        ctx.shows_project(ctx.add("engine_line", gr.Markdown()), lambda _a, _p: engine_line(ctx.services))
        ctx.shows_project(ctx.add("render_empty", gr.Markdown()), render_empty)
        with gr.Row():
            with gr.Column(scale=1):
                ctx.shows_project(
                    ctx.add("scene_pick", gr.Dropdown(label=t("render.scene"), choices=[], allow_custom_value=True)),
                    scene_choices,
                )
                ctx.add(
                    "keyframe",
                    gr.Image(label=t("render.keyframe"), type="filepath", sources=["upload"], height=200),
                )
                ctx.add("clear_keyframe", gr.Button(t("render.clear_keyframe"), size="sm"))
                with gr.Accordion(t("render.controls"), open=False):
                    ctx.add("continuity", gr.Checkbox(label=t("render.continuity"), value=False))
                    with gr.Row():
                        ctx.add("seed", gr.Number(label=t("render.seed"), precision=0, minimum=0))
                        ctx.add("steps", gr.Number(label=t("render.steps"), precision=0, minimum=1, maximum=150))
                    with gr.Row():
                        ctx.add("motion", gr.Number(label=t("render.motion"), precision=0, minimum=1, maximum=255))
                        ctx.add("noise", gr.Number(label=t("render.noise"), minimum=0, maximum=1, step=0.01))
                    with gr.Row():
                        ctx.add("frames", gr.Number(label=t("render.frames"), precision=0, minimum=2, maximum=64))
                        ctx.add("cond_fps", gr.Number(label=t("render.fps"), precision=0, minimum=1, maximum=30))
                    ctx.add("save_controls", gr.Button(t("render.save_controls"), size="sm"))
                engines = list(ctx.services.renderer.engines)
                ctx.add(
                    "engine",
                    gr.Dropdown(
                        label=t("render.engine"), choices=engines, value=engines[0], interactive=len(engines) > 1
                    ),
                )
                ctx.add("render_one", gr.Button(t("render.one"), variant="primary"))
                ctx.add("rerender", gr.Checkbox(label=t("render.rerender"), value=False))
                ctx.add("render_all", gr.Button(t("render.all")))
            with gr.Column(scale=2):
                ctx.add("preview", gr.Video(label=t("render.preview"), interactive=False, height=360))
                ctx.add("takes", gr.Dropdown(label=t("render.takes"), choices=[], allow_custom_value=True))
                ctx.add("choose", gr.Button(t("render.choose")))
                with gr.Accordion(t("compare.title"), open=False):
                    with gr.Row():
                        ctx.add("compare_left", gr.Dropdown(label=t("compare.left"), allow_custom_value=True))
                        ctx.add("compare_right", gr.Dropdown(label=t("compare.right"), allow_custom_value=True))
                    ctx.add("compare", gr.Button(t("compare.run")))
                    ctx.add(
                        "compare_video",
                        gr.Video(label=t("compare.video"), interactive=False, autoplay=True, loop=True, height=300),
                    )
                    with gr.Row():
                        ctx.add("use_left", gr.Button(t("compare.use_left"), size="sm"))
                        ctx.add("use_right", gr.Button(t("compare.use_right"), size="sm"))
                look_panel.render(ctx)
        ctx.add("render_message", gr.Markdown())
        ctx.shows_project(
            ctx.add(
                "overview",
                gr.Dataframe(headers=OVERVIEW_HEADERS, interactive=False, label=t("render.overview"), type="array"),
            ),
            overview,
        )
        ctx.follows_lane(ctx["overview"], overview)


def listen(ctx: UIContext) -> None:
    services = ctx.services
    projects = services.projects

    def scene_outputs(account: Account, scene_id: int | None) -> list[Any]:
        """Keyframe, takes, preview and controls of one scene."""
        if not scene_id:
            empty = gr.update(choices=[], value=None)
            return [None, empty, None, False, *([None] * len(CONTROL_NAMES)), empty, empty, None]
        takes = projects.takes(account.id, as_id(scene_id, "a scene"))
        active = next((tk for tk in takes if tk.active), None)
        scene = projects.scene(account.id, as_id(scene_id, "a scene"))
        keyframe = (
            ctx.publish(scene.keyframe_path) if scene.keyframe_path and Path(scene.keyframe_path).is_file() else None
        )
        preview = ctx.publish(active.path) if active and Path(active.path).is_file() else None
        numbers = {tk.id: tk.number for tk in takes}
        choices = [(take_label(tk, numbers), tk.id) for tk in reversed(takes)]
        controls = [scene.render_options.get(name) for name in CONTROL_NAMES]
        short = [(short_take_label(tk), tk.id) for tk in reversed(takes)]
        # By default: the active take beside the newest other one.
        other = next((tk for tk in reversed(takes) if not tk.active), None)
        return [
            keyframe,
            gr.update(choices=choices, value=active.id if active else None),
            preview,
            scene.continuity,
            *controls,
            gr.update(choices=short, value=active.id if active else None),
            gr.update(choices=short, value=other.id if other else None),
            None,
        ]

    @user_errors
    def show_scene(scene_id: int | None, request: gr.Request) -> list[Any]:
        return scene_outputs(ctx.account(request), scene_id)

    @user_errors
    def upload_keyframe(path: str | None, scene_id: int | None, project_id: int | None, request: gr.Request) -> list:
        account = ctx.account(request)
        if not scene_id:
            raise InvalidInput("Pick a scene first.")
        if not path:
            return scene_outputs(account, scene_id)
        scene = projects.scene(account.id, as_id(scene_id, "a scene"))
        folder = projects.folder(account.id, as_id(project_id, "a project")).keyframes
        stored = store_keyframe(Path(path), folder, max_bytes=services.settings.max_upload_mb * 1024 * 1024)
        try:
            projects.set_keyframe(account.id, scene.id, stored)
        except Exception:
            stored.unlink(missing_ok=True)
            raise
        gr.Info(say("render.keyframe_set", number=scene.number))
        return scene_outputs(account, scene_id)

    @user_errors
    def clear_keyframe(scene_id: int | None, request: gr.Request) -> list[Any]:
        account = ctx.account(request)
        if scene_id:
            projects.set_keyframe(account.id, as_id(scene_id, "a scene"), None)
        return scene_outputs(account, scene_id)

    @user_errors
    def save_controls(request: gr.Request, scene_id: int | None, continuity: bool, *values: Any) -> list:
        account = ctx.account(request)
        if not scene_id:
            raise InvalidInput("Pick a scene first.")
        controls = parse_controls(dict(zip(CONTROL_NAMES, values, strict=True)))
        scene = projects.set_controls(
            account.id, as_id(scene_id, "a scene"), continuity=bool(continuity), controls=controls
        )
        gr.Info(say("render.controls_saved", number=scene.number))
        return scene_outputs(account, scene_id)

    @user_errors
    def render_one(scene_id: int | None, engine: str | None, request: gr.Request) -> str:
        account = ctx.account(request)
        if not scene_id:
            raise InvalidInput("Pick a scene to render.")
        job = services.jobs.submit_scene(account.id, as_id(scene_id, "a scene"), engine)
        return say("render.queued_one", job=job.id, label=job.label)

    @user_errors
    def render_all(rerender: bool, engine: str | None, project_id: int | None, request: gr.Request) -> str:
        account = ctx.account(request)
        if not project_id:
            raise InvalidInput("Open a project first: generate a storyboard or pick one in History.")
        jobs = services.jobs.submit_project(
            account.id, as_id(project_id, "a project"), rerender=bool(rerender), engine=engine
        )
        if not jobs:
            return say("render.nothing_to_queue")
        return say("render.queued_all", count=len(jobs), first=jobs[0].id, last=jobs[-1].id)

    @user_errors
    def choose(take_id: int | None, scene_id: int | None, project_id: int | None, request: gr.Request) -> list:
        account = ctx.account(request)
        if not take_id:
            raise InvalidInput("Pick a take first.")
        take = projects.choose_take(account.id, as_id(take_id, "a take"))
        project = projects.get(account.id, project_id) if project_id else None
        return [
            say("render.chosen", number=take.number),
            overview(account, project),
            *scene_outputs(account, scene_id),
        ]

    @user_errors
    def preview_take(take_id: int | None, scene_id: int | None, request: gr.Request) -> str | None:
        account = ctx.account(request)
        if not take_id or not scene_id:
            return None
        take = next(
            (tk for tk in projects.takes(account.id, as_id(scene_id, "a scene")) if tk.id == as_id(take_id, "a take")),
            None,
        )
        return ctx.publish(take.path) if take and Path(take.path).is_file() else None

    @user_errors
    def compare(left_id: int | None, right_id: int | None, scene_id: int | None, request: gr.Request) -> str:
        account = ctx.account(request)
        if not scene_id:
            raise InvalidInput("Pick a scene first.")
        takes = {tk.id: tk for tk in projects.takes(account.id, as_id(scene_id, "a scene"))}
        if len(takes) < 2:
            raise InvalidInput("This scene has one take so far: render it again to have two to compare.")
        if not left_id or not right_id:
            raise InvalidInput("Pick a take for each side.")
        sides = []
        for take_id in (left_id, right_id):
            take = takes.get(as_id(take_id, "a take"))
            if take is None:
                raise InvalidInput(f"Take id {take_id} is not one of this scene's takes.")
            sides.append(Side(Path(take.path), f"{say('take.short', number=take.number)} · {take.engine}"))
        scene = projects.scene(account.id, as_id(scene_id, "a scene"))
        folder = projects.folder(account.id, scene.project_id).compare
        return ctx.publish(compare_clip(sides[0], sides[1], folder))

    def use_side(side: str):
        @user_errors
        def handler(
            left_id: int | None, right_id: int | None, scene_id: int | None, project_id: int | None, request: gr.Request
        ) -> list:
            outputs = choose(left_id if side == "left" else right_id, scene_id, project_id, request)
            return [*outputs[:-1], gr.skip()]  # the comparison keeps playing

        handler.__name__ = f"use_{side}_take"
        return handler

    controls = [ctx[name] for name in CONTROL_FIELDS]
    compare_view = [ctx["compare_left"], ctx["compare_right"], ctx["compare_video"]]
    scene_view = [ctx["keyframe"], ctx["takes"], ctx["preview"], ctx["continuity"], *controls, *compare_view]
    results = [ctx["render_message"], ctx["overview"], *scene_view]
    ctx["scene_pick"].change(show_scene, inputs=[ctx["scene_pick"]], outputs=scene_view, api_visibility="private")
    ctx["keyframe"].upload(
        upload_keyframe,
        inputs=[ctx["keyframe"], ctx["scene_pick"], ctx.project_id],
        outputs=scene_view,
        api_name="upload_keyframe",
    )
    ctx["clear_keyframe"].click(
        clear_keyframe, inputs=[ctx["scene_pick"]], outputs=scene_view, api_name="clear_keyframe"
    )
    ctx["save_controls"].click(
        save_controls,
        inputs=[ctx["scene_pick"], ctx["continuity"], *controls],
        outputs=scene_view,
        api_name="save_scene_controls",
    )
    ctx["render_one"].click(
        render_one, inputs=[ctx["scene_pick"], ctx["engine"]], outputs=[ctx["render_message"]], api_name="render_scene"
    )
    ctx["render_all"].click(
        render_all,
        inputs=[ctx["rerender"], ctx["engine"], ctx.project_id],
        outputs=[ctx["render_message"]],
        api_name="render_all",
    )

    @user_errors
    def refresh_scene(scene_id: int | None, request: gr.Request) -> list[Any]:
        """A job ended (new takes): redraw the scene, but let a comparison being watched play on."""
        return [*scene_outputs(ctx.account(request), scene_id)[:-1], gr.skip()]

    ctx["overview"].change(refresh_scene, inputs=[ctx["scene_pick"]], outputs=scene_view, api_visibility="private")
    ctx["choose"].click(
        choose, inputs=[ctx["takes"], ctx["scene_pick"], ctx.project_id], outputs=results, api_name="choose_take"
    )
    ctx["takes"].input(
        preview_take, inputs=[ctx["takes"], ctx["scene_pick"]], outputs=[ctx["preview"]], api_visibility="private"
    )
    ctx["compare"].click(
        compare,
        inputs=[ctx["compare_left"], ctx["compare_right"], ctx["scene_pick"]],
        outputs=[ctx["compare_video"]],
        api_name="compare_takes",
    )
    for side in ("left", "right"):
        ctx[f"use_{side}"].click(
            use_side(side),
            inputs=[ctx["compare_left"], ctx["compare_right"], ctx["scene_pick"], ctx.project_id],
            outputs=results,
            api_name=f"use_{side}_take",
        )
    look_panel.listen(ctx)
