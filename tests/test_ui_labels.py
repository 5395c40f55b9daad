"""The UI speaks two languages from one table, and the README documents every setting."""

from pathlib import Path

from components.labels import EN, ZH
from studio.config import Settings


def test_every_label_has_a_chinese_translation():
    assert set(EN) == set(ZH)
    assert all(ZH[key].strip() for key in ZH)


def test_readme_documents_every_setting():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    missing = [name for name in Settings.model_fields if f"`STUDIO_{name.upper()}`" not in readme]
    assert missing == []


def test_frame_sizes_are_parsed_and_odd_or_absurd_ones_refused():
    import pytest

    from components.script_tab import frame_of
    from studio.config import Frame
    from studio.errors import InvalidInput

    assert frame_of("1024x576", 24) == Frame(width=1024, height=576, fps=24)
    assert frame_of("576 × 1024", 8.0) == Frame(width=576, height=1024, fps=8)
    for bad in ("1023x576", "big", "10x10", "100000x576", ""):
        with pytest.raises(InvalidInput):
            frame_of(bad, 24)
    with pytest.raises(InvalidInput, match="1-60 frames per second"):
        frame_of("1024x576", 61)


def test_every_message_has_a_chinese_translation_with_the_same_placeholders():
    from string import Formatter

    from components.messages import MESSAGES_EN, MESSAGES_ZH

    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in Formatter().parse(text) if name}

    assert set(MESSAGES_EN) == set(MESSAGES_ZH)
    for key, text in MESSAGES_EN.items():
        assert fields(text) == fields(MESSAGES_ZH[key]), key


def test_every_table_column_has_a_chinese_name():
    from components import account_tab, admin_tab, history_tab, queue_panel, render_tab, storyboard_tab
    from components.messages import COLUMNS_ZH

    tables = [
        storyboard_tab.HEADERS,
        render_tab.OVERVIEW_HEADERS,
        [*queue_panel.HEADERS, "owner"],
        history_tab.HEADERS,
        history_tab.SHARED_HEADERS,
        account_tab.TOKEN_HEADERS,
        admin_tab.USER_HEADERS,
        admin_tab.TERM_HEADERS,
    ]
    assert [name for table in tables for name in table if name not in COLUMNS_ZH] == []


def test_messages_and_columns_follow_the_language_of_the_request():
    from components.messages import LANGUAGE, columns, say, word

    token = LANGUAGE.set("zh")
    try:
        assert say("board.saved", scenes=3, seconds=12.5) == "已保存：共 3 个场景，12.5 秒。"
        assert columns(["scene", "description"]) == ["场景", "画面描述"]
        assert word("completed") == "已完成"
    finally:
        LANGUAGE.reset(token)
    assert say("board.saved", scenes=3, seconds=12.0) == "Saved: 3 scenes, 12 s in all."
    assert columns(["scene"]) == ["scene"] and word("completed") == "completed"


class FakeRequest:
    def __init__(self, cookies: dict[str, str], accept: str = "") -> None:
        self.cookies = cookies
        self.headers = {"accept-language": accept} if accept else {}


def test_the_pages_cookie_decides_the_language_then_accept_language_then_english():
    from components.context import request_language

    assert request_language(FakeRequest({"studio_lang": "zh"}, "en-US,en")) == "zh"
    assert request_language(FakeRequest({"studio_lang": "en"}, "zh-CN,zh;q=0.9")) == "en"
    assert request_language(FakeRequest({"studio_lang": "klingon"}, "zh-TW")) == "zh"
    assert request_language(FakeRequest({}, "de-DE,zh;q=0.5")) == "en"
    assert request_language(FakeRequest({})) == "en"
    assert request_language(object()) == "en"


def test_the_queue_shows_progress_as_a_bar_and_a_number():
    from components.queue_panel import progress_bar

    assert progress_bar(0.0) == "▱▱▱▱▱▱▱▱▱▱ 0%"
    assert progress_bar(0.45) == "▰▰▰▰▱▱▱▱▱▱ 45%"
    assert progress_bar(1.0) == "▰▰▰▰▰▰▰▰▰▰ 100%"
    assert progress_bar(1.7) == progress_bar(1.0) and progress_bar(-1) == progress_bar(0)
