"""The Actuals sheet: the founder's actual figures against the workbook's own plan, live.

Written only when the plan has actual figures (`Plan.actuals`). One row per actual figure (month
and line, in the plan's order of `planner.report.variance.variance_table`):

- Month no, Month, Line (the line in words, `planner.model.actuals_lines.line_keys`);
- Actual: an input (blue): type over it and the variance follows;
- Plan: a formula pointing at the workbook's own cell for that month and line: the P&L, Cash flow
  or Balance sheet line (row = first row + month no - 1); a role's people = SUMIFS of the Staffing
  sheet's headcount over the month and role; a service line's volume = SUMIFS of the Revenue
  sheet's volume over the month and service line (and the scenario picked on the Scenarios sheet,
  when the plan has scenarios);
- Variance = Actual - Plan; Variance % = Variance / |Plan| (blank when the plan is 0);
- Past threshold: "Over" or "Under" when |Variance %| > the threshold typed above the table
  (an input, 10% as `planner.report.variance.DEFAULT_THRESHOLD`), also shaded: the word is there
  for readers who cannot tell the shading apart.

Each formula carries the engine's value as its cached result (`variance_table`), so a reader that
does not recalculate sees the same figures as the app.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from datetime import datetime
from typing import Any

from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from planner.charts.colours import PAST_THRESHOLD_FILL
from planner.export.xlsx.layout import FIRST, HEADER_ROW, Table, Writer, month_date
from planner.export.xlsx.statements import BALANCE_KEYS, CASH_KEYS, PNL_KEYS
from planner.model.actuals_lines import ROLE_PREFIX, VOLUME_PREFIX, is_count
from planner.report.variance import DEFAULT_THRESHOLD, variance_table

SHEET = "Actuals"
HEADERS = (
    ("Month no", 7),
    ("Month", 10),
    ("Line", 30),
    ("Actual", 14),
    ("Plan", 14),
    ("Variance (actual - plan)", 14),
    ("Variance %", 10),
    ("Past threshold", 11),
)
THRESHOLD_CELL = (HEADER_ROW - 1, 9)
"""0-based (row, column) of the threshold input: J3, beside its label in I3."""


def _text_literal(text: str) -> str:
    """A string as a formula literal: quoted, inner quotes doubled.

    >>> _text_literal('Tier 2 "gold" agent')
    '"Tier 2 ""gold"" agent"'
    """
    return '"' + text.replace('"', '""') + '"'


def plan_formula(line: str, r: int, month_no: int, tables: dict[str, Table]) -> str | None:
    """The formula (without "=") for the plan's figure of `line` on row `r` (month in $A{r},
    `month_no`), from the statement and detail tables (`tables`: "P&L", "Cash flow", "Balance
    sheet", "Staffing", "Revenue"); None when the workbook has no cell for the line."""
    row = FIRST + month_no - 1
    statements = (("P&L", PNL_KEYS), ("Cash flow", CASH_KEYS), ("Balance sheet", BALANCE_KEYS))
    for sheet, keys in statements:
        if line in keys:
            return tables[sheet].xcell(line, row)
    if line.startswith(ROLE_PREFIX):
        table, key, by = tables["Staffing"], "headcount", "role"
        name = line.removeprefix(ROLE_PREFIX)
    elif line.startswith(VOLUME_PREFIX):
        table, key, by = tables["Revenue"], "volume", "service_line"
        name = line.removeprefix(VOLUME_PREFIX)
    else:
        return None
    if table.n == 0:
        return "0"
    # A plan with scenarios has a block of Revenue rows per scenario: count the selected one's
    # (the workbook name `Scenario`, the Scenarios sheet's switch), as the P&L does.
    chosen = f",{table.col('scenario')},Scenario" if "scenario" in table.letters else ""
    return (
        f"SUMIFS({table.col(key)},{table.col('month_no')},$A{r},"
        f"{table.col(by)},{_text_literal(name)}{chosen})"
    )


def actuals_sheet(w: Writer, tables: dict[str, Table]) -> Table | None:
    """Write the Actuals sheet when the plan has actual figures; returns where its table sits
    (None, and no sheet, when there are none)."""
    table = variance_table(w.p)
    if table.empty:
        return None
    ws: Worksheet = w.wb.add_worksheet(SHEET)
    w.sheets[SHEET] = ws
    w.heading(
        ws,
        "Actuals: what happened against the plan",
        "Actual figures are inputs (blue); the plan's figures point at this workbook's own "
        "statements; variance = actual - plan; variance % = variance / |plan|.",
    )
    ws.write_string(THRESHOLD_CELL[0], THRESHOLD_CELL[1] - 1, "Threshold", w.f_header)
    ws.write_number(*THRESHOLD_CELL, DEFAULT_THRESHOLD, w.fmt.get("pct", input_=True))
    threshold = xl_rowcol_to_cell(*THRESHOLD_CELL, row_abs=True, col_abs=True)
    ws.set_row(HEADER_ROW, 30)
    for c, (header, width) in enumerate(HEADERS):
        ws.write_string(HEADER_ROW, c, header, w.f_header)
        ws.set_column(c, c, width)
    month_no = {m: i + 1 for i, m in enumerate(w.months)}
    for i, rec in enumerate(table.to_dict("records")):
        _row(
            w,
            ws,
            FIRST + i,
            rec,
            month_no=month_no[str(rec["month"])],
            tables=tables,
            threshold=threshold,
        )
    last = FIRST + len(table) - 1
    ws.conditional_format(
        f"G{FIRST}:G{last}",
        {
            "type": "formula",
            "criteria": f"=AND(ISNUMBER(G{FIRST}),ABS(G{FIRST})>{threshold})",
            "format": w.wb.add_format({"bg_color": PAST_THRESHOLD_FILL}),
        },
    )
    ws.freeze_panes(HEADER_ROW + 1, 3)
    ws.autofilter(HEADER_ROW, 0, last - 1, len(HEADERS) - 1)
    w.print_setup(ws)
    keys = ("month_no", "month", "line", "actual", "plan", "variance", "variance_pct", "flag")
    return Table(SHEET, {k: chr(ord("A") + i) for i, k in enumerate(keys)}, FIRST, len(table))


def _row(
    w: Writer,
    ws: Worksheet,
    r: int,
    rec: Mapping[Hashable, Any],
    *,
    month_no: int,
    tables: dict[str, Table],
    threshold: str,
) -> None:
    """One actual figure on Excel row `r` (1-based)."""
    line = str(rec["line"])
    kind = "dec" if is_count(line) else "price"
    fmt, bold_fmt = w.fmt.get(kind), w.fmt.get(kind, bold=True)
    plan, actual = float(rec["plan"]), float(rec["actual"])
    variance, pct = actual - plan, float(rec["variance_pct"])
    i = r - 1
    ws.write_number(i, 0, month_no, w.fmt.get("int"))
    ws.write_datetime(i, 1, _as_datetime(str(rec["month"])), w.fmt.get("month"))
    w.write_text(ws, i, 2, str(rec["label"]))
    ws.write_number(i, 3, actual, w.fmt.get(kind, input_=True))
    formula = plan_formula(line, r, month_no, tables)
    if formula is None:
        ws.write_number(i, 4, plan, fmt)
    else:
        ws.write_formula(i, 4, f"={formula}", fmt, plan)
    ws.write_formula(i, 5, f"=D{r}-E{r}", bold_fmt, variance)
    pct_value: float | str = pct / 100.0 if math.isfinite(pct) else ""
    ws.write_formula(i, 6, f'=IF(E{r}=0,"",F{r}/ABS(E{r}))', w.fmt.get("pct"), pct_value)
    flag = ""
    if isinstance(pct_value, float) and abs(pct_value) > DEFAULT_THRESHOLD + 1e-12:
        flag = "Over" if pct_value > 0 else "Under"
    ws.write_formula(
        i,
        7,
        f'=IF(G{r}="","",IF(ABS(G{r})>{threshold},IF(G{r}>0,"Over","Under"),""))',
        w.text_format(),
        flag,
    )


def _as_datetime(month: str) -> datetime:
    day = month_date(month)
    return datetime(day.year, day.month, 1)
