"""The studio's jobs on the lane: what each kind is, the checks before one is queued, and the handler
that runs it by calling the rooms."""

from studio.jobs.drafting import Drafted
from studio.jobs.handlers import ApplyLook, Drafting, ExportFilm, MakeFilm, RenderScene, RewriteScene, WriteStoryboard
from studio.jobs.kinds import FILM_KINDS, RENDER_KINDS, JobKind
from studio.jobs.service import Jobs, Started
from studio.lane.queue import JobView

__all__ = [
    "FILM_KINDS",
    "RENDER_KINDS",
    "ApplyLook",
    "Drafted",
    "Drafting",
    "ExportFilm",
    "JobKind",
    "JobView",
    "Jobs",
    "MakeFilm",
    "RenderScene",
    "RewriteScene",
    "Started",
    "WriteStoryboard",
]
