"""The real app in a real (headless) Chromium, driven through the UI like a person would.

Needs the `playwright` Python package and Debian's chromium at /usr/bin/chromium
(`apt-get install -y --no-install-recommends chromium`); skipped with a reason otherwise.
Screenshots of each tab land in test-artifacts/screenshots/.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from components.labels import EN
from tests.studio_server import ROOT, start_studio

pytestmark = [pytest.mark.browser, pytest.mark.e2e, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install -y chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (requirements-dev.txt)")
expect = sync_api.expect

SHOTS = ROOT / "test-artifacts" / "screenshots"
IDEA = "A short video about a forest adventure with a river and small animals"
NEW_DESCRIPTION = "Morning mist over the river, sunlight through the leaves"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def studio(tmp_path_factory):
    yield from start_studio(tmp_path_factory)


@pytest.fixture
def page(studio):
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
        context.set_default_timeout(15_000)
        try:
            yield context.new_page()
        finally:
            browser.close()


def open_tab(page, key: str) -> None:
    page.get_by_role("tab", name=EN[key], exact=True).click()
    expect(page.get_by_role("tab", name=EN[key], exact=True)).to_have_attribute("aria-selected", "true")


def screenshot(page, name: str) -> None:
    page.screenshot(path=str(SHOTS / name), full_page=True)


def queue_statuses(page) -> list[tuple[str, str]]:
    """(status, progress) of every row of the visible queue panel's table."""
    return [
        tuple(row)
        for row in page.evaluate(
            """() => {
                const block = [...document.querySelectorAll('.block')].find(
                    b => b.offsetParent !== null && b.querySelector('[data-testid^=cell-]')
                        && b.innerText.includes('queue position'));
                if (!block) return [];
                const rows = {};
                for (const cell of block.querySelectorAll('[data-testid^=cell-]')) {
                    const [, row, col] = cell.dataset.testid.split('-');
                    (rows[row] ??= [])[Number(col)] = cell.innerText.trim();
                }
                return Object.values(rows).map(r => [r[2] ?? '', r[4] ?? '']).filter(r => r[0]);
            }"""
        )
    ]


def test_idea_to_film_in_the_browser(studio, page):
    page.goto(studio["url"])

    # Gradio's login form.
    page.get_by_label("username").fill("alice")
    page.get_by_label("password").fill("alice-password")
    page.get_by_role("button", name="Login").click()

    # Script: an idea in, a storyboard out.
    expect(page.get_by_role("tab", name=EN["tab.script"], exact=True)).to_be_visible(timeout=30_000)
    page.get_by_label(EN["script.idea"]).fill(IDEA)
    page.get_by_role("button", name=EN["script.generate"], exact=True).click()
    summary = page.get_by_role("tabpanel").get_by_text(re.compile(r"^\d+ scenes · [\d.]+ s · 256×144 @ 8 fps"))
    expect(summary).to_be_visible(timeout=30_000)
    expect(page.locator("h3").filter(has_text=re.compile(r"\S"))).to_be_visible()
    scenes = int(summary.inner_text().split()[0])
    assert 3 <= scenes <= 8
    screenshot(page, "script.png")

    # Storyboard: edit one description cell; the change is saved at once.
    open_tab(page, "tab.storyboard")
    cell = page.get_by_test_id("cell-0-1").filter(visible=True).first
    expect(cell).to_be_visible()
    cell.dblclick()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type(NEW_DESCRIPTION)
    page.keyboard.press("Enter")
    saved = page.get_by_role("tabpanel").get_by_text(re.compile(r"^Saved: \d+ scenes, [\d.]+ s in all\.$"))
    expect(saved).to_be_visible(timeout=15_000)
    expect(page.get_by_test_id("cell-0-1").filter(visible=True).first).to_contain_text(NEW_DESCRIPTION)
    total = float(re.search(r"([\d.]+) s in all", saved.inner_text()).group(1))
    screenshot(page, "storyboard.png")

    # Render: every scene goes on the lane; the queue panel follows it to the end.
    open_tab(page, "tab.render")
    page.get_by_role("button", name=EN["render.all"], exact=True).click()
    expect(page.get_by_role("tabpanel").get_by_text(re.compile(rf"^Queued {scenes} scene\(s\)"))).to_be_visible()
    seen_in_flight = False
    deadline = time.monotonic() + 60
    while True:
        rows = queue_statuses(page)
        seen_in_flight |= any(
            status == "running" or (progress.endswith("%") and 0 < int(progress[:-1]) < 100)
            for status, progress in rows
        )
        if len(rows) == scenes and all(status == "completed" for status, _ in rows):
            break
        assert not any(status == "failed" for status, _ in rows), rows
        if time.monotonic() > deadline:
            screenshot(page, "render.png")
            pytest.fail(f"the lane did not finish in time: {rows}")
        page.wait_for_timeout(100)
    assert seen_in_flight, "the queue panel never showed a job in progress"
    screenshot(page, "render.png")

    # Export: the film plays, as long as the storyboard says.
    open_tab(page, "tab.export")
    page.get_by_role("button", name=EN["export.run"], exact=True).click()
    # The "Exported ... s" note is soon replaced by the lane-following readiness text: wait for the film itself.
    video = page.get_by_role("tabpanel").locator("video")
    expect(video).to_have_attribute("src", re.compile(r"\.mp4$"), timeout=60_000)
    page.wait_for_function("el => el.readyState >= 1 && isFinite(el.duration)", arg=video.element_handle())
    duration = video.evaluate("el => el.duration")
    assert video.evaluate("el => el.readyState") >= 1
    assert abs(duration - total) <= 0.05 * total, (duration, total)
    screenshot(page, "export.png")

    # History: just the screenshot.
    open_tab(page, "tab.history")
    screenshot(page, "history.png")
