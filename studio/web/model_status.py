"""What the studio runs with: loaded models, device and GPU memory, the storyboard writer, the video engines."""

from fastapi import APIRouter

from studio.web.auth import User
from studio.web.dependencies import ServicesDep, SettingsDep
from studio.web.schemas import UNAUTHORIZED, ModelStatus

router = APIRouter()


@router.get("/api/model/status", response_model=ModelStatus, tags=["studio"], responses={**UNAUTHORIZED})
def model_status(_user: User, services: ServicesDep, settings: SettingsDep) -> ModelStatus:
    """Loaded models, device, GPU name and memory, the storyboard writer and the video engines."""
    status = services.models.status()
    return ModelStatus(
        **status,
        device=settings.device,
        writer=services.writer.description,
        engines=list(services.renderer.engines),
        video_note=services.video_note,
    )
