"""Subtitle cues timed to the film, and their SRT and ASS renderings."""

from __future__ import annotations

import pytest

from studio.errors import InvalidInput
from studio.post.subtitles import (
    Cue,
    cues_for,
    escape_ass_text,
    film_duration,
    scene_starts,
    to_ass,
    to_srt,
    wrap_line,
)


def test_hard_cuts_give_each_scene_its_own_span() -> None:
    cues = cues_for([2.0, 3.0, 1.5], ["一", "two", "三"])
    assert cues == [Cue(0.0, 2.0, "一"), Cue(2.0, 5.0, "two"), Cue(5.0, 6.5, "三")]
    assert film_duration([2.0, 3.0, 1.5]) == 6.5


def test_crossfades_overlap_scenes_and_cues_change_mid_fade() -> None:
    durations, fades = [2.0, 3.0, 2.0], [0.5, 1.0]
    assert scene_starts(durations, fades) == [0.0, 1.5, 3.5]
    assert film_duration(durations, fades) == pytest.approx(5.5)
    cues = cues_for(durations, ["a", "b", "c"], fades)
    assert cues == [Cue(0.0, 1.75, "a"), Cue(1.75, 4.0, "b"), Cue(4.0, 5.5, "c")]


def test_empty_texts_are_skipped_and_text_is_tidied() -> None:
    cues = cues_for([1.0, 1.0, 1.0], ["  ", " 第二场 \r\n\r\n 下一行 ", ""], [0.0, 0.0])
    assert cues == [Cue(1.0, 2.0, "第二场\n下一行")]


@pytest.mark.parametrize(
    ("durations", "texts", "fades"),
    [
        ([1.0, 1.0], ["a"], None),  # a text per scene
        ([1.0, 1.0], ["a", "b"], [0.5, 0.5]),  # one transition per cut
        ([1.0, 1.0], ["a", "b"], [-0.1]),
        ([1.0, 1.0, 1.0], ["a", "b", "c"], [0.6, 0.6]),  # the middle scene is shorter than its fades
        ([0.0, 1.0], ["a", "b"], None),
    ],
)
def test_impossible_timings_are_refused(durations, texts, fades) -> None:
    with pytest.raises(InvalidInput):
        cues_for(durations, texts, fades)


def test_srt_is_exact_utf8_subrip_without_carriage_returns() -> None:
    cues = [Cue(0.0, 1.5, "你好"), Cue(1.5, 3661.0456, "two\nlines"), Cue(4.0, 5.0, " ")]
    assert to_srt(cues) == ("1\n00:00:00,000 --> 00:00:01,500\n你好\n\n2\n00:00:01,500 --> 01:01:01,046\ntwo\nlines\n")
    assert "\r" not in to_srt(cues)
    assert to_srt([]) == ""


def test_ass_is_styled_for_burn_in_and_escapes_user_text() -> None:
    text = to_ass([Cue(1.25, 2.5, "a {\\b1} b\nline two \\N")], 1024, 576, "Noto Sans CJK TC Regular", 36)
    assert "PlayResX: 1024\nPlayResY: 576\n" in text
    assert "WrapStyle: 0" in text
    style = next(line for line in text.splitlines() if line.startswith("Style: "))
    fields = style.removeprefix("Style: ").split(",")
    assert fields[1:3] == ["Noto Sans CJK TC Regular", "36"]
    assert fields[18] == "2"  # bottom centre
    assert float(fields[16]) > 0  # outline
    dialogue = next(line for line in text.splitlines() if line.startswith("Dialogue: "))
    assert dialogue.startswith("Dialogue: 0,0:00:01.25,0:00:02.50,Default,,0,0,0,,")
    body = dialogue.split(",Default,,0,0,0,,", 1)[1]
    assert "{" not in body.replace("\\{", "")  # no override block can open
    assert body == "a \\{\\b1\\} b\\Nline two \\\u2060N"  # one real break; the user's "\N" is defused


def test_escape_ass_text() -> None:
    assert escape_ass_text("{x}") == "\\{x\\}"
    assert escape_ass_text("a\nb") == "a\\Nb"
    assert escape_ass_text("C:\\path") == "C:\\path"  # a backslash before other letters is harmless


def test_long_chinese_lines_wrap_between_characters_within_the_frame() -> None:
    line = "这是一个非常长的中文字幕，用来测试自动换行是否正确地在字符之间断开，而不是溢出画面。"
    lines = wrap_line(line, 600, 32)
    assert len(lines) >= 2
    assert "".join(lines) == line
    assert all(len(piece) * 32 <= 600 for piece in lines)
    assert not any(piece[0] in "，。" for piece in lines)  # punctuation never starts a line
    assert max(map(len, lines)) - min(map(len, lines)) <= 3  # balanced
    text = to_ass([Cue(0, 1, line)], 640, 360, "Noto Sans CJK TC Regular", 32)
    assert text.splitlines()[-1].count("\\N") == len(wrap_line(line, 640 - 2 * 32, 32)) - 1


def test_latin_lines_wrap_at_spaces() -> None:
    lines = wrap_line("one two three four five six seven eight nine ten eleven twelve", 300, 20)
    assert len(lines) >= 2
    assert " ".join(lines) == "one two three four five six seven eight nine ten eleven twelve"
