"""Word tables for reading an idea's world: its time, season, weather and light, its verbs, its kind of film.

Data only (used by `reading`, `clauses` and `plan`). Each setting entry lights a scene by its own words
("春" gives a spring scene spring light, "at night" a night scene moonlight), so a film that lists
the four seasons gets four seasons, not four copies of the first one found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from studio.storyboard.planner.wording import words


@dataclass(frozen=True)
class Setting:
    key: str
    dim: str  # "light" (a special light source), "time", "season" or "weather"
    zh: str  # regex on Chinese text
    en: str  # regex on English text (case-insensitive, word-bounded by the pattern itself)
    light: dict[str, str]  # the light it gives a scene
    air: dict[str, str]  # what it adds to the picture


def _s(key: str, dim: str, zh: str, en: str, light: tuple[str, str], air: tuple[str, str]) -> Setting:
    return Setting(key, dim, zh, en, {"zh": light[0], "en": light[1]}, {"zh": air[0], "en": air[1]})


# First match wins within a dimension, so the more specific entry comes first (storm before rain).
SETTINGS: tuple[Setting, ...] = (
    _s("neon", "light", "霓虹", r"\bneon\b", ("霓虹闪烁的彩色光晕", "colourful neon glow"), ("", "")),
    _s(
        "underwater",
        "light",
        "水下|海底",
        r"\b(?:underwater|undersea|under the sea|ocean floor|seabed)\b",
        ("透过水面洒下的蓝色光束", "blue shafts of light from the surface"),
        ("", ""),
    ),
    _s(
        "fire",
        "light",
        "烛光|篝火|火光|炉火",
        r"\b(?:candle\w*|campfire|firelight|fireplace|bonfire)\b",
        ("温暖跳动的火光", "warm flickering firelight"),
        ("", ""),
    ),
    _s(
        "festival",
        "light",
        "春节|过年|灯笼|新年|除夕",
        r"\b(?:lanterns?|new year|festival)\b",
        ("红灯笼温暖的红光", "warm red lantern light"),
        ("", ""),
    ),
    _s(
        "dusk",
        "time",
        "黄昏|傍晚|日落|夕阳|晚霞|落日",
        r"\b(?:dusk|sunset|twilight|evening|golden hour|sundown)\b",
        ("傍晚金色的余晖", "golden evening light"),
        ("天边染上橙红", "an orange-pink sky"),
    ),
    _s(
        "night",
        "time",
        "夜(?!拍)|晚上|深夜|午夜|星空|月光",
        r"\b(?:night\w*|midnight|moonlit|moonlight|starry|after dark)\b",
        ("清冷的月光与点点灯火", "cool moonlight and scattered lamps"),
        ("", ""),
    ),
    _s(
        "dawn",
        "time",
        "黎明|拂晓|日出|清晨|早晨|早上|晨曦|上午",
        r"\b(?:dawn|sunrise|daybreak|morning|first light)\b",
        ("清晨柔和的晨光", "soft early-morning light"),
        ("薄雾轻笼", "a thin morning haze"),
    ),
    _s(
        "afternoon",
        "time",
        "下午|午后",
        r"\bafternoon\b",
        ("午后温暖的阳光", "warm afternoon sunlight"),
        ("", ""),
    ),
    _s(
        "noon",
        "time",
        "中午|正午|白天|白昼",
        r"\b(?:noon|midday|daytime|daylight|by day)\b",
        ("明亮的正午阳光", "bright midday sun"),
        ("", ""),
    ),
    _s(
        "spring",
        "season",
        "(?<!青)春(?![节联晚卷运])",
        r"\bspring(?:time)?\b(?!s)",
        ("春日和煦的阳光", "soft spring sunshine"),
        ("新绿的枝叶与盛开的花", "fresh green leaves and blossom"),
    ),
    _s(
        "summer",
        "season",
        "(?<!华)夏(?!威夷|令营)",
        r"\bsummer(?:time)?\b",
        ("夏日明亮的阳光", "bright summer sunlight"),
        ("浓绿的树荫", "lush green foliage"),
    ),
    _s(
        "autumn",
        "season",
        "(?<!千)秋(?!千)",
        r"\b(?:autumn\w*|in (?:the )?fall|fall (?:foliage|colou?rs|leaves))\b",
        ("秋日温暖的斜阳", "low, warm autumn sun"),
        ("金黄与火红的落叶", "golden and red leaves"),
    ),
    _s(
        "winter",
        "season",
        "(?<!寒)冬(?!瓜)|寒冬",
        r"\bwinter\w*\b",
        ("冬日清冷的光线", "pale winter light"),
        ("白雪覆盖", "a covering of snow"),
    ),
    _s(
        "storm",
        "weather",
        "暴风雨|风暴|雷雨|雷电|暴雨|台风|狂风暴雨",
        r"\b(?:storm\w*|thunder\w*|lightning|tempest|gales?|hurricanes?|typhoons?)\b",
        ("暴风雨中阴沉的冷光", "dark, stormy light"),
        ("狂风夹着暴雨", "driving rain and heavy clouds"),
    ),
    _s(
        "rain",
        "weather",
        "雨(?!林)",
        r"\b(?:rain(?!bow|forest)\w*|drizzl\w*|showers)\b",
        ("雨中湿润的冷色调光线", "cool, rain-washed light"),
        ("雨丝飘落，地面湿润反光", "falling rain and wet, reflective surfaces"),
    ),
    _s(
        "snow",
        "weather",
        "雪",
        r"\b(?:snow\w*|blizzards?|sleet)\b",
        ("雪地反射的清冷光线", "cold light bouncing off snow"),
        ("雪花飘落", "falling snowflakes"),
    ),
    _s(
        "fog",
        "weather",
        "雾|霾",
        r"\b(?:fog\w*|mist\w*|haze|hazy)\b",
        ("薄雾中柔和的散射光", "soft light diffused by fog"),
        ("雾气弥漫", "drifting fog"),
    ),
    _s(
        "sun",
        "weather",
        "晴|阳光明媚|烈日",
        r"\b(?:sunny|sunshine|sunlit|clear skies?)\b",
        ("晴朗明亮的阳光", "bright, clear sunshine"),
        ("", ""),
    ),
    _s(
        "wind",
        "weather",
        "大风|狂风|微风|风吹",
        r"\b(?:wind(?:y|s)?|breez\w*)\b",
        ("", ""),
        ("风吹动万物", "wind stirring everything"),
    ),
)
DIMENSIONS = ("light", "time", "season", "weather")

# A neutral light per kind of film when the idea names none, chosen by the idea's hash.
DEFAULT_LIGHTS = {
    "zh": ("清晨柔和的阳光", "午后温暖的金色阳光", "柔和的自然光", "傍晚金色的余晖"),
    "en": ("soft morning light", "warm afternoon sunlight", "soft natural light", "golden evening light"),
}
KIND_LIGHTS = {
    "product": {"zh": "干净柔和的影棚光", "en": "clean, soft studio light"},
    "explainer": {"zh": "明亮均匀的光线", "en": "bright, even light"},
}

# --- Compact enumerations: "春夏秋冬" is four items, "四季" the four seasons ------------------------

ZH_COMPACT = {
    "春夏秋冬": ("春", "夏", "秋", "冬"),
    "一年四季": ("春", "夏", "秋", "冬"),
    "四季": ("春", "夏", "秋", "冬"),
    "早中晚": ("早", "中", "晚"),
    "日与夜": ("日", "夜"),
    "昼夜": ("昼", "夜"),
}
ZH_SEASON_NAMES = {"春": "春天", "夏": "夏天", "秋": "秋天", "冬": "冬天", "早": "清晨", "中": "中午", "晚": "夜晚"}
EN_COMPACT = {
    r"\b(?:the )?four seasons\b|\ball (?:four )?seasons\b": ("spring", "summer", "autumn", "winter"),
    r"\bday and night\b": ("day", "night"),
}

# "每个季节一个镜头", "one shot per season": the idea asks for one scene per listed item.
ZH_PER_ITEM = re.compile(
    r"^(?:每(?:一)?(?:个|一|种|座|位|处|样|道|步)?[\u4e00-\u9fff]{0,4}?(?:各)?(?:一|1)(?:个|段|组)?(?:镜头|场景|画面|分镜|场)"
    r"|(?:一|1)(?:个)?[\u4e00-\u9fff]{1,3}(?:一|1)(?:个)?(?:镜头|场景|画面)|分别(?:展示|呈现|拍摄|介绍|表现)?|依次(?:展示|呈现|介绍)?"
    r"|各(?:一|1)(?:个)?(?:镜头|场景|画面))$"
)
EN_PER_ITEM = re.compile(
    r"^(?:(?:with )?(?:one|a|1|a single) (?:shot|scene|clip|segment|part)s? "
    r"(?:per|for each|for every|each|for|about each)\b.*"
    r"|(?:each|every) (?:\w+ )?(?:gets?|in|with|has) (?:its|their|his|her) own (?:shot|scene|clip)s?.*"
    r"|(?:each|every one) in (?:its|their) own (?:shot|scene)s?"
    r"|(?:shown |filmed )?(?:one|each) (?:after|at) (?:another|a time)|one by one|in turn)$",
    re.IGNORECASE,
)

# --- The kind of film --------------------------------------------------------------------------------

KIND_CUES = {
    "product": (
        "产品|新品|宣传片|广告|演示|功能|卖点|开箱|折叠|便携|智能|耳机|手机|电动|无线",
        r"\b(?:products?|demo|demos|advert\w*|ad|ads|commercial|promo\w*|launch\w*|unbox\w*|features?|gadgets?|"
        r"devices?|apps?|foldable|portable|wireless|headphones|earbuds|smartphones?|smartwatch\w*|laptops?|"
        r"e-?bikes?|electric (?:bikes?|cars?|scooters?)|speakers?)\b",
    ),
    "explainer": (
        "解释|讲解|科普|原理|如何|怎么|为什么|步骤|教程|历史|过程|是什么|知识|介绍",
        r"\b(?:explain\w*|explainer|how (?:to|does|do|a|an|the|it|we|you)|why|what is|what are|tutorial|guide|"
        r"steps?|step-by-step|lesson|history|science|works?|recipe)\b",
    ),
    "place": (
        "旅行|旅游|之旅|风景|景色|景点|夜景|城市|古城|小镇|乡村|名胜|风光|西湖|江南|介绍.{0,6}(?:湖|山|城|市|镇|村|岛|景)",
        r"\b(?:travel\w*|trips?|tours?|journey|montage|city|cities|towns?|villages?|landmarks?|sights|scenery|"
        r"landscapes?|skylines?|streets?|coast\w*)\b",
    ),
}

# Words that start a new beat of a story ("then", "然后"); kept in the narration, dropped from the picture.
ZH_MARKERS = "紧接着|然后|接着|随后|之后|最后|最终|后来|于是|终于|突然|同时|首先|其次|再然后"
EN_MARKERS = (
    r"and then|then|after that|afterwards|finally|eventually|at last|in the end|meanwhile|suddenly|(?<!a )while|until"
)
EN_LEAD_WORDS = rf"{EN_MARKERS}|first|firstly|second|secondly|third|next|later|also"

# --- Verbs, to tell a clause ("a keeper finds a bottle") from a noun phrase ("neon lights") ------------

EN_VERBS = words(
    "walk run find open close fly swim jump climb ride drive fold unfold pour grind brew boil fall rise wait arrive "
    "leave smile cry laugh sing dance play read write paint cook eat drink sleep wake look watch see meet chase catch "
    "throw build grow bloom melt freeze shine glow crash break fix mend sail explore discover search hide reveal turn "
    "spin roll float sink drift carry bring take give send receive hold hug kiss wave call answer enter exit cross "
    "reach return go come stand sit lie rest work learn teach show tell explain pair block charge connect light burn "
    "flow form appear disappear change become start begin end finish stop continue follow lead push pull lift drop "
    "pick pack unpack land launch circle hover glide race rush hurry stroll wander gaze stare listen hear feel touch "
    "plant harvest fish sell buy order serve pass fill empty wash clean cut chop mix stir bake fry sew knit shoot "
    "film cross leap dive dig collect gather share help save rescue escape fight win lose kick hit move shake splash "
    "sparkle flicker fade sweep swing slide skate ski surf paddle row hike trek travel visit tour greet fetch bark "
    "purr sniff nap yawn stretch absorb release produce convert split heat cool steam grind press tap swipe scroll "
    "type print scan zoom record stream wear put set place stack pour sip taste smell pop burst fill crack hatch "
    "emerge evolve conquer rule collapse fall rebuild spread lay nest migrate hunt graze feed bloom wilt "
    "track measure monitor display notify ring vibrate sync unlock lock translate capture protect keep stay add "
    "boil simmer slice peel serve bite chew lick paddle splash kneel bow pray wink nod point jog sprint crawl"
)
EN_IRREGULAR = words(
    "found ran flew swam rode drove fell rose woke saw met caught threw built grew froze shone broke took gave sent "
    "held brought went came stood sat lay led left told became began sang drank ate slept wrote read spun sank hid "
    "fought won lost hit shook swept swung slid dug leapt dove put set split spread cut shot"
)
# Words that are verbs but, at the start of a clause, are far more often nouns ("rain on a window").
EN_NOUNISH = words(
    "rain snow light water fish wave storm fall spring dance plant park drop land train rock sail film paint play "
    "rest walk ride run swim smile look watch wind fire cook mist fog race tour hike trek travel order show work "
    "form change end start lead circle stream press tap scroll type print scan record set place stack pop crack "
    "taste smell split heat steam bark nest cut shot"
)
EN_FOLLOWS = words(
    "a an the his her its their my our your this that these those some it them him me us up down out away in on at "
    "into onto through across over under past around along back off to toward towards from with for by home "
    "outside inside behind beside near below above beneath "
    "together again slowly quickly gently softly silently quietly"
)
EN_PRONOUNS = words("he she they it we i you")
EN_MOTION = words(
    "walk run fly swim ride drive race rush hurry stroll wander chase sail glide drift climb hike trek travel "
    "skate ski surf paddle row cross leap dive"
)

ZH_VERBS = (
    "起床|上课|工作|打烊|开门|关门|等待|寻找|探索|发现|打开|展开|折叠|收进|穿行|穿过|吸收|释放|变成|出现|消失|离开|到达|"
    "行走|漫步|散步|飞行|航行|潜水|插上|回望|种下|下棋|下起|撑起|继续|搭建|建造|学习|练习|翻涌|挺立|绽放|盛开|升空|"
    "驶来|驶过|飞过|飞翔|奔跑|游泳|跳舞|唱歌|拥抱|喝水|觅食|升起|落下|飘落|降落|照在|照亮|流过|流淌|睡着|醒来|回家|"
    "踢|追|跑|飞|游|走|跳|爬|骑|找|看|望|等|笑|哭|唱|吃|喝|睡|醒|去|回|抓|玩|读|写|画|煮|泡|倒|磨|收|放|拿|送|"
    "买|卖|流|照|驶|停|划|坐|站|躺|飘|吹|学|做|累|开|到|完成|转动|旋转|点亮|闪烁"
)
# Nouns that contain a verb character ("河流", "车站", "学校"): masked before looking for verbs.
ZH_NOT_VERBS = (
    "河流|溪流|车流|人流|水流|流星|飞机|飞船|飞鸟|旅游|游客|游船|游戏|跑车|骑士|车站|站台|画面|画风|画家|图画|照片|学校|学生|放学|"
    "回忆|停车场|倒影|玩具|小吃|笑容|等等|开心|好看|走廊|唱片|写字楼|飞行器|游乐园|游泳池"
)
ZH_MOTION = "穿行|穿过|奔跑|飞翔|追|跑|飞|游|走|骑|驶|划|探险|冒险|旅行"
ZH_TIME_WORDS = "清晨|早上|早晨|上午|中午|下午|傍晚|晚上|夜里|深夜|黄昏|今天|每天|白天|夜晚"
ZH_MEASURE = r"^(?:一|这|那|两|三|几)(?:只|个|位|条|辆|艘|群|家|座|片|棵|朵|款|台|部|名|对|头|匹|本|封)"
