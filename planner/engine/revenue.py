"""Clients, marketing wins and revenue.

- Client volume: a contract runs from its start month for `term_months` (or to the end of the plan).
  Month k of the contract (k = 1, 2, ...) runs at monthly_volume x min(1, k / (ramp_months + 1)).
  Pipeline clients are weighted by their probability (expected values); signed clients and marketing
  wins count in full.
- Marketing: a channel brings `leads_per_month` leads each month from its start to its end month
  (inclusive); leads x conversion_rate are expected wins `sales_cycle_months` later. Whole clients
  won by a channel up to a month = floor(cumulative expected wins of that channel); wins after the
  horizon are dropped. Every win signs `marketing.won_client`, starting the month it is won. Wins of
  the same month are one cohort: a table row "Won client N" (or "Won clients N-M" for several, whose
  volume and billing are the cohort's total).
- Unit price in contract year y (y = 1 for contract months 1..12)
  = price x (1 + yearly_escalation)^(y - 1).
- Billed units by pricing model, with `fte` the client's share of its line's FTE (pro rata by
  volume):
  per_fte_month: fte; per_productive_hour: the billable hours of that fte,
  fte x paid_hours_per_month x (1 - shrinkage) x utilisation, where utilisation is the line's
  share of productive hours spent on the work (items and project lines; 1 for queue lines, whose
  agents bill every logged-in hour): on a project line this is the client's hours, on an items line
  items x minutes per item / 60, so a lower utilisation costs staff and never raises revenue;
  per_item: volume; monthly_retainer: 1 each active month (x probability, x clients in a cohort).
- Collections: an invoice for month m's revenue is paid after `payment_days`, counted in 30-day
  months: d = payment_days / 30; the share 1 - frac(d) arrives floor(d) months later and frac(d)
  one month after that (30 days: all the next month; 45 days: half one month after, half two
  months after; 0 days: the same month).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from planner.engine.months import rolling_sum, shift
from planner.model.plan import Contract, Marketing, Plan
from planner.rounding import FloatArray, floor_exact


@dataclass(frozen=True)
class ClientBook:
    """Every contract of the plan over the months: signed and pipeline clients, then wins.

    Arrays have shape (clients, months)."""

    names: list[str]
    contracts: list[Contract]
    volume: FloatArray
    """Weighted volume in the line's unit per month."""
    active: FloatArray
    """Expected active contracts: probability (x cohort size) in active months, else 0."""
    unit_price: FloatArray
    """Price per billed unit in each active month (0 when inactive)."""
    contract_month: FloatArray
    """Month of the contract (1 in its first month) in active months, 0 otherwise."""


@dataclass(frozen=True)
class MarketingFunnel:
    """Per channel (shape (channels, months)): spend, leads, expected and whole clients won."""

    spend: FloatArray
    leads: FloatArray
    expected_wins: FloatArray
    """Leads `sales_cycle_months` earlier x conversion rate (fractional clients)."""
    clients_won: FloatArray


def contract_schedule(
    contract: Contract, start_month: npt.ArrayLike, weight: npt.ArrayLike, months: int
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """(volume, active, unit_price, contract_month) of a contract signed in `start_month` (one or
    several); contract_month is 1 in the first month, 0 outside the term.

    Arrays have shape (len(start_month), months), or (months,) for one start month."""
    start = np.asarray(start_month)
    k = np.arange(1, months + 1) - start[..., None] + 1  # contract month, 1 at the start
    term = contract.term_months if contract.term_months is not None else months
    on = (k >= 1) & (k <= term)
    ramp = np.minimum(1.0, k / (contract.ramp_months + 1))
    active = np.where(on, np.asarray(weight, dtype=float)[..., None], 0.0)
    volume = contract.monthly_volume * ramp * active
    year = np.maximum(k - 1, 0) // 12
    unit_price = np.where(on, contract.price * (1.0 + contract.yearly_escalation) ** year, 0.0)
    return volume, active, unit_price, np.where(on, k, 0).astype(float)


def marketing_funnel(marketing: Marketing, months: int) -> MarketingFunnel:
    """Spend, leads and whole clients won per channel and month (see the module docstring)."""
    t = np.arange(1, months + 1)
    rows = len(marketing.channels)
    spend = np.zeros((rows, months))
    leads = np.zeros((rows, months))
    conversion = np.zeros((rows, 1))
    for i, ch in enumerate(marketing.channels):
        end = ch.end_month if ch.end_month is not None else months
        on = (t >= ch.start_month) & (t <= end)
        spend[i] = np.where(on, ch.monthly_budget, 0.0)
        leads[i] = np.where(on, ch.leads_per_month, 0.0)
        conversion[i] = ch.conversion_rate
    expected = shift(leads * conversion, marketing.sales_cycle_months)
    whole = floor_exact(np.cumsum(expected, axis=1))
    won = np.diff(whole, axis=1, prepend=0.0)
    return MarketingFunnel(spend=spend, leads=leads, expected_wins=expected, clients_won=won)


def client_book(plan: Plan, clients_won_by_month: FloatArray) -> ClientBook:
    """All contracts: the plan's clients, then one cohort per month with marketing wins."""
    months = plan.months
    names: list[str] = []
    contracts: list[Contract] = []
    volumes: list[FloatArray] = []
    actives: list[FloatArray] = []
    prices: list[FloatArray] = []
    contract_months: list[FloatArray] = []
    for client in plan.business_plan.clients:
        weight = client.probability if client.status == "pipeline" else 1.0
        vol, act, price, k = contract_schedule(client, client.start_month, weight, months)
        names.append(client.name)
        contracts.append(client)
        volumes.append(vol)
        actives.append(act)
        prices.append(price)
        contract_months.append(k)
    won = plan.marketing.won_client
    signing = np.flatnonzero(clients_won_by_month > 0.5)
    if won is not None and signing.size:
        counts = np.rint(clients_won_by_month[signing]).astype(int)
        vol, act, price, k = contract_schedule(won, signing + 1, counts, months)
        last = np.cumsum(counts)
        for first, final in zip(last - counts + 1, last, strict=True):
            names.append(
                f"Won client {first}" if first == final else f"Won clients {first}-{final}"
            )
            contracts.append(won)
        volumes.extend(vol)
        actives.extend(act)
        prices.extend(price)
        contract_months.extend(k)
    empty = np.zeros((0, months))
    return ClientBook(
        names=names,
        contracts=contracts,
        volume=np.array(volumes) if volumes else empty,
        active=np.array(actives) if actives else empty,
        unit_price=np.array(prices) if prices else empty,
        contract_month=np.array(contract_months) if contract_months else empty,
    )


def line_volumes(plan: Plan, book: ClientBook) -> dict[str, FloatArray]:
    """Pooled volume per service line (all clients, weighted), in the line's unit per month."""
    out = {line.id: np.zeros(plan.months) for line in plan.specialty.service_lines}
    for contract, vol in zip(book.contracts, book.volume, strict=True):
        out[contract.service_line] = out[contract.service_line] + vol
    return out


def billed_units(
    plan: Plan,
    book: ClientBook,
    line_volume: dict[str, FloatArray],
    line_fte: dict[str, FloatArray],
) -> FloatArray:
    """Billed units per client and month by pricing model (see the module docstring)."""
    staffing = plan.staffing
    productive_hours = staffing.paid_hours_per_month * (1.0 - staffing.shrinkage)
    out = np.zeros_like(book.volume)
    for i, contract in enumerate(book.contracts):
        model = contract.pricing_model
        if model == "per_item":
            out[i] = book.volume[i]
        elif model == "monthly_retainer":
            out[i] = book.active[i]
        else:
            total = line_volume[contract.service_line]
            share = np.divide(book.volume[i], total, out=np.zeros_like(total), where=total > 0)
            fte = share * line_fte[contract.service_line]
            if model == "per_fte_month":
                out[i] = fte
            else:
                workload = plan.service_line(contract.service_line).workload
                billable = 1.0 if workload.type == "queue" else workload.utilisation
                out[i] = fte * productive_hours * billable
    return out


def _by_payment_delay(
    revenue: FloatArray, payment_days: list[int]
) -> Iterator[tuple[FloatArray, int, float]]:
    """(revenue invoiced per month, whole months of delay, share paid one month later) for each
    distinct payment_days: delay = payment_days / 30 = lag + frac."""
    days = np.asarray(payment_days)
    for d in np.unique(days):
        delay = float(d) / 30.0
        lag = int(np.floor(delay))
        yield revenue[days == d].sum(axis=0), lag, delay - lag


def collections(revenue: FloatArray, payment_days: list[int]) -> FloatArray:
    """Cash collected per month from (clients, months) revenue, by each client's payment days.

    With delay = payment_days / 30 = lag + frac (lag whole months): cash_t = sum over clients of
    (1 - frac) x revenue_{t-lag} + frac x revenue_{t-lag-1}; cash due past the horizon is left out.

    >>> collections(np.array([[100.0, 100.0, 0.0]]), [45]).tolist()  # half 1, half 2 months on
    [0.0, 50.0, 100.0]
    """
    cash = np.zeros(revenue.shape[1])
    for invoiced, lag, frac in _by_payment_delay(revenue, payment_days):
        cash += (1.0 - frac) * shift(invoiced, lag)
        if frac > 0:
            cash += frac * shift(invoiced, lag + 1)
    return cash


def unpaid_invoices(revenue: FloatArray, payment_days: list[int]) -> FloatArray:
    """Receivables: invoices not yet paid at the end of each month (money), as `collections` pays.

    receivables_t = sum over clients of (revenue_{t-lag+1} + ... + revenue_t)
    + frac x revenue_{t-lag}: cumulative revenue - cumulative `collections`, but summed from the
    few open invoices, so rounding never makes it negative (a difference of cumulative sums in the
    millions did: -2e-9 once a contract had ended).

    >>> unpaid_invoices(np.array([[100.0, 100.0, 0.0]]), [45]).tolist()  # same as collections
    [100.0, 150.0, 50.0]
    """
    owed = np.zeros(revenue.shape[1])
    for invoiced, lag, frac in _by_payment_delay(revenue, payment_days):
        if lag > 0:
            owed += rolling_sum(invoiced, lag)
        owed += frac * shift(invoiced, lag)
    return owed
