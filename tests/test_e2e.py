"""The real app, started on a free port, driven through gradio_client as a logged-in user."""

from __future__ import annotations

import re
import time
from pathlib import Path

import httpx
import pytest
from gradio_client import Client

from studio.media import probe
from studio.storyboard.schema import COLUMNS
from studio.web.page_head import LANGUAGE_SCRIPT
from tests.studio_server import FPS, HEIGHT, WIDTH, heavy_modules_at_first_page

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

IDEA = "制作一段关于森林探险的短视频，包含河流和小动物"


def storyboard_table(outputs: tuple) -> dict:
    """The storyboard table among an event's outputs: COLUMNS with a keyframe thumbnail after the number."""
    headers = [COLUMNS[0], "keyframe", *COLUMNS[1:]]
    return next(o for o in outputs if isinstance(o, dict) and o.get("headers") == headers)


def wait_for_jobs(client: Client, timeout: float = 120) -> list[list]:
    """Poll the queue panel until no job is pending or running; returns its rows."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rows = client.predict(api_name="/queue")["data"]
        if rows and all(row[2] not in ("pending", "running") for row in rows):
            return rows
        time.sleep(0.3)
    pytest.fail("the lane did not finish in time")


def login(studio, user: str, tmp_path: Path) -> Client:
    return Client(studio["url"], auth=(user, f"{user}-password"), download_files=str(tmp_path), verbose=False)


def test_the_first_page_is_served_before_any_model_library_is_imported(tmp_path):
    assert heavy_modules_at_first_page(tmp_path) == []


def test_the_first_page_check_sees_a_model_library_imported_during_startup(tmp_path):
    # The check of the check: torch imported inside build_services, as an eager import in a room would be.
    assert "torch" in heavy_modules_at_first_page(tmp_path, "torch")


def test_the_page_chooses_its_language_first_and_brings_its_own_cjk_font(studio):
    page = httpx.get(studio["url"], timeout=5).text
    assert LANGUAGE_SCRIPT in page
    assert page.index(LANGUAGE_SCRIPT) < page.index('type="module"'), "before Gradio's scripts read the language"
    assert 'font-family:"Source Sans Pro";src:local(' in page, "the login page can draw Chinese too"
    font = httpx.get(f"{studio['url']}fonts/cjk", timeout=10)
    assert font.status_code == 200
    assert font.headers["content-type"] == "font/otf"
    assert font.content[:4] in (b"OTTO", b"\x00\x01\x00\x00")
    assert "public" in font.headers["cache-control"]


def test_wrong_password_is_refused(studio, tmp_path):
    with pytest.raises(Exception, match=r"(?i)login|credentials|auth|incorrect"):
        Client(studio["url"], auth=("alice", "not-her-password"), download_files=str(tmp_path), verbose=False)
    response = httpx.post(f"{studio['url']}login", data={"username": "alice", "password": "nope"}, timeout=10)
    assert response.status_code >= 400


def test_idea_to_film_through_the_real_app(studio, tmp_path):
    client = login(studio, "alice", tmp_path)

    # Script: the built-in planner writes a Chinese storyboard.
    generated = client.predict(IDEA, f"{WIDTH}x{HEIGHT}", FPS, api_name="/generate_storyboard")
    writer_note, table = generated[0], storyboard_table(generated)
    assert "planner" in writer_note
    rows = table["data"]
    assert 3 <= len(rows) <= 8
    assert any("河流" in " ".join(map(str, row)) for row in rows)
    # Each row shows the title card its scene will start from, as an inline thumbnail.
    assert all(re.fullmatch(r"!\[scene \d+\]\(data:image/jpeg;base64,[A-Za-z0-9+/=]+\)", row[1]) for row in rows)

    # Storyboard: edit one scene's description and duration; the change is saved.
    rows[0][2] = "清晨的森林，阳光穿过树叶"
    rows[0][3] = 3.5
    saved = client.predict({"headers": table["headers"], "data": rows}, api_name="/save_storyboard")
    assert saved[0].startswith("Saved")
    table = storyboard_table(saved)
    assert table["data"][0][2] == "清晨的森林，阳光穿过树叶"
    assert float(table["data"][0][3]) == 3.5
    assert table["data"][0][1] != rows[0][1], "the title card thumbnail follows the new description"
    total = sum(float(row[3]) for row in table["data"])

    # An invalid edit is refused and the saved storyboard is intact.
    bad = [list(r) for r in table["data"]]
    bad[1][3] = -4
    refused = client.predict({"headers": table["headers"], "data": bad}, api_name="/save_storyboard")
    assert "Not saved" in refused[0] and "Scene 2" in refused[0]
    assert storyboard_table(refused)["data"] == table["data"]

    # Rewriting a scene from an instruction needs an LLM; the planner says so and changes nothing.
    with pytest.raises(Exception, match="needs an LLM"):
        client.predict(1, "make it night", api_name="/rewrite_scene")

    # Render: one job per scene goes on the lane, which renders them one at a time.
    queued = client.predict(False, "animatic", api_name="/render_all")
    assert queued.startswith(f"Queued {len(rows)} scene(s)")
    jobs = wait_for_jobs(client)
    assert [job[2] for job in jobs] == ["completed"] * len(rows)
    assert all(job[4] == "▰▰▰▰▰▰▰▰▰▰ 100%" for job in jobs)

    # Finishing: subtitles burned in (a re-encode) and kept as a soft track, hard cuts.
    saved = client.predict(0, "", "both", False, 0.6, 2, True, "project", api_name="/save_export_settings")
    assert saved == "Export settings saved."

    # Export: one browser-playable MP4 of the whole storyboard.
    exported = client.predict(api_name="/export_film")
    film = exported[1]
    path = Path(film["video"] if isinstance(film, dict) else film)
    info = probe(path)
    assert info.codec == "h264"
    assert info.pix_fmt == "yuv420p"
    assert (info.width, info.height) == (WIDTH, HEIGHT)
    assert info.duration == pytest.approx(total, rel=0.05)
    head = path.read_bytes()[:4096]
    assert head.find(b"moov") != -1 and (head.find(b"mdat") == -1 or head.find(b"moov") < head.find(b"mdat"))

    # History: the project is listed and reopens with its storyboard and takes.
    listing = client.predict(api_name="/list_projects")
    assert len(listing[0]["data"]) == 1
    project_id = listing[0]["data"][0][0]
    reopened = login(studio, "alice", tmp_path).predict(project_id, api_name="/open_project")
    reopened_rows = storyboard_table(reopened)["data"]
    assert reopened_rows[0][2] == "清晨的森林，阳光穿过树叶"
    assert all(row[1] != rows[i][1] for i, row in enumerate(reopened_rows)), "thumbnails now show the rendered takes"


def test_a_chinese_browser_gets_chinese_messages_and_column_names(studio, tmp_path):
    client = Client(
        studio["url"],
        auth=("admin", "admin-password"),
        headers={"Accept-Language": "zh-CN,zh;q=0.9"},
        download_files=str(tmp_path),
        verbose=False,
    )
    generated = client.predict("一段关于海边日落的短片", "256x144", 8, api_name="/generate_storyboard")
    assert generated[0].startswith("分镜由") and generated[0].endswith("生成。")
    table = next(o for o in generated if isinstance(o, dict) and o.get("headers", [None])[0] == "场景")
    assert table["headers"] == ["场景", "关键帧", "画面描述", "时长（秒）", "镜头运动", "动作", "旁白"]
    saved = client.predict(table, api_name="/save_storyboard")
    assert re.fullmatch(r"已保存：共 \d+ 个场景，[\d.]+ 秒。", saved[0])
    # An English client of the same studio still gets English.
    english = login(studio, "alice", tmp_path).predict(api_name="/list_projects")[0]
    assert english["headers"][:2] == ["id", "title"]


def test_an_api_client_passing_a_label_instead_of_an_id_is_told_so(studio, tmp_path):
    client = login(studio, "alice", tmp_path)
    with pytest.raises(Exception, match="is not a take id: pick one from the list"):
        client.predict("Take 2 · animatic · active", None, None, api_name="/choose_take")


def test_a_second_user_sees_none_of_the_first_users_projects(studio, tmp_path):
    alice = login(studio, "alice", tmp_path)
    alice.predict("A short film about the ocean", "256x144", 8, api_name="/generate_storyboard")
    alice_ids = [row[0] for row in alice.predict(api_name="/list_projects")[0]["data"]]
    assert alice_ids

    bob = login(studio, "bob", tmp_path)
    assert bob.predict(api_name="/list_projects")[0]["data"] in ([], [[None] * 7])
    for project_id in alice_ids:
        with pytest.raises(Exception, match="does not exist or is not yours"):
            bob.predict(project_id, api_name="/open_project")


def test_an_admin_manages_accounts_and_others_cannot(studio, tmp_path):
    admin = Client(studio["url"], auth=("admin", "admin-password"), download_files=str(tmp_path), verbose=False)
    users, message, *_ = admin.predict("carol", "carol-password", "user", None, False, api_name="/admin_create")
    assert "carol" in [row[1] for row in users["data"]] and message.startswith("Done")
    Client(studio["url"], auth=("carol", "carol-password"), download_files=str(tmp_path), verbose=False)

    alice = login(studio, "alice", tmp_path)
    with pytest.raises(Exception, match="Only an admin"):
        alice.predict("mallory", "mallory-password", "admin", None, False, api_name="/admin_create")

    admin.predict("carol", "", "user", None, False, api_name="/admin_disable")
    with pytest.raises(Exception, match=r"(?i)login|credentials|auth|incorrect"):
        Client(studio["url"], auth=("carol", "carol-password"), download_files=str(tmp_path), verbose=False)


def test_a_user_creates_an_api_token_in_the_ui_and_uses_it(studio, tmp_path):
    alice = login(studio, "alice", tmp_path)
    secret, tokens, message = alice.predict("notebook", api_name="/create_api_token")
    assert secret.startswith("st_") and "shown only this once" in message
    headers = {"Authorization": f"Bearer {secret}"}
    assert httpx.get(f"{studio['url']}api/model/status", headers=headers, timeout=10).status_code == 200
    token_id = tokens["data"][0][0]
    alice.predict(token_id, api_name="/revoke_api_token")
    assert httpx.get(f"{studio['url']}api/model/status", headers=headers, timeout=10).status_code == 401


def logged_in_http(studio, user: str) -> httpx.Client:
    client = httpx.Client(base_url=studio["url"], timeout=10, follow_redirects=False)
    response = client.post("login", data={"username": user, "password": f"{user}-password"})
    assert response.status_code == 200, response.text
    return client


def alice_rows(studio) -> dict[str, int]:
    """Ids of alice's things (a rendered scene, its take, a job), read from the database the app writes."""
    import sqlite3

    with sqlite3.connect(studio["data"] / "studio.db") as db:
        take, path, scene, project = db.execute(
            "SELECT take.id, take.path, scene.id, project.id FROM take JOIN scene ON take.scene_id = scene.id "
            "JOIN project ON scene.project_id = project.id JOIN user ON project.owner_id = user.id "
            "WHERE user.username = 'alice' ORDER BY take.id LIMIT 1"
        ).fetchone()
        job = db.execute(
            "SELECT job.id FROM job JOIN user ON job.owner_id = user.id WHERE username = 'alice'"
        ).fetchone()
    return {"project": project, "scene": scene, "take": take, "take_path": path, "job": job[0]}


def test_file_routes_serve_nothing_outside_the_cache(studio):
    ids = alice_rows(studio)
    bob = logged_in_http(studio, "bob")
    db_file = str((studio["data"] / "studio.db").resolve())
    probes = [
        "/etc/passwd",
        "../../../../etc/passwd",
        "%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "..%2f..%2f..%2fetc%2fpasswd",
        "/ETC/PASSWD",
        db_file,
        db_file.upper(),
        ids["take_path"],
        str(studio["data"] / "projects"),
    ]
    for target in probes:
        for route in ("gradio_api/file=", "file="):
            response = bob.get(route + target)
            assert response.status_code in (400, 403, 404), (target, route, response.status_code)
            assert b"root:" not in response.content and b"SQLite format" not in response.content


def test_a_second_user_is_refused_every_one_of_the_first_users_things(studio, tmp_path):
    ids = alice_rows(studio)
    bob = login(studio, "bob", tmp_path)
    attempts = [
        ((ids["project"],), "/open_project"),
        ((ids["scene"], "animatic"), "/render_scene"),
        ((ids["take"], None, None), "/choose_take"),
        ((ids["job"],), "/cancel_job"),
        ((ids["take"], 0, 1, 1, 0, 0, 0, 0, False), "/preview_look"),
        ((ids["take"], False, 0.2, 1, 1, 0, 0, 0, 0, False), "/apply_look"),
        ((ids["scene"], False, None, None, None, None, None, None), "/save_scene_controls"),
    ]
    for args, endpoint in attempts:
        with pytest.raises(Exception, match="does not exist or is not yours"):
            bob.predict(*args, api_name=endpoint)


def test_a_project_shared_read_only_is_viewable_but_not_editable(studio, tmp_path):
    # Runs before the lockout test below, which leaves bob locked out.
    alice = login(studio, "alice", tmp_path)
    rows = alice.predict(api_name="/list_projects")[0]["data"]
    project_id = next(row[0] for row in rows if row[6])  # her first project, the one with an exported film
    alice.predict(project_id, api_name="/open_project")
    message, line = alice.predict("bob", api_name="/share_project")
    assert message.startswith("Shared") and "bob" in line
    with pytest.raises(Exception, match="yours already"):
        alice.predict("alice", api_name="/share_project")

    bob = login(studio, "bob", tmp_path)
    shared = bob.predict(api_name="/shared_projects")[0]["data"]
    assert [(row[0], row[2]) for row in shared] == [(project_id, "alice")]
    board, film = bob.predict(project_id, api_name="/view_shared")
    assert "清晨的森林" in board
    assert Path(film["video"] if isinstance(film, dict) else film).is_file()
    with pytest.raises(Exception, match="does not exist or is not yours"):
        bob.predict(project_id, api_name="/open_project")
    with pytest.raises(Exception, match="Open a project first"):
        bob.predict("bob", api_name="/share_project")

    alice.predict("bob", api_name="/unshare_project")
    assert bob.predict(api_name="/shared_projects")[0]["data"] in ([], [[None] * 5])
    with pytest.raises(Exception, match="not shared with you"):
        bob.predict(project_id, api_name="/view_shared")


def test_failed_logins_lock_the_username_but_not_the_app(studio):
    client = httpx.Client(base_url=studio["url"], timeout=10)
    for _ in range(5):
        assert client.post("login", data={"username": "bob", "password": "wrong"}).status_code >= 400
    locked = client.post("login", data={"username": "bob", "password": "bob-password"})
    assert locked.status_code >= 400  # locked even with the right password
    assert client.post("login", data={"username": "alice", "password": "alice-password"}).status_code == 200
