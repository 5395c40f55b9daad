"""Subtitles: each scene's narration timed to where that scene sits in the finished film.

Two renderings of the same cues: SubRip (.srt) for the sidecar file and the soft
subtitle track, and Advanced SubStation (.ass) styled for burning into the
picture with libass (bottom-centred, outlined, wrapped to fit the frame).

Timing. Scene i starts at sum(d[:i]) - sum(x[:i]) where d are the scene
durations and x the crossfade seconds at each cut. During a crossfade both
scenes are on screen; the cue changes at the middle of the crossfade so two
subtitles are never shown at once. With hard cuts a cue spans its scene exactly.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

from studio.errors import InvalidInput


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    text: str


def scene_starts(durations: list[float], transitions: list[float] | None = None) -> list[float]:
    """Where each scene starts in the film: sum(d[:i]) - sum(x[:i]) (e.g. to place narration audio)."""
    fades = _check_transitions(durations, transitions)
    starts, at = [], 0.0
    for index, duration in enumerate(durations):
        starts.append(at)
        if index < len(fades):
            at += duration - fades[index]
    return starts


def film_duration(durations: list[float], transitions: list[float] | None = None) -> float:
    """Length of the film: the scenes' durations less the crossfade overlaps."""
    fades = _check_transitions(durations, transitions)
    return sum(durations) - sum(fades)


def cues_for(durations: list[float], texts: list[str], transitions: list[float] | None = None) -> list[Cue]:
    """One cue per scene with text, spanning that scene in the film (split mid-crossfade); empty texts skipped."""
    if len(texts) != len(durations):
        raise InvalidInput(f"There are {len(durations)} scenes but {len(texts)} subtitle texts.")
    fades = _check_transitions(durations, transitions)
    starts = scene_starts(durations, fades)
    cues = []
    for index, (start, duration, text) in enumerate(zip(starts, durations, texts, strict=True)):
        text = _clean(text)
        if not text:
            continue
        lead_in = fades[index - 1] / 2 if index > 0 else 0.0
        lead_out = fades[index] / 2 if index < len(fades) else 0.0
        cues.append(Cue(start=round(start + lead_in, 3), end=round(start + duration - lead_out, 3), text=text))
    return cues


def _check_transitions(durations: list[float], transitions: list[float] | None) -> list[float]:
    if any(not math.isfinite(d) or d <= 0 for d in durations):
        raise InvalidInput("Every scene needs a positive duration.")
    if transitions is None:
        return [0.0] * max(0, len(durations) - 1)
    fades = [float(x) for x in transitions]
    if len(fades) != max(0, len(durations) - 1):
        raise InvalidInput(f"{len(durations)} scenes have {max(0, len(durations) - 1)} cuts, not {len(fades)}.")
    if any(not math.isfinite(x) or x < 0 for x in fades):
        raise InvalidInput("Crossfades must be zero (a hard cut) or a positive number of seconds.")
    for index, duration in enumerate(durations):
        before = fades[index - 1] if index > 0 else 0.0
        after = fades[index] if index < len(fades) else 0.0
        if before + after > duration + 1e-6:
            raise InvalidInput(
                f"Scene {index + 1} lasts {duration:.2f} s, too short for its crossfades "
                f"({before:.2f} s in, {after:.2f} s out): shorten the crossfade."
            )
    return fades


def _clean(text: str) -> str:
    """Trim, unify line endings and drop blank lines (a blank line would end an SRT cue early)."""
    lines = [line.strip() for line in str(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(line for line in lines if line)


# --- SubRip --------------------------------------------------------------------------------------


def _srt_time(seconds: float) -> str:
    ms = max(0, round(seconds * 1000))
    hours, ms = divmod(ms, 3_600_000)
    minutes, ms = divmod(ms, 60_000)
    secs, ms = divmod(ms, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d},{ms:03d}"


def to_srt(cues: list[Cue]) -> str:
    """SubRip text with LF line endings (write it as UTF-8): `1\\n00:00:01,500 --> 00:00:03,000\\ntext\\n\\n`."""
    blocks = []
    for number, cue in enumerate((c for c in cues if _clean(c.text)), start=1):
        text = _clean(cue.text).replace("-->", "->")
        blocks.append(f"{number}\n{_srt_time(cue.start)} --> {_srt_time(cue.end)}\n{text}\n")
    return "\n".join(blocks)


# --- Advanced SubStation (burn-in) ---------------------------------------------------------------


def _ass_time(seconds: float) -> str:
    cs = max(0, round(seconds * 100))
    hours, cs = divmod(cs, 360_000)
    minutes, cs = divmod(cs, 6000)
    secs, cs = divmod(cs, 100)
    return f"{hours:d}:{minutes:02d}:{secs:02d}.{cs:02d}"


def to_ass(
    cues: list[Cue],
    width: int,
    height: int,
    font_name: str,
    font_size: int | None = None,
) -> str:
    """An ASS script for burning `cues` into a width×height film.

    PlayRes equals the frame, so sizes are pixels. Text is white with a black
    outline and soft shadow, bottom-centred. libass only breaks lines at spaces
    (without libunibreak), so lines are also broken here to fit the frame, CJK
    between any two characters (never before closing punctuation); WrapStyle 0
    (smart, balanced) stays on for anything still too wide.
    """
    if width <= 0 or height <= 0:
        raise InvalidInput(f"Subtitle frame must have a positive size (got {width}x{height}).")
    size = font_size or default_font_size(width, height)
    margin_h = max(8, round(width * 0.05))
    margin_v = max(8, round(height * 0.06))
    outline = max(1.0, round(size / 14, 1))
    shadow = max(0.5, round(size / 28, 1))
    family = font_name.replace(",", " ").strip() or "Sans"
    header = (
        "[Script Info]\n"
        "ScriptType: v4.00+\n"
        f"PlayResX: {width}\n"
        f"PlayResY: {height}\n"
        "WrapStyle: 0\n"
        "ScaledBorderAndShadow: yes\n"
        "YCbCr Matrix: TV.709\n"
        "\n"
        "[V4+ Styles]\n"
        "Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, "
        "Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, "
        "MarginR, MarginV, Encoding\n"
        f"Style: Default,{family},{size},&H00FFFFFF,&H000000FF,&H00000000,&H80000000,0,0,0,0,100,100,0,0,1,"
        f"{outline:g},{shadow:g},2,{margin_h},{margin_h},{margin_v},1\n"
        "\n"
        "[Events]\n"
        "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
    )
    available = width - 2 * margin_h
    events = []
    for cue in cues:
        text = _clean(cue.text)
        if not text or cue.end <= cue.start:
            continue
        lines = [wrapped for line in text.split("\n") for wrapped in wrap_line(line, available, size)]
        body = r"\N".join(escape_ass_text(line) for line in lines)
        events.append(f"Dialogue: 0,{_ass_time(cue.start)},{_ass_time(cue.end)},Default,,0,0,0,,{body}\n")
    return header + "".join(events)


def default_font_size(width: int, height: int) -> int:
    """About 1/18 of the frame's shorter side: readable on a phone, small enough for two lines."""
    return max(12, round(min(width, height) / 18))


_BACKSLASH_SEQUENCE = re.compile(r"\\(?=[nNh{}])")


def escape_ass_text(text: str) -> str:
    """Make user text literal in an ASS Dialogue: braces would start override tags, `\\N`/`\\h` are codes."""
    text = _BACKSLASH_SEQUENCE.sub("\\\\\u2060", text)  # a word joiner (invisible) breaks `\N`, `\{` ...
    text = text.replace("{", r"\{").replace("}", r"\}")
    return text.replace("\n", r"\N")


_NO_LINE_START = set("。，、；：？！）」』》〉】〕”’…—,.;:?!)]}%")
_NO_LINE_END = set("（「『《〈【〔“‘([{")


def _char_width(char: str, size: int) -> float:
    """A conservative width estimate in pixels: full-width characters one em, others about 0.6 em."""
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return float(size)
    return size * (0.35 if char == " " else 0.6)


def _tokens(line: str) -> list[str]:
    """Break opportunities: every wide (CJK) character alone, runs of other text by word, spaces kept."""
    tokens: list[str] = []
    for match in re.finditer(r"\s+|[^\s]", line):
        piece = match.group()
        wide = not piece.isspace() and unicodedata.east_asian_width(piece) in ("W", "F")
        glue_left = piece in _NO_LINE_START
        if (
            tokens
            and not piece.isspace()
            and not tokens[-1].isspace()
            and (glue_left or tokens[-1][-1] in _NO_LINE_END or (not wide and not _is_wide(tokens[-1][-1])))
        ):
            tokens[-1] += piece
        else:
            tokens.append(piece)
    return tokens


def _is_wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def wrap_line(line: str, available: float, size: int) -> list[str]:
    """Split one line into balanced lines no wider than `available` pixels (by estimate)."""
    tokens = _tokens(line)
    widths = [sum(_char_width(c, size) for c in token) for token in tokens]
    total = sum(widths)
    if total <= available or len(tokens) <= 1:
        return [line.strip()]
    count = math.ceil(total / available)
    balanced = _greedy(tokens, widths, min(available, total / count + size))  # an even share per line
    return balanced if len(balanced) <= count else _greedy(tokens, widths, available)


def _greedy(tokens: list[str], widths: list[float], target: float) -> list[str]:
    lines, current, current_w = [], "", 0.0
    for token, token_w in zip(tokens, widths, strict=True):
        if current.strip() and current_w + token_w > target and not token.isspace():
            lines.append(current.strip())
            current, current_w = "", 0.0
        if token.isspace() and not current:
            continue
        current += token
        current_w += token_w
    if current.strip():
        lines.append(current.strip())
    return lines
