"""Seasons and times listed as items: each lights a scene of its own ("西湖的春夏秋冬" is four scenes of West Lake).

Run by `reading` once the idea is read: compact lists ("春夏秋冬", "the four seasons") become items framed by
their place, "in spring, summer, autumn and winter" becomes four facets of the place named before it, and
a list asked for one scene per item ("Tokyo, Paris and New York, one scene for each city") keeps every item.
"""

from __future__ import annotations

import re

from studio.storyboard.planner import clauses
from studio.storyboard.planner import lexicon as lx
from studio.storyboard.planner.idea import Part, Reading
from studio.storyboard.planner.lists import split_list
from studio.storyboard.planner.wording import join as join_items
from studio.storyboard.planner.wording import strip_punct


def spread_settings(reading: Reading) -> None:
    """Seasons or times listed as items light one scene each; "西湖的春夏秋冬" is four scenes of West Lake."""
    if _compact_items(reading):
        return
    _split_setting_lists(reading)
    lang = reading.lang
    facets = [p for p in reading.parts if not p.event and _one_setting(p.show, lang)]
    dims = {_one_setting(p.show, lang) for p in facets}
    if len(facets) >= 2 and len(dims) == 1:
        dim = dims.pop()
        m = re.search(r"\s+(?:in|at|during|on)\s+(?:the\s+)?(\S+(?:\s\S+)?)$", reading.topic)
        if m and _one_setting(m[1], lang) == dim:
            reading.frame = reading.topic[: m.start()]
            reading.parts.insert(0, Part(m[1], reading.topic_say))
            reading.topic = f"{reading.frame} in {join_items([p.show for p in reading.parts[: len(facets) + 1]], lang)}"
            reading.topic_say = ""
            for part in reading.parts[: len(facets) + 1]:
                part.show = f"{reading.frame} in {part.show}" if lang == "en" else f"{reading.frame}的{part.show}"
            return
    _list_as_topic(reading)


def _compact_items(reading: Reading) -> bool:
    """One item per season in "西湖的春夏秋冬", "the four seasons of Kyoto", framed by the place."""
    lang = reading.lang
    compact = lx.ZH_COMPACT if lang == "zh" else lx.EN_COMPACT
    for pattern, items in compact.items():
        m = re.search(pattern, reading.topic, 0 if lang == "zh" else re.IGNORECASE)
        if not m or reading.parts:
            continue
        frame = (reading.topic[: m.start()] + reading.topic[m.end() :]).strip()
        reading.frame = strip_punct(re.sub(r"的$|\s+(?:of|in|at)$|^(?:of|in|at)\s+", "", frame))
        names = lx.ZH_SEASON_NAMES if lang == "zh" else {}
        for item in items:
            say = f"{reading.frame}之{item}" if lang == "zh" and reading.frame else item
            show = names.get(item, item)
            if reading.frame:
                show = f"{reading.frame}的{show}" if lang == "zh" else f"{reading.frame} in {show}"
            reading.parts.append(Part(show, say))
        return True
    return False


def _split_setting_lists(reading: Reading) -> None:
    """Two facets in "autumn and winter"; with one scene per item asked, any list is several items."""
    parts: list[Part] = []
    for part in reading.parts:
        listed = [] if part.event else split_list(part.say, reading.lang, keep_lead="")
        dims = {_one_setting(item.text, reading.lang) for item in listed}
        if len(listed) > 1 and (reading.per_item or (len(dims) == 1 and "" not in dims)):
            parts += [Part(item.text, item.say) for item in listed]
        else:
            parts.append(part)
    reading.parts = parts


def _list_as_topic(reading: Reading) -> None:
    """In "Tokyo, Paris and New York, one scene for each city" the first item is no topic but one of the list."""
    things = reading.parts and not any(p.event for p in reading.parts)
    if not (reading.per_item and things and reading.topic_say[-1:] in (",", "，", "、") and len(reading.topic) <= 24):
        return
    reading.parts.insert(0, Part(reading.topic, reading.topic_say))
    reading.topic = join_items([p.show for p in reading.parts], reading.lang)
    reading.topic_say = ""


def _one_setting(text: str, lang: str) -> str:
    """The dimension ("season", "time") when the text is nothing but one setting word ("summer", "夏天")."""
    found = clauses.settings_in(text, lang)
    if len(found) != 1:
        return ""
    words = strip_punct(re.sub(r"^(?:and|or|the)\s+", "", text, flags=re.I))
    short = len(words) <= 3 if lang == "zh" else len(words.split()) <= 2
    return next(iter(found)) if short else ""
