"""The real app in a real (headless) Chromium, driven through the UI like a person would.

Needs the `playwright` Python package and Debian's chromium at /usr/bin/chromium
(`apt-get install -y --no-install-recommends chromium`); skipped with a reason otherwise.
Screenshots of each tab land in test-artifacts/screenshots/.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from components.labels import EN, ZH
from components.messages import COLUMNS_ZH
from tests.studio_server import ROOT

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


def percent(progress: str) -> int:
    """The number in a queue progress cell ('▰▰▰▰▱▱▱▱▱▱ 40%' -> 40); -1 when there is none."""
    found = re.search(r"(\d+)%$", progress)
    return int(found.group(1)) if found else -1


def wait_for_queue(page, jobs: int, timeout_s: float = 60) -> bool:
    """Poll the queue panel until `jobs` rows are all completed; True if one was seen in progress on the way."""
    seen_in_flight = False
    deadline = time.monotonic() + timeout_s
    while True:
        rows = queue_statuses(page)
        seen_in_flight |= any(status == "running" or 0 < percent(progress) < 100 for status, progress in rows)
        if len(rows) == jobs and all(status == "completed" for status, _ in rows):
            return seen_in_flight
        assert not any(status == "failed" for status, _ in rows), rows
        if time.monotonic() > deadline:
            screenshot(page, "queue-timeout.png")
            pytest.fail(f"the lane did not finish in time: {rows}")
        page.wait_for_timeout(100)


def panel_text(page, pattern: str):
    return page.get_by_role("tabpanel").get_by_text(re.compile(pattern))


def expect_or_explain(page, locator, timeout_ms: int = 15_000) -> None:
    """expect(locator).to_be_visible(), failing with the page's error toasts and a screenshot when it is not."""
    try:
        expect(locator).to_be_visible(timeout=timeout_ms)
    except AssertionError:
        screenshot(page, "failure.png")
        toasts = page.locator(".toast-body").all_inner_texts()
        pytest.fail(f"{locator} did not appear; toasts on the page: {toasts}")


def loaded_video(page, locator) -> dict:
    """Wait until the <video> has its metadata; its duration, readyState and size."""
    expect(locator).to_have_attribute("src", re.compile(r"\.mp4$"), timeout=60_000)
    page.wait_for_function("el => el.readyState >= 1 && isFinite(el.duration)", arg=locator.element_handle())
    return locator.evaluate(
        "el => ({duration: el.duration, readyState: el.readyState, width: el.videoWidth, height: el.videoHeight})"
    )


def test_idea_to_film_in_the_browser(studio, page):
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).hostname or request.url.split(":")[0]))
    page.goto(studio["url"])

    # Gradio's login form.
    page.get_by_label("username").fill("alice")
    page.get_by_label("password").fill("alice-password")
    page.get_by_role("button", name="Login").click()

    # Script: an idea in, a storyboard out.
    expect(page.get_by_role("tab", name=EN["tab.script"], exact=True)).to_be_visible(timeout=30_000)
    expect(page.get_by_text(EN["empty.script"].split(":")[0])).to_be_visible()
    page.get_by_label(EN["script.idea"]).fill(IDEA)
    page.get_by_role("button", name=EN["script.generate"], exact=True).click()
    summary = panel_text(page, r"^\d+ scenes · [\d.]+ s · 256×144 @ 8 fps")
    expect(summary).to_be_visible(timeout=30_000)
    expect(page.locator("h3").filter(has_text=re.compile(r"\S"))).to_be_visible()
    scenes = int(summary.inner_text().split()[0])
    assert 3 <= scenes <= 8
    screenshot(page, "script.png")

    # Storyboard: every row shows its scene's title card; edit one description cell by mouse...
    open_tab(page, "tab.storyboard")
    thumbs = page.get_by_role("tabpanel").locator("[data-testid^=cell-][data-testid$='-1'] img")
    expect(thumbs).to_have_count(scenes)
    assert all(w > 0 for w in thumbs.evaluate_all("imgs => imgs.map(i => i.naturalWidth)")), "a thumbnail is broken"
    cell = page.get_by_test_id("cell-0-2").filter(visible=True).first
    cell.dblclick()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type(NEW_DESCRIPTION)
    page.keyboard.press("Enter")
    saved = panel_text(page, r"^Saved: \d+ scenes, [\d.]+ s in all\.$")
    expect(saved).to_be_visible(timeout=15_000)
    expect(page.get_by_test_id("cell-0-2").filter(visible=True).first).to_contain_text(NEW_DESCRIPTION)

    # ... and another by keyboard: select a cell (its row becomes the buttons' scene), arrow right, Enter, type, Enter.
    before = float(re.search(r"([\d.]+) s in all", saved.inner_text()).group(1))
    old = float(page.get_by_test_id("cell-1-3").filter(visible=True).first.inner_text().split()[0])
    page.get_by_test_id("cell-1-2").filter(visible=True).first.click()
    expect(page.get_by_role("spinbutton", name=EN["board.number"])).to_have_value("2")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type(str(old + 1))
    page.keyboard.press("Enter")
    total = before + 1
    expect(panel_text(page, rf"^Saved: {scenes} scenes, {total:g} s in all\.$")).to_be_visible(timeout=15_000)
    screenshot(page, "storyboard.png")

    # Render: every scene goes on the lane; the queue panel follows it to the end.
    open_tab(page, "tab.render")
    page.get_by_role("button", name=EN["render.all"], exact=True).click()
    expect(panel_text(page, rf"^Queued {scenes} scene\(s\)")).to_be_visible()
    assert wait_for_queue(page, scenes), "the queue panel never showed a job in progress"

    # Regenerate scene 1 (the scene picked by default): a second take, which becomes the active one.
    page.get_by_role("button", name=EN["render.one"], exact=True).click()
    expect(panel_text(page, r"^Queued as job")).to_be_visible()
    wait_for_queue(page, scenes + 1)
    takes = page.get_by_label(EN["render.takes"])
    expect(takes).to_have_value(re.compile(r"^Take 2 · .* · active$"), timeout=15_000)

    # Compare the two takes side by side (one clip, both playing in sync), keep the old one, then pick the new.
    page.get_by_text(EN["compare.title"]).click()
    page.get_by_role("button", name=EN["compare.run"], exact=True).click()
    compared = loaded_video(page, page.get_by_role("tabpanel").locator("video").nth(1))
    assert (compared["width"], compared["height"]) == (2 * 256 + 8, 144), compared
    page.get_by_role("button", name=EN["compare.use_right"], exact=True).click()
    expect(panel_text(page, r"^Take 1 is now the scene's active take\.$")).to_be_visible()
    takes.click()
    page.get_by_role("option", name=re.compile(r"^Take 2 · ")).click()
    page.get_by_role("button", name=EN["render.choose"], exact=True).click()
    expect(panel_text(page, r"^Take 2 is now the scene's active take\.$")).to_be_visible()

    # A look (sepia) on the chosen take: a third take, rendered on the lane; the original stays.
    page.get_by_text(EN["look.title"]).click()
    sepia = page.get_by_label(EN["look.sepia"]).and_(page.locator("input[type=number]"))
    sepia.fill("0.8")
    sepia.press("Tab")
    expect(sepia).to_have_value("0.8")
    page.get_by_role("button", name=EN["look.apply"], exact=True).click()
    expect_or_explain(page, panel_text(page, r"^Queued as job \d+ \(.*look"))
    wait_for_queue(page, scenes + 2)
    expect(takes).to_have_value(re.compile(r"^Take 3 · look on take 2: sepia 0\.80 · .* · active$"), timeout=15_000)
    screenshot(page, "render.png")

    # Export: the film plays, as long as the storyboard says.
    open_tab(page, "tab.export")
    page.get_by_role("button", name=EN["export.run"], exact=True).click()
    film = loaded_video(page, page.get_by_role("tabpanel").locator("video"))
    assert film["readyState"] >= 1
    assert abs(film["duration"] - total) <= 0.05 * total, (film, total)
    screenshot(page, "export.png")

    for key, name in (("tab.history", "history.png"), ("tab.models", "models.png"), ("tab.account", "account.png")):
        open_tab(page, key)
        screenshot(page, name)

    # 中文: ?lang=zh switches the labels and is remembered; Chinese text draws with a real CJK font.
    page.goto("about:blank")  # leave the app first: navigating away mid-stream (videos) aborts a direct goto
    page.goto(f"{studio['url']}?lang=zh")
    expect(page.get_by_role("tab", name=ZH["tab.storyboard"], exact=True)).to_be_visible(timeout=30_000)
    page.get_by_role("tab", name=ZH["tab.storyboard"], exact=True).click()
    expect(page.get_by_text(ZH["board.keys"].split("，")[0])).to_be_visible()
    expect(page.get_by_role("tabpanel").get_by_text(COLUMNS_ZH["description"], exact=True).first).to_be_visible()
    page.wait_for_function("() => document.fonts.ready.then(() => true)")
    assert page.evaluate("() => document.fonts.check('16px \"Source Sans Pro\"', '分镜')")
    cjk_loaded = page.evaluate(
        "() => [...document.fonts].some(f => f.unicodeRange.includes('4E00') && f.status === 'loaded')"
    )
    assert cjk_loaded, "no CJK font face was loaded for the Chinese labels"
    screenshot(page, "storyboard-zh.png")
    page.goto("about:blank")
    page.goto(studio["url"])
    expect(page.get_by_role("tab", name=ZH["tab.script"], exact=True)).to_be_visible(timeout=30_000)
    page.goto("about:blank")
    page.goto(f"{studio['url']}?lang=auto")
    expect(page.get_by_role("tab", name=EN["tab.script"], exact=True)).to_be_visible(timeout=30_000)

    # Log out; an admin logs in and sees the Admin tab (and everyone's jobs in the queue).
    page.get_by_text(EN["app.logout"], exact=True).click()
    page.get_by_label("username").fill("admin")
    page.get_by_label("password").fill("admin-password")
    page.get_by_role("button", name="Login").click()
    open_tab(page, "tab.admin")
    expect(page.get_by_role("tabpanel").get_by_text("alice").first).to_be_visible()
    screenshot(page, "admin.png")

    # Privacy: everything the page loaded came from this machine (no font CDN, no analytics).
    assert hosts == {"127.0.0.1"}, hosts
