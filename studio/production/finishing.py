"""How a project's film is finished (cuts or crossfades, subtitles, narration, music, frame preset), and
scenes lengthened to fit their narration: the choices the exporter later follows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from studio.post.finish import FinishSettings, parse_cuts, parse_finish
from studio.post.tts import Voice, language_of, narration_seconds
from studio.projects import Projects, ProjectView
from studio.storyboard import COLUMNS, MAX_SCENE_SECONDS

NARRATION_MARGIN_S = 0.5
"""Silence left after a scene's narration, so one scene's voice does not run into the next."""
DURATION = COLUMNS.index("duration")


@dataclass(frozen=True)
class Fitted:
    """The project after fitting, and the numbers of the scenes that were lengthened (none: all were long enough)."""

    project: ProjectView
    lengthened: list[int]


class Finishing:
    def __init__(self, projects: Projects, *, voice: Voice | None = None) -> None:
        self.projects = projects
        self.voice = voice
        """The voice that will speak the narration (the exporter's), so its timing is what is measured."""

    @staticmethod
    def settings_of(project: ProjectView | None) -> FinishSettings:
        """A project's finishing settings (the defaults for none)."""
        return FinishSettings.model_validate(project.export_settings if project else {})

    def save(self, owner_id: int, project_id: int, choices: dict[str, Any]) -> FinishSettings:
        """Change some finishing settings of the owner's project; the others keep their saved values.

        `cuts` may be a list of seconds or text such as "0.5, 0, 1".
        """
        project = self.projects.get(owner_id, project_id)
        merged = {**project.export_settings, **choices}
        if not isinstance(merged.get("cuts"), list):
            merged["cuts"] = parse_cuts(merged.get("cuts", ""))
        settings = parse_finish(merged)
        self.projects.set_export_settings(owner_id, project.id, settings.model_dump())
        return settings

    def clear_music(self, owner_id: int, project_id: int) -> ProjectView:
        """Finish the film without background music (the stored music file is removed)."""
        project = self.projects.get(owner_id, project_id)
        return self.projects.set_export_settings(owner_id, project.id, {**project.export_settings, "music_path": None})

    def fit_to_narration(self, owner_id: int, project_id: int) -> Fitted:
        """Lengthen the scenes whose narration takes longer to speak than the scene lasts (up to the longest
        a scene may be); the others keep their duration."""
        project = self.projects.get(owner_id, project_id)
        rows, lengthened = project.rows(), []
        for row, scene in zip(rows, project.scenes, strict=True):
            if not scene.narration.strip():
                continue
            spoken = narration_seconds(scene.narration, language_of(scene.narration), self.voice)
            needed = round(spoken + NARRATION_MARGIN_S, 1)
            if needed > scene.duration:
                row[DURATION] = min(needed, MAX_SCENE_SECONDS)
                lengthened.append(scene.number)
        if lengthened:
            project = self.projects.save_table(owner_id, project.id, rows)
        return Fitted(project=project, lengthened=lengthened)
