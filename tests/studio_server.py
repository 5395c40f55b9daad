"""Start the real studio on a free port for a test module (shared by the e2e and browser tests), and see
which libraries its startup loads."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from studio.config import Settings

ROOT = Path(__file__).resolve().parents[1]
WIDTH, HEIGHT, FPS = 256, 144, 8
USERS = (("admin", ["--admin"]), ("alice", []), ("bob", []))  # each with the password "<name>-password"

# The model stack: seconds to import (torch alone takes about 2 s here) and gigabytes once loaded. None of
# it may load before the first page with no models configured (DESIGN.md, "heavy imports load lazily").
# cv2 and av are not on the list: the animatic engine, the default, renders with them, and each imports
# in about 0.1 s (python -X importtime).
HEAVY_MODULES = (
    "torch",
    "torchvision",
    "diffusers",
    "transformers",
    "accelerate",
    "safetensors",
    "tokenizers",
    "sentencepiece",
    "llguidance",
    "gguf",
    "llama_cpp",
    "onnxruntime",
    "triton",
    "xformers",
    "ray",
)

# Run as `python -c FIRST_PAGE data_dir models_dir heavy,modules [forced imports...]`: app.main() for real,
# except that uvicorn.run serves one request in-process (the first page, through the ASGI app main built)
# and prints which heavy modules the process holds by then. "Forced imports" are imported inside
# build_services, as a careless eager import in a room would be; only the check of this check uses them.
FIRST_PAGE = """
import json
import sys

import studio.services
import uvicorn
from starlette.testclient import TestClient

data_dir, models_dir, heavy, forced = sys.argv[1], sys.argv[2], sys.argv[3].split(","), sys.argv[4:]
build_services = studio.services.build_services


def build_services_importing_first(settings):
    for name in forced:
        __import__(name)
    return build_services(settings)


def serve_the_first_page(asgi_app, **options):
    with TestClient(asgi_app) as client:
        status = client.get("/").status_code
    print(json.dumps({"status": status, "heavy": sorted(name for name in heavy if name in sys.modules)}))


studio.services.build_services = build_services_importing_first
uvicorn.run = serve_the_first_page
import app

sys.exit(app.main(["--data-dir", data_dir, "--models-dir", models_dir]))
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_studio(
    tmp_path_factory,
    users: tuple[tuple[str, list[str]], ...] = USERS,
    prepare: Callable[[Path], dict] | None = None,
) -> Iterator[dict]:
    """Yield {url, data} for a studio running in a fresh data dir; stop it afterwards.

    Use it from a fixture: `yield from start_studio(tmp_path_factory)`. `prepare(data)` runs after the
    users exist and before the server starts (the database is shared); what it returns is yielded too.
    """
    data = tmp_path_factory.mktemp("studio-data")
    port = free_port()
    env = {
        **os.environ,
        "STUDIO_ADMIN_PASSWORD": "admin-password",
        "STUDIO_DEFAULT_WIDTH": str(WIDTH),
        "STUDIO_DEFAULT_HEIGHT": str(HEIGHT),
        "STUDIO_DEFAULT_FPS": str(FPS),
        "GRADIO_ANALYTICS_ENABLED": "False",
    }
    for name, role in users:
        subprocess.run(
            [sys.executable, "-m", "studio.accounts", "--data-dir", str(data), "add-user", name, *role],
            env={**env, "STUDIO_NEW_PASSWORD": f"{name}-password"},
            cwd=ROOT,
            check=True,
        )
    extras = prepare(data) if prepare else {}
    log = (data / "server.log").open("w")
    started = time.monotonic()
    server = subprocess.Popen(
        [sys.executable, "app.py", "--port", str(port), "--data-dir", str(data)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        while True:
            if server.poll() is not None:
                pytest.fail(f"the studio exited early:\n{(data / 'server.log').read_text()}")
            try:
                if httpx.get(url, timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() - started > 60:
                pytest.fail("the studio did not answer within 60 s")
            time.sleep(0.2)
        yield {"url": url, "data": data, "pid": server.pid, **extras}
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


@contextmanager
def serve_in_process(settings: Settings, users: tuple[str, ...] = ("alice", "bob")) -> Iterator[dict]:
    """Yield {url, services} for app.py's web app served by uvicorn, with app.py's server options, from a
    thread of this process: real HTTP and real middleware, and the services' counters readable by the test.

    Each name in `users` gets the password "<name>-password"; `admin` has "admin-password".
    """
    import uvicorn

    from app import server_options, web_app
    from studio.services import build_services

    services = build_services(settings)
    services.accounts.ensure_admin("admin-password", announce=lambda _line: None)
    for name in users:
        services.accounts.create(name, f"{name}-password")
    services.lane.start()
    server = uvicorn.Server(uvicorn.Config(web_app(services, settings), **server_options(settings)))
    thread = threading.Thread(target=server.run, name="studio-server", daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 60
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                pytest.fail("the in-process studio did not start")
            time.sleep(0.05)
        yield {"url": f"http://127.0.0.1:{settings.port}/", "services": services}
    finally:
        server.should_exit = True
        thread.join(timeout=20)
        services.lane.stop()


def heavy_modules_at_first_page(folder: Path, *forced_imports: str) -> list[str]:
    """The HEAVY_MODULES a studio process holds once it has served its first page (see FIRST_PAGE).

    The process runs in `folder` with no STUDIO_* settings from outside and an empty models folder:
    a fresh machine with no models configured.
    """
    data, models = folder / "data", folder / "models"
    models.mkdir(parents=True)
    env = {name: value for name, value in os.environ.items() if not name.startswith("STUDIO_")}
    env |= {"STUDIO_ADMIN_PASSWORD": "admin-password", "GRADIO_ANALYTICS_ENABLED": "False", "PYTHONPATH": str(ROOT)}
    arguments = [str(data), str(models), ",".join(HEAVY_MODULES), *forced_imports]
    done = subprocess.run(
        [sys.executable, "-c", FIRST_PAGE, *arguments], cwd=folder, env=env, capture_output=True, text=True, timeout=180
    )
    assert done.returncode == 0, f"the studio did not start:\n{done.stdout}\n{done.stderr}"
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["status"] == 200, f"the first page answered {report['status']}"
    return report["heavy"]
