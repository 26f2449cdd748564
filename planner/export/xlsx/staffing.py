"""The Staffing and Payroll sheets: people by role and month, and what they cost.

Headcount rolls forward by formula (last month's + hires - leavers) over the app's required staff,
hires and leavers; the wage per person is the role's wage (Assumptions) raised each plan year.
"""

from __future__ import annotations

import pandas as pd

from planner.export.xlsx.inputs import InputRows, fx_rate
from planner.export.xlsx.layout import FIRST, Column, Table, Writer, by_entity, first_rows, keys


def _direct(df: pd.DataFrame) -> list[str]:
    return ["Direct" if bool(d) else "Overhead" for d in df["direct"].to_numpy()]


def staffing(w: Writer) -> Table:
    """The Staffing sheet; returns where its table sits."""
    df = by_entity(w.p.staffing)
    rows = list(range(FIRST, FIRST + len(df)))
    starts = first_rows(df, FIRST)
    cols = [
        *w.month_columns(df),
        Column("role", "Role", df["role"].tolist(), "text", 24),
        Column("direct", "Direct or overhead", _direct(df), "text", 11),
        Column("required", "Required", df["required"].to_numpy(), "dec", 10),
        Column("in_training", "In training", df["in_training"].to_numpy(), "dec", 10),
        Column("hires", "Hires", df["hires"].to_numpy(), "dec", 9),
        Column("leavers", "Leavers", df["leavers"].to_numpy(), "dec", 9),
        Column("headcount", "Headcount (end of month)", df["headcount"].to_numpy(), "dec", 12),
    ]
    L = keys(cols)
    cols[-1].formulas = [
        f"={L['hires']}{r}-{L['leavers']}{r}"
        if r == s
        else f"={L['headcount']}{r - 1}+{L['hires']}{r}-{L['leavers']}{r}"
        for r, s in zip(rows, starts, strict=True)
    ]
    cols[-1].total = True
    return w.table_sheet(
        "Staffing",
        "Staffing: people by role and month",
        "Required staff, hires and leavers come from the app (Erlang C for queues, throughput for "
        "back office, hiring ahead of training, whole leavers as quits add up): inputs here. "
        "Headcount = last month's + hires - leavers.",
        cols,
        landscape=False,
    )


def payroll(w: Writer, staffing_table: Table, inputs: InputRows) -> Table:
    """The Payroll sheet over the Staffing sheet's headcount; returns where its table sits."""
    df = by_entity(w.p.payroll)
    sdf = by_entity(w.p.staffing)
    aligned = len(sdf) == len(df) and bool(
        (sdf["entity"].to_numpy() == df["entity"].to_numpy()).all()
        and (sdf["month_no"].to_numpy() == df["month_no"].to_numpy()).all()
    )
    rows = list(range(FIRST, FIRST + len(df)))
    cols = [
        *w.month_columns(df),
        Column("role", "Role", df["role"].tolist(), "text", 24),
        Column("direct", "Direct or overhead", _direct(df), "text", 11),
        Column("headcount", "Headcount", df["headcount"].to_numpy(), "dec", 11),
        Column("wage", "Monthly wage per person", df["wage_per_person"].to_numpy(), "money", 13),
        Column("wage_cost", "Wages", df["wage_cost"].to_numpy(), "money", 13),
        Column("burden_cost", "Employer burden", df["burden_cost"].to_numpy(), "money", 13),
        Column("total_cost", "Total payroll", df["total_cost"].to_numpy(), "money", 13, total=True),
    ]
    L = keys(cols)
    by_key = {c.key: c for c in cols}
    if aligned:  # the payroll's headcount is the staffing sheet's (same rows)
        by_key["headcount"].formulas = [
            f"=Staffing!{staffing_table.cell('headcount', r)}" for r in rows
        ]
    by_key["wage"].formulas = [
        f"=Assumptions!$D${inputs.roles[e]}*(1+YearlyRaise)^INT(({L['month_no']}{r}-1)/12)"
        f"/{fx_rate('roles', inputs.roles[e], L['month_no'] + str(r))}"
        for e, r in zip(df["entity"], rows, strict=True)
    ]
    by_key["wage_cost"].formulas = [f"={L['headcount']}{r}*{L['wage']}{r}" for r in rows]
    by_key["burden_cost"].formulas = [f"={L['wage_cost']}{r}*Burden" for r in rows]
    by_key["total_cost"].formulas = [f"={L['wage_cost']}{r}+{L['burden_cost']}{r}" for r in rows]
    return w.table_sheet(
        "Payroll",
        "Payroll by role and month",
        "Wage per person = the role's monthly wage (Assumptions) x (1 + YearlyRaise)^(plan year"
        " - 1) / the rate of its location's currency that year (Rates on the Assumptions sheet);"
        " employer burden = wages x Burden.",
        cols,
    )
