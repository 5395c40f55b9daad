import os
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from studio.config import Settings

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("url", ["http://127.0.0.1:11434/v1", "http://localhost:8000/v1", "http://[::1]:8080/v1"])
def test_an_llm_server_on_this_machine_is_accepted(url):
    assert Settings(llm_server_url=url).llm_server_url == url


def test_an_llm_server_elsewhere_is_refused_unless_allowed():
    with pytest.raises(ValidationError, match="not this machine"):
        Settings(llm_server_url="http://10.0.0.5:8000/v1")
    assert Settings(llm_server_url="http://gpu-box:8000/v1", llm_server_allow_remote=True)


def test_frame_sizes_must_be_even():
    with pytest.raises(ValidationError):
        Settings(default_width=1023)


def test_settings_come_from_studio_environment_variables(monkeypatch, tmp_path):
    monkeypatch.setenv("STUDIO_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("STUDIO_PORT", "7999")
    settings = Settings()
    assert settings.data_dir == tmp_path and settings.port == 7999
    assert settings.db_url == f"sqlite:///{tmp_path / 'studio.db'}"


def test_options_of_app_py_set_settings_and_win_over_the_environment(monkeypatch):
    import app

    monkeypatch.setenv("STUDIO_PORT", "7001")
    monkeypatch.setenv("STUDIO_HOST", "0.0.0.0")
    settings = app.settings_from(
        ["--port", "7999", "--svd-offload", "--device", "cpu", "--api-cors-origins", "http://a:1", "--data-dir", "d"]
    )
    assert (settings.port, settings.host, settings.svd_offload, settings.device) == (7999, "0.0.0.0", True, "cpu")
    assert settings.api_cors_origins == ["http://a:1"] and settings.data_dir == Path("d")
    assert app.settings_from([]) == Settings()


@pytest.mark.parametrize(
    "value", ["http://a:1,http://b:2", '["http://a:1", "http://b:2"]'], ids=["comma list", "JSON list"]
)
def test_a_list_option_takes_a_comma_list_or_json(value):
    import app

    assert app.settings_from(["--api-cors-origins", value]).api_cors_origins == ["http://a:1", "http://b:2"]


def test_a_boolean_option_can_be_turned_off_again(monkeypatch):
    import app

    monkeypatch.setenv("STUDIO_SVD_OFFLOAD", "true")
    assert app.settings_from([]).svd_offload is True
    assert app.settings_from(["--no-svd-offload"]).svd_offload is False


def app_help(**env: str) -> str:
    result = subprocess.run(
        [sys.executable, "app.py", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **env},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_help_lists_every_setting_once_with_its_default_and_variable():
    out = app_help()
    for name, field in Settings.model_fields.items():
        flag = f"--{name.replace('_', '-')}"
        assert out.count(f"  {flag}") == 1, flag
        assert f"STUDIO_{name.upper()}" in out, name
        assert field.description.split()[0] in out, name
    assert "PydanticUndefined" not in out
    assert "--port int" in out and "(default: 7860)" in out and "(default: outputs)" in out
    assert "--device {auto,cuda,cpu}" in out and "--svd-offload, --no-svd-offload" in out
    assert "--api-cors-origins list[str]" in out and "(default factory: list)" in out


HELP_THEN_LIST_MODULES = """
import runpy, sys
sys.argv = ["app.py", "--help"]
try:
    runpy.run_path("app.py", run_name="__main__")
except SystemExit:
    pass
print(sorted(m for m in ("gradio", "torch", "cv2", "av", "sqlalchemy", "alembic") if m in sys.modules))
"""


def test_help_never_shows_a_secret():
    assert "top-secret-pw" not in app_help(STUDIO_ADMIN_PASSWORD="top-secret-pw")


def test_help_loads_no_heavy_library():
    result = subprocess.run(
        [sys.executable, "-c", HELP_THEN_LIST_MODULES], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_a_wrong_option_value_stops_the_start_with_one_line(tmp_path):
    result = subprocess.run(
        [sys.executable, "app.py", "--data-dir", str(tmp_path), "--port", "not-a-port"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "a setting is wrong: port" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("change-me-please", "example placeholder"),
        (" Change-Me-Please ", "example placeholder"),
        ("short", "at least 8"),
    ],
    ids=["placeholder", "placeholder, spaced and capitalised", "too short"],
)
def test_the_studio_refuses_to_start_with_the_example_or_a_short_admin_password(
    password, reason, monkeypatch, tmp_path, capsys
):
    import uvicorn

    import app

    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: pytest.fail("the studio started"))
    monkeypatch.setenv("STUDIO_ADMIN_PASSWORD", password)
    assert app.main(["--data-dir", str(tmp_path)]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and "STUDIO_ADMIN_PASSWORD" in lines[0] and reason in lines[0]
    assert password.strip() not in lines[0]
    assert not (tmp_path / "studio.db").exists()


def test_an_own_admin_password_or_none_is_accepted():
    assert Settings(admin_password="a-real-secret-9").admin_password.get_secret_value() == "a-real-secret-9"
    assert Settings(admin_password=None).admin_password is None
    assert Settings(admin_password="").admin_password is None


def test_the_env_example_holds_the_placeholder_the_studio_refuses():
    lines = (ROOT / ".env.example").read_text(encoding="utf-8").splitlines()
    value = next(line.split("=", 1)[1] for line in lines if line.startswith("STUDIO_ADMIN_PASSWORD="))
    with pytest.raises(ValidationError, match="placeholder"):
        Settings(admin_password=value)
