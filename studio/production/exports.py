"""Exporting a project: its active takes, in storyboard order, stitched into one film."""

from __future__ import annotations

import hashlib
import re
import secrets
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from studio.db import session_scope
from studio.errors import InvalidInput, NotFound
from studio.post.assembly import AssemblyResult, assemble, clip_durations
from studio.post.bundle import BundleContents, bundle_path, write_bundle
from studio.post.finish import FinishSettings, crossfades
from studio.post.music import mix_audio
from studio.post.subtitles import cues_for, film_duration, scene_starts
from studio.post.tts import EspeakVoice, Voice, language_of
from studio.progress import ProgressFn, no_progress
from studio.projects.access import ordered_scenes, owned_project, readable_project
from studio.projects.service import Projects
from studio.records import ExportRow, RowView, SceneRow, TakeRow, utcnow


class ExportView(RowView):
    id: int
    project_id: int
    path: str
    duration: float
    mode: str
    created_at: datetime


@dataclass(frozen=True)
class _Cut:
    """What an export reads from the database before any file is made: the takes in order, and the settings."""

    clips: list[Path]
    take_ids: list[int]
    size: tuple[int, int, int]
    """The project's width, height and fps."""
    slug: str
    """The film's file name stem, from the project's title."""
    finish: FinishSettings
    texts: list[str]
    """Each scene's narration (also its subtitle)."""
    recipes: list[dict[str, Any]]
    storyboard: dict[str, Any]
    keyframes: dict[int, Path]
    """The keyframes users uploaded, by scene number (for the bundle)."""


@dataclass(frozen=True)
class _Film:
    """The assembled film and the narration spoken in it, by scene number (for the bundle)."""

    result: AssemblyResult
    narration: dict[int, Path]


class Exporter:
    def __init__(
        self,
        engine: Engine,
        projects: Projects,
        *,
        ffmpeg: str | None = None,
        font: Path | None = None,
        voice: Voice | None = None,
    ) -> None:
        self.engine = engine
        self.projects = projects
        self.ffmpeg = ffmpeg
        self.font = font
        self.voice: Voice = voice or EspeakVoice()

    def export(self, owner_id: int, project_id: int, progress: ProgressFn | None = None) -> ExportView:
        """Finish the film as the project's export settings say: cuts or crossfades, subtitles,
        narration, music, frame preset; plus a bundle (.zip) with everything needed to reproduce it.

        Progress counts the film's frames throughout (narration and soundtrack first at 0, then
        ffmpeg's own progress while it encodes), so the lane's ETA measures the encode itself."""
        report = progress or no_progress
        cut = self._cut(owner_id, project_id)
        folder = self.projects.folder(owner_id, project_id).exports
        folder.mkdir(parents=True, exist_ok=True)
        out = folder / f"{cut.slug}-{utcnow():%Y%m%d-%H%M%S}-{secrets.token_hex(3)}.mp4"
        film = self._assemble(owner_id, project_id, cut, out, report)
        result = film.result
        frames = max(1, round(result.duration * cut.size[2]))
        report(frames, frames, "bundle")
        music = Path(cut.finish.music_path) if cut.finish.music_path else None
        contents = BundleContents(
            cut.storyboard, cut.recipes, cut.finish.model_dump(), cut.keyframes, film.narration, music
        )
        write_bundle(result.path, result.srt_path, contents)
        with session_scope(self.engine) as session:
            owned_project(session, owner_id, project_id)
            row = ExportRow(
                project_id=project_id,
                path=str(result.path),
                duration=result.duration,
                take_ids=cut.take_ids,
                mode=result.mode,
            )
            session.add(row)
            session.flush()
            return ExportView.of(row)

    def _cut(self, owner_id: int, project_id: int) -> _Cut:
        """Everything the film is made from, read in one short transaction; refused while a scene lacks a take."""
        with session_scope(self.engine) as session:
            project = owned_project(session, owner_id, project_id)
            scenes = ordered_scenes(session, project.id)
            missing = [s.position for s in scenes if s.active_take_id is None]
            if missing:
                listed = ", ".join(str(n) for n in missing)
                raise InvalidInput(f"Render scene(s) {listed} first: every scene needs a take to export the film.")
            takes = [session.get(TakeRow, s.active_take_id) for s in scenes]
            lost = [s.position for s, t in zip(scenes, takes, strict=True) if t is None or not Path(t.path).is_file()]
            if lost:
                listed = ", ".join(str(n) for n in lost)
                raise InvalidInput(f"The chosen take of scene(s) {listed} is missing on disk; render them again.")
            storyboard = {
                "title": project.title,
                "idea": project.idea,
                "writer": project.writer,
                "size": [project.width, project.height],
                "fps": project.fps,
                "scenes": [_scene_json(s) for s in scenes],
            }
            return _Cut(
                clips=[Path(t.path) for t in takes],
                take_ids=[t.id for t in takes],
                size=(project.width, project.height, project.fps),
                slug=re.sub(r"[^\w\-]+", "-", project.title, flags=re.UNICODE).strip("-")[:40] or "film",
                finish=FinishSettings.model_validate(project.export_settings or {}),
                texts=[s.narration for s in scenes],
                recipes=[
                    {"scene": s.position, "take": t.number, "take_id": t.id, "recipe": t.recipe}
                    for s, t in zip(scenes, takes, strict=True)
                ],
                storyboard=storyboard,
                keyframes={
                    s.position: Path(s.keyframe_path)
                    for s in scenes
                    if s.keyframe_path and Path(s.keyframe_path).is_file()
                },
            )

    def _assemble(self, owner_id: int, project_id: int, cut: _Cut, out: Path, report: ProgressFn) -> _Film:
        """The film itself: the clips joined with their crossfades, subtitles and soundtrack, as the settings say.

        Crossfades keep every scene where hard cuts would put it (studio.post.assembly), so the film
        lasts the sum of its scenes and subtitles and narration are timed as for hard cuts."""
        finish = cut.finish
        durations = clip_durations(cut.clips)
        fades = crossfades(durations, finish.crossfade, finish.cuts)
        cues = cues_for(durations, cut.texts) if finish.subtitles != "off" else None
        frames = max(1, round(sum(durations) * cut.size[2]))
        with tempfile.TemporaryDirectory(dir=out.parent) as tmp:
            audio, narration = self._soundtrack(
                owner_id, project_id, finish, cut.texts, durations, Path(tmp), frames, report
            )
            result = assemble(
                cut.clips,
                out,
                width=cut.size[0],
                height=cut.size[1],
                fps=cut.size[2],
                transitions=fades,
                cues=cues,
                burn_subtitles=finish.subtitles in ("burned", "both"),
                soft_subtitles=finish.subtitles in ("soft", "both"),
                audio=audio,
                preset=None if finish.preset == "project" else finish.preset,
                font=self.font,
                ffmpeg=self.ffmpeg,
                progress=report,
            )
        return _Film(result, {number: path for number, (_start, path) in narration.items()})

    def _soundtrack(
        self,
        owner_id: int,
        project_id: int,
        finish: FinishSettings,
        texts: list[str],
        durations: list[float],
        tmp: Path,
        frames: int,
        report: ProgressFn,
    ) -> tuple[Path | None, dict[int, tuple[float, Path]]]:
        """Narration placed at each scene's start, mixed over the music (None when the film is silent),
        and the spoken narration by scene number."""
        narration: dict[int, tuple[float, Path]] = {}
        if finish.narration:
            report(0, frames, "narration")
            cache = self.projects.folder(owner_id, project_id).narration
            for number, (start, text) in enumerate(zip(scene_starts(durations), texts, strict=True), start=1):
                if text.strip():
                    narration[number] = (start, self.narrate(text, cache))
        music = Path(finish.music_path) if finish.music_path else None
        if music is not None and not music.is_file():
            raise InvalidInput("The background music file is missing; upload it again in the Export tab.")
        if not narration and music is None:
            return None, narration
        report(0, frames, "soundtrack")
        fade = finish.music_fade
        return mix_audio(
            music,
            list(narration.values()),
            film_duration(durations),
            tmp / "soundtrack.m4a",
            volume=finish.music_volume,
            fade_in=fade,
            fade_out=fade,
            duck=finish.duck,
            ffmpeg=self.ffmpeg,
        ), narration

    def narrate(self, text: str, cache: Path) -> Path:
        """The spoken narration of `text`, synthesised once and kept (keyed by voice and text)."""
        key = hashlib.sha256(f"{self.voice.name}\n{text}".encode()).hexdigest()[:24]
        wav = cache / f"{key}.wav"
        if not wav.is_file():
            cache.mkdir(parents=True, exist_ok=True)
            self.voice.synthesize(text, language_of(text), wav)
        return wav

    def films(self, owner_id: int, project_id: int) -> list[ExportView]:
        with session_scope(self.engine) as session:
            return _films(session, owned_project(session, owner_id, project_id).id)

    def shared_films(self, user_id: int, project_id: int) -> list[ExportView]:
        """The films of a project its owner or a user it is shared with may see (read-only)."""
        with session_scope(self.engine) as session:
            return _films(session, readable_project(session, user_id, project_id).id)

    def files(self, owner_id: int, export_id: int) -> list[Path]:
        """What one of the owner's exports offers for download: the film first, then its reproducibility
        bundle (.zip) and subtitles (.srt) where they were written."""
        with session_scope(self.engine) as session:
            row = session.get(ExportRow, export_id)
            if row is None:
                raise NotFound("That export does not exist or is not yours.")
            owned_project(session, owner_id, row.project_id)
            film = Path(row.path)
        return [film, *(path for path in (bundle_path(film), film.with_suffix(".srt")) if path.is_file())]


def _films(session: Session, project_id: int) -> list[ExportView]:
    """A project's exports still on disk, newest first."""
    query = select(ExportRow).where(ExportRow.project_id == project_id).order_by(col(ExportRow.created_at).desc())
    return [ExportView.of(row) for row in session.exec(query).all() if Path(row.path).is_file()]


def _scene_json(scene: SceneRow) -> dict[str, object]:
    return {
        "scene": scene.position,
        "description": scene.description,
        "duration": scene.duration,
        "camera": scene.camera,
        "action": scene.action,
        "narration": scene.narration,
        "continuity": scene.continuity,
        "render_options": scene.render_options,
    }
