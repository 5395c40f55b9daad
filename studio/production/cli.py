"""The production room from the shell: re-create a project from an export bundle.

    python -m studio.production replay --user alice film.zip
    python -m studio.production replay --data-dir /srv/studio --user alice film.zip

It prints the new project's id; the project then opens in History like any other, ready to render.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from studio.accounts import Accounts
from studio.config import Settings
from studio.db import init_db, make_engine
from studio.errors import NotFound, StudioError
from studio.production.replay import Replays
from studio.production.uploads import Uploads
from studio.projects import Projects
from studio.storyboard import SafetyFilter


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m studio.production", description="The studio's production tools.")
    parser.add_argument("--data-dir", type=Path, help="the studio's data folder (STUDIO_DATA_DIR)")
    commands = parser.add_subparsers(dest="command", required=True)
    replay = commands.add_parser("replay", help="a new project from an export bundle (.zip): same storyboard, seeds")
    replay.add_argument("bundle", type=Path, help="the bundle an export wrote beside its film")
    replay.add_argument("--user", required=True, help="whose project it becomes")
    args = parser.parse_args(argv)

    settings = Settings(**({"data_dir": args.data_dir} if args.data_dir else {}))
    engine = make_engine(settings.db_url)
    init_db(engine)
    projects = Projects(engine, settings.projects_dir, max_scenes=settings.max_scenes, safety=SafetyFilter(engine))
    uploads = Uploads(projects, max_bytes=settings.max_upload_mb * 1024 * 1024, ffmpeg=settings.ffmpeg_path)
    try:
        owner = Accounts(engine).get(args.user)
    except NotFound:
        print(f"error: there is no active account named {args.user!r} in {settings.data_dir}.", file=sys.stderr)
        return 1
    try:
        project = Replays(projects, uploads).replay(owner.id, args.bundle)
    except StudioError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(project.id)
    print(
        f"Project {project.id} '{project.title}' for {owner.username}: {len(project.scenes)} scenes.", file=sys.stderr
    )
    return 0
