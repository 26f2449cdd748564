"""A small, realistic `Bid` built by hand for page tests that must not wait for the whole desk:
ten weeks of a Monday-to-Friday voice line in 30-minute intervals (about 1,800 calls a week at
240 s), two months of forecast, a roster of 8- and 9-hour shifts and the eight prices at a 25 %
margin, each figure derived from the ones before it the way the desk documents it (revenue =
cost / (1 - margin); margin at a volume = (revenue - cost) / revenue).

The real desk (`planner.bid.desk.make_bid`) is what the page runs; this value only lets a test
check how the page shows a bid (tables, sentences, charts) with figures known in advance.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from planner.bid.types import (
    BILLING_MODELS,
    VOLUME_CASES,
    Bid,
    ChannelTargets,
    CostBasis,
    CostToServe,
    Forecast,
    History,
    Price,
    Roster,
)

MARGIN = 0.25
INTERVAL = 30
AHT = 240.0
# Calls in each half hour of an open day, 08:00-17:00 (18 intervals): a morning peak.
DAY_SHAPE = (6, 9, 12, 14, 15, 14, 12, 10, 9, 10, 11, 12, 11, 10, 8, 6, 4, 3)
WEEKDAY_FACTOR = (1.2, 1.05, 1.0, 0.95, 0.9, 0.0, 0.0)  # Monday peaks; closed at weekends


def _week_grid(start: str, weeks: int, scale: float = 1.0) -> pd.DataFrame:
    stamps = pd.date_range(start, periods=weeks * 7 * 48, freq=f"{INTERVAL}min")
    slot = (stamps.hour * 2 + stamps.minute // 30).to_numpy() - 16  # 08:00 is slot 0
    open_ = (slot >= 0) & (slot < len(DAY_SHAPE))
    shape = np.where(open_, np.array((*DAY_SHAPE, 0))[np.clip(slot, 0, len(DAY_SHAPE))], 0)
    factor = np.array(WEEKDAY_FACTOR)[stamps.dayofweek.to_numpy()]
    contacts = np.round(shape * factor * scale, 1)
    return pd.DataFrame({"timestamp": stamps, "contacts": contacts, "aht_seconds": AHT})


def _agents(contacts: pd.Series) -> pd.Series:
    # A rough stand-in for Erlang C, enough for a page test: the workload in agents (calls x
    # 240 s / 1,800 s) over an 80 % occupancy, plus one agent where there is any work.
    load = contacts * AHT / (INTERVAL * 60)
    return np.ceil(load / 0.8).where(contacts <= 0, np.ceil(load / 0.8) + 1).astype(int)


def _roster(staffing: pd.DataFrame, paid_hours_per_month: float) -> Roster:
    required = staffing["scheduled_agents"]
    month = staffing["timestamp"].dt.to_period("M")
    peak = int(required.max())
    # Two shapes a weekday: an 8-hour shift at 08:00 (break 12:00) for the peak and a 9-hour one
    # at 08:00 for the rest, enough to cover every open interval of the week at the peak.
    rows = [
        {"month": m, "weekday": d, "start": "08:00", "length_hours": length,
         "break_start": brk, "agents": agents}
        for m in sorted(month.unique())
        for d in range(5)
        for length, brk, agents in ((8.0, "12:00", peak - 2), (9.0, "12:30", 2))
    ]  # fmt: skip
    shifts = pd.DataFrame(rows)
    open_ = staffing["contacts"] > 0
    scheduled = np.where(open_, peak, 0)
    coverage = pd.DataFrame(
        {"timestamp": staffing["timestamp"], "required": required, "scheduled": scheduled}
    )
    hours = INTERVAL / 60
    required_hours = float(required.sum() * hours)
    scheduled_hours = float(scheduled.sum() * hours)
    fte = pd.DataFrame({"month": sorted(month.unique())})
    fte["required_fte"] = [
        float(required[month == m].sum() * hours / paid_hours_per_month) for m in fte["month"]
    ]
    fte["scheduled_fte"] = [
        float(scheduled[(month == m).to_numpy()].sum() * hours / paid_hours_per_month)
        for m in fte["month"]
    ]
    return Roster(
        shifts=shifts,
        coverage=coverage,
        required_hours=required_hours,
        scheduled_hours=scheduled_hours,
        paid_hours=scheduled_hours,
        scheduling_loss=scheduled_hours / required_hours - 1,
        fte_by_month=fte,
    )


def _cost(
    basis: CostBasis, change: float, fte: float, contacts: float, seats: float
) -> CostToServe:
    paid = fte * basis.paid_hours_per_month
    staff = fte * basis.wage_per_month * (1 + basis.on_cost_rate)
    seat = seats * basis.seat_cost_per_month
    overhead = basis.overhead_rate * staff
    return CostToServe(
        volume_change=change, fte=fte, paid_hours=paid,
        productive_hours=paid * (1 - basis.shrinkage), handled_minutes=contacts * AHT / 60,
        contacts=contacts, seats=seats, staff_cost=staff, seat_cost=seat,
        overhead_cost=overhead, total_cost=staff + seat + overhead,
    )  # fmt: skip


UNITS = {
    "per_fte_month": "fte",
    "per_paid_hour": "paid_hours",
    "per_productive_hour": "productive_hours",
    "per_handled_minute": "handled_minutes",
    "per_item": "contacts",
    "per_seat": "seats",
}


def _prices(costs: dict[float, CostToServe], margin: float) -> tuple[Price, ...]:
    base = costs[0.0]
    revenue = base.total_cost / (1 - margin)
    prices = []
    for model in BILLING_MODELS:
        fee, price = 0.0, revenue
        if model in UNITS:
            price = revenue / getattr(base, UNITS[model])
        elif model == "base_plus_per_item":
            fee = (base.seat_cost + base.overhead_cost) / (1 - margin)
            price = base.staff_cost / (1 - margin) / base.contacts
        margins = {}
        for case, cost in costs.items():
            if model in UNITS:
                earned = price * getattr(cost, UNITS[model])
            elif model == "monthly_retainer":
                earned = price
            else:
                earned = fee + price * cost.contacts
            margins[case] = (earned - cost.total_cost) / earned
        prices.append(Price(model, price, fee, revenue, margins))
    return tuple(prices)


def hand_made_bid(margin: float = MARGIN) -> Bid:
    """The ten-week voice history, a January-February 2027 forecast (the history's last two
    weeks repeated, 5 % up), staffing, roster, costs at -20 %, 0 and +20 % volume and the eight
    prices (see the module's docstring)."""
    history = History(_week_grid("2026-10-19", 10), INTERVAL, "intervals")
    future = _week_grid("2027-01-04", 8, scale=1.05)
    future = future[future["timestamp"] < "2027-03-01"].reset_index(drop=True)
    future["lower"] = future["contacts"] * 0.85
    future["upper"] = future["contacts"] * 1.15
    tail = history.intervals.tail(2 * 7 * 48).reset_index(drop=True)
    holdout = pd.DataFrame(
        {"timestamp": tail["timestamp"], "actual": tail["contacts"],
         "forecast": tail["contacts"] * 1.03, "naive": tail["contacts"] * 0.9}
    )  # fmt: skip
    forecast = Forecast(
        future[["timestamp", "contacts", "lower", "upper", "aht_seconds"]], holdout,
        mape=0.062, naive_mape=0.114, holdout_weeks=2, level=0.8,
        method="Exponential smoothing of daily totals (weekly seasonality, damped trend), "
        "spread over the day by each weekday's recent shape", interval_minutes=INTERVAL,
    )  # fmt: skip
    agents = _agents(future["contacts"])
    staffing = future[["timestamp", "contacts", "aht_seconds"]].assign(
        agents=agents,
        scheduled_agents=np.ceil(agents / 0.7).astype(int),
        service_level=np.where(future["contacts"] > 0, 0.82, math.nan),
        occupancy=np.where(agents > 0, future["contacts"] * AHT / 1800 / agents.clip(lower=1), 0),
        backlog=0.0,
    )
    month = staffing["timestamp"].dt.to_period("M")
    by_month = (
        staffing.assign(month=month, agent_hours=staffing["scheduled_agents"] * 0.5)
        .groupby("month", as_index=False)
        .agg(contacts=("contacts", "sum"), agent_hours=("agent_hours", "sum"),
             peak_agents=("scheduled_agents", "max"))
    )  # fmt: skip
    by_month["handled_minutes"] = by_month["contacts"] * AHT / 60
    by_month["required_fte"] = by_month["agent_hours"] / 173.33
    basis = CostBasis(
        wage_per_month=650.0, on_cost_rate=0.12, seat_cost_per_month=95.0, overhead_rate=0.18,
        paid_hours_per_month=173.33, shrinkage=0.3, currency="USD",
        source="Offshore voice support (Manila): Customer service agent at $650 a month",
    )  # fmt: skip
    roster = _roster(staffing, basis.paid_hours_per_month)
    by_month["scheduled_fte"] = roster.fte_by_month["scheduled_fte"].to_numpy()
    contacts = float(by_month["contacts"].mean())
    fte = roster.paid_hours / 2 / basis.paid_hours_per_month
    seats = float(roster.coverage["scheduled"].max())
    costs = {
        case: _cost(
            basis, case, fte * (1 + case), contacts * (1 + case), seats * (1 + max(case, 0))
        )
        for case in VOLUME_CASES
    }
    targets = ChannelTargets(channel="voice", service_level=0.8, answer_seconds=20)
    return Bid(
        targets, history, forecast, staffing, by_month[
            ["month", "contacts", "handled_minutes", "agent_hours", "required_fte",
             "scheduled_fte", "peak_agents"]
        ], roster, basis, costs, margin, _prices(costs, margin),
    )  # fmt: skip
