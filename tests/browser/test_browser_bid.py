"""The Bid desk in a real browser, the founder's main path: a new plan from a starter, the Bid
desk, an illustrative sample, "Build the bid" (the real desk: forecast, staffing, shifts, prices
with a progress bar), the eight prices read, the bid added to the plan as a prospect, and the
prospect found on the business plan's clients. axe-core checks the page with a bid on it (WCAG 2
AA); screenshots at 1400 and 1000 px wide."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.app_browser import (
    TIMEOUT_MS,
    app_server,
    chromium,
    go,
    rerun,
    settled,
    shot,
    start_new_plan,
)
from tests.browser.test_browser_accessibility import AXE_JS, _scan_page
from tests.support.tools import ROOT, require_tool

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("PLANNER_SHOTS", ROOT / "artifacts" / "screenshots" / "bid"))
CLIENT = "Harbour Telecom"
BUILD_MS = 4 * TIMEOUT_MS  # a year of half hours: about 15 s alone, longer on a busy machine


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A tab on a new plan from the voice-support starter, on the Bid desk."""
    folder = tmp_path_factory.mktemp("bid")
    with app_server(folder / "plans.db", folder / "server.log") as url, chromium() as browser:
        tab = browser.new_page(viewport={"width": 1400, "height": 1000})
        tab.set_default_timeout(TIMEOUT_MS)
        tab.goto(url)
        start_new_plan(tab, "Bids in the browser")
        go(tab, "Bid desk", "Bid desk")
        yield tab


def test_a_sample_is_built_into_a_priced_bid(page: Any) -> None:
    page.get_by_text("Bring in the prospect's history").wait_for()
    shot(page, SHOTS, "G-bid-empty")
    with rerun(page):
        page.get_by_role("button", name="Use this sample").click()
    page.get_by_role("heading", name="2. Service and targets").wait_for()
    page.get_by_text("Weeks covered").wait_for()
    with rerun(page):
        page.get_by_role("button", name="Build the bid").click()
    page.get_by_role("heading", name="Prices").wait_for(timeout=BUILD_MS)
    settled(page, charts=True)
    page.get_by_text("held-back weeks the forecast was off by").wait_for()
    page.get_by_text("If volume comes in 20% under the forecast").wait_for()
    charts = page.locator('[data-testid="stPlotlyChart"]')
    assert charts.count() == 3  # forecast, coverage, margins
    prices = page.locator('[data-testid="stTable"]').filter(has_text="Billing model")
    prices.wait_for()
    text = prices.inner_text()
    assert "per contact" in text and "Margin at -20% volume" in text  # the eight prices
    shot(page, SHOTS, "G-bid-built-1400")


def test_the_bid_reads_at_1000_px(page: Any) -> None:
    page.set_viewport_size({"width": 1000, "height": 1000})
    settled(page, charts=True)
    shot(page, SHOTS, "G-bid-built-1000")
    page.set_viewport_size({"width": 1400, "height": 1000})
    settled(page, charts=True)


def test_the_page_with_a_bid_has_no_wcag_aa_violations(page: Any) -> None:
    require_tool(
        AXE_JS.is_file(), "axe-core", "bash dev test installs it: npm install --prefix .tools/node"
    )
    found = {where: v for where, v in _scan_page(page, "Bid desk").items() if v}
    assert not found, "axe-core WCAG 2 AA violations on Bid desk:\n" + json.dumps(found, indent=1)


def test_the_bid_joins_the_plan_and_shows_on_the_business_plan(page: Any) -> None:
    name = page.get_by_label("Client name")
    name.scroll_into_view_if_needed()
    name.fill(CLIENT)
    with rerun(page):
        page.get_by_role("button", name="Add to the plan").click()
    done = page.locator('[data-testid="stAlert"]').filter(has_text="is in the plan as a prospect")
    done.wait_for()
    assert "Business plan" in done.inner_text()
    shot(page, SHOTS, "G-bid-added")
    go(page, "2. Business plan", "Step 2 · Business plan")
    clients = page.locator('[data-testid="stDataFrame"]').filter(has_text=CLIENT)
    clients.first.wait_for(timeout=TIMEOUT_MS)
    shot(page, SHOTS, "G-business-plan-with-prospect")


def test_a_bad_file_is_refused_with_its_row_and_column(page: Any, tmp_path: Path) -> None:
    go(page, "Bid desk", "Bid desk")
    bad = tmp_path / "calls.csv"
    bad.write_text("timestamp,contacts\n2026-01-05 08:00,12\n2026-01-05 08:30,n/a\n")
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(bad))
    settled(page)
    with rerun(page):
        page.get_by_role("button", name="Read this file").click()
    error = page.locator('[data-testid="stAlert"]').filter(has_text="could not be read")
    error.wait_for()
    text = error.inner_text()
    assert "calls.csv could not be read: Row 3, column contacts: must be a number" in text
    assert "Traceback" not in text
    shot(page, SHOTS, "G-bid-bad-file")
