"""The built-in storyboard planner: a storyboard that follows the idea, with no model.

This is the writer used when no LLM is configured. It reads the idea as a writer reads a brief
(`reading`: the film's length, its kind, its beats and lists, its look), lays the shots out by the
kind of film (`layout`), then words each shot: a description that is a prompt for image and video
models (what the camera sees, in the idea's own words, lit by the scene's own time, season and
weather), an action, and narration that is the idea itself, read in pieces. Chinese ideas get a
Chinese storyboard, everything else English. The same idea always gives the same storyboard: the
one free choice, a light when the idea names none, is drawn from a SHA-256 of the idea.
"""

from __future__ import annotations

import hashlib
import re

from studio.storyboard.planner import clauses, phrases, templates
from studio.storyboard.planner import lexicon as lx
from studio.storyboard.planner.cameras import category
from studio.storyboard.planner.idea import Reading
from studio.storyboard.planner.layout import Shot, layout
from studio.storyboard.planner.reading import read_idea
from studio.storyboard.planner.wording import (
    definite,
    ends_dangling,
    finish,
    lower_start,
    sentence_case,
    shorten,
    strip_punct,
    title_case,
    trim_dangling,
    words,
)
from studio.storyboard.schema import MAX_SCENE_SECONDS, MIN_SCENE_SECONDS, Scene, Storyboard, check_generated

FOCUS_CHARS = {"zh": 80, "en": 200}
TITLE_CHARS = {"zh": 24, "en": 60}
NARRATION_CHARS = 190


def plan_storyboard(idea: str) -> Storyboard:
    """Write a 3-8 scene storyboard for `idea` (Chinese or English), deterministically."""
    reading = read_idea(idea)
    seed = hashlib.sha256(reading.text.encode("utf-8")).digest()
    shots = layout(reading)
    film = _film_settings(reading)
    scenes = [_scene(reading, shot, film, seed) for shot in shots]
    for scene, line in zip(scenes, _narration(shots, reading.lang), strict=True):
        scene["narration"] = line
    for scene, shot in zip(scenes, shots, strict=True):
        scene["duration"] = _seconds(shot, str(scene["narration"]), reading.lang)
    _fit_durations(scenes, reading.seconds)
    board = Storyboard(title=_title(reading), scenes=[Scene(**s) for s in scenes])
    return check_generated(board)


# --- Light ---------------------------------------------------------------------------------------


def _film_settings(reading: Reading) -> dict[str, lx.Setting]:
    """Settings that hold for the whole film: a dimension the idea gives one value (one storm, one night).

    A dimension with several values ("春夏秋冬", "dawn … noon … sunset") lights each scene by its own.
    """
    values: dict[str, set[str]] = {}
    found: dict[str, lx.Setting] = {}
    for text in [reading.topic, reading.hero, *(p.show for p in reading.parts)]:
        for dim, setting in clauses.settings_in(text, reading.lang).items():
            values.setdefault(dim, set()).add(setting.key)
            found.setdefault(dim, setting)
    return {dim: found[dim] for dim, keys in values.items() if len(keys) == 1}


def _light(reading: Reading, shot: Shot, film: dict[str, lx.Setting], seed: bytes) -> str:
    lang = reading.lang
    own = clauses.settings_in(shot.focus, lang)
    present = {**film, **own}
    settings = [present[d] for d in lx.DIMENSIONS if d in present]
    main = next((s.light[lang] for s in settings if s.light[lang]), "")
    if not main:
        options = lx.DEFAULT_LIGHTS[lang]
        kind_light = lx.KIND_LIGHTS.get(reading.kind)
        main = kind_light[lang] if kind_light else options[seed[0] % len(options)]
    airs = [s.air[lang] for s in settings if s.air[lang]]
    return ("，" if lang == "zh" else ", ").join([main, *airs])


# --- Words of a scene ----------------------------------------------------------------------------


def _scene(reading: Reading, shot: Shot, film: dict[str, lx.Setting], seed: bytes) -> dict[str, object]:
    lang, camera = reading.lang, shot.camera
    focus = shorten(shot.focus, FOCUS_CHARS[lang], lang) or shot.focus[: FOCUS_CHARS[lang]]
    role = shot.role if shot.role in templates.DESCRIPTION[lang] else "default"
    description = templates.DESCRIPTION[lang][role].format(
        label=phrases.CAMERA_LABEL[lang][camera],
        focus=focus,
        composition=phrases.COMPOSITION[lang][camera],
        light=_light(reading, shot, film, seed),
    )
    if reading.style:
        glue = "，" if lang == "zh" else "; "
        description += glue + glue.join(reading.style)
    return {
        "description": sentence_case(description),
        "action": sentence_case(_action(reading, shot, focus)),
        "camera": camera,
    }


def _action(reading: Reading, shot: Shot, focus: str) -> str:
    lang = reading.lang
    role = shot.role
    if role == "part":
        role = "event" if shot.part is not None and shot.part.event else "thing"
    own = clauses.settings_in(focus, lang)
    weather = own.get("weather")
    thing = focus if lang == "zh" else definite(focus)
    if role == "thing" and weather is not None and weather.air[lang] and len(strip_punct(focus)) <= 12:
        what = weather.air[lang]
    elif role == "thing" and own:
        what = "光影缓缓变化" if lang == "zh" else "The light shifting slowly across the scene"
    else:
        what = sentence_case(phrases.CATEGORY_MOTION[lang][category(focus)].format(el=thing))
    return templates.ACTION[lang][role].format(
        focus=sentence_case(focus) if role in ("event", "intro") else thing,
        motion=phrases.CAMERA_MOTION[lang][shot.camera],
        what=what,
    )


_JOINS_ON = re.compile(r"^(?:(?:and|or|but|then|while|until)\b|和|与|及|或|以及|并且|而且|然后)", re.IGNORECASE)


def _narration(shots: list[Shot], lang: str) -> list[str]:
    """The idea's words, one piece per scene, punctuated and capitalised as one text read in order."""
    pieces = [s.say.strip() for s in shots]
    spoken = [i for i, p in enumerate(pieces) if strip_punct(p)]
    out = [""] * len(pieces)
    for k, i in enumerate(spoken):
        piece = pieces[i]
        if len(piece) > NARRATION_CHARS:
            piece = shorten(piece, NARRATION_CHARS, lang)
        before = pieces[spoken[k - 1]] if k else ""
        piece = sentence_case(piece) if not before or re.search(r"[.!?。！？]$", before) else piece
        if lang == "en" and before and not re.search(r"[.!?]$", before):
            piece = lower_start(piece)
        if k == len(spoken) - 1:
            piece = finish(re.sub(r"[,，;；:：、]+$", "", piece), lang)
        elif shots[i].flows or re.search(r"[.!?。！？,，;；:：、…]$", piece) or _JOINS_ON.match(pieces[spoken[k + 1]]):
            pass
        else:
            piece += "，" if lang == "zh" else ","
        out[i] = piece
    return out


# --- Timing and title ----------------------------------------------------------------------------


def _seconds(shot: Shot, narration: str, lang: str) -> float:
    base = phrases.CAMERA_SECONDS[shot.camera] + (0.5 if shot.role in ("opening", "closing") else 0.0)
    reading = len(narration) / 4.5 if lang == "zh" else len(narration.split()) / 2.5
    return min(max(base, reading + 1.0), 8.0)


def _fit_durations(scenes: list[dict[str, object]], target: float | None) -> None:
    """Round to 0.5 s; hit `target` exactly when given (as far as the scene limits allow), else keep 20-35 s."""
    raw = [float(s["duration"]) for s in scenes]  # type: ignore[arg-type]
    total, n = sum(raw), len(scenes)
    if target is None:
        goal, low, high = min(max(total, 20.0), 35.0), 2.0, 10.0
    else:
        goal, low, high = target, MIN_SCENE_SECONDS, MAX_SCENE_SECONDS
    goal = min(max(round(goal * 2) / 2, n * low), n * high)
    units, lo, hi = round(goal * 2), int(low * 2), int(high * 2)
    shares = [r * units / total for r in raw]
    halves = [min(max(int(s), lo), hi) for s in shares]
    order = sorted(range(n), key=lambda i: shares[i] - int(shares[i]), reverse=True)
    while sum(halves) != units:
        step = 1 if sum(halves) < units else -1
        movable = [i for i in order if lo <= halves[i] + step <= hi]
        if not movable:
            break
        for i in movable:
            if sum(halves) == units:
                break
            halves[i] += step
    for scene, h in zip(scenes, halves, strict=True):
        scene["duration"] = h / 2


_CUT_BEFORE = words("at in on for during with from by every under over near while and after before until")


def _phrase_prefix(text: str, limit: int) -> str:
    """The longest opening of an English clause that ends before a preposition or "and": a whole phrase."""
    words = text.split()
    for k in range(len(words) - 1, 2, -1):
        head = " ".join(words[:k])
        if words[k].lower() in _CUT_BEFORE and len(head) <= limit and not ends_dangling(head, "en"):
            return head
    return ""


def _title(reading: Reading) -> str:
    """The topic in the idea's words, as a whole phrase: the clause, else the clause without its weather,
    else its opening up to a preposition, else its subject."""
    lang, limit = reading.lang, TITLE_CHARS[reading.lang]
    candidates = [reading.topic]
    first = reading.parts[0] if reading.parts else None
    own = first is not None and first.event and first.subject and first.show == reading.topic
    if own:
        candidates.append(first.subject + ("" if lang == "zh" else " ") + first.predicate)
    if lang == "en":
        candidates.append(_phrase_prefix(reading.topic, limit))
    if own:
        candidates.append(first.subject)
    text = next((strip_punct(c) for c in candidates if 0 < len(strip_punct(c)) <= limit), "")
    text = trim_dangling(text or shorten(reading.topic, limit, lang), lang) or reading.topic[:limit]
    return text if lang == "zh" else title_case(text)
