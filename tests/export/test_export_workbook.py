"""The workbook's layout: sheets, names, formats, cached values, and plans at the edges."""

from __future__ import annotations

import ast
import io

import openpyxl
import pytest

from planner.engine.pipeline import project
from planner.engine.projection import Projection
from planner.export import workbook_bytes
from planner.export.xlsx.layout import HEADER_ROW, SHEETS
from planner.export.xlsx.sources import source_label
from planner.export.xlsx.statements import STATEMENTS
from planner.model.files import load_plan, plan_from_dict, plan_to_dict
from planner.model.plan import Plan
from tests.support.tools import ROOT

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


def test_summary_charts_draw_each_line_in_its_app_colour() -> None:
    # The series' colours in the chart XML (xlsxwriter writes them upper case) are the app's.
    import re
    import zipfile

    from planner.charts import colours
    from planner.export.xlsx.layout import GRIDLINE

    p = project(load_plan(ROOT / "templates" / "plans" / "offshore_voice_support.yaml"))
    book = zipfile.ZipFile(io.BytesIO(workbook_bytes(p)))
    charts = sorted(n for n in book.namelist() if n.startswith("xl/charts/chart"))
    xml = {n: book.read(n).decode("utf-8") for n in charts}
    used = {c for text in xml.values() for c in re.findall(r'srgbClr val="([0-9A-F]{6})"', text)}
    hexes = {c.lstrip("#").upper() for c in (*colours.PALETTE, colours.NEUTRAL)}
    assert len(xml) == 4
    assert used - {GRIDLINE.lstrip("#")} <= hexes

    def charts_with(colour: str) -> int:
        return sum(f'val="{colour.lstrip("#").upper()}"' in text for text in xml.values())

    # As in the app: revenue green (by month, by year), costs red, cash blue (the cash chart, the
    # seats line), people and net income grey (the people chart, the yearly chart).
    assert (charts_with(colours.REVENUE), charts_with(colours.COST)) == (2, 1)
    assert (charts_with(colours.CASH), charts_with(colours.NEUTRAL)) == (2, 2)


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
    assert {source_label(data, s.field) for s in p.plan.sources} <= listed


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


def _sheet_column(ws: openpyxl.worksheet.worksheet.Worksheet, header: str) -> list[object]:
    """The data cells under `header` on a detail sheet, top to bottom."""
    headers = {ws.cell(HEADER_ROW + 1, c).value: c for c in range(1, ws.max_column + 1)}
    col = headers[header]
    return [ws.cell(r, col).value for r in range(HEADER_ROW + 2, ws.max_row + 1)]


def test_detail_sheets_show_the_projections_schedules(voice: tuple) -> None:
    # The loan schedule and the units bought are the engine's tables, written as they are (one
    # loan's or item's months in a block), not figures the writer works out again.
    p, _, values = voice
    loans = p.loans.assign(entity=p.loans.groupby("month_no").cumcount())
    loans = loans.sort_values(["entity", "month_no"], kind="stable")
    for header, key in (
        ("Balance at start", "opening_balance"),
        ("Payment", "payment"),
        ("Interest", "interest"),
        ("Principal repaid", "principal"),
        ("Balance at end", "closing_balance"),
    ):
        got = _sheet_column(values["Loans"], header)
        assert got == pytest.approx(loans[key].tolist(), abs=1e-6), header
    res = p.resources.assign(entity=p.resources.groupby("month_no").cumcount())
    res = res.sort_values(["entity", "month_no"], kind="stable")
    bought = _sheet_column(values["Resources"], "Units bought")
    for got, want, ownership in zip(bought, res.bought, res.ownership, strict=True):
        assert got is None if ownership == "lease" else got == pytest.approx(want)
    counts = _sheet_column(values["Resources"], "Seats, staff, sites or 1")
    assert counts == pytest.approx(res.basis_count.tolist())


def test_the_summary_year_by_year_is_the_plan_years_of_the_owner() -> None:
    # 30 months: years 1 and 2 of 12 months, year 3 of 6 (months 25-30), as planner.report.yearly
    # cuts them; each cell is a live formula cached with the owner's value.
    from planner.export.xlsx.summary import YEARLY_LINES
    from planner.model.labels import STATEMENT_LABELS
    from planner.report.yearly import yearly

    p = project(_bare(settings__horizon_months=30))
    content = workbook_bytes(p)
    formulas = openpyxl.load_workbook(io.BytesIO(content))["Summary"]
    values = openpyxl.load_workbook(io.BytesIO(content), data_only=True)["Summary"]
    header = next(r for r in range(1, 60) if formulas.cell(r, 1).value == "Year by year") + 1
    months = p.monthly["month"].tolist()
    titles = [formulas.cell(header, 2 + y).value for y in range(4)]
    assert months[0] == "2027-01"  # so the plan years are calendar years
    assert titles == ["Year 1 (2027)", "Year 2 (2028)", "Year 3 (2029, 6 months)", None]
    sums = [key for _, key, how in YEARLY_LINES if how == "sum"]
    ends = [key for _, key, how in YEARLY_LINES if how == "end"]
    want = yearly(p.monthly, flows=sums, stocks=ends)
    for i, (_, key, _) in enumerate(YEARLY_LINES):
        row = header + 1 + i
        assert formulas.cell(row, 1).value == STATEMENT_LABELS[key]
        for y in (1, 2, 3):
            assert formulas.cell(row, 1 + y).data_type == "f"
            assert values.cell(row, 1 + y).value == pytest.approx(want.loc[y, key], abs=1e-6)


def test_the_writer_asks_the_engine_for_no_rule() -> None:
    # A writer that imports the engine's rule modules is a second engine: it may read the
    # Projection only.
    xlsx = ROOT / "planner" / "export" / "xlsx"
    for path in xlsx.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                "planner.engine"
            ):
                assert node.module == "planner.engine.projection", f"{path.name}: {node.module}"


def test_sources_sheet_shows_only_current_sources_and_flags_changed_ones() -> None:
    # The nearshore starter made Colombian: tax 35% (the note says Mexico 30%), the help-desk
    # phone line deleted (its "80% in 20 s" and "85%" notes go with it).
    data = plan_to_dict(load_plan(ROOT / "templates" / "plans" / "nearshore_it_helpdesk.yaml"))
    data["financing"]["tax_rate"] = 0.35
    kept = data["specialty"]["service_lines"][1]
    data["specialty"]["service_lines"] = [kept]
    for client in data["business_plan"]["clients"]:
        client["services"] = [s for s in client["services"] if s["service_line"] == kept["id"]]
    data["business_plan"]["clients"] = [
        c for c in data["business_plan"]["clients"] if c["services"]
    ]
    for kind in data["marketing"].get("won_clients", []):
        for service in kind["services"]:
            service["service_line"] = kept["id"]
    for role in data["staffing"]["roles"]:
        role["service_lines"] = [x for x in role["service_lines"] if x == kept["id"]]
    plan = plan_from_dict(data)
    ws = openpyxl.load_workbook(io.BytesIO(workbook_bytes(project(plan))))["Sources"]
    rows = {
        ws.cell(r, 1).value: (ws.cell(r, 3).value, ws.cell(r, 4).value)
        for r in range(HEADER_ROW + 2, ws.max_row + 1)
    }
    texts = " ".join(str(text) for text, _ in rows.values())
    assert "80% in 20 s" not in texts and "do not run above 85%" not in texts
    tax = next(v for k, v in rows.items() if "tax rate" in str(k).lower())
    assert "Mexico corporate income tax 30%" in tax[0]
    assert tax[1] == "changed since this source (written for 30%)"
    burden = next(v for k, v in rows.items() if "burden" in str(k).lower())
    assert not burden[1]  # unchanged: no flag


def test_break_even_and_payback_are_live_formulas_with_their_definitions(voice: tuple) -> None:
    # each month is a formula over a helper column (net income of the last three months on the
    # P&L, operating cash flow to date on the Cash flow sheet), cached with the engine's month as
    # a date; the definition from planner.model.labels stands beside it
    from datetime import datetime

    from planner.export.xlsx.summary import NOT_WITHIN
    from planner.model.labels import KPI_DEFINITIONS, KPI_LABELS

    p, formulas, values = voice
    ws, cached = formulas["Summary"], values["Summary"]
    rows = {ws.cell(r, 1).value: r for r in range(1, 40)}
    for key in ("break_even_month", "payback_month"):
        r = rows[KPI_LABELS[key]]
        assert ws.cell(r, 2).data_type == "f" and "SUMPRODUCT(MAX(" in ws.cell(r, 2).value
        month = getattr(p.kpis, key)
        # a month past the horizon (the offshore starter's payback) is the words for none
        want = NOT_WITHIN if month is None else datetime.strptime(month, "%Y-%m")
        assert cached.cell(r, 2).value == want
        assert ws.cell(r, 3).value == KPI_DEFINITIONS[key]
    assert "'P&L'!" in ws.cell(rows[KPI_LABELS["break_even_month"]], 2).value
    assert "'Cash flow'!" in ws.cell(rows[KPI_LABELS["payback_month"]], 2).value


def test_paperwork_sheet_pays_yearly_fees_ahead_and_expenses_them_monthly() -> None:
    # one licence of 12,000 a year from month 2: paid 12,000 in months 2 and 14, expensed 1,000 a
    # month from month 2, prepaid 11,000 at the end of month 2; the start month is an input
    plan = _bare(
        settings__horizon_months=14,
        paperwork__items=[{"name": "Licence", "yearly_fee": 12_000, "start_month": 2}],
    )
    p = project(plan)
    content = workbook_bytes(p)
    ws = openpyxl.load_workbook(io.BytesIO(content))["Paperwork"]
    cached = openpyxl.load_workbook(io.BytesIO(content), data_only=True)["Paperwork"]
    head = {ws.cell(HEADER_ROW + 1, c).value: c for c in range(1, ws.max_column + 1)}
    first = HEADER_ROW + 2
    col = {k: head[h] for k, h in (("fee", "Fees expensed"), ("paid", "Fees paid"),
                                    ("prepaid", "Prepaid at month end"))}  # fmt: skip
    assert all(ws.cell(first, c).data_type == "f" for c in col.values())
    assert "Assumptions!$G$" in ws.cell(first, col["paid"]).value  # the start month input
    series = {k: [cached.cell(first + i, c).value for i in range(14)] for k, c in col.items()}
    assert series["paid"] == [0] + [12_000] + [0] * 11 + [12_000]
    assert series["fee"] == [0] + [1_000] * 13
    assert series["prepaid"][:3] == [0, 11_000, 10_000] and series["prepaid"][13] == 11_000


def test_payroll_pays_person_months_and_spares_contractors_the_burden(voice: tuple) -> None:
    # The offshore starter: 3 weeks' training + 3 ramp weeks = 72 / 52 = 1.385 months, so a hire
    # after month 1 is paid a = 20 / 52 of the month they join; its US business developer is a
    # remote contractor. Paid, wages and burden are live formulas over the Staffing sheet and
    # the roles' inputs, their cached values the engine's.
    p, formulas, values = voice
    pay = formulas["Payroll"]
    paid = _sheet_column(pay, "Paid (person-months)")
    assert all(str(f).startswith("=") and "TrainingWeeks+RampWeeks" in str(f) for f in paid)
    assert "1E-9,0)+1,1)))*Staffing!" in str(paid[1])  # (1 - a) x the Staffing sheet's hires
    burden = _sheet_column(pay, "Employer burden")
    assert all('<>"contractor")' in str(f) and "*Burden*" in str(f) for f in burden)
    payroll = p.payroll.assign(entity=p.payroll.groupby("month_no").cumcount())
    payroll = payroll.sort_values(["entity", "month_no"], kind="stable")
    got = _sheet_column(values["Payroll"], "Paid (person-months)")
    assert got == pytest.approx(payroll.paid.tolist(), abs=1e-9)
    contractor = payroll.role.str.startswith("Business development").to_numpy()
    burden_values = _sheet_column(values["Payroll"], "Employer burden")
    assert all(v == 0 for v, c in zip(burden_values, contractor, strict=True) if c)
    # per-employee items count the staff who are not remote: SUMIFS over the Works column
    counts = _sheet_column(formulas["Resources"], "Seats, staff, sites or 1")
    assert any('"<>remote"' in str(f) for f in counts)
    staffing = p.staffing.assign(entity=p.staffing.groupby("month_no").cumcount())
    staffing = staffing.sort_values(["entity", "month_no"], kind="stable")
    pattern = {r.name: r.work_pattern for r in p.plan.staffing.roles}
    works = _sheet_column(formulas["Staffing"], "Works")
    assert works == [pattern[r] for r in staffing.role]
