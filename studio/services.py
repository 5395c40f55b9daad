"""The composition root: the studio's services, built once from Settings and wired together, for the UI and the API."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.engine import Engine

from studio.accounts import AccountAdmin, Accounts, ApiTokens, Sessions
from studio.config import Settings
from studio.db import init_db, make_engine
from studio.engines.available import VideoChoice, video_engines
from studio.engines.base import VideoEngine
from studio.jobs.handlers import (
    ApplyLook,
    Drafting,
    ExportFilm,
    MakeFilm,
    RenderScene,
    RewriteScene,
    WriteStoryboard,
)
from studio.jobs.kinds import RENDER_KINDS, JobKind
from studio.jobs.service import Jobs
from studio.lane.queue import JobQueue
from studio.lane.worker import Handler, Lane
from studio.models.manager import ModelManager
from studio.production import Comparisons, Exporter, Finishing, Looks, Renderer, Thumbnails, Uploads
from studio.projects.service import Projects
from studio.storyboard.safety import SafetyFilter
from studio.storyboard.writers import Writer, build_writer


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
    renderer: Renderer
    exporter: Exporter
    looks: Looks
    models: ModelManager
    video_choice: VideoChoice
    lane: Lane = field(init=False)
    jobs: Jobs = field(init=False)
    admin: AccountAdmin = field(init=False)
    api_tokens: ApiTokens = field(init=False)
    sessions: Sessions = field(init=False)
    safety: SafetyFilter = field(init=False)
    uploads: Uploads = field(init=False)
    comparisons: Comparisons = field(init=False)
    finishing: Finishing = field(init=False)
    thumbnails: Thumbnails = field(init=False)

    def __post_init__(self) -> None:
        self.safety = self.projects.safety = SafetyFilter(self.db)  # ideas, LLM output and edits share one filter
        self.admin = AccountAdmin(self.accounts, projects_dir=self.settings.projects_dir)
        ffmpeg = self.settings.ffmpeg_path
        self.uploads = Uploads(self.projects, max_bytes=self.settings.max_upload_mb * 1024 * 1024, ffmpeg=ffmpeg)
        self.comparisons = Comparisons(self.projects, font=self.settings.font_path, ffmpeg=ffmpeg)
        self.finishing = Finishing(self.projects, voice=self.exporter.voice)
        self.thumbnails = Thumbnails(self.projects)
        self.api_tokens = ApiTokens(self.db)
        self.sessions = self.accounts.sessions  # UI logins, ended by the accounts' credential changes
        queue = JobQueue(self.db)
        self.lane = Lane(queue, self._handlers(queue), partial_root=self.settings.projects_dir)
        self.jobs = Jobs(
            self.lane,
            projects=self.projects,
            renderer=self.renderer,
            accounts=self.accounts,
            writer=self.writer,
            safety=self.safety,
            settings=self.settings,
        )

    def _handlers(self, queue: JobQueue) -> dict[str, Handler]:
        """What the lane runs for each kind of job, each handler given only the rooms it calls."""
        drafting = Drafting(self.writer, self.projects, self.safety, self.settings.max_idea_chars)
        return {
            JobKind.RENDER: RenderScene(self.renderer),
            JobKind.EXPORT: ExportFilm(self.exporter),
            JobKind.STORYBOARD: WriteStoryboard(drafting),
            JobKind.REWRITE: RewriteScene(self.projects, self.writer, self.safety),
            JobKind.LOOK: ApplyLook(self.looks),
            JobKind.PIPELINE: MakeFilm(drafting, self.projects, self.renderer, self.exporter, queue.attach_project),
        }

    @property
    def video(self) -> VideoEngine:
        return self.renderer.video

    @property
    def video_note(self) -> str:
        return self.video_choice.note

    def status(self) -> EngineStatus:
        return EngineStatus(writer=self.writer.description, video=f"{self.video.name} engine", note=self.video_note)


def build_services(settings: Settings) -> Services:
    """Create the data folder and database, then wire the services. Cheap: no model is loaded here."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    db = make_engine(settings.db_url)
    init_db(db)
    projects = Projects(db, settings.projects_dir, max_scenes=settings.max_scenes)
    models = ModelManager()
    engines, video_choice = video_engines(settings, models)
    return Services(
        settings=settings,
        db=db,
        accounts=Accounts(db, render_kinds=RENDER_KINDS),
        projects=projects,
        writer=build_writer(settings, models),
        renderer=Renderer(db, projects, engines),
        exporter=Exporter(db, projects, ffmpeg=settings.ffmpeg_path, font=settings.font_path),
        looks=Looks(db, projects, ffmpeg=settings.ffmpeg_path),
        models=models,
        video_choice=video_choice,
    )
