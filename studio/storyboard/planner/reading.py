"""Reading an idea as a writer reads a brief: what the film is about, its beats, its lists, its length, its look.

The built-in planner (`plan`) lays scenes out from what this module reads. Everything is kept in the
idea's own words: each part knows what the camera should see (`show`) and what is said over it
(`say`, the idea's words with their connectors), so narration is the idea itself, read in pieces.
"""

from __future__ import annotations

import re
import unicodedata

from studio.errors import InvalidInput
from studio.storyboard.planner import clauses, idea_phrases
from studio.storyboard.planner import lexicon as lx
from studio.storyboard.planner.facets import spread_settings
from studio.storyboard.planner.idea import Part, Reading
from studio.storyboard.planner.length import film_length
from studio.storyboard.planner.lists import Listed, lead_list, split_list, style_of
from studio.storyboard.planner.wording import CJK, strip_punct
from studio.storyboard.schema import clean_text

__all__ = ["CJK", "Part", "Reading", "read_idea", "stated_length"]


# --- Public ----------------------------------------------------------------------------------------


def normalize(idea: str) -> str:
    text = clean_text(idea).replace("\u3000", " ")
    return "".join(
        unicodedata.normalize("NFKC", ch) if ch.isalnum() and "\uff10" <= ch <= "\uff5a" else ch for ch in text
    )


def language(text: str) -> str:
    return "zh" if CJK.search(text) else "en"


def stated_length(idea: str) -> float | None:
    """The film's length in seconds if the idea states one ("45 seconds", "30秒", "一分钟"), else None.

    Durations of events inside the film ("unfolds in five seconds") are not the film's length.
    """
    text = normalize(idea)
    return film_length(text, language(text))[0]


def read_idea(idea: str) -> Reading:
    """What a writer takes from the idea before laying out scenes; InvalidInput when it says nothing to film."""
    text = normalize(idea)
    if not has_content(text):
        raise InvalidInput("The idea is empty: describe the video you want in a few words.")
    lang = language(text)
    seconds, text = film_length(text, lang)
    if not has_content(text) or only_boilerplate(text):
        raise InvalidInput(
            "The idea only asks for a video: say what it should show, e.g. a forest adventure with a river."
        )
    reading = Reading(lang, text, seconds, _kind(text, lang))
    sentences = clauses.split_sentences(text) or [text]
    head, rest = _request_object(sentences[0], lang)
    _read_head(reading, head, rest)
    for sentence in sentences[1:]:
        _read_clauses(reading, clauses.cut_clauses(sentence, lang), listing=False)
    spread_settings(reading)
    _find_hero(reading)
    if not reading.topic:
        reading.topic = strip_punct(text) or text
    return reading


# --- The request and the head of the idea ----------------------------------------------------------


def has_content(text: str) -> bool:
    return any(not unicodedata.category(ch).startswith(("P", "Z", "C")) for ch in text)


def only_boilerplate(text: str) -> bool:
    """Whether the idea asks for a video without saying what it should show ("制作一段视频", "make a video")."""
    bare = " ".join(re.sub(r"[^\w\s'-]", " ", text).split())
    return bool(bare) and bool(
        idea_phrases.ZH_ONLY.fullmatch(bare.replace(" ", "")) or idea_phrases.EN_ONLY.fullmatch(bare)
    )


def _kind(text: str, lang: str) -> str:
    """The kind of film, which chooses its structure; a product or an explanation is named by its words."""
    for kind in ("product", "explainer", "place"):
        zh, en = lx.KIND_CUES[kind]
        if (lang == "zh" and re.search(zh, text)) or re.search(en, text, re.IGNORECASE):
            if kind == "explainer" and lang == "zh" and re.search(lx.KIND_CUES["place"][0], text):
                continue  # "介绍西湖…" introduces a place
            return kind
    return "story"


def _request_object(sentence: str, lang: str) -> tuple[str, str]:
    """(what the request asks to show, the rest of the sentence); the sentence itself when it asks nothing."""
    s = sentence.strip()
    zh_prefix = re.match(idea_phrases.ZH_PREFIX, s)
    if zh_prefix and re.fullmatch(r"\s*(?:一个|一段|一部|一条|一支|一则|一组|个|段|部|条|支)?\s*", zh_prefix[0]):
        zh_prefix = None  # "一个女孩…" is the story's first words, not a request for "a" video
    core = s[zh_prefix.end() :] if zh_prefix else s
    nouns = idea_phrases.ZH_VIDEO_NOUNS
    patterns = (
        rf"^[^,，:：]{{0,8}}?(?:{nouns})[:：](?P<s>.+?)(?P<r>)$",
        rf"以(?P<s>[^,，]+?)为(?:主题|题材|内容)(?:的)?(?:(?:制作|生成|做|拍摄|拍|创作)?(?:一个|一段|一部|一条|个|段|部|条)?"
        rf"(?:{nouns}))?(?P<r>.*)",
        rf"(?:关于|有关)(?P<s>[^,，]+?)的(?:{nouns})(?P<r>.*)",
        rf"(?:{nouns})[,，:：\s]*{idea_phrases.ZH_THEME_WORDS}[:：]?(?P<s>[^,，]+)(?P<r>.*)",
        rf"(?P<s>[^,，]+?)的(?:{nouns})(?P<r>.*)",
        rf"(?P<s>[^,，]+?)(?:{nouns})(?P<r>(?:[,，].*)?)$",
    )
    if CJK.search(core):
        for pattern in patterns:
            m = re.match(pattern, core)
            if m and strip_punct(m["s"]):
                subject = re.sub(rf"^{idea_phrases.ZH_THEME_WORDS}+", "", m["s"].strip())
                return subject or m["s"].strip(), m["r"]
        core = re.sub(rf"^{idea_phrases.ZH_THEME_WORDS}+", "", core)
        en = idea_phrases.EN_REQUEST.match(s) or idea_phrases.EN_SHOW.match(s)  # "Make a video about 长城"
        return (en["s"].strip() if en else core if strip_punct(core) else s), ""
    en = idea_phrases.EN_REQUEST.match(s) or idea_phrases.EN_SHOW.match(s)
    return (re.sub(r"\?+$", "", en["s"].strip()), "") if en else (s, "")


def _read_head(reading: Reading, head: str, rest: str) -> None:
    """The first sentence: its opening phrase names the topic; a colon or "with …" may list what to show."""
    lang = reading.lang
    topic_part, colon, after = re.split(r"([:：])", head, maxsplit=1) if re.search(r"[:：]", head) else (head, "", "")
    pieces = clauses.cut_clauses(topic_part, lang)
    first = pieces[0] if pieces else topic_part
    subject, listed = _split_subject(strip_punct(first), lang)
    relative = re.match(r"^(.+?)\s+(?:that|which|who)\s+(.+)$", subject) if lang == "en" and not listed else None
    if relative and not clauses.is_event(relative[1], lang) and clauses.is_event(relative[2], lang, True):
        reading.topic = reading.topic_say = relative[1]  # "a new smartwatch that tracks your run and shows messages"
        for beat in clauses.split_and(relative[2]):
            reading.add(_event(beat, lang))
        _read_clauses(reading, pieces[1:], listing=False)
    elif clauses.is_event(subject, lang) and not listed:
        _read_clauses(reading, [first, *pieces[1:]], listing=False)
        reading.topic = reading.parts[0].show if reading.parts else strip_punct(subject)
    else:
        reading.topic = strip_punct(subject)
        reading.topic_say = strip_punct(subject) + (_tail_punct(first) if not listed else "")
        _add_listed(reading, lead_list(listed, lang) or split_list(listed, lang, keep_lead=""))
        _read_clauses(reading, pieces[1:], listing=bool(listed))
    if colon:
        reading.topic_say = strip_punct(reading.topic_say or topic_part) + colon
        after_clauses = clauses.cut_clauses(after, lang)
        things = [c for c in after_clauses if not clauses.is_event(c, lang)]
        _read_clauses(reading, after_clauses, listing=len(things) == len(after_clauses))
    _read_clauses(reading, clauses.cut_clauses(rest, lang), listing=False)


def _tail_punct(text: str) -> str:
    m = re.search(r"[,，;；]$", text.strip())
    return m[0] if m else ""


def _split_subject(text: str, lang: str) -> tuple[str, str]:
    """Split "森林探险包含河流" / "a forest with a river" into the subject and what it lists."""
    for lead in ("包含", "包括", "含有", "其中有", "画面中有"):
        if lead in text and text.index(lead) > 0:
            head, _, tail = text.partition(lead)
            return head, tail
    m = re.search(r"\s*,?\s+(?:with|including|featuring|containing|along with|together with|plus)\s+", text, re.I)
    if m and not CJK.search(text[: m.start()]) and not clauses.is_event(text[: m.start()], lang):
        return text[: m.start()], text[m.start() :].strip()
    return text, ""


# --- Clauses ---------------------------------------------------------------------------------------


def _read_clauses(reading: Reading, pieces: list[str], listing: bool) -> None:
    """File each clause as a directive, a list, a style note, an event or something to show."""
    lang = reading.lang
    continuing = bool(reading.parts and reading.parts[-1].event)
    for piece in pieces:
        bare = clauses.drop_marker(piece, lang)
        if not strip_punct(piece):
            continue
        if (lx.ZH_PER_ITEM if lang == "zh" else lx.EN_PER_ITEM).match(bare):
            reading.per_item = True
            continue
        listed = lead_list(piece, lang)
        if listed is not None:
            _add_listed(reading, listed)
            listing, continuing = True, False
            continue
        style = style_of(strip_punct(piece), listing)
        if style:
            reading.style.append(style)
            continue
        if lang == "zh" and "、" in piece:  # "采摘、晾晒、烘焙": an enumeration, whatever its words are
            for item in split_list(piece, lang, keep_lead=""):
                reading.add(_event(item.say, lang) if clauses.is_event(item.text, lang) else Part(item.text, item.say))
            listing, continuing = True, False
            continue
        if clauses.is_event(piece, lang, continuing):
            for beat in clauses.split_and(piece) if lang == "en" else [piece]:
                reading.add(_event(beat, lang))
            listing, continuing = False, True
            continue
        _add_listed(reading, split_list(piece, lang, keep_lead="") if listing else [Listed(bare, piece)])
        continuing = False


def _event(clause: str, lang: str) -> Part:
    subject, rest = (
        ("", clauses.drop_marker(clause, lang))
        if clauses.subjectless(clause, lang)
        else (clauses.subject_of(clause, lang))
    )
    predicate, tail = clauses.setting_tail(rest, lang) if subject else (rest, "")
    return Part(clauses.drop_marker(clause, lang), clause, True, subject, predicate, tail)


def _add_listed(reading: Reading, listed: list[Listed]) -> None:
    for item in listed:
        reading.add(Part(item.text, item.say))


# --- After reading: the recurring subject ----------------------------------------------------------


def _find_hero(reading: Reading) -> None:
    """The character or product the beats go on about: the first named subject, or the topic of a demo.

    An explanation's steps have no hero to carry ("然后叶子吸收…", "grind the beans").
    """
    if reading.kind == "explainer":
        return
    pronouns = {*lx.EN_PRONOUNS, "他", "她", "它", "他们", "她们", "我", "我们"}
    named = (p.subject for p in reading.parts if p.event and p.subject and p.subject.lower() not in pronouns)
    day = re.match(r"^(?:a day in the life of\s+(.+)|(.+?)的一天)$", reading.topic, re.IGNORECASE)
    reading.hero = next(named, "") or (day and (day[1] or day[2])) or ""
    if reading.kind == "product" and not reading.hero:
        reading.hero = reading.topic
