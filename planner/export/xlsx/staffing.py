"""The Staffing and Payroll sheets: people by role and month, and what they cost.

Headcount rolls forward by formula (last month's + hires - leavers) over the app's required staff,
hires and leavers; each row shows its role's work pattern (per-employee items count the staff who
are not remote). Paid person-months = headcount - (1 - a) x hires after month 1, with a, the
share of their first month a hire is paid, from TrainingWeeks and RampWeeks; the wage per person is
the role's wage (Assumptions) raised each plan year; employer burden for employees only.
"""

from __future__ import annotations

import pandas as pd

from planner.export.xlsx.inputs import InputRows, fx_rate
from planner.export.xlsx.layout import FIRST, Column, Table, Writer, by_entity, first_rows, keys

_READY = "((TrainingWeeks+RampWeeks)*12/52)"
FIRST_MONTH_SHARE = f"IF({_READY}=0,1,MIN({_READY}-ROUNDUP({_READY}-1E-9,0)+1,1))"
"""a, the share of their first month a hire after month 1 is paid
(`planner.engine.headcount.first_month_share`): L - ceil(L) + 1, 1 when L is 0."""


def _direct(df: pd.DataFrame) -> list[str]:
    return ["Direct" if bool(d) else "Overhead" for d in df["direct"].to_numpy()]


def staffing(w: Writer) -> Table:
    """The Staffing sheet; returns where its table sits. "Works" is each role's work pattern, as
    on the Assumptions sheet (text: an input here, like seats, read by the per-employee counts)."""
    df = by_entity(w.p.staffing)
    roles = w.plan.staffing.roles
    entity = df["entity"].to_numpy()
    rows = list(range(FIRST, FIRST + len(df)))
    starts = first_rows(df, FIRST)
    cols = [
        *w.month_columns(df),
        Column("role", "Role", df["role"].tolist(), "text", 24),
        Column("direct", "Direct or overhead", _direct(df), "text", 11),
        Column("works", "Works", [roles[e].work_pattern for e in entity], "text", 9),
        Column("required", "Required", df["required"].to_numpy(), "dec", 10),
        Column("in_training", "In training (months)", df["in_training"].to_numpy(), "dec", 10),
        Column("ramping", "Ramping up (months)", df["ramping"].to_numpy(), "dec", 10),
        Column("hires", "Hires", df["hires"].to_numpy(), "dec", 9),
        Column("leavers", "Leavers", df["leavers"].to_numpy(), "dec", 9),
        Column("headcount", "Headcount (end of month)", df["headcount"].to_numpy(), "dec", 12),
    ]
    for c in cols[5:-1]:  # the app's figures: held per scenario, the selected one picked
        c.switched = w.switched(lambda p: p.staffing, c.key, df)
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
        "back office, hiring ahead of training and the ramp-up, replacements hired that far ahead "
        "of a leaver, whole leavers as quits add up): inputs here, as are the person-months in "
        "training and not yet productive (a week = 12 / 52 of a month). Headcount = last month's "
        "+ hires - leavers.",
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
        Column("paid", "Paid (person-months)", df["paid"].to_numpy(), "dec", 11),
        Column("wage", "Monthly wage per person", df["wage_per_person"].to_numpy(), "money", 13),
        Column("wage_cost", "Wages", df["wage_cost"].to_numpy(), "money", 13),
        Column("night", "Night premium", df["night_premium"].to_numpy(), "money", 12),
        Column("bonus", "Bonus accrual", df["bonus_accrual"].to_numpy(), "money", 12),
        Column("burden_cost", "Employer burden", df["burden_cost"].to_numpy(), "money", 13),
        Column("total_cost", "Total payroll", df["total_cost"].to_numpy(), "money", 13, total=True),
    ]
    L = keys(cols)
    by_key = {c.key: c for c in cols}
    if aligned:  # the payroll's headcount is the staffing sheet's (same rows)
        by_key["headcount"].formulas = [
            f"=Staffing!{staffing_table.cell('headcount', r)}" for r in rows
        ]
        by_key["paid"].formulas = [
            f"={L['headcount']}{r}-IF({L['month_no']}{r}>1,(1-{FIRST_MONTH_SHARE})"
            f"*Staffing!{staffing_table.cell('hires', r)},0)"
            for r in rows
        ]
    else:  # the app's headcount and paid person-months: held per scenario, the selected picked
        for key, column in (("headcount", "headcount"), ("paid", "paid")):
            by_key[key].switched = w.switched(lambda p: p.payroll, column, df)
    wages = "*DriverWages" if w.has_scenarios else ""  # the selected scenario's Wages driver
    by_key["wage"].formulas = [
        f"=Assumptions!$D${inputs.roles[e]}{wages}*(1+YearlyRaise)^INT(({L['month_no']}{r}-1)/12)"
        f"/{fx_rate('roles', inputs.roles[e], L['month_no'] + str(r))}"
        for e, r in zip(df["entity"], rows, strict=True)
    ]
    by_key["wage_cost"].formulas = [f"={L['paid']}{r}*{L['wage']}{r}" for r in rows]
    shares, with_burden = _bonus_shares(inputs)
    employee = {e: f'(Assumptions!$K${inputs.roles[e]}<>"contractor")' for e in set(df["entity"])}
    by_key["night"].formulas = [
        f'={L["wage_cost"]}{r}*NightShare*NightPremium*(Assumptions!$C${inputs.roles[e]}="workload")'
        for e, r in zip(df["entity"], rows, strict=True)
    ]
    by_key["bonus"].formulas = [
        f"={L['wage_cost']}{r}*{shares}/12*{employee[e]}"
        for e, r in zip(df["entity"], rows, strict=True)
    ]
    by_key["burden_cost"].formulas = [
        f"=({L['wage_cost']}{r}+{L['night']}{r}+{L['wage_cost']}{r}*{with_burden}/12*{employee[e]})"
        f"*Burden*{employee[e]}"
        for e, r in zip(df["entity"], rows, strict=True)
    ]
    by_key["total_cost"].formulas = [
        f"={L['wage_cost']}{r}+{L['night']}{r}+{L['bonus']}{r}+{L['burden_cost']}{r}" for r in rows
    ]
    return w.table_sheet(
        "Payroll",
        "Payroll by role and month",
        "Paid = headcount - (1 - a) x hires after month 1 (a hire joins part-way through the "
        "month, a = L - ROUNDUP(L) + 1, L = (TrainingWeeks + RampWeeks) x 12 / 52 months); wage "
        "per person = the role's monthly wage (Assumptions) x (1 + YearlyRaise)^(plan year - 1) / "
        "the rate of its location's currency that year (Rates on the Assumptions sheet); "
        "wages = paid x wage per person; night premium = wages x NightShare x NightPremium for "
        "roles that work in shifts (workload roles); bonus accrual = wages x the bonuses' monthly "
        "wages a year / 12 for employees (Assumptions, paid on the Pay calendar sheet); employer "
        "burden = (wages + night premium + the accrual of bonuses with burden) x Burden (0 for "
        "contractors).",
        cols,
    )


def _bonus_shares(inputs: InputRows) -> tuple[str, str]:
    """Formulas: the bonuses' monthly wages a year, all of them and those burden is charged on."""
    if not inputs.bonuses:
        return "0", "0"
    first, last = inputs.bonuses[0], inputs.bonuses[-1]
    share, burden = f"Assumptions!$B${first}:$B${last}", f"Assumptions!$D${first}:$D${last}"
    return f"SUM({share})", f'SUMIF({burden},"Yes",{share})'


def pay_calendar(w: Writer, payroll_table: Table, inputs: InputRows) -> Table:
    """The Pay calendar sheet: each bonus accrued from the Payroll sheet's wages, paid in its
    months, and what is owed between; returns where its table sits."""
    df = by_entity(w.p.pay_calendar)
    cols = [
        *w.month_columns(df),
        Column("bonus", "Bonus", df["bonus"].tolist(), "text", 22),
        Column("accrued", "Accrued (expensed)", df["accrued"].to_numpy(), "money", 13),
        Column("paid", "Paid", df["paid"].to_numpy(), "money", 13),
        Column("owed", "Owed at month end", df["owed"].to_numpy(), "money", 13, total=True),
    ]
    L = keys(cols)
    rows = range(FIRST, FIRST + len(df))
    # the Payroll's bonus accrual (employees only: contractors earn none) shared by each bonus's
    # monthly wages a year
    accruals, months = payroll_table.col("bonus"), payroll_table.col("month_no")
    shares, _ = _bonus_shares(inputs)
    f: dict[str, list[str]] = {"accrued": [], "paid": [], "owed": []}
    for e, r, s in zip(df["entity"], rows, first_rows(df, FIRST), strict=True):
        i = inputs.bonuses[int(e)]
        before = "0" if r == s else f"{L['owed']}{r - 1}"
        listed = f'","&SUBSTITUTE(Assumptions!$C${i}," ","")&","'
        f["accrued"].append(
            f"=IF({shares}=0,0,SUMIFS({accruals},{months},{L['month_no']}{r})"
            f"*Assumptions!$B${i}/{shares})"
        )
        f["paid"].append(
            f'=IF(ISNUMBER(SEARCH(","&MONTH({L["month"]}{r})&",",{listed})),'
            f"{before}+{L['accrued']}{r},0)"
        )
        f["owed"].append(f"={before}+{L['accrued']}{r}-{L['paid']}{r}")
    for c in cols[3:]:
        c.formulas = f[c.key]
    return w.table_sheet(
        "Pay calendar",
        "Pay calendar: bonuses accrued, paid and owed",
        "Each month a bonus accrues its monthly wages a year (Assumptions) x the month's wages "
        "of employees (Payroll) / 12, in the pay (the Payroll's bonus accrual shared by the "
        "bonuses' monthly wages a year); in its months it pays everything owed (accrued since the "
        "last payment); owed = last month's + accrued - paid (on the Balance sheet).",
        cols,
        landscape=False,
    )
