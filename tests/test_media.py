"""ffmpeg/PyAV helpers: browser-playable output, exact frame counts, atomic writes."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from studio.errors import InvalidInput, RenderFailed, StudioError
from studio.media import FfmpegProgress, FrameWriter, ffmpeg_exe, probe, run_ffmpeg
from studio.progress import Canceled


def test_frame_writer_makes_h264_yuv420p_faststart_mp4(tmp_path: Path, read_frames, mp4_top_level_boxes) -> None:
    out = tmp_path / "clip.mp4"
    rng = np.random.default_rng(0)
    with FrameWriter(out, 160, 96, 8) as writer:
        for _ in range(12):
            writer.write(rng.integers(0, 256, (96, 160, 3), dtype=np.uint8))

    info = probe(out)
    assert (info.codec, info.pix_fmt, info.width, info.height) == ("h264", "yuv420p", 160, 96)
    assert info.fps == pytest.approx(8.0)
    assert info.frames == 12
    assert info.duration == pytest.approx(1.5, abs=1e-6)
    assert not info.has_audio
    boxes = mp4_top_level_boxes(out)
    assert "moov" in boxes and "mdat" in boxes
    assert boxes.index("moov") < boxes.index("mdat")
    assert len(read_frames(out)) == 12
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clip.mp4"]


def test_frame_writer_keeps_colours(tmp_path: Path, read_frames) -> None:
    out = tmp_path / "colours.mp4"
    colours = [(255, 0, 0), (0, 255, 0), (0, 0, 255), (200, 120, 40)]
    with FrameWriter(out, 160, 96, 8) as writer:
        for colour in colours:
            writer.write(np.full((96, 160, 3), colour, np.uint8))
    decoded = [frame[48, 80].astype(int) for frame in read_frames(out)]
    for got, want in zip(decoded, colours, strict=True):
        assert np.abs(got - np.array(want)).max() <= 6


@pytest.mark.parametrize("error", [RuntimeError("boom"), Canceled()])
def test_frame_writer_leaves_no_file_when_the_block_raises(tmp_path: Path, error: Exception) -> None:
    out = tmp_path / "clip.mp4"
    with pytest.raises(type(error)), FrameWriter(out, 160, 96, 8) as writer:
        for _ in range(5):
            writer.write(np.zeros((96, 160, 3), np.uint8))
        raise error
    assert list(tmp_path.iterdir()) == []


def test_frame_writer_failure_keeps_the_previous_file(tmp_path: Path) -> None:
    out = tmp_path / "clip.mp4"
    out.write_bytes(b"previous take")
    with pytest.raises(Canceled), FrameWriter(out, 160, 96, 8) as writer:
        writer.write(np.zeros((96, 160, 3), np.uint8))
        raise Canceled()
    assert out.read_bytes() == b"previous take"
    assert sorted(tmp_path.iterdir()) == [out], "no partial file is left"


def test_frame_writer_refuses_odd_sizes(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="even"):
        FrameWriter(tmp_path / "odd.mp4", 161, 96, 8)
    with pytest.raises(InvalidInput, match="even"):
        FrameWriter(tmp_path / "odd.mp4", 160, 95, 8)


def test_frame_writer_rejects_a_frame_of_the_wrong_shape_and_cleans_up(tmp_path: Path) -> None:
    out = tmp_path / "clip.mp4"
    with pytest.raises(ValueError, match="shape"), FrameWriter(out, 160, 96, 8) as writer:
        writer.write(np.zeros((96, 160, 3), np.uint8))
        writer.write(np.zeros((96, 162, 3), np.uint8))
    assert list(tmp_path.iterdir()) == []


def test_frame_writer_reports_ffmpeg_errors_and_leaves_nothing(tmp_path: Path) -> None:
    out = tmp_path / "clip.mp4"
    with pytest.raises(RenderFailed, match="ffmpeg"), FrameWriter(out, 160, 96, 8, preset="no-such-preset") as writer:
        for _ in range(30):
            writer.write(np.zeros((96, 160, 3), np.uint8))
    assert list(tmp_path.iterdir()) == []


def test_probe_counts_frames_when_the_container_does_not_say(tmp_path: Path, make_solid_clip) -> None:
    mp4 = make_solid_clip(tmp_path / "clip.mp4", (10, 200, 30), 11)
    mkv = tmp_path / "clip.mkv"
    run_ffmpeg(["-i", str(mp4), "-c", "copy", str(mkv)])
    info = probe(mkv)
    assert info.frames == 11
    assert info.duration == pytest.approx(11 / 8, abs=1 / 8)


def test_probe_refuses_missing_and_corrupt_files(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="does not exist"):
        probe(tmp_path / "missing.mp4")
    junk = tmp_path / "junk.mp4"
    junk.write_bytes(b"this is not a video" * 100)
    with pytest.raises(InvalidInput, match="not a readable video"):
        probe(junk)


def test_run_ffmpeg_raises_with_ffmpegs_explanation(tmp_path: Path) -> None:
    with pytest.raises(RenderFailed, match="No such file"):
        run_ffmpeg(["-i", str(tmp_path / "missing.mp4"), str(tmp_path / "out.mp4")])


ENCODE_4S = ["-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25:duration=4", "-c:v", "libx264", "-preset", "medium"]


def test_run_ffmpeg_reports_its_progress_in_output_frames_up_to_the_total(tmp_path: Path) -> None:
    seen: list[tuple[int, int, str]] = []
    watch = FfmpegProgress(lambda *report: seen.append(report), seconds=4.0, fps=25)
    run_ffmpeg([*ENCODE_4S, str(tmp_path / "out.mp4")], progress=watch)
    done = [d for d, _t, _s in seen]
    assert {t for _d, t, _s in seen} == {100} and {s for _d, _t, s in seen} == {"encoding"}
    assert done == sorted(done) and done[0] == 0 and done[-1] == 100
    assert len(set(done)) >= 3, f"only {seen} was reported"


def test_a_cancel_from_the_progress_callback_stops_ffmpeg(tmp_path: Path) -> None:
    def cancel(done: int, total: int, stage: str) -> None:
        if done > 0:
            raise Canceled()

    slow = ["-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25:duration=600", "-c:v", "libx264"]
    with pytest.raises(Canceled):
        run_ffmpeg([*slow, str(tmp_path / "out.mp4")], progress=FfmpegProgress(cancel, seconds=600, fps=25))


def test_ffmpeg_exe_prefers_an_explicit_binary_and_refuses_a_missing_one(tmp_path: Path) -> None:
    assert Path(ffmpeg_exe()).is_file()
    assert ffmpeg_exe(ffmpeg_exe()) == ffmpeg_exe()
    with pytest.raises(StudioError, match="STUDIO_FFMPEG_PATH"):
        ffmpeg_exe(str(tmp_path / "no-ffmpeg"))
