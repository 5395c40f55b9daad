"""What a scene is of, in a few words, for the large line of its title card.

Writers (the planner, an LLM, a person) describe a shot the way a script does: "Wide shot of a
lighthouse on a cliff at night, rain lashing the windows", "航拍：城市夜景，高空俯瞰，霓虹闪烁". The
subject is what is left of the first clause once the shot's name, the camera's doings and the
time and weather (the card's colours already show those) are taken off: "A lighthouse on a
cliff", "城市夜景". It never ends on a dangling word ("a message in a") and is a few words long.
"""

from __future__ import annotations

import re

MAX_WORDS = 7
MAX_HAN = 12

_SHOT = (
    r"(?:extreme\s+|very\s+|slow\s+|tight\s+|high[\s-]+|low[\s-]+|wide[\s-]+|medium[\s-]+|long\s+|full\s+)*"
    r"(?:wide|medium|close[\s-]*up|closeup|aerial|overhead|establishing|tracking|static|handheld|dolly|drone"
    r"|bird'?s[\s-]*eye|low[\s-]*angle|high[\s-]*angle|pov|point[\s-]of[\s-]view|over[\s-]the[\s-]shoulder|long|full)"
    r"(?:\s+(?:shot|view|angle|pan|take))?"
)
_LEAD = re.compile(rf"^\s*(?:an?\s+|the\s+)?{_SHOT}\s*(?:of\b|on\b|:|,|-|–|—)\s*", re.IGNORECASE)
_CAMERA_TAIL = re.compile(
    r"\s+(?:(?:as|while|and)\s+the\s+camera|the\s+camera|seen|framed|filling|revealed|shot|captured|centred|centered"
    r"|in\s+frame|in\s+view|from\s+above|from\s+below)\b.*$",
    re.IGNORECASE,
)
_TIME_TAIL = re.compile(
    r"\s+(?:at|during|in|under|on|before|after|through)\s+(?:a\s+|an\s+|the\s+)?(?:\w+\s+)?"
    r"(?:night|dawn|dusk|sunset|sunrise|storm|rain|snow|snowfall|fog|mist|twilight|midnight|noon|daybreak|evening"
    r"|morning|moonlight|sunlight|downpour|blizzard|golden\s+hour)\b.*$",
    re.IGNORECASE,
)
_DANGLING = frozenset(
    ("a", "an", "the", "of", "in", "on", "at", "to", "for", "with", "and", "or", "but", "by", "from", "during",
     "as", "while", "into", "onto", "over", "under", "its", "his", "her", "their", "this", "that", "these",
     "those", "is", "are", "was", "were", "be")
)  # fmt: skip
_CLAUSE_EN = re.compile(r"[,;.!?()\[\]—–]|\s-\s")
_CLAUSE_ZH = re.compile(r"[，。；、！？,;.!?（）()]")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_ZH_LABEL = re.compile(r"^[^：:，。]{1,8}[：:]")
_ZH_CAMERA = ("镜头", "画面", "运镜", "机位")
_ZH_CUT = ("正在", "在", "于", "从", "向")


def scene_subject(description: str) -> str:
    """The scene's subject, a short phrase from its description (the description's start when none is found)."""
    text = " ".join(description.split())
    if not text:
        return ""
    subject = _chinese(text) if _HAN.search(text[:40]) else _english(text)
    return subject or text[: MAX_HAN if _HAN.search(text) else 60].strip()


def _english(text: str) -> str:
    if ":" in text[:40]:
        text = text.split(":", 1)[1]
    text = _LEAD.sub("", text, count=1)
    clause = next((part.strip() for part in _CLAUSE_EN.split(text) if part.strip()), "")
    clause = _CAMERA_TAIL.sub("", clause)
    clause = _TIME_TAIL.sub("", clause) or clause
    words = clause.split()[:MAX_WORDS]
    while words and words[-1].lower() in _DANGLING:
        words.pop()
    phrase = " ".join(words)
    return phrase[:1].upper() + phrase[1:]


def _chinese(text: str) -> str:
    text = _ZH_LABEL.sub("", text, count=1)
    clauses = [part.strip() for part in _CLAUSE_ZH.split(text) if part.strip()]
    clause = next((c for c in clauses if not c.startswith(_ZH_CAMERA)), clauses[0] if clauses else "")
    if len(clause) > 10:
        cuts = [clause.find(word, 2) for word in _ZH_CUT if clause.find(word, 2) >= 2]
        if cuts:
            clause = clause[: min(cuts)]
    clause = clause.rstrip("的地得了着")
    return clause if len(clause) <= MAX_HAN else clause[: MAX_HAN - 1] + "…"
