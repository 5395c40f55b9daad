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
