"""UI handlers are module functions taking the UI context first; ctx.bind hands them to Gradio so that
Gradio still finds their gr.Request (by type hint) and gr.Progress (by default value) parameters."""

from __future__ import annotations

import asyncio
import functools
import inspect
import secrets
import typing
from pathlib import Path

import gradio as gr
import pytest
from gradio import helpers
from gradio import utils as gradio_utils
from gradio.state_holder import SessionState

from components.context import UIContext
from components.layout import build_ui
from studio.config import Settings
from studio.errors import InvalidInput
from studio.services import build_services


def greet(ctx: UIContext, name: str, request: gr.Request, progress=gr.Progress()) -> str:  # noqa: B008
    progress(0.5, desc="greeting")
    return f"{ctx.services} greets {name} for {request.username}"


def refuse(ctx: UIContext, name: str, request: gr.Request) -> str:
    raise InvalidInput(f"No {name} here.")


def crash(ctx: UIContext, name: str) -> str:
    raise KeyError(name)


@pytest.fixture(scope="module")
def services(tmp_path_factory):
    return build_services(Settings(data_dir=tmp_path_factory.mktemp("studio")))


@pytest.fixture(scope="module")
def demo(services) -> gr.Blocks:
    return build_ui(services)


def signed_in(services, username: str) -> gr.Request:
    """A request from a browser logged in as `username`: a session opened for the account, its token in the
    login cookie (the UI finds its user through the session, never through the name)."""
    token = secrets.token_urlsafe(16)
    services.sessions.open(token, services.accounts.get(username))
    return gr.Request(username=username, cookies={"access-token-test": token})


def run(demo: gr.Blocks, api_name: str, inputs: list, request: gr.Request, session: SessionState | None = None) -> list:
    """Call one event of the real UI through Gradio's own pipeline (preprocess, special args, postprocess).

    gr.State inputs (the open project) come from `session`, as they do from a browser's session.
    """
    block_fn = next(fn for fn in demo.fns.values() if fn.api_name == api_name)
    session = session or SessionState(demo)
    result = asyncio.run(demo.process_api(block_fn=block_fn, inputs=inputs, state=session, request=request))
    return result["data"]


def test_a_bound_handler_shows_gradio_its_signature_without_the_context():
    bound = UIContext("the studio").bind(greet)  # type: ignore[arg-type]
    assert list(inspect.signature(bound).parameters) == ["name", "request", "progress"]
    assert bound.__name__ == "greet"
    assert gradio_utils.get_type_hints(bound)["request"] is gr.Request
    assert [p.name for p in gradio_utils.get_positional_input_parameters(bound)] == ["name"]


def test_gradio_fills_in_the_request_and_progress_and_the_handler_gets_the_context():
    bound = UIContext("the studio").bind(greet)  # type: ignore[arg-type]
    request = gr.Request(username="alice")
    inputs, progress_index, _, _ = helpers.special_args(bound, inputs=["Ada"], request=request)
    assert inputs[1] is request and progress_index == 2 and isinstance(inputs[2], gr.Progress)
    assert bound(*inputs) == "the studio greets Ada for alice"


def test_a_partial_would_hide_the_request_from_gradio():
    """Why ctx.bind exists: Gradio reads type hints with typing.get_type_hints, which a partial does not have."""
    hidden = functools.partial(greet, UIContext("the studio"))  # type: ignore[arg-type]
    assert "request" not in gradio_utils.get_type_hints(hidden)


def test_a_bound_handler_shows_studio_errors_to_the_user_and_hides_the_rest():
    ctx = UIContext("the studio")  # type: ignore[arg-type]
    with pytest.raises(gr.Error, match=r"No Ada here\."):
        ctx.bind(refuse)("Ada", gr.Request(username="alice"))
    with pytest.raises(gr.Error, match=r"Something went wrong \(KeyError\)"):
        ctx.bind(crash)("Ada")


def test_every_handler_of_the_ui_has_type_hints_that_resolve_and_gradio_finds_its_special_parameters(demo):
    handlers = [fn.fn for fn in demo.fns.values() if fn.fn is not None]
    assert len(handlers) > 40
    for handler in handlers:
        hints = typing.get_type_hints(handler)  # raises if an annotation names something the module lacks
        parameters = inspect.signature(handler).parameters
        assert "ctx" not in parameters, handler.__name__
        if "request" in parameters:
            assert hints["request"] is gr.Request, handler.__name__
        if "progress" in parameters:
            assert isinstance(parameters["progress"].default, gr.Progress), handler.__name__


def test_every_event_gets_the_inputs_its_handler_takes(demo):
    for fn in demo.fns.values():
        if fn.fn is not None:
            assert gradio_utils.check_function_inputs_match(fn.fn, fn.inputs, inputs_as_dict=False) is None, fn.name


def test_outputs_returned_by_component_reach_their_places_in_the_endpoints_order(demo, services):
    services.accounts.create("dora", "dora-password")
    dora = signed_in(services, "dora")
    written = run(demo, "generate_storyboard", ["A short film about a lighthouse", "256x144", 8], dora)
    assert written[1].startswith("Storyboard written by the")  # [project id (state), writer note, views...]
    table = next(o for o in written if isinstance(o, dict) and o.get("headers", [None])[:2] == ["scene", "keyframe"])
    assert len(table["data"]) >= 3
    listed = run(demo, "list_projects", [], dora)
    assert [row[1] for row in listed[0]["data"]] == [
        services.projects.summaries(services.accounts.get("dora").id)[0].title
    ]
    with pytest.raises(gr.Error, match="Open a project first"):
        run(demo, "render_all", [False, "animatic", None], dora)


def test_a_keyframe_music_and_fitting_to_narration_go_from_the_ui_to_the_services(demo, services, tmp_path):
    from PIL import Image

    from studio.media import run_ffmpeg

    owner = services.accounts.create("eve", "eve-password")
    eve = signed_in(services, "eve")
    session = SessionState(demo)
    run(demo, "generate_storyboard", ["A short film about a harbour at dawn", "256x144", 8], eve, session)
    project = services.projects.get(owner.id, services.projects.summaries(owner.id)[0].id)
    scene = project.scenes[0]
    picture = tmp_path / "harbour.png"
    Image.new("RGB", (64, 48), (200, 0, 0)).save(picture)
    upload = {"path": str(picture), "meta": {"_type": "gradio.FileData"}}
    shown = run(demo, "upload_keyframe", [upload, scene.id, None], eve, session)
    stored = services.projects.scene(owner.id, scene.id).keyframe_path
    assert stored and services.projects.folder(owner.id, project.id).keyframes in Path(stored).parents
    assert shown[0]["path"].endswith(Path(stored).name), "the scene shows the stored copy"

    run_ffmpeg(["-f", "lavfi", "-i", "sine=frequency=330:duration=2", str(tmp_path / "song.wav")])
    upload = {"path": str(tmp_path / "song.wav"), "meta": {"_type": "gradio.FileData"}}
    [note] = run(demo, "upload_music", [upload, None], eve, session)
    assert note.startswith("Music: music-") and "(2.0 s)" in note

    narration = "In the morning light, the researcher opens the laptop and starts a new day of experiments in the lab."
    services.projects.save_table(owner.id, project.id, [[1, "the harbour", 1.0, "wide shot", "", narration]])
    fitted = run(demo, "fit_to_narration", [None], eve, session)
    table = next(o for o in fitted if isinstance(o, dict) and o.get("headers", [None])[:2] == ["scene", "keyframe"])
    assert float(table["data"][0][3]) > 1.0


def test_the_ui_finds_its_user_through_the_session_not_the_typed_name(demo, services):
    services.accounts.create("fay", "fay-password")
    with pytest.raises(gr.Error, match="log in again"):
        run(demo, "list_projects", [], gr.Request(username="fay"))  # a name alone is no login
    fay = signed_in(services, "fay")
    assert run(demo, "list_projects", [], fay)
    boss = services.accounts.create("boss", "boss-password", role="admin")
    services.admin.set_disabled(boss, "fay", True)
    with pytest.raises(gr.Error, match="log in again"):
        run(demo, "list_projects", [], fay)
