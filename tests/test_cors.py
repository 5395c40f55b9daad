"""CORS: a page on another port of this machine (a notebook server, say) cannot read the UI as the logged-in
user; the studio's own page still works; STUDIO_API_CORS_ORIGINS opens the REST API, and only it, to those
origins, never with the login cookie."""

from __future__ import annotations

import httpx
import pytest

from studio.config import Settings
from tests.studio_server import free_port, serve_in_process

pytestmark = pytest.mark.e2e

ELSEWHERE = "http://127.0.0.1:8888"
PORTAL = "http://lab-portal:8080"


def logged_in(served: dict) -> dict:
    client = httpx.Client(base_url=served["url"], timeout=20)
    assert client.post("login", data={"username": "alice", "password": "alice-password"}).status_code == 200
    secret, _ = served["services"].api_tokens.create(served["services"].accounts.get("alice").id, "cors")
    return {**served, "client": client, "bearer": {"Authorization": f"Bearer {secret}"}}


@pytest.fixture(scope="module", params=[[], [PORTAL]], ids=["no API origins", "an API origin"])
def studio(request, tmp_path_factory):
    settings = Settings(data_dir=tmp_path_factory.mktemp("cors"), port=free_port(), api_cors_origins=request.param)
    with serve_in_process(settings) as served:
        yield logged_in(served)


def preflight(origin: str, method: str = "POST", headers: str = "content-type") -> dict[str, str]:
    return {"Origin": origin, "Access-Control-Request-Method": method, "Access-Control-Request-Headers": headers}


def opens_to(answer: httpx.Response, origin: str) -> bool:
    return answer.headers.get("access-control-allow-origin") in (origin, "*")


def test_a_page_on_another_port_reads_nothing_of_the_ui_or_the_api(studio):
    client, bearer = studio["client"], studio["bearer"]
    answers = {
        "GET /config": client.get("config", headers={"Origin": ELSEWHERE}),
        "GET /gradio_api/info": client.get("gradio_api/info", headers={"Origin": ELSEWHERE}),
        "OPTIONS /gradio_api/upload": client.options("gradio_api/upload", headers=preflight(ELSEWHERE)),
        "POST /gradio_api/upload": client.post(
            "gradio_api/upload", headers={"Origin": ELSEWHERE}, files={"files": ("a.txt", b"hello", "text/plain")}
        ),
        "OPTIONS /gradio_api/queue/join": client.options("gradio_api/queue/join", headers=preflight(ELSEWHERE)),
        "GET /api/model/status": client.get("api/model/status", headers={"Origin": ELSEWHERE, **bearer}),
        "OPTIONS /api/tasks": client.options("api/tasks", headers=preflight(ELSEWHERE, headers="authorization")),
    }
    for route, answer in answers.items():
        assert not opens_to(answer, ELSEWHERE), (route, dict(answer.headers))
        assert "access-control-allow-credentials" not in answer.headers, (route, dict(answer.headers))


def test_the_studios_own_page_still_works(studio):
    own = studio["url"].rstrip("/")
    client = studio["client"]
    assert client.get("config", headers={"Origin": own}).status_code == 200
    note = {"files": ("a.txt", b"hi", "text/plain")}
    uploaded = client.post("gradio_api/upload", headers={"Origin": own}, files=note)
    assert uploaded.status_code == 200


def test_the_configured_origins_may_call_the_rest_api_with_a_token_but_not_the_ui_with_the_cookie(studio):
    if not studio["services"].settings.api_cors_origins:
        pytest.skip("no API origins configured")
    client, bearer = studio["client"], studio["bearer"]
    allowed = client.options("api/tasks", headers=preflight(PORTAL, headers="authorization,content-type"))
    assert allowed.status_code == 200 and opens_to(allowed, PORTAL)
    status = client.get("api/model/status", headers={"Origin": PORTAL, **bearer})
    assert status.status_code == 200 and opens_to(status, PORTAL)
    for answer in (allowed, status, client.get("config", headers={"Origin": PORTAL})):
        assert "access-control-allow-credentials" not in answer.headers
