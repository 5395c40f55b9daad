"""Looks: filters and colour matching applied to a take, as a new take (the original stays).

Any look can be undone by choosing the earlier take again.
"""

from __future__ import annotations

import secrets
import tempfile
import time
from pathlib import Path

from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import select

from studio.db import session_scope
from studio.errors import InvalidInput, NotFound
from studio.media import last_frame, probe
from studio.post.filters import FilterChain, colour_match_clip, filter_clip
from studio.progress import ProgressFn, no_progress
from studio.projects.access import owned_scene, previous_active_take
from studio.projects.service import Projects, TakeView
from studio.records import TakeRow, utcnow


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
        with session_scope(self.engine) as session:
            source = session.get(TakeRow, take_id)
            if source is None:
                raise NotFound("That take does not exist or is not yours.")
            scene, project = owned_scene(session, owner_id, source.scene_id)
            reference_take = None
            if colour_match:
                _, reference_take = previous_active_take(session, scene)
                if reference_take is None:
                    raise InvalidInput(
                        f"Colour matching needs the previous scene's take; scene {scene.position} has none before it."
                    )
            src = Path(source.path)
            recipe = dict(source.recipe)
            reference = (Path(reference_take.path), reference_take.id) if reference_take else None
            folder = self.projects.folder(owner_id, project.id).takes
        if not src.is_file():
            raise InvalidInput("That take's file is missing; render the scene again.")
        out = folder / f"scene{source.scene_id}-{secrets.token_hex(6)}.mp4"
        started = time.perf_counter()
        with tempfile.TemporaryDirectory(dir=folder) as tmp:
            current = src
            if reference is not None:
                report(0, 2, "matching colours")
                matched = Path(tmp) / "matched.mp4"
                colour_match_clip(current, matched, last_frame(reference[0]), ffmpeg=self.ffmpeg)
                current = matched
            if not chain.is_identity:
                report(1, 2, "filtering")
                filter_clip(current, out, chain, ffmpeg=self.ffmpeg)
            else:
                current.replace(out)
        report(2, 2, "filtering")
        info = probe(out)
        recipe.update(
            derived_from=source.id,
            op="look",
            filters=chain.changes(),
            filters_label=chain.describe(),
            colour_match={"take": reference[1], "frame": "last"} if reference else None,
        )
        try:
            with session_scope(self.engine) as session:
                scene, project = owned_scene(session, owner_id, source.scene_id)
                number = session.exec(select(func.max(TakeRow.number)).where(TakeRow.scene_id == scene.id)).one() or 0
                take = TakeRow(
                    scene_id=scene.id,
                    number=number + 1,
                    engine=source.engine,
                    recipe=recipe,
                    path=str(out),
                    frames=info.frames,
                    fps=source.fps,
                    width=info.width,
                    height=info.height,
                    render_seconds=round(time.perf_counter() - started, 3),
                )
                session.add(take)
                session.flush()
                scene.active_take_id = take.id
                project.updated_at = utcnow()
                return TakeView.of(take, active=True)
        except NotFound:
            out.unlink(missing_ok=True)
            raise
