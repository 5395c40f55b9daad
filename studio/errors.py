"""Errors whose message is meant for the user, and pydantic's validation errors told as one sentence.

Services raise these with a sentence a lab member can act on; the UI shows the
message as is. Anything else escaping a service is a bug and is logged.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pydantic import ValidationError


class StudioError(Exception):
    """Base class: the message is safe and useful to show to the user."""


class InvalidInput(StudioError):
    """The user's input cannot be accepted; nothing was changed."""


class NotFound(StudioError):
    """The thing does not exist, or belongs to someone else (we do not say which)."""


class RenderFailed(StudioError):
    """A render or export could not be completed; no partial file was kept."""


_MESSAGES = {
    "string_too_short": "must not be empty",
    "string_too_long": "is too long (at most {max_length} characters)",
    "greater_than_equal": "must be at least {ge}",
    "less_than_equal": "must be at most {le}",
    "float_parsing": "must be a number",
    "too_short": "needs at least {min_length} item(s)",
    "too_long": "may have at most {max_length} items",
}


def describe_error(error: ValidationError, row_offset: int = 1) -> str:
    """Turn a pydantic error into one sentence naming the scene and the field."""
    parts = []
    for item in error.errors():
        loc = list(item.get("loc", ()))
        where = ""
        if len(loc) >= 2 and loc[0] == "scenes" and isinstance(loc[1], int):
            where = f"Scene {loc[1] + row_offset}"
            loc = loc[2:]
        field = ".".join(str(p) for p in loc)
        msg = _MESSAGES.get(item.get("type", ""), "{msg}").format(
            msg=item.get("msg", "is invalid"), **item.get("ctx", {})
        )
        parts.append(" ".join(p for p in (where, field, msg) if p))
    return "; ".join(parts)
