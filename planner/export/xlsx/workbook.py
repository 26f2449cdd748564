"""Projection -> a live Excel workbook (XlsxWriter).

The workbook is a model, not a print-out. Detail sheets carry the drivers the app computes
(headcount from Erlang C, billed units, seats, units bought...) as input values in blue, and every
cost line, subtotal and statement as a black formula over them and over the named inputs on the
Assumptions sheet, so a change typed into the workbook flows through to the P&L, cash flow and
balance sheet. Every formula is written with the engine's value as its cached result (the writer
computes no figure of its own: each comes from the `Projection`), so a reader that does not
recalculate (a viewer, pandas, openpyxl) still sees the numbers; recalculated in a spreadsheet
program, each formula gives the engine's figure to the cent
(tests/export/test_export_recalc_libreoffice.py).

Sheets, in order (`layout.SHEETS`): Summary, Assumptions, Scenarios (the live `Scenario` switch:
`scenarios`), Staffing, Payroll, Resources, Paperwork,
Marketing, Revenue, Profit by client, Loans, P&L, Cash flow, Balance sheet, Sources, then a
one-page Proposal sheet per bid the plan keeps (`proposal`: values, not formulas). Monthly
sheets have one row per month (and per role, item, channel, client or loan on the detail sheets),
headers frozen, printed one page wide.

Each sheet module writes its sheets and returns where its tables sit (`layout.Table`); a later
sheet receives those it points at as arguments, so the order below is the data flow, in plain
sight. Founder text (names, notes) is written through `planner.export.safety.plain_text` as string
cells, so text such as `=HYPERLINK(...)` stays text.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from planner.engine.projection import Projection
from planner.export.xlsx.accounts import profit_by_client
from planner.export.xlsx.actuals import actuals_sheet
from planner.export.xlsx.inputs import assumptions
from planner.export.xlsx.layout import Writer
from planner.export.xlsx.loans import loans
from planner.export.xlsx.proposal import proposal_sheets
from planner.export.xlsx.resources import paperwork, resources
from planner.export.xlsx.revenue import marketing, revenue
from planner.export.xlsx.risk import risk_sheet
from planner.export.xlsx.scenarios import scenarios_sheet
from planner.export.xlsx.sources import sources
from planner.export.xlsx.staffing import pay_calendar, payroll, staffing
from planner.export.xlsx.statements import (
    DetailTables,
    balance_sheet,
    cash_flow,
    profit_and_loss,
)
from planner.export.xlsx.summary import summary
from planner.report.risk import RiskResult


def write_workbook(
    projection: Projection, scenarios: Sequence[Projection] = (), risk: RiskResult | None = None
) -> bytes:
    """The projection as an .xlsx file (bytes): a live model with cached values. `scenarios`: the
    projection of each of the plan's scenarios (`apply_scenario`, `Plan.scenarios` order), held
    for the `Scenario` switch (`planner.export.workbook.workbook_bytes` computes them); with
    `risk` (the risk runs of the same plan), a Risk sheet of their results after Sources."""
    if len(scenarios) != len(projection.plan.scenarios):
        raise ValueError(
            f"{len(scenarios)} scenario projections for {len(projection.plan.scenarios)} scenarios"
        )
    buffer = io.BytesIO()
    w = Writer(projection, buffer, scenarios)
    inputs = assumptions(w)
    switch = scenarios_sheet(w, inputs)
    staff = staffing(w)
    pay = payroll(w, staff, inputs)
    detail = DetailTables(
        staffing=staff,
        payroll=pay,
        resources=resources(w, staff, inputs),
        paperwork=paperwork(w, inputs),
        marketing=marketing(w, inputs),
        revenue=revenue(w, inputs, switch),
        loans=loans(w, inputs),
        pay_calendar=pay_calendar(w, pay, inputs),
    )
    pnl = profit_and_loss(w, detail)
    profit_by_client(w, detail.revenue, pnl)
    cash = cash_flow(w, detail, pnl)
    balance = balance_sheet(w, detail, pnl, cash)
    sources(w)
    proposal_sheets(w)  # one per bid the plan keeps (none without)
    risk_sheet(w, risk)
    summary(w, pnl, cash)
    tables = {"P&L": pnl, "Cash flow": cash, "Balance sheet": balance}
    actuals_sheet(w, {**tables, "Staffing": staff, "Revenue": detail.revenue})  # with actuals
    w.sheets["Summary"].activate()
    w.wb.close()
    return buffer.getvalue()
