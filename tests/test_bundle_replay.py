"""The reproducibility bundle (everything that made the film, no server path, the software's versions) and
replaying a project from it (same storyboard, seeds, controls and settings; hostile zips refused)."""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import platform
import zipfile
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from studio.engines.animatic import AnimaticEngine
from studio.errors import InvalidInput
from studio.media import run_ffmpeg
from studio.post import provenance
from studio.post.finish import parse_finish
from studio.production import Exporter, Renderer, Replays, Uploads
from studio.projects import RenderControls
from studio.storyboard import Scene, Storyboard

pytestmark = pytest.mark.file_database  # the command line opens the same database file
MAX_BYTES = 10_000_000


@pytest.fixture
def uploads(projects) -> Uploads:
    return Uploads(projects, max_bytes=MAX_BYTES)


@pytest.fixture
def exported(db, projects, uploads, alice, tmp_path):
    """Alice's three-scene film: an uploaded keyframe, controls, continuity, crossfades, narration and music."""
    board = Storyboard(
        title="灯塔 Lighthouse",
        scenes=[
            Scene(description="A lighthouse on a cliff at night", duration=1.0, camera="wide shot", narration="夜里"),
            Scene(description="The keeper climbs the stairs", duration=1.0, camera="close up", action="climbs"),
            Scene(description="海上的暴风雨", duration=1.0, camera="aerial view", narration="A storm at sea."),
        ],
    )
    project = projects.create(alice.id, "a lighthouse keeper", board, writer="planner", width=96, height=64, fps=8)
    first, second, third = project.scenes
    picture = tmp_path / "mine.png"
    Image.fromarray(np.random.default_rng(3).integers(0, 255, (60, 90, 3), np.uint8)).save(picture)
    uploads.keyframe(alice.id, first.id, picture)
    projects.set_controls(alice.id, second.id, continuity=True, controls=RenderControls(steps=5, motion_bucket_id=90))
    projects.set_controls(alice.id, third.id, continuity=False, controls=RenderControls(seed=1234))
    tone = tmp_path / "tone.wav"
    run_ffmpeg(["-f", "lavfi", "-i", "sine=frequency=330:duration=2", str(tone)])
    uploads.music(alice.id, project.id, tone)
    settings = {**projects.get(alice.id, project.id).export_settings, "crossfade": 0.25, "subtitles": "both"}
    projects.set_export_settings(alice.id, project.id, parse_finish({**settings, "narration": True}).model_dump())
    renderer = Renderer(db, projects, AnimaticEngine())
    for scene in project.scenes:
        renderer.render_scene(alice.id, scene.id)
    film = Exporter(db, projects).export(alice.id, project.id)
    return projects.get(alice.id, project.id), Path(film.path).with_suffix(".zip")


def _strings(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, str):
        yield value


def test_the_bundle_holds_the_film_its_media_and_the_software_that_made_it(exported, tmp_path):
    project, bundle = exported
    archive = zipfile.ZipFile(bundle)
    names = set(archive.namelist())
    film = bundle.with_suffix(".mp4").name
    assert {film, bundle.with_suffix(".srt").name, "manifest.json", "storyboard.json", "takes.json"} <= names
    assert {
        "export_settings.json",
        "keyframes/scene-01.png",
        "narration/scene-01.wav",
        "narration/scene-03.wav",
    } <= names
    assert "narration/scene-02.wav" not in names  # scene 2 has no narration
    music = [n for n in names if n.startswith("music/")]
    assert len(music) == 1 and archive.read(music[0]) == Path(project.export_settings["music_path"]).read_bytes()
    assert archive.read("keyframes/scene-01.png") == Path(project.scenes[0].keyframe_path).read_bytes()

    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["format"] == "studio-bundle" and manifest["film"] == film
    software = manifest["software"]
    assert software["python"] == platform.python_version()
    assert software["libraries"]["torch"] == importlib.metadata.version("torch")
    assert software["libraries"]["diffusers"] == importlib.metadata.version("diffusers")
    assert software["studio"]["version"] == "0.1.0"
    commit = software["studio"]["commit"]
    assert commit is None or len(commit) == 40
    assert software["ffmpeg"].startswith("ffmpeg version")
    for name, digest in manifest["members"].items():
        assert hashlib.sha256(archive.read(name)).hexdigest() == digest, name
    storyboard = json.loads(archive.read("storyboard.json"))
    assert storyboard["scenes"][0]["keyframe"] == "keyframes/scene-01.png"
    assert json.loads(archive.read("export_settings.json"))["music_path"] == music[0]


def test_no_member_of_the_bundle_names_a_path_of_the_server(exported, tmp_path):
    _project, bundle = exported
    archive = zipfile.ZipFile(bundle)
    for name in archive.namelist():
        assert not name.startswith("/") and ".." not in name
        if name.endswith((".json", ".srt")):
            text = archive.read(name).decode("utf-8")
            assert str(tmp_path) not in text, name
            for value in _strings(json.loads(text)) if name.endswith(".json") else []:
                assert not value.startswith(("/", "~")), f"{name}: {value}"


def test_models_in_the_recipes_are_named_by_id_with_their_revision(tmp_path, monkeypatch):
    folder = tmp_path / "models" / "svd" / "svd-xt"
    (folder / ".cache" / "huggingface" / "download").mkdir(parents=True)
    commit = "0123456789abcdef0123456789abcdef01234567"
    (folder / ".cache" / "huggingface" / "download" / "model_index.json.metadata").write_text(f"{commit}\netag\n1\n")
    hub = tmp_path / "hub" / "models--stabilityai--sd-turbo" / "refs"
    hub.mkdir(parents=True)
    (hub / "main").write_text("fedcba9876543210fedcba9876543210fedcba98")
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hub"))
    recipes = [
        {"scene": 1, "recipe": {"model": str(folder), "keyframe_model": "stabilityai/sd-turbo"}},
        {"scene": 2, "recipe": {"model": str(folder)}},
        {"scene": 3, "recipe": {"engine": "animatic"}},
    ]
    assert provenance.models(recipes) == [
        {"id": "svd-xt", "role": "video", "revision": commit, "scenes": [1, 2]},
        {"id": "stabilityai/sd-turbo", "role": "keyframes", "revision": "fedcba9876543210fedcba9876543210fedcba98",
         "scenes": [1]},
    ]  # fmt: skip


def test_a_replay_gives_a_new_project_with_the_same_storyboard_seeds_controls_and_settings(
    exported, projects, uploads, bob
):
    original, bundle = exported
    replayed = Replays(projects, uploads).replay(bob.id, bundle)
    assert replayed.id != original.id and projects.get(bob.id, replayed.id).title == original.title
    assert (replayed.width, replayed.height, replayed.fps, replayed.idea) == (96, 64, 8, original.idea)
    takes = {t["scene"]: t["recipe"] for t in json.loads(zipfile.ZipFile(bundle).read("takes.json"))}
    for before, after in zip(original.scenes, replayed.scenes, strict=True):
        fields = ("description", "duration", "camera", "action", "narration", "continuity")
        assert [getattr(after, f) for f in fields] == [getattr(before, f) for f in fields]
        assert after.render_options == {**before.render_options, "seed": takes[before.number]["seed"]}
        assert after.active_take_id is None
    assert replayed.scenes[1].render_options["steps"] == 5 and replayed.scenes[2].render_options["seed"] == 1234
    assert Path(replayed.scenes[0].keyframe_path).read_bytes() == Path(original.scenes[0].keyframe_path).read_bytes()
    assert replayed.scenes[1].keyframe_path is None
    music = Path(replayed.export_settings["music_path"])
    assert music.is_file() and music.parent == projects.folder(bob.id, replayed.id).music
    same = {k: v for k, v in replayed.export_settings.items() if k != "music_path"}
    assert same == {k: v for k, v in original.export_settings.items() if k != "music_path"}


def test_the_command_line_replays_a_bundle_for_a_user_and_prints_the_project_id(exported, projects, bob, capsys):
    from studio.production.cli import main

    _original, bundle = exported
    data_dir = projects.projects_dir.parent
    assert main(["--data-dir", str(data_dir), "replay", "--user", "bob", str(bundle)]) == 0
    project_id = int(capsys.readouterr().out.strip())
    assert len(projects.get(bob.id, project_id).scenes) == 3
    assert main(["--data-dir", str(data_dir), "replay", "--user", "nobody", str(bundle)]) == 1
    assert "nobody" in capsys.readouterr().err


# --- hostile or broken bundles -----------------------------------------------------------------------


def _rewritten(bundle: Path, out: Path, *, drop=(), add=(), change=None) -> Path:
    """A copy of `bundle` without the members in `drop`, with (name, bytes or ZipInfo+bytes) added."""
    source = zipfile.ZipFile(bundle)
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            if info.filename in drop:
                continue
            data = source.read(info.filename)
            if change and info.filename in change:
                data = change[info.filename](data)
            target.writestr(info, data)
        for name, data in add:
            target.writestr(name, data)
    return out


def _link(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.external_attr = (0o120777 << 16) | 0
    return info


def _bomb() -> tuple[zipfile.ZipInfo, bytes]:
    info = zipfile.ZipInfo("keyframes/scene-02.png")
    info.compress_type = zipfile.ZIP_DEFLATED
    return info, b"\0" * 9_000_000


@pytest.mark.parametrize(
    ("hostile", "message"),
    [
        ({"add": [("../../evil.png", b"x")]}, "not part of a studio bundle"),
        ({"add": [("/etc/passwd", b"x")]}, "not part of a studio bundle"),
        ({"add": [("keyframes/../../app.py", b"x")]}, "not part of a studio bundle"),
        ({"add": [("evil.py", b"print('hi')")]}, "not part of a studio bundle"),
        ({"add": [(_link("keyframes/scene-02.png"), b"/etc/passwd")]}, "link"),
        ({"add": [_bomb()]}, "inflates"),
        ({"add": [("music/more.m4a", b"x")]}, "more than one music"),
        ({"drop": ["storyboard.json"]}, "no storyboard.json"),
        ({"change": {"takes.json": lambda data: b"{not json"}}, "not valid JSON"),
        ({"change": {"manifest.json": lambda data: b'{"format": "other"}'}}, "not a studio bundle"),
        ({"change": {"storyboard.json": lambda data: data.replace(b'"duration": 1.0', b'"duration": -4')}}, "duration"),
        ({"change": {"keyframes/scene-01.png": lambda data: b"not a png"}}, "image"),
    ],
    ids=["parent path", "absolute path", "dots inside", "unknown member", "symlink", "zip bomb", "two music files",
         "no storyboard", "malformed JSON", "foreign manifest", "invalid scene", "corrupt keyframe"],
)  # fmt: skip
def test_a_hostile_or_broken_bundle_is_refused_and_creates_nothing(
    exported, projects, uploads, bob, tmp_path, hostile, message
):
    _original, bundle = exported
    bad = _rewritten(bundle, tmp_path / "bad.zip", **hostile)
    with pytest.raises(InvalidInput, match=message):
        Replays(projects, uploads).replay(bob.id, bad)
    assert projects.summaries(bob.id) == []
    assert not projects.folder(bob.id, 1).root.parent.exists() or not any(
        projects.folder(bob.id, 1).root.parent.iterdir()
    )


def test_a_file_that_is_no_zip_is_refused(projects, uploads, bob, tmp_path):
    fake = tmp_path / "film.zip"
    fake.write_bytes(b"PK\x03\x04 but nothing else" + bytes(100))
    with pytest.raises(InvalidInput, match="not a readable zip"):
        Replays(projects, uploads).replay(bob.id, fake)
    with pytest.raises(InvalidInput, match="does not exist"):
        Replays(projects, uploads).replay(bob.id, tmp_path / "missing.zip")
