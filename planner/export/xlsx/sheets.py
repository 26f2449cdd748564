"""The workbook's sheets, one writer per sheet (see `planner.export.xlsx.workbook` for the
approach).

Each writer puts the engine's table on its sheet and records where its columns sit (`book.tables`),
so the statements can point at them. Detail sheets are sorted by entity, then month: one role's (or
item's, channel's, client's, loan's) months form a block of consecutive rows, which lets a formula
look back over its own block (previous headcount, depreciation window, cumulative wins).
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from xlsxwriter.utility import xl_col_to_name

from planner.engine.costs import purchases
from planner.export.safety import plain_text
from planner.export.xlsx.workbook import BLUE, NUMBER_FORMATS, Column, Table
from planner.model.files import plan_to_dict
from planner.model.plan import (
    FAMILY_LABELS,
    PRICING_LABELS,
    RESOURCE_CATEGORY_LABELS,
    VOLUME_UNITS,
)

if TYPE_CHECKING:
    from planner.export.xlsx.workbook import _Book

INPUT_NOTE = "Blue: inputs (type over them). Black: formulas."


def _by_entity(df: pd.DataFrame) -> pd.DataFrame:
    """Rows sorted by entity, then month, with `entity`: the entity's index in the plan.

    The engine's tables list the entities of each month in plan order (month-major), so the
    entity is the row's position within its month; names need not be unique.
    """
    entity = df.groupby("month_no", sort=False).cumcount().to_numpy()
    out = df.assign(entity=entity).sort_values(["entity", "month_no"], kind="stable")
    return out.reset_index(drop=True)


def _first_rows(df: pd.DataFrame, first: int) -> np.ndarray:
    """Excel row number of the first row of each row's entity block (month 1 of the entity)."""
    return first + np.arange(len(df)) - (df["month_no"].to_numpy() - 1)


def _month_cols(book: _Book, df: pd.DataFrame) -> list[Column]:
    dates = [book.month_dates[m - 1] for m in df["month_no"].to_numpy()]
    return [
        Column("month_no", "Month no", df["month_no"].to_numpy(), "int", 7),
        Column("month", "Month", dates, "month", 10),
    ]


def _label(mapping: dict[str, str], value: str) -> str:
    return mapping.get(value, value.replace("_", " "))


# --- Assumptions ----------------------------------------------------------------------------


def assumptions(book: _Book) -> None:
    """Every input of the plan. Scalars have workbook names; tables sit below them."""
    ws = book.sheets["Assumptions"]
    plan = book.plan
    book.heading(ws, "Assumptions", INPUT_NOTE + " Names in column D can be used in any formula.")
    book.widths = {0: 30.0, 1: 14.0, 2: 16.0, 3: 20.0}
    row = HEADER
    for c, title in enumerate(("Input", "Value", "Unit", "Name in formulas", "")):
        ws.write_string(row, c, title, book.f_header)
    row += 1
    s, st, fin = plan.settings, plan.staffing, plan.financing
    scalars: list[tuple[str, str, Any, str, str]] = [
        ("section", "Plan", None, "", ""),
        ("text", "Plan name", s.name, "", ""),
        ("text", "Currency", s.currency, "", ""),
        ("text", "First month", s.first_month, "YYYY-MM", ""),
        ("int", "Horizon", s.horizon_months, "months", "HorizonMonths"),
        ("text", "Location", s.location, "", ""),
        ("text", "Delivery model", s.delivery_model, "", ""),
        ("section", "Staffing", None, "", ""),
        (
            "dec2",
            "Paid hours per person",
            st.paid_hours_per_month,
            "hours per month",
            "PaidHoursPerMonth",
        ),
        ("pct", "Shrinkage", st.shrinkage, "of paid time", "Shrinkage"),
        ("pct", "Payroll burden", st.burden, "on top of wages", "Burden"),
        ("pct", "Yearly raise", st.yearly_raise, "every 12 months", "YearlyRaise"),
        ("pct", "Yearly attrition", st.yearly_attrition, "of staff per year", "YearlyAttrition"),
        ("int", "Hiring lead", st.hiring_lead_months, "months", "HiringLeadMonths"),
        ("dec", "Training", st.training_weeks, "weeks", "TrainingWeeks"),
        (
            "money",
            "Recruiting cost per hire",
            st.recruiting_cost_per_hire,
            s.currency,
            "RecruitingCostPerHire",
        ),
        ("text", "Shift pattern", st.shift_pattern.replace("_", " "), "", ""),
        ("section", "Resources and marketing", None, "", ""),
        ("int", "Sites", plan.resources.sites, "sites", "Sites"),
        ("int", "Sales cycle", plan.marketing.sales_cycle_months, "months", "SalesCycleMonths"),
        ("section", "Financing", None, "", ""),
        ("money", "Opening cash", fin.opening_cash, s.currency, "OpeningCash"),
        ("money", "Minimum cash buffer", fin.minimum_cash, s.currency, "MinimumCash"),
        ("pct", "Corporate tax rate", fin.tax_rate, "of positive profit", "TaxRate"),
    ]
    for kind, label, value, unit, name in scalars:
        if kind == "section":
            row += 1 if row > HEADER + 1 else 0
            ws.write_string(row, 0, label, book.f_section)
            row += 1
            continue
        ws.write_string(row, 0, label)
        if kind == "text":
            book.write_text(ws, row, 1, value, input_=True)
        else:
            book.write_number(ws, row, 1, value, book.fmt.get(kind, input_=True))
        ws.write_string(row, 2, unit, book.f_note)
        if name:
            book.define(name, "Assumptions", row, 1)
            ws.write_string(row, 3, name, book.f_note)
        row += 1

    row += 1
    lines = plan.specialty.service_lines
    row = _input_table(
        book,
        ws,
        row,
        "Service lines",
        ["Id", "Name", "Family", "Work type", "Volume unit"],
        [
            [
                ln.id,
                ln.name,
                _label(FAMILY_LABELS, ln.family),
                ln.workload.type,
                VOLUME_UNITS[ln.workload.type],
            ]
            for ln in lines
        ],
        ["text"] * 5,
    )[0]
    clients = plan.business_plan.clients
    row, client_rows = _input_table(
        book,
        ws,
        row,
        "Clients",
        [
            "Client",
            "Status",
            "Probability",
            "Service line",
            "Start month",
            "Monthly volume",
            "Ramp months",
            "Term months",
            "Pricing",
            "Price",
            "Yearly escalation",
            "Payment days",
        ],
        [
            [
                c.name,
                c.status,
                c.probability,
                c.service_line,
                c.start_month,
                c.monthly_volume,
                c.ramp_months,
                c.term_months,
                _label(PRICING_LABELS, c.pricing_model),
                c.price,
                c.yearly_escalation,
                c.payment_days,
            ]
            for c in clients
        ],
        ["text", "text", "pct", "text", "int", "dec", "int", "int", "text", "price", "pct", "int"],
    )
    book.client_rows = client_rows
    won = plan.marketing.won_client
    if won is not None:
        row, won_rows = _input_table(
            book,
            ws,
            row,
            "Contract each client won by marketing signs",
            [
                "",
                "",
                "",
                "Service line",
                "",
                "Monthly volume",
                "Ramp months",
                "Term months",
                "Pricing",
                "Price",
                "Yearly escalation",
                "Payment days",
            ],
            [
                [
                    "Won client",
                    "",
                    None,
                    won.service_line,
                    None,
                    won.monthly_volume,
                    won.ramp_months,
                    won.term_months,
                    _label(PRICING_LABELS, won.pricing_model),
                    won.price,
                    won.yearly_escalation,
                    won.payment_days,
                ]
            ],
            [
                "text",
                "text",
                "pct",
                "text",
                "int",
                "dec",
                "int",
                "int",
                "text",
                "price",
                "pct",
                "int",
            ],
        )
        book.won_row = won_rows[0]
    roles = plan.staffing.roles
    row, role_rows = _input_table(
        book,
        ws,
        row,
        "Roles",
        [
            "Role",
            "Skill level",
            "Basis",
            "Monthly wage",
            "Direct (cost of sales)",
            "Start month",
            "Fixed count",
            "One per",
            "Of",
        ],
        [
            [
                r.name,
                r.skill_level,
                r.basis,
                r.monthly_wage,
                "Direct" if r.is_direct else "Overhead",
                r.start_month,
                r.fixed_count if r.basis == "fixed" else None,
                r.ratio_per if r.basis == "ratio" else None,
                r.ratio_of.replace("_", " ") if r.basis == "ratio" else "",
            ]
            for r in roles
        ],
        ["text", "text", "text", "money", "text", "int", "dec", "dec", "text"],
    )
    book.role_rows = role_rows
    items = plan.resources.items
    row, item_rows = _input_table(
        book,
        ws,
        row,
        "Resources",
        [
            "Item",
            "Category",
            "Basis",
            "Quantity",
            "One-time cost per unit",
            "Useful life (months)",
            "Monthly cost per unit",
            "Bought or leased",
        ],
        [
            [
                i.name,
                _label(RESOURCE_CATEGORY_LABELS, i.category),
                i.basis.replace("_", " "),
                i.quantity,
                i.one_time_cost,
                i.useful_life_months,
                i.monthly_cost,
                i.ownership,
            ]
            for i in items
        ],
        ["text", "text", "text", "dec", "money", "int", "money", "text"],
    )
    book.item_rows = item_rows
    papers = plan.paperwork.items
    row, paper_rows = _input_table(
        book,
        ws,
        row,
        "Paperwork",
        ["Item", "Category", "One-time fee", "Yearly fee", "Lead time (days)", "Status"],
        [
            [
                p.name,
                p.category,
                p.one_time_fee,
                p.yearly_fee,
                p.lead_time_days,
                p.status.replace("_", " "),
            ]
            for p in papers
        ],
        ["text", "text", "money", "money", "int", "text"],
    )
    book.paper_rows = paper_rows
    channels = plan.marketing.channels
    row, channel_rows = _input_table(
        book,
        ws,
        row,
        "Marketing channels",
        [
            "Channel",
            "Monthly budget",
            "Leads per month",
            "Conversion rate",
            "Start month",
            "End month",
        ],
        [
            [
                c.name,
                c.monthly_budget,
                c.leads_per_month,
                c.conversion_rate,
                c.start_month,
                c.end_month if c.end_month is not None else plan.months,
            ]
            for c in channels
        ],
        ["text", "money", "dec", "pct", "int", "int"],
    )
    book.channel_rows = channel_rows
    loans = plan.financing.loans
    row, loan_rows = _input_table(
        book,
        ws,
        row,
        "Loans",
        ["Loan", "Amount", "Yearly rate", "Term (months)", "Start month"],
        [[ln.name, ln.amount, ln.yearly_rate, ln.term_months, ln.start_month] for ln in loans],
        ["text", "money", "pct", "int", "int"],
    )
    book.loan_rows = loan_rows
    equity = plan.financing.equity
    # Always at least one row, so the names below point at a real range.
    eq_rows = [[e.month, e.amount] for e in equity] or [[1, 0.0]]
    row, equity_rows = _input_table(
        book, ws, row, "Equity injections", ["Month", "Amount"], eq_rows, ["int", "money"]
    )
    first, last = equity_rows[0], equity_rows[-1]
    book.wb.define_name("EquityMonth", f"=Assumptions!$A${first}:$A${last}")
    book.wb.define_name("EquityAmount", f"=Assumptions!$B${first}:$B${last}")
    book.names["EquityMonth"] = f"Assumptions!$A${first}:$A${last}"
    book.names["EquityAmount"] = f"Assumptions!$B${first}:$B${last}"
    # Columns as wide as what they hold (the tables share them), within reason.
    for c, width in book.widths.items():
        ws.set_column(c, c, min(width, 45))
    ws.freeze_panes(HEADER + 1, 0)
    book.print_setup(ws)


HEADER = 3


def _widen(book: _Book, col: int, width: float) -> None:
    book.widths[col] = max(book.widths.get(col, 8.0), width)


def _input_table(  # noqa: PLR0917 - one call per table, read top to bottom
    book: _Book,
    ws: Any,
    row: int,
    title: str,
    headers: list[str],
    rows: list[list[Any]],
    kinds: list[str],
) -> tuple[int, list[int]]:
    """A small input table on the Assumptions sheet; returns (next free row, Excel row numbers)."""
    ws.write_string(row, 0, title, book.f_section)
    row += 1
    for c, header in enumerate(headers):
        ws.write_string(row, c, header, book.f_header)
    row += 1
    excel_rows = []
    for c, header in enumerate(headers):
        _widen(book, c, len(header) / 1.6 + 2)
    if not rows:
        ws.write_string(row, 0, "(none in this plan)", book.f_note)
        row += 1
    for values in rows:
        for c, (value, kind) in enumerate(zip(values, kinds, strict=True)):
            if value is None or value == "":
                continue
            if kind == "text":
                book.write_text(ws, row, c, value, input_=True)
                _widen(book, c, len(str(value)) + 3)
            else:
                book.write_number(ws, row, c, value, book.fmt.get(kind, input_=True))
                _widen(book, c, 12)
        excel_rows.append(row + 1)
        row += 1
    return row + 1, excel_rows


# --- helpers for formulas ---------------------------------------------------------------------


def _keys(columns: list[Column]) -> dict[str, str]:
    """Column letters by key, for writing formulas before the table is written."""
    return {c.key: xl_col_to_name(i) for i, c in enumerate(columns)}


def _sumifs(table: Table, key: str, r: int, *criteria: str) -> str:
    """SUMIFS of a detail column over the rows of month A{r} (and more criteria); 0 if empty."""
    if table.n == 0:
        return "0"
    extra = "".join(f",{c}" for c in criteria)
    return f"SUMIFS({table.col(key)},{table.col('month_no')},$A{r}{extra})"


def _write(
    book: _Book,
    name: str,
    title: str,
    note: str,
    cols: list[Column],
    *,
    frozen: int = 3,
    landscape: bool = True,
) -> Table:
    ws = book.sheets[name]
    book.heading(ws, title, note)
    table = book.table(name, cols, frozen_cols=frozen)
    book.print_setup(ws, landscape=landscape)
    return table


# --- Staffing and payroll -------------------------------------------------------------------

FIRST = HEADER + 2
"""Excel row number of the first data row of a table sheet."""


def staffing(book: _Book) -> None:
    df = _by_entity(book.p.staffing)
    book.staffing_df = df
    rows = list(range(FIRST, FIRST + len(df)))
    starts = _first_rows(df, FIRST)
    cols = [
        *_month_cols(book, df),
        Column("role", "Role", df["role"].tolist(), "text", 24),
        Column("direct", "Direct or overhead", _direct(df), "text", 11),
        Column("required", "Required", df["required"].to_numpy(), "dec", 10),
        Column("in_training", "In training", df["in_training"].to_numpy(), "dec", 10),
        Column("hires", "Hires", df["hires"].to_numpy(), "dec", 9),
        Column("leavers", "Leavers", df["leavers"].to_numpy(), "dec", 9),
        Column("headcount", "Headcount (end of month)", df["headcount"].to_numpy(), "dec", 12),
    ]
    L = _keys(cols)
    cols[-1].formulas = [
        f"={L['hires']}{r}-{L['leavers']}{r}"
        if r == s
        else f"={L['headcount']}{r - 1}+{L['hires']}{r}-{L['leavers']}{r}"
        for r, s in zip(rows, starts, strict=True)
    ]
    cols[-1].total = True
    book.tables["staffing"] = _write(
        book,
        "Staffing",
        "Staffing: people by role and month",
        "Required staff, hires and leavers come from the app (Erlang C for queues, throughput for "
        "back office, hiring ahead of training, attrition as an expected value): inputs here. "
        "Headcount = last month's + hires - leavers.",
        cols,
        landscape=False,
    )


def _direct(df: pd.DataFrame) -> list[str]:
    return ["Direct" if bool(d) else "Overhead" for d in df["direct"].to_numpy()]


def payroll(book: _Book) -> None:
    df = _by_entity(book.p.payroll)
    st = book.tables["staffing"]
    sdf = book.staffing_df
    aligned = len(sdf) == len(df) and bool(
        (sdf["entity"].to_numpy() == df["entity"].to_numpy()).all()
        and (sdf["month_no"].to_numpy() == df["month_no"].to_numpy()).all()
    )
    rows = list(range(FIRST, FIRST + len(df)))
    roles = book.plan.staffing.roles
    raise_factor = (1 + book.plan.staffing.yearly_raise) ** ((df["month_no"].to_numpy() - 1) // 12)
    base = np.array([roles[e].monthly_wage for e in df["entity"]], dtype=float)
    cols = [
        *_month_cols(book, df),
        Column("role", "Role", df["role"].tolist(), "text", 24),
        Column("direct", "Direct or overhead", _direct(df), "text", 11),
        Column("headcount", "Headcount", df["headcount"].to_numpy(), "dec", 11),
        Column("wage", "Monthly wage per person", base * raise_factor, "money", 13),
        Column("wage_cost", "Wages", df["wage_cost"].to_numpy(), "money", 13),
        Column("burden_cost", "Employer burden", df["burden_cost"].to_numpy(), "money", 13),
        Column("total_cost", "Total payroll", df["total_cost"].to_numpy(), "money", 13, total=True),
    ]
    L = _keys(cols)
    by_key = {c.key: c for c in cols}
    if aligned:  # the payroll's headcount is the staffing sheet's (same rows)
        by_key["headcount"].formulas = [f"=Staffing!{st.cell('headcount', r)}" for r in rows]
    rr = book.role_rows
    by_key["wage"].formulas = [
        f"=Assumptions!$D${rr[e]}*(1+YearlyRaise)^INT(({L['month_no']}{r}-1)/12)"
        for e, r in zip(df["entity"], rows, strict=True)
    ]
    by_key["wage_cost"].formulas = [f"={L['headcount']}{r}*{L['wage']}{r}" for r in rows]
    by_key["burden_cost"].formulas = [f"={L['wage_cost']}{r}*Burden" for r in rows]
    by_key["total_cost"].formulas = [f"={L['wage_cost']}{r}+{L['burden_cost']}{r}" for r in rows]
    book.tables["payroll"] = _write(
        book,
        "Payroll",
        "Payroll by role and month",
        "Wage per person = the role's monthly wage (Assumptions) x (1 + YearlyRaise)^(plan year"
        " - 1); employer burden = wages x Burden.",
        cols,
    )


# --- Resources ------------------------------------------------------------------------------


def resources(book: _Book) -> None:
    df = _by_entity(book.p.resources)
    items = book.plan.resources.items
    rows = list(range(FIRST, FIRST + len(df)))
    starts = _first_rows(df, FIRST)
    st = book.tables["staffing"]
    seats = book.p.monthly["seats"].to_numpy(dtype=float)
    headcount = book.p.monthly["headcount"].to_numpy(dtype=float)
    months = df["month_no"].to_numpy()
    count = np.empty(len(df))
    bought = np.full(len(df), np.nan)
    for e, item in enumerate(items):
        mask = (df["entity"] == e).to_numpy()
        m = months[mask] - 1
        count[mask] = {
            "per_seat": seats[m],
            "per_employee": headcount[m],
            "per_site": np.full(len(m), float(book.plan.resources.sites)),
            "fixed": np.ones(len(m)),
        }[item.basis]
        if item.ownership == "buy":
            bought[mask] = purchases(count[mask] * item.quantity, item.useful_life_months)
    cols = [
        *_month_cols(book, df),
        Column("item", "Item", df["item"].tolist(), "text", 28),
        Column(
            "category",
            "Category",
            [_label(RESOURCE_CATEGORY_LABELS, c) for c in df["category"]],
            "text",
            13,
        ),
        Column("ownership", "Bought or leased", df["ownership"].tolist(), "text", 9),
        Column("count", "Seats, staff, sites or 1", count, "dec", 11),
        Column("units", "Units", df["units"].to_numpy(), "dec", 9),
        Column("bought", "Units bought", bought, "dec", 9),
        Column("capex", "Capex", df["capex"].to_numpy(), "money", 12),
        Column("depreciation", "Depreciation", df["depreciation"].to_numpy(), "money", 12),
        Column("opex", "Opex", df["opex"].to_numpy(), "money", 12, total=True),
    ]
    L = _keys(cols)
    by_key = {c.key: c for c in cols}
    ir = book.item_rows
    count_f: list[str] = []
    units_f, capex_f, dep_f, opex_f = [], [], [], []
    for e, r, s in zip(df["entity"], rows, starts, strict=True):
        item, a = items[e], ir[e]
        if item.basis == "per_employee" and st.n:
            count_f.append(f"={_sumifs(st, 'headcount', r)}")
        elif item.basis == "per_site":
            count_f.append("=Sites")
        else:
            count_f.append("")  # seats come from the app; a fixed item counts 1
        units_f.append(f"={L['count']}{r}*Assumptions!$D${a}")
        capex_f.append(f'=IF(Assumptions!$H${a}="buy",N({L["bought"]}{r})*Assumptions!$E${a},0)')
        capex = L["capex"]
        dep_f.append(
            f"=SUM(INDEX({capex}${s}:{capex}{r},MAX(1,{L['month_no']}{r}-Assumptions!$F${a}+1))"
            f":{capex}{r})/Assumptions!$F${a}"
        )
        prev = "0" if r == s else f"{L['units']}{r - 1}"
        opex_f.append(
            f'={L["units"]}{r}*Assumptions!$G${a}+IF(Assumptions!$H${a}="lease",'
            f"MAX({L['units']}{r}-{prev},0)*Assumptions!$E${a},0)"
        )
    by_key["count"].formulas = count_f
    by_key["units"].formulas = units_f
    by_key["capex"].formulas = capex_f
    by_key["depreciation"].formulas = dep_f
    by_key["opex"].formulas = opex_f
    book.tables["resources"] = _write(
        book,
        "Resources",
        "Resources: equipment, space, lines and software",
        "Seats and units bought come from the app (inputs); units = count x quantity; capex = "
        "units bought x one-time cost; depreciation: straight line from the month of purchase; "
        "opex = units x monthly cost (+ set-up fee on added leased units).",
        cols,
    )


# --- Paperwork, marketing -------------------------------------------------------------------


def paperwork(book: _Book) -> None:
    df = _by_entity(book.p.paperwork)
    rows = range(FIRST, FIRST + len(df))
    pr = book.paper_rows
    cols = [
        *_month_cols(book, df),
        Column("item", "Item", df["item"].tolist(), "text", 40),
        Column("category", "Category", df["category"].tolist(), "text", 13),
        Column("fee", "Fees paid", df["fee"].to_numpy(), "money", 13, total=True),
    ]
    cols[-1].formulas = [
        f'=IF(Assumptions!$F${pr[e]}="not needed",0,IF(A{r}=1,Assumptions!$C${pr[e]},0)'
        f"+IF(MOD(A{r}-1,12)=0,Assumptions!$D${pr[e]},0))"
        for e, r in zip(df["entity"], rows, strict=True)
    ]
    book.tables["paperwork"] = _write(
        book,
        "Paperwork",
        "Paperwork: registrations, licences, compliance",
        "One-time fee in month 1; yearly fee in months 1, 13, 25...; items marked not needed "
        "cost nothing (fees and status on the Assumptions sheet).",
        cols,
        landscape=False,
    )


def marketing(book: _Book) -> None:
    df = _by_entity(book.p.marketing)
    rows = list(range(FIRST, FIRST + len(df)))
    starts = _first_rows(df, FIRST)
    cols = [
        *_month_cols(book, df),
        Column("channel", "Channel", df["channel"].tolist(), "text", 30),
        Column("spend", "Spend", df["spend"].to_numpy(), "money", 12, total=True),
        Column("leads", "Leads", df["leads"].to_numpy(), "dec", 10),
        Column("clients_won", "Clients won", df["clients_won"].to_numpy(), "int", 10),
    ]
    L = _keys(cols)
    cr = book.channel_rows
    spend_f, leads_f, won_f = [], [], []
    for e, r, s in zip(df["entity"], rows, starts, strict=True):
        a = cr[e]
        on = f"AND(A{r}>=Assumptions!$E${a},A{r}<=Assumptions!$F${a})"
        spend_f.append(f"=IF({on},Assumptions!$B${a},0)")
        leads_f.append(f"=IF({on},Assumptions!$C${a},0)")
        # Whole clients won to month m = floor(expected wins from leads up to m - sales cycle);
        # the 1E-9 ignores floating-point noise just under a whole number, as the app does.
        leads = L["leads"]

        def cum(back: str, leads: str = leads, r: int = r, s: int = s, a: int = a) -> str:
            n = f"A{r}{back}-SalesCycleMonths"
            return (
                f"INT(IF({n}>=1,SUM({leads}${s}:INDEX({leads}${s}:{leads}{r},{n})),0)"
                f"*Assumptions!$D${a}+1E-9)"
            )

        won_f.append(f"={cum('')}-{cum('-1')}")
    cols[3].formulas, cols[4].formulas, cols[5].formulas = spend_f, leads_f, won_f
    book.tables["marketing"] = _write(
        book,
        "Marketing",
        "Marketing: spend, leads and clients won",
        "Spend and leads run from the channel's start to its end month; clients won = whole "
        "expected wins from leads one sales cycle earlier. Revenue from wins: Revenue sheet.",
        cols,
        landscape=False,
    )


# --- Revenue --------------------------------------------------------------------------------


def revenue(book: _Book) -> None:
    df = _by_entity(book.p.revenue)
    plan = book.plan
    clients = plan.business_plan.clients
    won = plan.marketing.won_client
    months = df["month_no"].to_numpy()
    # Contract month (1 in the first month) where the contract is active; blank otherwise.
    won_total = book.p.marketing.groupby("month_no")["clients_won"].sum()
    cohort_starts = [int(m) for m, v in won_total.items() if v > 0.5]
    contract_month = np.full(len(df), np.nan)
    contracts: list[Any] = []
    contract: Any
    for e in range(int(df["entity"].max()) + 1 if len(df) else 0):
        if e < len(clients):
            contract, start = clients[e], clients[e].start_month
        else:
            contract, start = won, cohort_starts[e - len(clients)]
        contracts.append(contract)
        mask = (df["entity"] == e).to_numpy()
        k = months[mask] - start + 1
        term = contract.term_months if contract.term_months is not None else plan.months
        contract_month[mask] = np.where((k >= 1) & (k <= term), k, np.nan)
    # Months before a contract starts or after it ends bill nothing: leave those rows out (a plan
    # with many marketing wins would otherwise carry thousands of empty rows).
    keep = (
        ~np.isnan(contract_month)
        | (df[["volume", "billed_units", "revenue"]].abs().sum(axis=1) > 0).to_numpy()
    )
    df = df[keep].reset_index(drop=True)
    contract_month = contract_month[keep]
    rows = list(range(FIRST, FIRST + len(df)))
    payment_days = np.array([contracts[e].payment_days for e in df["entity"]], dtype=float)
    cols = [
        *_month_cols(book, df),
        Column("client", "Client", df["client"].tolist(), "text", 30),
        Column("service_line", "Service line", df["service_line"].tolist(), "text", 18),
        Column("volume", "Volume", df["volume"].to_numpy(), "dec", 10),
        Column("billed_units", "Billed units", df["billed_units"].to_numpy(), "dec", 10),
        Column("contract_month", "Contract month", contract_month, "int", 9),
        Column("unit_price", "Unit price", df["unit_price"].to_numpy(), "price", 11),
        Column("revenue", "Revenue", df["revenue"].to_numpy(), "money", 12, total=True),
        Column("payment_days", "Payment days", payment_days, "int", 9),
    ]
    L = _keys(cols)
    by_key = {c.key: c for c in cols}
    price_f, days_f = [], []
    for e, r in zip(df["entity"], rows, strict=True):
        a = book.client_rows[e] if e < len(clients) else book.won_row
        k = f"{L['contract_month']}{r}"
        price_f.append(f"=IF(N({k})>0,Assumptions!$J${a}*(1+Assumptions!$K${a})^INT(({k}-1)/12),0)")
        days_f.append(f"=Assumptions!$L${a}")
    by_key["unit_price"].formulas = price_f
    by_key["revenue"].formulas = [f"={L['billed_units']}{r}*{L['unit_price']}{r}" for r in rows]
    by_key["payment_days"].formulas = days_f
    book.tables["revenue"] = _write(
        book,
        "Revenue",
        "Revenue by client and month",
        "Volume and billed units (FTE, hours, items or 1 for a retainer) come from the app: "
        "inputs. Unit price = price x (1 + yearly escalation)^(contract year - 1); revenue = "
        "billed units x unit price. Clients pay after their payment days, counted in 30-day "
        "months (45 days: half a month later, half two months later). Months outside a contract "
        "are left out.",
        cols,
    )


# --- Loans ----------------------------------------------------------------------------------


def loans(book: _Book) -> None:
    plan = book.plan
    months = plan.months
    t = np.arange(1, months + 1)
    parts = []
    for i, loan in enumerate(plan.financing.loans):
        rate = loan.yearly_rate / 12.0
        n = loan.term_months
        payment_amount = (
            loan.amount / n if rate == 0 else loan.amount * rate / (1 - (1 + rate) ** -n)
        )
        opening = np.zeros(months)
        draw = np.where(t == loan.start_month, loan.amount, 0.0)
        period = t - loan.start_month
        paying = (period >= 1) & (period <= n)
        pay = np.where(paying, payment_amount, 0.0)
        interest = np.zeros(months)
        principal = np.zeros(months)
        closing = np.zeros(months)
        balance = 0.0
        for m in range(months):
            opening[m] = balance
            if paying[m]:
                interest[m] = balance * rate
                principal[m] = balance if period[m] == n else pay[m] - interest[m]
            balance = balance + draw[m] - principal[m]
            closing[m] = balance
        parts.append(
            pd.DataFrame(
                {
                    "month_no": t,
                    "loan": loan.name,
                    "entity": i,
                    "opening": opening,
                    "drawdown": draw,
                    "payment": pay,
                    "interest": interest,
                    "principal": principal,
                    "closing": closing,
                }
            )
        )
    df = (
        pd.concat(parts, ignore_index=True)
        if parts
        else pd.DataFrame(
            columns=[
                "month_no",
                "loan",
                "entity",
                "opening",
                "drawdown",
                "payment",
                "interest",
                "principal",
                "closing",
            ]
        )
    )
    rows = list(range(FIRST, FIRST + len(df)))
    starts = _first_rows(df, FIRST) if len(df) else np.zeros(0, dtype=int)
    cols = [
        *_month_cols(book, df),
        Column("loan", "Loan", df["loan"].tolist(), "text", 22),
        Column("opening", "Balance at start", df["opening"].to_numpy(), "money", 13),
        Column("drawdown", "Drawdown", df["drawdown"].to_numpy(), "money", 13),
        Column("payment", "Payment", df["payment"].to_numpy(), "money", 12),
        Column("interest", "Interest", df["interest"].to_numpy(), "money", 12),
        Column("principal", "Principal repaid", df["principal"].to_numpy(), "money", 12),
        Column("closing", "Balance at end", df["closing"].to_numpy(), "money", 13, total=True),
    ]
    L = _keys(cols)
    by_key = {c.key: c for c in cols}
    lr = book.loan_rows
    f: dict[str, list[str]] = {
        k: [] for k in ("opening", "drawdown", "payment", "interest", "principal", "closing")
    }
    for e, r, s in zip(df["entity"], rows, starts, strict=True):
        a = lr[int(e)]
        amount_, rate_, term_, start_ = (f"Assumptions!${c}${a}" for c in "BCDE")
        months_in = f"({L['month_no']}{r}-{start_})"
        f["opening"].append("=0" if r == s else f"={L['closing']}{r - 1}")
        f["drawdown"].append(f"=IF({L['month_no']}{r}={start_},{amount_},0)")
        f["payment"].append(
            f"=IF(AND({months_in}>=1,{months_in}<={term_}),PMT({rate_}/12,{term_},-{amount_}),0)"
        )
        f["interest"].append(f"=IF({L['payment']}{r}>0,{L['opening']}{r}*{rate_}/12,0)")
        f["principal"].append(
            f"=IF({L['payment']}{r}>0,IF({months_in}={term_},{L['opening']}{r},"
            f"{L['payment']}{r}-{L['interest']}{r}),0)"
        )
        f["closing"].append(f"={L['opening']}{r}+{L['drawdown']}{r}-{L['principal']}{r}")
    for key, formulas_ in f.items():
        by_key[key].formulas = formulas_
    book.tables["loans"] = _write(
        book,
        "Loans",
        "Loans: drawdowns, interest and repayments",
        "Money arrives in the start month; from the month after, equal monthly payments (PMT); "
        "interest = balance x yearly rate / 12; the last payment clears the balance.",
        cols,
        landscape=False,
    )


# --- the three statements -------------------------------------------------------------------

PNL_LINES: tuple[tuple[str, str], ...] = (
    ("revenue", "Revenue"),
    ("direct_labour", "Direct labour"),
    ("gross_profit", "Gross profit"),
    ("indirect_labour", "Indirect labour"),
    ("recruiting_training", "Recruiting"),
    ("resources_opex", "Resources opex"),
    ("paperwork", "Paperwork"),
    ("marketing", "Marketing"),
    ("operating_expenses", "Operating expenses"),
    ("ebitda", "EBITDA"),
    ("depreciation", "Depreciation"),
    ("ebit", "EBIT"),
    ("interest", "Interest"),
    ("profit_before_tax", "Profit before tax"),
    ("tax", "Tax"),
    ("net_income", "Net income"),
    ("total_costs", "Total costs"),
    ("headcount", "Headcount"),
    ("seats", "Seats"),
    ("clients", "Clients (expected)"),
)
CASH_LINES: tuple[tuple[str, str], ...] = (
    ("opening_cash", "Opening cash"),
    ("cash_from_clients", "Cash from clients"),
    ("cash_paid_operations", "Paid for operations"),
    ("tax_paid", "Tax paid"),
    ("operating_cash_flow", "Operating cash flow"),
    ("capex", "Capex"),
    ("loan_drawdowns", "Loan drawdowns"),
    ("loan_repayments", "Loan repayments"),
    ("equity_injections", "Equity injections"),
    ("net_cash_flow", "Net cash flow"),
    ("closing_cash", "Closing cash"),
)
BALANCE_LINES: tuple[tuple[str, str], ...] = (
    ("closing_cash", "Cash"),
    ("receivables", "Receivables"),
    ("net_fixed_assets", "Net fixed assets"),
    ("total_assets", "Total assets"),
    ("loans_outstanding", "Loans outstanding"),
    ("paid_in_capital", "Paid-in capital"),
    ("retained_earnings", "Retained earnings"),
    ("total_liabilities_and_equity", "Total liabilities and equity"),
)
STATEMENTS: dict[str, tuple[tuple[str, str], ...]] = {
    "P&L": PNL_LINES,
    "Cash flow": CASH_LINES,
    "Balance sheet": BALANCE_LINES,
}
"""Sheet -> (engine column of `Projection.monthly`, header on the sheet): what a test compares."""

_TOTALS = {
    "gross_profit",
    "operating_expenses",
    "ebitda",
    "ebit",
    "profit_before_tax",
    "net_income",
    "operating_cash_flow",
    "net_cash_flow",
    "closing_cash",
    "total_assets",
    "total_liabilities_and_equity",
}
_KINDS = {"headcount": "dec", "seats": "int", "clients": "dec"}


def _statement_columns(book: _Book, lines: tuple[tuple[str, str], ...]) -> list[Column]:
    m = book.p.monthly
    cols = [
        Column("month_no", "Month no", m["month_no"].to_numpy(), "int", 7),
        Column("month", "Month", book.month_dates, "month", 10),
    ]
    for key, header in lines:
        cols.append(
            Column(
                key,
                header,
                m[key].to_numpy(dtype=float),
                _KINDS.get(key, "money"),
                12,
                total=key in _TOTALS,
            )
        )
    return cols


def _set(cols: list[Column], key: str, formulas_: list[str]) -> None:
    for c in cols:
        if c.key == key:
            c.formulas = formulas_
            return
    raise KeyError(key)


def profit_and_loss(book: _Book) -> None:
    T = book.tables
    m = book.p.monthly
    rows = list(range(FIRST, FIRST + book.n_months))
    cols = _statement_columns(book, PNL_LINES)
    pbt = m["profit_before_tax"].to_numpy(dtype=float)
    taxed = np.maximum.accumulate(np.maximum(np.cumsum(pbt), 0.0))
    # A helper column before tax: taxable profit to date (losses carried forward).
    at = [c.key for c in cols].index("tax")
    cols.insert(at, Column("taxable_to_date", "Taxable profit to date", taxed, "money", 12))
    cols.insert(2, Column("year", "Plan year", (m["month_no"].to_numpy() - 1) // 12 + 1, "int", 6))
    L = _keys(cols)

    def f(make: Any) -> list[str]:
        return [make(r) for r in rows]

    def ref(key: str, r: int) -> str:
        return f"{L[key]}{r}"

    _set(cols, "year", f(lambda r: f"=INT((A{r}-1)/12)+1"))
    _set(cols, "revenue", f(lambda r: f"={_sumifs(T['revenue'], 'revenue', r)}"))
    pay = T["payroll"]
    for key, kind in (("direct_labour", '"Direct"'), ("indirect_labour", '"Overhead"')):
        _set(
            cols,
            key,
            f(lambda r, kind=kind: f"={_sumifs(pay, 'total_cost', r, pay.col('direct'), kind)}"),
        )
    _set(cols, "gross_profit", f(lambda r: f"={ref('revenue', r)}-{ref('direct_labour', r)}"))
    st = T["staffing"]
    if st.n:
        hires, months_col = st.col("hires"), st.col("month_no")
        # Past the horizon the app keeps the last month's headcount, so the hires recruited for
        # those months are replacements for attrition: last headcount x YearlyAttrition / 12.
        last_headcount = f"${L['headcount']}${FIRST + book.n_months - 1}"
        after = f"{last_headcount}*YearlyAttrition/12"

        def recruiting(r: int) -> str:
            if r == FIRST:
                within = f'SUMIFS({hires},{months_col},"<="&(1+HiringLeadMonths))'
                beyond = "MAX(0,1+HiringLeadMonths-HorizonMonths)"
            else:
                within = f"SUMIFS({hires},{months_col},$A{r}+HiringLeadMonths)"
                beyond = f"IF($A{r}+HiringLeadMonths>HorizonMonths,1,0)"
            return f"=RecruitingCostPerHire*({within}+{beyond}*{after})"

        _set(cols, "recruiting_training", f(recruiting))
    else:
        _set(cols, "recruiting_training", f(lambda r: "=0"))
    _set(cols, "resources_opex", f(lambda r: f"={_sumifs(T['resources'], 'opex', r)}"))
    _set(cols, "paperwork", f(lambda r: f"={_sumifs(T['paperwork'], 'fee', r)}"))
    _set(cols, "marketing", f(lambda r: f"={_sumifs(T['marketing'], 'spend', r)}"))
    _set(
        cols,
        "operating_expenses",
        f(lambda r: f"=SUM({ref('indirect_labour', r)}:{ref('marketing', r)})"),
    )
    _set(cols, "ebitda", f(lambda r: f"={ref('gross_profit', r)}-{ref('operating_expenses', r)}"))
    _set(cols, "depreciation", f(lambda r: f"={_sumifs(T['resources'], 'depreciation', r)}"))
    _set(cols, "ebit", f(lambda r: f"={ref('ebitda', r)}-{ref('depreciation', r)}"))
    _set(cols, "interest", f(lambda r: f"={_sumifs(T['loans'], 'interest', r)}"))
    _set(cols, "profit_before_tax", f(lambda r: f"={ref('ebit', r)}-{ref('interest', r)}"))
    pbt_col = L["profit_before_tax"]
    _set(
        cols,
        "taxable_to_date",
        f(
            lambda r: (
                f"=MAX(0,{pbt_col}{r})"
                if r == FIRST
                else f"=MAX({ref('taxable_to_date', r - 1)},SUM({pbt_col}${FIRST}:{pbt_col}{r}))"
            )
        ),
    )
    _set(
        cols,
        "tax",
        f(
            lambda r: (
                f"=TaxRate*{ref('taxable_to_date', r)}"
                if r == FIRST
                else f"=TaxRate*({ref('taxable_to_date', r)}-{ref('taxable_to_date', r - 1)})"
            )
        ),
    )
    _set(cols, "net_income", f(lambda r: f"={ref('profit_before_tax', r)}-{ref('tax', r)}"))
    _set(
        cols,
        "total_costs",
        f(
            lambda r: (
                f"={ref('direct_labour', r)}+{ref('operating_expenses', r)}"
                f"+{ref('depreciation', r)}+{ref('interest', r)}"
            )
        ),
    )
    _set(cols, "headcount", f(lambda r: f"={_sumifs(st, 'headcount', r)}"))
    book.tables["pnl"] = _write(
        book,
        "P&L",
        "Profit and loss, by month",
        "Every line is a formula over the detail sheets. Tax = TaxRate x the rise in taxable "
        "profit to date (losses carried forward). Seats and expected clients come from the app.",
        cols,
        frozen=3,
    )


def cash_flow(book: _Book) -> None:
    T = book.tables
    pnl = T["pnl"]
    rows = list(range(FIRST, FIRST + book.n_months))
    cols = _statement_columns(book, CASH_LINES)
    L = _keys(cols)

    def f(make: Any) -> list[str]:
        return [make(r) for r in rows]

    def ref(key: str, r: int) -> str:
        return f"{L[key]}{r}"

    rev = T["revenue"]
    if rev.n:
        month, days, amount = (rev.col(k) for k in ("month_no", "payment_days", "revenue"))
        # An invoice is paid after d = days / 30 months: the share 1 - frac(d) INT(d) months
        # later, frac(d) one month after that.
        lag, late = f"INT({days}/30)", f"({days}/30-INT({days}/30))"
        _set(
            cols,
            "cash_from_clients",
            f(
                lambda r: (
                    f"=SUMPRODUCT(({month}+{lag}=$A{r})*{amount}*(1-{late}))"
                    f"+SUMPRODUCT(({month}+{lag}+1=$A{r})*{amount}*{late})"
                )
            ),
        )
    else:
        _set(cols, "cash_from_clients", f(lambda r: "=0"))
    _set(
        cols,
        "opening_cash",
        f(lambda r: "=OpeningCash" if r == FIRST else f"={ref('closing_cash', r - 1)}"),
    )
    _set(
        cols,
        "cash_paid_operations",
        f(
            lambda r: (
                f"={pnl.xcell('direct_labour', r)}+{pnl.xcell('operating_expenses', r)}"
                f"+{pnl.xcell('interest', r)}"
            )
        ),
    )
    _set(cols, "tax_paid", f(lambda r: f"={pnl.xcell('tax', r)}"))
    _set(
        cols,
        "operating_cash_flow",
        f(
            lambda r: (
                f"={ref('cash_from_clients', r)}-{ref('cash_paid_operations', r)}"
                f"-{ref('tax_paid', r)}"
            )
        ),
    )
    _set(cols, "capex", f(lambda r: f"={_sumifs(T['resources'], 'capex', r)}"))
    _set(cols, "loan_drawdowns", f(lambda r: f"={_sumifs(T['loans'], 'drawdown', r)}"))
    _set(cols, "loan_repayments", f(lambda r: f"={_sumifs(T['loans'], 'principal', r)}"))
    _set(cols, "equity_injections", f(lambda r: f"=SUMIFS(EquityAmount,EquityMonth,$A{r})"))
    _set(
        cols,
        "net_cash_flow",
        f(
            lambda r: (
                f"={ref('operating_cash_flow', r)}-{ref('capex', r)}"
                f"+{ref('loan_drawdowns', r)}-{ref('loan_repayments', r)}"
                f"+{ref('equity_injections', r)}"
            )
        ),
    )
    _set(cols, "closing_cash", f(lambda r: f"={ref('opening_cash', r)}+{ref('net_cash_flow', r)}"))
    book.tables["cash"] = _write(
        book,
        "Cash flow",
        "Cash flow, by month",
        "Costs are paid the month they arise (capex the month of purchase); clients pay after "
        "their payment days (Revenue sheet); loan principal is in loan repayments.",
        cols,
        frozen=3,
    )


def balance_sheet(book: _Book) -> None:
    T = book.tables
    pnl, cash = T["pnl"], T["cash"]
    m = book.p.monthly
    rows = list(range(FIRST, FIRST + book.n_months))
    cols = _statement_columns(book, BALANCE_LINES)
    diff = (m["total_assets"] - m["total_liabilities_and_equity"]).to_numpy(dtype=float)
    # Rounded to the cent: float noise would otherwise show as "-0.00" in a column meant to be 0.
    diff = np.round(diff, 2) + 0.0
    cols.append(Column("check", "Check (0 = balances)", diff, "price", 14))
    L = _keys(cols)

    def f(make: Any) -> list[str]:
        return [make(r) for r in rows]

    def ref(key: str, r: int) -> str:
        return f"{L[key]}{r}"

    def prev(key: str, r: int) -> str:
        return "0" if r == FIRST else ref(key, r - 1)

    _set(cols, "closing_cash", f(lambda r: f"={cash.xcell('closing_cash', r)}"))
    _set(
        cols,
        "receivables",
        f(
            lambda r: (
                f"={prev('receivables', r)}+{pnl.xcell('revenue', r)}"
                f"-{cash.xcell('cash_from_clients', r)}"
            )
        ),
    )
    _set(
        cols,
        "net_fixed_assets",
        f(
            lambda r: (
                f"={prev('net_fixed_assets', r)}+{cash.xcell('capex', r)}"
                f"-{pnl.xcell('depreciation', r)}"
            )
        ),
    )
    _set(
        cols,
        "total_assets",
        f(
            lambda r: (
                f"={ref('closing_cash', r)}+{ref('receivables', r)}+{ref('net_fixed_assets', r)}"
            )
        ),
    )
    _set(cols, "loans_outstanding", f(lambda r: f"={_sumifs(T['loans'], 'closing', r)}"))
    _set(
        cols,
        "paid_in_capital",
        f(lambda r: f'=OpeningCash+SUMIFS(EquityAmount,EquityMonth,"<="&$A{r})'),
    )
    _set(
        cols,
        "retained_earnings",
        f(lambda r: f"={prev('retained_earnings', r)}+{pnl.xcell('net_income', r)}"),
    )
    _set(
        cols,
        "total_liabilities_and_equity",
        f(
            lambda r: (
                f"={ref('loans_outstanding', r)}+{ref('paid_in_capital', r)}"
                f"+{ref('retained_earnings', r)}"
            )
        ),
    )
    _set(
        cols,
        "check",
        f(
            lambda r: (
                f"=ROUND({ref('total_assets', r)}-{ref('total_liabilities_and_equity', r)},2)+0"
            )
        ),
    )
    book.tables["balance"] = _write(
        book,
        "Balance sheet",
        "Balance sheet, end of each month",
        "Assets = cash + receivables + net fixed assets; liabilities and equity = loans + paid-in "
        "capital + retained earnings. The check column is zero every month.",
        cols,
        frozen=3,
    )


# --- Sources --------------------------------------------------------------------------------


def _lookup(data: Any, path: str) -> Any:
    for part in path.split("."):
        if isinstance(data, dict) and part in data:
            data = data[part]
        elif isinstance(data, list) and part.isdigit() and int(part) < len(data):
            data = data[int(part)]
        else:
            return None
    return data


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.4g}" if abs(value) < 1 else f"{value:,.2f}".rstrip("0").rstrip(".")
    if isinstance(value, (dict, list)):
        return f"({len(value)} entries)"
    return str(value)


# Inputs that are shares of something (shown as percentages): the last part of a source's path.
_SHARES = re.compile(
    r"(rate|shrinkage|burden|attrition|raise|occupancy|service_level|probability|escalation|"
    r"share|abandon|conversion)"
)


_FIELD_WORDS = {
    "ratio_per": "one per this many",
    "max_occupancy": "maximum occupancy",
    "monthly_wage": "monthly wage",
}


def source_label(data: Any, path: str) -> str:
    """A source's path in words: "staffing.roles.0.monthly_wage" -> "Staffing: <role>, monthly
    wage" (list entries by their name, no field ids)."""
    parts = path.split(".")
    words: list[str] = []
    node = data
    for i, part in enumerate(parts):
        nxt = parts[i + 1] if i + 1 < len(parts) else ""
        if isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
            name = node.get("name") if isinstance(node, dict) else None
            words.append(plain_text(name).text if name else f"entry {int(part) + 1}")
            continue
        node = node.get(part) if isinstance(node, dict) else None
        if nxt.isdigit() and isinstance(node, list):
            continue  # the list's entry names itself
        words.append(_FIELD_WORDS.get(part, part.replace("_", " ")))
    if not words:
        return path
    head, *rest = words
    return f"{head[:1].upper()}{head[1:]}: {', '.join(rest)}" if rest else head.capitalize()


def sources(book: _Book) -> None:
    ws = book.sheets["Sources"]
    book.heading(
        ws,
        "Where the defaults came from",
        "Every figure is an editable assumption; this sheet names the public source a default "
        "was taken from.",
    )
    data = plan_to_dict(book.plan)
    items = sorted(book.plan.sources.items())
    widths = (("Input", 46), ("Value in this plan", 16), ("Source", 100))
    for c, (title, width) in enumerate(widths):
        ws.write_string(HEADER, c, title, book.f_header)
        ws.set_column(c, c, width)
    wrap = book.wb.add_format({"text_wrap": True, "valign": "top", "font_size": 10})
    label_wrap = book.wb.add_format({"text_wrap": True, "valign": "top", "font_size": 10})
    if not items:
        ws.write_string(HEADER + 1, 0, "(this plan names no sources)", book.f_note)
    for i, (path, source) in enumerate(items):
        row = HEADER + 1 + i
        label = source_label(data, path)
        book.write_text(ws, row, 0, label, fmt=label_wrap)
        value = _lookup(data, path)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            share = _SHARES.search(path.rsplit(".", 1)[-1]) and abs(value) <= 1
            kind = "pct" if share else ("int" if float(value).is_integer() else "price")
            fmt = book.wb.add_format(
                {"num_format": NUMBER_FORMATS[kind], "valign": "top", "font_size": 10}
            )
            ws.write_number(row, 1, float(value), fmt)
        else:
            book.write_text(ws, row, 1, _shown(value))
        book.write_text(ws, row, 2, source, fmt=wrap)
        # LibreOffice and Excel do not grow a row for wrapped text written by a program: size it.
        lines = max(
            math.ceil(len(plain_text(source).text) / (widths[2][1] * 1.3)),
            math.ceil(len(label) / (widths[0][1] * 1.3)),
            1,
        )
        ws.set_row(row, 14 * lines)
    ws.freeze_panes(HEADER + 1, 0)
    ws.repeat_rows(HEADER)
    book.print_setup(ws)


# --- Summary --------------------------------------------------------------------------------

YEARLY_LINES: tuple[tuple[str, str, str, str], ...] = (
    # (label, statement table, column, "sum" over the year or "end" of the year)
    ("Revenue", "pnl", "revenue", "sum"),
    ("Direct labour", "pnl", "direct_labour", "sum"),
    ("Gross profit", "pnl", "gross_profit", "sum"),
    ("Operating expenses", "pnl", "operating_expenses", "sum"),
    ("EBITDA", "pnl", "ebitda", "sum"),
    ("Depreciation", "pnl", "depreciation", "sum"),
    ("Interest", "pnl", "interest", "sum"),
    ("Tax", "pnl", "tax", "sum"),
    ("Net income", "pnl", "net_income", "sum"),
    ("Capex", "cash", "capex", "sum"),
    ("Cash at year end", "cash", "closing_cash", "end"),
    ("Headcount at year end", "pnl", "headcount", "end"),
)


def summary(book: _Book) -> None:
    ws = book.sheets["Summary"]
    plan, k, m = book.plan, book.p.kpis, book.p.monthly
    T = book.tables
    pnl, cash = T["pnl"], T["cash"]
    book.line(ws, 0, plan.settings.name, title=True)
    ws.write_string(
        1,
        0,
        f"BPO launch plan  |  {plain_text(plan.settings.location).text}  |  "
        f"{plan.settings.horizon_months} months from {book.months[0]}  |  money in {book.currency}",
        book.f_subtitle,
    )
    ws.write_string(
        2,
        0,
        "A live model: change the blue inputs on the Assumptions and detail sheets and every "
        "figure here follows. Figures marked 'from the app' are computed by BPO Launch Planner.",
        book.f_note,
    )
    years = math.ceil(book.n_months / 12)
    ws.set_column(0, 0, 30)
    ws.set_column(1, max(years, 3), 17)

    def col(table: Table, key: str) -> str:
        return table.col(key)

    rev, costs, net = col(pnl, "revenue"), col(pnl, "total_costs"), col(pnl, "net_income")
    closing = col(cash, "closing_cash")
    note = book.wb.add_format(
        {"italic": True, "font_size": 9, "font_color": "#595959", "indent": 1}
    )
    money, pct = book.fmt.get("money"), book.fmt.get("pct")
    label_fmt = book.wb.add_format({"font_size": 10})
    row = 4
    ws.write_string(row, 0, "Key figures", book.f_section)
    ws.write_string(row, 1, book.currency, book.f_section)
    row += 1
    runway = "never runs out" if k.runway_months is None else f"{k.runway_months} months"
    kpis: list[tuple[str, str | None, Any, Any, str]] = [
        ("Total revenue", f"=SUM({rev})", k.total_revenue, money, "over the plan"),
        ("Total costs", f"=SUM({costs})", k.total_costs, money, "including depreciation, interest"),
        ("Total net income", f"=SUM({net})", k.total_net_income, money, "after tax"),
        (
            "Gross margin",
            f"=IF(SUM({rev})>0,SUM({col(pnl, 'gross_profit')})/SUM({rev}),0)",
            k.gross_margin_pct / 100.0,
            pct,
            "gross profit / revenue",
        ),
        ("Capex", f"=SUM({col(cash, 'capex')})", k.capex_total, money, "equipment bought"),
        (
            "Cash at the end",
            f"={cash.xcell('closing_cash', cash.last)}",
            k.ending_cash,
            money,
            book.months[-1],
        ),
        (
            "Lowest cash",
            f"=MIN({closing})",
            k.lowest_cash,
            money,
            f"in {k.lowest_cash_month} (from the app)",
        ),
        (
            "Funding needed",
            f"=MAX(0,MinimumCash-MIN({closing}))",
            k.funding_needed,
            money,
            "extra opening cash to stay above the minimum cash buffer",
        ),
        (
            "Break-even month",
            None,
            k.break_even_month or "not within the plan",
            None,
            "first month from which net income stays >= 0 (from the app)",
        ),
        ("Cash runway", None, runway, None, "until cash first falls below zero (from the app)"),
        (
            "Peak headcount",
            f"=ROUNDUP(MAX({col(pnl, 'headcount')})-1E-9,0)",
            k.peak_headcount,
            book.fmt.get("int"),
            "people on the payroll",
        ),
        (
            "Peak seats",
            f"=MAX({col(pnl, 'seats')})",
            k.peak_seats,
            book.fmt.get("int"),
            "desks in use at the busiest time",
        ),
        (
            "Cost per seat-month",
            f"=IF(SUM({col(pnl, 'seats')})>0,(SUM({col(pnl, 'resources_opex')})"
            f"+SUM({col(pnl, 'depreciation')}))/SUM({col(pnl, 'seats')}),0)",
            k.cost_per_seat_month,
            book.fmt.get("price"),
            "resources opex + depreciation per seat",
        ),
        (
            "Cost per productive hour",
            None,
            k.cost_per_productive_hour,
            book.fmt.get("price"),
            "all costs / hours delivered by direct staff (from the app)",
        ),
        (
            "Price per productive hour",
            None,
            k.price_per_productive_hour,
            book.fmt.get("price"),
            "revenue / those hours (from the app)",
        ),
    ]
    for label, formula, value, fmt, explain in kpis:
        ws.write_string(row, 0, label, label_fmt)
        if formula is not None:
            ws.write_formula(row, 1, formula, fmt, float(value))
        elif isinstance(value, str):
            book.write_text(
                ws,
                row,
                1,
                value,
                input_=True,
                fmt=book.wb.add_format({"font_color": BLUE, "align": "right", "font_size": 10}),
            )
        else:
            ws.write_number(row, 1, float(value), book.fmt.get("price", input_=True))
        ws.write_string(row, 2, explain, note)
        row += 1

    # Year by year: sums over each plan year and year-end positions.
    row += 1
    ws.write_string(row, 0, "Year by year", book.f_section)
    row += 1
    header = row
    ws.set_row(header, 40)
    ws.write_string(header, 0, book.currency, book.f_header)
    bounds = []
    for y in range(years):
        first_m, last_m = 12 * y + 1, min(12 * y + 12, book.n_months)
        bounds.append((first_m, last_m))
        ws.write_string(
            header,
            1 + y,
            f"Year {y + 1}\n{book.months[first_m - 1]} to\n{book.months[last_m - 1]}",
            book.f_header,
        )
    month_no = m["month_no"].to_numpy()
    for i, (label, table_key, key, how) in enumerate(YEARLY_LINES):
        r0 = header + 1 + i
        table = T[table_key]
        bold = key in {"gross_profit", "ebitda", "net_income"}
        fmt = book.fmt.get("int" if key == "headcount" else "money", bold=bold)
        ws.write_string(r0, 0, label, book.fmt.get("text", bold=bold) if bold else label_fmt)
        series = m[key].to_numpy(dtype=float)
        months_col = table.col("month_no")
        for y, (a, b) in enumerate(bounds):
            if how == "sum":
                formula = f'=SUMIFS({table.col(key)},{months_col},">={a}",{months_col},"<={b}")'
                value = float(series[(month_no >= a) & (month_no <= b)].sum())
            else:
                formula = f"={table.xcell(key, table.first + b - 1)}"
                value = float(series[b - 1])
            ws.write_formula(r0, 1 + y, formula, fmt, value)

    # Charts: native Excel charts over the statement sheets.
    row = header + len(YEARLY_LINES) + 3
    ws.write_string(row - 1, 0, "Charts", book.f_section)
    months_ref = ["P&L", pnl.first - 1, 1, pnl.last - 1, 1]

    def chart_range(table: Table, key: str) -> list[Any]:
        c = list(table.letters).index(key)
        return [table.sheet, table.first - 1, c, table.last - 1, c]

    def line_chart(title: str, lines: list[tuple[str, Table, str, str]], y_title: str) -> Any:
        chart = book.wb.add_chart({"type": "line"})
        for name, table, key, colour in lines:
            chart.add_series(
                {
                    "name": name,
                    "categories": months_ref,
                    "values": chart_range(table, key),
                    "line": {"color": colour, "width": 2},
                }
            )
        chart.set_title({"name": title, "name_font": {"size": 11}})
        chart.set_x_axis(
            {
                "date_axis": True,
                "num_format": "mmm yy",
                "major_unit": 6 if book.n_months <= 48 else 12,
                "major_unit_type": "months",
                "num_font": {"size": 8, "rotation": -45},
            }
        )
        chart.set_y_axis(
            {
                "name": y_title,
                "num_format": "#,##0",
                "num_font": {"size": 8},
                "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}},
            }
        )
        chart.set_legend({"position": "bottom"})
        chart.set_size({"width": 520, "height": 300})
        return chart

    charts = [
        line_chart(
            "Revenue and costs by month",
            [
                ("Revenue", pnl, "revenue", "#2DA44E"),
                ("Total costs", pnl, "total_costs", "#CF222E"),
            ],
            book.currency,
        ),
        line_chart(
            "Cash at the end of each month",
            [("Closing cash", cash, "closing_cash", "#1F6FEB")],
            book.currency,
        ),
        line_chart(
            "People and seats",
            [("Headcount", pnl, "headcount", "#8250DF"), ("Seats", pnl, "seats", "#E8710A")],
            "people",
        ),
    ]
    yearly = book.wb.add_chart({"type": "column"})
    for colour, line in (("#2DA44E", 0), ("#1F6FEB", 8)):  # revenue, net income
        yearly.add_series(
            {
                "name": ["Summary", header + 1 + line, 0],
                "categories": ["Summary", header, 1, header, years],
                "values": ["Summary", header + 1 + line, 1, header + 1 + line, years],
                "fill": {"color": colour},
            }
        )
    yearly.set_title({"name": "Revenue and net income by year", "name_font": {"size": 11}})
    yearly.set_y_axis(
        {
            "num_format": "#,##0",
            "num_font": {"size": 8},
            "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}},
        }
    )
    yearly.set_x_axis({"num_font": {"size": 8}})
    yearly.set_legend({"position": "bottom"})
    yearly.set_size({"width": 520, "height": 300})
    charts.insert(1, yearly)
    for i, chart in enumerate(charts):
        ws.insert_chart(
            row + (i // 2) * 16,
            0 if i % 2 == 0 else 3,
            chart,
            {"x_offset": 0 if i % 2 == 0 else 30, "y_offset": 4},
        )
    ws.hide_gridlines(2)
    ws.set_portrait()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.set_footer("&L&8BPO Launch Planner&R&8Page &P of &N")
    ws.freeze_panes(0, 0)
