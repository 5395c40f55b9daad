"""The studio's services, built once from Settings and handed to the UI (and, later, the API)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Engine

from studio.accounts import Accounts
from studio.config import Settings
from studio.db import init_db, make_engine
from studio.engines.animatic import AnimaticEngine
from studio.engines.base import VideoEngine
from studio.exports import Exporter
from studio.models.manager import ModelManager
from studio.projects import Projects
from studio.rendering import Renderer
from studio.writers import PlannerWriter, Writer


@dataclass(frozen=True)
class EngineStatus:
    writer: str
    video: str
    note: str


@dataclass
class Services:
    settings: Settings
    db: Engine
    accounts: Accounts
    projects: Projects
    writer: Writer
    video: VideoEngine
    renderer: Renderer
    exporter: Exporter
    models: ModelManager

    def status(self) -> EngineStatus:
        return EngineStatus(
            writer=self.writer.description,
            video=f"{self.video.name} engine",
            note=(
                "No video diffusion model is configured, so every scene renders as an animatic: its keyframe "
                "(your uploaded image, or a title card of the scene) with a camera move that matches the "
                "scene's camera field. It is a real, quick preview of timing and framing, not generated footage."
            ),
        )


def build_services(settings: Settings) -> Services:
    """Create the data folder and database, then wire the services. Cheap: no model is loaded here."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    db = make_engine(settings.db_url)
    init_db(db)
    projects = Projects(db, settings.projects_dir, max_scenes=settings.max_scenes)
    video = AnimaticEngine(font_path=settings.font_path, ffmpeg=settings.ffmpeg_path)
    return Services(
        settings=settings,
        db=db,
        accounts=Accounts(db),
        projects=projects,
        writer=PlannerWriter(),
        video=video,
        renderer=Renderer(db, projects, video),
        exporter=Exporter(db, projects, ffmpeg=settings.ffmpeg_path),
        models=ModelManager(),
    )
