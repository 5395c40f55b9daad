"""What the planner reads from an idea: its parts (in the idea's own words) and the reading as a whole.

Filled in by `reading` (and `facets`), laid out by `layout`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass
class Part:
    """One thing the idea says: an event ("a keeper finds a bottle") or something to show ("neon lights")."""

    show: str
    say: str
    event: bool = False
    subject: str = ""  # an event's own subject, as written ("A lighthouse keeper")
    predicate: str = ""  # the rest of it, without its closing time/weather phrase
    tail: str = ""  # that phrase ("during a storm", "在花园里")


@dataclass
class Reading:
    lang: str
    text: str
    seconds: float | None = None
    kind: str = "story"  # "story", "explainer", "product" or "place"
    topic: str = ""  # what the film is about, in the idea's words: the title comes from it
    topic_say: str = ""  # the topic as narration ("" when the first part already says it)
    parts: list[Part] = field(default_factory=list)
    style: list[str] = field(default_factory=list)
    per_item: bool = False  # the idea asks for one scene per listed item
    frame: str = ""  # what listed seasons or times are facets of ("西湖" in "西湖的春夏秋冬")
    hero: str = ""  # who or what later beats go on about ("a lighthouse keeper", "一款折叠电动自行车")

    def add(self, part: Part) -> None:
        key = _key(part.show)
        if key and (part.event or key != _key(self.topic)) and all(_key(p.show) != key for p in self.parts):
            self.parts.append(part)


def _key(text: str) -> str:
    return re.sub(r"^(?:a|an|the)\s+|[\W_]+", "", text.casefold())
