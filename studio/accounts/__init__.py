"""Who may use the studio: accounts and roles, login checks with a lockout, API tokens, and what admins do.

Run `python -m studio.accounts` to manage accounts from the shell (e.g. before the first start).
"""

from studio.accounts.account import ADMIN, ROLES, Account, normalize_username
from studio.accounts.admin import AccountAdmin, UserView
from studio.accounts.service import Accounts
from studio.accounts.tokens import ApiTokens, TokenView

__all__ = [
    "ADMIN",
    "ROLES",
    "Account",
    "AccountAdmin",
    "Accounts",
    "ApiTokens",
    "TokenView",
    "UserView",
    "normalize_username",
]
