"""Costs entered in a location's currency, converted to the plan's reporting currency by month.

A plan reports in `settings.currency` (statements, prices, KPIs). Roles, resource items and
paperwork items are paid in the currency of their location (`Settings.cost_location`): a wage of
58,000 PHP in Manila. The engine computes each cost in its own currency, then converts it:

    reported_m = cost_m / rate_y,  rate_y = the location's rate in the plan year y of month m
    (`planner.model.plan.CostLocation.rate_in_year`: rate x (1 + drift)^(y - 1), or the rate given
    for that year).

Hand-checked: 58,000 PHP at 58 PHP per USD is 1,000 USD in year 1; with +3% drift year 2's rate
is 58 x 1.03 = 59.74 and the same wage is 58,000 / 59.74 = 970.87 USD.

Resources, per item (`convert_resources`): capex and opex at the month's rate; depreciation
straight line over the converted capex (each purchase at the rate of its month, as booked);
deposits paid or refunded at the month's rate (held = the sum of those payments); advance rent
paid at the month's rate and used up by the converted rent of each month. A cost whose location
pays in the reporting currency converts at 1 and is left exactly as computed.

Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from planner.engine.costs import PaperworkFees, ResourceCosts, advance_rent_schedule
from planner.engine.months import plan_year, rolling_sum, shift
from planner.model.plan import PaperworkItem, ResourceItem, Settings
from planner.rounding import FloatArray


def rate_by_month(settings: Settings, location: str, months: int) -> FloatArray:
    """Units of the location's cost currency per reporting unit, by month, shape (months,):
    the rate of each month's plan year (1.0 for a location paying in the reporting currency)."""
    place = settings.cost_location(location)
    years = plan_year(np.arange(1, months + 1))
    return np.array([place.rate_in_year(int(y)) for y in years], dtype=float)


def factors(settings: Settings, locations: Sequence[str], months: int) -> FloatArray:
    """Reporting units per cost-currency unit, shape (len(locations), months): 1 / the month's
    rate (`rate_by_month`) of each cost's location. 1.0 exactly where the rate is 1."""
    rows = [1.0 / rate_by_month(settings, loc, months) for loc in locations]
    return np.array(rows) if rows else np.zeros((0, months))


def advance_rent_reported(
    units: FloatArray, monthly_cost: FloatArray, months_ahead: int
) -> tuple[FloatArray, FloatArray]:
    """(paid, held) advance rent in the reporting currency, per month, for a monthly cost per unit
    already converted month by month (`monthly_cost`, shape (months,)).

    paid = months_ahead x monthly_cost_first x units_first in the first month with units; held_m
    = held_{m-1} + paid_m - min(held_{m-1} + paid_m, units_m x monthly_cost_m): the rule of
    `planner.engine.costs.advance_rent` with the month's converted rent.
    """
    if months_ahead == 0 or not monthly_cost.any():
        return np.zeros_like(units), np.zeros_like(units)
    return advance_rent_schedule(units, monthly_cost, months_ahead)


def convert_resources(
    res: ResourceCosts, items: Sequence[ResourceItem], factor: FloatArray
) -> ResourceCosts:
    """Resource costs computed in each item's own currency -> the reporting currency.

    `factor`: reporting units per cost unit, shape (items, months) (`factors`). capex and opex x
    factor; depreciation = the converted capex of the last useful_life_months months /
    useful_life_months; deposits held = running sum of (change in deposits held x factor);
    advance rent: `advance_rent_reported` with monthly_cost x factor. Units and counts unchanged;
    an item whose factor is 1 every month is kept as it is.
    """
    out = {
        name: getattr(res, name).copy()
        for name in ("capex", "depreciation", "opex", "deposit", "advance_rent_paid")
    }
    out["advance_rent"] = res.advance_rent.copy()
    for i, item in enumerate(items):
        f = factor[i]
        if np.all(f == 1.0):
            continue
        out["capex"][..., i, :] = res.capex[..., i, :] * f
        out["opex"][..., i, :] = res.opex[..., i, :] * f
        if item.ownership == "buy":
            life = item.useful_life_months
            out["depreciation"][..., i, :] = rolling_sum(out["capex"][..., i, :], life) / life
        change = res.deposit[..., i, :] - shift(res.deposit[..., i, :], 1)
        out["deposit"][..., i, :] = np.cumsum(change * f, axis=-1)
        out["advance_rent_paid"][..., i, :], out["advance_rent"][..., i, :] = advance_rent_reported(
            res.units[..., i, :], item.monthly_cost * f, item.advance_rent_months
        )
    return ResourceCosts(
        basis_count=res.basis_count,
        units=res.units,
        bought=res.bought,
        retired=res.retired,
        **out,
    )


def convert_fees(
    fees: PaperworkFees, items: Sequence[PaperworkItem], factor: FloatArray
) -> PaperworkFees:
    """Paperwork fees in the reporting currency, shape (items, months): every amount at the factor
    (reporting units per cost unit, `factors`) of the month its fee was paid, p = t - ((t - s) mod
    12) for an item starting in month s (the start of the year of cover holding month t), so a
    yearly fee is expensed and prepaid at the rate it was paid at and prepaid_t = prepaid_{t-1} +
    paid_t - expense_t holds in the reporting currency too.

    Example: 58,500 PHP a year from month 7 at 58.5 PHP per USD in year 1 and 59.96 in year 2:
    paid 1,000 USD in month 7; months 7 to 18 expense 83.33 USD each (the rate of month 7), not
    81.30 from month 13.

    >>> from planner.engine.costs import paperwork_fees
    >>> from planner.model.plan import Paperwork
    >>> item = PaperworkItem(name="Licence", yearly_fee=58_500, start_month=7)
    >>> fees = paperwork_fees(Paperwork(items=[item]), 19)
    >>> f = np.array([[1 / 58.5] * 12 + [1 / 59.9625] * 7])
    >>> out = convert_fees(fees, [item], f)
    >>> round(float(out.paid[0, 6]), 2), round(float(out.expense[0, 12]), 2)
    (1000.0, 83.33)
    >>> round(float(out.paid[0, 18]), 2), round(float(out.prepaid[0, 17]), 2)
    (975.61, 0.0)
    """
    months = factor.shape[1] if factor.ndim == 2 else 0
    t = np.arange(1, months + 1)
    at = np.ones((len(items), months))
    for i, item in enumerate(items):
        paid_in = np.maximum(t - (t - item.start_month) % 12, 1)
        at[i] = factor[i, paid_in - 1]
    return PaperworkFees(paid=fees.paid * at, expense=fees.expense * at, prepaid=fees.prepaid * at)
