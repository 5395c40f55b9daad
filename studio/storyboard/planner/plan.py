"""The built-in storyboard planner: a useful storyboard from an idea, with no model.

This is the writer used when no LLM is configured. It reads the idea the way a
person skimming a brief would: strip the request boilerplate ("make a short
video about..."), find the subject, the things to show and any further
sentences (beats), a target length and a look, then lays them out as a
classic shot list: establish, introduce, one scene per element or beat, a
turning point, and a closing pull-back. Chinese ideas get a Chinese storyboard,
everything else English. The same idea always gives the same storyboard: the
few stylistic choices are drawn from a SHA-256 of the idea.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from studio.errors import InvalidInput
from studio.storyboard.planner import phrases, templates
from studio.storyboard.planner.idea_phrases import EN_DETERMINERS, EN_SMALL_WORDS, ZH_CLAUSE_HINT
from studio.storyboard.planner.reading import (
    CJK,
    ELEMENT_SLOTS,
    LIMITS,
    Idea,
    Item,
    has_content,
    only_boilerplate,
    parse_idea,
    shorten,
    strip_punct,
    target_seconds,
)
from studio.storyboard.schema import (
    MAX_SCENE_SECONDS,
    MIN_SCENE_SECONDS,
    Scene,
    Storyboard,
    check_generated,
    clean_text,
)

# --- Public ---------------------------------------------------------------------------------------


def plan_storyboard(idea: str) -> Storyboard:
    """Write a 3-8 scene storyboard for `idea` (Chinese or English), deterministically."""
    text = clean_text(idea).replace("\u3000", " ")
    text = "".join(unicodedata.normalize("NFKC", ch) if "\uff10" <= ch <= "\uff5a" else ch for ch in text)
    if not has_content(text):
        raise InvalidInput("The idea is empty: describe the video you want in a few words.")
    lang = "zh" if CJK.search(text) else "en"
    seed = hashlib.sha256(text.encode("utf-8")).digest()
    target, text = target_seconds(text, lang)
    if not has_content(text) or only_boilerplate(text):
        raise InvalidInput(
            "The idea only asks for a video: say what it should show, e.g. a forest adventure with a river."
        )
    parsed = parse_idea(text, lang)
    if not parsed.subject:
        parsed.subject = shorten(strip_punct(text) or clean_text(idea), LIMITS[lang]["subject"], lang)
    writer = _Writer(lang, seed, parsed, _lighting(text, lang, seed))
    scenes = writer.scenes()
    _fit_durations(scenes, target)
    board = Storyboard(title=_title(parsed.subject, lang), scenes=[Scene(**s) for s in scenes])
    return check_generated(board)


# --- Writing the scenes ---------------------------------------------------------------------------


def _is_clause(text: str, lang: str) -> bool:
    """Whether the subject reads as a sentence ("a cat chases a ball") rather than a noun phrase."""
    if lang == "zh":
        return len(text) > 6 and bool(re.search(ZH_CLAUSE_HINT, text))
    return len(text.split()) >= 4 and bool(phrases.EN_CLAUSE.search(text))


def _noun(text: str, lang: str) -> tuple[str, str]:
    """Noun forms for templates: ("a river", "the river"); bare single words get "the"."""
    if lang == "zh" or not text:
        return text, text
    words = text.split()
    if words[0].lower() in EN_DETERMINERS:
        words[0] = words[0].lower()
    phrase = " ".join(words)
    if _is_clause(text, lang):
        return f"a moment when {phrase}", f"the moment when {phrase}"
    if words[0] in EN_DETERMINERS:
        return phrase, re.sub(r"^(?:a|an|one)\s+", "the ", phrase)
    if len(words) == 1 and text.islower():
        return f"the {text}", f"the {text}"
    return text, text


def _category(text: str, lang: str) -> tuple[str, str]:
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


def _lighting(text: str, lang: str, seed: bytes) -> str:
    for zh, en, zh_light, en_light in phrases.LIGHT_HINTS:
        if re.search(zh, text) or re.search(en, text, re.IGNORECASE):
            return zh_light if lang == "zh" else en_light
    options = phrases.LIGHTS[lang]
    return options[seed[0] % len(options)]


def _fit_items(items: list[Item], slots: int) -> list[Item]:
    """At most `slots` items: beats are sampled evenly, like elements merged into groups."""
    if len(items) <= slots:
        return items
    beats = [i for i in items if i.kind == "beat"]
    elements = [i for i in items if i.kind == "element"]
    keep = min(len(beats), slots - (1 if elements else 0))
    if keep:
        beats = [beats[round(k * (len(beats) - 1) / max(keep - 1, 1))] for k in range(keep)] if keep > 1 else beats[:1]
    # Sort like with like (animals together, water beside sky), then merge the closest neighbours.
    kinds = {name: k for k, (name, *_) in enumerate(phrases.CATEGORIES)}
    family = {name: k for k, names in enumerate(phrases.CATEGORY_FAMILIES) for name in names}
    cats = {i.order: _category(i.text, "")[0] for i in elements}
    elements.sort(key=lambda i: (family.get(cats[i.order], 9), kinds.get(cats[i.order], 99), i.order))
    groups = [[i] for i in elements]
    while len(groups) > max(slots - len(beats), 1):

        def cost(k: int) -> tuple[int, int, int]:
            a, b = cats[groups[k][0].order], cats[groups[k + 1][0].order]
            kinship = 0 if a == b else 1 if family.get(a, 9) == family.get(b, 8) else 2
            return kinship, len(groups[k]) + len(groups[k + 1]), k

        k = min(range(len(groups) - 1), key=cost)
        groups[k : k + 2] = [groups[k] + groups[k + 1]]
    merged = []
    for chunk in groups:
        chunk.sort(key=lambda i: i.order)
        merged.append(Item("element", "\0".join(i.text for i in chunk), chunk[0].order))
    return sorted(merged + beats, key=lambda i: i.order)


def _join(texts: list[str], lang: str) -> str:
    if lang == "zh":
        return "、".join(texts[:-1]) + ("和" if len(texts) > 1 else "") + texts[-1]
    return ", ".join(texts[:-1]) + (" and " if len(texts) > 1 else "") + texts[-1]


def _vary(cameras: list[str]) -> list[str]:
    """No two consecutive scenes with the same camera; the first and last stay as planned."""
    cams = list(cameras)
    last = len(cams) - 1
    for i in range(1, len(cams)):
        if cams[i] != cams[i - 1]:
            continue
        j = i - 1 if i == last else i  # the closing wide shot is fixed: change the one before it
        avoid = {cams[j - 1], cams[j + 1] if j + 1 <= last else None, cams[i - 1] if j == i else None}
        cams[j] = next((c for c in phrases.CAMERA_ALTERNATIVES[cams[j]] if c not in avoid and c != cams[j]), cams[j])
    return cams


class _Writer:
    def __init__(self, lang: str, seed: bytes, idea: Idea, light: str) -> None:
        self.lang, self.seed, self.idea, self.light = lang, seed, idea, light
        subject = idea.subject
        self.motion_subject = bool(re.search(phrases.MOTION_ZH, subject) or re.search(phrases.MOTION_EN, subject, re.I))
        self.outdoor = bool(re.search(phrases.OUTDOOR_ZH, subject) or re.search(phrases.OUTDOOR_EN, subject, re.I))
        noun, the_noun = _noun(subject, lang)
        self.clause = _is_clause(subject, lang)
        clause = subject if lang == "zh" else re.sub(r"^(?:a|an|the)\b", lambda m: m[0].lower(), subject, flags=re.I)
        self.base = {"subject": subject, "noun": noun, "the_noun": the_noun, "light": light, "clause": clause}
        self.counter = 0

    def pick(self, options: tuple[str, ...] | str) -> str:
        if isinstance(options, str):
            return options
        self.counter += 1
        return options[self.seed[self.counter % len(self.seed)] % len(options)]

    def fill(self, template: str, camera: str, **extra: str) -> str:
        values = {
            **self.base,
            "label": phrases.CAMERA_LABEL[self.lang][camera],
            "motion": phrases.CAMERA_MOTION[self.lang][camera],
            **extra,
        }
        text = template.format(**values)
        return text[:1].upper() + text[1:]

    def scenes(self) -> list[dict[str, object]]:
        lang, limits = self.lang, LIMITS[self.lang]
        items = _fit_items(self.idea.items, ELEMENT_SLOTS)
        for item in items:
            parts = [shorten(t, limits[item.kind], lang) for t in item.text.split("\0")]
            if len(parts) > 1:
                parts = [_noun(part, lang)[1] for part in parts]
            item.text = shorten(_join(parts, lang), limits[item.kind] + 20, lang)
        plan: list[tuple[str, str, Item | None]] = [("opening", "aerial view" if self.outdoor else "wide shot", None)]
        if len(items) < ELEMENT_SLOTS:
            plan.append(("intro", "tracking shot" if self.motion_subject else "medium shot", None))
        if not items:
            plan.append(("detail", "close up", None))
        plan += [(item.kind, _category(item.text, lang)[1], item) for item in items]
        if len(items) <= 4:
            plan.append(("climax", "tracking shot" if self.motion_subject else "low angle", None))
        plan.append(("closing", "wide shot", None))
        cameras = _vary([camera for _, camera, _ in plan])
        elements = [i.text for i in items if i.kind == "element"]
        scenes = []
        for (role, _, item), camera in zip(plan, cameras, strict=True):
            scene = self._write(role, camera, item, elements)
            if self.idea.style:
                glue = "，" if lang == "zh" else "; "
                scene["description"] += glue + (glue.join(self.idea.style))
            scene["camera"] = camera
            scene["duration"] = self._seconds(role, camera, str(scene["narration"]))
            scenes.append(scene)
        return scenes

    def _seconds(self, role: str, camera: str, narration: str) -> float:
        base = phrases.CAMERA_SECONDS[camera] + (0.5 if role in ("opening", "closing") else 0.0)
        reading = len(narration) / 4.5 if self.lang == "zh" else len(narration.split()) / 2.5
        return min(max(base, reading + 1.0), 8.0)

    def _scene(self, camera: str, description: str, action: str, narration: str, **extra: str) -> dict[str, object]:
        return {
            "description": self.fill(description, camera, **extra),
            "action": self.fill(action, camera, **extra),
            "narration": self.fill(narration, camera, **extra),
        }

    def _words(self, role: str, camera: str) -> tuple[tuple[str, ...] | str, str, tuple[str, ...] | str]:
        """(descriptions, action, narrations) for the scenes about the subject as a whole."""
        lang, clause = self.lang, self.clause and self.lang == "en"
        if role == "opening":
            narrations = templates.CLAUSE_NARRATION["opening"] if clause else templates.OPENING_NARRATION[lang]
            return (
                templates.OPENING[lang][camera if camera == "aerial view" else "wide shot"],
                templates.OPENING_ACTION[lang],
                narrations,
            )
        if role == "intro" and self.clause:
            return templates.INTRO_CLAUSE[lang], templates.INTRO_ACTION[lang], templates.INTRO_CLAUSE_NARRATION[lang]
        if role == "intro" and self.motion_subject:
            return (
                templates.INTRO_MOVING[lang],
                templates.INTRO_MOVING_ACTION[lang],
                templates.INTRO_MOVING_NARRATION[lang],
            )
        if role == "intro":
            return templates.INTRO[lang], templates.INTRO_ACTION[lang], templates.INTRO_NARRATION[lang]
        if role == "detail":
            return templates.DETAIL[lang], templates.DETAIL_ACTION[lang], templates.DETAIL_NARRATION[lang]
        if role == "climax":
            return templates.CLIMAX[lang], templates.CLIMAX_ACTION[lang], templates.CLIMAX_NARRATION[lang]
        narrations = templates.CLAUSE_NARRATION["closing"] if clause else templates.CLOSING_NARRATION[lang]
        return templates.CLOSING[lang], templates.CLOSING_ACTION[lang], narrations

    def _write(self, role: str, camera: str, item: Item | None, elements: list[str]) -> dict[str, object]:
        lang = self.lang
        if item is not None and role == "beat":
            beat = item.text.replace("{", "(").replace("}", ")")
            narration = beat + ("。" if lang == "zh" else ".")
            return self._scene(
                camera, self.pick(templates.BEAT[lang]), templates.BEAT_ACTION[lang], narration, beat=beat
            )
        if item is not None:
            descriptions, what, narrations = templates.ELEMENT[lang][_category(item.text, lang)[0]]
            el, the_el = _noun(item.text.replace("{", "(").replace("}", ")"), lang)
            what = what.format(el=el, the_el=the_el).replace("{", "{{").replace("}", "}}")
            action = templates.ELEMENT_ACTION[lang].format(what=what, motion="{motion}")
            return self._scene(camera, self.pick(descriptions), action, self.pick(narrations), el=el, the_el=the_el)
        descriptions, action, narrations = self._words(role, camera)
        e1, e2 = (elements[0], elements[-1]) if elements else ("", "")
        together = templates.CLIMAX_TOGETHER[lang][min(len(elements), 2)].format(
            **self.base, e1=e1, e2=e2, the_e1=_noun(e1, lang)[1], the_e2=_noun(e2, lang)[1]
        )
        together = together.replace("{", "(").replace("}", ")")
        return self._scene(camera, self.pick(descriptions), action, self.pick(narrations), together=together)


# --- Timing and title -----------------------------------------------------------------------------


def _fit_durations(scenes: list[dict[str, object]], target: float | None) -> None:
    """Round to 0.5 s; hit `target` exactly when given, else keep the total near 20-35 s."""
    raw = [float(s["duration"]) for s in scenes]  # type: ignore[arg-type]
    total = sum(raw)
    n = len(scenes)
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


def _title(subject: str, lang: str) -> str:
    text = shorten(subject, LIMITS[lang]["title"], lang) or subject[:60]
    if lang == "zh":
        return text
    words = text.split()
    out = []
    for k, word in enumerate(words):
        if (word.isupper() and len(word) > 1) or any(c.isupper() for c in word[1:]):
            out.append(word)
        elif k and word.lower() in EN_SMALL_WORDS:
            out.append(word.lower())
        else:
            out.append(word[:1].upper() + word[1:])
    return " ".join(out)
