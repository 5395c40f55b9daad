import pytest

from studio.errors import InvalidInput
from studio.storyboard.schema import Scene, Storyboard, check_generated, clean_text, parse_rows


def test_rows_become_scenes_with_units_and_case_normalised():
    scenes = parse_rows([[1, "  a river at dawn ", "4.5s", "Close  Up", "water flows", "清晨的河流"]])
    assert scenes == [
        Scene(
            description="a river at dawn", duration=4.5, camera="close up", action="water flows", narration="清晨的河流"
        )
    ]


def test_chinese_seconds_suffix_is_accepted():
    assert parse_rows([[1, "森林", "3秒", "wide shot", "", ""]])[0].duration == 3.0


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ([1, "", 3, "wide shot", "", ""], "Scene 1: description must not be empty"),
        ([1, "forest", -2, "wide shot", "", ""], "Scene 1: duration must be at least 1"),
        ([1, "forest", 999, "wide shot", "", ""], "Scene 1: duration must be at most 30"),
        ([1, "forest", "soon", "wide shot", "", ""], "Scene 1: duration must be a number"),
        ([1, "forest", 3, "", "", ""], "Scene 1: camera must not be empty"),
    ],
)
def test_invalid_cells_are_refused_with_a_message_naming_scene_and_field(row, message):
    with pytest.raises(InvalidInput, match=message):
        parse_rows([row])


def test_the_failing_scene_is_named_by_its_row():
    with pytest.raises(InvalidInput, match="Scene 2: description"):
        parse_rows([[1, "fine", 3, "wide shot", "", ""], [2, " ", 3, "wide shot", "", ""]])


def test_empty_and_oversized_tables_are_refused():
    with pytest.raises(InvalidInput, match="at least one scene"):
        parse_rows([])
    with pytest.raises(InvalidInput, match="at most 2 scenes"):
        parse_rows([[i, "x", 2, "wide shot", "", ""] for i in range(3)], max_scenes=2)


def test_control_bidi_and_zero_width_characters_are_stripped():
    assert clean_text("a\u202eb\u200bc\x00d\ufeff") == "abcd"
    assert clean_text("e\u0301") == "é"
    assert clean_text("森林，河流。") == "森林，河流。"


@pytest.mark.parametrize(
    ("kind", "hidden"),
    [
        ("C0 controls and DEL", "\x00\x01\x08\x0b\x0c\x1b\x1f\x7f"),
        ("C1 controls", "\x80\x8d\x9b\x9f"),
        ("bidi embeddings and overrides", "\u202a\u202b\u202c\u202d\u202e"),
        ("bidi isolates", "\u2066\u2067\u2068\u2069"),
        ("the Arabic letter mark", "\u061c"),
        ("zero-width spaces, joiners and direction marks", "\u200b\u200c\u200d\u200e\u200f"),
        ("the word joiner and invisible operators", "\u2060\u2061\u2062\u2063\u2064"),
        ("the byte-order mark and soft hyphen", "\ufeff\u00ad"),
        ("tag characters", "\U000e0001\U000e0041\U000e007f"),
        ("lone surrogates", "\ud800\udfff"),
    ],
)
def test_each_class_of_invisible_character_is_stripped(kind, hidden):
    assert clean_text(f"deep{hidden}fake") == "deepfake", kind


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85", "\r\n", "\r"])
def test_line_and_paragraph_separators_become_one_newline(separator):
    assert clean_text(f"first line{separator}second line") == "first line\nsecond line"


def test_tabs_newlines_and_full_width_chinese_punctuation_are_kept():
    assert clean_text("森林，河流！\n\t（小动物）：“你好”") == "森林，河流！\n\t（小动物）：“你好”"


def test_total_duration_sums_scenes():
    board = Storyboard(title="t", scenes=[Scene(description="a", duration=2.5), Scene(description="b", duration=3)])
    assert board.total_duration == 5.5


def test_generated_storyboards_need_three_to_eight_scenes():
    few = Storyboard(title="t", scenes=[Scene(description="a", duration=2)] * 2)
    many = Storyboard(title="t", scenes=[Scene(description="a", duration=2)] * 9)
    for board in (few, many):
        with pytest.raises(InvalidInput, match="3-8 scenes"):
            check_generated(board)
    assert check_generated(Storyboard(title="t", scenes=[Scene(description="a", duration=2)] * 3))
