"""Account administration from the shell, until the admin tab exists.

    python -m studio.accounts.cli add-user alice            # asks for the password
    python -m studio.accounts.cli add-user bob --admin
    python -m studio.accounts.cli set-password alice
Passwords can also come from STUDIO_NEW_PASSWORD (for scripts).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from studio.accounts import Accounts
from studio.config import Settings
from studio.db import init_db, make_engine
from studio.errors import StudioError


def _password() -> str:
    if os.environ.get("STUDIO_NEW_PASSWORD"):
        return os.environ["STUDIO_NEW_PASSWORD"]
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Again: "):
        raise StudioError("The passwords differ.")
    return first


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m studio.accounts.cli", description="Manage studio accounts.")
    parser.add_argument("--data-dir", type=Path, help="the studio's data folder (STUDIO_DATA_DIR)")
    commands = parser.add_subparsers(dest="command", required=True)
    add = commands.add_parser("add-user", help="create an account")
    add.add_argument("username")
    add.add_argument("--admin", action="store_true", help="give the account the admin role")
    reset = commands.add_parser("set-password", help="set an account's password")
    reset.add_argument("username")
    args = parser.parse_args(argv)

    settings = Settings(**({"data_dir": args.data_dir} if args.data_dir else {}))
    engine = make_engine(settings.db_url)
    init_db(engine)
    accounts = Accounts(engine)
    try:
        if args.command == "add-user":
            account = accounts.create(args.username, _password(), role="admin" if args.admin else "user")
            print(f"Created {account.role} '{account.username}'.")
        else:
            accounts.set_password(args.username, _password())
            print(f"Password of '{args.username}' changed.")
    except StudioError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
