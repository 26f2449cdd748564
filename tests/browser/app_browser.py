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
"""The starter `start_new_plan` picks by default (USD, all six steps filled in)."""
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
    ("scenarios", "Scenarios", "Scenarios"),
    ("sensitivity", "Sensitivity", "Sensitivity"),
    ("risk", "Risk", "Risk"),
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
    # The page's title comes first; a subheading may share its words ("Your scenarios").
    page.get_by_role("heading", name=heading).first.wait_for(timeout=TIMEOUT_MS)
    settled(page, charts=True)


def start_new_plan(page: Any, name: str, starter: str = STARTER_TITLE) -> None:
    """A new plan named `name` from the starter titled `starter` (every step filled in), opened on
    step 1: Start > "Or start from a starter" > the starter > "Start from this starter"."""
    _name_the_plan(page, name)
    page.get_by_text("Or start from a starter").click()
    page.get_by_text(starter, exact=True).click()
    settled(page)
    page.get_by_role("button", name="Start from this starter").click()
    page.get_by_role("heading", name="Step 1 · Specialty").wait_for(timeout=TIMEOUT_MS)
    settled(page, charts=True)


def start_blank_plan(page: Any, name: str) -> None:
    """The founder's first action: Start > "Start a blank plan" named `name` (no services,
    clients, paperwork, resources, roles or channels), opened on step 1."""
    _name_the_plan(page, name)
    page.get_by_role("button", name="Start a blank plan").click()
    page.get_by_role("heading", name="Step 1 · Specialty").wait_for(timeout=TIMEOUT_MS)
    settled(page, charts=True)


def _name_the_plan(page: Any, name: str) -> None:
    page.get_by_role("heading", name="Plan the launch of your BPO consultancy").wait_for()
    settled(page)
    box = page.locator('input[aria-label="Name of your plan"]')
    with rerun(page):
        box.fill(name)
        box.press("Enter")


@contextmanager
def rerun(page: Any) -> Iterator[None]:
    """Wait until what is done inside has made the app run its script again, and that run is
    over: an edit is saved by the run it starts (a bare `settled` right after a key press can
    see the run before it has begun)."""
    page.evaluate(
        """() => {
            const app = document.querySelector('[data-testid="stApp"]');
            window.__plannerRuns = 0;
            window.__plannerObserver?.disconnect();
            // Any change of the run state counts (a short run may be over before the observer
            // is called, so the attribute's value at that time says nothing).
            window.__plannerObserver = new MutationObserver((records) => {
                window.__plannerRuns += records.length;
            });
            window.__plannerObserver.observe(
                app, {attributes: true, attributeFilter: ['data-test-script-state']});
        }"""
    )
    yield
    page.wait_for_function("() => window.__plannerRuns > 0", timeout=TIMEOUT_MS)
    settled(page, charts=True)


def table(page: Any, index: int) -> Any:
    """The page's `index`-th table editor (0: the first), scrolled into view."""
    grid = page.locator('[data-testid="stDataFrame"]').nth(index)
    grid.scroll_into_view_if_needed()
    return grid


def add_row(page: Any, grid: Any, row: int) -> None:
    """Press the table's "Add row" (its toolbar shows on hover) and wait until the grid has drawn
    the new row, number `row` (0: the first)."""
    page.keyboard.press("Escape")  # leave the table edited last: its selection covers this toolbar
    grid.evaluate("e => e.scrollIntoView({block: 'center'})")  # the toolbar shows above the grid
    grid.hover()
    grid.get_by_role("button", name="Add row").click()
    grid.locator(f"#glide-cell-1-{row}").wait_for(state="attached")
    page.keyboard.press("Escape")  # close the new row's editor, if the grid opened one


EDITOR = "#portal input:visible, #portal textarea:visible"
"""A table cell's editor, open (the grid draws it over the canvas)."""


def select_cell(page: Any, grid: Any, row: int, column: int) -> None:
    """Select a cell with the mouse and the arrow keys (the grid is a canvas): a click on the
    row's first cell (on the cell already selected it opens its editor: Escape closes it
    unsaved), then ArrowRight to `column`, each move waited for on the grid's accessible cells
    (`glide-cell-<column + 1>-<row>`)."""
    first = grid.locator(f'#glide-cell-1-{row}[aria-selected="true"]')
    for attempt in range(3):  # a click as the grid redraws after a save can be lost: again
        grid.scroll_into_view_if_needed()
        box = grid.bounding_box()
        page.mouse.click(box["x"] + 60, box["y"] + 35 + 35 * row + 17)  # header, rows: 35 px
        if page.locator(EDITOR).count():
            page.keyboard.press("Escape")
            page.locator(EDITOR).first.wait_for(state="detached")
        try:
            first.wait_for(state="attached", timeout=5_000 if attempt < 2 else TIMEOUT_MS)
            break
        except Exception:  # Playwright's TimeoutError
            if attempt == 2:
                raise
    for c in range(1, column + 1):
        page.keyboard.press("ArrowRight")
        grid.locator(f'#glide-cell-{c + 1}-{row}[aria-selected="true"]').wait_for(state="attached")


def type_cell(page: Any, grid: Any, row: int, column: int, text: str) -> None:
    """Type `text` into a cell (Enter opens its editor, Enter saves) and wait for the save."""
    select_cell(page, grid, row, column)
    page.keyboard.press("Enter")
    editor = page.locator(EDITOR).first
    editor.wait_for(state="visible")
    with rerun(page):
        editor.fill(text)
        editor.press("Enter")


def choose_cell(page: Any, grid: Any, row: int, column: int, option: str) -> None:
    """Choose `option` (its words as shown) in a drop-down cell and wait for the save."""
    select_cell(page, grid, row, column)
    page.keyboard.press("Enter")
    with rerun(page):
        page.locator("#portal").get_by_role("option", name=option, exact=True).click()
