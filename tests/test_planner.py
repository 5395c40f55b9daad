"""The built-in planner: a useful, valid, deterministic storyboard from an idea, with no model."""

from __future__ import annotations

import itertools
import re

import pytest

from studio.errors import InvalidInput
from studio.storyboard.planner.plan import plan_storyboard
from studio.storyboard.schema import CAMERAS, MAX_TEXT, Storyboard, check_generated

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
ZH_FOREST = "制作一段关于森林探险的短视频，包含河流和小动物"
EN_FOREST = "Make a short video about a forest adventure with a river and small animals"
ESTABLISHING = {"aerial view", "wide shot"}
CLOSE = {"close up", "extreme close up"}
FAR = {"wide shot", "aerial view"}

VARIED_IDEAS = [
    ZH_FOREST,
    EN_FOREST,
    "ocean",
    "海洋",
    "帮我做一个城市夜景的视频，有霓虹灯、出租车和雨中的行人",
    "以春节为主题制作一段短片，包括烟花、饺子和一家人",
    "A lone astronaut walks across Mars. She finds a buried door. She opens it and light pours out.",
    "Create a clip of a lighthouse at dusk, featuring seagulls, waves and a fishing boat",
    "一只小猫在花园里追蝴蝶，最后累得睡着了",
    "Make a video about a,b,c,d,e,f,g,h,i,j,k,l",
]


def texts(board: Storyboard) -> list[str]:
    return [board.title] + [t for s in board.scenes for t in (s.description, s.action, s.narration)]


def scene_mentioning(board: Storyboard, word: str):
    return [s for s in board.scenes if word in s.description]


def test_chinese_forest_idea_gives_a_chinese_storyboard_with_its_elements():
    board = plan_storyboard(ZH_FOREST)
    assert 3 <= len(board.scenes) <= 8
    assert board.title == "森林探险"
    assert all(CJK.search(s.description) and CJK.search(s.action) for s in board.scenes)
    spoken = [s.narration for s in board.scenes if s.narration]
    assert spoken and all(CJK.search(line) for line in spoken)
    assert scene_mentioning(board, "河流") and scene_mentioning(board, "小动物")
    assert board.scenes[0].camera in ESTABLISHING
    assert board.scenes[-1].camera == "wide shot"


def test_english_idea_gives_english_text_only():
    board = plan_storyboard(EN_FOREST)
    assert 3 <= len(board.scenes) <= 8
    assert board.title == "A Forest Adventure"
    assert not any(CJK.search(t) for t in texts(board))
    assert scene_mentioning(board, "river") and scene_mentioning(board, "small animals")
    assert board.scenes[0].camera in ESTABLISHING
    assert board.scenes[-1].camera == "wide shot"


@pytest.mark.parametrize(
    ("idea", "title", "elements"),
    [
        (ZH_FOREST, "森林探险", ["河流", "小动物"]),
        ("帮我做一个城市夜景的视频，有霓虹灯、出租车和行人", "城市夜景", ["霓虹灯", "出租车", "行人"]),
        ("以春节为主题制作一段短片，包括烟花和饺子", "春节", ["烟花", "饺子"]),
        ("请生成关于海底世界的动画。画面中有珊瑚、鱼群和海龟。", "海底世界", ["珊瑚", "鱼群", "海龟"]),
        (EN_FOREST, "A Forest Adventure", ["river", "small animals"]),
        (
            "Create a clip of a lighthouse at dusk, featuring seagulls, waves and a fishing boat",
            "A Lighthouse at Dusk",
            ["seagulls", "waves", "fishing boat"],
        ),
        (
            "Could you generate a cinematic film about Paris, including the Eiffel Tower and cafés?",
            "Paris",
            ["Eiffel Tower", "cafés"],
        ),
        ("A forest adventure with a river and small animals", "A Forest Adventure", ["river", "small animals"]),
    ],
)
def test_boilerplate_is_stripped_and_each_element_gets_a_scene(idea, title, elements):
    board = plan_storyboard(idea)
    assert board.title == title
    for element in elements:
        others = [e for e in elements if e != element]
        own = [s for s in scene_mentioning(board, element) if not any(o in s.description for o in others)]
        assert own, f"{element!r} has no scene of its own"
    # The place or subject as a whole, one scene per element, and a closing pull-back.
    assert len(board.scenes) == len(elements) + 2


def test_too_many_elements_are_merged_into_at_most_eight_scenes():
    things = ["樱花", "小溪", "蝴蝶", "孩子", "风筝", "草地", "蜜蜂", "燕子", "雨滴", "彩虹"]
    board = plan_storyboard("制作一段关于春天的视频，包含" + "、".join(things))
    assert len(board.scenes) == 8
    described = " ".join(s.description for s in board.scenes)
    assert all(thing in described for thing in things)


@pytest.mark.parametrize(
    ("idea", "seconds"),
    [
        ("制作一段30秒的关于森林探险的短视频，包含河流和小动物", 30),
        ("森林探险，时长1分钟", 60),
        ("一分半钟的城市延时摄影", 90),
        ("Make a 1 minute video about the ocean", 60),
        ("Make a video about bees, 45s", 45),
        ("A 2 min film about trains", 120),
        ("30 seconds of rain on a window", 30),
        ("Make a short video about a forest adventure with a river and small animals, 20 seconds long", 20),
    ],
)
def test_requested_total_length_is_honoured(idea, seconds):
    board = plan_storyboard(idea)
    assert abs(board.total_duration - seconds) <= 0.5
    assert all(1 <= s.duration <= 30 for s in board.scenes)
    assert all((s.duration * 2).is_integer() for s in board.scenes)
    assert not re.search(r"\d", board.title)


def test_length_that_cannot_fit_is_clamped_to_the_scene_limits():
    board = plan_storyboard("Make a 10 minute documentary about bees")
    assert all(1 <= s.duration <= 30 for s in board.scenes)
    assert board.total_duration == 30 * len(board.scenes)


@pytest.mark.parametrize("idea", VARIED_IDEAS)
def test_durations_without_a_target_are_sensible(idea):
    board = plan_storyboard(idea)
    assert all(2 <= s.duration <= 10 for s in board.scenes)
    assert 20 <= board.total_duration <= 35


def test_establishing_shots_last_longer_than_close_ups():
    board = plan_storyboard(EN_FOREST)
    opening = board.scenes[0].duration
    close = [s.duration for s in board.scenes if s.camera in CLOSE]
    assert close and all(opening > d for d in close)


@pytest.mark.parametrize("idea", VARIED_IDEAS)
def test_cameras_are_known_and_vary_between_consecutive_scenes(idea):
    board = plan_storyboard(idea)
    cameras = [s.camera for s in board.scenes]
    assert set(cameras) <= set(CAMERAS)
    assert all(a != b for a, b in itertools.pairwise(cameras)), cameras
    assert cameras[0] in ESTABLISHING and cameras[-1] == "wide shot"


@pytest.mark.parametrize(
    ("idea", "things", "expected"),
    [
        (
            "Make a video about a garden with a ladybird, dew drops and flowers",
            ["ladybird", "dew drops", "flowers"],
            CLOSE,
        ),
        ("制作一段关于花园的视频，包含小动物、露珠和花朵", ["小动物", "露珠", "花朵"], CLOSE),
        ("Make a video about a road trip with mountains, a city and the ocean", ["mountains", "city", "ocean"], FAR),
        ("制作一段关于旅行的视频，包含群山、城市和大海", ["群山", "城市", "大海"], FAR),
    ],
)
def test_small_things_get_close_ups_and_landscapes_get_wide_shots(idea, things, expected):
    board = plan_storyboard(idea)
    for thing in things:
        scene = scene_mentioning(board, thing)[0]  # its own scene comes before the climax that recalls it
        assert scene.camera in expected, (thing, scene.camera)


def test_further_sentences_become_scenes_of_their_own():
    board = plan_storyboard(VARIED_IDEAS[6])
    narrations = [s.narration for s in board.scenes]
    assert "She finds a buried door." in narrations
    assert "She opens it and light pours out." in narrations
    assert board.title == "A Lone Astronaut Walks Across Mars"


def test_a_stated_style_reaches_every_scene():
    board = plan_storyboard("请生成关于海底世界的动画。画面中有珊瑚和鱼群。风格要梦幻。")
    assert all("梦幻" in s.description for s in board.scenes)
    board = plan_storyboard("Make a video about a snowy village, in a watercolour style")
    assert all("watercolour style" in s.description for s in board.scenes)


@pytest.mark.parametrize("idea", VARIED_IDEAS)
def test_same_idea_gives_the_same_storyboard(idea):
    assert plan_storyboard(idea).model_dump() == plan_storyboard(idea).model_dump()


def test_different_ideas_give_different_storyboards():
    assert plan_storyboard("ocean").model_dump() != plan_storyboard("desert").model_dump()


@pytest.mark.parametrize(
    "idea", ["", "   ", "\n\t ", "。！？", "Make a video", "制作一段视频", "make a short film about"]
)
def test_empty_or_contentless_idea_is_refused(idea):
    with pytest.raises(InvalidInput, match=r"idea"):
        plan_storyboard(idea)


@pytest.mark.parametrize(
    "idea",
    [
        ("The waves roll in under a grey sky while a fisherman mends his nets on the shore. " * 30)[:2000],
        ("森林里的小鹿在溪边喝水，远处传来鸟鸣。" * 120)[:2000],
        "Make a video about " + "very " * 400 + "big cats",
        "a" * 2000,
        "森" * 2000,
        "Make a video about " + ", ".join(f"thing number {k} with a long descriptive name" for k in range(40)),
    ],
)
def test_very_long_idea_still_yields_a_valid_storyboard(idea):
    board = plan_storyboard(idea)
    assert 3 <= len(board.scenes) <= 8
    assert len(board.title) <= 60
    for scene in board.scenes:
        assert len(scene.description) < 400 and len(scene.narration) < 200
        assert max(len(scene.description), len(scene.action), len(scene.narration)) <= MAX_TEXT


@pytest.mark.parametrize("idea", ["ocean", "海洋", "Paris", "x", "🌊"])
def test_one_word_idea_still_yields_at_least_three_scenes(idea):
    board = plan_storyboard(idea)
    assert len(board.scenes) >= 3
    assert board.title


@pytest.mark.parametrize(
    "idea",
    [
        *VARIED_IDEAS,
        "{subject} {el} and {x}",
        "关于{x}的视频，包含{y}和}",
        "Make a video about 长城",
        "做一段３０秒的海边视频",
        "The history of the Roman Empire in 45s",
        "Make a video about the 80s, 20 seconds",
    ],
)
def test_output_always_passes_the_generated_storyboard_check(idea):
    board = plan_storyboard(idea)
    assert check_generated(Storyboard.model_validate(board.model_dump())) == board
