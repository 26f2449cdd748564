"""Actuals in a real browser: a founder opens a starter, goes to Actuals, brings in a sample file
and sees the variance table and the budget / actual / forecast chart; a bad file is refused with
the row, the column and what was expected, and the figures already there stay. axe-core checks
the page with its figures (WCAG 2 AA) when it is available."""

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

SHOTS = Path(os.environ.get("PLANNER_SHOTS", ROOT / "artifacts" / "screenshots" / "actuals"))


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A tab on a new plan from the voice-support starter, on the Actuals page."""
    folder = tmp_path_factory.mktemp("actuals")
    with app_server(folder / "plans.db", folder / "server.log") as url, chromium() as browser:
        tab = browser.new_page(viewport={"width": 1400, "height": 1000})
        tab.set_default_timeout(TIMEOUT_MS)
        tab.goto(url)
        start_new_plan(tab, "Actuals in the browser")
        go(tab, "Actuals", "Actuals")
        yield tab


def _import(page: Any, button: str) -> None:
    with rerun(page):
        page.get_by_role("button", name=button).click()
    settled(page, charts=True)


def test_a_sample_shows_the_variance_and_the_forecast(page: Any) -> None:
    page.get_by_text("No actual figures yet").wait_for()
    shot(page, SHOTS, "B-actuals-empty")
    _import(page, "Import the sample")
    page.get_by_text("Imported 156 figures from the sample").wait_for()
    page.get_by_role("heading", name="Actual against the budget").wait_for()
    page.get_by_text("The largest differences").wait_for()
    assert page.locator('[data-testid="stDataFrame"]').count() >= 2  # variance and forecast
    grid = page.locator('[data-testid="stDataFrame"]').first
    assert "Revenue" in grid.inner_text() or grid.locator("canvas").count()
    chart = page.locator('[data-testid="stPlotlyChart"]').filter(has_text="Budget, actual and")
    chart.wait_for()
    legend = chart.inner_text()
    assert "Forecast" in legend and "Actual" in legend and "Budget" in legend
    shot(page, SHOTS, "B-actuals-sample")


def test_a_bad_file_is_refused_and_the_figures_stay(page: Any, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("month,line,value\n2027-01,revenue,12x\n", encoding="utf-8")
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(bad))
    settled(page)
    _import(page, "Import this file")
    error = page.locator('[data-testid="stAlert"]').filter(has_text="could not be read")
    error.wait_for()
    text = error.inner_text()
    assert "row 2, column 'value'" in text and "the figures you had are kept" in text
    page.get_by_role("heading", name="Actual against the budget").wait_for()  # still there
    shot(page, SHOTS, "B-actuals-bad-file")


def test_an_accounting_export_shows_its_mapping(page: Any) -> None:
    page.get_by_role("combobox", name="Sample file").click()
    page.get_by_role("option", name="QuickBooks").click()
    settled(page)
    _import(page, "Import the sample")
    page.get_by_text("Accounts and the plan lines they count in").wait_for()
    page.get_by_role("button", name="Apply this mapping to").wait_for()
    shot(page, SHOTS, "B-actuals-mapping")


def test_the_page_with_figures_has_no_wcag_aa_violations(page: Any) -> None:
    require_tool(
        AXE_JS.is_file(), "axe-core", "bash dev test installs it: npm install --prefix .tools/node"
    )
    found = {where: v for where, v in _scan_page(page, "Actuals").items() if v}
    assert not found, "axe-core WCAG 2 AA violations on Actuals:\n" + json.dumps(found, indent=1)
