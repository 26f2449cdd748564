"""A tiny, realistic `Bid` built by hand, for tests of the stages after the desk (pricing, adding
a bid to a plan, the Bid page, the proposal exports) before or without `planner.bid.desk`.

The prospect: a US retailer's voice line, open Monday to Friday 08:00-20:00, hourly intervals,
about 2,900 calls a week at 5 minutes each (a morning and an early-afternoon peak, Mondays 20 %
busier), 8 weeks of history, 3 months of forecast (2027-01 to 2027-03) growing 1 % a month.
Agents per hour by Erlang C for 80 % answered within 20 seconds, at most 85 % busy; 30 %
shrinkage. Shifts: 9-hour shifts at 08:00 and 11:00 (a 60-minute unpaid break half way), enough
to cover every hour. Costs from `planner.bid.pricing` at the plan's assumptions.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from planner.bid.pricing import cost_basis, cost_to_serve, price_models
from planner.bid.types import (
    VOLUME_CASES,
    Bid,
    ChannelTargets,
    CostBasis,
    CostToServe,
    Forecast,
    History,
    Roster,
)
from planner.model.files import load_plan
from planner.model.plan import Plan
from planner.queueing.erlang import agents_for
from tests.support.tools import ROOT

STARTER = ROOT / "templates" / "plans" / "offshore_voice_support.yaml"
OPEN_HOURS = range(8, 20)
HOURLY_SHAPE = np.array([0.05, 0.09, 0.11, 0.10, 0.08, 0.09, 0.10, 0.09, 0.08, 0.08, 0.07, 0.06])
"""Share of an open day's calls in each hour 08:00..19:00 (sums to 1)."""
DAY_CALLS = (660.0, 560.0, 550.0, 560.0, 540.0, 0.0, 0.0)
"""Calls a day, Monday..Sunday (closed at weekends): 2,870 a week."""
AHT_SECONDS = 300.0
TARGETS = ChannelTargets(channel="voice", service_level=0.8, answer_seconds=20.0, shrinkage=0.3)


def _calls(stamps: pd.DatetimeIndex, growth: np.ndarray) -> np.ndarray:
    day = np.array([DAY_CALLS[d] for d in stamps.day_of_week])
    hour = np.array([HOURLY_SHAPE[h - 8] if h in OPEN_HOURS else 0.0 for h in stamps.hour])
    return day * hour * growth


def _history() -> History:
    stamps = pd.date_range("2026-11-02", periods=8 * 7 * 24, freq="60min")
    rng = np.random.default_rng(14)
    calls = np.round(_calls(stamps, np.ones(len(stamps))) * rng.normal(1.0, 0.05, len(stamps)))
    frame = pd.DataFrame(
        {"timestamp": stamps, "contacts": np.maximum(calls, 0.0), "aht_seconds": AHT_SECONDS}
    )
    return History(frame, 60, "intervals", ())


def _forecast() -> tuple[Forecast, pd.DataFrame]:
    stamps = pd.date_range("2027-01-01", "2027-03-31 23:00", freq="60min")
    months = (stamps.year - 2027) * 12 + stamps.month - 1
    calls = _calls(stamps, 1.01 ** np.asarray(months))
    frame = pd.DataFrame(
        {
            "timestamp": stamps,
            "contacts": calls,
            "lower": calls * 0.9,
            "upper": calls * 1.1,
            "aht_seconds": AHT_SECONDS,
        }
    )
    hold = pd.date_range("2026-12-14", periods=2 * 7 * 24, freq="60min")
    actual = _calls(hold, np.ones(len(hold)))
    holdout = pd.DataFrame(
        {"timestamp": hold, "actual": actual, "forecast": actual * 1.06, "naive": actual * 0.9}
    )
    forecast = Forecast(frame, holdout, 0.06, 0.1, 2, 0.8, "Holt-Winters (illustrative)", 60)
    return forecast, frame


def _staffing(frame: pd.DataFrame, change: float = 0.0) -> pd.DataFrame:
    contacts = frame["contacts"].to_numpy() * (1.0 + change)
    traffic = contacts * AHT_SECONDS / 3600.0
    agents = np.where(
        contacts > 0,
        agents_for(
            traffic, AHT_SECONDS, answer_seconds=20.0, service_level=0.8, max_occupancy=0.85
        ),
        0,
    )
    scheduled = np.ceil(agents / (1.0 - TARGETS.shrinkage))
    return pd.DataFrame(
        {
            "timestamp": frame["timestamp"],
            "contacts": contacts,
            "aht_seconds": AHT_SECONDS,
            "agents": agents,
            "scheduled_agents": scheduled,
            "service_level": np.where(contacts > 0, 0.8, np.nan),
            "occupancy": np.where(agents > 0, traffic / np.maximum(agents, 1), 0.0),
            "backlog": 0.0,
        }
    )


def _by_month(staffing: pd.DataFrame, paid_hours: float) -> pd.DataFrame:
    month = staffing["timestamp"].dt.to_period("M")
    frame = staffing.assign(
        month=month,
        handled_minutes=staffing["contacts"] * AHT_SECONDS / 60.0,
        agent_hours=staffing["agents"],
        paid_agent_hours=staffing["scheduled_agents"],
    )
    out = frame.groupby("month", as_index=False).agg(
        contacts=("contacts", "sum"),
        handled_minutes=("handled_minutes", "sum"),
        agent_hours=("agent_hours", "sum"),
        paid_agent_hours=("paid_agent_hours", "sum"),
        peak_agents=("scheduled_agents", "max"),
    )
    out["required_fte"] = out.pop("paid_agent_hours") / paid_hours
    return out


def _roster(staffing: pd.DataFrame, paid_hours: float) -> Roster:
    """Two shifts a weekday: 08:00 (paid 08-17, break 12-13) and 11:00 (11-20, break 15-16)."""
    stamps = staffing["timestamp"]
    need = staffing["scheduled_agents"].to_numpy()
    hour = stamps.dt.hour.to_numpy()
    early_hours, late_hours = (hour < 11), (hour >= 17)
    early = int(need[early_hours].max())
    late = int(need[late_hours].max())
    middle = int(need[(hour >= 11) & (hour < 17)].max())
    # both shifts work 11-17 but one hour of each is a break: cover the middle with the larger
    late = max(late, middle - early + 1)
    early = max(early, middle - late + 1)
    on = np.zeros(len(stamps))
    open_day = stamps.dt.day_of_week.to_numpy() < 5
    on += open_day * ((hour >= 8) & (hour < 17) & (hour != 12)) * early
    on += open_day * ((hour >= 11) & (hour < 20) & (hour != 15)) * late
    coverage = pd.DataFrame({"timestamp": stamps, "required": need, "scheduled": on})
    months = sorted(stamps.dt.to_period("M").astype(str).unique())
    rows = [
        (m, d, start, 9.0, brk, agents)
        for m in months
        for d in range(5)
        for start, brk, agents in (("08:00", "12:00", early), ("11:00", "15:00", late))
    ]
    shifts = pd.DataFrame(
        rows, columns=["month", "weekday", "start", "length_hours", "break_start", "agents"]
    )
    days = stamps[open_day].dt.normalize().unique()
    paid = len(days) * 9.0 * (early + late)
    required_hours, scheduled_hours = float(need.sum()), float(on.sum())
    by_month = coverage.assign(month=stamps.dt.to_period("M")).groupby("month", as_index=False)
    fte = by_month.agg(required=("required", "sum"), scheduled=("scheduled", "sum"))
    fte["required_fte"] = fte.pop("required") / paid_hours
    fte["scheduled_fte"] = fte.pop("scheduled") / paid_hours
    return Roster(
        shifts,
        coverage,
        required_hours,
        scheduled_hours,
        paid,
        scheduled_hours / required_hours - 1.0,
        fte,
    )


def month_cost(basis: CostBasis, staffing: pd.DataFrame, change: float) -> CostToServe:
    """The typical (mean) month's cost to serve of per-interval staffing at a volume change."""
    months = staffing["timestamp"].dt.to_period("M").nunique()
    agent_hours = float(staffing["scheduled_agents"].sum()) / months
    on_task = float(staffing["agents"].sum()) / months
    return cost_to_serve(
        basis,
        volume_change=change,
        fte=agent_hours / basis.paid_hours_per_month,
        paid_hours=agent_hours,
        productive_hours=on_task,
        handled_minutes=float(staffing["contacts"].sum()) * AHT_SECONDS / 60.0 / months,
        contacts=float(staffing["contacts"].sum()) / months,
        seats=float(math.ceil(staffing["scheduled_agents"].max())),
    )


def tiny_bid(plan: Plan | None = None, margin: float = 0.25) -> Bid:
    """The tiny voice bid (module docstring), costed and priced from `plan` (default: the
    offshore voice starter)."""
    plan = plan if plan is not None else load_plan(STARTER)
    basis = cost_basis(plan, service_line="customer_support_voice")
    forecast, frame = _forecast()
    staffing = _staffing(frame)
    roster = _roster(staffing, basis.paid_hours_per_month)
    by_month = _by_month(staffing, basis.paid_hours_per_month)
    by_month["scheduled_fte"] = roster.fte_by_month["scheduled_fte"].to_numpy()
    costs = {c: month_cost(basis, _staffing(frame, c), c) for c in VOLUME_CASES}
    return Bid(
        targets=TARGETS,
        history=_history(),
        forecast=forecast,
        staffing=staffing,
        by_month=by_month[
            [
                "month",
                "contacts",
                "handled_minutes",
                "agent_hours",
                "required_fte",
                "scheduled_fte",
                "peak_agents",
            ]
        ],
        roster=roster,
        basis=basis,
        costs=costs,
        margin=margin,
        prices=price_models(costs, margin),
    )
