"""Benchmark assembling the finished film, against the baselines measured in the same run.

    python -m tests.bench.post_assembly [--scenes 6 --frames 25 --width 1024 --height 576 --fps 25]

Rows (best of --repeat runs for the ffmpeg rows, one run for MoviePy):
1. joining hard cuts without re-encoding: assemble() (stream copy, + silent AAC) vs ffmpeg's
   concat demuxer with -c copy run by hand (target: within 2x);
2. the full film: 0.5 s crossfades, burned Chinese subtitles + soft track, a 30 s music bed:
   assemble() vs MoviePy composing the same film (target: >= 10x faster; skipped with a note
   when moviepy is not installed) and vs one hand-written ffmpeg command (target: within 1.5x).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from studio.fonts import find_cjk_font
from studio.media import FrameWriter, ffmpeg_exe, probe
from studio.post.assembly import assemble, font_family
from studio.post.subtitles import cues_for, film_duration, to_ass

TEXTS = [
    "清晨，森林里薄雾弥漫。",
    "一条小河穿过林间空地。",
    "小松鼠在树枝间跳跃。",
    "阳光透过树叶洒下斑驳的光影。",
    "一群小鸟从河面掠过。",
    "夕阳西下，森林归于宁静。",
]
CROSSFADE = 0.5
MUSIC_SECONDS = 30.0


@dataclass
class Row:
    task: str
    ours: float
    baseline: str
    theirs: float | None
    target: str
    note: str = ""

    @property
    def ratio(self) -> float | None:
        return None if self.theirs is None else self.ours / self.theirs


def make_clips(folder: Path, scenes: int, frames: int, width: int, height: int, fps: int) -> list[Path]:
    """Synthetic scenes: a moving gradient with a distinct hue per scene, so x264 has real work."""
    clips = []
    ys, xs = np.mgrid[0:height, 0:width]
    for number in range(scenes):
        hue = np.array([(number * 97) % 256, (number * 57 + 80) % 256, (number * 151 + 40) % 256], np.float32)
        path = folder / f"scene{number + 1}.mp4"
        with FrameWriter(path, width, height, fps) as writer:
            for i in range(frames):
                wave = (np.sin((xs + 6 * i) / 37.0) + np.cos((ys - 4 * i) / 23.0)) * 40.0
                frame = np.clip(hue[None, None, :] * 0.7 + wave[..., None], 0, 255).astype(np.uint8)
                writer.write(frame)
        clips.append(path)
    return clips


def make_music(path: Path, seconds: float) -> Path:
    subprocess.run(
        [
            ffmpeg_exe(), "-v", "error", "-y", "-f", "lavfi",
            "-i", f"sine=frequency=220:duration={seconds}:sample_rate=48000", "-ac", "2", str(path),
        ],
        check=True,
    )  # fmt: skip
    return path


def best_of(repeat: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def hand_concat(clips: list[Path], out: Path, folder: Path) -> None:
    listing = folder / "hand.txt"
    listing.write_text("".join(f"file '{clip}'\n" for clip in clips), encoding="utf-8")
    cmd = [ffmpeg_exe(), "-v", "error", "-y", "-f", "concat", "-safe", "0", "-i", str(listing), "-c", "copy", str(out)]
    subprocess.run(cmd, check=True)


def hand_full(
    clips: list[Path], durations: list[float], ass: Path, srt: Path, music: Path, out: Path, fps: int
) -> None:
    """What someone fluent in ffmpeg would type for the same film: one command, one filter graph."""
    font_dir = find_cjk_font().parent
    n = len(clips)
    half = CROSSFADE / 2  # each fade centred on its cut, edge frames held so the film keeps its length
    graph = [
        f"[{i}:v]fps={fps},format=yuv420p,setsar=1,"
        f"tpad=start_mode=clone:start_duration={half if i else 0}"
        f":stop_mode=clone:stop_duration={half if i < n - 1 else 0}"
        f"[v{i}]"
        for i in range(n)
    ]
    label, at = "v0", durations[0] + half
    for i in range(1, n):
        graph.append(f"[{label}][v{i}]xfade=transition=fade:duration={CROSSFADE}:offset={at - CROSSFADE:.3f}[x{i}]")
        label, at = f"x{i}", at + durations[i] + (2 * half if i < n - 1 else half) - CROSSFADE
    graph.append(f"[{label}]subtitles={ass}:fontsdir={font_dir}[vout]")
    cmd = [ffmpeg_exe(), "-v", "error", "-y"]
    for clip in clips:
        cmd += ["-i", str(clip)]
    cmd += ["-i", str(music), "-i", str(srt), "-filter_complex", ";".join(graph)]
    cmd += ["-map", "[vout]", "-map", f"{n}:a", "-map", f"{n + 1}:s", "-t", f"{at:.3f}"]
    cmd += ["-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-pix_fmt", "yuv420p"]
    cmd += ["-c:a", "aac", "-b:a", "192k", "-c:s", "mov_text", "-movflags", "+faststart", str(out)]
    subprocess.run(cmd, check=True)


def moviepy_full(clips: list[Path], cues: list, music: Path, out: Path, width: int, height: int, fps: int) -> None:
    """The same film composed with MoviePy 2: crossfadein, TextClip subtitles with the CJK font, composite audio."""
    from moviepy import (
        AudioFileClip,
        CompositeAudioClip,
        CompositeVideoClip,
        TextClip,
        VideoFileClip,
        concatenate_videoclips,
        vfx,
    )

    videos = [VideoFileClip(str(clip)) for clip in clips]
    faded = [videos[0]] + [v.with_effects([vfx.CrossFadeIn(CROSSFADE)]) for v in videos[1:]]
    film = concatenate_videoclips(faded, method="compose", padding=-CROSSFADE)
    font = str(find_cjk_font())
    size = max(12, round(min(width, height) / 18))
    texts = []
    for cue in cues:
        text = TextClip(
            font=font, text=cue.text, font_size=size, color="white", stroke_color="black", stroke_width=2,
            method="caption", size=(int(width * 0.9), None),
        )  # fmt: skip
        bottom = height - text.h - round(height * 0.06)
        texts.append(text.with_start(cue.start).with_duration(cue.end - cue.start).with_position(("center", bottom)))
    music_clip = AudioFileClip(str(music))
    music_clip = music_clip.subclipped(0, min(film.duration, music_clip.duration))
    final = CompositeVideoClip([film, *texts], size=(width, height)).with_audio(CompositeAudioClip([music_clip]))
    final.write_videofile(
        str(out), fps=fps, codec="libx264", audio_codec="aac", preset="veryfast", logger=None, threads=os.cpu_count()
    )
    for clip in (final, music_clip, *videos):
        clip.close()


def run(
    *,
    scenes: int = 6,
    frames: int = 25,
    width: int = 1024,
    height: int = 576,
    fps: int = 25,
    repeat: int = 3,
    moviepy: bool = True,
) -> list[Row]:
    with tempfile.TemporaryDirectory(prefix="bench-assembly-") as tmp:
        folder = Path(tmp)
        clips = make_clips(folder, scenes, frames, width, height, fps)
        music = make_music(folder / "music.wav", MUSIC_SECONDS)
        size = {"width": width, "height": height, "fps": fps}

        ours_copy = best_of(repeat, lambda: assemble(clips, folder / "ours-copy.mp4", **size))
        assert assemble(clips, folder / "ours-copy.mp4", **size).mode == "copy"
        hand_copy = best_of(repeat, lambda: hand_concat(clips, folder / "hand-copy.mp4", folder))
        rows = [Row("join, hard cuts (stream copy)", ours_copy, "ffmpeg concat -c copy", hand_copy, "<= 2x")]

        durations = [probe(clip).duration for clip in clips]
        fades = [CROSSFADE] * (scenes - 1)
        texts = (TEXTS * scenes)[:scenes]
        cues = cues_for(durations, texts)  # crossfades keep every scene where hard cuts would put it
        full = {**size, "transitions": fades, "cues": cues, "burn_subtitles": True, "soft_subtitles": True}
        ours_full = best_of(repeat, lambda: assemble(clips, folder / "ours-full.mp4", **full, audio=music))

        ass = folder / "hand.ass"  # prepared before the clock starts, as a person would have the file ready
        ass.write_text(to_ass(cues, width, height, font_family(find_cjk_font())), encoding="utf-8")
        srt = folder / "ours-full.srt"
        hand = best_of(repeat, lambda: hand_full(clips, durations, ass, srt, music, folder / "hand-full.mp4", fps))
        length = sum(durations)
        rows.append(Row("full film (crossfades, burned subs, music)", ours_full, "one ffmpeg command", hand, "<= 1.5x"))

        task = "full film (crossfades, burned subs, music)"
        if moviepy and importlib.util.find_spec("moviepy") is not None:
            started = time.perf_counter()
            moviepy_full(clips, cues, music, folder / "moviepy-full.mp4", width, height, fps)
            theirs = time.perf_counter() - started
            # MoviePy overlaps the scenes (a shorter film, slightly less work for it).
            assert abs(probe(folder / "moviepy-full.mp4").duration - film_duration(durations, fades)) < 0.2
            rows.append(Row(task, ours_full, "MoviePy 2", theirs, "<= 0.1x"))
        else:
            note = "skipped: moviepy not installed" if moviepy else "skipped (--no-moviepy)"
            rows.append(Row(task, ours_full, "MoviePy 2", None, "<= 0.1x", note))
        assert abs(probe(folder / "ours-full.mp4").duration - length) < scenes / fps  # fades are whole frames
    return rows


def machine() -> str:
    version = subprocess.run([ffmpeg_exe(), "-version"], capture_output=True, text=True).stdout.split("\n")[0]
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    system = f"{platform.system()} {platform.release()}, Python {platform.python_version()}"
    return f"{cpu}, {os.cpu_count()} CPUs, {system}, {version}"


def table(rows: list[Row]) -> str:
    lines = [
        "| task | ours (s) | baseline | baseline (s) | ours / baseline | target |",
        "|---|---:|---|---:|---:|---|",
    ]
    for row in rows:
        theirs = "—" if row.theirs is None else f"{row.theirs:.3f}"
        ratio = row.note or ("—" if row.ratio is None else f"{row.ratio:.2f}x")
        lines.append(f"| {row.task} | {row.ours:.3f} | {row.baseline} | {theirs} | {ratio} | {row.target} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenes", type=int, default=6)
    parser.add_argument("--frames", type=int, default=25, help="frames per scene")
    parser.add_argument("--width", type=int, default=1024)
    parser.add_argument("--height", type=int, default=576)
    parser.add_argument("--fps", type=int, default=25)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-moviepy", action="store_true", help="skip the MoviePy row")
    args = parser.parse_args()
    rows = run(
        scenes=args.scenes, frames=args.frames, width=args.width, height=args.height, fps=args.fps,
        repeat=args.repeat, moviepy=not args.no_moviepy,
    )  # fmt: skip
    seconds = args.frames / args.fps
    print(
        f"{args.scenes} scenes x {args.frames} frames ({seconds:g} s) at {args.width}x{args.height}, {args.fps} fps; "
        f"crossfades {CROSSFADE} s; {MUSIC_SECONDS:g} s music\n"
    )
    print(table(rows))
    print(f"\nmachine: {machine()}")


if __name__ == "__main__":
    main()
