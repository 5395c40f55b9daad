"""Who may use the studio: accounts and roles, login checks with a lockout, UI sessions tied to a user's
credentials, API tokens, and what admins do.

Run `python -m studio.accounts` to manage accounts from the shell (e.g. before the first start).
"""

from studio.accounts.account import ADMIN, ROLES, Account, normalize_username
from studio.accounts.admin import AccountAdmin, UserView
from studio.accounts.passwords import LoginBusy
from studio.accounts.service import Accounts
from studio.accounts.sessions import Sessions
from studio.accounts.throttle import LoginLocked
from studio.accounts.tokens import ApiTokens, TokenView

__all__ = [
    "ADMIN",
    "ROLES",
    "Account",
    "AccountAdmin",
    "Accounts",
    "ApiTokens",
    "LoginBusy",
    "LoginLocked",
    "Sessions",
    "TokenView",
    "UserView",
    "normalize_username",
]
