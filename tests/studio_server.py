"""Start the real studio on a free port for a test module (shared by the e2e and browser tests)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[1]
WIDTH, HEIGHT, FPS = 256, 144, 8
USERS = (("admin", ["--admin"]), ("alice", []), ("bob", []))  # each with the password "<name>-password"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_studio(
    tmp_path_factory,
    users: tuple[tuple[str, list[str]], ...] = USERS,
    prepare: Callable[[Path], dict] | None = None,
) -> Iterator[dict]:
    """Yield {url, data, startup_seconds} for a studio running in a fresh data dir; stop it afterwards.

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
            [sys.executable, "-m", "studio.accounts.cli", "--data-dir", str(data), "add-user", name, *role],
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
        yield {"url": url, "data": data, "startup_seconds": time.monotonic() - started, **extras}
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()
