"""Resources (bought and leased) and paperwork fees, by month.

Resources, per item:
- units = basis count x quantity, where the count is seats (per_seat), headcount (per_employee),
  the headcount of the item's chosen roles (per_role: a phone licence per agent), `resources.sites`
  (per_site) or 1 (fixed).
- Bought items: units are bought when the units needed exceed the units owned; a unit is retired at
  the end of its useful life (bought in month p, in service months p..p+life-1) and bought again if
  still needed. Units no longer needed are kept (no resale). capex = units bought x one_time_cost.
  Depreciation: straight line from the month of purchase, capex / useful_life_months a month for
  useful_life_months months; monthly_cost x units is opex (maintenance, licences).
- Leased items: opex = units x monthly_cost + set-up fee one_time_cost x units added (the rise in
  units over the month before); nothing is capitalised.
- Deposits: units x (deposit + deposit_months x monthly_cost) are held while the units are (paid
  as units are taken, refunded as they are given up, still held at the end of the horizon);
  advance rent: advance_rent_months x the monthly cost paid in the item's first month with units,
  used up by the rent of its first months. Neither is an expense: the statements carry them as
  an asset (`planner.engine.statements`).

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
    """Seats, headcount, headcount of the chosen roles, sites or 1, by the item's basis."""
    units: FloatArray
    bought: FloatArray
    """Units bought (new and replacements); 0 for leased items."""
    retired: FloatArray
    """Units leaving service: those bought useful_life_months earlier (0 for leased items)."""
    capex: FloatArray
    depreciation: FloatArray
    opex: FloatArray
    deposit: FloatArray
    """Refundable deposits held at the end of the month (money)."""
    advance_rent_paid: FloatArray
    """Advance rent paid that month (money): in the item's first month with units only."""
    advance_rent: FloatArray
    """Advance rent paid and not yet used at the end of the month (money)."""


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


def advance_rent(
    units: FloatArray, monthly_cost: float, months_ahead: int
) -> tuple[FloatArray, FloatArray]:
    """(paid, held) per month for an item whose `months_ahead` months of rent are paid ahead.

    paid = months_ahead x monthly_cost x units in the first month with units (0 other months);
    held_m = held_{m-1} + paid_m - used_m, used_m = min(held_{m-1} + paid_m, units_m x
    monthly_cost): the advance pays the rent of the first months until it is used up (the rent
    stays an expense every month; only its cash comes earlier).

    Worked example: an office at 1,000 a month with 2 months ahead: month 1 pays 2,000 and uses
    1,000 (1,000 held), month 2 uses the rest; 1 unit from month 1 on.

    >>> paid, held = advance_rent(np.ones(4), 1000.0, 2)
    >>> paid.tolist(), held.tolist()
    ([2000.0, 0.0, 0.0, 0.0], [1000.0, 0.0, 0.0, 0.0])
    """
    months = units.shape[0]
    paid = np.zeros(months)
    held = np.zeros(months)
    started = np.flatnonzero(units > EPS)
    if months_ahead == 0 or monthly_cost == 0 or started.size == 0:
        return paid, held
    first = int(started[0])
    paid[first] = months_ahead * monthly_cost * units[first]
    left = 0.0
    for m in range(first, months):
        left += paid[m]
        left -= min(left, units[m] * monthly_cost)
        held[m] = left
    return paid, held


def basis_counts(
    resources: Resources,
    seats: FloatArray,
    headcount: FloatArray,
    role_names: list[str],
    on_site: FloatArray | None = None,
) -> FloatArray:
    """What each item's quantity multiplies, shape (items, months): seats (per_seat), all
    headcount (per_employee; `on_site` when given: the staff who are not remote), the headcount
    of the item's `roles` (per_role), `resources.sites` (per_site) or 1 (fixed). `headcount`:
    people by role, shape (roles, months), in `role_names` order."""
    months = seats.shape[0]
    total = headcount.sum(axis=0) if headcount.size else np.zeros(months)
    if on_site is not None:
        total = on_site
    count = {
        "per_seat": seats,
        "per_employee": total,
        "per_site": np.full(months, float(resources.sites)),
        "fixed": np.ones(months),
    }
    rows = np.zeros((len(resources.items), months))
    for i, item in enumerate(resources.items):
        if item.basis == "per_role":
            chosen = [role_names.index(r) for r in item.roles if r in role_names]
            rows[i] = headcount[chosen].sum(axis=0) if chosen else 0.0
        else:
            rows[i] = count[item.basis]
    return rows


def resource_costs(
    resources: Resources,
    seats: FloatArray,
    headcount: FloatArray,
    role_names: list[str],
    on_site: FloatArray | None = None,
) -> ResourceCosts:
    """Units, purchases, capex, depreciation, opex, deposits and advance rent (money) per resource
    item, shape (items, months). `headcount`: people by role, (roles, months), `role_names` order.

    units = basis count x quantity (`basis_counts`); bought = `purchases` (units), retired =
    bought useful_life_months earlier (units); bought: capex = purchases x one_time_cost,
    depreciation = capex of the last useful_life_months months / useful_life_months, opex = units
    x monthly_cost; leased: opex = units x monthly_cost + units added x one_time_cost (module
    docstring). deposit = units x (deposit + deposit_months x monthly_cost) (paid as units are
    taken, refunded as they are given up); advance rent: `advance_rent`.
    """
    basis_count = basis_counts(resources, seats, headcount, role_names, on_site)
    units = basis_count * np.array([[i.quantity] for i in resources.items]).reshape(-1, 1)
    zeros = np.zeros_like(units)
    bought, retired, capex, depreciation, opex = (zeros.copy() for _ in range(5))
    deposit, advance_paid, advance_held = (zeros.copy() for _ in range(3))
    for i, item in enumerate(resources.items):
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
        deposit[i] = units[i] * (item.deposit + item.deposit_months * item.monthly_cost)
        advance_paid[i], advance_held[i] = advance_rent(
            units[i], item.monthly_cost, item.advance_rent_months
        )
    return ResourceCosts(
        basis_count=basis_count,
        units=units,
        bought=bought,
        retired=retired,
        capex=capex,
        depreciation=depreciation,
        opex=opex,
        deposit=deposit,
        advance_rent_paid=advance_paid,
        advance_rent=advance_held,
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
