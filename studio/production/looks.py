"""Looks: filters and colour matching applied to a take, as a new take (the original stays).

Any look can be undone by choosing the earlier take again.
"""

from __future__ import annotations

import secrets
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image
from sqlalchemy.engine import Engine

from studio.db import session_scope
from studio.errors import InvalidInput, NotFound
from studio.media import last_frame, probe
from studio.post.filters import FilterChain, colour_match_clip, filter_clip, parse_chain, preview_frame
from studio.production.takes import NewTake, record_take
from studio.progress import ProgressFn, no_progress
from studio.projects.access import owned_scene, previous_active_take
from studio.projects.service import Projects, TakeView
from studio.records import TakeRow


@dataclass(frozen=True)
class _Source:
    """The take a look starts from, as read in one short transaction."""

    take_id: int
    scene_id: int
    path: Path
    engine: str
    fps: int
    recipe: dict[str, Any]
    reference: tuple[Path, int] | None
    """The previous scene's active take (its clip and id) when colours are to be matched to it."""
    folder: Path
    """Where the project's takes live."""


class Looks:
    def __init__(self, engine: Engine, projects: Projects, *, ffmpeg: str | None = None) -> None:
        self.engine = engine
        self.projects = projects
        self.ffmpeg = ffmpeg

    def apply(
        self,
        owner_id: int,
        take_id: int,
        chain: FilterChain,
        *,
        colour_match: bool = False,
        progress: ProgressFn | None = None,
    ) -> TakeView:
        """Make a new take of the same scene with `chain` applied (and, if asked, colours matched to the
        previous scene's last frame); it becomes the scene's active take."""
        if chain.is_identity and not colour_match:
            raise InvalidInput("Choose at least one filter, or colour matching, to make a new look.")
        report = progress or no_progress
        source = self._source(owner_id, take_id, colour_match)
        if not source.path.is_file():
            raise InvalidInput("That take's file is missing; render the scene again.")
        out = source.folder / f"scene{source.scene_id}-{secrets.token_hex(6)}.mp4"
        started = time.perf_counter()
        self._make_clip(source, out, chain, report)
        report(2, 2, "filtering")
        info = probe(out)
        recipe = {
            **source.recipe,
            "derived_from": source.take_id,
            "op": "look",
            "filters": chain.changes(),
            "filters_label": chain.describe(),
            "colour_match": {"take": source.reference[1], "frame": "last"} if source.reference else None,
        }
        clip = NewTake(
            path=out,
            engine=source.engine,
            frames=info.frames,
            fps=source.fps,
            width=info.width,
            height=info.height,
            render_seconds=time.perf_counter() - started,
            recipe=recipe,
        )
        return record_take(self.engine, owner_id, source.scene_id, clip)

    def _source(self, owner_id: int, take_id: int, colour_match: bool) -> _Source:
        with session_scope(self.engine) as session:
            take = session.get(TakeRow, take_id)
            if take is None:
                raise NotFound("That take does not exist or is not yours.")
            scene, project = owned_scene(session, owner_id, take.scene_id)
            reference = None
            if colour_match:
                _, previous = previous_active_take(session, scene)
                if previous is None:
                    raise InvalidInput(
                        f"Colour matching needs the previous scene's take; scene {scene.position} has none before it."
                    )
                reference = (Path(previous.path), previous.id)
            return _Source(
                take_id=take.id,
                scene_id=take.scene_id,
                path=Path(take.path),
                engine=take.engine,
                fps=take.fps,
                recipe=dict(take.recipe),
                reference=reference,
                folder=self.projects.folder(owner_id, project.id).takes,
            )

    def _make_clip(self, source: _Source, out: Path, chain: FilterChain, report: ProgressFn) -> None:
        """The look's clip at `out`: colours matched first (when asked), then filtered; complete or absent."""
        if source.reference is None:
            report(1, 2, "filtering")
            filter_clip(source.path, out, chain, ffmpeg=self.ffmpeg)
            return
        report(0, 2, "matching colours")
        reference_frame = last_frame(source.reference[0])
        if chain.is_identity:
            colour_match_clip(source.path, out, reference_frame, ffmpeg=self.ffmpeg)
            return
        out.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=out.parent) as scratch:
            matched = Path(scratch) / "matched.mp4"
            colour_match_clip(source.path, matched, reference_frame, ffmpeg=self.ffmpeg)
            report(1, 2, "filtering")
            filter_clip(matched, out, chain, ffmpeg=self.ffmpeg)

    def preview(self, owner_id: int, take_id: int, filters: dict[str, Any]) -> Image.Image:
        """One frame of the owner's take with `filters` applied: the look judged at once, before any take is made."""
        take = self.projects.take(owner_id, take_id)
        return preview_frame(Path(take.path), parse_chain(filters))
