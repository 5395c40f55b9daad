"""Cutting an idea into its beats, as a writer marks up a brief: sentences, clauses, "then / 然后 / 最后".

Every cut falls at a boundary the idea itself has (punctuation, a sequence word, "and" before a new
verb), and each piece keeps its exact words, so narration can be the idea read aloud in pieces and
never a phrase cut on a dangling word. The verb tests are small and English/Chinese specific; they only
have to tell "a keeper finds a bottle" (something happens) from "neon lights" (something is there).
"""

from __future__ import annotations

import re

from studio.storyboard.planner import lexicon as lx
from studio.storyboard.planner.wording import CJK, strip_punct, words

_SENTENCE_END = re.compile(r"(?<=[。！？!?;；\n])|(?<=(?<!\d)\.)(?=\s|$)")
_ZH_CUT = re.compile(rf"(?<=[，,；;])|(?=(?:{lx.ZH_MARKERS}))")
_EN_CUT = re.compile(rf"(?<=[,;])\s*|\s+(?=(?:{lx.EN_MARKERS})\b)", re.IGNORECASE)
_EN_LEADING_MARKER = re.compile(rf"^(?:and\s+|but\s+|so\s+)?(?:(?:{lx.EN_LEAD_WORDS})\b[\s,]*)?", re.IGNORECASE)
_ZH_LEADING_MARKER = re.compile(rf"^(?:(?:{lx.ZH_MARKERS})[，,]?)+|^(?:还有|以及|并且|而且|和|再)")


def _forms(base: str) -> set[str]:
    forms = {base, base + "s", base + "es", base + "ed", base + "d", base + "ing"}
    if base.endswith("y"):
        forms |= {base[:-1] + "ies", base[:-1] + "ied"}
    if base.endswith("e"):
        forms |= {base[:-1] + "ing"}
    else:
        forms |= {base + base[-1] + "ed", base + base[-1] + "ing"}
    return forms


VERB_FORMS = frozenset(f for v in lx.EN_VERBS for f in _forms(v)) | frozenset(lx.EN_IRREGULAR)
BASE_VERBS = frozenset(lx.EN_VERBS)
_DETERMINERS = words(
    "a an the this that these those my our your his her their its some every each no any one two three "
    "of for with in on at by from to into"
)
_OBJECT_STARTS = words("a an the your his her its their my our this that these those")
ZH_VERB = re.compile(lx.ZH_VERBS)
_ZH_NOT_VERB = re.compile(lx.ZH_NOT_VERBS)


def zh_verbs(text: str) -> list[re.Match[str]]:
    """Verbs in a Chinese clause, not counting nouns that contain one (河流) or modifiers (一款折叠…)."""
    masked = _ZH_NOT_VERB.sub(lambda m: "□" * len(m[0]), text)
    return [m for m in ZH_VERB.finditer(masked) if not re.search(r"[款只个台辆部把件张条座]$", masked[: m.start()])]


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if strip_punct(s)]


def cut_clauses(sentence: str, lang: str) -> list[str]:
    """The sentence's clauses, each with the punctuation that follows it, in the idea's own words."""
    pattern = _ZH_CUT if lang == "zh" or CJK.search(sentence) else _EN_CUT
    return [p.strip() for p in pattern.split(sentence) if p and strip_punct(p)]


def words_of(text: str) -> list[str]:
    return [w.strip(",;:.!?\"'()") for w in text.split()]


def is_verb_at(words: list[str], i: int, continuing: bool = False) -> bool:
    """Whether words[i] is a verb here: "finds a", "pours out", "she smiles"; not "neon lights", "the ride"."""
    w = words[i].lower()
    nxt = words[i + 1].lower() if i + 1 < len(words) else ""
    if i and words[i - 1].lower() in _DETERMINERS:
        return False
    if w not in VERB_FORMS:  # an unknown word ending in -s before "the", "your": "tracks your run"
        return w.endswith("s") and not w.endswith("ss") and nxt in _OBJECT_STARTS and (i > 0 or continuing)
    followed = nxt in lx.EN_FOLLOWS or nxt.endswith("ly") or nxt.isdigit() or nxt in ("five", "ten", "three")
    if i == 0:
        base = w if w in BASE_VERBS else (w[:-1] if w[:-1] in BASE_VERBS else w[:-2])
        return continuing or base not in lx.EN_NOUNISH or (followed and nxt in lx.EN_FOLLOWS - {"in", "on", "at"})
    if words[i - 1].lower() in lx.EN_PRONOUNS:
        return True
    if w in lx.EN_IRREGULAR or w.endswith("ed"):
        return True
    if followed:
        return True
    prev = words[i - 1].lower()
    if w in BASE_VERBS and prev.endswith("s") and prev not in VERB_FORMS and nxt:
        return True  # "two friends ride bikes": a plural subject, then its verb
    base = w[:-1] if w.endswith("s") else w
    return not nxt and w.endswith("s") and base in BASE_VERBS and base not in lx.EN_NOUNISH


def verb_index(text: str, continuing: bool = False) -> int | None:
    words = words_of(_EN_LEADING_MARKER.sub("", text))
    return next((i for i in range(len(words)) if is_verb_at(words, i, continuing and i == 0)), None)


def is_event(clause: str, lang: str, continuing: bool = False) -> bool:
    """Whether something happens in the clause (it has a verb), rather than something simply being there."""
    if lang == "zh" or CJK.search(clause):
        return bool(zh_verbs(drop_marker(clause, "zh")))
    return verb_index(clause, continuing) is not None


def split_and(clause: str) -> list[str]:
    """Beats joined by "and": "rides through traffic and folds away" is two, "she opens it and light pours out" one."""
    pieces = re.split(r"\s+(?=and\s)", clause)
    out = [pieces[0]]
    for piece in pieces[1:]:
        rest = piece[4:]
        words = words_of(rest)
        first = words[0].lower() if words else ""
        noun = first in lx.EN_NOUNISH  # "and light pours out" is a new subject, "and folds away" the same one
        new_beat = bool(words) and not noun and is_verb_at(words, 0, continuing=True)
        if new_beat and verb_index(out[-1]) is not None:
            out.append(piece)
        else:
            out[-1] = f"{out[-1]} {piece}"
    return out


def drop_marker(clause: str, lang: str) -> str:
    """The clause without its sequence word: "then a bus arrives" -> "a bus arrives", "最后睡着了" -> "睡着了"."""
    if lang == "zh" or CJK.search(clause):
        return strip_punct(_ZH_LEADING_MARKER.sub("", strip_punct(clause))) or strip_punct(clause)
    return strip_punct(_EN_LEADING_MARKER.sub("", strip_punct(clause))) or strip_punct(clause)


def subject_of(clause: str, lang: str) -> tuple[str, str]:
    """(subject, the rest) of a clause with a verb: ("A lighthouse keeper", "finds a message…"); ("", clause)."""
    text = drop_marker(clause, lang)
    if lang == "zh" or CJK.search(text):
        return _zh_subject(text)
    words = text.split()
    index = verb_index(text)
    if not index or index > 6:
        return "", text
    return " ".join(words[:index]), " ".join(words[index:])


_ZH_WHEN = re.compile(
    rf"^(?:(?:{lx.ZH_TIME_WORDS})|(?:\d+(?:\.\d+)?|[一二三四五六七八九十两半几]+)\s*(?:秒钟?|分钟|分|小时|天)(?:内|后|之内|之后|里)?)+"
)


def _zh_subject(text: str) -> tuple[str, str]:
    if subjectless(text, "zh"):
        return "", text
    marks = [m.start() for m in re.finditer(rf"在|正在|(?:{lx.ZH_TIME_WORDS})", text)]
    starts = sorted({*marks, *(m.start() for m in zh_verbs(text))} - {0})
    for start in starts:
        subject = text[:start]
        bare = re.sub(lx.ZH_MEASURE, "", subject)
        if bare and len(subject) <= 10 and not re.search(r"[，,的]$", subject) and not _ZH_WHEN.fullmatch(subject):
            return subject, text[start:]
    return "", text


def leading_when(text: str) -> str:
    """The time a Chinese clause opens with: "下午踢足球" -> "下午", "5秒内完成展开" -> "5秒内"."""
    m = _ZH_WHEN.match(text)
    return m[0] if m else ""


def without_measure(subject: str) -> str:
    """The subject as a later clause refers to it: "一只小猫" -> "小猫"."""
    return re.sub(lx.ZH_MEASURE, "", subject) or subject


def subjectless(clause: str, lang: str) -> bool:
    """Whether the clause goes on from the last one's subject: "rides through traffic", "接着去学校上课"."""
    text = drop_marker(clause, lang)
    if lang == "zh" or CJK.search(text):
        body = _ZH_WHEN.sub("", text)
        body = re.sub(r"^(?:又|也|就|便|还|再|都|已经)", "", body)
        return any(m.start() == 0 for m in zh_verbs(body))
    words = words_of(text)
    return bool(words) and is_verb_at(words, 0, continuing=True)


SETTING_PREPS = r"during|in|at|on|under|amid|amidst|through|beneath|before|after|by"


def setting_tail(predicate: str, lang: str) -> tuple[str, str]:
    """(the predicate, its closing time/weather phrase): ("finds a message in a bottle", "during a storm")."""
    if lang == "zh":
        verb = next((v.start() for v in zh_verbs(predicate) if v.start() > 1), None)
        if predicate.startswith("在") and verb is not None and verb <= 11:
            place = re.match(r"^在.+(?:中|里|上|下|边|旁|前|后|外|内)", predicate[:verb])  # "在月球上|行走"
            cut = place.end() if place else verb
            return predicate[cut:], predicate[:cut]
        m = re.match(rf"^((?:{lx.ZH_TIME_WORDS}))(.+)$", predicate)
        return (m[2], m[1]) if m else (predicate, "")
    core, tail = predicate, ""
    while True:
        m = re.search(rf"\s+((?:{SETTING_PREPS})\s+(?:\S+\s+){{0,3}}\S+)$", core, re.IGNORECASE)
        if not m or not settings_in(m[1], "en") or len(core[: m.start()].split()) < 1:
            return core, tail
        core, tail = core[: m.start()], (m[1] + (" " + tail if tail else ""))


def settings_in(text: str, lang: str) -> dict[str, lx.Setting]:
    """The first time, season, weather and special light the text names, by dimension."""
    found: dict[str, lx.Setting] = {}
    zh = lang == "zh" or bool(CJK.search(text))
    for setting in lx.SETTINGS:
        if setting.dim in found:
            continue
        if re.search(setting.zh, text) if zh else re.search(setting.en, text, re.IGNORECASE):
            found[setting.dim] = setting
    return found
