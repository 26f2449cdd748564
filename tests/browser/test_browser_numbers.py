"""In a real browser (issue 12): numbers typed into the cells of "What each client buys" are
stored as the founder meant them. "3,5" in a price cell is 3.5 (not 35), "16.5" in the yearly
price rise is 16.5% (0.165), and "-500" in the price is refused with a message, the
stored price kept.

The cells are reached with the keyboard from the first cell (the grid is drawn on a canvas).
Runs Debian's chromium through Playwright; skips locally without it and fails under CI=true.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from planner.model.plan import Plan
from planner.storage.store import PlanStore
from tests.browser.app_browser import go, start_new_plan, type_cell
from tests.browser.test_browser_autosave import Server, chromium  # noqa: F401 (a fixture)

pytestmark = pytest.mark.browser

COLUMNS = ["client", "service_line", "monthly_volume", "ramp_months", "pricing_model", "price",
           "yearly_escalation"]  # fmt: skip
"""The columns of "What each client buys", the page's second table (one row per service)."""
SHOTS = os.environ.get("PLANNER_SHOTS")  # a folder for screenshots, when set


def _stored(db_url: str) -> Plan:
    with PlanStore(db_url) as store:
        (record,) = store.list_plans()
        return store.load_draft(record.id).plan


def _wait_for(db_url: str, check: Callable[[Plan], bool], what: str) -> Plan:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            plan = _stored(db_url)
            if check(plan):
                return plan
        except ValueError:  # nothing stored yet
            pass
        time.sleep(0.3)
    raise AssertionError(f"not stored within 30 s: {what}")


def _type_in_cell(page: object, grid: object, column: str, text: str) -> None:
    """Type `text` into row 1's `column` as a founder does (`app_browser.type_cell`: the cell
    reached with the keyboard, its editor opened, Enter) and wait for the run that saves it."""
    type_cell(page, grid, 0, COLUMNS.index(column), text)


def test_typed_cells_store_what_the_founder_meant(chromium: object, tmp_path: Path) -> None:  # noqa: F811
    db_url = f"sqlite:///{tmp_path / 'plans.db'}"
    server = Server(db_url, tmp_path / "streamlit.log")
    server.start()
    try:
        page = chromium.new_page(viewport={"width": 1600, "height": 1000})  # type: ignore[attr-defined]
        page.goto(server.url)
        start_new_plan(page, "Numbers as typed")  # a starter: its first client buys a service
        go(page, "2. Business plan", "Step 2 · Business plan")
        grid = page.locator('[data-testid="stDataFrame"]').nth(1)  # what each client buys
        grid.wait_for(timeout=30_000)
        grid.scroll_into_view_if_needed()

        _type_in_cell(page, grid, "price", "3,5")
        _wait_for(
            db_url, lambda p: p.business_plan.clients[0].services[0].price == 3.5, "price 3.5"
        )

        _type_in_cell(page, grid, "yearly_escalation", "16.5")
        _wait_for(db_url, lambda p: p.business_plan.clients[0].services[0].yearly_escalation
                  == 0.165, "price rise 16.5%")  # fmt: skip

        _type_in_cell(page, grid, "price", "-500")
        page.get_by_text("cannot be negative").first.wait_for(timeout=30_000)
        if SHOTS:
            page.screenshot(path=str(Path(SHOTS) / "T-clients-refused-cell.png"))
        plan = _stored(db_url)
        service = plan.business_plan.clients[0].services[0]
        assert service.price == 3.5  # the refused cell kept the stored value
        assert service.yearly_escalation == 0.165
        page.close()
    finally:
        server.kill()
