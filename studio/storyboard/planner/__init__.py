"""The built-in planner: a storyboard that follows the idea, with no model, instantly, offline, in Chinese or English.

`reading` reads the idea as a writer reads a brief into an `idea.Reading`: the film's length apart from
events' durations (`length`), its beats (`clauses`), its lists (`lists`, and `facets` for seasons and
times of day), its kind and look, with the word tables in `idea_phrases` and `lexicon`. `layout` chooses
the shots for the kind of film (cameras in `cameras`); `plan` words and times them (`templates`,
`phrases`, `wording`). `stated_length` is the film's length as the planner reads it, for the LLM writers.
"""

from studio.storyboard.planner.plan import plan_storyboard
from studio.storyboard.planner.reading import stated_length

__all__ = ["plan_storyboard", "stated_length"]
