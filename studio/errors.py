"""Errors whose message is meant for the user.

Services raise these with a sentence a lab member can act on; the UI shows the
message as is. Anything else escaping a service is a bug and is logged.
"""


class StudioError(Exception):
    """Base class: the message is safe and useful to show to the user."""


class InvalidInput(StudioError):
    """The user's input cannot be accepted; nothing was changed."""


class NotFound(StudioError):
    """The thing does not exist, or belongs to someone else (we do not say which)."""


class RenderFailed(StudioError):
    """A render or export could not be completed; no partial file was kept."""
