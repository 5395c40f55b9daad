"""Phrase tables for reading an idea (`studio.storyboard.planner.reading`): request boilerplate, lists, style, length.

How people phrase a request ("make a short video about ...", "制作一段关于……的短视频"), so the
planner can strip the boilerplate, split the things to show, set aside look-and-mood
clauses and find a stated length. Each table has a Chinese (ZH_) and an English (EN_) side;
the scene vocabulary and templates are in `studio.storyboard.planner.phrases`.
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
    r"piece|advert|ad|commercial|cartoon|demo|explainer|promo|tour|slideshow"
)
EN_ADJECTIVES = (
    r"short|quick|brief|little|small|tiny|cinematic|animated|beautiful|simple|nice|cool|fun|relaxing|calm|"
    r"promotional|educational|moody|dreamy|epic|lovely|charming|gentle|peaceful|stunning|vertical|silent|"
    r"second|third|new|another|different|great|good|funny|sad|happy|scary|travel|product|explainer|video|"
    r"photo|city|time-lapse|timelapse|nature|food|music|whimsical"
)
EN_PREPOSITIONS = (
    r"about|of|on|showing|featuring|depicting|where|in which|that shows|that depicts|that features|"
    r"around|covering|following|telling|presenting|for|introducing|explaining|celebrating"
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
ZH_LIST_SPLIT = (
    r"[、,，;；/]|以及|还有|(?<![颐温柔暖祥缓平谦饱调])和(?![平谐煦蔼服睦尚])|(?<![参给])与|(?<![涉普以])及(?!时)|"
    r"跟|并且|而且"
)
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

# Compiled request patterns: the whole request, and a request that says nothing else.
EN_ASK = (
    rf"^(?:(?:please|hey|hi)[,!]?\s+)?(?:(?:can|could|would|will) you\s+(?:please\s+)?)?"
    rf"(?:i(?:'d| would)? (?:want|need|like)(?: you)?(?: to)?\s+)?(?:please\s+)?(?:(?:{EN_VERBS})(?:\s+me)?\s+)?"
    rf"(?:a|an|one|the|some|my)?\s*(?:(?:{EN_ADJECTIVES})[\s,]+)*(?:{EN_VIDEO_NOUNS})s?"
)
EN_REQUEST = re.compile(rf"{EN_ASK}(?:\s+(?:{EN_PREPOSITIONS})\s+|\s*[:\-\u2013\u2014]\s*)(?P<s>.+)$", re.IGNORECASE)
EN_SHOW = re.compile(
    r"^(?:please\s+)?(?:show me|show|visuali[sz]e|depict|imagine|picture|introduce|explain|present|describe|showcase|"
    r"illustrate|demonstrate|celebrate)\s+(?P<s>.+)$",
    re.IGNORECASE,
)
EN_ONLY = re.compile(
    rf"(?:{EN_ASK}(?:\s+(?:{EN_PREPOSITIONS}))?|(?:please\s+)?(?:{EN_VERBS})(?:\s+me)?(?:\s+(?:a|an|one|some))?)",
    re.IGNORECASE,
)
ZH_PREFIX_ONLY = re.compile(ZH_PREFIX)
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
ZH_BEFORE = re.compile(r"(?:用|(?:视频)?(?:总?时长|长度|片长|时间)?(?:为|是|约|大约|大概|控制在|在)?)\s*$")
ZH_AFTER = re.compile(r"^\s*(?:左右|以内|以下|内)?(?:长)?的?")
EN_BEFORE = re.compile(
    r"(?:\b(?:lasting|about|around|roughly|approximately|approx\.?|under|up to|at most|that lasts|that is|"
    r"which is|of|total(?:ling)?|length(?: of)?|duration(?: of)?|in)\s+)*$",
    re.IGNORECASE,
)
EN_AFTER = re.compile(r"^(?:[\s-]*long\b)?(?:\s+of\b)?", re.IGNORECASE)
