"""Reading an idea the way a person skims a brief: subject, things to show, beats, length, look.

The built-in planner (studio/storyboard/planner/plan.py) lays out scenes from what this module reads.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from studio.storyboard.planner import idea_phrases

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_SENTENCE_END = re.compile(r"[。！？!?;；\n]+|(?<!\d)\.(?!\d)")
_CLAUSE = re.compile(r"[,，;；]")
ELEMENT_SLOTS = 6
LIMITS = {
    "zh": {"element": 30, "beat": 60, "subject": 30, "title": 24},
    "en": {"element": 60, "beat": 120, "subject": 60, "title": 60},
}


@dataclass
class Item:
    kind: str  # "element" or "beat"
    text: str
    order: int


@dataclass
class Idea:
    subject: str = ""
    items: list[Item] = field(default_factory=list)
    style: list[str] = field(default_factory=list)

    def add(self, kind: str, text: str) -> None:
        key = idea_key(text)
        if key and key != idea_key(self.subject) and all(idea_key(i.text) != key for i in self.items):
            self.items.append(Item(kind, text, len(self.items)))


def idea_key(text: str) -> str:
    return re.sub(r"^(?:a|an|the)\s+|[\W_]+", "", text.casefold())


# --- Reading -----------------------------------------------------------------------------


def _number(token: str | None) -> float:
    if not token:
        return 0.0
    token = token.strip().lower()
    if re.fullmatch(r"\d+(?:\.\d+)?", token):
        return float(token)
    if token in idea_phrases.EN_NUMBERS:
        return float(idea_phrases.EN_NUMBERS[token])
    if token == "半":
        return 0.5
    total, digit = 0, 0
    for ch in token:
        if ch in idea_phrases.ZH_DIGITS:
            digit = idea_phrases.ZH_DIGITS[ch]
        elif ch in "十百":
            total += (digit or 1) * (10 if ch == "十" else 100)
            digit = 0
    return float(total + digit)


def target_seconds(text: str, lang: str) -> tuple[float | None, str]:
    """Find a stated total length ("30秒", "1 minute") and remove it from the text."""
    found: list[tuple[int, int, float]] = []
    if lang == "zh":
        for m in idea_phrases.ZH_MIN.finditer(text):
            found.append((m.start(), m.end(), 60 * (_number(m[1]) + (0.5 if m[2] else 0)) + _number(m[3])))
        for m in idea_phrases.ZH_SEC.finditer(text):
            found.append((m.start(), m.end(), _number(m[1])))
    for m in idea_phrases.EN_MIN.finditer(text):
        if m[5]:
            seconds = 60 * float(m[5]) + float(m[6])
        else:
            seconds = 60 * (_number(m[1]) + (0.5 if m[2] or m[3] else 0)) + _number(m[4])
        found.append((m.start(), m.end(), seconds))
    for m in idea_phrases.EN_SEC.finditer(text):
        if m[2] and re.search(r"\bthe\s*$|\bin\s+the\s*$", text[: m.start()], re.IGNORECASE):
            continue  # "the 80s"
        if (m[1] or "").lower() in ("a", "an"):
            continue  # "a second video"
        found.append((m.start(), m.end(), _number(m[1] or m[2])))
    found = [f for f in sorted(found) if f[2] >= 1]
    if not found:
        return None, text
    start, end, seconds = found[0]
    before, after = (
        (idea_phrases.ZH_BEFORE, idea_phrases.ZH_AFTER)
        if lang == "zh"
        else (idea_phrases.EN_BEFORE, idea_phrases.EN_AFTER)
    )
    start = before.search(text[:start]).start()
    end += after.match(text[end:]).end()
    joined = text[:start] + " " + text[end:]
    joined = re.sub(r"[(（]\s*[)）]", " ", joined)
    joined = re.sub(r"\s+([,，。.!?;；])", r"\1", re.sub(r"\s{2,}", " ", joined))
    joined = re.sub(r"([,，;；])\s*(?=[,，。.!?;；]|$)", "", joined).strip()
    if lang == "zh":
        joined = re.sub(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", "", joined)
    return seconds, joined


def strip_punct(text: str) -> str:
    return re.sub(r"^[\s\W_]+|[\s\W_]+$", "", text)


def shorten(text: str, limit: int, lang: str) -> str:
    """Cut `text` to at most `limit` characters at a clause, word or character boundary."""
    text = strip_punct(text) or text.strip()
    if len(text) <= limit:
        return text
    cut = text[:limit]
    if lang == "zh":
        stop = max(cut.rfind(c) for c in ",，、;；:：")
        cut = cut[:stop] if stop >= limit // 2 else cut
        return strip_punct(re.sub(r"[的和与及]+$", "", cut)) or cut
    space = cut.rfind(" ")
    cut = cut[:space] if space >= limit // 2 else cut
    words = cut.split()
    while len(words) > 1 and words[-1].lower().strip(",;:") in idea_phrases.EN_SMALL_WORDS:
        words.pop()
    return strip_punct(" ".join(words)) or cut


def _split_sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if strip_punct(s)]


def has_content(text: str) -> bool:
    return any(not unicodedata.category(ch).startswith(("P", "Z", "C")) for ch in text)


def only_boilerplate(text: str) -> bool:
    """Whether the idea asks for a video without saying what it should show ("制作一段视频", "make a video")."""
    bare = " ".join(re.sub(r"[^\w\s'-]", " ", text).split())
    return bool(bare) and bool(
        idea_phrases.ZH_ONLY.fullmatch(bare.replace(" ", "")) or idea_phrases.EN_ONLY.fullmatch(bare)
    )


def _strip_boilerplate(sentence: str, lang: str) -> tuple[str, str]:
    """(subject candidate, remainder after the request); the sentence itself when it is no request."""
    s = sentence.strip()
    zh_prefix = re.match(idea_phrases.ZH_PREFIX, s)
    core = s[zh_prefix.end() :] if zh_prefix else s
    nouns = idea_phrases.ZH_VIDEO_NOUNS
    patterns = (
        rf"以(?P<s>[^,，]+?)为(?:主题|题材|内容)(?:的)?(?:(?:制作|生成|做|拍摄|拍|创作)?(?:一个|一段|一部|一条|个|段|部|条)?"
        rf"(?:{nouns}))?(?P<r>.*)",
        rf"(?:关于|有关)(?P<s>[^,，]+?)的(?:{nouns})(?P<r>.*)",
        rf"(?:{nouns})[,，:：\s]*{idea_phrases.ZH_THEME_WORDS}[:：]?(?P<s>[^,，]+)(?P<r>.*)",
        rf"(?P<s>[^,，]+?)的(?:{nouns})(?P<r>.*)",
        rf"(?:{nouns})[:：](?P<s>[^,，]+)(?P<r>.*)",
        rf"(?P<s>[^,，]+?)(?:{nouns})(?P<r>(?:[,，].*)?)$",
    )
    if CJK.search(core):
        for pattern in patterns:
            m = re.match(pattern, core)
            if m and strip_punct(m["s"]):
                return m["s"].strip(), m["r"]
        if zh_prefix and zh_prefix.end() > 0 and strip_punct(core):
            return core, ""
    en = idea_phrases.EN_REQUEST.match(s) or idea_phrases.EN_SHOW.match(s)
    if en:
        return en["s"].strip(), ""
    return s, ""


def _split_list(text: str, lang: str) -> list[str]:
    parts = re.split(
        idea_phrases.ZH_LIST_SPLIT if lang == "zh" or CJK.search(text) else idea_phrases.EN_LIST_SPLIT, text
    )
    out = []
    for part in parts:
        part = (
            re.sub(idea_phrases.ZH_LEADING, "", part.strip())
            if CJK.search(part)
            else re.sub(idea_phrases.EN_LEADING, "", part.strip(), flags=re.I)
        )
        part = (
            re.sub(idea_phrases.ZH_TRAILING, "", part)
            if CJK.search(part)
            else re.sub(idea_phrases.EN_TRAILING, "", part, flags=re.I)
        )
        part = strip_punct(part)
        if part:
            out.append(part)
    return out


def _lead(clause: str, lang: str) -> str | None:
    """If the clause introduces things to show ("包含…", "with…"), the list after the lead."""
    c = clause.strip()
    for lead in idea_phrases.ZH_ELEMENT_LEADS:
        if c.startswith(lead) and len(c) > len(lead):
            return c[len(lead) :]
    m = re.match(rf"^(?:{idea_phrases.EN_ELEMENT_LEADS})\s+(.+)$", c, re.IGNORECASE)
    return m[1] if m else None


def _is_style(clause: str, listing: bool = False) -> bool:
    """Whether a clause is about the look ("风格要梦幻", "in a watercolour style") rather than content."""
    if CJK.search(clause):
        strong, weak, short = idea_phrases.ZH_STYLE_STRONG, idea_phrases.ZH_STYLE, len(clause) <= 6
        fits = len(clause) <= 14
    else:
        strong, weak, short = idea_phrases.EN_STYLE_STRONG, idea_phrases.EN_STYLE, len(clause.split()) <= 3
        fits = len(clause.split()) <= 8
    if re.search(strong, clause, re.IGNORECASE):
        return fits
    return bool(re.search(weak, clause, re.IGNORECASE)) and short and not listing


def _looks_like_element(clause: str, lang: str) -> bool:
    if CJK.search(clause):
        return len(clause) <= 8 and not re.search(
            idea_phrases.ZH_CLAUSE_HINT + "|然后|最后|接着|突然|终于|渐渐|慢慢", clause
        )
    words = clause.split()
    return len(words) <= 2 or (len(words) <= 5 and words[0].lower() in idea_phrases.EN_DETERMINERS)


def _take_clause(parsed: Idea, clause: str, lang: str, listing: bool = False, whole: str | None = None) -> bool:
    """File one clause as elements, style or a beat; returns whether a list of elements is under way."""
    clause = strip_punct(clause)
    if not clause:
        return listing
    listed = _lead(clause, lang)
    if listed is not None:
        for el in _split_list(listed, lang):
            parsed.add("element", el)
        return True
    if _is_style(clause, listing):
        style = re.sub(
            r"^(?:画面|整体|风格)?(?:要|需要|希望|请|是)?|^(?:all )?in (?:an? |the )?", "", clause, flags=re.I
        )
        style = style or clause
        if CJK.search(style) and "风格" not in style:
            style = "整体风格" + style
        elif not CJK.search(style) and not re.search(
            r"\b(?:style|look|mood|tone|vibe|aesthetic|palette)\b", style, re.I
        ):
            style += " style"
        parsed.style.append(style)
        return listing
    if whole is None and (listing or _looks_like_element(clause, lang)):
        for el in _split_list(clause, lang) if listing else [clause]:
            parsed.add("element", el)
        return listing
    parsed.add("beat", whole or clause)
    return False


def parse_idea(text: str, lang: str) -> Idea:
    parsed = Idea()
    sentences = _split_sentences(text)
    while sentences and not parsed.subject:
        first = sentences.pop(0)
        candidate, remainder = _strip_boilerplate(first, lang)
        clauses = _CLAUSE.split(candidate)
        head, rest = clauses[0], clauses[1:]
        subject, listed = _split_subject(head, lang)
        parsed.subject = strip_punct(re.sub(rf"^{idea_phrases.ZH_THEME_WORDS}+", "", subject.strip()))
        if not parsed.subject and listed:
            parsed.subject, listed = listed, ""
        for el in _split_list(listed, lang) if listed else []:
            parsed.add("element", el)
        listing = bool(listed)
        for clause in [*rest, *_CLAUSE.split(remainder)]:
            listing = _take_clause(parsed, clause, lang, listing)
    for sentence in sentences:
        clauses = [c for c in _CLAUSE.split(sentence) if strip_punct(c)]
        if clauses and (_lead(clauses[0], lang) is not None or _is_style(sentence)):
            listing = False
            for clause in clauses:
                listing = _take_clause(parsed, clause, lang, listing)
        else:
            _take_clause(parsed, sentence, lang, whole=sentence)
    if parsed.subject:
        parsed.subject = shorten(parsed.subject, LIMITS[lang]["subject"], lang)
    return parsed


def _split_subject(text: str, lang: str) -> tuple[str, str]:
    """Split "森林探险包含河流" / "a forest with a river" into subject and listed elements."""
    for lead in ("包含", "包括", "含有", "其中有", "画面中有"):
        if lead in text:
            head, _, tail = text.partition(lead)
            return head, tail
    m = re.search(r"\s*,?\s+(?:with|including|featuring|containing|along with|together with|plus)\s+", text, re.I)
    if m and not CJK.search(text[: m.start()]):
        return text[: m.start()], text[m.end() :]
    return text, ""
