"""Content safety (thesis 2.3.4): a configurable list of blocked terms, kept in the database.

Text is compared after NFKC normalisation and case-folding. A term with CJK characters
matches as a substring (Chinese has no spaces between words); any other term matches whole
words only, so a blocked word inside a longer English word is not a match. A small default
list is seeded on first start; admins add and remove terms (removal is soft, so a removed
default does not come back on restart).
"""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy.engine import Engine
from sqlmodel import select

from studio.accounts import Account
from studio.db import session_scope
from studio.errors import InvalidInput
from studio.records import BlockedTermRow, utcnow
from studio.storyboard.schema import Scene, Storyboard, clean_text

MINORS = "sexual content involving minors"
GORE = "extreme gore"
DEEPFAKE = "real-person deepfakes"

DEFAULT_TERMS: tuple[tuple[str, str], ...] = (
    ("child sexual abuse", MINORS),
    ("child pornography", MINORS),
    ("sexualized minor", MINORS),
    ("underage sex", MINORS),
    ("儿童色情", MINORS),
    ("未成年人色情", MINORS),
    ("恋童", MINORS),
    ("dismemberment", GORE),
    ("disembowelment", GORE),
    ("decapitation", GORE),
    ("肢解", GORE),
    ("开膛破肚", GORE),
    ("斩首", GORE),
    ("deepfake", DEEPFAKE),
    ("face swap", DEEPFAKE),
    ("深度伪造", DEEPFAKE),
    ("换脸", DEEPFAKE),
)
MAX_TERM = 100
_LATIN = r"[0-9a-z\u00c0-\u024f]"
"""A letter or digit that would make an English match part of a longer word."""
_CJK = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")


def fold(text: str) -> str:
    """The form terms and text are compared in: NFKC, case-folded, runs of spaces made one."""
    return " ".join(unicodedata.normalize("NFKC", clean_text(text)).casefold().split())


def _pattern(term: str) -> re.Pattern[str]:
    if _CJK.search(term):
        return re.compile(re.escape(term))
    body = r"\s+".join(re.escape(word) for word in term.split())
    return re.compile(rf"(?<!{_LATIN}){body}(?!{_LATIN})")


class SafetyFilter:
    def __init__(self, engine: Engine, *, seed: bool = True) -> None:
        self.engine = engine
        if seed:
            self.seed_defaults()

    def seed_defaults(self) -> int:
        """Add the default terms if the table has never held any; returns how many were added."""
        with session_scope(self.engine) as session:
            if session.exec(select(BlockedTermRow.id)).first() is not None:
                return 0
            for term, rule in DEFAULT_TERMS:
                session.add(BlockedTermRow(term=fold(term), rule=rule))
            return len(DEFAULT_TERMS)

    def terms(self) -> list[tuple[str, str]]:
        """The active (term, rule) pairs, by rule then term."""
        with session_scope(self.engine) as session:
            rows = session.exec(select(BlockedTermRow).where(BlockedTermRow.removed_at == None)).all()  # noqa: E711
            return sorted(((r.term, r.rule) for r in rows), key=lambda pair: (pair[1], pair[0]))

    def add_term(self, acting: Account, term: str, rule: str) -> str:
        """Block `term` under `rule` (re-adding a removed term brings it back). Returns the stored form."""
        _require_admin(acting)
        folded, rule_text = fold(term), " ".join(clean_text(rule).split())
        if not 1 <= len(folded) <= MAX_TERM:
            raise InvalidInput(f"A blocked term needs 1-{MAX_TERM} characters.")
        if not 1 <= len(rule_text) <= MAX_TERM:
            raise InvalidInput(f"Name the rule the term belongs to (1-{MAX_TERM} characters).")
        with session_scope(self.engine) as session:
            row = session.exec(select(BlockedTermRow).where(BlockedTermRow.term == folded)).first()
            if row is None:
                row = BlockedTermRow(term=folded, rule=rule_text, added_by=acting.id)
            row.rule, row.added_by, row.created_at = rule_text, acting.id, utcnow()
            row.removed_at = row.removed_by = None
            session.add(row)
        return folded

    def remove_term(self, acting: Account, term: str) -> None:
        _require_admin(acting)
        folded = fold(term)
        with session_scope(self.engine) as session:
            row = session.exec(select(BlockedTermRow).where(BlockedTermRow.term == folded)).first()
            if row is None or row.removed_at is not None:
                raise InvalidInput(f"'{folded}' is not on the blocked list.")
            row.removed_at, row.removed_by = utcnow(), acting.id

    def match(self, text: str) -> tuple[str, str] | None:
        """The first (term, rule) that `text` matches, or None."""
        folded = fold(text)
        if not folded:
            return None
        for term, rule in self.terms():
            if _pattern(term).search(folded):
                return term, rule
        return None

    def check(self, text: str, subject: str = "This idea") -> None:
        """Raise InvalidInput naming the rule when `text` matches a blocked term."""
        hit = self.match(text)
        if hit:
            term, rule = hit
            raise InvalidInput(f"{subject} was refused by the content rule '{rule}' (matched '{term}').")

    def check_scene(self, scene: Scene, subject: str = "This scene") -> None:
        self.check(" \n ".join((scene.description, scene.camera, scene.action, scene.narration)), subject)

    def check_storyboard(self, board: Storyboard, subject: str = "This storyboard") -> None:
        """Check the title and every scene; the message names the scene that was refused."""
        self.check(board.title, f"{subject}'s title")
        self.check_scenes(board.scenes, subject)

    def check_scenes(self, scenes: list[Scene], subject: str = "This storyboard") -> None:
        for number, scene in enumerate(scenes, start=1):
            self.check_scene(scene, f"{subject} (scene {number})")


def _require_admin(acting: Account) -> None:
    if not acting.is_admin:
        raise InvalidInput("Only an admin can change the blocked terms.")
