"""The headline figures (`planner.engine.projection.Kpis`) from the monthly statements.

Choices made here (the field docstrings in `planner.engine.projection.Kpis` give the definitions):
- break_even_month: the first month from which the trailing three months' net income (this
  month's and the two before; months before month 1 count as 0) stays >= 0 to the end of the
  horizon, so one loss month (yearly fees, a January pay rise) does not move it.
- payback_month: the first month from which cumulative operating cash flow (cash from clients -
  cash paid for operations, prepaid fees and tax; before capex, deposits, loans and equity) stays
  >= 0 to the end of the horizon: the lender's payback, when the business has earned back in cash
  every operating loss so far and does not slip back.
- Both: a value counts as >= 0 above minus half a cent (float noise is not a loss); a plan with
  no activity at all breaks even and pays back in month 1; None when the last month is below 0.
  The words shown beside them are `planner.model.labels.KPI_DEFINITIONS`.
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
import numpy.typing as npt
import pandas as pd

from planner.engine.projection import Kpis
from planner.rounding import EPS, FloatArray, round_up_count

_CENT = 0.005
"""Net income above minus half a cent counts as break-even (float noise is not a loss)."""

IntArray = npt.NDArray[np.int64]


def trailing_sum(values: FloatArray, window: int = 3) -> FloatArray:
    """Sum of each month's value and the `window - 1` months before (months before the first
    count as 0), along the last axis: shape (..., months) in and out.

    >>> trailing_sum(np.array([1.0, 2, 3, 4])).tolist()
    [1.0, 3.0, 6.0, 9.0]
    >>> trailing_sum(np.array([[1.0, 2, 3, 4], [0, 0, 1, 1]])).tolist()
    [[1.0, 3.0, 6.0, 9.0], [0.0, 0.0, 1.0, 2.0]]
    """
    total = np.cumsum(values, axis=-1)
    zeros = np.zeros((*values.shape[:-1], window))
    before = np.concatenate((zeros, total), axis=-1)[..., : values.shape[-1]]
    out: FloatArray = total - before
    return out


def first_index_staying_non_negative(values: FloatArray) -> IntArray:
    """For each row of `values` (shape (..., months)), the index of the first month from which
    it stays >= 0 (above minus half a cent) to the end: -1 when the last month is below 0; 0 when
    no month is (or there are no months). Shape (...).

    >>> first_index_staying_non_negative(np.array([[-1.0, 2, 3], [1, 2, -3], [0, 0, 0]])).tolist()
    [1, -1, 0]
    """
    below = values < -_CENT
    months = values.shape[-1]
    if months == 0:
        return np.zeros(values.shape[:-1], dtype=np.int64)
    # the last month below 0: counted from the end, the first True of the reversed row
    last = months - 1 - np.argmax(below[..., ::-1], axis=-1)
    out: IntArray = np.where(
        ~below.any(axis=-1), 0, np.where(last == months - 1, -1, last + 1)
    ).astype(np.int64)
    return out


def stays_non_negative_from(values: FloatArray) -> int | None:
    """Index of the first month from which `values` (shape (months,)) stays >= 0 (above minus
    half a cent) to the end; None when the last month is below 0; 0 when no month is
    (`first_index_staying_non_negative`)."""
    index = int(first_index_staying_non_negative(values))
    return None if index < 0 else index


def break_even_indices(net_income: FloatArray) -> IntArray:
    """For each row of `net_income` (shape (..., months)), the index of the first month from
    which the trailing three months' net income stays >= 0; -1 for none. Shape (...).

    >>> break_even_indices(np.array([[-3.0, 2, 2, -1, 5], [1, 1, 1, 1, -9]])).tolist()
    [2, -1]
    """
    return first_index_staying_non_negative(trailing_sum(net_income, 3))


def break_even_index(net_income: FloatArray) -> int | None:
    """Index of the first month from which the trailing three months' net income stays >= 0
    (`break_even_indices` of one plan; None for none).

    >>> break_even_index(np.array([-3.0, 2, 2, -1, 5]))  # trailing: -3, -1, 1, 3, 6
    2
    """
    index = int(break_even_indices(net_income))
    return None if index < 0 else index


def payback_index(operating_cash_flow: FloatArray) -> int | None:
    """Index of the first month from which cumulative operating cash flow stays >= 0.

    >>> payback_index(np.array([-3.0, 2, 2, -1, 5]))  # cumulative: -3, -1, 1, 0, 5
    2
    """
    return stays_non_negative_from(np.cumsum(operating_cash_flow))


def funding_needed_each(closing_cash: FloatArray, minimum_cash: float) -> FloatArray:
    """For each row of `closing_cash` (shape (..., months)): max(0, max over months of
    (minimum_cash - closing_cash)), the extra opening cash needed (0 without months). Shape (...).

    >>> funding_needed_each(np.array([[100.0, -300, 50], [500, 600, 700]]), 200).tolist()
    [500.0, 0.0]
    """
    if closing_cash.shape[-1] == 0:
        return np.zeros(closing_cash.shape[:-1])
    need: FloatArray = np.maximum(0.0, np.max(minimum_cash - closing_cash, axis=-1))
    return need


def funding_needed(closing_cash: FloatArray, minimum_cash: float) -> float:
    """max(0, max over months of (minimum_cash - closing_cash)): extra opening cash needed
    (`funding_needed_each` of one plan)."""
    return float(funding_needed_each(closing_cash, minimum_cash))


def batch_headlines(
    closing_cash: FloatArray, net_income: FloatArray, minimum_cash: float
) -> dict[str, npt.NDArray[np.float64] | IntArray]:
    """The headline figures of R runs at once from their closing cash and net income (each shape
    (R, months), money), by the same rules as `compute_kpis`:

    - funding_needed (R,): `funding_needed_each` (max(0, max over months of minimum_cash -
      closing_cash));
    - ending_cash (R,): the last month's closing cash;
    - lowest_cash (R,): the lowest closing cash over the months;
    - break_even_index (R,) int: `break_even_indices` (0-based month index; -1 = never breaks
      even within the horizon).

    Example, minimum cash 100: run 1 closes at 500, 50, 300 (needs 50 more, lowest 50); run 2 at
    200, 150, 120 (needs nothing).

    >>> h = batch_headlines(np.array([[500.0, 50, 300], [200, 150, 120]]),
    ...     np.array([[-10.0, 5, 20], [1, 1, 1]]), 100.0)
    >>> {k: v.tolist() for k, v in h.items()}  # doctest: +NORMALIZE_WHITESPACE
    {'funding_needed': [50.0, 0.0], 'ending_cash': [300.0, 120.0], 'lowest_cash': [50.0, 120.0],
     'break_even_index': [2, 0]}
    """
    return {
        "funding_needed": funding_needed_each(closing_cash, minimum_cash),
        "ending_cash": np.array(closing_cash[..., -1], dtype=float),
        "lowest_cash": np.min(closing_cash, axis=-1),
        "break_even_index": break_even_indices(net_income),
    }


def compute_kpis(monthly: pd.DataFrame, *, minimum_cash: float, productive_hours: float) -> Kpis:
    """KPIs from the monthly table; productive_hours: hours delivered by direct staff in all.

    break_even_month and payback_month: module docstring (`break_even_index`, `payback_index`);
    gross_margin_pct = sum gross_profit / sum revenue x 100; cost_per_seat_month = (resources opex
    + depreciation) / seat-months; cost (price) per productive hour = total costs (revenue) /
    productive_hours; runway_months = the first month with closing cash below 0 (None if never);
    peak_headcount rounds fractional people up. Money in the plan's currency.
    """
    labels = monthly["month"].to_numpy()
    net = monthly["net_income"].to_numpy()
    cash = monthly["closing_cash"].to_numpy()
    start = break_even_index(net)
    payback = payback_index(monthly["operating_cash_flow"].to_numpy())
    negative = np.flatnonzero(cash < -EPS)
    low = int(np.argmin(cash))
    revenue = float(monthly["revenue"].sum())
    costs = float(monthly["total_costs"].sum())
    gross = float(monthly["gross_profit"].sum())
    seat_months = float(monthly["seats"].sum())
    seat_costs = float(monthly["resources_opex"].sum() + monthly["depreciation"].sum())
    return Kpis(
        break_even_month=None if start is None else str(labels[start]),
        payback_month=None if payback is None else str(labels[payback]),
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
        total_tax=float(monthly["tax"].sum()),
        tax_owed_at_end=float(monthly["tax_payable"].iloc[-1]),
    )
