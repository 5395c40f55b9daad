"""The content filter's rule language and matcher: text and terms in one normal form, then patterns.

The rule syntax (what an admin types as a term; the Admin tab's help says the same):

    deep fake              words in order, joined by a space, hyphen, dot or nothing:
                           deepfake, deep-fake, deep fake; plurals and -ed/-ing forms match too
    behead*                a word with any ending: beheading, beheaded
    face + swap|replace + celebrity|real person
                           every part (split by +) within one sentence and `WINDOW` characters,
                           in any order; each part is one of its alternatives (split by |)
    !decapitation strike   an exception: text it matches is ignored by every other rule

Latin words match whole words only (no 'Scunthorpe' problem); CJK words match anywhere, since
Chinese has no spaces. `canonical` gives the form a term is stored in, `compile_rules` turns the
stored terms into patterns once, and `RuleSet.match` finds the first rule a text breaks. Text is
compared after `fold`, so spelling a reader sees through (full-width letters, accents, invisible
characters, 换 脸 for 换脸, traditional characters) gets no further, and again after `respelled`
(leetspeak, s p a c e d letters, Cyrillic look-alikes).
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from dataclasses import dataclass

from studio.errors import InvalidInput
from studio.storyboard.schema import clean_text

WINDOW = 100
"""Most characters a group rule's parts may span (within one sentence)."""

_CJK = (
    "\u2e80-\u2fdf\u3040-\u30ff\u3100-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f"
)
"""Scripts written without spaces between words: a CJK term matches inside a longer run."""
_LETTER = "[0-9a-z\u00b5\u00df-\u024f\u0370-\u03ff\u0400-\u052f]"
"""A letter or digit that would make a match on a Latin, Greek or Cyrillic word part of a longer word.

Listed rather than `[^\\W_...]`: that class costs milliseconds to compile, and every pattern has two."""
_JOINER = r"[ \t\-_.·・‧*/\\|~+'`\"\u2010-\u2015]"
"""What people put inside a word to get it past a filter: de-ep fake, 换-脸, 换·脸."""
_SEPARATOR = f"{_JOINER}{{0,3}}"
_CJK_JOIN = re.compile(f"(?<=[{_CJK}]){_JOINER}+(?=[{_CJK}])")
_HAS_CJK = re.compile(f"[{_CJK}]")
_ACCENTS = re.compile("[\u0300-\u036f]")
_SPACES = re.compile(r"[^\S\n]+")
_LINES = re.compile(r" ?\n\s*")
_SENTENCE_END = re.compile(r"[.!?;。\n]")
_TOKEN = re.compile(f"[{_CJK}]+|[^\\W_{_CJK}]+\\*?")
_LEET_WORD = re.compile(r"(?<![a-z0-9@$])(?=[a-z0-9@$]*[a-z])(?=[a-z0-9@$]*[0-9@$])[a-z0-9@$]+")
_LEET = str.maketrans("013457@$", "oieastas")
_SPACED_LETTERS = re.compile(r"(?<![a-z])[a-z](?:[ .\-_*]{1,2}[a-z](?![a-z])){2,}")
_GREEK_OR_CYRILLIC = re.compile("[\u0370-\u052f]")
_LOOKALIKES = str.maketrans("аеорсухіјѕԁɡαεικνορτυχ", "aeopcyxijsdgaeikvoptux")
"""Cyrillic and Greek letters that look like Latin ones (a common way to spell around a filter)."""


def fold(text: str) -> str:
    """The form text and terms are compared in.

    Compatibility forms (full-width letters, ligatures) as plain ones, case-folded, accents dropped,
    invisible characters gone, traditional Chinese as simplified, one space for each run of spaces
    (newlines kept: they end sentences), and no spaces or joiners between two CJK characters.
    """
    text = clean_text(text)
    if text.isascii():
        text = text.casefold()
    else:
        text = unicodedata.normalize("NFKD", text).casefold()
        text = unicodedata.normalize("NFKC", _ACCENTS.sub("", text))
    if _HAS_CJK.search(text):
        text = _simplified(text)
    text = _LINES.sub("\n", _SPACES.sub(" ", text))
    return _CJK_JOIN.sub("", text).strip()


@functools.cache
def _to_simplified():
    import opencc  # a C++ converter with phrase tables; loaded on first use

    return opencc.OpenCC("t2s")


def _simplified(text: str) -> str:
    return _to_simplified().convert(text)


def respelled(folded: str) -> str:
    """`folded` with leetspeak (d33pf4k3), spaced letters (s e x) and Cyrillic look-alikes undone.

    A second form to match, not a replacement: 'ak47' or '3d' must still match as written.
    """
    text = folded.translate(_LOOKALIKES) if _GREEK_OR_CYRILLIC.search(folded) else folded
    text = _LEET_WORD.sub(lambda m: m.group().translate(_LEET), text)
    return _SPACED_LETTERS.sub(lambda m: re.sub(r"[^a-z]", "", m.group()), text)


@dataclass(frozen=True)
class Term:
    """One stored term read as a rule: parts (all must match) of alternatives (any may)."""

    text: str
    parts: tuple[tuple[str, ...], ...]
    exception: bool = False


def parse(term: str) -> Term:
    """Read an admin's term in the rule syntax; raises InvalidInput naming what is wrong."""
    text = clean_text(term).strip()
    exception = text.startswith("!")
    body = text.removeprefix("!")
    parts = tuple(tuple(a for a in (fold(alt) for alt in part.split("|")) if a) for part in body.split("+"))
    if not parts or any(not alternatives for alternatives in parts):
        raise InvalidInput("Every part of a rule needs a word: write e.g. 'face + swap|replace + celebrity'.")
    if exception and len(parts) > 1:
        raise InvalidInput("An exception (!) is one phrase or a few alternatives (|), not parts joined by +.")
    for alternative in (a for alternatives in parts for a in alternatives):
        if not _TOKEN.search(alternative):
            raise InvalidInput(f"'{alternative}' has no letters to match.")
    stored = " + ".join("|".join(alternatives) for alternatives in parts)
    return Term(("!" if exception else "") + stored, parts, exception)


def canonical(term: str) -> str:
    """The form a term is stored (and looked up) in: folded, with ' + ' and '|' spaced one way."""
    return parse(term).text


def _word(word: str) -> str:
    """A Latin word as a pattern: with '*' any ending, else its plural and -ed/-ing forms (cheaply)."""
    if word.endswith("*"):
        return re.escape(word[:-1]) + f"{_LETTER}*"
    if len(word) < 3 or not (word.isascii() and word.isalpha()):
        return re.escape(word)
    stem = re.escape(word[:-1])
    if word.endswith("e"):
        return stem + "(?:e[sd]?|ing)"
    if word.endswith("y") and word[-2] not in "aeiou":
        return stem + "(?:y|ies|ied|ying)"
    return re.escape(word) + f"(?:e?s|ed|ing|{re.escape(word[-1])}(?:ed|ing))?"


def _stem(token: str) -> str:
    """The part of a token every match of it contains, for a cheap `in` test before the regex."""
    if _HAS_CJK.match(token) or len(token) < 3 or not (token.isascii() and token.rstrip("*").isalpha()):
        return token.rstrip("*")
    return token[:-1] if token[-1] in "*ey" else token


def _alternative(folded: str) -> tuple[str, str]:
    """One alternative as a pattern (its words in order; Latin words whole, CJK runs anywhere) and its stem."""
    tokens = _TOKEN.findall(folded)
    body = _SEPARATOR.join(token if _HAS_CJK.match(token) else _word(token) for token in tokens)
    start = "" if _HAS_CJK.match(tokens[0]) else f"(?<!{_LETTER})"
    end = "" if _HAS_CJK.match(tokens[-1]) else f"(?!{_LETTER})"
    return start + body + end, max((_stem(token) for token in tokens), key=len)


@dataclass(frozen=True)
class _Part:
    """One part of a rule: its alternatives as one pattern, and the stems that let most text skip it."""

    pattern: re.Pattern[str]
    stems: tuple[str, ...]

    @classmethod
    def of(cls, alternatives: tuple[str, ...]) -> _Part:
        patterns, stems = zip(*(_alternative(a) for a in alternatives), strict=True)
        return cls(re.compile("|".join(f"(?:{p})" for p in patterns)), tuple(set(stems)))

    def present(self, text: str) -> bool:
        """False when the text cannot match (no stem in it): a substring test is far cheaper than the regex."""
        return any(stem in text for stem in self.stems)


@dataclass(frozen=True)
class Hit:
    """A rule a text broke: the stored term, its rule (category) name, and the words that matched."""

    term: str
    rule: str
    matched: tuple[str, ...]

    @property
    def shown(self) -> str:
        """What a refusal quotes: the words of the text that met the rule."""
        return " + ".join(self.matched)


@dataclass(frozen=True)
class _Compiled:
    term: str
    rule: str
    parts: tuple[_Part, ...]

    def find(self, text: str, sentence_starts: list[int]) -> Hit | None:
        if not all(part.present(text) for part in self.parts):
            return None
        if len(self.parts) == 1:
            found = self.parts[0].pattern.search(text)
            return Hit(self.term, self.rule, (found.group(),)) if found else None
        events = sorted(
            (m.start(), m.end(), index, m.group())
            for index, part in enumerate(self.parts)
            for m in part.pattern.finditer(text)
        )
        matched = _closest(events, len(self.parts), sentence_starts)
        return Hit(self.term, self.rule, matched) if matched else None


def _closest(events: list[tuple[int, int, int, str]], parts: int, sentence_starts: list[int]) -> tuple[str, ...]:
    """The words (in text order) of the first span, in one sentence and `WINDOW`, where every part matched."""
    latest: dict[int, tuple[int, int, int, str]] = {}
    sentence = -1
    for event in events:
        current = bisect.bisect_right(sentence_starts, event[0])
        if current != sentence:
            latest, sentence = {}, current
        latest[event[2]] = event
        if len(latest) == parts:
            first = min(e[0] for e in latest.values())
            if event[1] - first <= WINDOW:
                return tuple(e[3] for e in sorted(latest.values()))
    return ()


@dataclass(frozen=True)
class RuleSet:
    """Compiled rules in the order they are tried, and the exceptions masked out first."""

    rules: tuple[_Compiled, ...]
    exceptions: tuple[_Part, ...]

    def match(self, text: str) -> Hit | None:
        """The first rule `text` breaks, in its folded or respelled form, or None."""
        folded = fold(text)
        if not folded:
            return None
        respelled_form = respelled(folded)
        for form in (folded, respelled_form) if respelled_form != folded else (folded,):
            hit = self._match_form(form)
            if hit:
                return hit
        return None

    def _match_form(self, text: str) -> Hit | None:
        for exception in self.exceptions:
            if exception.present(text):
                text = exception.pattern.sub(" ", text)
        sentence_starts = [m.end() for m in _SENTENCE_END.finditer(text)]
        for rule in self.rules:
            hit = rule.find(text, sentence_starts)
            if hit:
                return hit
        return None


@functools.lru_cache(maxsize=4)
def compile_rules(terms: tuple[tuple[str, str], ...]) -> RuleSet:
    """Compile stored (term, rule) pairs; cached, since the list changes far less often than text comes in."""
    rules: list[_Compiled] = []
    exceptions: list[_Part] = []
    for stored, rule in terms:
        try:
            term = parse(stored)
        except InvalidInput:  # a row from before the syntax existed: match it as the literal text it is
            literal = fold(stored)
            if literal:
                rules.append(_Compiled(stored, rule, (_Part(re.compile(re.escape(literal)), (literal,)),)))
            continue
        if term.exception:
            exceptions.append(_Part.of(term.parts[0]))
        else:
            rules.append(_Compiled(stored, rule, tuple(_Part.of(part) for part in term.parts)))
    return RuleSet(tuple(rules), tuple(exceptions))
