"""The workbook's layout: sheets, names, formats, cached values, and plans at the edges."""

from __future__ import annotations

import io

import openpyxl
import pytest

from planner.engine.pipeline import project
from planner.engine.projection import Projection
from planner.export import workbook_bytes
from planner.export.xlsx.sheets import STATEMENTS, source_label
from planner.export.xlsx.workbook import HEADER_ROW, SHEETS
from planner.model.files import load_plan, plan_from_dict, plan_to_dict
from planner.model.plan import Plan
from tests.conftest import ROOT

TEMPLATES = sorted((ROOT / "templates" / "plans").glob("*.yaml"))


@pytest.fixture(scope="module")
def voice() -> tuple[Projection, openpyxl.Workbook, openpyxl.Workbook]:
    p = project(load_plan(ROOT / "templates" / "plans" / "offshore_voice_support.yaml"))
    content = workbook_bytes(p)
    return (
        p,
        openpyxl.load_workbook(io.BytesIO(content)),
        openpyxl.load_workbook(io.BytesIO(content), data_only=True),
    )


def test_sheets_in_order_summary_first(voice: tuple) -> None:
    _, wb, _ = voice
    assert wb.sheetnames == list(SHEETS)
    assert wb.sheetnames[0] == "Summary"
    assert wb.active.title == "Summary"


def test_statements_are_formulas_whose_cached_values_are_the_engines(voice: tuple) -> None:
    # Readers that do not recalculate (openpyxl data_only, pandas) see the engine's numbers.
    p, formulas, values = voice
    for sheet, lines in STATEMENTS.items():
        ws, wv = formulas[sheet], values[sheet]
        headers = {ws.cell(HEADER_ROW + 1, c).value: c for c in range(1, ws.max_column + 1)}
        for key, header in lines:
            col = headers[header]
            for i, want in enumerate(p.monthly[key].to_numpy(dtype=float)):
                row = HEADER_ROW + 2 + i
                if key not in {"seats", "clients"}:  # counts from the app are inputs
                    assert ws.cell(row, col).data_type == "f", f"{sheet}/{header} row {row}"
                assert wv.cell(row, col).value == pytest.approx(want, abs=1e-6)


def test_every_formula_has_a_cached_value(voice: tuple) -> None:
    _, formulas, values = voice
    for ws in formulas.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    assert values[ws.title][cell.coordinate].value is not None, cell.coordinate


def test_inputs_have_workbook_names(voice: tuple) -> None:
    p, wb, values = voice
    names = set(wb.defined_names)
    for name in ("Burden", "YearlyRaise", "TaxRate", "OpeningCash", "RecruitingCostPerHire",
                 "HiringLeadMonths", "Sites", "EquityMonth", "EquityAmount"):  # fmt: skip
        assert name in names
    sheet, ref = next(iter(wb.defined_names["Burden"].destinations))
    assert values[sheet][ref.replace("$", "")].value == p.plan.staffing.burden


def test_formats_frozen_headers_and_print_setup(voice: tuple) -> None:
    _, wb, _ = voice
    pnl = wb["P&L"]
    assert pnl.freeze_panes == f"D{HEADER_ROW + 2}"
    revenue = pnl.cell(HEADER_ROW + 2, 4)
    assert "#,##0" in revenue.number_format
    assert pnl.page_setup.orientation == "landscape"
    assert pnl.sheet_properties.pageSetUpPr.fitToPage
    assert pnl.column_dimensions["D"].width >= 10
    assumptions = wb["Assumptions"]
    pct = [c for row in assumptions.iter_rows() for c in row if c.number_format == "0.0%"]
    assert pct, "rates are shown as percentages"


def test_sources_sheet_lists_where_defaults_came_from(voice: tuple) -> None:
    p, wb, _ = voice
    ws = wb["Sources"]
    listed = {ws.cell(r, 1).value for r in range(HEADER_ROW + 2, ws.max_row + 1)}
    # Listed in words (the role's name, not "staffing.roles.0.monthly_wage").
    data = plan_to_dict(p.plan)
    assert {source_label(data, path) for path in p.plan.sources} <= listed


def _bare(**changes: object) -> Plan:
    data = plan_to_dict(load_plan(ROOT / "templates" / "plans" / "kpo_research_analytics.yaml"))
    for path, value in changes.items():
        section, field = path.split("__")
        data[section][field] = value
    return plan_from_dict(data)


@pytest.mark.parametrize(
    "plan",
    [
        Plan(),
        _bare(financing__loans=[], financing__equity=[]),
        _bare(paperwork__items=[], marketing__channels=[]),
        _bare(resources__items=[]),
    ],
    ids=["empty plan", "no loans or equity", "no paperwork or marketing", "no resources"],
)
def test_plans_with_empty_sections_still_export(plan: Plan) -> None:
    p = project(plan)
    wb = openpyxl.load_workbook(io.BytesIO(workbook_bytes(p)), data_only=True)
    ws = wb["Balance sheet"]
    headers = {ws.cell(HEADER_ROW + 1, c).value: c for c in range(1, ws.max_column + 1)}
    last = HEADER_ROW + 1 + p.plan.months
    assert ws.cell(last, headers["Total assets"]).value == pytest.approx(
        float(p.monthly["total_assets"].iloc[-1]), abs=1e-6
    )
