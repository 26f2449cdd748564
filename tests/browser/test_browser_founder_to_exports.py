"""A founder's path in a real browser, from a BLANK plan through the six steps to both exports.

A first-time founder in Bogota plans a claims follow-up team for US clinics, priced per claim in
Colombian pesos, unlike any starter. Starting from Start > "Start a blank plan", they type on each
step what the plan needs to have numbers: a service line measured in items (step 1), the currency,
a client buying it at a price typed with a decimal comma, and their own money (step 2), a
paperwork item (step 3), a laptop per seat and an office lease with a deposit (step 4), a role
for the workload (step 5) and a marketing channel (step 6). The dashboard then shows figures; the
plan file holds every typed value; the workbook (openpyxl) and the business-plan document
(python-docx) carry them.

Screenshots of every page go to artifacts/screenshots/founder_to_exports/ (and to the folder in
PLANNER_SHOTS, when set) for a person to look at.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest

from planner.model.files import parse_plan_text
from tests.browser.app_browser import (
    TIMEOUT_MS,
    add_row,
    app_server,
    choose_cell,
    chromium,
    go,
    rerun,
    settled,
    shot,
    start_blank_plan,
    table,
    type_cell,
)
from tests.support.tools import ROOT

pytestmark = pytest.mark.browser

SHOTS = Path(
    os.environ.get("PLANNER_SHOTS") or ROOT / "artifacts" / "screenshots" / "founder_to_exports"
)
PLAN_NAME = "Bogota claims follow-up"
LINE = "Claims follow-up for US clinics"
CLIENT = "Clinica Norte Medical Group"
TARGET_CLIENTS = "Small US clinics whose denied insurance claims go unworked for months."
PRICE = "10400,50"  # COP per claim, typed with a decimal comma: 10,400.50
OWN_MONEY = 250_000_000  # COP
PAPERWORK = "Chamber of commerce registration"
PAPERWORK_FEE = 1_500_000
LAPTOP = 3_200_000
LEASE = 12_000_000
WAGE = 2_800_000
BUDGET = 3_000_000


def _field(page: Any, label: str, value: str) -> None:
    box = page.locator(f'input[aria-label^="{label}"]').first
    with rerun(page):
        box.fill(value)
        box.press("Enter")


def _kpi(page: Any, label: str) -> str:
    card = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return str(card.locator('[data-testid="stMetricValue"]').inner_text())


def _step_1(page: Any) -> None:
    """A catalog service renamed and measured in items; where the work is done; who buys."""
    page.get_by_role("tab", name="BPO, front office").click()
    card = (
        page.locator('[data-testid="stVerticalBlock"]')
        .filter(has=page.get_by_text("Answering services", exact=True))
        .filter(has=page.get_by_role("button", name="Add"))
        .last
    )
    with rerun(page):
        card.get_by_role("button", name="Add").click()
    page.get_by_text("Added Answering services").wait_for()
    lines = table(page, 0)
    type_cell(page, lines, 0, 0, LINE)
    choose_cell(page, lines, 0, 2, "Items processed")
    page.get_by_text(f"{LINE} is now measured as items processed").wait_for()
    area = page.locator('textarea[aria-label="Target clients"]')
    with rerun(page):
        area.fill(TARGET_CLIENTS)
        area.press("Tab")
    with rerun(page):
        page.get_by_text("Nearshore (a nearby country)").click()
    _field(page, "Your delivery location", "Bogotá, Colombia")


def _step_2(page: Any) -> None:
    """The currency, a signed client buying the line per claim, and the founder's own money."""
    page.get_by_text("Plan basics: name, currency, start month, horizon").click()
    _field(page, "Currency (3-letter code)", "COP")
    clients = table(page, 0)
    add_row(page, clients, 0)
    type_cell(page, clients, 0, 0, CLIENT)
    choose_cell(page, clients, 0, 1, "signed")
    services = table(page, 1)
    add_row(page, services, 0)
    choose_cell(page, services, 0, 0, CLIENT)
    choose_cell(page, services, 0, 1, LINE)
    type_cell(page, services, 0, 2, "6000")
    choose_cell(page, services, 0, 4, "per item / transaction / contact")
    type_cell(page, services, 0, 5, PRICE)
    _field(page, "Your own money at the start", str(OWN_MONEY))


def _step_3(page: Any) -> None:
    items = table(page, 0)
    add_row(page, items, 0)
    type_cell(page, items, 0, 0, PAPERWORK)
    type_cell(page, items, 0, 4, str(PAPERWORK_FEE))  # after the Location column


def _step_4(page: Any) -> None:
    """A laptop bought per seat; an office leased per site with two months' deposit."""
    items = table(page, 0)
    add_row(page, items, 0)
    type_cell(page, items, 0, 0, "Laptop")
    type_cell(page, items, 0, 7, str(LAPTOP))  # Location (6) comes before the money
    add_row(page, items, 1)
    type_cell(page, items, 1, 0, "Office lease")
    choose_cell(page, items, 1, 2, "per site (office)")
    choose_cell(page, items, 1, 5, "lease")
    type_cell(page, items, 1, 9, str(LEASE))
    type_cell(page, items, 1, 11, "2")


def _step_5(page: Any) -> None:
    roles = table(page, 1)  # the pay calendar's bonuses table comes first
    add_row(page, roles, 0)
    type_cell(page, roles, 0, 0, "Claims specialist")
    type_cell(page, roles, 0, 2, str(WAGE))
    choose_cell(page, roles, 0, 4, "workload")  # after the Location column


def _step_6(page: Any) -> None:
    channels = table(page, 0)
    add_row(page, channels, 0)
    type_cell(page, channels, 0, 0, "LinkedIn outreach")
    type_cell(page, channels, 0, 1, str(BUDGET))
    type_cell(page, channels, 0, 2, "8")
    type_cell(page, channels, 0, 3, "10")


STEPS = (
    ("1. Specialty", "Step 1 · Specialty", _step_1),
    ("2. Business plan", "Step 2 · Business plan", _step_2),
    ("3. Paperwork", "Step 3 · Paperwork", _step_3),
    ("4. Resources", "Step 4 · Resources", _step_4),
    ("5. Staffing", "Step 5 · Staffing", _step_5),
    ("6. Marketing", "Step 6 · Marketing", _step_6),
)


def test_blank_plan_six_steps_typed_to_workbook_and_document(tmp_path: Path) -> None:
    with app_server(tmp_path / "plans.db", tmp_path / "server.log") as url, chromium() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(url)
        shot(page, SHOTS, "0_start")
        start_blank_plan(page, PLAN_NAME)
        for n, (link, heading, fill_in) in enumerate(STEPS, start=1):
            if n > 1:
                go(page, link, heading)
            try:
                fill_in(page)
            except Exception:
                page.screenshot(path=str(SHOTS / f"failed_step_{n}.png"))  # what the page showed
                raise
            assert page.locator('[data-testid="stException"]').count() == 0
            assert page.locator('[data-testid="stAlertContentError"]').count() == 0, link
            shot(page, SHOTS, f"{n}_{link.split(' ', 1)[1].lower().replace(' ', '_')}")

        go(page, "Dashboard", "Dashboard")
        assert page.locator('[data-testid="stException"]').count() == 0
        assert _kpi(page, "Revenue") not in {"", "COP 0", "0"}
        shot(page, SHOTS, "7_dashboard")

        # Every typed value is in the plan (the sidebar's plan file).
        with page.expect_download() as plan_file:
            page.locator('[data-testid="stSidebar"]').get_by_role(
                "button", name="Download this plan (YAML)"
            ).click()
        plan = parse_plan_text(Path(plan_file.value.path()).read_bytes())
        assert plan.settings.name == PLAN_NAME
        assert plan.settings.currency == "COP"
        assert plan.settings.location == "Bogotá, Colombia"
        assert plan.settings.delivery_model == "nearshore"
        (line,) = plan.specialty.service_lines
        assert (line.name, line.workload.type) == (LINE, "items")
        assert plan.specialty.target_clients == TARGET_CLIENTS
        (client,) = plan.business_plan.clients
        assert (client.name, client.status) == (CLIENT, "signed")
        (service,) = client.services
        assert (service.service_line, service.monthly_volume) == (line.id, 6000)
        assert (service.pricing_model, service.price) == ("per_item", 10400.5)  # "10400,50"
        assert plan.financing.opening_cash == OWN_MONEY
        assert [(x.name, x.one_time_fee) for x in plan.paperwork.items] == [
            (PAPERWORK, PAPERWORK_FEE)
        ]
        laptop, lease = plan.resources.items
        assert (laptop.name, laptop.basis, laptop.ownership, laptop.one_time_cost) == (
            "Laptop",
            "per_seat",
            "buy",
            LAPTOP,
        )
        assert (lease.basis, lease.ownership, lease.monthly_cost, lease.deposit_months) == (
            "per_site",
            "lease",
            LEASE,
            2,
        )
        (role,) = plan.staffing.roles
        assert (role.name, role.monthly_wage, role.basis) == ("Claims specialist", WAGE, "workload")
        (channel,) = plan.marketing.channels
        assert (channel.monthly_budget, channel.leads_per_month) == (BUDGET, 8)
        assert channel.conversion_rate == pytest.approx(0.10)

        # Both exports: downloaded, opened, and carrying what was typed.
        go(page, "Export", "Export")
        with page.expect_download() as xlsx:
            page.get_by_role("button", name="Download the workbook (.xlsx)").click()
        xlsx.value.save_as(tmp_path / "plan.xlsx")
        workbook = openpyxl.load_workbook(tmp_path / "plan.xlsx")
        typed = {c.value for ws in workbook.worksheets for row in ws.iter_rows() for c in row}
        assert {PLAN_NAME, LINE, CLIENT, PAPERWORK, "Laptop", "Office lease"} <= typed
        assert {10400.5, OWN_MONEY, PAPERWORK_FEE, LAPTOP, LEASE, WAGE, BUDGET} <= typed

        page.get_by_role("button", name="Prepare the business plan").click()
        download = page.get_by_role("button", name="Download the business plan (.docx)")
        download.wait_for(timeout=180_000)
        settled(page)
        shot(page, SHOTS, "8_export")
        with page.expect_download() as document:
            download.click()
        document.value.save_as(tmp_path / "plan.docx")
        doc = docx.Document(str(tmp_path / "plan.docx"))
        cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
        text = "\n".join([p.text for p in doc.paragraphs] + cells)
        assert PLAN_NAME in text
        assert TARGET_CLIENTS.rstrip(".") in text
        assert LINE in text
        page.close()
