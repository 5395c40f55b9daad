"""Small rules of written Chinese and English the planner keeps: whole phrases, sentence case, titles.

A phrase is only ever cut at a clause or word boundary, and never left ending on a word that
needs another after it ("…in a bottle during", "…的"): that is what makes a cut read as a phrase.
"""

from __future__ import annotations

import re

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def words(text: str) -> frozenset[str]:
    """A word table written as running text, the way a style guide lists them."""
    return frozenset(text.split())


# Words a phrase cannot end on: it would read as cut off.
EN_DANGLING = words(
    "a an the of in during with and to for on at by from or but nor into onto over under as via vs while than "
    "through across its their his her my our your this that these those is are was were be very so then when "
    "where which who whose about around after before between like near per"
)
ZH_DANGLING = "的和在与了及或跟并而把被将从向对给为"
EN_SMALL_WORDS = words("a an the and or but nor of in on at to for by with from into onto over under as vs via")
EN_ARTICLES = frozenset(("a", "an", "the"))
_EDGE_PUNCT = re.compile(r"^[\s\W_]+|[\s\W_]+$")


def strip_punct(text: str) -> str:
    return _EDGE_PUNCT.sub("", text)


def ends_dangling(text: str, lang: str) -> bool:
    bare = strip_punct(text)
    if not bare:
        return False
    if lang == "zh" or CJK.search(bare[-1]):
        return bare[-1] in ZH_DANGLING and not bare.endswith(("为了", "除了", "好了"))
    return bare.split()[-1].lower() in EN_DANGLING


def trim_dangling(text: str, lang: str) -> str:
    """Drop words at the end that would leave the phrase hanging ("a message in a bottle during")."""
    text = strip_punct(text)
    if lang == "zh" or (text and CJK.search(text[-1])):
        while len(text) > 1 and text[-1] in ZH_DANGLING and not text.endswith("了"):
            text = strip_punct(text[:-1])
        return text
    words = text.split()
    while len(words) > 1 and words[-1].lower().strip(",;:") in EN_DANGLING:
        words.pop()
    return strip_punct(" ".join(words))


def shorten(text: str, limit: int, lang: str) -> str:
    """`text` in at most `limit` characters, cut at a clause, then a word boundary, never on a dangling word."""
    text = strip_punct(text) or text.strip()
    if len(text) <= limit:
        return text
    cut = text[:limit]
    if lang == "zh" or CJK.search(cut):
        stop = max(cut.rfind(c) for c in ",，、;；:：")
        cut = cut[:stop] if stop >= limit // 2 else cut
        return trim_dangling(cut, "zh") or cut
    stop = max(cut.rfind(c) for c in ",;:")
    if stop >= limit // 2:
        cut = cut[:stop]
    elif " " in cut and not text[limit : limit + 1].isspace():
        cut = cut[: cut.rfind(" ")]
    return trim_dangling(cut, "en") or cut


def sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def lower_start(text: str) -> str:
    """A phrase continuing a sentence: "A lighthouse keeper" -> "a lighthouse keeper" (names keep their capital)."""
    first = text.split(" ", 1)[0]
    if first.lower() in EN_ARTICLES or first in ("He", "She", "They", "It", "We", "You", "There", "This", "That"):
        return text[:1].lower() + text[1:]
    return text


def finish(text: str, lang: str) -> str:
    """A narration piece ends as a sentence does, unless it already ends on punctuation."""
    text = text.strip()
    if not text or re.search(r"[.!?。！？…,，;；:：]$", text):
        return text
    return text + ("。" if lang == "zh" else ".")


def definite(phrase: str) -> str:
    """The phrase once it is known: "a river" -> "the river", "small animals" -> "the small animals"."""
    words = phrase.split()
    if not words:
        return phrase
    head = words[0].lower()
    if head in ("a", "an", "one"):
        return " ".join(["the", *words[1:]])
    if head in ("the", "this", "that", "his", "her", "their", "its", "my", "our", "your") or words[0][:1].isupper():
        return phrase if head != "the" else " ".join(["the", *words[1:]])
    return "the " + phrase


def title_case(text: str) -> str:
    out = []
    for k, word in enumerate(text.split()):
        if (word.isupper() and len(word) > 1) or any(c.isupper() for c in word[1:]):
            out.append(word)
        elif k and word.lower() in EN_SMALL_WORDS:
            out.append(word.lower())
        else:
            out.append(word[:1].upper() + word[1:])
    return " ".join(out)


def join(texts: list[str], lang: str) -> str:
    if lang == "zh":
        return "、".join(texts[:-1]) + ("和" if len(texts) > 1 else "") + texts[-1]
    return ", ".join(texts[:-1]) + (" and " if len(texts) > 1 else "") + texts[-1]


def gerund(verb: str) -> str:
    """An imperative as a picture: "grind" -> "grinding", "pour" -> "pouring", "stir" -> "stirring"."""
    v = verb.lower()
    if v.endswith("ie"):
        return v[:-2] + "ying"
    if v.endswith("e") and not v.endswith(("ee", "ye", "oe")) and len(v) > 2:
        return v[:-1] + "ing"
    vowels = "aeiou"
    one_vowel = sum(c in vowels for c in v) == 1
    if 3 <= len(v) <= 4 and one_vowel and v[-1] not in vowels + "wxy" and v[-2] in vowels:
        return v + v[-1] + "ing"
    return v + "ing"
