"""The login page under attack, over real HTTP: concurrent guesses stop at the limit, a flood is refused
instead of queued, a lock says how long it lasts (the same for a username that does not exist), and
X-Forwarded-For counts only when it comes from a configured proxy."""

from __future__ import annotations

import asyncio
import sqlite3
import time

import httpx
import pytest

from studio.config import Settings
from tests.studio_server import free_port, serve_in_process

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def studio(tmp_path_factory):
    settings = Settings(data_dir=tmp_path_factory.mktemp("login-web"), port=free_port())
    with serve_in_process(settings) as served:
        yield served


@pytest.fixture(scope="module")
def proxied(tmp_path_factory):
    settings = Settings(data_dir=tmp_path_factory.mktemp("proxied"), port=free_port(), trusted_proxies=["127.0.0.1"])
    with serve_in_process(settings) as served:
        yield served


def post_login(url: str, username: str, password: str, **headers: str) -> httpx.Response:
    return httpx.post(f"{url}login", data={"username": username, "password": password}, headers=headers, timeout=30)


def throttle_rows(services) -> dict[str, int]:
    with sqlite3.connect(services.settings.data_dir / "studio.db") as db:
        return dict(db.execute("SELECT key, failures FROM login_throttle").fetchall())


async def concurrent_logins(url: str, logins: list[tuple[str, str]]) -> list[httpx.Response]:
    async with httpx.AsyncClient(base_url=url, timeout=60) as client:
        posts = [client.post("login", data={"username": u, "password": p}) for u, p in logins]
        return await asyncio.gather(*posts)


def test_sixty_concurrent_wrong_logins_check_no_more_passwords_than_the_limit(studio):
    accounts = studio["services"].accounts
    checks_before = accounts.password_checks
    answers = asyncio.run(concurrent_logins(studio["url"], [("bob", f"guess-{n}") for n in range(60)]))
    limit = accounts.throttle.max_failures
    checked = accounts.password_checks - checks_before
    rows = throttle_rows(studio["services"])
    print(f"\n60 concurrent wrong logins: {checked} argon2 checks; failures recorded: {rows}")
    assert checked <= limit + 1
    assert rows["user:bob"] <= limit + 1
    assert {a.status_code for a in answers} <= {400, 429, 503} and 200 not in {a.status_code for a in answers}
    assert post_login(studio["url"], "bob", "bob-password").status_code == 429, "locked, even with the password"


def test_a_lock_says_so_and_for_how_long_and_a_made_up_name_locks_alike(studio):
    url = studio["url"]
    for name in ("alice", "nobody-here"):
        for _ in range(5):
            assert post_login(url, name, "wrong-password").status_code == 400
    answers = [post_login(url, "alice", "alice-password"), post_login(url, "nobody-here", "some-password")]
    for answer in answers:
        assert answer.status_code == 429
        assert answer.json()["detail"] == "Too many failed logins for this username: try again in 1 minute."
        assert 50 <= int(answer.headers["retry-after"]) <= 60
    chinese = post_login(url, "alice", "alice-password", cookie="studio_lang=zh")
    assert chinese.json()["detail"] == "该用户名登录失败次数过多：请 1 分钟后再试。"
    by_browser = post_login(url, "nobody-here", "x-password", **{"accept-language": "zh-CN,zh;q=0.9"})
    assert by_browser.json()["detail"].startswith("该用户名")


def test_a_wrong_password_is_still_incorrect_credentials(studio):
    answer = post_login(studio["url"], "admin", "not-the-password")
    assert (answer.status_code, answer.json()["detail"]) == (400, "Incorrect credentials.")
    assert post_login(studio["url"], "admin", "admin-password").status_code == 200


def test_logins_beyond_what_the_password_pool_can_queue_are_refused_at_once_and_health_stays_fast(studio):
    pool = studio["services"].accounts.checks
    flood = [(f"made-up-{n}", "wrong-password") for n in range(pool.workers + pool.backlog + 30)]

    async def flood_and_health() -> tuple[list[httpx.Response], float]:
        logins = asyncio.ensure_future(concurrent_logins(studio["url"], flood))
        await asyncio.sleep(0.2)
        async with httpx.AsyncClient(base_url=studio["url"], timeout=10) as client:
            started = time.perf_counter()
            assert (await client.get("health")).status_code == 200
            health_s = time.perf_counter() - started
        return await logins, health_s

    answers, health_s = asyncio.run(flood_and_health())
    busy = [a for a in answers if a.status_code == 503]
    print(f"\n{len(flood)} concurrent logins: {len(busy)} refused as busy; /health took {health_s * 1000:.0f} ms")
    assert len(busy) >= 30
    assert busy[0].json()["detail"] == "Too many logins at once: try again in a moment."
    assert health_s < 1.0


def test_forwarded_for_is_ignored_when_no_proxy_is_trusted(studio):
    for _ in range(3):
        post_login(studio["url"], "admin", "wrong-password", **{"x-forwarded-for": "203.0.113.5"})
    assert not any(key.startswith("addr:203.0.113.5") for key in throttle_rows(studio["services"]))


def test_a_trusted_proxy_gives_the_client_address_and_a_spoofed_one_before_it_is_ignored(proxied):
    url, services = proxied["url"], proxied["services"]
    limit = services.accounts.throttle.address_max_failures
    for number in range(limit):
        spoofed = f"198.51.100.{number}, 203.0.113.5"  # the client wrote the first, the proxy added the second
        post_login(url, f"made-up-{number}", "wrong-password", **{"x-forwarded-for": spoofed})
    rows = throttle_rows(services)
    assert rows["addr:203.0.113.5"] == limit and not any(key.startswith("addr:198.51.100.") for key in rows)
    locked = post_login(url, "alice", "alice-password", **{"x-forwarded-for": "203.0.113.5"})
    assert locked.status_code == 429 and "this address" in locked.json()["detail"]
    assert post_login(url, "alice", "alice-password", **{"x-forwarded-for": "203.0.113.6"}).status_code == 200
    assert post_login(url, "alice", "alice-password").status_code == 200, "the proxy's own address is not locked"
