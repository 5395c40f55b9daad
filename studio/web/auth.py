"""Who is asking: API bearer tokens for /api routes, and the Gradio login check (which is given no request)."""

from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from studio.accounts import Account
from studio.services import Services
from studio.web.dependencies import ServicesDep

CLIENT_ADDRESS: ContextVar[str | None] = ContextVar("client_address", default=None)
"""The address of the request being served; Gradio's login check is given no request, so it reads this."""


async def remember_address(request: Request, call_next: Callable) -> Any:
    """HTTP middleware: CLIENT_ADDRESS holds the request's address while it is served."""
    token = CLIENT_ADDRESS.set(request.client.host if request.client else None)
    try:
        return await call_next(request)
    finally:
        CLIENT_ADDRESS.reset(token)


def login_check(services: Services) -> Callable[[str, str], Awaitable[bool]]:
    """The coroutine Gradio's login calls: argon2 in a worker thread, throttled per username and address."""

    async def check(username: str, password: str) -> bool:
        return await services.accounts.authenticate_async(username, password, address=CLIENT_ADDRESS.get())

    return check


bearer = HTTPBearer(auto_error=False, description="A studio API token: `Authorization: Bearer st_...`.")


def account(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)], services: ServicesDep
) -> Account:
    """The account whose API token the request carries; 401 (with WWW-Authenticate) without a valid one."""
    if credentials is None:
        raise HTTPException(401, "Send an API token: Authorization: Bearer <token>.", {"WWW-Authenticate": "Bearer"})
    user = services.api_tokens.authenticate(credentials.credentials)
    if user is None:
        raise HTTPException(
            401, "The API token is invalid or revoked.", {"WWW-Authenticate": 'Bearer error="invalid_token"'}
        )
    return user


User = Annotated[Account, Depends(account)]
"""A route parameter of this type needs a valid API token and receives its account."""
