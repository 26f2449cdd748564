"""The Resources and Paperwork sheets: equipment, space, lines and software; registrations,
licences and compliance fees.

Seats (and so the units of per-seat items) and the units bought come from the engine as inputs;
units, capex, depreciation, opex, deposits and advance rent are formulas over them and the item's
inputs; per-employee and per-role counts are the Staffing sheet's headcount.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

from planner.export.xlsx.inputs import InputRows, fx_rate
from planner.export.xlsx.layout import (
    FIRST,
    Column,
    Table,
    Writer,
    by_entity,
    first_rows,
    keys,
    label,
    set_formulas,
    sumifs,
)
from planner.model.labels import RESOURCE_CATEGORY_LABELS


def resources(w: Writer, staffing_table: Table, inputs: InputRows) -> Table:
    """The Resources sheet (headcount-based counts point at the Staffing sheet)."""
    df = by_entity(w.p.resources)
    bought_item = (df["ownership"] == "buy").to_numpy()
    cols = [
        *w.month_columns(df),
        Column("item", "Item", df["item"].tolist(), "text", 28),
        Column(
            "category",
            "Category",
            [label(RESOURCE_CATEGORY_LABELS, c) for c in df["category"]],
            "text",
            13,
        ),
        Column("ownership", "Bought or leased", df["ownership"].tolist(), "text", 9),
        Column("count", "Seats, staff, sites or 1", df["basis_count"].to_numpy(), "dec", 11),
        Column("units", "Units", df["units"].to_numpy(), "dec", 9),
        # leased items buy nothing: their cell stays blank
        Column("bought", "Units bought", np.where(bought_item, df["bought"], np.nan), "dec", 9),
        Column("capex", "Capex", df["capex"].to_numpy(), "money", 12),
        Column("depreciation", "Depreciation", df["depreciation"].to_numpy(), "money", 12),
        Column("opex", "Opex", df["opex"].to_numpy(), "money", 12, total=True),
        Column("deposit", "Deposits held", df["deposit"].to_numpy(), "money", 12),
        Column(
            "advance_paid", "Advance rent paid", df["advance_rent_paid"].to_numpy(), "money", 12
        ),
        Column("advance", "Advance rent held", df["advance_rent"].to_numpy(), "money", 12),
    ]
    L = keys(cols)
    by_key = {c.key: c for c in cols}
    _held(w, df, by_key, bought_item)
    items = w.plan.resources.items
    count_f, units_f, capex_f, dep_f, opex_f = [], [], [], [], []
    deposit_f, paid_f, held_f = [], [], []
    names = [role.name for role in w.plan.staffing.roles]
    rows = range(FIRST, FIRST + len(df))
    for e, r, s in zip(df["entity"], rows, first_rows(df, FIRST), strict=True):
        basis, a = items[e].basis, inputs.items[e]
        if basis == "per_employee" and staffing_table.n:  # remote staff have no desk or meals
            works = f'{staffing_table.col("works")},"<>remote"'
            count_f.append(f"={sumifs(staffing_table, 'headcount', r, works)}")
        elif basis == "per_role" and staffing_table.n:
            count_f.append(_role_headcount(staffing_table, r, items[e].roles, names, inputs))
        elif basis == "per_site":
            count_f.append("=Sites")
        else:
            count_f.append("")  # seats come from the app; a fixed item counts 1
        units_f.append(f"={L['count']}{r}*Assumptions!$D${a}")
        fx = fx_rate("items", a, f"{L['month_no']}{r}")  # costs / the rate of their currency
        capex_f.append(
            f'=IF(Assumptions!$H${a}="buy",N({L["bought"]}{r})*Assumptions!$E${a}/{fx},0)'
        )
        capex = L["capex"]
        dep_f.append(
            f"=SUM(INDEX({capex}${s}:{capex}{r},MAX(1,{L['month_no']}{r}-Assumptions!$F${a}+1))"
            f":{capex}{r})/Assumptions!$F${a}"
        )
        prev = "0" if r == s else f"{L['units']}{r - 1}"
        opex_f.append(
            f'=({L["units"]}{r}*Assumptions!$G${a}+IF(Assumptions!$H${a}="lease",'
            f"MAX({L['units']}{r}-{prev},0)*Assumptions!$E${a},0))/{fx}"
        )
        units, prev_held = L["units"], "0" if r == s else f"{L['advance']}{r - 1}"
        # deposits paid or refunded at the month's rate: held = last month's + the change / rate
        prev_deposit = "0" if r == s else f"{L['deposit']}{r - 1}"
        deposit_f.append(
            f"={prev_deposit}+({units}{r}-{prev})"
            f"*(Assumptions!$I${a}+Assumptions!$J${a}*Assumptions!$G${a})/{fx}"
        )
        started = (
            f"{units}{r}>0" if r == s else f"AND(SUM({units}${s}:{units}{r - 1})=0,{units}{r}>0)"
        )
        paid_f.append(f"=IF({started},Assumptions!$K${a}*Assumptions!$G${a}/{fx}*{units}{r},0)")
        held_f.append(
            f"={prev_held}+{L['advance_paid']}{r}"
            f"-MIN({prev_held}+{L['advance_paid']}{r},{units}{r}*Assumptions!$G${a}/{fx})"
        )
    by_key["deposit"].formulas = deposit_f
    by_key["advance_paid"].formulas = paid_f
    by_key["advance"].formulas = held_f
    by_key["count"].formulas = count_f
    by_key["units"].formulas = units_f
    by_key["capex"].formulas = capex_f
    by_key["depreciation"].formulas = dep_f
    by_key["opex"].formulas = opex_f
    return w.table_sheet(
        "Resources",
        "Resources: equipment, space, lines and software",
        "Seats and units bought come from the app (inputs); units = count x quantity; capex = "
        "units bought x one-time cost; depreciation: straight line from the month of purchase; "
        "opex = units x monthly cost (+ set-up fee on added leased units); deposits held = units "
        "x (deposit + deposit months x monthly cost); advance rent: paid in the first month with "
        "units, used up by the rent of the first months. Money in a location's currency is"
        " divided by that year's rate (Rates on the Assumptions sheet): deposits paid or"
        " refunded at the month's rate.",
        cols,
    )


def _held(
    w: Writer, df: pd.DataFrame, by_key: dict[str, Column], bought_item: npt.NDArray[np.bool_]
) -> None:
    """Seats and units bought from the app: held per scenario, the selected one picked (counts
    with a formula of their own keep it; leased items buy nothing in any scenario)."""
    by_key["count"].switched = w.switched(lambda p: p.resources, "basis_count", df)
    bought = w.switched(lambda p: p.resources, "bought", df)
    by_key["bought"].switched = bought and [np.where(bought_item, b, np.nan) for b in bought]


def _role_headcount(
    staffing_table: Table, r: int, chosen: list[str], names: list[str], inputs: InputRows
) -> str:
    """The month's headcount of the chosen roles: one SUMIFS per role, each naming the role by its
    cell on the Assumptions sheet (a renamed role stays counted)."""
    role_col = staffing_table.col("role")
    parts = [
        sumifs(staffing_table, "headcount", r, role_col, f"Assumptions!$A${inputs.roles[j]}")
        for j, name in enumerate(names)
        if name in chosen
    ]
    return "=" + ("+".join(parts) or "0")


def paperwork(w: Writer, inputs: InputRows) -> Table:
    """The Paperwork sheet: fees by item and month, formulas over the Assumptions."""
    df = by_entity(w.p.paperwork)
    rows = range(FIRST, FIRST + len(df))
    pr = inputs.papers
    cols = [
        *w.month_columns(df),
        Column("item", "Item", df["item"].tolist(), "text", 40),
        Column("category", "Category", df["category"].tolist(), "text", 13),
        Column("fee", "Fees expensed", df["fee"].to_numpy(), "money", 13, total=True),
        Column("fee_paid", "Fees paid", df["fee_paid"].to_numpy(), "money", 13, total=True),
        Column("prepaid", "Prepaid at month end", df["prepaid"].to_numpy(), "money", 13),
    ]
    # Assumptions: C one-time fee, D yearly fee, F status, G start month. k = months since the
    # start month; the yearly fee is paid when k is a whole number of years, expensed / 12.
    skip, one, year, start = (
        [f"Assumptions!${c}${pr[e]}" for e in df["entity"]] for c in ("F", "C", "D", "G")
    )
    k = [f"(A{r}-{s})" for r, s in zip(rows, start, strict=True)]
    # every amount at the rate of the month the fee was paid (the start of its year of cover), so
    # prepaid = the month before's + paid - expensed holds in the reporting currency too
    paid_at = [
        fx_rate("papers", pr[e], f"MAX(1,A{r}-MOD({x},12))")
        for e, r, x in zip(df["entity"], rows, k, strict=True)
    ]
    on = [f"AND({x}>=0," for x in k]
    for key, parts in (
        ("fee", [f"IF(A{r}={s},{o},0)+IF({x}>=0,{y}/12,0)" for r, s, o, x, y in zip(
            rows, start, one, k, year, strict=True)]),
        ("fee_paid", [f"IF(A{r}={s},{o},0)+IF({a}MOD({x},12)=0),{y},0)" for r, s, o, a, x, y in zip(
            rows, start, one, on, k, year, strict=True)]),
        ("prepaid", [f"IF({x}>=0,{y}*(11-MOD({x},12))/12,0)" for x, y in zip(
            k, year, strict=True)]),
    ):  # fmt: skip
        set_formulas(
            cols,
            key,
            [
                f'=IF({n}="not needed",0,({f})/{rate})'
                for n, f, rate in zip(skip, parts, paid_at, strict=True)
            ],
        )
    return w.table_sheet(
        "Paperwork",
        "Paperwork: registrations, licences, compliance",
        "From each item's start month: the one-time fee is paid and expensed then; the yearly fee "
        "is paid at the start of each year it covers (the start month, 12 months later, ...) and "
        "expensed over that year, 1/12 a month; prepaid = paid and not yet expensed. Items marked "
        "not needed cost nothing (fees, status and start month on the Assumptions sheet). Fees in "
        "a location's currency are divided by the rate of the year they were paid in (Rates on "
        "the Assumptions sheet).",
        cols,
        landscape=False,
    )
