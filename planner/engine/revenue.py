"""Clients, marketing wins and revenue.

- Client volume: a contract runs from its start month for `term_months` (or to the end of the plan).
  Month k of the contract (k = 1, 2, ...) runs at monthly_volume x min(1, k / (ramp_months + 1)).
  Pipeline clients are weighted by their probability (expected values); signed clients and marketing
  wins count in full.
- Marketing: a channel brings `leads_per_month` leads each month from its start to its end month
  (inclusive); leads x conversion_rate are expected wins `sales_cycle_months` later. Whole clients
  won by a channel up to a month = floor(cumulative expected wins of that channel); wins after the
  horizon are dropped. Each win is of one kind of `marketing.won_clients` (`wins_by_kind`: the kinds
  take the wins in proportion to their shares) and signs that kind's contract, starting the month it
  is won. Wins of the same month and kind are one cohort: rows "<kind> N" (or "<kind>s N-M" for
  several, whose volume and billing are the cohort's total), one per service of the kind.
- A client buying several services has one row per service; they share its start, term,
  probability and payment days, and it counts as one client (`ClientBook.clients`).
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
from planner.model.plan import Contract, Marketing, Plan, Service
from planner.rounding import FloatArray, floor_exact


@dataclass(frozen=True)
class ClientBook:
    """Every service every client buys, over the months: the plan's clients (each of their
    services in order), then the marketing wins (per month, per kind of won client, each of the
    kind's services). One row per client service; arrays have shape (rows, months)."""

    names: list[str]
    """The client (or won cohort) of each row: a client with two services has two rows."""
    services: list[Service]
    payment_days: list[int]
    """The row's client's days to pay an invoice."""
    party: list[int]
    """Which client (0, 1, ... the plan's clients, then the won cohorts) each row belongs to."""
    sources: list[tuple[str, int, int]]
    """Where each row's contract is in the plan: ("client", client index, service index) or
    ("won", kind index, service index)."""
    volume: FloatArray
    """Weighted volume in the line's unit per month."""
    active: FloatArray
    """Expected active contracts: probability (x cohort size) in active months, else 0."""
    unit_price: FloatArray
    """Price per billed unit in each active month (0 when inactive)."""
    contract_month: FloatArray
    """Month of the contract (1 in its first month) in active months, 0 otherwise."""

    def clients(self) -> FloatArray:
        """Expected active clients per month, shape (months,): each client counted once however
        many services it buys (its services share its term and probability)."""
        if not self.party:
            return np.zeros(self.active.shape[1])
        _, first_row = np.unique(np.asarray(self.party), return_index=True)
        return np.asarray(self.active[first_row].sum(axis=0), dtype=float)


@dataclass(frozen=True)
class MarketingFunnel:
    """Per channel (shape (channels, months)): spend, leads, expected and whole clients won."""

    spend: FloatArray
    leads: FloatArray
    expected_wins: FloatArray
    """Leads `sales_cycle_months` earlier x conversion rate (fractional clients)."""
    clients_won: FloatArray


def contract_schedule(
    service: Service,
    term_months: int | None,
    start_month: npt.ArrayLike,
    weight: npt.ArrayLike,
    months: int,
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """(volume, active, unit_price, contract_month) of a service signed in `start_month` (one or
    several) for `term_months` (None: to the end of the plan); contract_month is 1 in the first
    month, 0 outside the term.

    Arrays have shape (len(start_month), months), or (months,) for one start month."""
    start = np.asarray(start_month)
    k = np.arange(1, months + 1) - start[..., None] + 1  # contract month, 1 at the start
    term = term_months if term_months is not None else months
    on = (k >= 1) & (k <= term)
    ramp = np.minimum(1.0, k / (service.ramp_months + 1))
    active = np.where(on, np.asarray(weight, dtype=float)[..., None], 0.0)
    volume = service.monthly_volume * ramp * active
    year = np.maximum(k - 1, 0) // 12
    unit_price = np.where(on, service.price * (1.0 + service.yearly_escalation) ** year, 0.0)
    return volume, active, unit_price, np.where(on, k, 0).astype(float)


def wins_by_kind(shares: list[float], wins: FloatArray) -> FloatArray:
    """Whole clients won per kind and month, shape (kinds, months), from whole wins per month.

    Each month's new wins go to the kinds furthest behind their share of all wins to date:
    kind k's deficit = share_k x wins to date - kind k's wins so far; first each kind gets the
    whole part of its deficit (largest deficits first, while wins are left), then one win at a
    time to the largest remaining deficit (the earlier kind on a tie). So every kind's wins to
    date stay within about one client of its share, and the kinds add up to the wins.

    After 3 wins the second kind is behind (0.25 x 3 - 0 > 0.75 x 3 - 2) and takes the 3rd:

    >>> wins_by_kind([0.75, 0.25], np.array([1.0, 1.0, 1.0, 1.0])).tolist()
    [[1.0, 1.0, 0.0, 1.0], [0.0, 0.0, 1.0, 0.0]]
    """
    share = np.asarray(shares, dtype=float)
    out = np.zeros((share.size, wins.size))
    assigned = np.zeros(share.size)
    to_date = 0
    for m in np.flatnonzero(wins > 0.5):
        new = int(np.rint(wins[m]))
        to_date += new
        deficit = share * to_date - assigned
        give = np.zeros(share.size)
        left = new
        for k in np.argsort(-deficit, kind="stable"):
            g = min(left, max(0, int(np.floor(deficit[k] + 1e-9))))
            give[k] += g
            left -= g
        while left > 0:
            k = int(np.argmax(deficit - give))
            give[k] += 1
            left -= 1
        out[:, m] = give
        assigned += give
    return out


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


class _Rows:
    """The ClientBook's rows as they are added."""

    def __init__(self, months: int) -> None:
        self.months = months
        self.names: list[str] = []
        self.services: list[Service] = []
        self.payment_days: list[int] = []
        self.party: list[int] = []
        self.sources: list[tuple[str, int, int]] = []
        self.arrays: list[tuple[FloatArray, FloatArray, FloatArray, FloatArray]] = []

    def add(
        self,
        name: str,
        contract: Contract,
        source: tuple[str, int],
        schedules: list[tuple[FloatArray, FloatArray, FloatArray, FloatArray]],
    ) -> None:
        """One client's (or cohort's) rows: one per service of its contract."""
        party = (self.party[-1] + 1) if self.party else 0
        for j, (service, arrays) in enumerate(zip(contract.services, schedules, strict=True)):
            self.names.append(name)
            self.services.append(service)
            self.payment_days.append(contract.payment_days)
            self.party.append(party)
            self.sources.append((source[0], source[1], j))
            self.arrays.append(arrays)

    def book(self) -> ClientBook:
        empty = np.zeros((0, self.months))
        volume, active, price, k = (
            (np.array([a[c] for a in self.arrays]) if self.arrays else empty) for c in range(4)
        )
        return ClientBook(
            names=self.names,
            services=self.services,
            payment_days=self.payment_days,
            party=self.party,
            sources=self.sources,
            volume=volume,
            active=active,
            unit_price=price,
            contract_month=k,
        )


def client_book(plan: Plan, clients_won_by_month: FloatArray) -> ClientBook:
    """All contracts: the plan's clients, then one cohort per month and kind of won client
    (`wins_by_kind`), named "<kind> N" or "<kind>s N-M" (numbered within the kind)."""
    months = plan.months
    rows = _Rows(months)
    for i, client in enumerate(plan.business_plan.clients):
        weight = client.probability if client.status == "pipeline" else 1.0
        schedules = [
            contract_schedule(s, client.term_months, client.start_month, weight, months)
            for s in client.services
        ]
        rows.add(client.name, client, ("client", i), schedules)
    kinds = plan.marketing.won_clients
    if kinds:
        by_kind = wins_by_kind([k.share for k in kinds], clients_won_by_month)
        cohorts = sorted(
            (int(m), i) for i in range(len(kinds)) for m in np.flatnonzero(by_kind[i] > 0.5)
        )
        numbered = np.cumsum(by_kind, axis=1)
        for m, i in cohorts:
            kind, count = kinds[i], int(np.rint(by_kind[i, m]))
            final = int(np.rint(numbered[i, m]))
            first = final - count + 1
            name = f"{kind.name} {first}" if count == 1 else f"{kind.name}s {first}-{final}"
            schedules = [
                contract_schedule(s, kind.term_months, m + 1, count, months) for s in kind.services
            ]
            rows.add(name, kind, ("won", i), schedules)
    return rows.book()


def line_volumes(plan: Plan, book: ClientBook) -> dict[str, FloatArray]:
    """Pooled volume per service line (all clients, weighted), in the line's unit per month."""
    out = {line.id: np.zeros(plan.months) for line in plan.specialty.service_lines}
    for service, vol in zip(book.services, book.volume, strict=True):
        out[service.service_line] = out[service.service_line] + vol
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
    for i, contract in enumerate(book.services):
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
