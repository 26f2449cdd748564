"""What the browser tests share: the app's own server on a free loopback port with its own plans
database, Debian chromium driven by Playwright (never `playwright install`), waits on the page's
state (never fixed sleeps), full-page screenshots, and the first action of a founder's path.

A missing chromium (or axe-core) skips the test on a developer machine and fails it under CI=true
(`tests.support.tools.require_tool`).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.support.tools import ROOT, find_executable, require_tool

CHROMIUM = find_executable("chromium", "chromium-browser")
TIMEOUT_MS = 60_000
STARTER_TITLE = "Offshore voice and chat support, Manila"
"""The starter `start_new_plan` picks (USD, all six steps filled in)."""
PAGES = (
    # (address path, sidebar link, heading): every page of app.py's navigation
    ("", "Start", "Plan the launch of your BPO consultancy"),
    ("library", "My plans", "My plans"),
    ("specialty", "1. Specialty", "Step 1 · Specialty"),
    ("business_plan", "2. Business plan", "Step 2 · Business plan"),
    ("paperwork", "3. Paperwork", "Step 3 · Paperwork"),
    ("resources", "4. Resources", "Step 4 · Resources"),
    ("staffing", "5. Staffing", "Step 5 · Staffing"),
    ("marketing", "6. Marketing", "Step 6 · Marketing"),
    ("dashboard", "Dashboard", "Dashboard"),
    ("export", "Export", "Export"),
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def app_server(db: Path, log: Path) -> Iterator[str]:
    """`streamlit run app.py` on a free loopback port with the plans database file `db`; yields
    its address once the health endpoint answers, stops the server afterwards."""
    port = _free_port()
    env = {**os.environ, "PLANNER_DATABASE_URL": f"sqlite:///{db}"}
    command = [
        sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
        "--server.port", str(port), "--server.address", "127.0.0.1",
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
    ]  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    with log.open("wb") as out:
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise AssertionError(f"the app server exited:\n{log.read_text(errors='replace')}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:
                    if reply.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline:
                    raise AssertionError(
                        f"the app server did not start:\n{log.read_text(errors='replace')}"
                    ) from None
                time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Debian chromium under Playwright (skips, or fails under CI, without it)."""
    require_tool(CHROMIUM is not None, "chromium", "apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        try:
            yield browser
        finally:
            browser.close()


def settled(page: Any, charts: bool = False) -> None:
    """Wait until the script run is over and lazy widgets are loaded (and, with `charts`, every
    chart on the page is drawn)."""
    page.wait_for_function(
        """() => document.querySelector('[data-testid="stApp"]')
                     ?.getAttribute('data-test-script-state') === 'notRunning'
                 && !document.querySelector('[data-testid="stSkeleton"]')""",
        timeout=TIMEOUT_MS,
    )
    if charts and page.locator('[data-testid="stPlotlyChart"]').count():
        page.wait_for_function(
            """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
                     .every(c => c.querySelector('.main-svg'))""",
            timeout=TIMEOUT_MS,
        )


def shot(page: Any, folder: Path, name: str) -> Path:
    """The whole page as `folder/name.png` (Streamlit scrolls inside its own container: the
    viewport grows to the page's height for the picture, then goes back)."""
    folder.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": size["width"], "height": min(int(height) + 40, 8000)})
    settled(page)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path))
    page.set_viewport_size(size)
    return path


def go(page: Any, link: str, heading: str) -> None:
    """Follow a sidebar link and wait for its page to be drawn."""
    page.locator('[data-testid="stSidebarNav"]').get_by_text(link, exact=True).click()
    page.get_by_role("heading", name=heading).wait_for(timeout=TIMEOUT_MS)
    settled(page, charts=True)


def start_new_plan(page: Any, name: str) -> None:
    """The founder's first action: a new plan named `name`, opened on step 1.

    Today this picks the starter `STARTER_TITLE` on Start. When Start offers a blank plan, switch
    this one function to it (and type the plan's figures in the steps): every path test begins here.
    """
    page.get_by_role("heading", name="Plan the launch of your BPO consultancy").wait_for()
    settled(page)
    page.get_by_text(STARTER_TITLE, exact=True).click()
    settled(page)
    box = page.locator('input[aria-label="Name of your plan"]')
    box.fill(name)
    box.press("Enter")
    settled(page)
    page.get_by_role("button", name="Start from this template").click()
    page.get_by_role("heading", name="Step 1 · Specialty").wait_for(timeout=TIMEOUT_MS)
    settled(page, charts=True)
