"""Assembling the film: cuts and crossfades, subtitles soft and burned, audio, frame presets, atomicity."""

from __future__ import annotations

import importlib.util
import os
import subprocess
from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from studio.errors import InvalidInput, RenderFailed
from studio.fonts import find_cjk_font
from studio.media import ffmpeg_exe, probe
from studio.post.assembly import assemble, filter_arg, output_size
from studio.post.libass_fonts import font_family
from studio.post.subtitles import Cue, cues_for

RED, GREEN, BLUE = (220, 30, 30), (30, 200, 60), (40, 60, 220)
NAVY = (30, 40, 110)


def _mean(frame: np.ndarray) -> np.ndarray:
    h, w = frame.shape[:2]
    return frame[h // 4 : 3 * h // 4, w // 4 : 3 * w // 4].reshape(-1, 3).mean(axis=0)


def _near(actual: np.ndarray, expected: tuple[int, int, int], tolerance: float = 12) -> bool:
    return bool(np.abs(actual - np.array(expected)).max() < tolerance)


def _streams(path: Path) -> dict[str, list[tuple[str, float, dict]]]:
    found: dict[str, list[tuple[str, float, dict]]] = {}
    with av.open(str(path)) as container:
        for stream in container.streams:
            seconds = float(stream.duration * stream.time_base) if stream.duration else 0.0
            found.setdefault(stream.type, []).append((stream.codec_context.name, seconds, dict(stream.metadata)))
    return found


def _tone(path: Path, seconds: float) -> Path:
    subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-y", "-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}", str(path)],
        check=True,
    )
    return path


@pytest.fixture
def rgb_clips(tmp_path: Path, make_solid_clip) -> list[Path]:
    """Red, green, blue: 2 s each at 8 fps, 160×96."""
    return [make_solid_clip(tmp_path / f"{n}.mp4", rgb, 16) for n, rgb in enumerate((RED, GREEN, BLUE))]


def test_hard_cuts_are_stream_copied_in_order_with_a_silent_track(
    tmp_path: Path, make_solid_clip, read_frames, mp4_top_level_boxes
) -> None:
    clips = [
        make_solid_clip(tmp_path / "1.mp4", RED, 8),
        make_solid_clip(tmp_path / "2.mp4", GREEN, 12),
        make_solid_clip(tmp_path / "3.mp4", BLUE, 4),
    ]
    out = tmp_path / "film" / "film.mp4"
    result = assemble(clips, out, width=160, height=96, fps=8, transitions=[0, 0])

    assert (result.mode, result.path, result.srt_path) == ("copy", out, None)
    assert result.duration == pytest.approx(3.0, abs=1e-3)
    frames = read_frames(out)
    assert len(frames) == 24
    assert _near(_mean(frames[4]), RED) and _near(_mean(frames[14]), GREEN) and _near(_mean(frames[22]), BLUE)
    streams = _streams(out)
    assert streams["video"][0][0] == "h264"
    (codec, seconds, _meta), *_ = streams["audio"]
    assert codec == "aac" and seconds == pytest.approx(3.0, abs=0.1)
    assert "subtitle" not in streams
    boxes = mp4_top_level_boxes(out)
    assert boxes.index("moov") < boxes.index("mdat")
    assert sorted(p.name for p in out.parent.iterdir()) == ["film.mp4"]


def test_crossfades_keep_the_films_length_and_mix_the_scenes(tmp_path: Path, rgb_clips, read_frames) -> None:
    result = assemble(rgb_clips, tmp_path / "film.mp4", width=160, height=96, fps=8, transitions=[0.5, 1.0])

    assert result.mode == "encode"
    assert result.duration == pytest.approx(6.0, abs=1e-3)
    frames = read_frames(result.path)
    assert len(frames) == 48
    # Fades centred on the cuts at 2 s and 4 s: red 0-1.75 s, green 2.25-3.5 s, blue from 4.5 s.
    assert _near(_mean(frames[4]), RED)  # 0.5 s
    assert _near(_mean(frames[13]), RED)  # 1.625 s, before the first fade
    assert _near(_mean(frames[20]), GREEN)  # 2.5 s
    assert _near(_mean(frames[44]), BLUE)  # 5.5 s
    middle = _mean(frames[16])  # 2.0 s: the middle of the red -> green crossfade, on the cut
    assert not _near(middle, RED, 40) and not _near(middle, GREEN, 40)
    mix = (np.array(RED) + np.array(GREEN)) / 2
    assert np.abs(middle - mix).max() < 40, f"{middle} is not a mix of red and green"
    audio = _streams(result.path)["audio"][0]
    assert audio[1] == pytest.approx(6.0, abs=0.1)


def test_three_two_second_scenes_with_half_second_crossfades_make_a_six_second_film(
    tmp_path: Path, make_solid_clip
) -> None:
    clips = [make_solid_clip(tmp_path / f"{n}.mp4", rgb, 50, fps=25) for n, rgb in enumerate((RED, GREEN, BLUE))]
    result = assemble(clips, tmp_path / "film.mp4", width=160, height=96, fps=25, transitions=[0.5, 0.5])
    info = probe(result.path)
    assert result.duration == pytest.approx(6.0, abs=1 / 25)
    assert info.frames == 150


def test_assembly_reports_ffmpegs_progress_up_to_the_films_frames(tmp_path: Path, make_solid_clip) -> None:
    size = {"width": 640, "height": 360, "fps": 24}
    clips = [make_solid_clip(tmp_path / f"{n}.mp4", rgb, 96, **size) for n, rgb in enumerate((RED, GREEN))]
    seen: list[tuple[int, int, str]] = []
    assemble(
        clips, tmp_path / "film.mp4", width=640, height=360, fps=24, transitions=[0.5],
        cues=[Cue(0.0, 8.0, "字幕")], burn_subtitles=True, progress=lambda *report: seen.append(report),
    )  # fmt: skip
    done = [d for d, _t, _s in seen]
    assert {t for _d, t, _s in seen} == {192} and {s for _d, _t, s in seen} == {"encoding"}
    assert done == sorted(done) and done[0] == 0 and done[-1] == 192
    assert len(set(done)) >= 3, f"only {seen} was reported"


def test_a_stream_copy_reports_progress_too(tmp_path: Path, rgb_clips) -> None:
    seen: list[tuple[int, int, str]] = []
    assemble(rgb_clips, tmp_path / "film.mp4", width=160, height=96, fps=8, progress=lambda *r: seen.append(r))
    assert seen[0] == (0, 48, "joining") and seen[-1] == (48, 48, "joining")


def test_subtitles_go_to_the_srt_sidecar_and_a_soft_mov_text_track(tmp_path: Path, rgb_clips) -> None:
    cues = cues_for([2.0, 2.0, 2.0], ["第一场：清晨的森林", "", "Scene three"])
    out = tmp_path / "film.mp4"
    result = assemble(
        rgb_clips, out, width=160, height=96, fps=8, transitions=[0.5, 0.0], cues=cues, soft_subtitles=True
    )

    assert result.srt_path == tmp_path / "film.srt"
    assert result.srt_path.read_bytes().decode("utf-8") == (
        "1\n00:00:00,000 --> 00:00:02,000\n第一场：清晨的森林\n\n2\n00:00:04,000 --> 00:00:06,000\nScene three\n"
    )
    subtitles = _streams(out)["subtitle"]
    assert [(codec, meta.get("language")) for codec, _s, meta in subtitles] == [("mov_text", "chi")]
    with av.open(str(out)) as container:
        texts = [bytes(packet).decode("utf-8", "replace") for packet in container.demux(subtitles=0) if packet.size]
    assert any("清晨的森林" in text for text in texts)
    assert sorted(p.name for p in tmp_path.iterdir() if p.stem.startswith("film")) == ["film.mp4", "film.srt"]


def test_soft_subtitles_alone_keep_stream_copy(tmp_path: Path, rgb_clips) -> None:
    cues = [Cue(0.0, 2.0, "hello")]
    result = assemble(rgb_clips, tmp_path / "f.mp4", width=160, height=96, fps=8, cues=cues, language="eng")
    assert result.mode == "copy"
    assert _streams(result.path)["subtitle"][0][2]["language"] == "eng"
    no_track = assemble(rgb_clips, tmp_path / "g.mp4", width=160, height=96, fps=8, cues=cues, soft_subtitles=False)
    assert "subtitle" not in _streams(no_track.path) and no_track.srt_path.is_file()


@pytest.mark.parametrize("transitions", [[0.0, 0.0], [0.5, 0.5]], ids=["copy", "encode"])
def test_an_audio_track_is_cut_or_padded_to_the_film(tmp_path: Path, rgb_clips, transitions) -> None:
    film = 6.0  # crossfades keep the length
    for seconds in (10.0, 1.0):
        tone = _tone(tmp_path / f"tone{seconds:g}.wav", seconds)
        out = tmp_path / f"film{seconds:g}.mp4"
        result = assemble(rgb_clips, out, width=160, height=96, fps=8, transitions=transitions, audio=tone)
        assert result.mode == ("copy" if not any(transitions) else "encode")
        codec, audio_seconds, _meta = _streams(out)["audio"][0]
        assert codec == "aac"
        assert audio_seconds == pytest.approx(film, abs=0.1)
        assert result.duration == pytest.approx(film, abs=1e-3)


# --- burned Chinese subtitles: real glyphs, not boxes ------------------------------------------


def _text_mask(frame: np.ndarray) -> np.ndarray:
    """The white fill of burned text on a navy background, cropped to its bounding box."""
    mask = frame.min(axis=2) > 170
    ys, xs = np.nonzero(mask)
    assert len(ys), "no subtitle was drawn"
    return mask[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1]


def _reference_mask(text: str) -> np.ndarray:
    font = ImageFont.truetype(str(find_cjk_font()), 96)
    canvas = Image.new("L", (110 * len(text) + 40, 160), 0)
    ImageDraw.Draw(canvas).text((20, 20), text, font=font, fill=255)
    mask = np.asarray(canvas) > 127
    ys, xs = np.nonzero(mask)
    return mask[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1]


def _correlation(a: np.ndarray, b: np.ndarray) -> float:
    """Normalised correlation of two masks resized to one shape (position and scale do not matter)."""
    shape = (48 * 4, 48)
    fa = np.asarray(Image.fromarray(a.astype(np.uint8) * 255).resize(shape, Image.BILINEAR), float)
    fb = np.asarray(Image.fromarray(b.astype(np.uint8) * 255).resize(shape, Image.BILINEAR), float)
    fa, fb = fa - fa.mean(), fb - fb.mean()
    return float((fa * fb).sum() / np.sqrt((fa * fa).sum() * (fb * fb).sum()))


def _frame(path: Path, index: int) -> np.ndarray:
    with av.open(str(path)) as container:
        for number, frame in enumerate(container.decode(video=0)):
            if number == index:
                return frame.to_ndarray(format="rgb24")
    raise AssertionError(f"{path.name} has no frame {index}")


def _assert_real_glyphs(frame: np.ndarray, text: str) -> None:
    burned = _text_mask(frame)
    like_text = _correlation(burned, _reference_mask(text))
    like_boxes = _correlation(burned, _reference_mask("\ue000" * len(text)))  # .notdef: the "tofu" box
    assert like_text > 0.6, f"the burned subtitle does not look like {text!r} (correlation {like_text:.2f})"
    assert like_text > like_boxes + 0.3, f"the burned subtitle looks like boxes ({like_boxes:.2f} vs {like_text:.2f})"


TEXT = "你好世界"


@pytest.fixture
def navy_clip(tmp_path: Path, make_solid_clip) -> Path:
    return make_solid_clip(tmp_path / "navy.mp4", NAVY, 16, width=480, height=272)


def test_burned_chinese_subtitles_draw_real_glyphs(tmp_path: Path, navy_clip) -> None:
    common = {"width": 480, "height": 272, "fps": 8, "cues": [Cue(0.0, 2.0, TEXT)], "font_size": 48}
    plain = assemble([navy_clip], tmp_path / "plain.mp4", preset="1:1", **common)
    burned = assemble([navy_clip], tmp_path / "burned.mp4", preset="1:1", burn_subtitles=True, **common)
    assert plain.mode == burned.mode == "encode"
    without, with_text = _frame(plain.path, 8), _frame(burned.path, 8)
    assert without.shape == with_text.shape == (272, 272, 3)
    changed = np.abs(with_text.astype(int) - without.astype(int)).max(axis=2) > 40
    assert changed.sum() > 200
    assert changed[: 272 // 2].sum() == 0  # bottom-centred: nothing above the middle
    _assert_real_glyphs(with_text, TEXT)


def test_odd_paths_and_font_folders_survive_filter_escaping(tmp_path: Path, navy_clip) -> None:
    odd = tmp_path / "it's a: [strange], folder; 100% \\ real"
    (odd / "fonts, too").mkdir(parents=True)
    font = odd / "fonts, too" / "cjk's font.otf"
    os.symlink(find_cjk_font(), font)
    clip = odd / "scene 1: 'dawn'.mp4"
    os.link(navy_clip, clip)
    result = assemble(
        [clip], odd / "film: final.mp4", width=480, height=272, fps=8,
        cues=[Cue(0.0, 2.0, TEXT)], burn_subtitles=True, font=font, font_size=48,
    )  # fmt: skip
    assert result.path.is_file() and result.srt_path == odd / "film: final.srt"
    _assert_real_glyphs(_frame(result.path, 8), TEXT)
    assert sorted(p.name for p in odd.iterdir()) == ["film: final.mp4", "film: final.srt", "fonts, too", clip.name]


def test_font_family_is_the_name_libass_matches() -> None:
    # libass matches name ID 1 (legacy family), which for Noto CJK includes the style word.
    family = font_family(find_cjk_font())
    assert "CJK" in family or "Hei" in family or "Noto" in family


def test_filter_arg_escapes_both_levels() -> None:
    assert filter_arg("/a b/c") == "/a b/c"
    assert filter_arg("a:b") == "a\\\\:b"
    assert filter_arg("it's") == "it\\\\\\'s"
    assert filter_arg("x,[y];z") == "x\\,\\[y\\]\\;z"


# --- frame presets -------------------------------------------------------------------------------


def test_output_sizes() -> None:
    assert output_size(1024, 576, None) == (1024, 576)
    assert output_size(1024, 576, "16:9") == (1024, 576)
    assert output_size(1024, 576, "9:16") == (576, 1024)
    assert output_size(1024, 576, "1:1") == (576, 576)
    assert output_size(576, 1024, "16:9") == (1024, 576)


@pytest.mark.parametrize(
    ("preset", "fit", "size"),
    [("9:16", "pad", (90, 160)), ("1:1", "pad", (96, 96)), ("9:16", "crop", (90, 160))],
)
def test_presets_give_the_frame_size(tmp_path: Path, rgb_clips, read_frames, preset, fit, size) -> None:
    result = assemble(rgb_clips, tmp_path / "f.mp4", width=160, height=96, fps=8, preset=preset, fit=fit)
    info = probe(result.path)
    assert (info.width, info.height) == size and result.mode == "encode"
    frame = read_frames(result.path)[4]
    h, w = size[1], size[0]
    assert _near(frame[h // 2 - 8 : h // 2 + 8, w // 2 - 8 : w // 2 + 8].reshape(-1, 3).mean(axis=0), RED)
    top = frame[:4].reshape(-1, 3).mean(axis=0)
    assert _near(top, (0, 0, 0), 20) == (fit == "pad")  # letterbox bars only when padding


# --- when copy is possible, and failures -------------------------------------------------------


def test_mismatched_clips_are_encoded_even_with_hard_cuts(tmp_path: Path, make_solid_clip, read_frames) -> None:
    clips = [make_solid_clip(tmp_path / "a.mp4", RED, 8), make_solid_clip(tmp_path / "b.mp4", GREEN, 8, width=96)]
    result = assemble(clips, tmp_path / "f.mp4", width=160, height=96, fps=8)
    assert result.mode == "encode" and result.duration == pytest.approx(2.0, abs=1e-3)
    assert _near(_mean(read_frames(result.path)[12]), GREEN)


@pytest.mark.parametrize("transitions", [[0.0, 0.0], [0.5, 0.0]], ids=["copy", "encode"])
def test_an_ffmpeg_failure_leaves_nothing_behind(tmp_path: Path, rgb_clips, transitions) -> None:
    # A stand-in ffmpeg that writes half a file where it was told to, then dies like a full disk would.
    fake = tmp_path / "ffmpeg"
    fake.write_text(
        '#!/bin/sh\nfor last; do :; done\nprintf half > "$last"\necho "No space left on device" >&2\nexit 1\n'
    )
    fake.chmod(0o755)
    out = tmp_path / "out" / "film.mp4"
    out.parent.mkdir()
    with pytest.raises(RenderFailed, match="No space left on device"):
        assemble(
            rgb_clips, out, width=160, height=96, fps=8, transitions=transitions, audio=_tone(tmp_path / "t.wav", 1),
            cues=[Cue(0.0, 1.0, "字幕")], burn_subtitles=True, ffmpeg=str(fake),
        )  # fmt: skip
    assert list(out.parent.iterdir()) == []


def test_an_unreadable_audio_track_is_a_clear_failure(tmp_path: Path, rgb_clips) -> None:
    broken = tmp_path / "music.wav"
    broken.write_bytes(b"RIFF but not really a wave file" * 10)
    out = tmp_path / "out" / "film.mp4"
    out.parent.mkdir()
    with pytest.raises(RenderFailed, match=r"music\.wav cannot be read"):
        assemble(rgb_clips, out, width=160, height=96, fps=8, audio=broken, cues=[Cue(0.0, 1.0, "字幕")])
    assert list(out.parent.iterdir()) == []


def test_bad_requests_are_refused_before_any_work(tmp_path: Path, rgb_clips) -> None:
    with pytest.raises(InvalidInput):
        assemble([], tmp_path / "f.mp4", width=160, height=96, fps=8)
    with pytest.raises(InvalidInput):
        assemble(rgb_clips, tmp_path / "f.mp4", width=160, height=96, fps=8, transitions=[0.5])
    with pytest.raises(InvalidInput, match="too short"):
        assemble(rgb_clips, tmp_path / "f.mp4", width=160, height=96, fps=8, transitions=[1.5, 1.0])
    with pytest.raises(InvalidInput):
        assemble(rgb_clips, tmp_path / "f.mp4", width=160, height=96, fps=8, audio=tmp_path / "none.wav")
    assert not (tmp_path / "f.mp4").exists()


def test_the_benchmark_runs_at_a_tiny_size() -> None:
    from tests.bench.post_assembly import run, table

    rows = run(scenes=2, frames=8, width=160, height=96, fps=8, repeat=1)
    assert [row.baseline for row in rows] == ["ffmpeg concat -c copy", "one ffmpeg command", "MoviePy 2"]
    assert all(row.ours > 0 for row in rows)
    if importlib.util.find_spec("moviepy") is None:
        assert rows[2].theirs is None and rows[2].note.startswith("skipped")
    else:
        assert rows[2].theirs > 0
    assert "| task |" in table(rows)
