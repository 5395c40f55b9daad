"""Phrase tables for the built-in storyboard planner (`studio.planner`).

Everything language-specific lives here: how requests are phrased (so the
planner can strip the boilerplate), which words hint at a camera, and the
sentence templates scenes are written from. Templates are plain `str.format`
strings; each table has a Chinese ("zh") and an English ("en") side.

English templates never make a placeholder the grammatical subject of a finite
verb ("the river flows" / "small animals flow"): they use participles and
labels, so singular and plural nouns both read correctly.
"""

from __future__ import annotations

import re

# --- Request boilerplate ---------------------------------------------------------------------------

ZH_VIDEO_NOUNS = (
    "动画短片|短视频|小视频|视频片段|视频|短片|影片|动画片|动画|片子|宣传片|纪录片|微电影|广告片|故事|vlog|Vlog|VLOG|MV"
)
ZH_PREFIX = (
    r"^(?:请你?|麻烦|帮我|给我|帮忙|我想要?|我要|我需要|希望|想)*\s*"
    r"(?:制作|生成|做|拍摄|拍|创作|剪辑|来|写|设计|构思|讲)?\s*"
    r"(?:一个|一段|一部|一条|一支|一则|一组|个|段|部|条|支)?\s*"
)
ZH_THEME_WORDS = r"(?:主题是|主题为|内容是|内容为|讲述|讲的是|描述|描绘|展示|展现|表现|关于|有关|记录|介绍|宣传)"

EN_VERBS = (
    r"make|create|generate|produce|render|build|film|shoot|do|write|craft|design|put together|"
    r"show|give|animate|draft|plan"
)
EN_VIDEO_NOUNS = (
    r"video|film|clip|movie|short|animation|story|storyboard|trailer|documentary|reel|montage|vlog|sequence|"
    r"piece|advert|ad|commercial|cartoon"
)
EN_ADJECTIVES = (
    r"short|quick|brief|little|small|tiny|cinematic|animated|beautiful|simple|nice|cool|fun|relaxing|calm|"
    r"promotional|educational|moody|dreamy|epic|lovely|charming|gentle|peaceful|stunning|vertical|silent|"
    r"second|third|new|another|different|great|good|funny|sad|happy|scary"
)
EN_PREPOSITIONS = (
    r"about|of|on|showing|featuring|depicting|where|in which|that shows|that depicts|that features|"
    r"around|covering|following|telling|presenting"
)

# Phrases that introduce a list of things to show.
ZH_ELEMENT_LEADS = (
    "画面中要有",
    "画面里要有",
    "画面中有",
    "画面里有",
    "其中包括",
    "其中有",
    "里面有",
    "需要包含",
    "要包含",
    "包含",
    "包括",
    "含有",
    "并且有",
    "还要有",
    "要有",
    "还有",
    "以及",
    "加上",
    "出现",
    "有",
)
EN_ELEMENT_LEADS = (
    r"with|including|featuring|containing|plus|along with|together with|"
    r"that (?:has|have|includes?|features?|shows?)|which (?:has|have|includes?|features?|shows?)|"
    r"where (?:we|you) see|it (?:has|should have|includes?|features?|shows?)|there (?:is|are|should be)|"
    r"(?:we|you) (?:should )?see|show(?:ing)?|include|feature"
)
ZH_LIST_SPLIT = r"[、,，;；/]|以及|还有|和(?![平谐煦蔼服])|(?<![参给])与|(?<![涉普以])及(?!时)|跟|并且|而且"
EN_LIST_SPLIT = r"\s*(?:,\s*(?:and|or|plus|as well as|then)\s+|[,;/]|\s+and\s+|\s+&\s+|\s+as well as\s+|\s+plus\s+)\s*"
ZH_TRAILING = r"(?:等等|等|之类的?|的画面|的场景|的镜头|的元素|的内容)+$"
EN_TRAILING = r"(?:,?\s+(?:etc\.?|and more|and so on|and so forth))+$"
ZH_LEADING = r"^(?:还有|以及|和|与|并且|而且|然后|再|也|都)+"
EN_LEADING = r"^(?:and|also|then|plus|or|as well as)\s+"

# Clauses about look and mood rather than content: appended to every description.
ZH_STYLE = r"风格|色调|氛围|画风|基调|电影感|质感|明媚|晴朗|阴沉|温馨|宁静|欢快|神秘|浪漫|梦幻|唯美|治愈|复古|赛博朋克"
EN_STYLE = (
    r"\b(?:style|styled|mood|tone|vibe|vibes|aesthetic|look and feel|palette|cinematic|dreamy|peaceful|"
    r"mysterious|romantic|cozy|cosy|moody|whimsical|serene|retro|vintage|noir|cyberpunk|watercolou?r|pixar|ghibli)\b"
)

ZH_STYLE_STRONG = r"风格|色调|氛围|画风|基调|质感|电影感"
EN_STYLE_STRONG = r"\b(?:style|styled|mood|tone|vibe|vibes|aesthetic|look and feel|palette)\b"

# English words after which a noun phrase is already determined ("a river" -> "the river").
EN_DETERMINERS = frozenset(
    [
        "a",
        "an",
        "the",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "some",
        "many",
        "several",
        "few",
        "this",
        "that",
        "these",
        "those",
        "my",
        "our",
        "your",
        "his",
        "her",
        "their",
        "its",
        "every",
        "each",
        "no",
        "any",
    ]
)
EN_SMALL_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "nor",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "by",
        "with",
        "from",
        "into",
        "onto",
        "over",
        "under",
        "as",
        "vs",
        "via",
    ]
)

# Compiled request patterns: the whole request, and a request that says nothing else.
EN_ASK = (
    rf"^(?:(?:please|hey|hi)[,!]?\s+)?(?:(?:can|could|would|will) you\s+(?:please\s+)?)?"
    rf"(?:i(?:'d| would)? (?:want|need|like)(?: you)?(?: to)?\s+)?(?:please\s+)?(?:(?:{EN_VERBS})(?:\s+me)?\s+)?"
    rf"(?:a|an|one|the|some|my)?\s*(?:(?:{EN_ADJECTIVES})[\s,]+)*(?:{EN_VIDEO_NOUNS})s?"
)
EN_REQUEST = re.compile(rf"{EN_ASK}(?:\s+(?:{EN_PREPOSITIONS})\s+|\s*[:\-\u2013\u2014]\s*)(?P<s>.+)$", re.IGNORECASE)
EN_SHOW = re.compile(r"^(?:please\s+)?(?:show me|visuali[sz]e|depict|imagine|picture)\s+(?P<s>.+)$", re.IGNORECASE)
EN_ONLY = re.compile(
    rf"(?:{EN_ASK}(?:\s+(?:{EN_PREPOSITIONS}))?|(?:please\s+)?(?:{EN_VERBS})(?:\s+me)?(?:\s+(?:a|an|one|some))?)",
    re.IGNORECASE,
)
ZH_ONLY = re.compile(rf"{ZH_PREFIX}(?:关于|有关)?的?(?:{ZH_VIDEO_NOUNS})?")

# --- Target length -------------------------------------------------------------------------------

ZH_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
EN_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "forty-five": 45,
    "fifty": 50,
    "sixty": 60,
    "ninety": 90,
    "half a": 0.5,
    "half an": 0.5,
    "half": 0.5,
}

# Compiled patterns for a stated length ("30秒", "1分半钟", "2 min", "45s") and the words around it.
ZH_NUM = r"(?:\d+(?:\.\d+)?|[零一二两三四五六七八九十百]+)"
ZH_MIN = re.compile(
    rf"({ZH_NUM}|半)\s*个?\s*(?:分钟|分(?=\s*(?:半|{ZH_NUM}\s*秒)))(?:\s*(半)钟?)?(?:\s*零?\s*({ZH_NUM})\s*秒钟?)?"
)
ZH_SEC = re.compile(rf"({ZH_NUM})\s*秒钟?")
EN_WORD = "|".join(sorted((re.escape(w) for w in EN_NUMBERS), key=len, reverse=True))
EN_NUM = rf"(?:\d+(?:\.\d+)?|{EN_WORD})"
EN_MIN = re.compile(
    rf"\b({EN_NUM})(?:\s+and\s+a\s+(half))?[\s-]*(?:minutes?|mins?)\b(?:\s+and\s+a\s+(half))?"
    rf"(?:[\s,]*(?:and\s+)?(\d+(?:\.\d+)?|{EN_WORD})[\s-]*(?:seconds?|secs?)\b)?|\b(\d+)m(\d+)s\b",
    re.IGNORECASE,
)
EN_SEC = re.compile(rf"(?<!')\b({EN_NUM})[\s-]*(?:seconds?|secs?)\b|(?<!')\b(\d{{1,3}})\s?s\b", re.IGNORECASE)
ZH_BEFORE = re.compile(r"(?:视频)?(?:总?时长|长度|时间)?(?:为|是|约|大约|大概|控制在|在)?\s*$")
ZH_AFTER = re.compile(r"^\s*(?:左右|以内|以下|内)?(?:长)?的?")
EN_BEFORE = re.compile(
    r"(?:\b(?:lasting|about|around|roughly|approximately|approx\.?|under|up to|at most|that lasts|that is|"
    r"which is|of|total(?:ling)?|length(?: of)?|duration(?: of)?|in)\s+)*$",
    re.IGNORECASE,
)
EN_AFTER = re.compile(r"^(?:[\s-]*long\b)?(?:\s+of\b)?", re.IGNORECASE)

# English subjects that read as sentences ("a cat chases a ball").
EN_CLAUSE = re.compile(
    r"\b(?:is|are|was|were|has|have|had)\b|"
    r"\b\w+(?:s|ed)\s+(?:a|an|the|across|through|into|to|with|from|his|her|their|its|out|up|down|away|around|over)\b"
)

# --- Cameras ---------------------------------------------------------------------------------------

CAMERA_LABEL = {
    "zh": {
        "wide shot": "远景",
        "medium shot": "中景",
        "close up": "特写",
        "extreme close up": "大特写",
        "aerial view": "航拍",
        "tracking shot": "跟拍",
        "low angle": "仰拍",
        "static shot": "固定镜头",
    },
    "en": {
        "wide shot": "Wide shot",
        "medium shot": "Medium shot",
        "close up": "Close up",
        "extreme close up": "Extreme close up",
        "aerial view": "Aerial view",
        "tracking shot": "Tracking shot",
        "low angle": "Low angle",
        "static shot": "Static shot",
    },
}
CAMERA_MOTION = {
    "zh": {
        "wide shot": "缓慢横移",
        "medium shot": "平稳推近",
        "close up": "缓慢推近",
        "extreme close up": "极缓慢地推近",
        "aerial view": "缓缓下降并向前推进",
        "tracking shot": "与主体同步移动",
        "low angle": "从低处缓缓上摇",
        "static shot": "保持静止",
    },
    "en": {
        "wide shot": "pans slowly across the scene",
        "medium shot": "eases in steadily",
        "close up": "pushes in slowly",
        "extreme close up": "creeps in almost imperceptibly",
        "aerial view": "glides forward while slowly descending",
        "tracking shot": "moves alongside the subject",
        "low angle": "tilts up from a low position",
        "static shot": "holds perfectly still",
    },
}
CAMERA_SECONDS = {
    "aerial view": 6.0,
    "wide shot": 5.0,
    "tracking shot": 5.0,
    "static shot": 4.5,
    "medium shot": 4.5,
    "low angle": 4.0,
    "close up": 3.5,
    "extreme close up": 3.0,
}
CAMERA_ALTERNATIVES = {
    "wide shot": ("aerial view", "static shot", "medium shot"),
    "aerial view": ("wide shot", "static shot", "medium shot"),
    "medium shot": ("tracking shot", "static shot", "low angle"),
    "close up": ("extreme close up", "medium shot", "static shot"),
    "extreme close up": ("close up", "medium shot", "static shot"),
    "tracking shot": ("medium shot", "low angle", "static shot"),
    "low angle": ("tracking shot", "medium shot", "static shot"),
    "static shot": ("medium shot", "close up", "tracking shot"),
}

# --- Lighting (one look for the whole film, for continuity) -------------------------------------------

LIGHTS = {
    "zh": ("清晨柔和的阳光", "午后温暖的金色阳光", "薄雾中柔和的散射光", "傍晚金色的余晖"),
    "en": ("soft morning light", "warm afternoon sunlight", "soft light filtered through mist", "golden evening light"),
}
# (Chinese keywords, English pattern, zh light, en light); first match wins.
LIGHT_HINTS = (
    (
        "霓虹|城市夜|都市夜|夜景",
        r"\b(?:neon|nightlife|city at night|night city)\b",
        "霓虹闪烁的夜色灯光",
        "neon-lit night light",
    ),
    ("夜|晚上|星空|月光|月亮", r"\b(?:night|moon\w*|stars?|starry|neon|midnight)\b", "清冷的月光", "cool moonlight"),
    ("雨", r"\b(?:rain\w*|storm\w*)\b", "雨中湿润的冷色调光线", "cool, rain-washed light"),
    ("雪|冬", r"\b(?:snow\w*|winter|ice|icy)\b", "雪地反射的清冷光线", "cold light bouncing off fresh snow"),
    ("日落|黄昏|夕阳|傍晚", r"\b(?:sunset|dusk|twilight|evening)\b", "傍晚金色的余晖", "golden evening light"),
    ("清晨|日出|早晨|黎明", r"\b(?:morning|sunrise|dawn)\b", "清晨柔和的阳光", "soft morning light"),
    (
        "水下|海底",
        r"\b(?:underwater|under the sea|undersea)\b",
        "透过水面洒下的蓝色光束",
        "blue shafts of light from the surface",
    ),
)

# --- What a thing is, and how to shoot it --------------------------------------------------------------

# (name, Chinese keywords, English keywords, camera); first match wins, so order matters.
CATEGORIES = (
    (
        "animal",
        "动物|猫(?!眼)|狗|鸟(?!瞰)|鱼|兔|鹿|松鼠|狐狸|熊|猴|昆虫|蝴蝶|蜜蜂|萤火虫|企鹅|鲸|海豚|海龟|海鸥|燕子|麻雀|马儿|骏马|小马|斑马|羊|鸭|龟|蛙|鹰|瓢虫|蚂蚁|蜗牛|蜘蛛|毛毛虫|老鼠|甲虫",
        "animals?|cats?|kittens?|dogs?|puppy|puppies|birds?|fish|fishes|rabbits?|bunn(?:y|ies)|deer|squirrels?|"
        "fox|foxes|bears?|monkeys?|insects?|butterfl(?:y|ies)|bees?|fireflies|firefly|penguins?|whales?|dolphins?|"
        "horses?|sheep|ducks?|turtles?|owls?|frogs?|eagles?|ladybirds?|ladybugs?|ants?|snails?|spiders?|"
        "caterpillars?|beetles?|mice|mouse|wildlife|creatures?",
        "close up",
    ),
    (
        "vast",
        "海洋|大海|山脉|群山|城市|都市|峡谷|沙漠|草原|冰川|海岸|天际线|高原|宇宙|星球",
        "oceans?|seas?|mountains|mountain ranges?|city|cities|skylines?|canyons?|deserts?|prairies?|glaciers?|"
        "coast(?:line)?s?|plateaus?|universe|planets?|galax(?:y|ies)|metropolis",
        "aerial view",
    ),
    (
        "water",
        "河|溪|湖|瀑布|水|浪|泉|池塘|海",
        "rivers?|streams?|creeks?|lakes?|waterfalls?|water|waves?|springs?|ponds?|brooks?",
        "wide shot",
    ),
    (
        "sky",
        "天空|星空|星星|月亮|太阳|云|日出|日落|夕阳|极光|彩虹|烟花|风筝|气球",
        "sky|skies|stars?|moon|sun|clouds?|sunrise|sunset|aurora|rainbows?|fireworks|kites?|balloons?",
        "static shot",
    ),
    (
        "tall",
        "塔|大楼|高楼|摩天|城堡|雕像|寺庙|教堂|宫殿|巨人|大树|古树|火箭",
        "towers?|buildings?|skyscrapers?|castles?|statues?|temples?|cathedrals?|palaces?|giants?|rockets?|"
        "monuments?|lighthouses?",
        "low angle",
    ),
    (
        "vehicle",
        "车|火车|列车|船|飞机|自行车|摩托|帆船|飞船",
        "cars?|trains?|boats?|ships?|planes?|airplanes?|bikes?|bicycles?|motorcycles?|trucks?|buses|bus|taxis?|cabs?|"
        "trams?|spaceships?|sailboats?",
        "tracking shot",
    ),
    (
        "person",
        "人|孩子|儿童|女孩|男孩|老人|少年|少女|探险家|旅者|探险者|主角|朋友|家人|一家|宇航员|学生|老师|歌手|画家|厨师|"
        "农民|渔夫|警察|士兵|国王|公主|王子|情侣|村民|舞者",
        "people|persons?|man|men|woman|women|girls?|boys?|child|children|kids?|explorers?|hikers?|travell?ers?|"
        "family|families|friends?|astronauts?|students?|teachers?|heroe?s?|dancers?|runners?|musicians?|singers?|"
        "players?|artists?|painters?|chefs?|workers?|farmers?|fishermen|fisherman|soldiers?|kings?|queens?|"
        "princes?|princess(?:es)?|couples?|crowds?|everyone|villagers?|robots?|grandm\\w+|grandp\\w+|"
        "mothers?|fathers?|mums?|moms?|dads?|babies|baby",
        "medium shot",
    ),
    (
        "tiny",
        "露珠|水滴|眼睛|眼神|纹理|细节|指纹|雨滴",
        "dew|dewdrops?|drops?|droplets?|eyes?|textures?|details?|fingerprints?|raindrops?",
        "extreme close up",
    ),
    (
        "detail",
        "花|叶|手|脸|蘑菇|钥匙|杯|书本|信|硬币|果|种子|羽毛|贝壳|石头|糖|蛋糕|食物",
        "flowers?|petals?|leaf|leaves|hands?|faces?|mushrooms?|keys?|cups?|mugs?|books?|letters?|coins?|fruits?|"
        "seeds?|feathers?|shells?|pebbles?|stones?|candles?|cakes?|coffee|food|jewel\\w*|rings?|toys?",
        "close up",
    ),
    (
        "land",
        "森林|树林|竹林|林|竹|树|草地|草坪|田野|花园|公园|山丘|山坡|山|村庄|小镇|街道|乡村|岛|海滩|沙滩|校园|广场|咖啡馆|餐厅|商店|书店|"
        "市场|街角|房|屋",
        "forests?|woods?|woodlands?|trees?|fields?|meadows?|gardens?|parks?|hills?|mountain|villages?|towns?|"
        "streets?|countryside|islands?|beach(?:es)?|campus|squares?|valleys?|jungles?|cafes?|houses?|cottages?|"
        "markets?|shops?",
        "wide shot",
    ),
)
CATEGORY_FAMILIES = (
    ("vast", "land", "water", "sky", "tall"),
    ("person", "vehicle", "generic"),
    ("animal", "tiny", "detail"),
)
SMALL_HINT_ZH = ("小", "微小", "小小")
SMALL_HINT_EN = r"\b(?:small|tiny|little|miniature|mini)\b"

# Subjects that move (introduced with a tracking shot) and that live outdoors (opened from the air).
MOTION_ZH = "探险|冒险|旅行|旅程|旅途|远足|徒步|穿越|漂流|航行|之旅|远征"
MOTION_EN = r"\b(?:adventures?|journeys?|trips?|travels?|voyages?|quests?|hikes?|treks?|expeditions?|explorations?)\b"
# Chinese subjects that read as a sentence ("一只小猫在花园里追蝴蝶") rather than a noun.
ZH_CLAUSE_HINT = r"在|着|了|正|把|被|追|跑|飞|走|看|玩|去|来到|变成"
OUTDOOR_ZH = "森林|探险|冒险|海|山|城|岛|村|乡|自然|旅行|河|湖|草原|沙漠|天空|星空|田野|公园|花园|峡谷|雪|户外"
OUTDOOR_EN = (
    r"\b(?:forests?|adventures?|ocean|sea|mountains?|city|island|village|countryside|nature|travel\w*|rivers?|"
    r"lakes?|desert|sky|fields?|park|garden|canyon|snow|outdoors?|beach|coast|valley|jungle|journey|world|planet|"
    r"earth|landscape|wilderness)\b"
)

# --- Scene templates -------------------------------------------------------------------------------
# Placeholders: {label} camera label, {subject}/{noun}/{the_noun} the subject, {el}/{the_el} an element,
# {light} the lighting, {together} the climax focus. Chinese descriptions start with "{label}：".

OPENING = {
    "zh": {
        "aerial view": (
            "{label}：镜头从高空缓缓掠过，{light}洒满大地，{subject}的全景在眼前铺开，开阔而宁静",
            "{label}：高空俯瞰，{light}下的大地层次分明，镜头慢慢下降，引出{subject}的世界",
        ),
        "wide shot": (
            "{label}：{light}中，{subject}所在的环境完整呈现，构图开阔，气氛安静而充满期待",
            "{label}：固定机位，{light}勾勒出场景的轮廓，关于{subject}的故事即将在这里展开",
        ),
    },
    "en": {
        "aerial view": (
            "{label}: gliding high above the landscape in {light}, the world of {noun} unfolding below, vast and calm",
            "{label}: a high shot slowly descending through {light}, revealing the setting of {noun} at last",
        ),
        "wide shot": (
            "{label}: the setting of {noun} laid out in {light}; open composition, quiet and expectant mood",
            "{label}: a locked-off establishing frame in {light}, showing the place where the story of {noun} begins",
        ),
    },
}
OPENING_NARRATION = {
    "zh": ("这是一个关于{subject}的故事。", "{subject}的故事，从这里开始。", "故事，从{subject}开始。"),
    "en": ("This is the story of {noun}.", "It all begins with {noun}.", "Let's step into the world of {noun}."),
}
# English subjects that are whole sentences read better with narration that does not repeat them.
CLAUSE_NARRATION = {
    "opening": ("Our story starts here.", "It begins like this."),
    "closing": ("And so the story ends, for now.", "The light fades, but the story goes on."),
}
OPENING_ACTION = {
    "zh": "镜头{motion}，画面从远处逐渐清晰",
    "en": "The camera {motion} as the scene comes into view",
}

INTRO = {
    "zh": (
        "{label}：{subject}正式登场，{light}照亮画面主体，细节清晰，充满生机",
        "{label}：{subject}出现在画面中央，{light}勾勒出主体的轮廓，环境在身后徐徐展开",
    ),
    "en": (
        "{label}: introducing {the_noun} at the centre of the frame, lit by {light}; clear detail, lively atmosphere",
        "{label}: {the_noun} taking centre stage, its outline picked out by {light}, the surroundings opening up",
    ),
}
INTRO_MOVING = {
    "zh": (
        "{label}：{subject}正式开始，主角在{light}中出发，脚步坚定，好奇地环顾四周",
        "{label}：主角踏上{subject}的第一段路，{light}在身旁流动，节奏轻快，充满期待",
    ),
    "en": (
        "{label}: {the_noun} getting under way, the travellers setting off in {light}, looking around with curiosity",
        "{label}: the first steps of {the_noun}, {light} streaming past, the rhythm light and full of anticipation",
    ),
}
INTRO_CLAUSE = {
    "zh": ("{label}：{subject}，{light}照亮画面主体，动作清晰，充满生机",),
    "en": ("{label}: {clause}, lit by {light}; clear detail, lively atmosphere",),
}
INTRO_CLAUSE_NARRATION = {"zh": "{subject}。", "en": "{clause}."}
INTRO_ACTION = {
    "zh": "主体进入画面中央，镜头{motion}",
    "en": "The subject enters the centre of the frame; the camera {motion}",
}
INTRO_MOVING_ACTION = {"zh": "主角向前出发，镜头{motion}", "en": "Setting off and moving forward; the camera {motion}"}
INTRO_NARRATION = {
    "zh": ("{subject}，就此拉开序幕。", "眼前，就是{subject}。"),
    "en": ("Here it is: {the_noun}.", "Step by step, the story of {the_noun} comes to life."),
}
INTRO_MOVING_NARRATION = {
    "zh": ("{subject}，正式出发！", "出发吧，{subject}就此开始。"),
    "en": ("And so the adventure begins.", "Off we go: {the_noun}, under way at last."),
}

DETAIL = {
    "zh": "{label}：{subject}的细节被放大，纹理、光影与质感在{light}中清晰可见",
    "en": "{label}: details of {the_noun} magnified, textures and shadows crisp in {light}",
}
DETAIL_ACTION = {"zh": "焦点缓缓移动，镜头{motion}", "en": "The focus drifts across the details as the camera {motion}"}
DETAIL_NARRATION = {"zh": "细节之中，藏着{subject}的魅力。", "en": "The magic is in the details."}

# Element scenes, by category: (descriptions, action, narrations).
ELEMENT = {
    "zh": {
        "vast": (
            (
                "{label}：{el}向远方延伸，{light}勾勒出起伏的层次，画面壮阔",
                "{label}：{el}铺满整个画面，层次分明，尺度宏大，{light}让一切显得辽远",
            ),
            "展现{el}的辽阔",
            ("眼前是一望无际的{el}。", "{el}壮阔无边。"),
        ),
        "water": (
            (
                "{label}：{el}在{light}下闪烁着粼粼波光，水流缓缓向前，岸边的植物随风轻摆",
                "{label}：清澈的{el}倒映着天空，{light}在水面跳跃，水声仿佛清晰可闻",
            ),
            "水面波光流动",
            ("{el}静静流淌，带来生命的气息。", "沿着{el}，旅程继续向前。"),
        ),
        "sky": (
            (
                "{label}：{el}占据画面上方，云层缓缓流动，{light}细腻地变化",
                "{label}：仰望{el}，光线层层晕染，画面安静而辽阔",
            ),
            "云影与光线缓慢变化",
            ("抬头望去，{el}美得让人屏息。", "{el}，静静注视着这一切。"),
        ),
        "tall": (
            (
                "{label}：{el}高高耸立，{light}从其背后透出，显得庄严而宏伟",
                "{label}：{el}直指天空，线条挺拔，{light}勾出清晰的轮廓",
            ),
            "视线沿着{el}向上延伸",
            ("{el}巍然矗立。", "在{el}面前，一切都显得渺小。"),
        ),
        "vehicle": (
            (
                "{label}：{el}在{light}中疾驰而过，速度感十足，背景不断后退",
                "{label}：{el}平稳前行，{light}在车身与窗面上流动",
            ),
            "{el}向前行进",
            ("{el}载着我们，奔向远方。", "{el}一路向前。"),
        ),
        "person": (
            (
                "{label}：{el}出现在画面中，{light}映照着脸庞，神情专注而充满好奇",
                "{label}：{el}向前迈步，衣角随风轻摆，周围的景物缓缓后退",
            ),
            "{el}向前走去，回头望向镜头",
            ("{el}，踏上了新的旅程。", "{el}的身影，出现在这里。"),
        ),
        "animal": (
            (
                "{label}：{el}在{light}中探出身来，神态与细节清晰可见，灵巧可爱，背景柔和虚化",
                "{label}：{el}好奇地张望，随即轻快地跑开，浅景深让主体格外突出",
            ),
            "{el}抬头张望，随后轻快地移动",
            ("{el}也出来打招呼了。", "{el}在这里自在地生活。"),
        ),
        "tiny": (
            (
                "{label}：{el}占满画面，{light}映出细腻的纹理与反光",
                "{label}：微距下的{el}，每一处细节都清晰可辨，时间仿佛慢了下来",
            ),
            "焦点缓缓落在{el}上",
            ("最微小的{el}，也闪着光。", "靠近一点，看看{el}。"),
        ),
        "detail": (
            (
                "{label}：{el}占据画面中心，{light}照亮每一处纹理，背景柔和虚化",
                "{label}：{el}的质感细腻可见，色彩在{light}中格外温润",
            ),
            "焦点从背景移到{el}上",
            ("细看{el}，处处是惊喜。", "{el}，藏着动人的细节。"),
        ),
        "land": (
            (
                "{label}：{el}在{light}中徐徐展开，层次丰富，微风拂过，枝叶轻轻摇动",
                "{label}：{el}尽收眼底，{light}在地面投下斑驳的光影",
            ),
            "微风吹动{el}中的草木",
            ("{el}，安静地迎接着我们。", "穿过{el}，风景不断变化。"),
        ),
        "generic": (
            (
                "{label}：{el}在{light}中清晰呈现，构图简洁，与整体氛围自然衔接",
                "{label}：镜头转向{el}，画面细节逐步展开，色调与前一场景保持一致",
            ),
            "{el}成为画面焦点",
            ("接着，我们看到了{el}。", "{el}，同样令人难忘。"),
        ),
    },
    "en": {
        "vast": (
            (
                "{label}: {the_el} stretching to the horizon, {light} tracing its layers; an epic sense of scale",
                "{label}: {the_el} filling the whole frame, layer upon layer, vast and majestic in {light}",
            ),
            "The full scale of {the_el} is revealed",
            ("Before us lies {the_el}, as far as the eye can see.", "Nothing prepares you for the scale of {the_el}."),
        ),
        "water": (
            (
                "{label}: {the_el} glittering in {light}, the water flowing steadily past plants swaying on the bank",
                "{label}: the clear surface of {the_el} mirroring the sky, {light} dancing on the water",
            ),
            "Ripples of light run across the water",
            ("Water brings everything here to life.", "Following {the_el}, the journey goes on."),
        ),
        "sky": (
            (
                "{label}: {the_el} filling the upper frame, clouds drifting slowly, {light} shifting subtly",
                "{label}: looking up at {the_el}, soft gradients of {light} spreading across the frame",
            ),
            "Clouds and light change slowly overhead",
            ("Look up: {the_el}, breathtaking and calm.", "Above it all, {the_el}."),
        ),
        "tall": (
            (
                "{label}: {the_el} towering against the sky, {light} spilling around its edges; solemn and grand",
                "{label}: {the_el} rising straight up, strong lines outlined by {light}",
            ),
            "The view climbs the full height of {the_el}",
            ("Standing tall: {the_el}.", "Next to {the_el}, everything else feels small."),
        ),
        "vehicle": (
            (
                "{label}: {the_el} speeding through {light}, the background streaming past; a strong sense of speed",
                "{label}: {the_el} moving steadily ahead, {light} sliding across its surfaces",
            ),
            "{the_el} pushing forward",
            ("On we go, carried by {the_el}.", "The road ahead keeps unfolding."),
        ),
        "person": (
            (
                "{label}: {the_el} in {light}, expressions focused and curious",
                "{label}: {the_el} stepping forward, clothes moving in the breeze, the surroundings sliding past",
            ),
            "Walking forward, then a glance back toward the camera",
            ("Along the way, we meet {the_el}.", "And here, {the_el}, ready for what comes next."),
        ),
        "animal": (
            (
                "{label}: {the_el} peeking out in {light}, every detail and expression crisp against a soft background",
                "{label}: {the_el} looking around curiously, then scampering off; shallow depth of field",
            ),
            "A curious look up, then a quick, light movement out of frame",
            ("Up close, we find {the_el}.", "This is home to {the_el}, too."),
        ),
        "tiny": (
            (
                "{label}: {the_el} filling the frame, {light} catching every fine texture and glint",
                "{label}: {the_el} under a macro lens, each detail razor sharp, time seeming to slow down",
            ),
            "The focus settles gently on {the_el}",
            ("Even the smallest things shine.", "Come closer: {the_el}."),
        ),
        "detail": (
            (
                "{label}: {the_el} at the centre of the frame, {light} picking out every texture, background blurred",
                "{label}: the fine texture of {the_el}, colours warm and rich in {light}",
            ),
            "The focus racks from the background onto {the_el}",
            ("Look closer at {the_el}.", "The small things matter: {the_el}."),
        ),
        "land": (
            (
                "{label}: {the_el} unfolding in {light}, rich in depth, a breeze stirring the leaves",
                "{label}: {the_el} spread out below, {light} casting dappled shadows on the ground",
            ),
            "A breeze moves through {the_el}",
            ("We wander into {the_el}.", "Through {the_el}, the view keeps changing."),
        ),
        "generic": (
            (
                "{label}: {the_el} in {light}; a simple composition that flows naturally from the previous scene",
                "{label}: turning toward {the_el}, details gradually revealed, colours matching the previous scene",
            ),
            "{the_el} becoming the focus of the frame",
            ("Next, we come to {the_el}.", "And then, {the_el}."),
        ),
    },
}
ELEMENT_ACTION = {"zh": "{what}，镜头{motion}", "en": "{what}; the camera {motion}"}

# Scenes built from a sentence of the idea.
BEAT = {
    "zh": (
        "{label}：{beat}，{light}下，情绪自然推进",
        "{label}：{beat}，画面细节清晰，与前一场景自然衔接",
    ),
    "en": (
        "{label}: {beat}, in {light}, the mood building naturally",
        "{label}: {beat}; {light} keeps the look consistent with the previous scene",
    ),
}
BEAT_ACTION = {"zh": "{beat}，镜头{motion}", "en": "{beat}; the camera {motion}"}

CLIMAX = {
    "zh": (
        "{label}：转折时刻，{together}，{light}骤然变得浓烈，镜头节奏加快，情绪被推向顶点",
        "{label}：高潮，{together}，光影交错，画面充满张力，这是整段旅程最难忘的一刻",
    ),
    "en": (
        "{label}: the turning point, {together}; {light} grows more intense and the pacing quickens",
        "{label}: the climax, {together}, light and shadow interlacing; the most memorable moment of the piece",
    ),
}
CLIMAX_TOGETHER = {
    "zh": {0: "{subject}的故事迎来最精彩的瞬间", 1: "{subject}与{e1}交汇在同一画面中", 2: "{e1}与{e2}同时出现在画面中"},
    "en": {
        0: "the high point of {the_noun}",
        1: "{the_noun} and {the_e1} come together",
        2: "{the_e1} and {the_e2} share the frame",
    },
}
CLIMAX_ACTION = {"zh": "节奏加快，镜头{motion}，主体逐渐占满画面", "en": "The rhythm quickens as the camera {motion}"}
CLIMAX_NARRATION = {
    "zh": ("就在这一刻，一切都变得不一样了。", "这是最难忘的瞬间。"),
    "en": ("In that moment, everything changed.", "This is the moment to remember."),
}

CLOSING = {
    "zh": (
        "{label}：镜头缓缓拉远，{subject}的画面渐渐融入{light}中的广阔天地，慢慢定格",
        "{label}：镜头后拉至全景，{light}温柔地包裹一切，关于{subject}的故事在宁静中落幕",
    ),
    "en": (
        "{label}: the camera slowly pulls back, letting {the_noun} blend into the wider view in {light}, then settles",
        "{label}: a final pull-back as {light} wraps around everything, the story of {the_noun} closing quietly",
    ),
}
CLOSING_ACTION = {
    "zh": "镜头持续后拉，画面逐渐淡出",
    "en": "The camera keeps pulling back, then the picture gently fades out",
}
CLOSING_NARRATION = {
    "zh": ("{subject}的故事，未完待续。", "一切归于宁静，关于{subject}的故事就此落幕。"),
    "en": (
        "And the story of {the_noun} goes on.",
        "Everything grows quiet as the story of {the_noun} comes to an end.",
    ),
}
