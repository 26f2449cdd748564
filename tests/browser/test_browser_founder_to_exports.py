"""A founder's main path in a real browser, from a new plan to both exports.

`start_new_plan` makes the plan (today from a starter; the one place to switch to a blank plan),
then the founder types something on each of the six steps, looks at the dashboard, downloads the
workbook (openpyxl opens it) and prepares and downloads the business plan (python-docx opens it).
The plan file downloaded at the end holds every typed value, and both exports carry them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest

from planner.model.files import parse_plan_text
from tests.browser.app_browser import (
    TIMEOUT_MS,
    app_server,
    chromium,
    go,
    settled,
    shot,
    start_new_plan,
)
from tests.support.tools import ROOT

pytestmark = pytest.mark.browser

SHOTS = ROOT / "artifacts" / "screenshots" / "founder_to_exports"
PLAN_NAME = "Bogota service desk"
TARGET_CLIENTS = "Mid-size US software firms that need bilingual first-line IT support."


def _number(page: Any, label: str, value: str) -> None:
    box = page.locator(f'input[aria-label^="{label}"]').first
    box.fill(value)
    box.press("Enter")
    settled(page, charts=True)


def _kpi(page: Any, label: str) -> Any:
    card = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return card.locator('[data-testid="stMetricValue"]')


def _edit_first_row(page: Any, column: int, value: str) -> None:
    """Type `value` into the first row's `column` (0 = the first column) of the page's first
    table: click the row, move right with the arrow keys (each move waited for on the grid's
    accessible cells, `glide-cell-<column + 1>-<row>`), Enter opens the cell, Enter saves."""
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 80, box["y"] + 35 + 17)  # header 35 px, rows 35 px
    for c in range(column + 1):
        if c:
            page.keyboard.press("ArrowRight")
        grid.locator(f'#glide-cell-{c + 1}-0[aria-selected="true"]').wait_for(state="attached")
    page.keyboard.press("Enter")
    editor = page.locator("#portal input:visible, #portal textarea:visible").first
    editor.wait_for(state="visible")
    editor.fill(value)
    editor.press("Enter")


def test_new_plan_six_steps_typed_to_workbook_and_document(tmp_path: Path) -> None:
    from playwright.sync_api import expect

    with app_server(tmp_path / "plans.db", tmp_path / "server.log") as url, chromium() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(url)
        start_new_plan(page, PLAN_NAME)

        # 1. Specialty: who the clients are, in the founder's words (saved when the box is left).
        area = page.locator('textarea[aria-label="Target clients"]')
        area.fill(TARGET_CLIENTS)
        area.press("Tab")
        settled(page, charts=True)
        shot(page, SHOTS, "1_specialty")

        # 2. Business plan: more of the founder's own money; the lowest cash moves.
        go(page, "2. Business plan", "Step 2 · Business plan")
        lowest = _kpi(page, "Lowest cash").inner_text()
        _number(page, "Your own money at the start", "900000")
        expect(_kpi(page, "Lowest cash")).not_to_have_text(lowest, timeout=TIMEOUT_MS)
        shot(page, SHOTS, "2_business_plan")

        # 3. Paperwork: the first item's one-time fee (the table's fourth column) typed in.
        go(page, "3. Paperwork", "Step 3 · Paperwork")
        fees = _kpi(page, "One-time fees").inner_text()
        _edit_first_row(page, 3, "950")
        expect(_kpi(page, "One-time fees")).not_to_have_text(fees, timeout=TIMEOUT_MS)
        settled(page, charts=True)
        shot(page, SHOTS, "3_paperwork")

        # 4. Resources: a second office.
        go(page, "4. Resources", "Step 4 · Resources")
        _number(page, "Sites (offices)", "2")
        shot(page, SHOTS, "4_resources")

        # 5. Staffing: paid hours a month.
        go(page, "5. Staffing", "Step 5 · Staffing")
        _number(page, "Paid hours per person per month", "176")
        shot(page, SHOTS, "5_staffing")

        # 6. Marketing: a shorter sales cycle.
        go(page, "6. Marketing", "Step 6 · Marketing")
        _number(page, "Sales cycle", "4")
        shot(page, SHOTS, "6_marketing")

        go(page, "Dashboard", "Dashboard")
        assert page.locator('[data-testid="stException"]').count() == 0
        shot(page, SHOTS, "7_dashboard")

        # Every typed value is in the plan (the sidebar's plan file).
        with page.expect_download() as plan_file:
            page.locator('[data-testid="stSidebar"]').get_by_role(
                "button", name="Download this plan (YAML)"
            ).click()
        plan = parse_plan_text(Path(plan_file.value.path()).read_bytes())
        assert plan.settings.name == PLAN_NAME
        assert plan.specialty.target_clients == TARGET_CLIENTS
        assert plan.financing.opening_cash == 900_000
        assert plan.paperwork.items[0].one_time_fee == 950
        assert plan.resources.sites == 2
        assert plan.staffing.paid_hours_per_month == 176
        assert plan.marketing.sales_cycle_months == 4

        # Both exports: downloaded and opened.
        go(page, "Export", "Export")
        with page.expect_download() as xlsx:
            page.get_by_role("button", name="Download the workbook (.xlsx)").click()
        xlsx.value.save_as(tmp_path / "plan.xlsx")
        workbook = openpyxl.load_workbook(tmp_path / "plan.xlsx")
        assert "Assumptions" in workbook.sheetnames
        typed = {c.value for row in workbook["Assumptions"].iter_rows() for c in row}
        assert {900_000, 950, 176, 4, 2} <= typed

        page.get_by_role("button", name="Prepare the business plan").click()
        expect(page.get_by_text("Writing the business plan...")).to_be_visible()
        download = page.get_by_role("button", name="Download the business plan (.docx)")
        download.wait_for(timeout=180_000)
        shot(page, SHOTS, "8_export")
        with page.expect_download() as document:
            download.click()
        document.value.save_as(tmp_path / "plan.docx")
        text = "\n".join(p.text for p in docx.Document(str(tmp_path / "plan.docx")).paragraphs)
        assert PLAN_NAME in text
        assert TARGET_CLIENTS.rstrip(".") in text
        page.close()
