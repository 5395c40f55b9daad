"""Colour filters: what each one does to a frame, whole clips, previews and colour match between scenes."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from studio.errors import InvalidInput
from studio.media import FrameWriter, last_frame, probe
from studio.post.filters import (
    FilterChain,
    apply_frame,
    colour_match,
    colour_match_clip,
    filter_clip,
    parse_chain,
    preview_frame,
)


def _luma(frame: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(frame, cv2.COLOR_RGB2GRAY).astype(np.float64)


def _gradient(h: int = 72, w: int = 128) -> np.ndarray:
    """A colourful frame: red across, green down, blue constant."""
    x = np.linspace(30, 220, w)[None, :].repeat(h, 0)
    y = np.linspace(30, 220, h)[:, None].repeat(w, 1)
    return np.dstack([x, y, np.full((h, w), 90.0)]).astype(np.uint8)


def _flat(value, h: int = 72, w: int = 128) -> np.ndarray:
    return np.full((h, w, 3), value, dtype=np.uint8)


def _clip(path: Path, frames: int = 8, tint=(0, 0, 0), w: int = 64, h: int = 48, fps: int = 12) -> Path:
    base = _gradient(h, w).astype(np.int16) + np.array(tint, dtype=np.int16)
    with FrameWriter(path, w, h, fps) as writer:
        for i in range(frames):
            writer.write(np.clip(np.roll(base, i * 2, axis=1), 0, 255).astype(np.uint8))
    return path


def test_brightness_raises_mean_luma():
    frame = _gradient()
    assert _luma(apply_frame(frame, FilterChain(brightness=0.2))).mean() > _luma(frame).mean() + 30


def test_contrast_raises_std():
    frame = _gradient()
    assert _luma(apply_frame(frame, FilterChain(contrast=1.6))).std() > _luma(frame).std() * 1.4


def test_saturation_zero_gives_grey():
    out = apply_frame(_gradient(), FilterChain(saturation=0)).astype(int)
    assert np.abs(out[..., 0] - out[..., 1]).max() <= 1
    assert np.abs(out[..., 1] - out[..., 2]).max() <= 1


def test_sepia_on_grey_orders_channels_red_green_blue():
    out = apply_frame(_flat(120), FilterChain(sepia=1.0)).astype(int)
    r, g, b = out[0, 0]
    assert r > g > b
    half = apply_frame(_flat(120), FilterChain(sepia=0.5)).astype(int)[0, 0]
    assert r > half[0] > 120 and b < half[2] < 120  # strength blends toward the original


def test_vignette_darkens_corners_more_than_centre():
    frame = _flat(200, 90, 160)
    out = apply_frame(frame, FilterChain(vignette=0.8)).astype(int)
    centre, corner = out[45, 80, 0], out[0, 0, 0]
    assert centre >= 195
    assert corner < centre - 60


def test_denoise_lowers_noise_on_a_noisy_flat_frame():
    rng = np.random.default_rng(1)
    noisy = np.clip(120 + rng.normal(0, 10, (72, 128, 3)), 0, 255).astype(np.uint8)
    out = apply_frame(noisy, FilterChain(denoise=0.8))
    assert out.astype(float).std() < noisy.astype(float).std() * 0.6


def test_white_balance_pulls_a_colour_cast_grey_toward_neutral():
    frame = _flat((150, 120, 95))  # a warm cast over a grey scene
    out = apply_frame(frame, FilterChain(white_balance=True)).astype(int)[0, 0]
    assert np.ptp(out) < np.ptp(frame[0, 0].astype(int)) / 3


def test_clahe_raises_local_contrast():
    rng = np.random.default_rng(2)
    low = (110 + rng.integers(0, 12, (96, 128))).astype(np.uint8)  # a dull, low-contrast texture
    frame = np.dstack([low, low, low])
    out = apply_frame(frame, FilterChain(clahe=1.0))
    lap_in = cv2.Laplacian(_luma(frame), cv2.CV_64F).std()
    lap_out = cv2.Laplacian(_luma(out), cv2.CV_64F).std()
    assert lap_out > lap_in * 1.3


def test_identity_chain_returns_the_frame_unchanged():
    frame = _gradient()
    chain = parse_chain({"brightness": "", "contrast": None})
    assert chain.is_identity
    assert chain.describe() == "no filters"
    assert np.array_equal(apply_frame(frame, chain), frame)


def test_describe_names_only_what_changes():
    chain = FilterChain(brightness=0.1, sepia=0.5, white_balance=True)
    assert chain.describe() == "brightness +0.10, sepia 0.50, white balance"
    assert chain.changes() == {"brightness": 0.1, "sepia": 0.5, "white_balance": True}


def test_invalid_values_refused_with_a_clear_message():
    with pytest.raises(InvalidInput, match=r"Filters: contrast .*3"):
        parse_chain({"contrast": 7})
    with pytest.raises(InvalidInput, match="Filters: brightness"):
        parse_chain({"brightness": "bright"})
    with pytest.raises(InvalidInput, match="Filters: glow"):
        parse_chain({"glow": 1})
    with pytest.raises(InvalidInput, match="uint8"):
        apply_frame(np.zeros((4, 4), dtype=np.uint8), FilterChain(sepia=1))


def test_filter_clip_keeps_size_frame_count_and_h264(tmp_path):
    src = _clip(tmp_path / "take.mp4", frames=9)
    chain = FilterChain(brightness=0.1, contrast=1.2, saturation=0.5, vignette=0.4, sepia=0.3, white_balance=True)
    dst = filter_clip(src, tmp_path / "out" / "filtered.mp4", chain)
    before, after = probe(src), probe(dst)
    assert (after.width, after.height, after.frames, after.codec) == (before.width, before.height, 9, "h264")
    assert after.fps == pytest.approx(before.fps)
    assert not list(dst.parent.glob("*.partial.mp4"))
    assert _luma(last_frame(dst)).mean() != pytest.approx(_luma(last_frame(src)).mean(), abs=1)


def test_filter_clip_of_a_missing_or_broken_file_is_refused(tmp_path):
    with pytest.raises(InvalidInput, match="does not exist"):
        filter_clip(tmp_path / "nope.mp4", tmp_path / "out.mp4", FilterChain(sepia=1))
    broken = tmp_path / "broken.mp4"
    broken.write_bytes(b"not a video at all")
    with pytest.raises(InvalidInput):
        filter_clip(broken, tmp_path / "out.mp4", FilterChain(sepia=1))
    assert not (tmp_path / "out.mp4").exists()


def test_preview_frame_is_the_filtered_frame_at_that_point(tmp_path):
    src = _clip(tmp_path / "take.mp4", frames=12)
    plain = np.asarray(preview_frame(src, FilterChain(), at=0.5))
    assert plain.shape == (48, 64, 3)
    grey = np.asarray(preview_frame(src, FilterChain(saturation=0), at=1.0)).astype(int)
    assert np.abs(grey[..., 0] - grey[..., 2]).max() <= 2
    with pytest.raises(InvalidInput, match="between 0 and 1"):
        preview_frame(src, FilterChain(), at=1.5)


def test_colour_match_moves_a_frame_toward_the_reference():
    reference = _flat((200, 120, 60))
    frame = _gradient()
    out = colour_match(frame, reference)
    assert (
        np.abs(out.reshape(-1, 3).mean(0) - reference[0, 0]).max()
        < np.abs(frame.reshape(-1, 3).mean(0) - reference[0, 0]).max() / 2
    )


def test_colour_match_moves_a_clips_mean_colour_toward_the_reference(tmp_path):
    src = _clip(tmp_path / "take.mp4", frames=8, tint=(-40, 0, 60))  # a blue drift
    reference = _clip(tmp_path / "previous.mp4", frames=2, tint=(40, 10, -40))
    ref_frame = last_frame(reference)
    dst = colour_match_clip(src, tmp_path / "matched.mp4", ref_frame)
    assert probe(dst).frames == 8

    def gap(path: Path) -> float:
        return float(np.abs(last_frame(path).reshape(-1, 3).mean(0) - ref_frame.reshape(-1, 3).mean(0)).sum())

    assert gap(dst) < gap(src) / 2


@pytest.mark.slow
def test_the_benchmark_runs_at_a_tiny_size():
    from tests.bench.post_filters import main

    table = main(["--frames", "6", "--width", "128", "--height", "72", "--repeat", "1"])
    assert "(a) ours" in table and "(c) ffmpeg" in table and "cores" in table


def test_a_failure_mid_clip_leaves_no_file(tmp_path, monkeypatch):
    import studio.post.filters as filters

    src = _clip(tmp_path / "take.mp4", frames=10)
    calls = []

    def failing(frame, chain, **_):
        calls.append(1)
        if len(calls) == 4:
            raise RuntimeError("boom")
        return frame

    monkeypatch.setattr(filters, "apply_frame", failing)
    with pytest.raises(RuntimeError, match="boom"):
        filter_clip(src, tmp_path / "filtered.mp4", FilterChain(sepia=1))
    assert not list(tmp_path.glob("filtered*"))
