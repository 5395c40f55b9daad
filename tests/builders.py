"""Small values tests build over and over: a storyboard, a project made from one.

Plain functions rather than fixtures, because tests and their own helpers call them with arguments.
"""

from __future__ import annotations

from studio.accounts import Account
from studio.projects import Projects, ProjectView
from studio.storyboard import Scene, Storyboard


def make_board(*descriptions: str, duration: float = 2.0) -> Storyboard:
    """A storyboard with one wide shot per description, each `duration` seconds long."""
    return Storyboard(
        title="Test film",
        scenes=[Scene(description=d, duration=duration, camera="wide shot") for d in descriptions],
    )


def new_project(projects: Projects, owner: Account, *descriptions: str) -> ProjectView:
    """A 64x64, 8 fps project of `owner` from the planner; three scenes unless descriptions are given."""
    board = make_board(*(descriptions or ("forest", "river", "animals")))
    return projects.create(owner.id, "an idea", board, writer="planner", width=64, height=64, fps=8)
