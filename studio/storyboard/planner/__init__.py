"""The built-in planner: a storyboard from an idea with no model, instantly and offline, in Chinese or English.

`reading` reads the idea (subject, things to show, beats, length, look) with the phrase tables in
`idea_phrases`; `plan` lays the scenes out with the vocabulary in `phrases` and `templates`.
"""

from studio.storyboard.planner.plan import plan_storyboard

__all__ = ["plan_storyboard"]
