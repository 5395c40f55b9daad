"""The film's stated length ("45 seconds", "30秒", "一分钟"), told apart from durations inside the story.

"A 30-second video", "Make a video about bees, 45s", "时长1分钟", "用一分钟介绍…" state how long the
film is; "a bike unfolds in five seconds", "wait four minutes", "5秒内完成展开" say how long something in
it takes, and stay part of the story. A duration counts as the film's only with a sign of it: a video
noun or a length word next to it, a clause of its own, the very start of the idea, or "in N seconds"
after a request ("Explain … in 30 seconds") or a plain noun ("Rome in 45s").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from studio.storyboard.planner import idea_phrases as ip
from studio.storyboard.planner.lexicon import EN_IRREGULAR, EN_VERBS


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    seconds: float


def _number(token: str | None) -> float:
    if not token:
        return 0.0
    token = token.strip().lower()
    if re.fullmatch(r"\d+(?:\.\d+)?", token):
        return float(token)
    if token in ip.EN_NUMBERS:
        return float(ip.EN_NUMBERS[token])
    if token == "半":
        return 0.5
    total, digit = 0, 0
    for ch in token:
        if ch in ip.ZH_DIGITS:
            digit = ip.ZH_DIGITS[ch]
        elif ch in "十百":
            total += (digit or 1) * (10 if ch == "十" else 100)
            digit = 0
    return float(total + digit)


def _mentions(text: str, lang: str) -> list[Span]:
    """Every duration in the text, first to last, overlapping ones dropped ("1 minute 30 seconds" is one)."""
    found: list[Span] = []
    if lang == "zh":
        for m in ip.ZH_MIN.finditer(text):
            found.append(Span(m.start(), m.end(), 60 * (_number(m[1]) + (0.5 if m[2] else 0)) + _number(m[3])))
        for m in ip.ZH_SEC.finditer(text):
            found.append(Span(m.start(), m.end(), _number(m[1])))
    for m in ip.EN_MIN.finditer(text):
        if m[5]:
            seconds = 60 * float(m[5]) + float(m[6])
        else:
            seconds = 60 * (_number(m[1]) + (0.5 if m[2] or m[3] else 0)) + _number(m[4])
        found.append(Span(m.start(), m.end(), seconds))
    for m in ip.EN_SEC.finditer(text):
        if m[2] and re.search(r"\bthe\s*$|\bin\s+the\s*$", text[: m.start()], re.IGNORECASE):
            continue  # "the 80s"
        if (m[1] or "").lower() in ("a", "an"):
            continue  # "a second video"
        found.append(Span(m.start(), m.end(), _number(m[1] or m[2])))
    kept: list[Span] = []
    for span in sorted(found, key=lambda s: (s.start, -s.end)):
        if span.seconds >= 1 and all(span.start >= k.end for k in kept):
            kept.append(span)
    return kept


_VIDEO = f"(?:{ip.EN_VIDEO_NOUNS}|{ip.ZH_VIDEO_NOUNS})"
_EN_AFTER = re.compile(
    rf"^(?:[\s-]+long\b|\s+in\s+(?:length|total)\b|\s+(?:total|max(?:imum)?|or\s+(?:less|so|under))\b|"
    rf"[\s-]+(?:[\w-]+[\s,]+){{0,2}}?(?:{ip.EN_VIDEO_NOUNS})s?\b)",
    re.IGNORECASE,
)
_EN_BEFORE = re.compile(
    rf"(?:\b(?:{ip.EN_VIDEO_NOUNS})s?|\b(?:length|duration|runtime|running time|lasting|that lasts|total(?:ling)?|"
    r"keep it|make it))(?:\s+(?:of|is|at|about|around|roughly|approximately|approx\.?|just|only|under|up to|at most|"
    r"no more than|no longer than|to|be|should be|must be))*[\s:,(\[-]*$",
    re.IGNORECASE,
)
_EN_QUALIFIERS = re.compile(
    r"\b(?:about|around|roughly|approximately|approx|under|up to|at most|max|maximum|no more than|no longer than|"
    r"just|only|in total|total|long|length|duration|runtime|please|make it|keep it|it should be|should be|the video|"
    r"the film|it|is|be|of|a|an|in|lasting)\b|[~≈]",
    re.IGNORECASE,
)
_EN_REQUEST_START = re.compile(
    r"^\s*(?:please\s+)?(?:explain\w*|show\w*|tell\w*|introduc\w*|present\w*|describ\w*|summari[sz]\w*|make|create|"
    r"generate|produce|give|teach\w*|walk me through|sum up|cover\w*)\b",
    re.IGNORECASE,
)
_ZH_AFTER = re.compile(rf"^\s*(?:左右|以内|以下|之内|内)?(?:长)?的?[^，。,；;：:！？!?]{{0,12}}?{_VIDEO}")
_ZH_BEFORE = re.compile(
    r"(?:(?:总?时长|长度|总长|片长|全长|时间|视频|短片)(?:为|是|约|大约|大概|控制在|在|:|：)?|"
    r"(?:一段|一个|一部|一条|一支|做|制作|生成|拍摄?|来)(?:约|大约|大概)?|用)\s*$"
)
_ZH_QUALIFIERS = re.compile(
    r"约|大约|大概|左右|以内|以下|之内|内|总?时长|长度|总长|片长|总共|一共|共|长|为|是|的|控制在|视频|短片|用"
)
_CLAUSE_EDGE = re.compile(r"[,，;；。!！?？:：()（）\[\]\n—–]|(?<!\d)\.(?!\d)")
_VERB_FORMS = frozenset([*EN_VERBS, *(v + "s" for v in EN_VERBS), *(v + "es" for v in EN_VERBS), *EN_IRREGULAR])


def _clause_around(text: str, span: Span) -> tuple[int, int]:
    starts = [m.end() for m in _CLAUSE_EDGE.finditer(text, 0, span.start)]
    end = _CLAUSE_EDGE.search(text, span.end)
    return (starts[-1] if starts else 0), (end.start() if end else len(text))


def _stands_alone(text: str, span: Span, lang: str) -> bool:
    start, end = _clause_around(text, span)
    rest = text[start : span.start] + " " + text[span.end : end]
    rest = (_ZH_QUALIFIERS if lang == "zh" else _EN_QUALIFIERS).sub(" ", rest)
    return not re.sub(r"[\s\W_]+", "", rest)


def _is_film_length(text: str, span: Span, lang: str) -> bool:
    before, after = text[: span.start], text[span.end :]
    if _stands_alone(text, span, lang):
        return True
    if _ZH_AFTER.match(after) or _ZH_BEFORE.search(before):
        return True
    if re.match(r"^\s*的", after) and not ip.ZH_PREFIX_ONLY.sub("", before).strip():
        return True  # "一分半钟的城市延时摄影": the idea opens with its length
    if _EN_AFTER.match(after) or _EN_BEFORE.search(before):
        return True
    opening = re.sub(r"^\s*(?:(?:please|make|create|show me|give me|i want|i need)\s+)*(?:a|an|one)?\s*$", "", before)
    if not opening.strip() and re.match(r"^\s+of\b", after, re.IGNORECASE):
        return True  # "30 seconds of rain on a window"
    within = re.search(r"\b(?:in|within)\s+(?:just\s+|only\s+|under\s+|about\s+|less than\s+)?$", before, re.I)
    if within and not re.search(r"[\w'-]", after.split(",")[0].split(";")[0]):
        start, _ = _clause_around(text, span)
        clause = text[start : within.start()].split()
        verb_before = bool(clause) and clause[-1].lower().strip(",") in _VERB_FORMS
        return bool(_EN_REQUEST_START.match(text[start:])) or not verb_before
    return False


def film_length(text: str, lang: str) -> tuple[float | None, str]:
    """(the film's stated length in seconds or None, the text without it); event durations stay in the text."""
    span = next((s for s in _mentions(text, lang) if _is_film_length(text, s, lang)), None)
    if span is None:
        return None, text
    before, after = (ip.ZH_BEFORE, ip.ZH_AFTER) if lang == "zh" else (ip.EN_BEFORE, ip.EN_AFTER)
    start = before.search(text[: span.start]).start()
    end = span.end + after.match(text[span.end :]).end()
    joined = text[:start] + " " + text[end:]
    joined = re.sub(r"[(（]\s*[)）]", " ", joined)
    joined = re.sub(r"\s+([,，。.!?;；:：])", r"\1", re.sub(r"\s{2,}", " ", joined))
    joined = re.sub(r"([,，;；])\s*(?=[,，。.!?;；]|$)", "", joined)
    joined = re.sub(r"^[\s,，;；.。:：]+", "", joined).strip()
    if lang == "zh":
        joined = re.sub(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", "", joined)
    return span.seconds, joined
