"""The REST API of the real app (started on a free port, UI mounted beside it), driven over HTTP."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from sqlmodel import select

from studio.accounts import Accounts
from studio.accounts.tokens import ApiTokens
from studio.db import make_engine, session_scope
from studio.media import probe
from studio.records import SceneRow
from tests.studio_server import start_studio

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

SMALL = {"width": 256, "height": 144, "fps": 8}
ROUTES = {
    ("/health", "get"),
    ("/api/model/status", "get"),
    ("/api/tasks", "post"),
    ("/api/tasks", "get"),
    ("/api/tasks/{task_id}", "get"),
    ("/api/tasks/{task_id}", "delete"),
    ("/api/tasks/{task_id}/film", "get"),
}


@pytest.fixture(scope="module")
def studio(tmp_path_factory):
    def make_tokens(data: Path) -> dict:
        """Tokens are made before the start: the database file is shared with the server."""
        engine = make_engine(f"sqlite:///{data / 'studio.db'}")
        tokens = ApiTokens(engine)
        ids = {name: Accounts(engine).get(name).id for name in ("alice", "bob", "carol")}
        made = {name: tokens.create(ids[name], "tests")[0] for name in ids}
        return {"engine": engine, "tokens": tokens, "ids": ids, "token": made}

    users = (("alice", []), ("bob", []), ("carol", []))
    for running in start_studio(tmp_path_factory, users, make_tokens):
        yield {**running, "url": running["url"].rstrip("/")}


def client(studio, user: str | None = None, token: str | None = None) -> httpx.Client:
    secret = token or (studio["token"][user] if user else None)
    headers = {"Authorization": f"Bearer {secret}"} if secret else {}
    return httpx.Client(base_url=studio["url"], headers=headers, timeout=30)


def wait(api: httpx.Client, task_id: int, timeout: float = 120) -> dict:
    deadline = time.monotonic() + timeout
    seen = []
    while time.monotonic() < deadline:
        task = api.get(f"/api/tasks/{task_id}").json()
        seen.append(task["progress"])
        if task["status"] not in ("pending", "running"):
            assert seen == sorted(seen), "progress went backwards"
            return task
        time.sleep(0.2)
    pytest.fail(f"task {task_id} did not finish in time")


def test_health_needs_no_token(studio):
    response = httpx.get(f"{studio['url']}/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["lane"] is True and body["database"] is True and body["version"]


def test_tokens_are_required(studio):
    for api in (client(studio), client(studio, token="st_not-a-real-token"), client(studio, token="Basic abc")):
        for method, path in (("GET", "/api/tasks"), ("GET", "/api/model/status"), ("GET", "/api/tasks/1")):
            response = api.request(method, path)
            assert response.status_code == 401, (method, path)
            assert response.headers["www-authenticate"].startswith("Bearer")
            assert response.json()["detail"]
        assert api.post("/api/tasks", json={"idea": "a river"}).status_code == 401
    # A token revoked while the server runs is refused at once.
    plaintext, token = studio["tokens"].create(studio["ids"]["bob"], "short-lived")
    assert client(studio, token=plaintext).get("/api/tasks").status_code == 200
    studio["tokens"].revoke(studio["ids"]["bob"], token.id)
    assert client(studio, token=plaintext).get("/api/tasks").status_code == 401


def test_model_status(studio):
    status = client(studio, "alice").get("/api/model/status").json()
    assert "animatic" in status["engines"] and "planner" in status["writer"]
    assert {"loaded", "device", "gpu", "allocated_gb", "total_gb"} <= set(status)


def test_idea_to_film_as_one_task(studio, tmp_path):
    api = client(studio, "alice")
    response = api.post("/api/tasks", json={"idea": "A short film about a forest with a river", **SMALL})
    assert response.status_code == 202
    task = response.json()
    assert response.headers["location"] == f"/api/tasks/{task['id']}"
    assert task["status"] in ("pending", "running") and task["kind"] == "pipeline"

    done = wait(api, task["id"])
    assert done["status"] == "completed", done["error"]
    assert done["progress"] == 1.0 and done["finished_at"] and done["film_url"] == f"/api/tasks/{task['id']}/film"
    assert "path" not in done["result"]

    film = api.get(done["film_url"])
    assert film.status_code == 200 and film.headers["content-type"] == "video/mp4"
    assert film.content[4:8] == b"ftyp"
    path = tmp_path / "film.mp4"
    path.write_bytes(film.content)
    info = probe(path)
    with session_scope(studio["engine"]) as session:
        durations = session.exec(select(SceneRow.duration).where(SceneRow.project_id == done["project_id"])).all()
    assert len(durations) >= 3
    assert (info.width, info.height) == (256, 144)
    assert info.duration == pytest.approx(sum(durations), rel=0.05)


def test_listing_is_paged_newest_first(studio):
    api = client(studio, "bob")
    ids = [api.post("/api/tasks", json={"idea": f"film number {n}", **SMALL}).json()["id"] for n in range(3)]
    first = api.get("/api/tasks", params={"page": 1, "per_page": 2}).json()
    second = api.get("/api/tasks", params={"page": 2, "per_page": 2}).json()
    assert first["total"] == second["total"] >= 3 and first["pages"] == second["pages"]
    listed = [t["id"] for t in first["items"] + second["items"]]
    assert listed[:3] == ids[::-1]
    assert len(first["items"]) == 2
    for params in ({"per_page": 0}, {"per_page": 101}, {"page": 0}, {"page": "x"}):
        assert api.get("/api/tasks", params=params).status_code == 422
    for task_id in ids:
        api.delete(f"/api/tasks/{task_id}")


def test_cancel(studio):
    api = client(studio, "bob")
    task = api.post("/api/tasks", json={"idea": "a film to cancel", **SMALL}).json()
    canceled = api.delete(f"/api/tasks/{task['id']}")
    assert canceled.status_code == 200
    final = wait(api, task["id"])
    assert final["status"] == "canceled" and final["film_url"] is None
    again = api.delete(f"/api/tasks/{task['id']}")
    assert again.status_code == 409
    assert api.get(f"/api/tasks/{task['id']}/film").status_code == 409


def test_someone_elses_task_is_not_found(studio):
    alice, bob = client(studio, "alice"), client(studio, "bob")
    task = alice.post("/api/tasks", json={"idea": "alice's secret film", **SMALL}).json()
    for method, path in (
        ("GET", f"/api/tasks/{task['id']}"),
        ("DELETE", f"/api/tasks/{task['id']}"),
        ("GET", f"/api/tasks/{task['id']}/film"),
    ):
        response = bob.request(method, path)
        assert response.status_code == 404, (method, path)
    assert task["id"] not in [t["id"] for t in bob.get("/api/tasks", params={"per_page": 100}).json()["items"]]
    assert wait(alice, task["id"])["status"] == "completed"  # bob's DELETE changed nothing
    assert client(studio, "alice").get(f"/api/tasks/{2**62}").status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        {"idea": "x" * 1_000_000},
        {"idea": "a river", "width": 255, "height": 144},
        {"idea": "a river", "fps": 0},
        {"idea": "a river", "fps": 61},
        {"idea": "a river", "width": 4000},
        {"idea": "   "},
        {"idea": ""},
        {"width": 256},
        {"idea": "a river", "engine": "no-such-engine"},
        {"idea": "a river", "colour": "blue"},
        {"idea": 42},
    ],
)
def test_bad_requests_are_422(studio, body):
    api = client(studio, "carol")
    before = api.get("/api/tasks").json()["total"]
    response = api.post("/api/tasks", json=body)
    assert response.status_code == 422
    assert isinstance(response.json()["detail"], str) and response.json()["detail"]
    assert api.get("/api/tasks").json()["total"] == before
    assert api.post("/api/tasks", content=b"{not json", headers={"content-type": "application/json"}).status_code == 422


def test_openapi_lists_every_route(studio):
    schema = httpx.get(f"{studio['url']}/openapi.json").json()
    listed = {(path, method) for path, methods in schema["paths"].items() for method in methods}
    assert listed == ROUTES
    for path, method in ROUTES - {("/health", "get")}:
        responses = schema["paths"][path][method]["responses"]
        assert "401" in responses, (path, method)
        if path != "/api/model/status":  # the one route that takes no input
            assert "422" in responses, (path, method)
    for path in ("/api/tasks/{task_id}", "/api/tasks/{task_id}/film"):
        assert "404" in schema["paths"][path]["get"]["responses"]


def test_fuzzing_the_schema_finds_no_server_error(studio):
    """Schemathesis draws requests from the OpenAPI schema (valid and not): none may end in a 5xx."""
    schema = schemathesis.openapi.from_url(f"{studio['url']}/openapi.json")
    headers = {"Authorization": f"Bearer {studio['token']['carol']}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == len(ROUTES)
    for operation in operations:

        @settings(max_examples=50, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        @given(case=operation.as_strategy())
        def call(case):
            response = case.call(headers=headers, timeout=30)
            assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.text[:500]}"

        call()
