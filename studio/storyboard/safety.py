"""Content safety (thesis 2.3.4): rules of blocked terms, kept in the database, checked on all text that enters.

The rule language and the normal form text is compared in live in `safety_rules`; the default
rules, in English and Chinese, by category, in `safety_terms`. Defaults are seeded once each:
a default an admin removed stays removed (removal is soft), and a default added in a later
version is seeded into an existing database on its next start.
"""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import col, select

from studio.accounts import Account
from studio.db import session_scope
from studio.errors import InvalidInput
from studio.records import BlockedTermRow, utcnow
from studio.storyboard.safety_rules import Hit, canonical, compile_rules, fold
from studio.storyboard.safety_terms import DEFAULT_TERMS
from studio.storyboard.schema import Scene, Storyboard, clean_text

MAX_TERM = 300
"""Longest stored term: group rules list their alternatives, so they run past a word or two."""
MAX_RULE = 100


class SafetyFilter:
    """The studio's content rules: stored terms, edited by admins, checked on ideas, storyboards and edits."""

    def __init__(self, engine: Engine, *, seed: bool = True) -> None:
        self.engine = engine
        if seed:
            self.seed_defaults()

    def seed_defaults(self) -> int:
        """Add each default term the table has never held (removed rows count); returns how many were added."""
        with session_scope(self.engine) as session:
            held = set(session.exec(select(BlockedTermRow.term)).all())
            missing = [(term, rule) for term, rule in ((canonical(t), r) for t, r in DEFAULT_TERMS) if term not in held]
            session.add_all(BlockedTermRow(term=term, rule=rule) for term, rule in missing)
            return len(missing)

    def terms(self) -> list[tuple[str, str]]:
        """The active (term, rule) pairs, by rule then term."""
        with session_scope(self.engine) as session:
            query = (
                select(BlockedTermRow.term, BlockedTermRow.rule)
                .where(col(BlockedTermRow.removed_at).is_(None))
                .order_by(col(BlockedTermRow.rule), col(BlockedTermRow.term))
            )
            return [(term, rule) for term, rule in session.exec(query).all()]

    def add_term(self, acting: Account, term: str, rule: str) -> str:
        """Block `term` (in the rule syntax) under `rule`; re-adding a removed term brings it back.

        Returns the stored form, which is also what `remove_term` and the refusal message use.
        """
        _require_admin(acting)
        if not clean_text(term):
            raise InvalidInput("Type the term to block.")
        folded, rule_text = canonical(term), " ".join(clean_text(rule).split())
        if len(folded) > MAX_TERM:
            raise InvalidInput(f"A blocked term can have at most {MAX_TERM} characters.")
        if not 1 <= len(rule_text) <= MAX_RULE:
            raise InvalidInput(f"Name the rule the term belongs to (1-{MAX_RULE} characters).")
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
        folded = _stored_form(term)
        with session_scope(self.engine) as session:
            row = session.exec(select(BlockedTermRow).where(BlockedTermRow.term == folded)).first()
            if row is None or row.removed_at is not None:
                raise InvalidInput(f"'{folded}' is not on the blocked list.")
            row.removed_at, row.removed_by = utcnow(), acting.id

    def match(self, text: str) -> Hit | None:
        """The first rule `text` breaks (rules by name, then term), or None."""
        return compile_rules(tuple(self.terms())).match(text)

    def check(self, text: str, subject: str = "This idea") -> None:
        """Raise InvalidInput naming the rule (its category) and the words that broke it."""
        hit = self.match(text)
        if hit:
            raise InvalidInput(f"{subject} was refused by the content rule '{hit.rule}' (matched '{hit.shown}').")

    def check_scene(self, scene: Scene, subject: str = "This scene") -> None:
        self.check(" \n ".join((scene.description, scene.camera, scene.action, scene.narration)), subject)

    def check_storyboard(self, board: Storyboard, subject: str = "This storyboard") -> None:
        """Check the title and every scene; the message names the scene that was refused."""
        self.check(board.title, f"{subject}'s title")
        self.check_scenes(board.scenes, subject)

    def check_scenes(self, scenes: list[Scene], subject: str = "This storyboard") -> None:
        for number, scene in enumerate(scenes, start=1):
            self.check_scene(scene, f"{subject} (scene {number})")


def _stored_form(term: str) -> str:
    """How `term` would be stored; a row from before the rule syntax may not parse, and is stored folded."""
    try:
        return canonical(term)
    except InvalidInput:
        return fold(term)


def _require_admin(acting: Account) -> None:
    if not acting.is_admin:
        raise InvalidInput("Only an admin can change the blocked terms.")
