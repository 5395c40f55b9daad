"""Render tab: render one scene or all, compare two takes side by side, choose the active one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import gradio as gr
from gradio.i18n import I18nData

from components import look_panel
from components.context import Outputs, UIContext, as_id
from components.labels import t
from components.messages import columns, say
from studio.accounts import Account
from studio.errors import InvalidInput
from studio.projects import ProjectView, RenderControls, SceneView, TakeView, parse_controls
from studio.services import Services

CONTROLS = (
    # (RenderControls field, component name, label, step: None for whole numbers)
    ("seed", "seed", "render.seed", None),
    ("steps", "steps", "render.steps", None),
    ("motion_bucket_id", "motion", "render.motion", None),
    ("noise_aug_strength", "noise", "render.noise", 0.01),
    ("frames", "frames", "render.frames", None),
    ("fps", "cond_fps", "render.fps", None),
)
CONTROL_NAMES = tuple(name for name, *_ in CONTROLS)
CONTROL_FIELDS = tuple(field for _, field, *_ in CONTROLS)
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


def control_input(name: str, label: str, step: float | None) -> gr.Number:
    """A render control's input, bounded as RenderControls bounds it."""
    low, high = RenderControls.bounds(name)
    if step is None:
        return gr.Number(label=t(label), precision=0, minimum=low, maximum=high)
    return gr.Number(label=t(label), minimum=low, maximum=high, step=step)


def render_scene_column(ctx: UIContext) -> None:
    """The scene to render, its keyframe and controls, the engine, and the render buttons."""
    ctx.shows_project(
        ctx.add("scene_pick", gr.Dropdown(label=t("render.scene"), choices=[], allow_custom_value=True)),
        scene_choices,
    )
    ctx.add("keyframe", gr.Image(label=t("render.keyframe"), type="filepath", sources=["upload"], height=200))
    ctx.add("clear_keyframe", gr.Button(t("render.clear_keyframe"), size="sm"))
    with gr.Accordion(t("render.controls"), open=False):
        ctx.add("continuity", gr.Checkbox(label=t("render.continuity"), value=False))
        for pair in (CONTROLS[0:2], CONTROLS[2:4], CONTROLS[4:6]):
            with gr.Row():
                for name, field, label, step in pair:
                    ctx.add(field, control_input(name, label, step))
        ctx.add("save_controls", gr.Button(t("render.save_controls"), size="sm"))
    engines = list(ctx.services.renderer.engines)
    ctx.add(
        "engine",
        gr.Dropdown(label=t("render.engine"), choices=engines, value=engines[0], interactive=len(engines) > 1),
    )
    ctx.add("render_one", gr.Button(t("render.one"), variant="primary"))
    ctx.add("rerender", gr.Checkbox(label=t("render.rerender"), value=False))
    ctx.add("render_all", gr.Button(t("render.all")))


def render_takes_column(ctx: UIContext) -> None:
    """The scene's takes: the preview, the one to use, two side by side, and looks."""
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


def render(ctx: UIContext) -> None:
    with gr.Tab(t("tab.render"), id="render"):
        ctx.shows_project(ctx.add("engine_line", gr.Markdown()), lambda _a, _p: engine_line(ctx.services))
        ctx.shows_project(ctx.add("render_empty", gr.Markdown()), render_empty)
        with gr.Row():
            with gr.Column(scale=1):
                render_scene_column(ctx)
            with gr.Column(scale=2):
                render_takes_column(ctx)
        ctx.add("render_message", gr.Markdown())
        ctx.shows_project(
            ctx.add(
                "overview",
                gr.Dataframe(headers=OVERVIEW_HEADERS, interactive=False, label=t("render.overview"), type="array"),
            ),
            overview,
        )
        ctx.follows_lane(ctx["overview"], overview)


def scene_view(ctx: UIContext, account: Account, scene_id: int | None) -> Outputs:
    """Keyframe, takes, preview and controls of one scene, and its takes to compare."""
    if not scene_id:
        empty = gr.update(choices=[], value=None)
        return {
            ctx["keyframe"]: None,
            ctx["takes"]: empty,
            ctx["preview"]: None,
            ctx["continuity"]: False,
            **{ctx[field]: None for field in CONTROL_FIELDS},
            ctx["compare_left"]: empty,
            ctx["compare_right"]: empty,
            ctx["compare_video"]: None,
        }
    projects = ctx.services.projects
    takes = projects.takes(account.id, as_id(scene_id, "a scene"))
    active = next((tk for tk in takes if tk.active), None)
    scene = projects.scene(account.id, as_id(scene_id, "a scene"))
    keyframe = scene.keyframe_path if scene.keyframe_path and Path(scene.keyframe_path).is_file() else None
    numbers = {tk.id: tk.number for tk in takes}
    choices = [(take_label(tk, numbers), tk.id) for tk in reversed(takes)]
    short = [(short_take_label(tk), tk.id) for tk in reversed(takes)]
    # By default: the active take beside the newest other one.
    other = next((tk for tk in reversed(takes) if not tk.active), None)
    return {
        ctx["keyframe"]: ctx.publish(keyframe) if keyframe else None,
        ctx["takes"]: gr.update(choices=choices, value=active.id if active else None),
        ctx["preview"]: ctx.publish(active.path) if active and Path(active.path).is_file() else None,
        ctx["continuity"]: scene.continuity,
        **{ctx[field]: scene.render_options.get(name) for name, field, *_ in CONTROLS},
        ctx["compare_left"]: gr.update(choices=short, value=active.id if active else None),
        ctx["compare_right"]: gr.update(choices=short, value=other.id if other else None),
        ctx["compare_video"]: None,
    }


def keeping_comparison(ctx: UIContext, outputs: Outputs) -> Outputs:
    """The outputs without the comparison clip, so one being watched plays on."""
    return {component: value for component, value in outputs.items() if component is not ctx["compare_video"]}


def show_scene(ctx: UIContext, scene_id: int | None, request: gr.Request) -> Outputs:
    return scene_view(ctx, ctx.account(request), scene_id)


def refresh_scene(ctx: UIContext, scene_id: int | None, request: gr.Request) -> Outputs:
    """A job ended (new takes): redraw the scene, but let a comparison being watched play on."""
    return keeping_comparison(ctx, scene_view(ctx, ctx.account(request), scene_id))


def upload_keyframe(
    ctx: UIContext, path: str | None, scene_id: int | None, project_id: int | None, request: gr.Request
) -> Outputs:
    """The scene starts from the uploaded image (project_id stays for API callers: the scene knows its project)."""
    account = ctx.account(request)
    if not scene_id:
        raise InvalidInput("Pick a scene first.")
    if path:
        scene = ctx.services.uploads.keyframe(account.id, as_id(scene_id, "a scene"), Path(path))
        gr.Info(say("render.keyframe_set", number=scene.number))
    return scene_view(ctx, account, scene_id)


def clear_keyframe(ctx: UIContext, scene_id: int | None, request: gr.Request) -> Outputs:
    account = ctx.account(request)
    if scene_id:
        ctx.services.projects.set_keyframe(account.id, as_id(scene_id, "a scene"), None)
    return scene_view(ctx, account, scene_id)


def save_controls(ctx: UIContext, request: gr.Request, scene_id: int | None, continuity: bool, *values: Any) -> Outputs:
    account = ctx.account(request)
    if not scene_id:
        raise InvalidInput("Pick a scene first.")
    controls = parse_controls(dict(zip(CONTROL_NAMES, values, strict=True)))
    scene = ctx.services.projects.set_controls(
        account.id, as_id(scene_id, "a scene"), continuity=bool(continuity), controls=controls
    )
    gr.Info(say("render.controls_saved", number=scene.number))
    return scene_view(ctx, account, scene_id)


def render_one(ctx: UIContext, scene_id: int | None, engine: str | None, request: gr.Request) -> str:
    account = ctx.account(request)
    if not scene_id:
        raise InvalidInput("Pick a scene to render.")
    job = ctx.services.jobs.submit_scene(account.id, as_id(scene_id, "a scene"), engine)
    return say("render.queued_one", job=job.id, label=job.label)


def render_all(ctx: UIContext, rerender: bool, engine: str | None, project_id: int | None, request: gr.Request) -> str:
    account = ctx.account(request)
    if not project_id:
        raise InvalidInput("Open a project first: generate a storyboard or pick one in History.")
    jobs = ctx.services.jobs.submit_project(
        account.id, as_id(project_id, "a project"), rerender=bool(rerender), engine=engine
    )
    if not jobs:
        return say("render.nothing_to_queue")
    return say("render.queued_all", count=len(jobs), first=jobs[0].id, last=jobs[-1].id)


def choose(
    ctx: UIContext, take_id: int | None, scene_id: int | None, project_id: int | None, request: gr.Request
) -> Outputs:
    account = ctx.account(request)
    if not take_id:
        raise InvalidInput("Pick a take first.")
    projects = ctx.services.projects
    take = projects.choose_take(account.id, as_id(take_id, "a take"))
    project = projects.get(account.id, project_id) if project_id else None
    return {
        ctx["render_message"]: say("render.chosen", number=take.number),
        ctx["overview"]: overview(account, project),
        **scene_view(ctx, account, scene_id),
    }


def use_left_take(
    ctx: UIContext,
    left_id: int | None,
    right_id: int | None,
    scene_id: int | None,
    project_id: int | None,
    request: gr.Request,
) -> Outputs:
    return keeping_comparison(ctx, choose(ctx, left_id, scene_id, project_id, request))


def use_right_take(
    ctx: UIContext,
    left_id: int | None,
    right_id: int | None,
    scene_id: int | None,
    project_id: int | None,
    request: gr.Request,
) -> Outputs:
    return keeping_comparison(ctx, choose(ctx, right_id, scene_id, project_id, request))


def preview_take(ctx: UIContext, take_id: int | None, scene_id: int | None, request: gr.Request) -> str | None:
    account = ctx.account(request)
    if not take_id or not scene_id:
        return None
    takes = ctx.services.projects.takes(account.id, as_id(scene_id, "a scene"))
    take = next((tk for tk in takes if tk.id == as_id(take_id, "a take")), None)
    return ctx.publish(take.path) if take and Path(take.path).is_file() else None


def compare_label(take: TakeView) -> str:
    return f"{say('take.short', number=take.number)} · {take.engine}"


def compare(
    ctx: UIContext, left_id: int | None, right_id: int | None, scene_id: int | None, request: gr.Request
) -> str:
    account = ctx.account(request)
    if not scene_id:
        raise InvalidInput("Pick a scene first.")
    left, right = (as_id(side, "a take") if side else None for side in (left_id, right_id))
    clip = ctx.services.comparisons.compare(account.id, as_id(scene_id, "a scene"), left, right, compare_label)
    return ctx.publish(clip)


def listen(ctx: UIContext) -> None:
    controls = [ctx[field] for field in CONTROL_FIELDS]
    compare_view = [ctx["compare_left"], ctx["compare_right"], ctx["compare_video"]]
    scene_outputs = [ctx["keyframe"], ctx["takes"], ctx["preview"], ctx["continuity"], *controls, *compare_view]
    results = [ctx["render_message"], ctx["overview"], *scene_outputs]
    scene = [ctx["scene_pick"]]
    ctx["scene_pick"].change(ctx.bind(show_scene), inputs=scene, outputs=scene_outputs, api_visibility="private")
    ctx["keyframe"].upload(
        ctx.bind(upload_keyframe),
        inputs=[ctx["keyframe"], ctx["scene_pick"], ctx.project_id],
        outputs=scene_outputs,
        api_name="upload_keyframe",
    )
    ctx["clear_keyframe"].click(
        ctx.bind(clear_keyframe), inputs=scene, outputs=scene_outputs, api_name="clear_keyframe"
    )
    ctx["save_controls"].click(
        ctx.bind(save_controls),
        inputs=[ctx["scene_pick"], ctx["continuity"], *controls],
        outputs=scene_outputs,
        api_name="save_scene_controls",
    )
    ctx["render_one"].click(
        ctx.bind(render_one),
        inputs=[ctx["scene_pick"], ctx["engine"]],
        outputs=[ctx["render_message"]],
        api_name="render_scene",
    )
    ctx["render_all"].click(
        ctx.bind(render_all),
        inputs=[ctx["rerender"], ctx["engine"], ctx.project_id],
        outputs=[ctx["render_message"]],
        api_name="render_all",
    )
    ctx["overview"].change(ctx.bind(refresh_scene), inputs=scene, outputs=scene_outputs, api_visibility="private")
    listen_takes(ctx, results)
    look_panel.listen(ctx)


def listen_takes(ctx: UIContext, results: list[gr.components.Component]) -> None:
    """Choosing, previewing and comparing takes."""
    ctx["choose"].click(
        ctx.bind(choose),
        inputs=[ctx["takes"], ctx["scene_pick"], ctx.project_id],
        outputs=results,
        api_name="choose_take",
    )
    ctx["takes"].input(
        ctx.bind(preview_take),
        inputs=[ctx["takes"], ctx["scene_pick"]],
        outputs=[ctx["preview"]],
        api_visibility="private",
    )
    ctx["compare"].click(
        ctx.bind(compare),
        inputs=[ctx["compare_left"], ctx["compare_right"], ctx["scene_pick"]],
        outputs=[ctx["compare_video"]],
        api_name="compare_takes",
    )
    sides = [ctx["compare_left"], ctx["compare_right"], ctx["scene_pick"], ctx.project_id]
    for side, handler in (("left", use_left_take), ("right", use_right_take)):
        ctx[f"use_{side}"].click(ctx.bind(handler), inputs=sides, outputs=results, api_name=f"use_{side}_take")
