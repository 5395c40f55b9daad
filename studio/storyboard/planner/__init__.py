"""The built-in planner: a storyboard that follows the idea, with no model, instantly, offline, in Chinese or English.

`reading` reads the idea as a writer reads a brief (its length, kind, beats, lists and look; the cuts are
made by `clauses`, `lists` and `length`, with the word tables in `idea_phrases` and `lexicon`); `layout`
chooses the shots for the kind of film; `plan` words them (`templates`, `phrases`) and times them.
`stated_length` is the film's length as the planner reads it, for the LLM writers' prompt and schema.
"""

from studio.storyboard.planner.plan import plan_storyboard
from studio.storyboard.planner.reading import stated_length

__all__ = ["plan_storyboard", "stated_length"]
