"""Start the studio: settings -> database -> services -> REST API + Gradio UI -> uvicorn.

python app.py [--host 127.0.0.1] [--port 7860] [--data-dir outputs] [... one option per setting: --help]
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import typing
from typing import Literal

from pydantic import ValidationError

from studio.config import Settings
from studio.errors import StudioError
from studio.services import build_services


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """One option per setting, generated from Settings so --help can never fall behind it."""
    parser = argparse.ArgumentParser(
        description="The studio: a private, local text-to-video studio. Every option can also be set "
        "with its STUDIO_* environment variable or in a .env file; options win.",
    )
    for name, field in Settings.model_fields.items():
        flag = "--" + name.replace("_", "-")
        default = "none" if field.default is None else field.default
        if name == "admin_password":
            default = "random, printed once"
        help_text = f"{field.description} (STUDIO_{name.upper()}; default: {default})".replace("%", "%%")
        if field.annotation is bool:
            parser.add_argument(flag, dest=name, action=argparse.BooleanOptionalAction, default=None, help=help_text)
        else:
            choices = typing.get_args(field.annotation) if typing.get_origin(field.annotation) is Literal else None
            parser.add_argument(flag, dest=name, default=None, choices=choices, help=help_text)
    return parser.parse_args(argv)


def overrides_from(args: argparse.Namespace) -> dict[str, object]:
    """The options given on the command line, ready for Settings (lists arrive as JSON)."""
    chosen: dict[str, object] = {}
    for name, value in vars(args).items():
        if value is None:
            continue
        if typing.get_origin(Settings.model_fields[name].annotation) is list:
            value = json.loads(value) if str(value).startswith("[") else [v for v in str(value).split(",") if v]
        chosen[name] = value
    return chosen


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        settings = Settings(**overrides_from(args))
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'settings'}: {e['msg']}" for e in error.errors())
        print(f"The studio cannot start, a setting is wrong: {problems}", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings.cache_dir.mkdir(parents=True, exist_ok=True)
    os.environ["GRADIO_TEMP_DIR"] = str(settings.cache_dir.resolve())
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

    from studio.migrations import BACKUPS

    try:
        services = build_services(settings)
    except StudioError as error:
        print(f"The studio cannot start: {error}", file=sys.stderr)
        return 2
    admin_password = settings.admin_password.get_secret_value() if settings.admin_password else None
    services.accounts.ensure_admin(admin_password, announce=lambda line: print(line, flush=True))

    import gradio as gr
    import uvicorn

    from components.labels import I18N
    from components.layout import build_ui
    from components.theme import CSS, THEME
    from studio.web.api import create_api, login_check

    services.lane.start()
    demo = build_ui(services)
    demo.queue(default_concurrency_limit=4)
    db_file = settings.data_dir / "studio.db"
    # The REST API is the parent app (its routes match first); the UI is mounted at / beside it.
    app = gr.mount_gradio_app(
        create_api(services, settings),
        demo,
        path="/",
        server_name=settings.host,
        server_port=settings.port,
        auth=login_check(services),  # argon2 in a thread; failures throttled per username and address
        auth_message="Log in with your studio account. 请使用工作室账号登录。",
        i18n=I18N,
        ssr_mode=False,
        max_file_size=f"{settings.max_upload_mb}mb",
        blocked_paths=[
            str(settings.projects_dir.resolve()),
            *(f"{db_file.resolve()}{s}" for s in ("", "-wal", "-shm")),
            str((settings.data_dir / BACKUPS).resolve()),
        ],
        footer_links=["api", "settings"],
        theme=THEME,
        css=CSS,
    )
    host = f"[{settings.host}]" if ":" in settings.host else settings.host
    print(f"The studio is running on http://{host}:{settings.port}/ (REST API: /api/docs)", flush=True)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning", timeout_graceful_shutdown=5)
    services.lane.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
