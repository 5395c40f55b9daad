"""Exporting a film as the project's finishing settings say, through the Exporter the lane runs."""

import json
import zipfile
from pathlib import Path

import av
import pytest

from studio.engines.animatic import AnimaticEngine
from studio.errors import InvalidInput
from studio.media import probe, run_ffmpeg
from studio.post.finish import parse_finish
from studio.post.music import store_music
from studio.production.exports import Exporter
from studio.production.rendering import Renderer
from tests.builders import make_board


@pytest.fixture
def rendered(db, projects, alice):
    board = make_board("森林", "river", "animals", duration=2.0)
    board.scenes[0].narration = "清晨的森林"
    board.scenes[2].narration = "Small animals play."
    project = projects.create(alice.id, "idea", board, writer="planner", width=128, height=72, fps=10)
    renderer = Renderer(db, projects, AnimaticEngine())
    for scene in project.scenes:
        renderer.render_scene(alice.id, scene.id)
    return project


def streams(path: Path) -> list[tuple[str, str]]:
    with av.open(str(path)) as container:
        return [(s.type, s.codec_context.name) for s in container.streams]


def test_plain_export_joins_by_stream_copy_with_a_soft_subtitle_track(db, projects, alice, rendered):
    film = Exporter(db, projects).export(alice.id, rendered.id)
    assert film.mode == "copy"
    assert ("subtitle", "mov_text") in streams(Path(film.path))
    assert probe(Path(film.path)).duration == pytest.approx(6.0, abs=0.15)
    srt = Path(film.path).with_suffix(".srt").read_text(encoding="utf-8")
    assert "清晨的森林" in srt and "00:00:00,000 --> 00:00:02,000" in srt


def test_crossfades_narration_music_burned_subtitles_and_a_vertical_frame(db, projects, alice, rendered, tmp_path):
    tone = tmp_path / "tone.wav"
    run_ffmpeg(["-f", "lavfi", "-i", "sine=frequency=330:duration=3", str(tone)])
    music = store_music(tone, tmp_path / "music", max_bytes=10**7)
    settings = {"crossfade": 0.5, "subtitles": "both", "narration": True, "music_path": str(music), "preset": "9:16"}
    projects.set_export_settings(alice.id, rendered.id, parse_finish(settings).model_dump())
    stages = []
    film = Exporter(db, projects).export(alice.id, rendered.id, lambda d, t, s: stages.append(s))
    info = probe(Path(film.path))
    assert film.mode == "encode"
    assert (info.codec, info.pix_fmt, info.width, info.height) == ("h264", "yuv420p", 72, 128)
    assert info.duration == pytest.approx(6.0, abs=0.1)  # crossfades keep the film's length
    assert {("video", "h264"), ("audio", "aac"), ("subtitle", "mov_text")} <= set(streams(Path(film.path)))
    assert list(dict.fromkeys(stages)) == ["narration", "soundtrack", "encoding", "bundle"]
    bundle = zipfile.ZipFile(Path(film.path).with_suffix(".zip"))
    names = set(bundle.namelist())
    assert {"storyboard.json", "takes.json", "export_settings.json", Path(film.path).name} <= names
    takes = json.loads(bundle.read("takes.json"))
    assert [t["scene"] for t in takes] == [1, 2, 3] and all("seed" in t["recipe"] for t in takes)


def test_a_missing_music_file_is_reported_and_nothing_is_exported(db, projects, alice, rendered, tmp_path):
    settings = parse_finish({"music_path": str(tmp_path / "gone.m4a")}).model_dump()
    projects.set_export_settings(alice.id, rendered.id, settings)
    with pytest.raises(InvalidInput, match="music file is missing"):
        Exporter(db, projects).export(alice.id, rendered.id)
    assert not list(projects.folder(alice.id, rendered.id).exports.glob("*.mp4"))


def test_bad_finishing_settings_are_refused_clearly():
    with pytest.raises(InvalidInput, match="crossfade must be at most 3"):
        parse_finish({"crossfade": 9})


def test_crossfades_can_differ_per_cut_and_shrink_for_short_scenes():
    from studio.post.finish import crossfades, parse_cuts

    assert crossfades([2.0, 2.0, 2.0], 0.0) is None
    assert crossfades([2.0, 2.0, 2.0], 0.5) == [0.5, 0.5]
    assert crossfades([2.0, 2.0, 2.0], 0.5, parse_cuts("0, 1")) == [0.0, 1.0]
    assert crossfades([2.0, 0.6, 2.0], 1.0) == [0.3, 0.3]
    with pytest.raises(InvalidInput, match="separated by commas"):
        parse_cuts("half a second")


def test_an_export_offers_the_film_then_its_bundle_and_subtitles_to_its_owner_only(db, projects, alice, bob, rendered):
    from studio.errors import NotFound

    exporter = Exporter(db, projects)
    film = exporter.export(alice.id, rendered.id)
    path = Path(film.path)
    assert exporter.files(alice.id, film.id) == [path, path.with_suffix(".zip"), path.with_suffix(".srt")]
    path.with_suffix(".srt").unlink()
    assert exporter.files(alice.id, film.id) == [path, path.with_suffix(".zip")]
    with pytest.raises(NotFound):
        exporter.files(bob.id, film.id)
    with pytest.raises(NotFound):
        exporter.files(alice.id, film.id + 100)


def test_an_export_job_reports_the_films_frames_as_ffmpeg_encodes_them(db, projects, alice, rendered):
    from types import SimpleNamespace

    from studio.jobs.handlers import ExportFilm

    projects.set_export_settings(alice.id, rendered.id, parse_finish({"crossfade": 0.5}).model_dump())
    seen: list[tuple[int, int, str]] = []
    job = SimpleNamespace(owner_id=alice.id, project_id=rendered.id)
    result = ExportFilm(Exporter(db, projects))(job, lambda *report: seen.append(report))
    assert result["duration"] == pytest.approx(6.0, abs=0.1)
    assert {total for _d, total, _s in seen} == {60}  # 6 s at 10 fps, from the first report to the last
    encoding = [done for done, _t, stage in seen if stage == "encoding"]
    assert encoding[0] == 0 and encoding[-1] == 60 and encoding == sorted(encoding)
    assert seen[-1] == (60, 60, "bundle")
