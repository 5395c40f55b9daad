"""Per-scene render controls: what the user may tune for one scene, validated once here.

Blank means "use the engine's default" (Settings.svd_*), so a scene only stores what
the user actually chose.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field, ValidationError

from studio.errors import InvalidInput
from studio.storyboard.schema import describe_error


class RenderControls(BaseModel):
    seed: int | None = Field(None, ge=0, lt=2**31, description="Fixed seed; blank draws a new one per take.")
    steps: int | None = Field(None, ge=1, le=150, description="Denoising steps.")
    motion_bucket_id: int | None = Field(None, ge=1, le=255, description="Motion amount (higher: more motion).")
    noise_aug_strength: float | None = Field(None, ge=0.0, le=1.0, description="Noise added to the keyframe.")
    frames: int | None = Field(None, ge=2, le=64, description="Frames the model generates.")
    fps: int | None = Field(None, ge=1, le=30, description="The fps the model is conditioned on.")

    @classmethod
    def bounds(cls, name: str) -> tuple[float | None, float | None]:
        """(lowest, highest) a control accepts, for the UI's inputs; None where there is no bound."""
        low = high = None
        for rule in cls.model_fields[name].metadata:
            low = getattr(rule, "ge", low)
            high = getattr(rule, "le", high)
            if getattr(rule, "lt", None) is not None:
                high = rule.lt - 1
        return low, high

    def options(self) -> dict[str, Any]:
        """Only the controls the user set."""
        return self.model_dump(exclude_none=True)


def parse_controls(values: dict[str, Any]) -> RenderControls:
    cleaned = {k: (None if v in ("", None) else v) for k, v in values.items()}
    try:
        return RenderControls.model_validate(cleaned)
    except ValidationError as error:
        raise InvalidInput(f"Render controls: {describe_error(error)}.") from None
