"""The Summary sheet: key figures (formulas over the statements where the workbook can compute
them, the app's figure otherwise), a year-by-year table and native charts."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import pandas as pd
from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from planner.engine.projection import Kpis
from planner.export.safety import plain_text
from planner.export.xlsx.charts import summary_charts
from planner.export.xlsx.layout import (
    BLUE,
    NOTE_GREY,
    Table,
    Writer,
    excel_serial,
    month_date,
    sheet_ref,
)
from planner.model.labels import KPI_DEFINITIONS, NOT_WITHIN_PLAN, STATEMENT_LABELS
from planner.model.labels import KPI_LABELS as KPI
from planner.report.format import percent
from planner.report.funding import sources_and_uses
from planner.report.yearly import year_label, yearly

YEARLY_LINES: tuple[tuple[str, str, str], ...] = (
    # (statement table, column, "sum" over the year or "end" of the year); named by
    # `planner.model.labels.STATEMENT_LABELS`, the words of the app's and the document's yearly
    # tables
    ("pnl", "revenue", "sum"),
    ("pnl", "direct_labour", "sum"),
    ("pnl", "gross_profit", "sum"),
    ("pnl", "operating_expenses", "sum"),
    ("pnl", "ebitda", "sum"),
    ("pnl", "depreciation", "sum"),
    ("pnl", "interest", "sum"),
    ("pnl", "tax", "sum"),
    ("pnl", "net_income", "sum"),
    ("cash", "capex", "sum"),
    ("cash", "closing_cash", "end"),
    ("pnl", "headcount", "end"),
)
_REVENUE_LINE, _NET_INCOME_LINE = 0, 8
"""Rows of YEARLY_LINES the yearly chart shows."""

KeyFigure = tuple[str, str | None, Any, Any, str]
"""(label, formula or None for the app's figure, value, format, explanation)."""


def summary(w: Writer, pnl: Table, cash: Table) -> None:
    """The Summary sheet over the P&L and Cash flow tables."""
    ws = w.sheets["Summary"]
    plan = w.plan
    w.line(ws, 0, plan.settings.name, title=True)
    ws.write_string(
        1,
        0,
        f"BPO launch plan  |  {plain_text(plan.settings.location).text}  |  "
        f"{plan.settings.horizon_months} months from {w.months[0]}  |  money in {w.currency}",
        w.f_subtitle,
    )
    ws.write_string(
        2,
        0,
        "A live model: change the blue inputs on the Assumptions and detail sheets and every "
        "figure here follows. Figures marked 'from the app' are computed by BPO Launch Planner.",
        w.f_note,
    )
    by_year = _by_year(w.p.monthly)
    years = len(by_year)
    ws.set_column(0, 0, 30)
    ws.set_column(1, max(years, 3), 17)
    row = _write_key_figures(w, ws, _key_figures(w, pnl, cash))
    header = row + 2
    _yearly(w, ws, header, by_year, {"pnl": pnl, "cash": cash})
    row = header + len(YEARLY_LINES) + 3
    row = lender_view(w, ws, row, by_year, pnl=pnl, cash=cash) + 2
    ws.write_string(row - 1, 0, "Charts", w.f_section)
    summary_charts(
        w, ws, pnl, cash, row=row, yearly=(header, years, _REVENUE_LINE, _NET_INCOME_LINE)
    )
    ws.hide_gridlines(2)
    ws.set_portrait()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.set_footer("&L&8BPO Launch Planner&R&8Page &P of &N")
    ws.freeze_panes(0, 0)


def _key_figures(w: Writer, pnl: Table, cash: Table) -> list[KeyFigure]:
    k = w.p.kpis
    rev, costs, net = pnl.col("revenue"), pnl.col("total_costs"), pnl.col("net_income")
    closing, seats = cash.col("closing_cash"), pnl.col("seats")
    money, pct = w.fmt.get("money"), w.fmt.get("pct")
    whole, price = w.fmt.get("int"), w.fmt.get("price")
    runway = _runway(k)
    return [
        (KPI["total_revenue"], f"=SUM({rev})", k.total_revenue, money, "over the plan"),
        (KPI["total_costs"], f"=SUM({costs})", k.total_costs, money,
         "including depreciation, interest"),
        (KPI["total_net_income"], f"=SUM({net})", k.total_net_income, money, "after tax"),
        (KPI["gross_margin_pct"], f"=IF(SUM({rev})>0,SUM({pnl.col('gross_profit')})/SUM({rev}),0)",
         k.gross_margin_pct / 100.0, pct, "gross profit / revenue"),
        (KPI["capex_total"], f"=SUM({cash.col('capex')})", k.capex_total, money,
         "over the plan"),
        (KPI["ending_cash"], f"={cash.xcell('closing_cash', cash.last)}", k.ending_cash, money,
         w.months[-1]),
        (KPI["lowest_cash"], f"=MIN({closing})", k.lowest_cash, money,
         _lowest_when(w)),
        (KPI["funding_needed"], f"=MAX(0,MinimumCash-MIN({closing}))", k.funding_needed, money,
         "extra opening cash to stay above the minimum cash buffer"),
        (KPI["break_even_month"], _first_month_staying_up(pnl, "net_income_3m"),
         _month_value(k.break_even_month), w.fmt.get("month"), KPI_DEFINITIONS["break_even_month"]),
        (KPI["payback_month"], _first_month_staying_up(cash, "ocf_to_date"),
         _month_value(k.payback_month), w.fmt.get("month"), KPI_DEFINITIONS["payback_month"]),
        (KPI["runway_months"], _held(w, _runway), runway, None,
         "until cash first falls below zero (from the app)"),
        (KPI["peak_headcount"], f"=ROUNDUP(MAX({pnl.col('headcount')})-1E-9,0)", k.peak_headcount,
         whole, "people on the payroll"),
        (KPI["peak_seats"], f"=MAX({seats})", k.peak_seats, whole,
         "desks in use at the busiest time"),
        (KPI["cost_per_seat_month"],
         f"=IF(SUM({seats})>0,(SUM({pnl.col('resources_opex')})"
         f"+SUM({pnl.col('depreciation')}))/SUM({seats}),0)",
         k.cost_per_seat_month, price, "resources opex + depreciation per seat"),
        (KPI["cost_per_productive_hour"], _held(w, lambda k: k.cost_per_productive_hour),
         k.cost_per_productive_hour, price,
         "all costs / hours delivered by direct staff (from the app)"),
        (KPI["price_per_productive_hour"], _held(w, lambda k: k.price_per_productive_hour),
         k.price_per_productive_hour, price,
         "revenue / those hours (from the app)"),
    ]  # fmt: skip


NOT_WITHIN = NOT_WITHIN_PLAN


def _first_month_staying_up(table: Table, column: str) -> str:
    """The first month from which `column` of `table` stays >= 0 (above minus half a cent) to the
    end: the month after the last one below; text when the last month is below (a formula)."""
    months, labels = table.col("month_no"), table.col("month")
    last_below = f"SUMPRODUCT(MAX(({table.col(column)}<-0.005)*{months}))"
    return f'=IF({last_below}>=ROWS({months}),"{NOT_WITHIN}",INDEX({labels},{last_below}+1))'


def _month_value(month: str | None) -> float | str:
    """A "YYYY-MM" month as the spreadsheet's date number (first of the month), or the words for
    none: the value cached with `_first_month_staying_up`."""
    return NOT_WITHIN if month is None else excel_serial(month_date(month))


def _lowest_when(w: Writer) -> str:
    """When cash is lowest, in words: the month (from the app); with scenarios, the month-end
    figure of the selected scenario (the month differs from one scenario to another)."""
    if w.has_scenarios:
        return "lowest month-end cash in the scenario picked on the Scenarios sheet"
    return f"in {w.p.kpis.lowest_cash_month} (from the app)"


def _runway(k: Kpis) -> str:
    return "never runs out" if k.runway_months is None else f"{k.runway_months} months"


def _held(w: Writer, figure: Callable[[Kpis], float | str]) -> str | None:
    """A key figure from the app in a plan with scenarios: =CHOOSE(ScenarioNo, <the figure in
    each scenario>), so it follows the switch; None (the figure as an input) without scenarios."""
    if not w.has_scenarios:
        return None
    held = []
    for projection in w.variants:
        value = figure(projection.kpis)
        if isinstance(value, str):
            held.append('"' + value.replace('"', '""') + '"')
        else:
            held.append(repr(float(value)) if math.isfinite(value) else "0")
    return f"=CHOOSE(ScenarioNo,{','.join(held)})"


def _write_key_figures(w: Writer, ws: Worksheet, figures: list[KeyFigure]) -> int:
    """The key figures from row 5; returns the row after the last."""
    note = w.wb.add_format({"italic": True, "font_size": 9, "font_color": NOTE_GREY, "indent": 1})
    label_fmt = w.wb.add_format({"font_size": 10})
    row = 4
    ws.write_string(row, 0, "Key figures", w.f_section)
    ws.write_string(row, 1, w.currency, w.f_section)
    row += 1
    for text, formula, value, fmt, explain in figures:
        ws.write_string(row, 0, text, label_fmt)
        if formula is not None:
            cached = value if isinstance(value, str) else float(value)
            ws.write_formula(row, 1, formula, fmt, cached)
        elif isinstance(value, str):
            app_text = w.wb.add_format({"font_color": BLUE, "align": "right", "font_size": 10})
            w.write_text(ws, row, 1, value, input_=True, fmt=app_text)
        else:
            ws.write_number(row, 1, float(value), w.fmt.get("price", input_=True))
        ws.write_string(row, 2, explain, note)
        row += 1
    return row


def _by_year(monthly: pd.DataFrame) -> pd.DataFrame:
    """The year-by-year values (`planner.report.yearly`: sums of flows, year-end stocks), with
    each plan year's first and last month number (`first_month`, `last_month`)."""
    months = monthly.assign(first_month=monthly["month_no"], last_month=monthly["month_no"])
    return yearly(
        months,
        flows=[key for _, key, how in YEARLY_LINES if how == "sum"],
        stocks=[*(key for _, key, how in YEARLY_LINES if how == "end"), "last_month"],
        openings=["first_month"],
    )


def _yearly(
    w: Writer, ws: Worksheet, header: int, by_year: pd.DataFrame, tables: dict[str, Table]
) -> None:
    """Year by year from row `header`: each plan year's sums and year-end positions, as live
    formulas over the statements cached with the values of `by_year`."""
    ws.write_string(header - 1, 0, "Year by year", w.f_section)
    ws.set_row(header, 30)
    ws.write_string(header, 0, w.currency, w.f_header)
    label_fmt = w.wb.add_format({"font_size": 10})
    bounds = list(
        zip(by_year["first_month"].astype(int), by_year["last_month"].astype(int), strict=True)
    )
    for y, year in enumerate(by_year.index):
        ws.write_string(header, 1 + y, year_label(w.months, int(year)), w.f_header)
    for i, (table_key, key, how) in enumerate(YEARLY_LINES):
        r0 = header + 1 + i
        table = tables[table_key]
        bold = key in {"gross_profit", "ebitda", "net_income"}
        fmt = w.fmt.get("int" if key == "headcount" else "money", bold=bold)
        text = STATEMENT_LABELS[key]
        ws.write_string(r0, 0, text, w.fmt.get("text", bold=bold) if bold else label_fmt)
        months_col = table.col("month_no")
        for y, ((a, b), value) in enumerate(zip(bounds, by_year[key], strict=True)):
            if how == "sum":
                formula = f'=SUMIFS({table.col(key)},{months_col},">={a}",{months_col},"<={b}")'
            else:
                formula = f"={table.xcell(key, table.first + b - 1)}"
            ws.write_formula(r0, 1 + y, formula, fmt, float(value))


def lender_view(
    w: Writer, ws: Worksheet, top: int, by_year: pd.DataFrame, *, pnl: Table, cash: Table
) -> int:
    """'What a lender sees' from row `top`: DSCR by plan year (EBITDA - tax paid over interest +
    loan principal, `planner.engine.lender`) against DscrCovenant, the lowest DSCR, and sources
    and uses with the contingency (`planner.report.funding`), all live formulas; returns the row
    after the block."""
    k = w.p.kpis
    money, dec2 = w.fmt.get("money"), w.fmt.get("dec2")
    label_fmt = w.wb.add_format({"font_size": 10})
    ws.write_string(top, 0, "What a lender sees", w.f_section)
    ws.write_string(top + 1, 0, w.currency, w.f_header)
    bounds = list(
        zip(by_year["first_month"].astype(int), by_year["last_month"].astype(int), strict=True)
    )
    found = {y.year: y for y in k.dscr_by_year}
    labels = ("EBITDA - tax paid", "Interest + loan principal", "DSCR", "Against the covenant")
    for i, text in enumerate(labels):
        ws.write_string(top + 2 + i, 0, text, label_fmt)
    cell = xl_rowcol_to_cell
    m = w.p.monthly
    for y, (year, (a, b)) in enumerate(zip(by_year.index, bounds, strict=True)):
        col = 1 + y
        ws.write_string(top + 1, col, year_label(w.months, int(year)), w.f_header)

        def total(table: Table, key: str, a: int = a, b: int = b) -> str:
            months = table.col("month_no")
            return f'SUMIFS({table.col(key)},{months},">={a}",{months},"<={b}")'

        got = found.get(int(year))
        available = f"{total(pnl, 'ebitda')}-{total(cash, 'tax_paid')}"
        service = f"{total(pnl, 'interest')}+{total(cash, 'loan_repayments')}"
        in_year = m[(m["month_no"] >= a) & (m["month_no"] <= b)]
        ws.write_formula(
            top + 2, col, f"={available}", money, in_year.ebitda.sum() - in_year.tax_paid.sum()
        )
        ws.write_formula(
            top + 3,
            col,
            f"={service}",
            money,
            in_year.interest.sum() + in_year.loan_repayments.sum(),
        )
        avail_cell, service_cell = cell(top + 2, col), cell(top + 3, col)
        ws.write_formula(
            top + 4,
            col,
            f'=IF({service_cell}>0.005,{avail_cell}/{service_cell},"")',
            dec2,
            got.dscr if got else "",
        )
        dscr_cell = cell(top + 4, col)
        flag = (
            ""
            if got is None
            else ("below" if got.dscr < w.plan.financing.dscr_covenant else "meets")
        )
        ws.write_formula(
            top + 5,
            col,
            f'=IF({dscr_cell}="","",IF({dscr_cell}<DscrCovenant,"below","meets"))',
            label_fmt,
            flag,
        )
    row = top + 6
    first, last = cell(top + 4, 1), cell(top + 4, max(len(bounds), 1))
    ws.write_string(row, 0, KPI["min_dscr"], label_fmt)
    ws.write_formula(
        row,
        1,
        f'=IF(COUNT({first}:{last})=0,"no debt service",MIN({first}:{last}))',
        dec2,
        "no debt service" if k.min_dscr is None else k.min_dscr,
    )
    ws.write_string(row, 2, "against DscrCovenant on the Assumptions sheet", w.f_note)
    row += 1
    for key, value in (
        ("founders_irr", "none" if k.founders_irr is None else percent(k.founders_irr, 1)),
        ("founders_payback_month", k.founders_payback_month or NOT_WITHIN_PLAN),
    ):
        ws.write_string(row, 0, KPI[key], label_fmt)
        w.write_text(ws, row, 1, value, input_=True)
        ws.write_string(row, 2, "from the app (planner.engine.lender)", w.f_note)
        row += 1
    return _sources_uses(w, ws, row + 1, cash)


def _sources_uses(w: Writer, ws: Worksheet, top: int, cash: Table) -> int:
    """Sources and uses from the launch to the window's last month (`planner.report.funding`,
    the same lines): sums over the Cash flow sheet's rows of the window; the contingency =
    Contingency x (equipment + deposits paid, if positive + running costs not covered); returns
    the row after the block."""
    fund = sources_and_uses(w.p)
    money = w.fmt.get("money")
    bold = w.fmt.get("money", bold=True)
    label_fmt = w.wb.add_format({"font_size": 10})
    sheet, last = sheet_ref(cash.sheet), cash.first + fund.end

    def window(key: str) -> str:
        letter = cash.letters[key]
        return f"SUM({sheet}!${letter}${cash.first}:${letter}${last})"

    closing = cash.col("closing_cash")
    extra = f"IF(MAX(0,MinimumCash-MIN({closing}))>0.5,MAX(0,MinimumCash-MIN({closing})),0)"
    ws.write_string(top, 0, f"Sources and uses, until {fund.until}", w.f_section)
    ws.write_string(top, 1, w.currency, w.f_section)
    src0 = top + 2  # the sources' first row; the uses' first row is below their total
    use0 = src0 + len(fund.all_sources) + 2
    cell = xl_rowcol_to_cell
    capex, deposits, operating = (cell(use0 + i, 1) for i in range(3))
    contingency = cell(use0 + 4, 1)
    source_formulas = [
        "=OpeningCash",
        f"={window('equity_injections')}",
        f"={window('loan_drawdowns')}",
        f"={window('credit_line_draws')}-{window('credit_line_repayments')}",
        f"={extra}+{contingency}",
        f"=MAX(0,{window('operating_cash_flow')})",
    ]
    use_formulas = [
        f"={window('capex')}",
        f"={window('deposits_paid')}",
        f"=MAX(0,-{window('operating_cash_flow')})",
        f"={window('loan_repayments')}",
        f"=Contingency*({capex}+MAX({deposits},0)+{operating})",
        f"={cash.xcell('closing_cash', last)}+{extra}",
    ]
    for head, row0, lines, formulas in (
        ("Sources", src0, fund.all_sources, source_formulas),
        ("Uses", use0, fund.all_uses, use_formulas),
    ):
        ws.write_string(row0 - 1, 0, head, w.fmt.get("text", bold=True))
        for i, ((label, value), formula) in enumerate(zip(lines, formulas, strict=True)):
            ws.write_string(row0 + i, 0, f"   {label}", label_fmt)
            ws.write_formula(row0 + i, 1, formula, money, float(value))
        end = row0 + len(lines)
        ws.write_string(end, 0, f"Total {head.lower()}", w.fmt.get("text", bold=True))
        total = sum(x for _, x in lines)
        ws.write_formula(end, 1, f"=SUM({cell(row0, 1)}:{cell(end - 1, 1)})", bold, total)
    return use0 + len(fund.all_uses) + 1
