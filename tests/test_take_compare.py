"""Comparing two takes: one side-by-side clip, labelled, in sync, cached, and the folder kept small."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from studio.errors import InvalidInput
from studio.media import probe
from studio.post import compare as take_compare
from studio.post.compare import GAP, Side, compare_clip, prune_compares

RED, BLUE = (220, 30, 30), (40, 60, 220)


def _mean(frame: np.ndarray, top: int, bottom: int, left: int, right: int) -> np.ndarray:
    return frame[top:bottom, left:right].reshape(-1, 3).mean(axis=0)


def _assert_colour(actual: np.ndarray, expected: tuple[int, int, int]) -> None:
    assert np.abs(actual - np.array(expected)).max() < 14, f"{actual} is not {expected}"


@pytest.fixture
def red_and_blue(tmp_path: Path, make_solid_clip) -> tuple[Path, Path]:
    """A 1 s red take (64x36, 8 fps) and a 2 s blue take (96x54, 12 fps)."""
    red = make_solid_clip(tmp_path / "red.mp4", RED, 8, width=64, height=36, fps=8)
    blue = make_solid_clip(tmp_path / "blue.mp4", BLUE, 24, width=96, height=54, fps=12)
    return red, blue


def test_takes_of_different_size_fps_and_length_play_side_by_side_for_the_longer_take(
    tmp_path: Path, red_and_blue, read_frames, mp4_top_level_boxes
) -> None:
    red, blue = red_and_blue
    out = compare_clip(Side(red, "Take 1 · animatic"), Side(blue, "Take 2"), tmp_path / "compare")

    assert out.parent == tmp_path / "compare"
    info = probe(out)
    # Default height is the smaller input's (36); the blue 96x54 take becomes 64x36.
    assert (info.codec, info.pix_fmt, info.height, info.width) == ("h264", "yuv420p", 36, 64 + GAP + 64)
    assert not info.has_audio
    assert info.fps == pytest.approx(12)
    assert info.duration == pytest.approx(2.0, abs=1 / 12)
    boxes = mp4_top_level_boxes(out)
    assert boxes.index("moov") < boxes.index("mdat")
    assert [p.name for p in out.parent.iterdir()] == [out.name]  # no partial file left

    frames = read_frames(out)
    assert len(frames) == pytest.approx(24, abs=1)
    for frame in (frames[0], frames[-1]):  # the 1 s red take holds its last frame to the end
        _assert_colour(_mean(frame, 20, 36, 4, 60), RED)  # below the label
        _assert_colour(_mean(frame, 20, 36, 64 + GAP + 4, 64 + GAP + 60), BLUE)
        assert _mean(frame, 0, 36, 64, 64 + GAP).max() < 60  # the dark gap


def test_widths_keep_each_takes_aspect_ratio_and_stay_even(tmp_path: Path, make_solid_clip) -> None:
    wide = make_solid_clip(tmp_path / "wide.mp4", RED, 8, width=96, height=54, fps=8)  # 16:9
    square = make_solid_clip(tmp_path / "square.mp4", BLUE, 8, width=54, height=54, fps=10)
    out = compare_clip(Side(wide, "wide"), Side(square, "square"), tmp_path / "cmp", height=40)

    info = probe(out)
    assert (info.width, info.height) == (72 + GAP + 40, 40)  # 96*40/54 = 71.1 -> 72 (even)
    assert info.fps == pytest.approx(10)


def test_default_height_is_capped_and_an_odd_height_is_rounded_down_to_even(
    tmp_path: Path, make_solid_clip, monkeypatch
) -> None:
    monkeypatch.setattr(take_compare, "MAX_DEFAULT_HEIGHT", 30)
    a = make_solid_clip(tmp_path / "a.mp4", RED, 4, width=64, height=36, fps=8)
    b = make_solid_clip(tmp_path / "b.mp4", BLUE, 4, width=64, height=36, fps=8)
    assert probe(compare_clip(Side(a, "a"), Side(b, "b"), tmp_path / "cmp")).height == 30
    odd = probe(compare_clip(Side(a, "a"), Side(b, "b"), tmp_path / "cmp", height=27))
    assert odd.height == 26
    assert odd.width % 2 == 0


def test_the_same_take_can_be_compared_with_itself(tmp_path: Path, red_and_blue) -> None:
    red, _ = red_and_blue
    out = compare_clip(Side(red, "Take 1"), Side(red, "Take 1 again"), tmp_path / "cmp")
    assert probe(out).width == 64 + GAP + 64


def test_labels_with_chinese_and_filtergraph_characters_are_drawn(tmp_path: Path, red_and_blue, read_frames) -> None:
    red, blue = red_and_blue
    tricky = "镜头 2: it's 100%, ok [a;b] \\ %{pts} 'x'"
    out = compare_clip(Side(red, tricky), Side(blue, "镜头 2: it's 100%, ok"), tmp_path / "cmp", height=72)

    frame = read_frames(out)[0]
    plain = compare_clip(Side(red, ""), Side(blue, ""), tmp_path / "cmp", height=72)
    unlabelled = read_frames(plain)[0]
    corner = (slice(0, 14), slice(0, 60))
    # The label's box and glyphs change the top-left corner; without a label it is plain red.
    _assert_colour(unlabelled[corner].reshape(-1, 3).mean(axis=0), RED)
    assert np.abs(frame[corner].astype(int) - unlabelled[corner].astype(int)).mean() > 20
    assert frame[corner].max() > 200 and frame[corner][..., 0].min() < 120  # white glyphs on a dark box


def test_asking_again_for_the_same_pair_returns_the_cached_clip_without_ffmpeg(
    tmp_path: Path, red_and_blue, monkeypatch
) -> None:
    red, blue = red_and_blue
    first = compare_clip(Side(red, "Take 1"), Side(blue, "Take 2"), tmp_path / "cmp")

    def no_ffmpeg(*args, **kwargs):
        raise AssertionError("ffmpeg ran for a cached comparison")

    monkeypatch.setattr(take_compare, "run_ffmpeg", no_ffmpeg)
    again = compare_clip(Side(red, "Take 1"), Side(Path(str(blue)), "Take 2"), tmp_path / "cmp")
    assert again == first
    # Anything that changes the picture is a different clip.
    for left, right, height in [
        (Side(red, "Take 1"), Side(blue, "Take 2 (new label)"), None),
        (Side(blue, "Take 2"), Side(red, "Take 1"), None),
        (Side(red, "Take 1"), Side(blue, "Take 2"), 20),
    ]:
        with pytest.raises(AssertionError, match="ffmpeg ran"):
            compare_clip(left, right, tmp_path / "cmp", height=height)


def test_a_rerendered_take_is_compared_afresh(tmp_path: Path, red_and_blue, make_solid_clip) -> None:
    red, blue = red_and_blue
    first = compare_clip(Side(red, "Take 1"), Side(blue, "Take 2"), tmp_path / "cmp")
    make_solid_clip(blue, BLUE, 12, width=96, height=54, fps=12)  # same path, new content
    os.utime(blue, ns=(blue.stat().st_atime_ns, blue.stat().st_mtime_ns + 10**9))

    second = compare_clip(Side(red, "Take 1"), Side(blue, "Take 2"), tmp_path / "cmp")
    assert second != first
    assert probe(second).duration == pytest.approx(1.0, abs=1 / 12)


@pytest.mark.parametrize("missing_side", ["left", "right"])
def test_a_missing_take_is_named_in_the_error(tmp_path: Path, red_and_blue, missing_side: str) -> None:
    red, _ = red_and_blue
    gone = Side(tmp_path / "gone.mp4", "Take 7")
    left, right = (gone, Side(red, "Take 1")) if missing_side == "left" else (Side(red, "Take 1"), gone)
    with pytest.raises(InvalidInput, match=rf"{missing_side} take .*Take 7.*gone\.mp4"):
        compare_clip(left, right, tmp_path / "cmp")
    assert not (tmp_path / "cmp").exists()


def test_an_unreadable_take_is_named_in_the_error(tmp_path: Path, red_and_blue) -> None:
    red, _ = red_and_blue
    junk = tmp_path / "junk.mp4"
    junk.write_bytes(b"not a video at all" * 50)
    with pytest.raises(InvalidInput, match=r"right take .*Take 3.*junk\.mp4"):
        compare_clip(Side(red, "Take 1"), Side(junk, "Take 3"), tmp_path / "cmp")


def test_prune_keeps_only_the_newest_compare_clips(tmp_path: Path) -> None:
    folder = tmp_path / "cmp"
    folder.mkdir()
    clips = []
    for age in range(6):
        clip = folder / f"compare-{age:04x}.mp4"
        clip.write_bytes(b"x")
        stamp = 1_700_000_000_000_000_000 - age * 10**9  # compare-0000 is the newest
        os.utime(clip, ns=(stamp, stamp))
        clips.append(clip)
    other = folder / "take.mp4"  # not a compare clip
    other.write_bytes(b"x")
    writing = folder / "compare-ffff.1234.partial.mp4"  # being written right now
    writing.write_bytes(b"x")

    prune_compares(folder, keep=2)

    assert sorted(p.name for p in folder.iterdir()) == sorted([clips[0].name, clips[1].name, other.name, writing.name])
    prune_compares(tmp_path / "never-made", keep=2)  # a missing folder is nothing to prune


def test_compare_clip_prunes_old_comparisons_but_keeps_the_one_just_asked_for(
    tmp_path: Path, red_and_blue, monkeypatch
) -> None:
    red, blue = red_and_blue
    monkeypatch.setattr(take_compare, "KEEP", 3)
    folder = tmp_path / "cmp"
    made = [compare_clip(Side(red, f"Take {n}"), Side(blue, "Take 0"), folder) for n in range(3)]
    stamp = 1_700_000_000_000_000_000
    for age, clip in enumerate(reversed(made)):
        os.utime(clip, ns=(stamp - age * 10**9, stamp - age * 10**9))  # made[0] is the oldest

    # Asking again for the oldest counts as a use, so the next new clip pushes out made[1] instead.
    assert compare_clip(Side(red, "Take 0"), Side(blue, "Take 0"), folder) == made[0]
    newest = compare_clip(Side(red, "Take 9"), Side(blue, "Take 0"), folder)

    assert sorted(p.name for p in folder.iterdir()) == sorted(c.name for c in (made[0], made[2], newest))
