"""Joining scene clips (assembly without subtitles or music): stream copy when clips agree, one encode pass
when not, order kept, nothing half-written."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from studio.errors import InvalidInput, RenderFailed
from studio.media import FrameWriter, probe
from studio.post.assembly import assemble
from studio.post.stitch import concat_list_line

RED, GREEN, BLUE = (220, 30, 30), (30, 200, 60), (40, 60, 220)


def _colour_at(frames: list[np.ndarray], index: int) -> np.ndarray:
    frame = frames[index]
    h, w = frame.shape[:2]
    return frame[h // 4 : 3 * h // 4, w // 4 : 3 * w // 4].reshape(-1, 3).mean(axis=0)


def _assert_colour(actual: np.ndarray, expected: tuple[int, int, int]) -> None:
    assert np.abs(actual - np.array(expected)).max() < 12, f"{actual} is not {expected}"


def test_matching_clips_are_stream_copied_in_order(
    tmp_path: Path, make_solid_clip, read_frames, mp4_top_level_boxes
) -> None:
    clips = [
        make_solid_clip(tmp_path / "1.mp4", RED, 8),
        make_solid_clip(tmp_path / "2.mp4", GREEN, 12),
        make_solid_clip(tmp_path / "3.mp4", BLUE, 4),
    ]
    out = tmp_path / "film" / "film.mp4"
    result = assemble(clips, out, width=160, height=96, fps=8)

    assert result.mode == "copy"
    assert result.path == out
    assert result.duration == pytest.approx(24 / 8, abs=1 / 8)
    info = probe(out)
    assert (info.codec, info.pix_fmt, info.width, info.height, info.frames) == ("h264", "yuv420p", 160, 96, 24)
    boxes = mp4_top_level_boxes(out)
    assert boxes.index("moov") < boxes.index("mdat")
    frames = read_frames(out)
    assert len(frames) == 24
    _assert_colour(_colour_at(frames, 4), RED)
    _assert_colour(_colour_at(frames, 8 + 6), GREEN)
    _assert_colour(_colour_at(frames, 20 + 2), BLUE)
    assert sorted(p.name for p in out.parent.iterdir()) == ["film.mp4"]


def test_stream_copy_keeps_every_frame_of_moving_clips_bit_exact(tmp_path: Path, read_frames) -> None:
    # Moving content makes x264 use B-frames and reordering, which a careless concat would break.
    rng = np.random.default_rng(3)
    texture = rng.integers(0, 256, (96, 400, 3), dtype=np.uint8)
    clips = []
    for number, frames in enumerate((9, 7), start=1):
        clip = tmp_path / f"{number}.mp4"
        with FrameWriter(clip, 160, 96, 8) as writer:
            for i in range(frames):
                writer.write(np.ascontiguousarray(texture[:, i * 9 * number : i * 9 * number + 160]))
        clips.append(clip)
    result = assemble(clips, tmp_path / "film.mp4", width=160, height=96, fps=8)
    assert result.mode == "copy"
    assert result.duration == pytest.approx(16 / 8, abs=1e-3)
    expected = read_frames(clips[0]) + read_frames(clips[1])
    got = read_frames(result.path)
    assert len(got) == len(expected) == 16
    for want, have in zip(expected, got, strict=True):
        assert np.array_equal(want, have)


def test_clips_of_other_sizes_are_encoded_to_the_target_size_in_order(
    tmp_path: Path, make_solid_clip, read_frames, mp4_top_level_boxes
) -> None:
    clips = [
        make_solid_clip(tmp_path / "big.mp4", RED, 8, width=256, height=144),
        make_solid_clip(tmp_path / "square.mp4", GREEN, 8, width=96, height=96),
        make_solid_clip(tmp_path / "target.mp4", BLUE, 8),
    ]
    out = tmp_path / "film.mp4"
    result = assemble(clips, out, width=160, height=96, fps=8)

    assert result.mode == "encode"
    assert result.duration == pytest.approx(3.0, abs=1 / 8)
    info = probe(out)
    assert (info.codec, info.pix_fmt, info.width, info.height) == ("h264", "yuv420p", 160, 96)
    assert info.fps == pytest.approx(8)
    boxes = mp4_top_level_boxes(out)
    assert boxes.index("moov") < boxes.index("mdat")
    frames = read_frames(out)
    assert len(frames) == 24
    _assert_colour(_colour_at(frames, 4), RED)
    _assert_colour(_colour_at(frames, 12), GREEN)
    _assert_colour(_colour_at(frames, 20), BLUE)
    # The square clip is fitted, not stretched: black bars left and right.
    square = frames[12]
    assert square[:, :20].mean() < 20 and square[:, -20:].mean() < 20


def test_a_clip_with_another_frame_rate_is_encoded_to_the_target_rate(
    tmp_path: Path, make_solid_clip, read_frames
) -> None:
    clips = [
        make_solid_clip(tmp_path / "a.mp4", RED, 8, fps=8),
        make_solid_clip(tmp_path / "b.mp4", GREEN, 16, fps=16),
    ]
    result = assemble(clips, tmp_path / "film.mp4", width=160, height=96, fps=8)
    assert result.mode == "encode"
    assert result.duration == pytest.approx(2.0, abs=1 / 8)
    info = probe(result.path)
    assert info.fps == pytest.approx(8)
    assert info.frames == pytest.approx(16, abs=1)


def test_clips_with_different_encoder_settings_are_not_stream_copied(
    tmp_path: Path, make_solid_clip, read_frames
) -> None:
    # x264 stores the CRF in the PPS; one MP4 has one PPS, so copying would decode the second clip wrongly.
    clips = [
        make_solid_clip(tmp_path / "a.mp4", RED, 4, crf=20),
        make_solid_clip(tmp_path / "b.mp4", BLUE, 4, crf=30),
    ]
    result = assemble(clips, tmp_path / "film.mp4", width=160, height=96, fps=8)
    assert result.mode == "encode"
    frames = read_frames(result.path)
    _assert_colour(_colour_at(frames, 1), RED)
    _assert_colour(_colour_at(frames, 6), BLUE)


def test_paths_with_quotes_and_spaces_survive_the_concat_list(tmp_path: Path, make_solid_clip) -> None:
    folder = tmp_path / 'it\'s a "film"'
    folder.mkdir()
    clips = [make_solid_clip(folder / "scene one's.mp4", RED, 4), make_solid_clip(folder / "two.mp4", BLUE, 4)]
    result = assemble(clips, tmp_path / "film.mp4", width=160, height=96, fps=8)
    assert result.mode == "copy"
    assert probe(result.path).frames == 8
    assert concat_list_line(Path("/a/it's.mp4")) == "file '/a/it'\\''s.mp4'"


def test_joining_nothing_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="no clips"):
        assemble([], tmp_path / "film.mp4", width=160, height=96, fps=8)


def test_a_missing_or_broken_clip_fails_cleanly_and_keeps_the_previous_film(tmp_path: Path, make_solid_clip) -> None:
    out = tmp_path / "film.mp4"
    out.write_bytes(b"previous export")
    good = make_solid_clip(tmp_path / "good.mp4", RED, 4)
    broken = tmp_path / "broken.mp4"
    broken.write_bytes(b"\x00\x00\x00\x18ftypisom" + b"garbage" * 50)

    with pytest.raises(RenderFailed, match="Clip 2"):
        assemble([good, tmp_path / "missing.mp4"], out, width=160, height=96, fps=8)
    with pytest.raises(RenderFailed, match=r"broken\.mp4"):
        assemble([good, broken], out, width=160, height=96, fps=8)
    assert out.read_bytes() == b"previous export"
    assert sorted(tmp_path.iterdir()) == sorted([out, good, broken]), "no partial file is left"


def test_odd_target_sizes_are_refused(tmp_path: Path, make_solid_clip) -> None:
    clip = make_solid_clip(tmp_path / "a.mp4", RED, 4)
    with pytest.raises(InvalidInput, match="even"):
        assemble([clip], tmp_path / "film.mp4", width=161, height=96, fps=8)
