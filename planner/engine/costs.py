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

Paperwork, per item from its `start_month` s (1 = the plan's first month): the one-time fee is
paid and expensed in month s; the yearly fee is paid in cash at the start of each year it covers
(months s, s + 12, s + 24, ...) and expensed evenly over that year's 12 months (yearly fee / 12 a
month from month s on); the part paid and not yet used is a prepaid asset (yearly fee x (11 -
(m - s) mod 12) / 12 at the end of month m >= s). Items marked "not_needed" cost nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from planner.engine.months import rolling_sum, shift
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
    """Units bought per month for needs `units` (months,) (or (runs, months)) and a useful life
    in months.

    bought_m = max(0, units_m - owned_m), where owned_m counts the units bought in months
    m - life + 1 .. m - 1 (a unit retires after `life` months; units no longer needed are kept).

    >>> purchases(np.array([2.0, 3.0, 3.0, 1.0]), 2).tolist()  # 2, +1, the first 2 retire, ok
    [2.0, 1.0, 2.0, 0.0]
    """
    bought = np.zeros_like(units)
    owned = np.zeros(units.shape[:-1])
    for m in range(units.shape[-1]):
        if m >= life:
            owned = owned - bought[..., m - life]
        need = units[..., m] - owned
        buy = need > EPS
        bought[..., m] = np.where(buy, need, 0.0)
        owned = np.where(buy, owned + need, owned)
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
    if months_ahead == 0 or monthly_cost == 0:
        return np.zeros_like(units), np.zeros_like(units)
    return advance_rent_schedule(units, np.full(units.shape[-1], monthly_cost), months_ahead)


def advance_rent_schedule(
    units: FloatArray, monthly_cost: FloatArray, months_ahead: int
) -> tuple[FloatArray, FloatArray]:
    """`advance_rent` with a monthly cost per unit by month (`monthly_cost`, shape (months,));
    `units` (months,) or (runs, months), each run on its own: paid = months_ahead x monthly_cost
    x units in the first month with units; held_m = held_{m-1} + paid_m - min(held_{m-1} +
    paid_m, units_m x monthly_cost_m) from that month on."""
    paid, held = np.zeros_like(units), np.zeros_like(units)
    started = units > EPS
    if not started.any():
        return paid, held
    ever = started.any(axis=-1)
    first = np.argmax(started, axis=-1)
    at_first = np.take_along_axis(units, np.asarray(first)[..., None], -1)[..., 0]
    np.put_along_axis(
        paid,
        np.asarray(first)[..., None],
        np.where(ever, months_ahead * monthly_cost[first] * at_first, 0.0)[..., None],
        -1,
    )
    left = np.zeros(units.shape[:-1])
    for m in range(int(np.min(np.where(ever, first, units.shape[-1]))), units.shape[-1]):
        on = ever & (m >= first)
        left = np.where(on, left + paid[..., m], left)
        left = np.where(on, left - np.minimum(left, units[..., m] * monthly_cost[m]), left)
        held[..., m] = np.where(on, left, 0.0)
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
    months = seats.shape[-1]
    total = headcount.sum(axis=-2) if headcount.size else np.zeros(seats.shape)
    if on_site is not None:
        total = on_site
    count = {
        "per_seat": seats,
        "per_employee": total,
        "per_site": np.full(seats.shape, float(resources.sites)),
        "fixed": np.ones(seats.shape),
    }
    rows = np.zeros((*seats.shape[:-1], len(resources.items), months))
    for i, item in enumerate(resources.items):
        if item.basis == "per_role":
            chosen = [role_names.index(r) for r in item.roles if r in role_names]
            rows[..., i, :] = headcount[..., chosen, :].sum(axis=-2) if chosen else 0.0
        else:
            rows[..., i, :] = count[item.basis]
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
    With a leading run axis on seats, headcount and on_site, every result has it too.

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
        u = units[..., i, :]
        opex[..., i, :] = u * item.monthly_cost
        if item.ownership == "buy":
            bought[..., i, :] = purchases(u, item.useful_life_months)
            retired[..., i, :] = shift(bought[..., i, :], item.useful_life_months)
            capex[..., i, :] = bought[..., i, :] * item.one_time_cost
            depreciation[..., i, :] = rolling_sum(capex[..., i, :], item.useful_life_months) / (
                item.useful_life_months
            )
        else:
            added = np.maximum(u - shift(u, 1), 0.0)
            opex[..., i, :] += added * item.one_time_cost
        deposit[..., i, :] = u * (item.deposit + item.deposit_months * item.monthly_cost)
        advance_paid[..., i, :], advance_held[..., i, :] = advance_rent(
            u, item.monthly_cost, item.advance_rent_months
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


@dataclass(frozen=True)
class PaperworkFees:
    """Per paperwork item, shape (items, months), money."""

    paid: FloatArray
    """Cash paid that month: the one-time fee in the start month, the yearly fee at the start of
    each year it covers."""
    expense: FloatArray
    """Expensed that month (the P&L's paperwork line): the one-time fee in the start month plus
    yearly fee / 12 in every month from the start month."""
    prepaid: FloatArray
    """Yearly fees paid and not yet expensed at the end of the month (an asset)."""


def paperwork_fees(paperwork: Paperwork, months: int) -> PaperworkFees:
    """Fees paid, expensed and prepaid per item and month, shape (items, months).

    For an item starting in month s (`start_month`) and month m >= s, k = (m - s) mod 12:
    paid = one_time_fee [m = s] + yearly_fee [k = 0]; expense = one_time_fee [m = s] +
    yearly_fee / 12; prepaid = yearly_fee x (11 - k) / 12 (so prepaid_m = prepaid_{m-1} + paid -
    expense for the yearly part). All 0 before month s and for "not_needed" items.

    Worked example: a licence of 12,000 a year from month 1 is paid in months 1 and 13,
    expensed 1,000 a month; 11,000 is prepaid at the end of month 1, 0 at the end of month 12.

    >>> from planner.model.plan import PaperworkItem
    >>> f = paperwork_fees(Paperwork(items=[PaperworkItem(name="L", yearly_fee=12_000)]), 13)
    >>> f.paid[0, [0, 1, 12]].tolist(), f.expense[0, [0, 11]].tolist()
    ([12000.0, 0.0, 12000.0], [1000.0, 1000.0])
    >>> f.prepaid[0, [0, 1, 11, 12]].tolist()
    [11000.0, 10000.0, 0.0, 11000.0]
    """
    t = np.arange(1, months + 1)
    shape = (len(paperwork.items), months)
    paid, expense, prepaid = np.zeros(shape), np.zeros(shape), np.zeros(shape)
    for i, item in enumerate(paperwork.items):
        if item.status == "not_needed":
            continue
        started = t >= item.start_month
        k = (t - item.start_month) % 12
        first = t == item.start_month
        paid[i] = np.where(first, item.one_time_fee, 0.0)
        paid[i] += np.where(started & (k == 0), item.yearly_fee, 0.0)
        expense[i] = np.where(first, item.one_time_fee, 0.0)
        expense[i] += np.where(started, item.yearly_fee / 12.0, 0.0)
        prepaid[i] = np.where(started, item.yearly_fee * (11 - k) / 12.0, 0.0)
    return PaperworkFees(paid=paid, expense=expense, prepaid=prepaid)
