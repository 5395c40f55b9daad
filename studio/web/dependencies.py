"""How a route reaches the studio: the services and settings `create_api` put on the app's state."""

from typing import Annotated

from fastapi import Depends, Request

from studio.config import Settings
from studio.services import Services


def get_services(request: Request) -> Services:
    return request.app.state.services


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


ServicesDep = Annotated[Services, Depends(get_services)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
