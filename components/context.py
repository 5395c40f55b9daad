"""What UI modules share: the services, the current project, and each other's components.

Tabs register the components other tabs need under a name, and the views that
must be refreshed whenever a project is opened or changed.
"""

from __future__ import annotations

import functools
import inspect
import logging
import os
import secrets
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

import gradio as gr

from components.messages import LANGUAGE
from studio.accounts import Account
from studio.config import request_language
from studio.errors import InvalidInput, StudioError
from studio.jobs import JobView
from studio.projects import ProjectView
from studio.services import Services

log = logging.getLogger(__name__)

ProjectRenderer = Callable[[Account, ProjectView | None], Any]
Outputs = dict[gr.blocks.Block, Any]
"""What a handler returns for several outputs: a value per component; components left out keep what they show."""

P = ParamSpec("P")
R = TypeVar("R")


@dataclass
class UIContext:
    services: Services
    project_id: gr.State | None = None
    components: dict[str, gr.components.Component] = field(default_factory=dict)
    project_views: list[tuple[gr.components.Component, ProjectRenderer]] = field(default_factory=list)
    live_views: list[tuple[gr.components.Component, ProjectRenderer]] = field(default_factory=list)

    def add(self, name: str, component: gr.components.Component) -> gr.components.Component:
        self.components[name] = component
        return component

    def __getitem__(self, name: str) -> gr.components.Component:
        return self.components[name]

    def shows_project(self, component: gr.components.Component, view: ProjectRenderer) -> None:
        """Register `component` to be refreshed with `view(account, project)` after project changes."""
        self.project_views.append((component, view))

    def follows_lane(self, component: gr.components.Component, view: ProjectRenderer) -> None:
        """Also redraw `component` when one of the user's jobs ends (takes appear, exports finish)."""
        self.live_views.append((component, view))

    @property
    def view_outputs(self) -> list[gr.components.Component]:
        return [component for component, _ in self.project_views]

    def account(self, request: gr.Request) -> Account:
        """The logged-in user, by the session's user id (never by the name typed at login); also sets the
        language of this request's messages (messages.say)."""
        if request is None:
            raise StudioError("Please log in.")
        LANGUAGE.set(request_language(request))
        return self.services.sessions.account(getattr(request, "cookies", None) or {})

    def keep_session(self, request: gr.Request) -> None:
        """This browser stays logged in after its user changed their own password (the others' sessions end)."""
        self.services.sessions.renew(getattr(request, "cookies", None) or {})

    def views(self, account: Account, project: ProjectView | None) -> Outputs:
        """Every registered view of `project`, by component (for a handler whose outputs include view_outputs)."""
        return {component: view(account, project) for component, view in self.project_views}

    def bind(self, handler: Callable[Concatenate[UIContext, P], R]) -> Callable[P, R]:
        """`handler(ctx, ...)` as an event handler: called with this context, its errors shown by user_errors.

        Gradio fills in `gr.Request` parameters from the handler's type hints and `gr.Progress` ones from
        their default values; a functools.partial would hide both. So the wrapper carries the handler's
        own signature and annotations, less the context.
        """
        signature = inspect.signature(handler)
        context, *parameters = signature.parameters.values()

        @functools.wraps(handler)
        def bound(*args: P.args, **kwargs: P.kwargs) -> R:
            return handler(self, *args, **kwargs)

        bound.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
        bound.__annotations__ = {k: v for k, v in handler.__annotations__.items() if k != context.name}
        return user_errors(bound)

    def follow(self, job: JobView, account: Account, progress: Any) -> JobView:
        """Wait for a lane job, showing its queue position and progress; its failure becomes the user's message."""

        def show(update: JobView) -> None:
            if update.status == "pending":
                progress(0.0, desc=f"waiting in the queue (position {update.position})")
            else:
                eta = f" · ETA {round(update.eta_seconds)} s" if update.eta_seconds else ""
                progress(update.fraction, desc=f"{update.stage or update.status}{eta}")

        done = self.services.lane.follow(job.id, account.id, show)
        if done.status != "completed":
            raise StudioError(f"{job.label}: {done.status}. {done.error}".strip())
        return done

    def publish(self, path: str | Path) -> str:
        """Hand a file to Gradio through its cache folder, so outputs/ is never served directly."""
        source = Path(path)
        root = self.services.settings.cache_dir / "published"
        _prune(root, PUBLISHED_MAX_AGE_S)
        folder = root / secrets.token_hex(8)
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / source.name
        try:
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target)
        return str(target)


PUBLISHED_MAX_AGE_S = 24 * 3600


def as_id(value: Any, what: str) -> int:
    """A record id from a dropdown or an API client (which may send anything): a positive integer, or a clear error."""
    if value is None or value == "":
        raise InvalidInput(f"Pick {what} first.")
    if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
        raise InvalidInput(f"{value!r} is not {what} id.")
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise InvalidInput(f"{str(value)[:60]!r} is not {what} id: pick one from the list.") from None
    if number < 1:
        raise InvalidInput(f"{number} is not {what} id.")
    return number


def _prune(root: Path, max_age_s: float) -> None:
    """Drop published copies older than a day; the originals stay in the project folders."""
    if not root.is_dir():
        return
    cutoff = time.time() - max_age_s
    for folder in root.iterdir():
        try:
            if folder.stat().st_mtime < cutoff:
                shutil.rmtree(folder, ignore_errors=True)
        except FileNotFoundError:
            continue


def user_errors(handler: Callable[..., Any]) -> Callable[..., Any]:
    """Show a StudioError's message to the user; log anything else and say so plainly."""

    @functools.wraps(handler)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return handler(*args, **kwargs)
        except gr.Error:
            raise
        except StudioError as error:
            raise gr.Error(str(error), print_exception=False) from None
        except Exception as error:
            log.exception("unexpected error in %s", handler.__name__)
            raise gr.Error(
                f"Something went wrong ({type(error).__name__}); the details are in the server log."
            ) from None

    return wrapper
