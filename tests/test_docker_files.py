"""The Docker files, read as text (no Docker engine here to build them): a non-root user, the Hugging Face
cache as a volume, the Python the README promises, and no start with the example password."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def _instructions(name: str) -> list[str]:
    joined = DOCKERFILE.replace("\\\n", " ")
    return [line.split(None, 1)[1] for line in joined.splitlines() if line.startswith(f"{name} ")]


def test_the_container_runs_as_an_unprivileged_user():
    users = _instructions("USER")
    assert users and users[-1].strip() not in ("root", "0", "0:0")
    cmd_at = DOCKERFILE.index("\nCMD ")
    assert DOCKERFILE.rindex("\nUSER ") < cmd_at
    assert "useradd" in DOCKERFILE
    service = COMPOSE["services"]["studio"]
    assert not str(service.get("user", "1000")).startswith(("0", "root"))


def test_the_hugging_face_cache_is_a_volume_in_the_image_and_in_compose():
    env = " ".join(_instructions("ENV"))
    home = re.search(r"HF_HOME=(\S+)", env)
    assert home, "HF_HOME is not set in the image"
    assert home.group(1) in " ".join(_instructions("VOLUME"))
    mounts = COMPOSE["services"]["studio"]["volumes"]
    assert any(m.split(":")[1] == home.group(1) for m in mounts)
    named = next(m.split(":")[0] for m in mounts if m.split(":")[1] == home.group(1))
    assert named in COMPOSE["volumes"]


def test_the_image_python_is_one_the_readme_promises():
    wanted = re.search(r"sys\.version_info\[:2\] == \((\d+), (\d+)\)", DOCKERFILE)
    assert wanted, "the Dockerfile does not check its Python version"
    version = f"{wanted.group(1)}.{wanted.group(2)}"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick_start = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    assert version in quick_start


def test_compose_will_not_start_without_a_password_in_env():
    service = COMPOSE["services"]["studio"]
    assert ".env" in service["env_file"]
    assert ":?" in service["environment"]["STUDIO_ADMIN_PASSWORD"]


def test_weights_and_runtime_data_stay_out_of_the_build_context():
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert {"models/*", "outputs", ".env", ".git"} <= set(ignored) and "!models/README.md" in ignored
