"""How a project's film is finished: the choices the Export tab saves, validated once here."""

from __future__ import annotations

from itertools import pairwise
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, ValidationError

from studio.errors import InvalidInput, describe_error

Subtitles = Literal["off", "soft", "burned", "both"]
Preset = Literal["project", "16:9", "9:16", "1:1"]


class FinishSettings(BaseModel):
    crossfade: float = Field(0.0, ge=0.0, le=3.0, description="Seconds of crossfade at every cut; 0 = hard cuts.")
    cuts: list[Annotated[float, Field(ge=0.0, le=3.0)]] = Field(
        default_factory=list, description="Crossfade per cut (after scene 1, 2, ...); cuts not listed use `crossfade`."
    )
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


def crossfades(durations: list[float], seconds: float, cuts: list[float] | None = None) -> list[float] | None:
    """Crossfade length at each cut: per cut if given, else the default; shortened where a scene is too short."""
    wanted = [cuts[i] if cuts and i < len(cuts) else seconds for i in range(len(durations) - 1)]
    if not any(wanted):
        return None
    return [round(min(w, a / 2, b / 2), 3) for w, (a, b) in zip(wanted, pairwise(durations), strict=True)]


def parse_cuts(text: str) -> list[float]:
    """'0.5, 0, 1' -> [0.5, 0.0, 1.0]: the crossfade after scene 1, 2, 3 ..."""
    values = [part.strip() for part in str(text or "").replace("，", ",").split(",") if part.strip()]
    try:
        return [float(v) for v in values]
    except ValueError:
        raise InvalidInput("Crossfades per cut are seconds separated by commas, e.g. 0.5, 0, 1.") from None
