"""How long work tells how far it has come, and how it is told to stop.

Every long-running step (a render, a look, an export, a storyboard by an LLM) takes a
`ProgressFn`. The lane's reporter raises `Canceled` from it when the user cancels, so
work stops within one step wherever it runs.
"""

from __future__ import annotations

from collections.abc import Callable

ProgressFn = Callable[[int, int, str], None]
"""progress(done, total, stage). It may raise `Canceled` to stop the work."""


class Canceled(Exception):
    """Raised (usually from a progress callback) to stop work; no file is left behind."""


def no_progress(done: int, total: int, stage: str) -> None:
    """The progress sink for callers that do not watch."""
