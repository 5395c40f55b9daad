"""The login form in a real (headless) Chromium: a locked username is told so and for how long, in the page's
language, even with the right password; a wrong password still reads "Incorrect credentials"."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from studio.config import Settings
from studio.web.page_head import LOGIN_NOTE_ID
from tests.studio_server import free_port, serve_in_process

pytestmark = [pytest.mark.browser, pytest.mark.e2e, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install -y chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (requirements-dev.txt)")
expect = sync_api.expect


@pytest.fixture(scope="module")
def studio(tmp_path_factory):
    settings = Settings(data_dir=tmp_path_factory.mktemp("browser-login"), port=free_port())
    with serve_in_process(settings, users=("alice", "bob")) as served:
        for _ in range(5):
            httpx.post(f"{served['url']}login", data={"username": "bob", "password": "not-it"}, timeout=30)
        yield served


@pytest.fixture(params=["en-US", "zh-CN"])
def page(request, studio):
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
        context = browser.new_context(locale=request.param)
        context.set_default_timeout(15_000)
        try:
            page = context.new_page()
            page.goto(studio["url"])
            yield page
        finally:
            browser.close()


def log_in(page, username: str, password: str) -> None:
    page.locator("input[type=text]").fill(username)
    page.locator("input[type=password]").fill(password)
    page.locator("button.primary").click()


def test_a_locked_username_is_told_how_long_to_wait_even_with_the_right_password(page):
    log_in(page, "bob", "bob-password")
    note = page.locator(f"#{LOGIN_NOTE_ID}")
    chinese = page.evaluate("navigator.language") == "zh-CN"
    wanted = (
        "该用户名登录失败次数过多：请 1 分钟后再试。"
        if chinese
        else ("Too many failed logins for this username: try again in 1 minute.")
    )
    expect(note).to_have_text(wanted)
    log_in(page, "alice", "wrong-password")  # then a plain wrong password: Gradio's own line, not the lock's
    expect(note).to_be_hidden()
    expect(page.locator("p.creds").first).to_be_visible()
    log_in(page, "alice", "alice-password")
    expect(page.locator("input[type=password]")).to_have_count(0, timeout=30_000)
