"""Start the studio: settings -> database -> services -> REST API + Gradio UI -> uvicorn.

python app.py [--host 127.0.0.1] [--port 7860] [--data-dir outputs] [... one option per setting: --help]
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from pydantic_settings import CliSettingsSource

from studio.config import Settings
from studio.errors import StudioError

if TYPE_CHECKING:
    from studio.services import Services

DESCRIPTION = (
    "The studio: a private, local text-to-video studio. Every option can also be set with its STUDIO_* "
    "environment variable or in a .env file; options win."
)


def settings_from(argv: list[str] | None = None) -> Settings:
    """Settings from the command line, over STUDIO_* variables and .env.

    pydantic-settings builds one option per setting from Settings itself (its description and
    default, flags for booleans, choices for Literals), so --help can never fall behind it.
    Lists take JSON or a comma list: --api-cors-origins http://a:1,http://b:2.
    """
    parser = argparse.ArgumentParser(prog="python app.py", description=DESCRIPTION)
    options = CliSettingsSource(
        Settings,
        root_parser=parser,
        cli_kebab_case=True,
        cli_implicit_flags="dual",  # --svd-offload / --no-svd-offload
        cli_hide_none_type=True,
        cli_avoid_json=True,
        cli_show_env_vars=True,
    )
    return Settings(_cli_settings_source=options(args=sys.argv[1:] if argv is None else argv))


def main(argv: list[str] | None = None) -> int:
    try:
        settings = settings_from(argv)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(map(str, e['loc'])) or 'settings'}: {e['msg'].removeprefix('Value error, ')}"
            for e in error.errors()
        )
        print(f"The studio cannot start, a setting is wrong: {problems}", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings.cache_dir.mkdir(parents=True, exist_ok=True)
    os.environ["GRADIO_TEMP_DIR"] = str(settings.cache_dir.resolve())
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

    from studio.services import build_services  # after the settings: --help and a wrong option stay quick

    try:
        services = build_services(settings)
    except StudioError as error:
        print(f"The studio cannot start: {error}", file=sys.stderr)
        return 2
    admin_password = settings.admin_password.get_secret_value() if settings.admin_password else None
    services.accounts.ensure_admin(admin_password, announce=lambda line: print(line, flush=True))

    import uvicorn

    services.lane.start()
    app = web_app(services, settings)
    host = f"[{settings.host}]" if ":" in settings.host else settings.host
    print(f"The studio is running on http://{host}:{settings.port}/ (REST API: /api/docs)", flush=True)
    uvicorn.run(app, **server_options(settings))
    services.lane.stop()
    return 0


def server_options(settings: Settings) -> dict[str, Any]:
    """How uvicorn serves the studio. X-Forwarded-For/-Proto are read only from STUDIO_TRUSTED_PROXIES (uvicorn
    trusts 127.0.0.1 by default), so the address the login throttle counts is the client's as far as the trusted
    chain of proxies knows it, never a header a client wrote."""
    proxies = list(settings.trusted_proxies)
    return {
        "host": settings.host,
        "port": settings.port,
        "log_level": "warning",
        "timeout_graceful_shutdown": 5,
        "proxy_headers": bool(proxies),
        "forwarded_allow_ips": proxies,
    }


def web_app(services: Services, settings: Settings) -> Any:
    """The REST API as the parent app (its routes match first), with the Gradio UI mounted at / beside it."""
    import gradio as gr

    from components.labels import I18N
    from components.layout import build_ui
    from components.messages import say_in
    from components.theme import CSS, THEME
    from studio.migrations import BACKUPS
    from studio.web import create_api, guard_sessions, login_check

    demo = build_ui(services)
    demo.queue(default_concurrency_limit=4)
    db_file = settings.data_dir / "studio.db"
    app = gr.mount_gradio_app(
        create_api(services, settings),
        demo,
        path="/",
        server_name=settings.host,
        server_port=settings.port,
        auth=login_check(services, say_in),  # argon2 in a small pool; failures throttled per username and address
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
    guard_sessions(app, services.sessions)  # a login cookie reaches the UI only while its session holds
    return app


if __name__ == "__main__":
    sys.exit(main())
