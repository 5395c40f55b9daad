"""UI sessions against the real studio: a session belongs to a user id and a credential version, so deleting,
disabling, resetting or re-roling a user (here from another process on the same database, as the shell
would) ends their sessions and tokens, and logging out ends every session of that user however it was typed."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from gradio_client import Client

from studio.config import Settings
from studio.services import Services, build_services
from tests.builders import new_project
from tests.studio_server import start_studio

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

USERS = (("admin", ["--admin"]), ("carol", []), ("dave", []), ("erin", []), ("frank", []), ("gina", []))


@pytest.fixture(scope="module")
def studio(tmp_path_factory):
    yield from start_studio(tmp_path_factory, users=USERS)


@pytest.fixture(scope="module")
def shell(studio) -> Services:
    """The studio's services built by this test process on the server's database: a second process, like the CLI."""
    return build_services(Settings(data_dir=studio["data"]))


def browser(studio, username: str, password: str | None = None) -> httpx.Client:
    """An HTTP client logged in through the login form, holding its session cookies."""
    client = httpx.Client(base_url=studio["url"], timeout=20, follow_redirects=False)
    answer = client.post("login", data={"username": username, "password": password or f"{username.lower()}-password"})
    assert answer.status_code == 200, answer.text
    return client


def ends_within(seconds: float, still_works: Callable[[], bool]) -> bool:
    """True once `still_works()` turns False within `seconds` (the studio re-reads a user at most once a second)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not still_works():
            return True
        time.sleep(0.1)
    return False


def config_ok(client: httpx.Client) -> bool:
    return client.get("config").status_code == 200


def upload(client: httpx.Client, tmp_path: Path) -> httpx.Response:
    note = tmp_path / "note.txt"
    note.write_text("a file for the cache")
    with note.open("rb") as handle:
        return client.post("gradio_api/upload", files={"files": ("note.txt", handle, "text/plain")})


def test_a_session_of_a_deleted_user_does_not_see_the_new_user_of_the_same_name(studio, shell, tmp_path):
    old = Client(studio["url"], auth=("gina", "gina-password"), download_files=str(tmp_path), verbose=False)
    old.predict(api_name="/list_projects")
    admin = shell.accounts.get("admin")
    shell.admin.delete_user(admin, "gina")
    newcomer = shell.admin.create_user(admin, "gina", "new-gina-password")
    new_project(shell.projects, newcomer, "the new gina's secret plan")
    time.sleep(1.2)
    with pytest.raises(Exception, match="401 Unauthorized"):
        old.predict(api_name="/list_projects")
    fresh = Client(studio["url"], auth=("gina", "new-gina-password"), download_files=str(tmp_path), verbose=False)
    assert len(fresh.predict(api_name="/list_projects")[0]["data"]) == 1


def test_a_disabled_user_loses_the_config_uploads_and_cached_files_at_once(studio, shell, tmp_path):
    carol = browser(studio, "carol")
    uploaded = upload(carol, tmp_path)
    assert uploaded.status_code == 200, uploaded.text
    cached = uploaded.json()[0]
    assert carol.get(f"gradio_api/file={cached}").content == b"a file for the cache"
    shell.admin.set_disabled(shell.accounts.get("admin"), "carol", True)
    assert ends_within(3, lambda: config_ok(carol))
    assert carol.get("config").status_code == 401
    assert upload(carol, tmp_path).status_code == 401
    assert carol.get(f"gradio_api/file={cached}").status_code in (401, 403)
    assert '"auth_required":true' in carol.get("").text.replace(" ", ""), "the page is the login form"
    shell.admin.set_disabled(shell.accounts.get("admin"), "carol", False)
    time.sleep(1.2)
    assert carol.get("config").status_code == 401, "enabling again does not revive the old session"
    assert config_ok(browser(studio, "carol"))


def test_a_password_reset_ends_the_session_and_the_api_tokens_it_made(studio, shell, tmp_path):
    dave = Client(studio["url"], auth=("dave", "dave-password"), download_files=str(tmp_path), verbose=False)
    secret, _tokens, _message = dave.predict("notebook", None, api_name="/create_api_token")
    bearer = {"Authorization": f"Bearer {secret}"}
    assert httpx.get(f"{studio['url']}api/model/status", headers=bearer, timeout=10).status_code == 200
    session = browser(studio, "dave")
    shell.admin.reset_password(shell.accounts.get("admin"), "dave", "reset-by-admin")
    assert httpx.get(f"{studio['url']}api/model/status", headers=bearer, timeout=10).status_code == 401
    assert ends_within(3, lambda: config_ok(session))
    with pytest.raises(Exception, match="401 Unauthorized"):
        dave.predict("one more", None, api_name="/create_api_token")
    assert config_ok(browser(studio, "dave", "reset-by-admin"))


def test_a_role_change_ends_the_session(studio, shell):
    erin = browser(studio, "erin")
    shell.admin.set_role(shell.accounts.get("admin"), "erin", "admin")
    assert ends_within(3, lambda: config_ok(erin))
    assert config_ok(browser(studio, "erin"))


def test_logging_out_as_one_spelling_ends_the_sessions_of_every_spelling(studio):
    lower, upper, other = browser(studio, "frank"), browser(studio, "FRANK"), browser(studio, "erin")
    assert config_ok(lower) and config_ok(upper)
    assert lower.get("logout").status_code == 302
    assert not config_ok(lower) and not config_ok(upper)
    assert config_ok(other), "another user's session is untouched"


def test_an_expired_api_token_gets_a_401_from_the_rest_api(studio, shell, tmp_path):
    from datetime import timedelta

    from studio.db import session_scope
    from studio.records import ApiTokenRow

    erin = Client(studio["url"], auth=("erin", "erin-password"), download_files=str(tmp_path), verbose=False)
    secret, tokens, _message = erin.predict("for a day", 1, api_name="/create_api_token")
    assert tokens["data"][0][4] != "never", "the Account tab shows when it expires"
    bearer = {"Authorization": f"Bearer {secret}"}
    assert httpx.get(f"{studio['url']}api/model/status", headers=bearer, timeout=10).status_code == 200
    with session_scope(shell.db) as session:
        row = session.get(ApiTokenRow, tokens["data"][0][0])
        row.expires_at = row.created_at - timedelta(seconds=1)  # a day later
    answer = httpx.get(f"{studio['url']}api/model/status", headers=bearer, timeout=10)
    assert answer.status_code == 401 and "expired" in answer.json()["detail"]
