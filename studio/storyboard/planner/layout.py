"""Laying the idea out as shots: the kind of film chooses the structure, the idea's parts fill it.

- story: the place (and its weather) first, the hero, one shot per beat, a detail, a pull-back;
- place or montage: the place as a whole, one shot per thing listed, a pull-back;
- explainer: the topic, one shot per step or point, a pull-back;
- product demo: the product revealed, one shot per thing it does, a packshot.

Each shot says the idea's words that belong to it: a beat its clause, the hero its name, the opening
the beat's weather ("During a storm, / a lighthouse keeper / finds a message in a bottle."), so the
narration of the whole film is the idea read aloud, in order, and nothing else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from studio.storyboard.planner import clauses, phrases
from studio.storyboard.planner import lexicon as lx
from studio.storyboard.planner.cameras import category, moves, part_camera, vary
from studio.storyboard.planner.idea import Part, Reading
from studio.storyboard.planner.idea_phrases import EN_NUMBERS as NUMBERS
from studio.storyboard.planner.wording import CJK, definite, gerund, lower_start, sentence_case, strip_punct, words

MAX_SHOTS = 8


@dataclass
class Shot:
    role: str  # "opening", "intro", "part", "detail", "closing"
    camera: str
    focus: str  # what the camera sees, in the idea's words
    say: str = ""  # the idea's words spoken over it
    part: Part | None = None
    flows: bool = False  # the next shot's words go on with the same clause ("a lighthouse keeper / finds …")


def layout(reading: Reading) -> list[Shot]:
    """3-8 shots for the idea, in order, each with its camera, what it shows and what is said."""
    slots = MAX_SHOTS - 2  # room for the opening and the closing shot
    if reading.per_item:  # one scene per item, if need be without the opening and closing shots
        slots = MAX_SHOTS if len(reading.parts) == MAX_SHOTS else MAX_SHOTS - 1
    parts = _fit(reading.parts, slots, reading.lang)
    body = [Shot("part", part_camera(p, reading.lang, reading.kind), _show(reading, p), p.say, p) for p in parts]
    shots = body if len(body) == MAX_SHOTS else [_opening(reading), *body]
    for extra in _extras(reading, parts):
        if len(shots) >= 3 and not _room_for_one_more(reading, shots):
            break
        index = 1 if extra.role == "intro" else len(shots)
        if extra.role == "detail" and shots[-1].role == "closing":
            index -= 1
        shots.insert(index, extra)
    views = iter(("medium shot", "low angle", "static shot", "tracking shot", "medium shot"))
    while len(shots) < 3 or (reading.seconds and reading.seconds / len(shots) > 10 and len(shots) < MAX_SHOTS):
        shots.insert(len(shots) - 1, Shot("detail", next(views, "medium shot"), _topic_focus(reading)))
    _share_first_beat(reading, shots)
    for shot, camera in zip(shots, vary([s.camera for s in shots]), strict=True):
        shot.camera = camera
    return shots


def _room_for_one_more(reading: Reading, shots: list[Shot]) -> bool:
    if len(shots) >= MAX_SHOTS:
        return False
    return reading.seconds is None or reading.seconds / (len(shots) + 1) >= 2.5


def _fit(parts: list[Part], slots: int, lang: str) -> list[Part]:
    """At most `slots` parts: neighbours are merged, in the idea's order, so every part is still shown."""
    if len(parts) <= slots:
        return list(parts)
    size, extra = divmod(len(parts), slots)
    merged, start = [], 0
    for k in range(slots):
        group = parts[start : start + size + (1 if k < extra else 0)]
        start += len(group)
        glue = "，" if lang == "zh" else "; "
        say = ("" if lang == "zh" else " ").join(p.say for p in group)
        merged.append(Part(glue.join(p.show for p in group), say, any(p.event for p in group)))
    return merged


# --- The shots around the parts ------------------------------------------------------------------


def _opening(reading: Reading) -> Shot:
    if reading.kind == "product":
        return Shot("reveal", "close up", _topic_focus(reading), reading.topic_say)
    if reading.kind == "explainer":
        return Shot("opening", "wide shot", _topic_focus(reading), reading.topic_say)
    outdoor = re.search(phrases.OUTDOOR_ZH, reading.text) or re.search(phrases.OUTDOOR_EN, reading.text, re.I)
    return Shot("opening", "aerial view" if outdoor else "wide shot", _setting_focus(reading), reading.topic_say)


def _extras(reading: Reading, parts: list[Part]) -> list[Shot]:
    """Optional shots, most wanted first: the pull-back, the hero, a detail of what the beat is about."""
    events = [p for p in parts if p.event]
    if reading.kind == "product":
        closing = Shot("packshot", "static shot", _lower(reading.hero or reading.topic))
    elif events and reading.kind != "explainer":
        place = _place(events[0], reading.lang)
        seen = place or (_topic_focus(reading) if reading.topic_say else _lower(reading.hero))
        closing = Shot("closing", "wide shot", seen or _setting_focus(reading))
    else:
        closing = Shot("closing", "wide shot", _topic_focus(reading))
    extras = [closing]
    first = parts[0] if parts else None
    character = first is not None and category(first.subject) not in ("land", "vast", "water", "sky", "tall", "tiny")
    if reading.kind == "story" and first and first.event and first.subject and character and len(events) <= 2:
        moving = moves(first.show, reading.lang)
        extras.append(Shot("intro", "tracking shot" if moving else "medium shot", _lower(first.subject)))
    thing = _object(events[0], reading.lang) if events and len(events) <= 2 else ""
    if thing or not parts:
        extras.append(Shot("detail", "close up", thing or _topic_focus(reading)))
    return extras


def _share_first_beat(reading: Reading, shots: list[Shot]) -> None:
    """The opening says the first beat's weather, the hero shot its subject, the beat the rest."""
    beat = next((s for s in shots if s.role == "part"), None)
    part = beat.part if beat else None
    if beat is None or part is None or not part.event or not part.subject or shots[0].say:
        return
    zh, said = reading.lang == "zh", part.say.strip()
    end = re.search(r"[,，;；.。!！?？]*$", said)[0]
    if not part.tail and not said.startswith(part.subject):
        return
    fronted = bool(part.tail) and shots[0].role == "opening"
    if fronted:
        shots[0].say = sentence_case(part.tail) + ("，" if zh else ",")
        rest = part.predicate
    elif part.tail:
        rest = part.tail + part.predicate if zh else f"{part.predicate} {part.tail}"
    else:
        rest = strip_punct(said[len(part.subject) :])
    subject = part.subject if zh or not fronted else lower_start(part.subject)
    intro = next((s for s in shots if s.role in ("intro", "reveal")), None)
    if intro is not None:
        intro.say, intro.flows = subject, True
        beat.say = rest + end
    elif fronted:
        beat.say = subject + ("" if zh else " ") + rest + end


# --- What each shot shows -------------------------------------------------------------------------


def _lower(text: str) -> str:
    """The phrase as it reads mid-sentence: "A storm" -> "a storm", "Sunrise over…" -> "sunrise over…", "Tokyo" kept."""
    if CJK.search(text) or not text:
        return text
    lowered = lower_start(text)
    first = lowered.split(" ", 1)[0]
    if lowered == text and first[:1].isupper() and first[1:].islower() and _common(first.lower()):
        return first.lower() + lowered[len(first) :]
    return lowered


def _common(word: str) -> bool:
    """Whether an English word is an ordinary word, not a name (so its capital is only the sentence's)."""
    if (
        word in clauses.VERB_FORMS
        or word in ("how", "why", "what", "history", "life", "day", "story")
        or word in NUMBERS
    ):
        return True
    if any(re.fullmatch(setting.en, word, re.IGNORECASE) for setting in lx.SETTINGS):
        return True
    return any(re.fullmatch(en, word, re.IGNORECASE) for _, _, en, _ in phrases.CATEGORIES)


def _topic_focus(reading: Reading) -> str:
    """The topic as a picture: "how a rainbow forms" shows "a rainbow forms"."""
    topic = re.sub(r"^(?:how|why|what|when|where)\s+(?:to\s+)?(?=\w+\s)", "", reading.topic, flags=re.I)
    return _lower(reading.frame or (reading.hero if reading.kind == "product" else "") or topic)


def _setting_focus(reading: Reading) -> str:
    """Where the film happens: "the lighthouse during a storm", "花园", "Mars"; the topic when it names none."""
    if reading.frame:
        return reading.frame
    first = next((p for p in reading.parts if p.event), None)
    if first is None:
        return _topic_focus(reading)
    place = _place(first, reading.lang)
    if not place:
        return _lower(first.show if first.show == reading.topic else reading.topic)
    if reading.lang == "zh" or not first.tail:
        return place
    return f"{place} {first.tail}"


def _place(part: Part, lang: str) -> str:
    if lang == "zh":
        if part.tail.startswith("在"):
            return re.sub(r"^在|(?:里|中|上|边|旁)$", "", part.tail)
        m = re.search(rf"{phrases.PLACES_ZH}|森林|花园|公园|海边|城市|街道|山|湖|河边", part.show)
        return m[0] if m else ""
    preps = words("at in on across through along by near inside outside beside over around into onto to under")
    tokens = part.show.split()
    for k, word in enumerate(tokens[:-1]):
        if word.lower() not in preps:
            continue
        noun: list[str] = []
        for w in tokens[k + 1 : k + 5]:
            if w.lower() in preps or w.lower() in ("and", "while", "with", "during", "for", "every", "each", "then"):
                break
            noun.append(w)
        head = strip_punct(noun[-1]) if noun else ""
        if head and (
            re.fullmatch(phrases.PLACES_EN, head, re.I) or category(head) in ("land", "vast", "water", "tall")
        ):
            return strip_punct(" ".join(noun))
    for word in part.subject.split()[:-1]:
        if category(word) in ("land", "vast", "water", "tall") or re.fullmatch(phrases.PLACES_EN, word, re.I):
            return f"the {word.lower()}"
    return ""


def _show(reading: Reading, part: Part) -> str:
    """A beat as the camera sees it: its subject named ("the foldable electric bike rides…"), its verb a picture."""
    show, lang, hero = part.show, reading.lang, reading.hero
    if not part.event and reading.kind == "product" and hero:  # a feature: "防水" -> "智能手机，防水"
        return f"{clauses.without_measure(hero)}，{show}" if lang == "zh" else f"{definite(_lower(hero))}: {show}"
    if not part.event or (reading.kind == "explainer" and lang == "zh"):
        return show
    if lang == "zh":
        bare = clauses.without_measure(hero) if hero else ""
        if part.subject in ("他", "她", "它", "他们", "她们") and bare:
            return bare + show[len(part.subject) :]
        if bare and not part.subject and clauses.subjectless(show, "zh"):
            when = clauses.leading_when(show)
            return f"{when}，{bare}{show[len(when) :]}" if when else bare + show
        return show
    words = show.split()
    if part.subject.lower() in lx.EN_PRONOUNS and hero:
        return definite(_lower(hero)) + show[len(part.subject) :]
    if part.subject or not words:
        return _lower(show)
    imperative = reading.kind in ("product", "explainer") or not hero
    if imperative and words[0].lower() in clauses.BASE_VERBS:  # a step: "fold them" -> "folding the headphones"
        thing = definite(_lower(hero)) if hero else ""
        step = " ".join([gerund(words[0]), *words[1:]])
        replaced = re.sub(r"\b(?:them|it)\b", thing, step, count=1) if thing else step
        return replaced if replaced != step or not thing else f"{thing}, {step}"
    return f"{definite(_lower(hero))} {show}" if hero else show


def _object(part: Part, lang: str) -> str:
    """What a beat is done to: "finds a message in a bottle" -> "a message in a bottle"; "追蝴蝶" -> "蝴蝶"."""
    predicate = part.predicate or part.show
    if lang == "zh":
        verbs = clauses.zh_verbs(predicate)
        if verbs and verbs[0].start() == 0:
            rest = re.sub(r"^(?:了|着|过|在|到|出|进)", "", predicate[verbs[0].end() :])
            return rest if 1 <= len(rest) <= 12 and not clauses.zh_verbs(rest) else ""
        return ""
    words = predicate.split()
    rest = words[1:]
    while rest and rest[0].lower() in ("up", "out", "away", "down", "off", "back", "over"):
        rest = rest[1:]
    if rest and rest[0].lower() in ("a", "an", "the", "his", "her", "their", "its", "some"):
        return " ".join(rest)
    return ""


__all__ = ["Shot", "category", "layout"]
