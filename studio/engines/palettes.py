"""The words that set a title card's colours: the scene's light (time of day), weather and place.

Data first, read as a table: each entry names its words in English and Chinese and what they
do to the card. English words match whole words (any case); Chinese ones match anywhere.
When a scene names several lights, the first in LIGHTS wins (a "night" scene with "sunlight"
on a screen is still night); every weather and place named adds its touch.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

RGB = tuple[int, int, int]
Effect = Literal["rain", "snow", "haze", "stars"]


@dataclass(frozen=True)
class Light:
    """The sky of the card: a gradient from `top` to `bottom`, and the colours of its glows."""

    name: str
    english: tuple[str, ...]
    chinese: tuple[str, ...]
    top: RGB
    bottom: RGB
    glows: tuple[RGB, ...]
    effects: tuple[Effect, ...] = ()


@dataclass(frozen=True)
class Touch:
    """Weather or a place: a tint over the sky, a change of brightness and colourfulness, glows, effects."""

    name: str
    english: tuple[str, ...]
    chinese: tuple[str, ...]
    tint: RGB | None = None
    strength: float = 0.0
    brightness: float = 1.0
    saturation: float = 1.0
    glows: tuple[RGB, ...] = ()
    effects: tuple[Effect, ...] = ()


LIGHTS: tuple[Light, ...] = (
    Light("night", ("night", "nights", "nighttime", "midnight", "moon", "moonlit", "moonlight", "starry", "stars",
                    "nocturnal", "dark"),
          ("夜", "午夜", "月光", "月色", "星空", "繁星"),
          top=(18, 26, 62), bottom=(4, 6, 18), glows=((150, 175, 255), (255, 214, 150)), effects=("stars",)),
    Light("dusk", ("dusk", "sunset", "sundown", "twilight", "evening", "golden hour"),
          ("黄昏", "傍晚", "日落", "夕阳", "晚霞", "暮色", "斜阳"),
          top=(238, 128, 70), bottom=(78, 40, 92), glows=((255, 190, 110), (255, 120, 90))),
    Light("dawn", ("dawn", "sunrise", "daybreak", "first light", "morning", "early morning"),
          ("黎明", "清晨", "拂晓", "破晓", "日出", "晨光", "早晨", "朝阳"),
          top=(246, 186, 160), bottom=(112, 112, 172), glows=((255, 220, 170), (255, 170, 180))),
    Light("sunny", ("sunny", "sunlight", "sunlit", "sunshine", "noon", "midday", "daylight", "summer"),
          ("晴", "阳光", "正午", "白天", "烈日", "艳阳", "夏"),
          top=(96, 164, 232), bottom=(236, 214, 150), glows=((255, 246, 200), (255, 230, 150))),
)  # fmt: skip

TOUCHES: tuple[Touch, ...] = (
    Touch("storm", ("storm", "stormy", "storms", "thunder", "thunderstorm", "lightning", "gale", "tempest",
                    "hurricane"),
          ("暴风", "风暴", "雷", "闪电", "狂风", "台风"),
          tint=(60, 70, 86), strength=0.45, brightness=0.6, saturation=0.5, effects=("rain",)),
    Touch("rain", ("rain", "rainy", "raining", "rains", "rainfall", "drizzle", "downpour", "wet"),
          ("雨",), tint=(80, 96, 120), strength=0.3, brightness=0.82, saturation=0.7, effects=("rain",)),
    Touch("snow", ("snow", "snowy", "snowing", "snowfall", "blizzard", "winter", "frost", "frozen", "icy"),
          ("雪", "冬", "冰", "霜"),
          tint=(214, 224, 238), strength=0.65, brightness=1.15, saturation=0.3, effects=("snow",)),
    Touch("fog", ("fog", "foggy", "mist", "misty", "haze", "hazy"), ("雾", "霾", "烟雨"),
          tint=(170, 176, 184), strength=0.45, saturation=0.5, effects=("haze",)),
    Touch("neon", ("neon", "cyberpunk", "city lights", "signs glow"), ("霓虹",),
          tint=(60, 20, 90), strength=0.25, saturation=1.2, glows=((255, 60, 200), (40, 230, 255), (150, 80, 255))),
    Touch("forest", ("forest", "forests", "woods", "woodland", "jungle", "trees", "grove"),
          ("森林", "树林", "丛林", "林间"),
          tint=(34, 104, 52), strength=0.35, glows=((200, 240, 140),)),
    Touch("ocean", ("ocean", "sea", "seas", "beach", "waves", "coast", "shore", "harbour", "harbor", "lake", "river"),
          ("海", "湖", "河", "江", "浪", "沙滩"), tint=(24, 96, 136), strength=0.35, glows=((170, 230, 255),)),
    Touch("desert", ("desert", "dune", "dunes", "sand", "sands", "canyon"), ("沙漠", "沙丘", "戈壁"),
          tint=(212, 158, 88), strength=0.45, glows=((255, 220, 160),)),
    Touch("autumn", ("autumn", "fall leaves", "maple"), ("秋", "落叶", "枫"),
          tint=(196, 96, 36), strength=0.3, glows=((255, 170, 80),)),
    Touch("spring", ("spring", "blossom", "blossoms", "cherry", "flowers"), ("春", "花"),
          tint=(150, 190, 110), strength=0.2, glows=((255, 190, 220), (255, 240, 200))),
    Touch("city", ("city", "street", "streets", "urban", "downtown", "skyline"), ("城市", "街", "都市"),
          tint=(70, 76, 96), strength=0.2, glows=((255, 200, 120),)),
)  # fmt: skip


@dataclass(frozen=True)
class Moods:
    """What a scene's text says about its light, weather and places."""

    light: Light | None
    touches: tuple[Touch, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return ((self.light.name,) if self.light else ()) + tuple(t.name for t in self.touches)


def scene_moods(text: str) -> Moods:
    """The light (the first of LIGHTS named) and every weather and place the text names."""
    lowered = text.lower()
    light = next((entry for entry in LIGHTS if _names(lowered, entry.english, entry.chinese)), None)
    touches = tuple(entry for entry in TOUCHES if _names(lowered, entry.english, entry.chinese))
    return Moods(light, touches)


def _names(lowered: str, english: tuple[str, ...], chinese: tuple[str, ...]) -> bool:
    return any(word in lowered for word in chinese) or _english(english).search(lowered) is not None


_PATTERNS: dict[tuple[str, ...], re.Pattern[str]] = {}


def _english(words: tuple[str, ...]) -> re.Pattern[str]:
    if words not in _PATTERNS:
        _PATTERNS[words] = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b")
    return _PATTERNS[words]
