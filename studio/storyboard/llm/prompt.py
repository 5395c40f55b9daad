"""What we ask the LLM: the storyboard rules, in the words a chat model follows best.

Instructions are in English (every instruction-tuned model reads it best), with
one line in Chinese for Chinese ideas so the model stays in Chinese where the
viewer reads. Descriptions stay English because they feed English-trained image
and video models. The same rules are enforced by the grammar (studio.storyboard.llm.schema);
the prompt is what makes the constrained answer a good one rather than a valid one.
There is no worked example on purpose: the grammar already fixes the format, and
small models copied an example's scenes word for word instead of the idea's.
A length the idea states ("45 seconds", "一分钟", read as the built-in planner reads it)
is the total the prompt asks for, and the grammar's bounds let the scenes reach it.
"""

from __future__ import annotations

import json
from typing import Literal

from studio.storyboard.llm.schema import Bounds
from studio.storyboard.planner.reading import CJK, stated_length
from studio.storyboard.schema import CAMERAS, Storyboard

Language = Literal["zh", "en"]
Message = dict[str, str]


def language_of(text: str) -> Language:
    """Chinese if the text has any CJK ideograph (as the built-in planner decides), else English."""
    return "zh" if CJK.search(text) else "en"


def _rules(lang: Language, bounds: Bounds) -> str:
    human = "Simplified Chinese" if lang == "zh" else "English"
    description = '- "description": one English sentence an image model can draw: subject, setting, light, style.'
    if lang == "zh":
        description += " Always English, even though the idea is in Chinese."
    lines = [
        description,
        f'- "duration": whole seconds, {bounds.min_seconds} to {bounds.max_seconds}.',
        '- "camera": exactly one of: ' + ", ".join(CAMERAS) + ".",
        f'- "action": what moves in the shot, in {human}.',
        f'- "narration": one short subtitle line spoken over the scene, in {human}.',
    ]
    if lang == "zh":
        lines.append("- 标题、动作和旁白用简体中文写；description 用英文写。")
    return "\n".join(lines)


def _length(bounds: Bounds) -> str:
    if bounds.total is None:
        return "about 20 to 40 seconds in all"
    if bounds.asked is not None:
        return (
            f"{bounds.total} seconds in all: the idea asks for {bounds.asked} seconds, but a storyboard holds "
            f"at most {bounds.max_scenes} scenes, so the scene durations must add up to {bounds.total} seconds"
        )
    return (
        f"{bounds.total} seconds in all, as the idea asks: the scene durations must add up to exactly "
        f"{bounds.total} seconds"
    )


def storyboard_messages(idea: str) -> list[Message]:
    """Chat messages asking for a whole storyboard in the idea's language, as long as the idea says."""
    lang = language_of(idea)
    bounds = Bounds.for_length(stated_length(idea))
    system = (
        "You are a storyboard writer for short videos made by AI video models. "
        f"Turn the user's idea into {bounds.min_scenes} to {bounds.max_scenes} scenes that tell it from "
        f"beginning to end, {_length(bounds)}. Answer with JSON only, no other text.\n"
        f'"title": a short title in {"Simplified Chinese" if lang == "zh" else "English"}.\n'
        f'"scenes": a list of scenes, each with these fields in this order:\n{_rules(lang, bounds)}\n'
        'Shape: {"title": text, "scenes": [{"description": text, "duration": integer, "camera": text, '
        '"action": text, "narration": text}, ...]}'
    )
    return [{"role": "system", "content": system}, {"role": "user", "content": f"Idea: {idea}"}]


def scene_messages(board: Storyboard, number: int, instruction: str) -> list[Message]:
    """Chat messages asking to rewrite scene `number` (1-based) of `board` as the instruction says."""
    lang = language_of(board.title + "".join(s.narration + s.action for s in board.scenes))
    current = {"title": board.title, "scenes": [s.model_dump() for s in board.scenes]}
    system = (
        "You are a storyboard writer for short videos made by AI video models. "
        "You rewrite one scene of a storyboard as the user asks, keeping it consistent with the others. "
        "Answer with the new scene as one JSON object only, no other text, with these fields in this order:\n"
        + _rules(lang, Bounds.for_rewrite(board.scenes[number - 1].duration))
    )
    user = (
        f"The storyboard:\n{json.dumps(current, ensure_ascii=False)}\n\n"
        f"Rewrite scene {number} (currently: {json.dumps(board.scenes[number - 1].model_dump(), ensure_ascii=False)}) "
        f"following this instruction: {instruction}"
    )
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def retry_message(error: str) -> Message:
    """The one re-prompt after an invalid answer: quote the validation error so the model can fix exactly that."""
    return {
        "role": "user",
        "content": f"That answer was not valid: {error} Answer again with the corrected JSON only.",
    }


def plain_prompt(messages: list[Message]) -> str:
    """For tokenizers without a chat template (base models): the same text, ending where the JSON starts."""
    return "\n\n".join(m["content"] for m in messages) + "\n\nJSON:\n"
