"""Alembic's command line, configured for the studio (no alembic.ini):

    python -m studio.migrations revision --autogenerate -m "cast members"
    python -m studio.migrations --database-url sqlite:///outputs/studio.db history

The database is the studio's own (STUDIO_DATABASE_URL, or <STUDIO_DATA_DIR>/studio.db) unless
--database-url names another; `revision --autogenerate` compares the models with it, so it
should be at the newest revision (start the studio once, or `upgrade heads`).
"""

from __future__ import annotations

import logging
import sys

from alembic.config import CommandLine

from studio.config import Settings
from studio.db import make_engine
from studio.migrations import alembic_config, migration_connection


def main(argv: list[str] | None = None) -> int:
    cli = CommandLine(prog="python -m studio.migrations")
    cli.parser.add_argument("--database-url", help="SQLAlchemy URL of the database; default: the studio's own.")
    options = cli.parser.parse_args(argv)
    if not hasattr(options, "cmd"):
        cli.parser.error("name a command, e.g. history, current, revision, upgrade")
    logging.basicConfig(level=logging.INFO, format="%(levelname)-5.5s [%(name)s] %(message)s")
    url = options.database_url or Settings().db_url
    with migration_connection(make_engine(url)) as connection:
        config = alembic_config(connection)
        config.cmd_opts, config.stdout = options, sys.stdout
        config.set_main_option("sqlalchemy.url", url)
        cli.run_cmd(config, options)
    return 0


if __name__ == "__main__":
    sys.exit(main())
