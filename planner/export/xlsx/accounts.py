"""The Profit by client sheet: which accounts earn the money, over the whole plan.

One row per client service (the Revenue sheet's clients): revenue as a SUMIFS over the Revenue
sheet, the direct staff cost from the app (an input: the pay of the workload roles shared to the
service by its share of the line's work, `planner.engine.accounts`), contribution = revenue -
direct cost. Below: the shared costs, not allocated (= P&L total costs - interest - the direct
costs above), and operating profit = contributions - shared costs, which is the P&L's EBIT summed.
A plan with scenarios lists every client service of any scenario, and the direct staff cost is
held per scenario (the selected one picked, 0 where a scenario has no such service).
"""

from __future__ import annotations

import pandas as pd

from planner.export.xlsx.layout import FIRST, Column, Table, Writer

SHEET = "Profit by client"


def profit_by_client(w: Writer, revenue: Table, pnl: Table) -> None:
    """Write the sheet (totals over the plan's horizon)."""
    acc = w.p.accounts
    held = [_totals_by_account(p.accounts) for p in w.variants]
    # every client service of any scenario (the plan's first); 0 where a scenario has none
    index = (
        held[0]
        .index.append(
            pd.MultiIndex.from_tuples(
                [key for t in held[1:] for key in t.index if key not in held[0].index],
                names=held[0].index.names,
            )
        )
        .drop_duplicates()
    )
    totals = held[0].reindex(index, fill_value=0.0).reset_index()
    n = len(totals)
    rows = list(range(FIRST, FIRST + n))
    rev, cli, line = revenue.col("revenue"), revenue.col("client"), revenue.col("service_line")
    cols = [
        Column("client", "Client", totals["client"].tolist(), "text", 30),
        Column("service_line", "Service line", totals["service_line"].tolist(), "text", 18),
        Column(
            "revenue",
            "Revenue",
            totals["revenue"].to_numpy(),
            "money",
            14,
            formulas=[f"=SUMIFS({rev},{cli},A{r},{line},B{r})" for r in rows],
        ),
        Column(
            "direct_cost",
            "Direct staff cost",
            totals["direct_cost"].to_numpy(),
            "money",
            14,
            switched=[t["direct_cost"].reindex(index, fill_value=0.0).to_numpy() for t in held]
            if w.has_scenarios
            else None,
        ),
        Column(
            "contribution",
            "Contribution",
            totals["contribution"].to_numpy(),
            "money",
            14,
            formulas=[f"=C{r}-D{r}" for r in rows],
        ),
    ]
    w.table_sheet(
        SHEET,
        "Profit by client and service line (whole plan)",
        "Direct staff cost: pay and on-costs of the staff doing the service line's work, shared "
        "by each client's share of that work (from the app: input). Contribution = revenue - "
        "direct staff cost. Shared costs are not allocated to clients.",
        cols,
        frozen=2,
        landscape=False,
    )
    _totals(w, rows, pnl, float(acc["contribution"].sum()), float(acc["direct_cost"].sum()))


def _totals_by_account(accounts: pd.DataFrame) -> pd.DataFrame:
    """Revenue, direct cost and contribution over the plan by (client, service line)."""
    columns = ["revenue", "direct_cost", "contribution"]
    return accounts.groupby(["client", "service_line"], sort=False)[columns].sum()


def _totals(w: Writer, rows: list[int], pnl: Table, contribution: float, direct: float) -> None:
    """Total contribution, shared costs and operating profit under the table."""
    ws = w.sheets[SHEET]
    m = w.p.monthly
    shared = float(m["total_costs"].sum() - m["interest"].sum()) - direct
    last = rows[-1] if rows else FIRST - 1
    r0 = last + 1  # 0-based row of the first line below the table (Excel row last + 2)
    span = f"E{FIRST}:E{last}" if rows else "0"
    d_span = f"D{FIRST}:D{last}" if rows else "0"
    lines = [
        ("Total contribution", f"=SUM({span})", contribution),
        (
            "Shared costs (not allocated)",
            f"=SUM({pnl.col('total_costs')})-SUM({pnl.col('interest')})-SUM({d_span})",
            shared,
        ),
        ("Operating profit (EBIT)", f"=E{r0 + 2}-E{r0 + 3}", contribution - shared),
    ]
    bold = w.fmt.get("money", bold=True)
    for i, (label, formula, value) in enumerate(lines):
        ws.write_string(r0 + 1 + i, 0, label, w.f_header)
        ws.write_formula(r0 + 1 + i, 4, formula, bold, value)
