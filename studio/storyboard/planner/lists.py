"""Lists of things to show ("包含河流和小动物", "featuring seagulls, waves and a fishing boat") and look notes.

Each listed item keeps the words it was listed with (`say`: "and a fishing boat", "和小动物"), so reading
the items' narration in order gives back the idea's own sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from studio.storyboard.planner import idea_phrases as ip
from studio.storyboard.planner.wording import CJK, strip_punct


@dataclass(frozen=True)
class Listed:
    text: str  # the item itself ("a fishing boat")
    say: str  # as the idea says it ("and a fishing boat")


_CONJUNCTION = re.compile(r"(?:\band|\bor|\bplus|\bas well as|&|以及|还有|和|与|及|跟|并且|而且)\s*$", re.IGNORECASE)


def _clean_item(part: str) -> str:
    part = part.strip()
    if CJK.search(part):
        part = re.sub(ip.ZH_TRAILING, "", re.sub(ip.ZH_LEADING, "", part))
    else:
        part = re.sub(ip.EN_TRAILING, "", re.sub(ip.EN_LEADING, "", part, flags=re.I), flags=re.I)
    return strip_punct(part)


def split_list(text: str, lang: str, keep_lead: str) -> list[Listed]:
    """The items of a list, each with its own words; `keep_lead` ("featuring") opens the first one's words."""
    zh = lang == "zh" or bool(CJK.search(text))
    tokens = re.split(f"({ip.ZH_LIST_SPLIT if zh else ip.EN_LIST_SPLIT})", text)
    out: list[Listed] = []
    pending = keep_lead + (" " if keep_lead and not zh else "")
    for k in range(0, len(tokens), 2):
        raw, sep = tokens[k], (tokens[k + 1] if k + 1 < len(tokens) else "")
        item = _clean_item(raw)
        conjunction = _CONJUNCTION.search(sep.strip())
        if item:
            comma = sep.strip()[:1] if sep.strip()[:1] in ",，、;；" else ""
            end = "" if sep else (re.search(r"[,，;；。.!?！？]*$", raw.strip())[0])
            out.append(Listed(item, pending + strip_punct(raw) + comma + end))
            pending = ""
        if conjunction:
            pending = conjunction[0].strip() + ("" if zh else " ")
    return out


def lead_list(clause: str, lang: str) -> list[Listed] | None:
    """If the clause introduces things to show ("包含…", "with…"), its items; else None."""
    c = strip_punct(clause.strip())
    for lead in ip.ZH_ELEMENT_LEADS:
        if c.startswith(lead) and len(c) > len(lead):
            return split_list(clause.strip()[len(lead) :], lang, keep_lead="")
    m = re.match(rf"^(?:and\s+)?({ip.EN_ELEMENT_LEADS})\s+(.+)$", clause.strip(), re.IGNORECASE)
    if not m or CJK.search(c):
        return None
    lead = m[1] if m[1].lower() in ("with", "featuring", "including", "plus", "along with", "together with") else ""
    return split_list(m[2], lang, keep_lead=lead)


def style_of(clause: str, listing: bool = False) -> str:
    """The look a clause asks for ("风格要梦幻" -> "整体风格梦幻", "in a watercolour style"), or "" if it is content."""
    if CJK.search(clause):
        strong, weak, short, fits = ip.ZH_STYLE_STRONG, ip.ZH_STYLE, len(clause) <= 6, len(clause) <= 14
    else:
        strong, weak = ip.EN_STYLE_STRONG, ip.EN_STYLE
        short, fits = len(clause.split()) <= 3, len(clause.split()) <= 8
    if re.search(strong, clause, re.IGNORECASE):
        is_style = fits
    else:
        is_style = bool(re.search(weak, clause, re.IGNORECASE)) and short and not listing
    if not is_style:
        return ""
    style = re.sub(r"^(?:画面|整体|风格)?(?:要|需要|希望|请|是)?|^(?:all )?in (?:an? |the )?", "", clause, flags=re.I)
    style = style or clause
    if CJK.search(style) and "风格" not in style:
        return "整体风格" + style
    if not CJK.search(style) and not re.search(r"\b(?:style|look|mood|tone|vibe|aesthetic|palette)\b", style, re.I):
        return style + " style"
    return style
