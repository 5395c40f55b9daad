"""Who is asking: API bearer tokens for /api routes, and the Gradio login check (which is given no request).

Gradio's POST /login calls `login_check` with the username and password only. The session gate
(web/sessions.py) puts a LoginAttempt in LOGIN_ATTEMPT for the request: the client's address and
language go in, the account that logged in comes out (so the gate can tie the new login token to
the user's id). A lock or a full login pool is raised as an HTTPException, which Gradio's route
lets through: the login page then says why (web/page_head.py), instead of "Incorrect credentials".
"""

from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Annotated, Protocol

from fastapi import Depends, HTTPException
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from studio.accounts import Account, LoginBusy, LoginLocked
from studio.services import Services
from studio.web.dependencies import ServicesDep

BUSY_RETRY_S = 2


@dataclass
class LoginAttempt:
    address: str | None = None
    language: str = "en"
    account: Account | None = None
    """Set by the login check when the password was right."""


LOGIN_ATTEMPT: ContextVar[LoginAttempt | None] = ContextVar("login_attempt", default=None)


class Say(Protocol):
    """components.messages.say_in: a message of the UI's tables in a language."""

    def __call__(self, language: str, key: str, **values: object) -> str: ...


def login_check(services: Services, say: Say) -> Callable[[str, str], Awaitable[bool]]:
    """The coroutine Gradio's login calls: checked in the login pool, throttled per username and address."""

    async def check(username: str, password: str) -> bool:
        attempt = LOGIN_ATTEMPT.get() or LoginAttempt()
        try:
            account = await services.accounts.sign_in_async(username, password, attempt.address)
        except LoginLocked as locked:
            key = "login.locked_address" if locked.by_address else "login.locked_user"
            detail = say(attempt.language, key, wait=wait_words(say, attempt.language, locked.seconds))
            raise HTTPException(429, detail, {"Retry-After": str(locked.seconds)}) from None
        except LoginBusy:
            raise HTTPException(503, say(attempt.language, "login.busy"), {"Retry-After": str(BUSY_RETRY_S)}) from None
        attempt.account = account
        return account is not None

    return check


def wait_words(say: Say, language: str, seconds: int) -> str:
    """How long a lock still lasts, in whole minutes rounded up (Retry-After has the seconds)."""
    minutes = max(1, -(-seconds // 60))
    return say(language, "login.minute") if minutes == 1 else say(language, "login.minutes", count=minutes)


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
            401, "The API token is invalid, expired or revoked.", {"WWW-Authenticate": 'Bearer error="invalid_token"'}
        )
    return user


User = Annotated[Account, Depends(account)]
"""A route parameter of this type needs a valid API token and receives its account."""
