"""How a project's film is finished: the choices the Export tab saves, validated once here."""

from __future__ import annotations

from itertools import pairwise
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError

from studio.errors import InvalidInput
from studio.storyboard import describe_error

Subtitles = Literal["off", "soft", "burned", "both"]
Preset = Literal["project", "16:9", "9:16", "1:1"]


class FinishSettings(BaseModel):
    crossfade: float = Field(0.0, ge=0.0, le=3.0, description="Seconds of crossfade at every cut; 0 = hard cuts.")
    subtitles: Subtitles = Field("soft", description="Narration as subtitles: off, a soft track, burned in, or both.")
    narration: bool = Field(False, description="Speak each scene's narration (offline text-to-speech).")
    music_path: str | None = Field(None, description="Background music (an upload, re-encoded).")
    music_volume: float = Field(0.6, ge=0.0, le=2.0)
    music_fade: float = Field(2.0, ge=0.0, le=10.0, description="Seconds of fade in and out.")
    duck: bool = Field(True, description="Lower the music while narration plays.")
    preset: Preset = Field("project", description="Frame of the film: the project's size, or 16:9 / 9:16 / 1:1.")


def parse_finish(values: dict[str, Any]) -> FinishSettings:
    try:
        return FinishSettings.model_validate(values)
    except ValidationError as error:
        raise InvalidInput(f"Export settings: {describe_error(error)}.") from None


def crossfades(durations: list[float], seconds: float) -> list[float] | None:
    """Crossfade length at each cut: the setting, shortened where a scene is too short to give it."""
    if seconds <= 0 or len(durations) < 2:
        return None
    return [round(min(seconds, a / 2, b / 2), 3) for a, b in pairwise(durations)]
