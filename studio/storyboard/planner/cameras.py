"""Which camera for which shot: landscapes wide, small things close, moving subjects tracked, no two alike in a row."""

from __future__ import annotations

import re

from studio.storyboard.planner import lexicon as lx
from studio.storyboard.planner import phrases
from studio.storyboard.planner.idea import Part
from studio.storyboard.planner.wording import CJK


def moves(text: str, lang: str) -> bool:
    if lang == "zh":
        return bool(re.search(lx.ZH_MOTION, text))
    return any(re.sub(r"(?:s|es|ed|ing)$", "", w.lower()) in lx.EN_MOTION for w in text.split())


def _category(text: str) -> tuple[str, str]:
    """(category, camera) for a thing to show, judged by its head noun first, then by any word."""
    if CJK.search(text):
        head = text.rsplit("的", 1)[-1]
    else:
        head = re.split(r"\s+(?:of|at|in|on|with|under|over|by|near|from|for|across|through)\s+", text, maxsplit=1)[0]
        head = head.split()[-1] if head.split() else text
    for probe in (head, text):
        for name, zh, en, camera in phrases.CATEGORIES:
            if CJK.search(probe) and re.search(zh, probe):
                return name, camera
            if not CJK.search(probe) and re.search(rf"\b(?:{en})\b", probe, re.IGNORECASE):
                return name, camera
    if text.startswith(phrases.SMALL_HINT_ZH) or re.search(phrases.SMALL_HINT_EN, text, re.IGNORECASE):
        return "detail", "close up"
    return "generic", "medium shot"


def category(text: str) -> str:
    return _category(text)[0]


def part_camera(part: Part, lang: str, kind: str) -> str:
    if not part.event:
        return "close up" if kind == "product" else _category(part.show)[1]
    if moves(part.show, lang):
        return "tracking shot"
    kind, camera = _category(part.subject) if part.subject else ("generic", "medium shot")
    return "medium shot" if kind in ("person", "animal", "generic") else camera


_FAMILIES = (
    frozenset(("wide shot", "aerial view")),
    frozenset(("close up", "extreme close up")),
    frozenset(("medium shot", "tracking shot", "static shot", "low angle")),
)


def _cost(wanted: str, camera: str) -> int:
    if camera == wanted:
        return 0
    return 1 if any(wanted in f and camera in f for f in _FAMILIES) else 3


def vary(cameras: list[str]) -> list[str]:
    """The cameras closest to those wanted with no two consecutive shots alike (a small Viterbi search).

    A camera may change within its family (wide for aerial, extreme close up for close up) at little cost,
    to another family at more; the closing shot keeps its camera.
    """
    options = list(phrases.CAMERA_ALTERNATIVES)
    best: dict[str, tuple[int, list[str]]] = {c: (_cost(cameras[0], c), [c]) for c in options}
    for k, wanted in enumerate(cameras[1:], start=1):
        fixed = k == len(cameras) - 1
        step: dict[str, tuple[int, list[str]]] = {}
        for camera in [wanted] if fixed else options:
            prev = min((v for c, v in best.items() if c != camera), key=lambda v: v[0])
            step[camera] = (prev[0] + _cost(wanted, camera), [*prev[1], camera])
        best = step
    return min(best.values(), key=lambda v: v[0])[1]
