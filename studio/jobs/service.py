"""Putting work on the lane on a user's behalf: checks first, so a bad request never becomes a job."""

from __future__ import annotations

from dataclasses import dataclass

from studio.accounts import Accounts
from studio.config import Frame, Settings
from studio.errors import InvalidInput
from studio.jobs.drafting import Drafted, draft_project
from studio.jobs.kinds import JobKind
from studio.lane import ACTIVE, JobView, Lane
from studio.post.filters import parse_chain
from studio.production import Renderer
from studio.projects import Projects
from studio.storyboard import NEEDS_LLM, SafetyFilter, Writer, check_idea, check_rewrite


@dataclass(frozen=True)
class Started:
    """What starting a storyboard gave: the project at once (the planner), or a job to follow (an LLM)."""

    drafted: Drafted | None = None
    job: JobView | None = None


class Jobs:
    """The studio's jobs, submitted after the checks a user should hear about before anything is queued."""

    def __init__(
        self,
        lane: Lane,
        *,
        projects: Projects,
        renderer: Renderer,
        accounts: Accounts,
        writer: Writer,
        safety: SafetyFilter,
        settings: Settings,
    ) -> None:
        self.lane = lane
        self.projects = projects
        self.renderer = renderer
        self.accounts = accounts
        self.writer = writer
        self.safety = safety
        self.settings = settings

    def _queued_scenes(self, owner_id: int, project_id: int) -> set[int]:
        return {
            j.scene_id
            for j in self.lane.jobs(owner_id)
            if j.kind == JobKind.RENDER and j.status in ACTIVE and j.project_id == project_id and j.scene_id
        }

    def submit_scene(self, owner_id: int, scene_id: int, engine: str | None = None) -> JobView:
        """Queue one render of a scene (a new take). A scene already queued is not queued twice."""
        scene = self.projects.scene(owner_id, scene_id)
        video = self.renderer.pick(engine)
        project = self.projects.get(owner_id, scene.project_id)
        if scene.id in self._queued_scenes(owner_id, project.id):
            raise InvalidInput(f"Scene {scene.number} is already in the queue.")
        self.accounts.check_quota(owner_id, 1)
        return self.lane.submit(
            owner_id,
            JobKind.RENDER,
            {"scene_id": scene.id, "engine": video.name},
            label=f"{project.title} · scene {scene.number} ({video.name})",
            project_id=project.id,
            scene_id=scene.id,
        )

    def submit_project(
        self, owner_id: int, project_id: int, *, rerender: bool = False, engine: str | None = None
    ) -> list[JobView]:
        """Queue one job per scene without an active take (every scene if `rerender`), in storyboard order."""
        project = self.projects.get(owner_id, project_id)
        video = self.renderer.pick(engine)
        queued = self._queued_scenes(owner_id, project_id)
        wanted = [s for s in project.scenes if s.id not in queued and (s.active_take_id is None or rerender)]
        self.accounts.check_quota(owner_id, len(wanted))
        return [
            self.lane.submit(
                owner_id,
                JobKind.RENDER,
                {"scene_id": scene.id, "engine": video.name},
                label=f"{project.title} · scene {scene.number} ({video.name})",
                project_id=project.id,
                scene_id=scene.id,
            )
            for scene in wanted
        ]

    def submit_export(self, owner_id: int, project_id: int) -> JobView:
        project = self.projects.get(owner_id, project_id)
        missing = [str(s.number) for s in project.scenes if s.active_take_id is None]
        if missing:
            raise InvalidInput(
                f"Render scene(s) {', '.join(missing)} first: every scene needs a take to export the film."
            )
        return self.lane.submit(owner_id, JobKind.EXPORT, {}, label=f"{project.title} · export", project_id=project.id)

    def start_storyboard(self, owner_id: int, idea: str, frame: Frame) -> Started:
        """Write a storyboard for `idea` into a new project: at once with the planner (instant, no GPU),
        on the lane with an LLM (it uses the GPU, so it takes its turn)."""
        check_idea(idea, self.settings.max_idea_chars, self.safety)
        if self.writer.name == "planner":
            drafted = draft_project(
                self.writer,
                self.projects,
                owner_id,
                idea,
                frame,
                max_chars=self.settings.max_idea_chars,
                safety=self.safety,
            )
            return Started(drafted=drafted)
        return Started(job=self.submit_storyboard(owner_id, idea, frame))

    def submit_storyboard(self, owner_id: int, idea: str, frame: Frame) -> JobView:
        check_idea(idea, self.settings.max_idea_chars, self.safety)
        text = " ".join(idea.split())[:60]
        payload = {"idea": idea, "width": frame.width, "height": frame.height, "fps": frame.fps}
        return self.lane.submit(owner_id, JobKind.STORYBOARD, payload, label=f"storyboard · {text}")

    def submit_rewrite(self, owner_id: int, project_id: int, number: int, instruction: str) -> JobView:
        """Queue an LLM rewrite of scene `number`; refused at once when no LLM is configured or the request is bad."""
        if not self.writer.can_rewrite:
            raise InvalidInput(NEEDS_LLM)
        project = self.projects.get(owner_id, project_id)
        text = check_rewrite(project.storyboard(), number, instruction)
        self.safety.check(text, "This instruction")
        payload = {"number": number, "instruction": text}
        label = f"{project.title} · rewrite scene {number}"
        return self.lane.submit(owner_id, JobKind.REWRITE, payload, label=label, project_id=project.id)

    def submit_look(self, owner_id: int, take_id: int, filters: dict, *, colour_match: bool = False) -> JobView:
        """Queue a new look (filters, colour matching) of a take; it becomes a new take of its scene."""
        chain = parse_chain(filters)
        if chain.is_identity and not colour_match:
            raise InvalidInput("Choose at least one filter, or colour matching, to make a new look.")
        take = self.projects.take(owner_id, take_id)
        scene = self.projects.scene(owner_id, take.scene_id)
        project = self.projects.get(owner_id, scene.project_id)
        return self.lane.submit(
            owner_id,
            JobKind.LOOK,
            {"take_id": take_id, "filters": chain.changes(), "colour_match": colour_match},
            label=f"{project.title} · scene {scene.number} look: {chain.describe()}",
            project_id=project.id,
            scene_id=scene.id,
        )

    def submit_pipeline(
        self,
        owner_id: int,
        idea: str,
        *,
        width: int | None = None,
        height: int | None = None,
        fps: int | None = None,
        engine: str | None = None,
    ) -> JobView:
        """Queue the whole film as one job: storyboard, every scene, export. Checked before it is queued."""
        settings = self.settings
        text = check_idea(idea, settings.max_idea_chars, self.safety)
        self.accounts.check_quota(owner_id, 1)
        frame = Frame.checked(
            width or settings.default_width, height or settings.default_height, fps or settings.default_fps
        )
        video = self.renderer.pick(engine)
        payload = {"idea": idea, "width": frame.width, "height": frame.height, "fps": frame.fps, "engine": video.name}
        return self.lane.submit(owner_id, JobKind.PIPELINE, payload, label=f"film · {text[:60]}")
