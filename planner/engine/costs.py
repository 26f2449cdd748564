"""Resources (bought and leased) and paperwork fees, by month.

Resources, per item:
- units = basis count x quantity, where the count is seats (per_seat), headcount (per_employee),
  `resources.sites` (per_site) or 1 (fixed).
- Bought items: units are bought when the units needed exceed the units owned; a unit is retired at
  the end of its useful life (bought in month p, in service months p..p+life-1) and bought again if
  still needed. Units no longer needed are kept (no resale). capex = units bought x one_time_cost.
  Depreciation: straight line from the month of purchase, capex / useful_life_months a month for
  useful_life_months months; monthly_cost x units is opex (maintenance, licences).
- Leased items: opex = units x monthly_cost + set-up fee one_time_cost x units added (the rise in
  units over the month before); nothing is capitalised.

Paperwork: one-time fee in month 1; yearly fee in months 1, 13, 25...; items marked "not_needed"
cost nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from planner.engine.months import plan_year, rolling_sum, shift
from planner.model.plan import Paperwork, Resources
from planner.rounding import EPS, FloatArray


@dataclass(frozen=True)
class ResourceCosts:
    """Per item, shape (items, months)."""

    basis_count: FloatArray
    """Seats, headcount, sites or 1, by the item's basis."""
    units: FloatArray
    bought: FloatArray
    """Units bought (new and replacements); 0 for leased items."""
    retired: FloatArray
    """Units leaving service: those bought useful_life_months earlier (0 for leased items)."""
    capex: FloatArray
    depreciation: FloatArray
    opex: FloatArray


def purchases(units: FloatArray, life: int) -> FloatArray:
    """Units bought per month for needs `units` (months,) and a useful life in months.

    bought_m = max(0, units_m - owned_m), where owned_m counts the units bought in months
    m - life + 1 .. m - 1 (a unit retires after `life` months; units no longer needed are kept).

    >>> purchases(np.array([2.0, 3.0, 3.0, 1.0]), 2).tolist()  # 2, +1, the first 2 retire, ok
    [2.0, 1.0, 2.0, 0.0]
    """
    months = units.shape[0]
    bought = np.zeros(months)
    owned = 0.0
    for m in range(months):
        if m >= life:
            owned -= bought[m - life]
        need = units[m] - owned
        if need > EPS:
            bought[m] = need
            owned += need
    return bought


def resource_costs(resources: Resources, seats: FloatArray, headcount: FloatArray) -> ResourceCosts:
    """Units, purchases, capex, depreciation and opex (money) per resource item, shape (items,
    months).

    units = basis count x quantity; bought = `purchases` (units), retired = bought
    useful_life_months earlier (units); bought: capex = purchases x one_time_cost, depreciation =
    capex of the last useful_life_months months / useful_life_months, opex = units x monthly_cost;
    leased: opex = units x monthly_cost + units added x one_time_cost (module docstring).
    """
    months = seats.shape[0]
    count = {
        "per_seat": seats,
        "per_employee": headcount,
        "per_site": np.full(months, float(resources.sites)),
        "fixed": np.ones(months),
    }
    k = len(resources.items)
    basis_count = np.zeros((k, months))
    units = np.zeros((k, months))
    bought = np.zeros((k, months))
    retired = np.zeros((k, months))
    capex = np.zeros((k, months))
    depreciation = np.zeros((k, months))
    opex = np.zeros((k, months))
    for i, item in enumerate(resources.items):
        basis_count[i] = count[item.basis]
        units[i] = basis_count[i] * item.quantity
        opex[i] = units[i] * item.monthly_cost
        if item.ownership == "buy":
            bought[i] = purchases(units[i], item.useful_life_months)
            retired[i] = shift(bought[i], item.useful_life_months)
            capex[i] = bought[i] * item.one_time_cost
            depreciation[i] = rolling_sum(capex[i], item.useful_life_months) / (
                item.useful_life_months
            )
        else:
            added = np.maximum(units[i] - shift(units[i], 1), 0.0)
            opex[i] += added * item.one_time_cost
    return ResourceCosts(
        basis_count=basis_count,
        units=units,
        bought=bought,
        retired=retired,
        capex=capex,
        depreciation=depreciation,
        opex=opex,
    )


def paperwork_fees(paperwork: Paperwork, months: int) -> FloatArray:
    """Fees (money) per item and month, shape (items, months).

    fee = one_time_fee in month 1 + yearly_fee in months 1, 13, 25...; 0 for "not_needed" items.
    """
    t = np.arange(1, months + 1)
    yearly = plan_year(t) != plan_year(t - 1)  # the first month of each plan year
    fees = np.zeros((len(paperwork.items), months))
    for i, item in enumerate(paperwork.items):
        if item.status == "not_needed":
            continue
        fees[i] = np.where(yearly, item.yearly_fee, 0.0)
        fees[i, 0] += item.one_time_fee
    return fees
