"""Keyframes: title cards that read (Chinese included), and uploads that are refused with a reason."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from studio.engines.keyframes import _wrap, fit_cover, title_card
from studio.errors import InvalidInput, StudioError
from studio.fonts import draws_cjk, find_cjk_font
from studio.images import validate_image
from studio.production.uploads import store_keyframe

NOTDEF = "\ue000"  # private-use code point: the CJK font has no glyph, so it draws the .notdef box


def _ink(card: Image.Image) -> np.ndarray:
    """Text pixels: the card text is near-white, the background is darker than that everywhere."""
    pixels = np.asarray(card).astype(int)
    return pixels.min(axis=2) > 200


def _png_bytes(size: tuple[int, int] = (64, 48), colour: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


# --- fonts -------------------------------------------------------------------------------------------


def _glyph(font: ImageFont.FreeTypeFont, char: str) -> np.ndarray:
    canvas = Image.new("L", (80, 80), 0)
    ImageDraw.Draw(canvas).text((10, 10), char, font=font, fill=255)
    return np.asarray(canvas) > 127


def test_the_cjk_font_draws_chinese_characters_as_distinct_real_glyphs() -> None:
    font = ImageFont.truetype(str(find_cjk_font()), 48)
    notdef = _glyph(font, NOTDEF)
    glyphs = [_glyph(font, char) for char in "山水中"]
    for glyph in glyphs:
        assert glyph.sum() > 20
        assert (glyph != notdef).sum() > 20
    assert (glyphs[0] != glyphs[1]).sum() > 20


def test_find_cjk_font_refuses_a_missing_explicit_font(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="STUDIO_FONT_PATH"):
        find_cjk_font(tmp_path / "nope.ttf")


def test_find_cjk_font_accepts_an_explicit_font() -> None:
    shipped = find_cjk_font()
    assert find_cjk_font(shipped) == shipped.resolve()


def test_a_font_without_cjk_is_not_taken_for_one() -> None:
    dejavu = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if not dejavu.is_file():
        pytest.skip("DejaVu is not installed here")
    assert not draws_cjk(dejavu)
    assert draws_cjk(find_cjk_font())


def test_find_cjk_font_error_tells_the_user_what_to_do(monkeypatch: pytest.MonkeyPatch) -> None:
    import studio.fonts as fonts

    monkeypatch.setattr(fonts, "_candidates", lambda: [])
    fonts._find_cached.cache_clear()
    try:
        with pytest.raises(StudioError, match=r"requirements\.txt") as caught:
            fonts.find_cjk_font()
        assert "STUDIO_FONT_PATH" in str(caught.value)
    finally:
        fonts._find_cached.cache_clear()


# --- title cards -------------------------------------------------------------------------------------


def test_title_card_is_deterministic_and_varies_with_the_text() -> None:
    first = title_card("海边的灯塔", 256, 144, heading="Scene 1 · wide shot")
    again = title_card("海边的灯塔", 256, 144, heading="Scene 1 · wide shot")
    other = title_card("a red kite over the hills", 256, 144, heading="Scene 1 · wide shot")
    assert first.size == (256, 144) and first.mode == "RGB"
    assert first.tobytes() == again.tobytes()
    # Colours come from the text, so a different scene looks different even away from the text.
    corner = (slice(0, 20), slice(0, 20))
    assert np.abs(np.asarray(first)[corner].astype(int) - np.asarray(other)[corner].astype(int)).mean() > 3


def test_title_card_chinese_text_is_drawn_as_glyphs_not_tofu() -> None:
    mountains = _ink(title_card("山水", 256, 144))
    river = _ink(title_card("江河", 256, 144))
    tofu = _ink(title_card(NOTDEF * 2, 256, 144))
    assert mountains.sum() > 50 and river.sum() > 50 and tofu.sum() > 50
    assert (mountains != river).sum() > 50
    assert (mountains != tofu).sum() > 50
    assert (river != tofu).sum() > 50


def test_title_card_background_has_texture_for_camera_moves() -> None:
    card = np.asarray(title_card("", 256, 144)).astype(float)
    # Not a flat fill: brightness varies across the card in both directions.
    assert card.std(axis=(0, 1)).max() > 5
    assert np.abs(np.diff(card.mean(axis=(1, 2)))).sum() > 5
    assert np.abs(np.diff(card.mean(axis=(0, 2)))).sum() > 5


def test_title_card_keeps_very_long_text_inside_the_text_area() -> None:
    card = title_card("一段很长的描述。" * 120, 256, 144, heading="Scene 9 · close up", text_area=0.6)
    ink = _ink(card)
    rows = np.flatnonzero(ink.any(axis=1))
    cols = np.flatnonzero(ink.any(axis=0))
    assert rows.size and cols.size
    # Centred 60% box (plus a pixel or two of anti-aliasing).
    assert cols.min() >= 256 * 0.2 - 2 and cols.max() <= 256 * 0.8 + 2
    assert rows.min() >= 144 * 0.2 - 2 and rows.max() <= 144 * 0.8 + 2


def test_wrapping_breaks_chinese_between_characters_and_latin_between_words() -> None:
    font = ImageFont.truetype(str(find_cjk_font()), 20)
    chinese = "一位年轻的女科学家在深夜的实验室里凝视着显微镜，窗外下着大雨。"
    lines = _wrap(chinese, font, 150, max_lines=None)
    assert len(lines) > 1
    assert "".join(lines) == chinese
    assert all(font.getlength(line) <= 150 for line in lines)
    assert not any(line[0] in "，。" for line in lines)

    latin = "A lonely lighthouse keeper watches a storm roll in over the grey northern sea"
    lines = _wrap(latin, font, 150, max_lines=None)
    assert len(lines) > 1
    assert " ".join(lines) == latin
    assert all(font.getlength(line) <= 150 for line in lines)


def test_wrapping_ends_with_an_ellipsis_when_lines_run_out() -> None:
    font = ImageFont.truetype(str(find_cjk_font()), 20)
    lines = _wrap("字" * 200, font, 150, max_lines=2)
    assert len(lines) == 2
    assert lines[-1].endswith("…")
    assert all(font.getlength(line) <= 150 for line in lines)


# --- uploads -----------------------------------------------------------------------------------------


def test_validate_image_returns_the_rgb_image(tmp_path: Path) -> None:
    path = tmp_path / "ok.png"
    path.write_bytes(_png_bytes())
    image = validate_image(path, max_bytes=1_000_000)
    assert image.mode == "RGB" and image.size == (64, 48)
    assert image.getpixel((10, 10)) == (200, 30, 30)


def test_validate_image_applies_exif_orientation(tmp_path: Path) -> None:
    path = tmp_path / "phone.jpg"
    image = Image.new("RGB", (80, 40), (20, 120, 220))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    image.save(path, format="JPEG", exif=exif)
    assert validate_image(path, max_bytes=1_000_000).size == (40, 80)


def test_validate_image_refuses_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="missing"):
        validate_image(tmp_path / "nope.png", max_bytes=1_000_000)


def test_validate_image_refuses_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.png"
    path.write_bytes(b"")
    with pytest.raises(InvalidInput, match="empty"):
        validate_image(path, max_bytes=1_000_000)


def test_validate_image_refuses_a_truncated_png(tmp_path: Path) -> None:
    noisy = Image.fromarray(np.random.default_rng(1).integers(0, 256, (120, 160, 3), dtype=np.uint8))
    buffer = io.BytesIO()
    noisy.save(buffer, format="PNG")
    path = tmp_path / "cut.png"
    path.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    with pytest.raises(InvalidInput, match="damaged or incomplete"):
        validate_image(path, max_bytes=1_000_000)


def test_validate_image_refuses_a_file_that_is_not_an_image(tmp_path: Path) -> None:
    path = tmp_path / "notes.png"
    path.write_text("just some text pretending to be a picture\n" * 10)
    with pytest.raises(InvalidInput, match="not an image"):
        validate_image(path, max_bytes=1_000_000)


def test_validate_image_refuses_a_file_over_the_byte_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.png"
    path.write_bytes(_png_bytes())
    with pytest.raises(InvalidInput, match="limit"):
        validate_image(path, max_bytes=10)


def test_validate_image_refuses_too_many_pixels(tmp_path: Path) -> None:
    path = tmp_path / "huge.png"
    path.write_bytes(_png_bytes(size=(400, 300)))
    with pytest.raises(InvalidInput, match="pixel"):
        validate_image(path, max_bytes=1_000_000, max_pixels=100_000)


def test_store_keyframe_writes_a_clean_png_under_a_random_name(tmp_path: Path) -> None:
    src = tmp_path / "upload.jpg"
    Image.new("RGB", (64, 48), (30, 160, 90)).save(src, format="JPEG", quality=95)
    dest = tmp_path / "keyframes"
    first = store_keyframe(src, dest, max_bytes=1_000_000)
    second = store_keyframe(src, dest, max_bytes=1_000_000)
    assert first.parent == dest and first.suffix == ".png" and first != second
    assert "upload" not in first.name
    assert sorted(p.name for p in dest.iterdir()) == sorted([first.name, second.name])
    with Image.open(first) as stored:
        assert stored.format == "PNG" and stored.size == (64, 48)
        assert np.abs(np.asarray(stored.convert("RGB")).astype(int) - (30, 160, 90)).max() <= 4


def test_store_keyframe_writes_nothing_for_a_bad_upload(tmp_path: Path) -> None:
    src = tmp_path / "bad.png"
    src.write_bytes(b"\x89PNG\r\n\x1a\n garbage")
    dest = tmp_path / "keyframes"
    with pytest.raises(InvalidInput):
        store_keyframe(src, dest, max_bytes=1_000_000)
    assert not dest.exists() or list(dest.iterdir()) == []


def test_fit_cover_fills_the_frame_and_keeps_the_centre() -> None:
    wide = Image.new("RGB", (300, 100), (255, 0, 0))
    wide.paste((0, 255, 0), (100, 0, 200, 100))
    wide.paste((0, 0, 255), (200, 0, 300, 100))
    fitted = fit_cover(wide, 64, 64)
    assert fitted.size == (64, 64)
    pixels = np.asarray(fitted).astype(int)
    # Only the green middle third survives (Lanczos may tint the outermost column slightly).
    assert np.abs(pixels[:, 2:-2] - (0, 255, 0)).max() <= 3
    assert np.abs(pixels - (0, 255, 0)).max() <= 20

    tall = fit_cover(Image.new("RGB", (50, 200), (9, 9, 9)), 160, 96)
    assert tall.size == (160, 96)


# --- cards about the scene: its light and weather as colours, its subject large ---------------------


def _hsv_means(card: Image.Image) -> tuple[float, float, np.ndarray]:
    """(mean saturation, mean value) per pixel in 0-255, and the mean RGB."""
    import cv2

    pixels = np.asarray(card)
    hsv = cv2.cvtColor(pixels, cv2.COLOR_RGB2HSV).reshape(-1, 3).mean(axis=0)
    return float(hsv[1]), float(hsv[2]), pixels.reshape(-1, 3).mean(axis=0)


@pytest.mark.parametrize(
    ("night", "sunny", "snow"),
    [("A lighthouse at night", "A lighthouse on a sunny afternoon", "A lighthouse in the snow"),
     ("夜里的灯塔", "晴天的灯塔", "雪中的灯塔")],
    ids=["English", "Chinese"],
)  # fmt: skip
def test_the_cards_palette_follows_the_scenes_light_and_weather(night, sunny, snow):
    for seed in (1, 2, 3):
        _night_s, night_v, night_rgb = _hsv_means(title_card(night, 256, 144, seed=seed))
        sunny_card = title_card(sunny, 256, 144, seed=seed)
        sunny_s, sunny_v, _ = _hsv_means(sunny_card)
        snow_s, snow_v, _ = _hsv_means(title_card(snow, 256, 144, seed=seed))
        assert night_v < 80 and night_rgb[2] > night_rgb[0] + 10  # dark and blue
        assert sunny_v > 2 * night_v and snow_v > 2 * night_v
        ground = np.asarray(sunny_card)[100:].reshape(-1, 3).mean(axis=0)
        assert ground[0] > ground[2] + 15  # warm sunlit ground under the sky
        assert snow_s < 0.5 * sunny_s  # snow is pale


def test_the_palette_vocabulary_reads_light_weather_and_place_in_both_languages():
    from studio.engines.palettes import scene_moods

    assert scene_moods("Wide shot of a lighthouse on a cliff at night, rain lashing").names == ("night", "rain")
    assert scene_moods("黄昏的沙漠，风暴将至").names == ("dusk", "storm", "desert")
    assert scene_moods("清晨的森林，薄雾弥漫").names == ("dawn", "fog", "forest")
    assert scene_moods("城市夜景，雨，霓虹灯").names == ("night", "rain", "neon", "city")
    assert scene_moods("a seated man reads").names == ()  # no "sea" inside "seated"


@pytest.mark.parametrize(
    ("description", "subject"),
    [
        ("Wide shot of a lighthouse on a cliff at night, rain lashing the windows", "A lighthouse on a cliff"),
        ("Wide shot: the lighthouse during a storm, the whole setting in frame", "The lighthouse"),
        ("Medium shot: a lighthouse keeper finds a message in a bottle during a storm",
         "A lighthouse keeper finds a message"),
        ("Close up: a message in a bottle, filling the frame, background softly blurred", "A message in a bottle"),
        ("Wide shot: the lighthouse seen as a whole as the camera slowly pulls back", "The lighthouse"),
        ("An aerial view of the desert dunes at sunset, long shadows", "The desert dunes"),
        ("a red kite over the hills", "A red kite over the hills"),
        ("航拍：城市夜景，高空俯瞰，全景展开，霓虹闪烁的彩色光晕", "城市夜景"),
        ("远景：镜头缓缓拉远，城市夜景尽收眼底", "城市夜景尽收眼底"),
        ("特写：一只猫，主体占满画面，背景柔和虚化", "一只猫"),
        ("一位年轻的女科学家在深夜的实验室里凝视着显微镜，窗外下着大雨。", "一位年轻的女科学家"),
    ],
)  # fmt: skip
def test_the_subject_is_a_short_phrase_from_the_description(description, subject):
    from studio.engines.scene_subject import scene_subject

    assert scene_subject(description) == subject


def test_the_subject_is_the_large_line_and_the_description_the_small_print():
    from studio.engines.keyframes import card_layout

    description = "Wide shot of a lighthouse on a cliff at night, rain lashing the windows of the lamp room"
    lines = card_layout("A lighthouse on a cliff", description, "Scene 1 · wide shot", find_cjk_font(), 1024, 576)
    roles = [line.role for line in lines]
    assert roles[0] == "heading" and "subject" in roles and roles[-1] == "description"
    subject = [line for line in lines if line.role == "subject"]
    small = [line for line in lines if line.role == "description"]
    assert " ".join(line.text for line in subject) == "A lighthouse on a cliff"
    assert min(line.size for line in subject) >= 2 * max(line.size for line in small)
    assert " ".join(line.text for line in small) == description
    assert [line.y for line in lines] == sorted(line.y for line in lines)  # top to bottom, no overlap
    # Drawn, the subject's ink is taller than the description's.
    card = title_card(description, 512, 288, heading="Scene 1 · wide shot", seed=1)
    rows = np.flatnonzero(_ink(card).any(axis=1))
    runs = np.split(rows, np.flatnonzero(np.diff(rows) > 1) + 1)
    heights = sorted((len(run) for run in runs), reverse=True)
    assert heights[0] >= 2 * heights[-1]


def test_a_seed_draws_another_picture_of_the_same_scene_and_the_same_seed_the_same_one():
    text, heading = "A lighthouse on a cliff at night, rain lashing", "Scene 1 · wide shot"
    first = title_card(text, 256, 144, heading=heading, seed=1)
    again = title_card(text, 256, 144, heading=heading, seed=1)
    other = title_card(text, 256, 144, heading=heading, seed=2)
    assert first.tobytes() == again.tobytes()
    assert np.abs(np.asarray(first).astype(int) - np.asarray(other).astype(int)).mean() > 2
    assert abs(_hsv_means(first)[1] - _hsv_means(other)[1]) < 15  # another layout of the same night


def test_a_chinese_scene_card_draws_real_glyphs_large_and_small():
    night = _ink(title_card("雨夜的港口，渔船靠岸", 320, 180, seed=3))
    tofu = _ink(title_card(NOTDEF * 5 + "，" + NOTDEF * 4, 320, 180, seed=3))
    other = _ink(title_card("雨夜的灯塔，海浪拍岸", 320, 180, seed=3))
    assert night.sum() > 100 and tofu.sum() > 100
    assert (night != tofu).sum() > 100 and (night != other).sum() > 50
