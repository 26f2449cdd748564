"""In a real browser (issue 12): the plan you edit stays the plan you edit across sidebar links
and a reload (`?plan=N` is kept), and founder text is never a live link (no <a> for a plan name
or a service line name written as a Markdown link).

Runs Debian's chromium through Playwright (never `playwright install`); skips locally without it
and fails under CI=true. Screenshots go to $PLANNER_SHOTS when it is set.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from planner.model.plan import Plan
from planner.model.starters import load_template
from planner.model.text import JOINER
from planner.storage.store import PlanStore
from tests.browser.test_browser_autosave import Server, chromium  # noqa: F401 - the fixture
from tests.support.tools import ROOT

pytestmark = pytest.mark.browser

EVIL_NAME = "[Verify your bank login](https://evil.example/login)"
EVIL_LINE = "[Open](https://evil.example/tab)"
assert ROOT.exists()


def _named(plan: Plan, name: str) -> Plan:
    return plan.model_copy(update={"settings": plan.settings.model_copy(update={"name": name})})


def _evil_plan() -> Plan:
    plan = _named(load_template("offshore_voice_support"), EVIL_NAME)
    lines = list(plan.specialty.service_lines)
    lines[0] = lines[0].model_copy(update={"name": EVIL_LINE})
    return plan.model_copy(
        update={"specialty": plan.specialty.model_copy(update={"service_lines": lines})}
    )


def _shot(page: object, name: str) -> None:
    folder = os.environ.get("PLANNER_SHOTS")
    if folder:
        page.screenshot(path=str(Path(folder) / f"P-{name}.png"))  # type: ignore[attr-defined]


def _wait_ready(page: object) -> None:
    page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(  # type: ignore[attr-defined]
        timeout=60_000
    )
    page.wait_for_timeout(300)  # type: ignore[attr-defined]


def _sidebar_text(page: object) -> str:
    text: str = page.locator('[data-testid="stSidebar"]').inner_text()  # type: ignore[attr-defined]
    return text


def test_links_and_reload_keep_the_plan_and_founder_text_is_no_link(
    chromium: object,  # noqa: F811 - the fixture
    tmp_path: Path,
) -> None:
    db_url = f"sqlite:///{tmp_path / 'plans.db'}"
    with PlanStore(db_url) as store:
        first = store.create_plan("First plan", load_template("offshore_voice_support")).id
        evil = store.create_plan(EVIL_NAME, _evil_plan()).id  # changed more recently
    server = Server(db_url, tmp_path / "streamlit.log")
    server.start()
    try:
        page = chromium.new_page(viewport={"width": 1400, "height": 1000})  # type: ignore[attr-defined]
        # Item 1: library?plan=1 -> "5. Staffing" -> reload edits plan 1, not the latest plan.
        page.goto(f"{server.url}/library?plan={first}")
        page.get_by_role("heading", name="My plans").wait_for(timeout=60_000)
        _wait_ready(page)
        page.locator('[data-testid="stSidebar"]').get_by_role("link", name="5. Staffing").click()
        page.wait_for_url(re.compile(rf"/staffing\?plan={first}$"), timeout=30_000)
        _wait_ready(page)
        page.reload()
        _wait_ready(page)
        assert re.search(rf"[?&]plan={first}\b", page.url)
        assert "Editing First plan" in _sidebar_text(page)

        # Item 6: the plan name and a line name written as links are plain text everywhere.
        for path in ("", "library", "staffing"):
            page.goto(f"{server.url}/{path}?plan={evil}")
            _wait_ready(page)
            assert page.locator('a[href*="evil.example"]').count() == 0, path
            _shot(page, f"plain-{path or 'start'}")
        assert EVIL_NAME in _sidebar_text(page).replace(JOINER, "")
        tabs = page.get_by_role("tab").all_inner_texts()
        assert EVIL_LINE in [t.replace(JOINER, "").strip() for t in tabs]
        page.goto(f"{server.url}/")
        _wait_ready(page)
        _shot(page, "start-bare")
        assert "My new BPO plan" in _sidebar_text(page)  # a bare address opens no stored plan
        page.close()
    finally:
        server.kill()
