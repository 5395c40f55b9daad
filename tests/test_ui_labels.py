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

    from components.script_tab import parse_size
    from studio.errors import InvalidInput

    assert parse_size("1024x576") == (1024, 576)
    assert parse_size("576 × 1024") == (576, 1024)
    for bad in ("1023x576", "big", "10x10", "100000x576", ""):
        with pytest.raises(InvalidInput):
            parse_size(bad)
