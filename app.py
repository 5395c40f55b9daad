"""Start the studio: settings -> database -> services -> REST API + Gradio UI -> uvicorn.

python app.py [--host 127.0.0.1] [--port 7860] [--data-dir outputs]
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from pydantic import ValidationError

from studio.config import Settings
from studio.errors import StudioError
from studio.services import build_services


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="The studio: a private, local text-to-video studio. Every option can also be set "
        "with a STUDIO_* environment variable (see README).",
    )
    parser.add_argument("--host", help="address to bind (STUDIO_HOST, default 127.0.0.1)")
    parser.add_argument("--port", type=int, help="port to listen on (STUDIO_PORT, default 7860)")
    parser.add_argument("--data-dir", type=Path, help="folder for the database and all media (STUDIO_DATA_DIR)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    overrides = {k: v for k, v in {"host": args.host, "port": args.port, "data_dir": args.data_dir}.items() if v}
    try:
        settings = Settings(**overrides)
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'settings'}: {e['msg']}" for e in error.errors())
        print(f"The studio cannot start, a setting is wrong: {problems}", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings.cache_dir.mkdir(parents=True, exist_ok=True)
    os.environ["GRADIO_TEMP_DIR"] = str(settings.cache_dir.resolve())
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

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
    from studio.api import create_api, login_check

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
        ],
        footer_links=["api", "settings"],
    )
    host = f"[{settings.host}]" if ":" in settings.host else settings.host
    print(f"The studio is running on http://{host}:{settings.port}/ (REST API: /api/docs)", flush=True)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning", timeout_graceful_shutdown=5)
    services.lane.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
