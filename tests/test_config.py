import pytest
from pydantic import ValidationError

from studio.config import Settings


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


def test_every_setting_is_an_option_of_app_py():
    import app

    args = app.parse_args(["--port", "7999", "--svd-offload", "--device", "cpu", "--api-cors-origins", "http://a:1"])
    settings = Settings(**app.overrides_from(args))
    assert (settings.port, settings.svd_offload, settings.device) == (7999, True, "cpu")
    assert settings.api_cors_origins == ["http://a:1"]
    assert app.overrides_from(app.parse_args([])) == {}
    import subprocess
    import sys
    from pathlib import Path

    out = subprocess.run(
        [sys.executable, "app.py", "--help"], cwd=Path(__file__).resolve().parents[1], capture_output=True, text=True
    ).stdout
    missing = [name for name in Settings.model_fields if f"--{name.replace('_', '-')}" not in out]
    assert missing == []


def test_a_wrong_option_value_stops_the_start_with_one_line(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    result = subprocess.run(
        [sys.executable, "app.py", "--data-dir", str(tmp_path), "--port", "not-a-port"],
        cwd=Path(__file__).resolve().parents[1],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "a setting is wrong: port" in result.stderr and "Traceback" not in result.stderr
