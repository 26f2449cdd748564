"""Tables and totals the pages and the written plan show beside the charts: engine results (a
`Projection`) -> DataFrames and numbers, never a figure. No Streamlit, no plotly.

Money is in the plan's currency and not rounded (rounding is for display); people are counted as
the staffing table counts them (a part-time role counts its share, 0.5). Plan years are cut and
named by `planner.report.yearly`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from planner.engine.projection import Projection
from planner.model.labels import STATEMENT_LABELS
from planner.model.plan import QueueWorkload
from planner.report.yearly import year_end_label, year_label, yearly

STATEMENT_COLUMNS: tuple[str, ...] = (
    "revenue", "direct_labour", "gross_profit", "operating_expenses", "ebitda", "depreciation",
    "interest", "tax", "net_income", "capex", "deposits_paid", "closing_cash",
)  # fmt: skip
"""The monthly columns `yearly_statement` shows, in its row order."""
STATEMENT_ROWS: tuple[tuple[str, str], ...] = tuple(
    (c, STATEMENT_LABELS[c]) for c in STATEMENT_COLUMNS
)


def cost_drivers_table(p: Projection, top: int = 8) -> pd.DataFrame:
    """The biggest costs over the whole plan: payroll by role, each resource item, each marketing
    channel, each paperwork item, recruiting and interest; at most `top` rows, largest first.

    Columns: driver (its name), kind (Payroll, Resources, Marketing, Paperwork, Staffing or
    Financing), total (the plan's currency, summed over all months; resources count opex plus
    depreciation), share (of all costs, 0 to 1). Drivers that cost nothing are left out.
    """
    parts = [
        p.payroll.groupby("role", sort=False)["total_cost"].sum().rename("total").reset_index()
        .rename(columns={"role": "driver"}).assign(kind="Payroll"),
        p.resources.assign(total=p.resources["opex"] + p.resources["depreciation"])
        .groupby("item", sort=False)["total"].sum().reset_index()
        .rename(columns={"item": "driver"}).assign(kind="Resources"),
        p.marketing.groupby("channel", sort=False)["spend"].sum().rename("total").reset_index()
        .rename(columns={"channel": "driver"}).assign(kind="Marketing"),
        p.paperwork.groupby("item", sort=False)["fee"].sum().rename("total").reset_index()
        .rename(columns={"item": "driver"}).assign(kind="Paperwork"),
        pd.DataFrame(
            {
                "driver": [STATEMENT_LABELS["recruiting_training"], STATEMENT_LABELS["interest"]],
                "total": [p.monthly["recruiting_training"].sum(), p.monthly["interest"].sum()],
                "kind": ["Staffing", "Financing"],
            }
        ),
    ]  # fmt: skip
    out = pd.concat([x for x in parts if not x.empty], ignore_index=True)
    out = out[out["total"] > 0]
    all_costs = float(p.monthly["total_costs"].sum())
    out["share"] = out["total"] / all_costs if all_costs > 0 else 0.0
    out = out.sort_values("total", ascending=False).head(top).reset_index(drop=True)
    return out[["driver", "kind", "total", "share"]]


def yearly_statement(p: Projection) -> pd.DataFrame:
    """Profit and loss and cash by plan year.

    Rows: the `STATEMENT_ROWS` lines by their labels (Revenue, ..., Cash at year end). Columns: one
    per plan year, headed by `year_label` ("Year 1 (2027)"). Values in the plan's currency: flows
    summed over the year's months, cash at the year's last month.
    """
    flows = [c for c in STATEMENT_COLUMNS if c != "closing_cash"]
    table = yearly(p.monthly, flows=flows, stocks=["closing_cash"])[list(STATEMENT_COLUMNS)].T
    table.index = [label for _, label in STATEMENT_ROWS]
    months = p.monthly["month"].tolist()
    table.columns = [year_label(months, int(y)) for y in table.columns]
    return table


def hiring_plan(p: Projection, months: int = 12) -> pd.DataFrame:
    """Hires by role in each of the first `months` months.

    Rows: roles (index "Role"), in the plan's order. Columns: months ("YYYY-MM"). Values: people
    hired that month; a part-time role counts its share (0.5); 0 where a role hires nobody.
    """
    s = p.staffing[p.staffing["month_no"] <= months]
    table = s.pivot_table(index="role", columns="month", values="hires", aggfunc="sum", sort=False)
    table.index.name = "Role"
    return table.fillna(0.0)


def headcount_table(p: Projection) -> pd.DataFrame:
    """Headcount by role at the end of each plan year.

    Rows: roles (index "Role"), in the plan's order. Columns: one per plan year, headed by
    `year_end_label` ("End of year 1 (2027)"). Values: people on the payroll in the year's last
    month; a part-time role counts its share (0.5).
    """
    table = yearly(p.staffing, stocks=["headcount"], by="role")["headcount"].unstack("year")
    months = p.monthly["month"].tolist()
    table.columns = [year_end_label(months, int(y)) for y in table.columns]
    table.index.name = "Role"
    return table.fillna(0.0)


def _queue_work(p: Projection, line_id: str) -> QueueWorkload:
    work = p.plan.service_line(line_id).workload
    if not isinstance(work, QueueWorkload) or not work.as_calls:
        raise ValueError(
            f"{line_id} is not a voice queue (the curve is Erlang C, one contact per agent)"
        )
    return work


def busiest_interval(p: Projection, line_id: str) -> tuple[float, float, int]:
    """The busiest interval of the line's busiest month, as the engine staffed it: (contacts in
    the interval, interval length in seconds, agents needed), from the workload table's
    peak_contacts and peak_agents. The case the service-level curve shows."""
    work = _queue_work(p, line_id)
    rows = p.workload[p.workload["service_line"] == line_id]
    seconds = work.interval_minutes * 60.0
    if rows.empty:
        return 0.0, seconds, 0
    busiest = rows.iloc[int(rows["peak_contacts"].to_numpy().argmax())]
    return float(busiest["peak_contacts"]), seconds, int(busiest["peak_agents"])


def agents_curve(p: Projection, line_id: str, spread: int = 6) -> tuple[pd.DataFrame, int]:
    """What if the busiest interval had other agent counts: service level, waiting time and
    occupancy (planner.queueing.erlang) for counts around the number the engine needed there, and
    that number.

    Columns: agents, service_level (0 to 1), asa_seconds, occupancy (0 to 1), and abandon_rate
    when the line has a patience; one row per agent count from max(1, needed - spread) to
    needed + spread.
    """
    from planner.queueing.erlang import service_level_curve

    work = _queue_work(p, line_id)
    calls, seconds, needed = busiest_interval(p, line_id)
    low = max(1, needed - spread)
    curve = service_level_curve(
        calls, seconds, work.aht_seconds, work.answer_seconds,
        list(range(low, needed + spread + 1)),
        patience_seconds=work.patience_seconds,
    )  # fmt: skip
    return curve, needed


@dataclass(frozen=True)
class Totals:
    """Whole-plan totals the step pages show beside the engine's KPIs (money in the plan's
    currency; counts are sums over months)."""

    payroll: float
    resources_opex: float
    marketing_spend: float
    leads: float
    clients_won: int
    paperwork_fees: float
    one_time_paperwork_fees: float
    longest_lead_time_days: int
    paperwork_done: int
    paperwork_items: int


def totals(p: Projection) -> Totals:
    """The `Totals` of a projection: payroll (wages and employer costs), resources' opex,
    marketing spend, leads and clients won summed over all months; paperwork fees as charged in
    the plan's months, the one-time fees and the longest lead time (days) of the items not marked
    "not needed" (as the engine charges no fee for those), and how many items are done or not
    needed out of all."""
    items = p.plan.paperwork.items
    pursued = [i for i in items if i.status != "not_needed"]
    return Totals(
        payroll=float(p.payroll["total_cost"].sum()),
        resources_opex=float(p.resources["opex"].sum()),
        marketing_spend=float(p.marketing["spend"].sum()),
        leads=float(p.marketing["leads"].sum()),
        clients_won=int(p.marketing["clients_won"].sum()),
        paperwork_fees=float(p.paperwork["fee"].sum()),
        one_time_paperwork_fees=float(
            sum(p.plan.settings.in_reporting(i.one_time_fee, i.location) for i in pursued)
        ),
        longest_lead_time_days=max((i.lead_time_days for i in pursued), default=0),
        paperwork_done=sum(i.status in {"done", "not_needed"} for i in items),
        paperwork_items=len(items),
    )


@dataclass(frozen=True)
class ProfitByAccount:
    """Which accounts earn the money, over the whole plan (`planner.engine.accounts` for the rule).

    rows: one per client (its services summed) or per service line, in plan order, columns
    account, revenue, direct_cost, contribution (= revenue - direct_cost) and margin
    (contribution / revenue, 0 to 1; NaN without revenue). shared_costs: every cost not allocated
    (total costs - interest - the direct costs in the rows). operating_profit = the rows'
    contributions - shared_costs, which is the plan's EBIT summed over the months."""

    rows: pd.DataFrame
    shared_costs: float
    operating_profit: float


def profit_by_account(p: Projection, by: str = "client") -> ProfitByAccount:
    """Profit by client (`by="client"`) or by service line (`by="service_line"`, named by the
    line's name) over the whole plan."""
    acc = p.accounts
    sums = acc.groupby(by, sort=False)[["revenue", "direct_cost", "contribution"]].sum()
    rows = sums.reset_index().rename(columns={by: "account"})
    if by == "service_line":
        names = {line.id: line.name for line in p.plan.specialty.service_lines}
        rows["account"] = rows["account"].map(names)
    revenue = rows["revenue"].to_numpy(dtype=float)
    rows["margin"] = [
        c / r if r > 0 else float("nan") for c, r in zip(rows["contribution"], revenue, strict=True)
    ]
    m = p.monthly
    shared = float(m["total_costs"].sum() - m["interest"].sum() - acc["direct_cost"].sum())
    return ProfitByAccount(
        rows=rows, shared_costs=shared, operating_profit=float(acc["contribution"].sum()) - shared
    )
