"""The lane: a persistent, fair job queue and the worker that runs one job at a time.

`queue` owns the job rows (submit, atomic claim, fair order, progress, cancel, recovery) and
`worker` runs them with the handlers it is given, one callable per kind (the studio's are built in
studio/services.py from studio.jobs.handlers). It knows nothing of projects or scenes.
"""

from studio.lane.queue import ACTIVE, DONE, JobQueue, JobView
from studio.lane.worker import Handler, Lane, LaneStopped

__all__ = ["ACTIVE", "DONE", "Handler", "JobQueue", "JobView", "Lane", "LaneStopped"]
