"""The headline figures (`planner.engine.projection.Kpis`) from the monthly statements.

Choices made here (the field docstrings in `planner.engine.projection.Kpis` give the definitions):
- break_even_month: the first month from which net income stays >= 0 to the end of the horizon;
  a month counts as >= 0 above minus half a cent (float noise is not a loss). A plan with no
  activity at all breaks even in month 1. None when the last month makes a loss.
- funding_needed = max(0, max over months of (minimum_cash - closing_cash)): adding it to the
  opening cash lifts every month's closing cash by the same amount and nothing else.
- runway_months: the number (1 = the first month) of the first month whose closing cash is
  below zero; None if cash never goes below zero.
- peak_headcount: the most people on the payroll in a month, rounded up (part-time fixed posts
  make fractions); peak_seats: the most desks.
- cost_per_seat_month = (resources opex + depreciation) / sum of seats over the months.
- productive hours = sum over months and direct roles of productive person-months (paid -
  in_training - ramping, `planner.engine.headcount`) x
  paid_hours_per_month x (1 - shrinkage); cost_per_productive_hour = total costs / those hours,
  price_per_productive_hour = revenue / those hours (both 0 without direct staff).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from planner.engine.projection import Kpis
from planner.rounding import EPS, FloatArray, round_up_count

_CENT = 0.005
"""Net income above minus half a cent counts as break-even (float noise is not a loss)."""


def break_even_index(net_income: FloatArray) -> int | None:
    """Index of the first month from which net income stays >= 0 to the end; None if never."""
    losing = np.flatnonzero(net_income < -_CENT)
    if losing.size == 0:
        return 0
    last_loss = int(losing[-1])
    return None if last_loss == len(net_income) - 1 else last_loss + 1


def funding_needed(closing_cash: FloatArray, minimum_cash: float) -> float:
    """max(0, max over months of (minimum_cash - closing_cash)): extra opening cash needed."""
    return max(0.0, float(np.max(minimum_cash - closing_cash))) if closing_cash.size else 0.0


def compute_kpis(monthly: pd.DataFrame, *, minimum_cash: float, productive_hours: float) -> Kpis:
    """KPIs from the monthly table; productive_hours: hours delivered by direct staff in all.

    gross_margin_pct = sum gross_profit / sum revenue x 100; cost_per_seat_month = (resources opex
    + depreciation) / seat-months; cost (price) per productive hour = total costs (revenue) /
    productive_hours; runway_months = the first month with closing cash below 0 (None if never);
    peak_headcount rounds fractional people up. Money in the plan's currency.
    """
    labels = monthly["month"].to_numpy()
    net = monthly["net_income"].to_numpy()
    cash = monthly["closing_cash"].to_numpy()
    start = break_even_index(net)
    negative = np.flatnonzero(cash < -EPS)
    low = int(np.argmin(cash))
    revenue = float(monthly["revenue"].sum())
    costs = float(monthly["total_costs"].sum())
    gross = float(monthly["gross_profit"].sum())
    seat_months = float(monthly["seats"].sum())
    seat_costs = float(monthly["resources_opex"].sum() + monthly["depreciation"].sum())
    return Kpis(
        break_even_month=None if start is None else str(labels[start]),
        funding_needed=funding_needed(cash, minimum_cash),
        ending_cash=float(cash[-1]),
        runway_months=None if negative.size == 0 else int(negative[0]) + 1,
        lowest_cash=float(cash[low]),
        lowest_cash_month=str(labels[low]),
        peak_headcount=round_up_count(float(monthly["headcount"].max())),
        peak_seats=int(monthly["seats"].max()),
        total_revenue=revenue,
        total_costs=costs,
        total_net_income=float(net.sum()),
        capex_total=float(monthly["capex"].sum()),
        gross_margin_pct=gross / revenue * 100.0 if revenue > 0 else 0.0,
        cost_per_seat_month=seat_costs / seat_months if seat_months > 0 else 0.0,
        cost_per_productive_hour=costs / productive_hours if productive_hours > 0 else 0.0,
        price_per_productive_hour=revenue / productive_hours if productive_hours > 0 else 0.0,
    )
