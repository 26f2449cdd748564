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
- Unit price in contract month k of a contract signed in plan year s (s = 1 for a start in months
  1..12): price x (1 + list_escalation)^(s - 1) x (1 + yearly_escalation)^(y - 1), y = the
  contract year (y = 1 for contract months 1..12; renewals carry on counting).
- Renewal and churn (expected values, like pipeline probability): a contract with a term counts
  in contract month k with weight renewal_probability^n, n = floor((k - 1) / term_months) the
  renewals it needs to be running (renewal 0: it ends at its term); a kind of won client counts
  with weight (1 - yearly_churn)^((k - 1) / 12) (a monthly churn of 1 - (1 - yearly_churn)^(1/12)).
- Billed units by pricing model, with `fte` the client's share of its line's FTE (pro rata by
  volume):
  per_fte_month: fte; per_productive_hour: the billable hours of that fte,
  fte x paid_hours_per_month x (1 - shrinkage) x utilisation, where utilisation is the line's
  share of productive hours spent on the work (items and project lines; 1 for queue lines, whose
  agents bill every logged-in hour): on a project line this is the client's hours, on an items line
  items x minutes per item / 60, so a lower utilisation costs staff and never raises revenue;
  per_item: volume; monthly_retainer: 1 each active month (x probability, x clients in a cohort).
  per_paid_hour: fte x paid_hours_per_month (every paid hour, shrinkage included).
  per_handled_minute: volume x minutes per unit (`minutes_per_unit`): a queue line's
  aht_seconds / 60, an items line's minutes_per_item, a project line's 60 a planned hour, an
  outbound line's contact_rate x (talk_seconds + wrap_seconds) / 60 a dial (the conversations).
  per_seat: the client's share (pro rata by volume, like fte) of the seats its line's work needs
  (`line_seats`): a queue or outbound line's peak agents (agents at once in the busiest interval,
  the desks the work keeps busy), an items or project line's fte x seats per person of the plan's
  shift pattern (1 in office hours, 1/2 on two shifts, 1/3 on three). Worked example: a queue
  line with 12 peak agents and 30 FTE, two clients with 600 and 400 contacts: they bill 7.2 and
  4.8 seats; an items line of 6 FTE on two shifts needs 6 x 1/2 = 3 seats.
  base_plus_per_item: billed units = volume (priced per contact) plus the monthly base fee
  (`ClientBook.base_fee`) each active month, weighted like a retainer (x probability, renewals,
  churn, x clients in a cohort): the ramp does not scale the base. The base fee rises with the
  price (list and yearly escalation) and the price driver scales it like the price.
- Revenue per client and month (`billed_revenue`) = billed units x unit price + base fee billed.
- Collections (`collection_lag`): month m's revenue is invoiced on the month's last day
  ("arrears") or its first day ("advance", so never before the month served: no deferred
  revenue). It is paid D = payment_days + late_days days after the invoice date, in whole months
  of 30.4375 days (365.25 / 12) counted from that date: arrears in month m + ceil(D / 30.4375),
  advance in month m + floor(D / 30.4375). Net 30 in arrears: the next month; net 45 + 10 days
  late in arrears: ceil(55 / 30.4375) = 2 months later. A share `bad_debt_rate` of each invoice
  is never paid: written off as bad debts in the month invoiced (an operating expense), so
  receivables = invoices not yet collected x (1 - bad_debt_rate), and revenue = collections +
  bad debts + the rise of receivables. Cash due after the horizon stays in receivables.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from planner.engine.months import shift
from planner.model.plan import (
    ARRIVAL_WORKLOADS,
    SEATS_PER_PERSON,
    Contract,
    Invoicing,
    Marketing,
    Plan,
    Service,
    ServiceLine,
)
from planner.queueing.channels import handled_seconds_per_dial
from planner.rounding import FloatArray, ceil_exact, floor_exact


@dataclass(frozen=True)
class ClientBook:
    """Every service every client buys, over the months: the plan's clients (each of their
    services in order), then the marketing wins (per month, per kind of won client, each of the
    kind's services). One row per client service; arrays have shape (rows, months), or (runs,
    rows, months) for many runs at once (`run_book`)."""

    names: list[str]
    """The client (or won cohort) of each row: a client with two services has two rows."""
    services: list[Service]
    payment_days: list[int]
    """The row's client's days to pay an invoice (from the invoice date)."""
    collection_lag: list[int]
    """Months from the month served to the month its invoice is paid (`collection_lag`)."""
    bad_debt_rate: list[float]
    """Share of the row's invoices never paid."""
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
    base_fee: FloatArray
    """Monthly base fee billed (base_plus_per_item rows, 0 on others): the escalated base fee x
    the expected active contracts, not ramped (module docstring)."""

    def clients(self) -> FloatArray:
        """Expected active clients per month, shape (months,): each client counted once however
        many services it buys (its services share its term and probability)."""
        if not self.party:
            return np.zeros(self.active.shape[:-2] + self.active.shape[-1:])
        _, first_row = np.unique(np.asarray(self.party), return_index=True)
        return np.asarray(self.active[..., first_row, :].sum(axis=-2), dtype=float)


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
    *,
    renewal: float = 0.0,
    churn: float = 0.0,
    monthly_volume: npt.ArrayLike | None = None,
    price: npt.ArrayLike | None = None,
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """(volume, active, unit_price, contract_month) of a service signed in `start_month` (one or
    several) for `term_months` (None: to the end of the plan); contract_month is 1 in the first
    month, 0 outside the contract. With a `renewal` probability the contract runs on after its
    term with weight renewal^(renewals needed); `churn` is a yearly churn (module docstring).

    Arrays have shape (len(start_month), months), or (months,) for one start month.
    `monthly_volume` and `price` (one per start month, or per run of `planner.engine.batch`)
    replace the service's own figures when given; `weight` may have one value per start month.

    A 12-month term with a 50% renewal chance, signed in month 13 at 100 with a 5% list rise
    and a 10% yearly rise: 105 in its first year (weight 1), 115.5 in its second (weight 0.5):

    >>> s = Service(service_line="x", monthly_volume=1, price=100, yearly_escalation=0.1,
    ...     list_escalation=0.05)
    >>> _, active, price, _ = contract_schedule(s, 12, 13, 1.0, 36, renewal=0.5)
    >>> [float(active[12]), float(active[24])], [float(price[12]), round(float(price[24]), 2)]
    ([1.0, 0.5], [105.0, 115.5])
    """
    start = np.asarray(start_month)
    k = np.arange(1, months + 1) - start[..., None] + 1  # contract month, 1 at the start
    term = term_months if term_months is not None else months
    on = (k >= 1) & ((k <= term) | (renewal > 0))
    done = np.maximum(k - 1, 0)  # contract months before this one
    renewed = renewal ** (done // term)  # 0.0 ** 0 == 1: the first term counts in full
    stayed = (1.0 - churn) ** (done / 12.0)
    ramp = np.minimum(1.0, k / (service.ramp_months + 1))
    weight_k = np.asarray(weight, dtype=float)[..., None] * renewed * stayed
    active = np.where(on, weight_k, 0.0)
    planned = service.monthly_volume if monthly_volume is None else _column(monthly_volume)
    volume = planned * ramp * active
    signed_year = (start[..., None] - 1) // 12  # plan year of signing - 1
    listed = service.price if price is None else _column(price)
    price_k = (
        listed
        * (1.0 + service.list_escalation) ** signed_year
        * (1.0 + service.yearly_escalation) ** (done // 12)
    )
    unit_price = np.where(on, price_k, 0.0)
    return volume, active, unit_price, np.where(on, k, 0).astype(float)


def base_fee_schedule(
    service: Service,
    term_months: int | None,
    start_month: npt.ArrayLike,
    weight: npt.ArrayLike,
    months: int,
    *,
    renewal: float = 0.0,
    churn: float = 0.0,
    base_fee: npt.ArrayLike | None = None,
) -> FloatArray | None:
    """The monthly base fee billed of a base_plus_per_item service (None for any other model):
    active x base fee x (1 + list_escalation)^(plan year signed - 1) x (1 + yearly_escalation)^
    (contract year - 1), with `active` the expected contracts of `contract_schedule` (probability,
    renewals, churn, cohort size) and no ramp. `base_fee` (one per run) replaces the service's.

    A 500 base fee, 10% yearly rise, a prospect at 60% signed in month 1: 300 a month in its first
    year (500 x 0.6), 330 in its second (500 x 1.1 x 0.6), whatever its ramp:

    >>> s = Service(service_line="x", monthly_volume=100, ramp_months=3, price=2.0,
    ...     pricing_model="base_plus_per_item", base_fee=500, yearly_escalation=0.1)
    >>> fee = base_fee_schedule(s, None, 1, 0.6, 24)
    >>> [round(float(fee[0]), 2), round(float(fee[12]), 2)]
    [300.0, 330.0]
    """
    if service.pricing_model != "base_plus_per_item":
        return None
    fee = service.base_fee if base_fee is None else base_fee
    _, active, escalated, _ = contract_schedule(
        service, term_months, start_month, weight, months, renewal=renewal, churn=churn, price=fee
    )
    billed: FloatArray = active * escalated
    return billed


def _column(values: npt.ArrayLike) -> FloatArray:
    """One value per start month (or run) as a column against the months."""
    out: FloatArray = np.asarray(values, dtype=float)[..., None]
    return out


def wins_by_kind(shares: list[float], wins: FloatArray) -> FloatArray:
    """Whole clients won per kind and month, shape (..., kinds, months), from whole wins per month
    (shape (..., months): a leading run axis is allowed, each run on its own).

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
    lead = wins.shape[:-1]
    out = np.zeros((*lead, share.size, wins.shape[-1]))
    assigned = np.zeros((*lead, share.size))
    to_date = np.zeros(lead)
    for m in np.flatnonzero((wins > 0.5).reshape(-1, wins.shape[-1]).any(axis=0)):
        new = np.where(wins[..., m] > 0.5, np.rint(wins[..., m]), 0.0)
        to_date = to_date + new
        deficit = share * to_date[..., None] - assigned
        give = np.zeros_like(deficit)
        left = new.copy()
        for k in np.moveaxis(np.argsort(-deficit, axis=-1, kind="stable"), -1, 0):
            pick = k[..., None]
            whole = np.maximum(0.0, np.floor(np.take_along_axis(deficit, pick, -1) + 1e-9))
            g = np.minimum(left[..., None], whole)
            np.put_along_axis(give, pick, np.take_along_axis(give, pick, -1) + g, -1)
            left = left - g[..., 0]
        while (left > 0).any():
            pick = np.argmax(deficit - give, axis=-1)[..., None]
            more = (left > 0)[..., None].astype(float)
            np.put_along_axis(give, pick, np.take_along_axis(give, pick, -1) + more, -1)
            left = left - more[..., 0]
        out[..., m] = give
        assigned += give
    return out


def marketing_funnel(
    marketing: Marketing, months: int, conversion: FloatArray | None = None
) -> MarketingFunnel:
    """Spend, leads and whole clients won per channel and month (see the module docstring).

    `conversion`: each channel's conversion rate per run, shape (runs, channels), in place of the
    plan's (`planner.engine.batch`); expected and whole wins then have shape (runs, channels,
    months), spend and leads stay (channels, months)."""
    t = np.arange(1, months + 1)
    rows = len(marketing.channels)
    spend = np.zeros((rows, months))
    leads = np.zeros((rows, months))
    planned = np.zeros((rows, 1))
    for i, ch in enumerate(marketing.channels):
        end = ch.end_month if ch.end_month is not None else months
        on = (t >= ch.start_month) & (t <= end)
        spend[i] = np.where(on, ch.monthly_budget, 0.0)
        leads[i] = np.where(on, ch.leads_per_month, 0.0)
        planned[i] = ch.conversion_rate
    rate = planned if conversion is None else np.asarray(conversion, dtype=float)[..., None]
    expected = shift(leads * rate, marketing.sales_cycle_months)
    whole = floor_exact(np.cumsum(expected, axis=-1))
    won = np.diff(whole, axis=-1, prepend=0.0)
    return MarketingFunnel(spend=spend, leads=leads, expected_wins=expected, clients_won=won)


class _Rows:
    """The ClientBook's rows as they are added."""

    def __init__(self, months: int) -> None:
        self.months = months
        self.names: list[str] = []
        self.services: list[Service] = []
        self.payment_days: list[int] = []
        self.lag: list[int] = []
        self.bad_debt: list[float] = []
        self.party: list[int] = []
        self.sources: list[tuple[str, int, int]] = []
        self.arrays: list[tuple[FloatArray, FloatArray, FloatArray, FloatArray]] = []
        self.fees: list[FloatArray | None] = []

    def add(
        self,
        name: str,
        contract: Contract,
        source: tuple[str, int],
        start_month: npt.ArrayLike,
        weight: npt.ArrayLike,
        *,
        churn: float = 0.0,
        terms: RunTerms | None = None,
    ) -> None:
        """One client's (or cohort's) rows, one per service of its contract: its
        `contract_schedule` and `base_fee_schedule` over the contract's term and renewal, with
        the given start month(s), weight(s) and yearly churn. With `terms` (`run_book`), each
        service's monthly volume, price and base fee are the runs' (by its source), else the
        service's own; the single and batch books build their rows here alike."""
        party = (self.party[-1] + 1) if self.party else 0
        for j, service in enumerate(contract.services):
            key = (source[0], source[1], j)
            args = (service, contract.term_months, start_month, weight, self.months)
            renewal = contract.renewal_probability
            self.names.append(name)
            self.services.append(service)
            self.payment_days.append(contract.payment_days)
            self.lag.append(
                collection_lag(contract.invoicing, contract.payment_days + contract.late_days)
            )
            self.bad_debt.append(contract.bad_debt_rate)
            self.party.append(party)
            self.sources.append(key)
            self.arrays.append(
                contract_schedule(
                    *args,
                    renewal=renewal,
                    churn=churn,
                    monthly_volume=None if terms is None else terms.volume[key],
                    price=None if terms is None else terms.price[key],
                )
            )
            self.fees.append(
                base_fee_schedule(
                    *args,
                    renewal=renewal,
                    churn=churn,
                    base_fee=None if terms is None else terms.base_fee.get(key),
                )
            )

    def book(self, runs: tuple[int, ...] = ()) -> ClientBook:
        """The book; `runs`: the leading run axis of the rows' arrays (`run_book`)."""
        empty = np.zeros((*runs, 0, self.months))
        shape = (*runs, self.months)
        volume, active, price, k = (
            np.stack([np.broadcast_to(a[c], shape) for a in self.arrays], axis=-2)
            if self.arrays
            else empty
            for c in range(4)
        )
        base_fee = (
            np.stack([np.broadcast_to(0.0 if f is None else f, shape) for f in self.fees], axis=-2)
            if self.fees
            else empty
        )
        return ClientBook(
            names=self.names,
            services=self.services,
            payment_days=self.payment_days,
            collection_lag=self.lag,
            bad_debt_rate=self.bad_debt,
            party=self.party,
            sources=self.sources,
            volume=volume,
            active=active,
            unit_price=price,
            contract_month=k,
            base_fee=base_fee,
        )


def client_book(plan: Plan, clients_won_by_month: FloatArray) -> ClientBook:
    """All contracts: the plan's clients, then one cohort per month and kind of won client
    (`wins_by_kind`), named "<kind> N" or "<kind>s N-M" (numbered within the kind)."""
    months = plan.months
    rows = _Rows(months)
    for i, client in enumerate(plan.business_plan.clients):
        weight = client.probability if client.status == "pipeline" else 1.0
        rows.add(client.name, client, ("client", i), client.start_month, weight)
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
            rows.add(name, kind, ("won", i), m + 1, count, churn=kind.yearly_churn)
    return rows.book()


@dataclass(frozen=True)
class RunTerms:
    """The contracts' figures in each of R runs, built by `planner.engine.batch` from the drivers
    by the rules of `planner.model.drivers.apply_drivers`.

    start (R, clients) and weight (R, clients): each plan client's start month and weight (1 for a
    signed client or a prospect that signed in the run, 0 for one left out); volume and price:
    (R,) monthly volume and price of each contract service, by its source ("client", client index,
    service index) or ("won", kind index, service index) (`ClientBook.sources`); base_fee: (R,)
    monthly base fee of each base_plus_per_item service, by its source (the plan's when absent)."""

    start: npt.NDArray[np.int64]
    weight: FloatArray
    volume: dict[tuple[str, int, int], FloatArray]
    price: dict[tuple[str, int, int], FloatArray]
    base_fee: dict[tuple[str, int, int], FloatArray] = field(default_factory=dict)


def run_book(plan: Plan, clients_won_by_month: FloatArray, terms: RunTerms) -> ClientBook:
    """`client_book` for R runs at once: arrays (R, rows, months).

    The rows are the same in every run: the plan's clients (a client left out of a run has weight
    0 there, so no volume, contracts or revenue, as if it were not in the plan), then one cohort
    per month and kind of won client in month order (`client_book`'s order), named "<kind> won in
    month m", whose count in a run is that run's wins of the kind that month (0: an empty row)."""
    months = plan.months
    runs = terms.weight.shape[:-1]
    rows = _Rows(months)
    for i, client in enumerate(plan.business_plan.clients):
        rows.add(
            client.name,
            client,
            ("client", i),
            terms.start[..., i],
            terms.weight[..., i],
            terms=terms,
        )
    kinds = plan.marketing.won_clients
    if kinds:
        by_kind = wins_by_kind([k.share for k in kinds], clients_won_by_month)
        for m in np.flatnonzero((by_kind > 0.5).reshape(-1, months).any(axis=0)):
            for i, kind in enumerate(kinds):
                count = by_kind[..., i, m]
                if not (count > 0.5).any():
                    continue
                name = f"{kind.name} won in month {m + 1}"
                rows.add(name, kind, ("won", i), m + 1, count, churn=kind.yearly_churn, terms=terms)
    return rows.book(runs)


def line_volumes(plan: Plan, book: ClientBook) -> dict[str, FloatArray]:
    """Pooled volume per service line (all clients, weighted), in the line's unit per month
    (shape (months,), or (runs, months) for a `run_book`)."""
    shape = (*book.volume.shape[:-2], plan.months)
    out = {line.id: np.zeros(shape) for line in plan.specialty.service_lines}
    for i, service in enumerate(book.services):
        out[service.service_line] = out[service.service_line] + book.volume[..., i, :]
    return out


def billed_units(
    plan: Plan,
    book: ClientBook,
    line_volume: dict[str, FloatArray],
    line_fte: dict[str, FloatArray],
    *,
    peak_agents: Mapping[str, FloatArray] | None = None,
    handling: Mapping[str, FloatArray] | None = None,
) -> FloatArray:
    """Billed units per client and month by pricing model (see the module docstring).

    `peak_agents`: each queue and outbound line's peak agents per month
    (`LineWorkload.peak_agents`), needed by per_seat services; `handling`: each queue line's AHT
    (seconds), outbound line's handle-time factor and items line's minutes per item in each run
    (shape (R,), `planner.engine.batch`) in place of the plan's."""
    staffing = plan.staffing
    productive_hours = staffing.paid_hours_per_month * (1.0 - staffing.shrinkage)
    out = np.zeros_like(book.volume)
    for i, contract in enumerate(book.services):
        model = contract.pricing_model
        line = contract.service_line
        if model in ("per_item", "base_plus_per_item"):
            out[..., i, :] = book.volume[..., i, :]
        elif model == "monthly_retainer":
            out[..., i, :] = book.active[..., i, :]
        elif model == "per_handled_minute":
            minutes = minutes_per_unit(plan.service_line(line), (handling or {}).get(line))
            out[..., i, :] = book.volume[..., i, :] * minutes
        else:
            total = line_volume[line]
            share = np.divide(
                book.volume[..., i, :], total, out=np.zeros_like(total), where=total > 0
            )
            if model == "per_seat":
                out[..., i, :] = share * line_seats(plan, line, line_fte[line], peak_agents)
                continue
            fte = share * line_fte[line]
            if model == "per_fte_month":
                out[..., i, :] = fte
            elif model == "per_paid_hour":
                out[..., i, :] = fte * staffing.paid_hours_per_month
            else:
                workload = plan.service_line(line).workload
                # queue and outbound staff are on the work whenever productive
                billable = 1.0 if isinstance(workload, ARRIVAL_WORKLOADS) else workload.utilisation
                out[..., i, :] = fte * productive_hours * billable
    return out


def minutes_per_unit(line: ServiceLine, handling: FloatArray | None = None) -> FloatArray | float:
    """Handled minutes in one unit of a line's volume (per_handled_minute): a queue line's
    aht_seconds / 60 (a 300 s call: 5 minutes), an items line's minutes_per_item, a project
    line's 60 (its volume is hours), an outbound line's conversations per dial: contact_rate x
    (talk_seconds + wrap_seconds) / 60 (`handled_seconds_per_dial`; 30 % reached at 180 + 60 s:
    72 s = 1.2 minutes a dial; dials that reach no one are agent time, not handled minutes).
    `handling` (one per run) replaces the AHT or minutes per item, and on an outbound line is the
    handle-time factor on talk and wrap-up (`planner.model.drivers`); it comes back as a column
    against the months.

    >>> from planner.model.plan import ServiceLine
    >>> minutes_per_unit(ServiceLine(id="v", name="Voice", family="front_office",
    ...     workload={"type": "queue", "aht_seconds": 300}))
    5.0
    >>> minutes_per_unit(ServiceLine(id="o", name="Sales", family="front_office",
    ...     workload={"type": "outbound"}))
    1.2
    """
    work = line.workload
    if work.type == "project":
        return 60.0
    if work.type == "queue":
        aht = work.aht_seconds if handling is None else _column(handling)
        return aht / 60.0
    if work.type == "outbound":
        if handling is None:
            return (
                handled_seconds_per_dial(work.contact_rate, work.talk_seconds, work.wrap_seconds)
                / 60.0
            )
        factor = _column(handling)  # as `drivers._line`: talk and wrap-up x the factor
        seconds = handled_seconds_per_dial(
            work.contact_rate, work.talk_seconds * factor, work.wrap_seconds * factor
        )
        return seconds / 60.0
    return work.minutes_per_item if handling is None else _column(handling)


def line_seats(
    plan: Plan,
    line_id: str,
    fte: FloatArray,
    peak_agents: Mapping[str, FloatArray] | None,
) -> FloatArray:
    """Seats a line's work needs per month (per_seat billing, module docstring): a queue or
    outbound line's peak agents (agents at once in the busiest interval), an items or project
    line's fte x the seats per person of the plan's shift pattern (`SEATS_PER_PERSON`)."""
    if isinstance(plan.service_line(line_id).workload, ARRIVAL_WORKLOADS):
        if peak_agents is None:
            raise ValueError("per-seat billing needs the queue and outbound lines' peak agents")
        return peak_agents[line_id]
    seats: FloatArray = fte * SEATS_PER_PERSON[plan.staffing.shift_pattern]
    return seats


def billed_revenue(units: FloatArray, book: ClientBook) -> FloatArray:
    """Revenue per client row and month: billed units x unit price + the base fee billed
    (base_plus_per_item; 0 on other models). 1,000 contacts at 0.50 on a 2,000 base: 2,500."""
    revenue: FloatArray = units * book.unit_price + book.base_fee
    return revenue


DAYS_PER_MONTH = 365.25 / 12
"""The average month, 30.4375 days, in which payment days are counted."""


def collection_lag(invoicing: Invoicing, days: int) -> int:
    """Months from the month served to the month its invoice is paid, `days` after the invoice
    date: in arrears (invoiced on the month's last day) ceil(days / 30.4375), in advance
    (invoiced on its first day) floor(days / 30.4375).

    >>> [collection_lag("arrears", d) for d in (0, 30, 31, 45, 55, 61)]
    [0, 1, 2, 2, 2, 3]
    >>> [collection_lag("advance", d) for d in (0, 30, 31, 45, 61)]
    [0, 0, 1, 1, 2]
    """
    months = np.asarray(days / DAYS_PER_MONTH)
    whole = ceil_exact(months) if invoicing == "arrears" else floor_exact(months)
    return int(whole)


def _by_lag(
    revenue: FloatArray, lags: list[int], bad_debt: list[float]
) -> Iterator[tuple[FloatArray, int]]:
    """(revenue to be collected per month: invoiced x (1 - bad debt rate), months of delay) for
    each distinct collection lag; `revenue` of shape (..., clients, months), the sums of shape
    (..., months)."""
    lag = np.asarray(lags, dtype=int)
    paid = revenue * (1.0 - np.asarray(bad_debt, dtype=float))[:, None]
    for d in np.unique(lag):
        yield paid[..., lag == d, :].sum(axis=-2), int(d)


def collections(revenue: FloatArray, lags: list[int], bad_debt: list[float]) -> FloatArray:
    """Cash collected per month from (clients, months) revenue: each row's invoices x (1 - its
    bad debt rate), `lags` months after the month served (`collection_lag`); cash due past the
    horizon is left out. Runs of one plan at once: revenue (..., clients, months) gives cash
    (..., months), the clients' terms the same in every run.

    10,000 invoiced in month 1 in arrears, net 45 + 10 days late (lag 2), 1% bad debts:
    9,900 collected in month 3.

    >>> collections(np.array([[10_000.0, 0.0, 0.0, 0.0]]), [2], [0.01]).tolist()
    [0.0, 0.0, 9900.0, 0.0]
    """
    cash = np.zeros(revenue.shape[:-2] + revenue.shape[-1:])
    for paid, lag in _by_lag(revenue, lags, bad_debt):
        cash += shift(paid, lag)
    return cash


def bad_debts(revenue: FloatArray, bad_debt: list[float]) -> FloatArray:
    """Invoices written off per month, shape (months,): sum over rows of revenue x bad debt rate
    (in the month invoiced). Revenue of shape (..., clients, months) gives (..., months).

    >>> bad_debts(np.array([[10_000.0, 0.0]]), [0.01]).tolist()
    [100.0, 0.0]
    """
    if not bad_debt:
        return np.zeros(revenue.shape[:-2] + revenue.shape[-1:])
    return np.asarray((revenue * np.asarray(bad_debt, dtype=float)[:, None]).sum(axis=-2))


def unpaid_invoices(revenue: FloatArray, lags: list[int], bad_debt: list[float]) -> FloatArray:
    """Receivables: invoices not yet paid at the end of each month, less those written off:
    receivables_t = sum over rows of (1 - bad debt rate) x (revenue_{t-lag+1} + ... + revenue_t),
    summed from the few open invoices (never a difference of cumulative sums, whose rounding in
    the millions made it -2e-9 once a contract had ended). Revenue of shape (..., clients,
    months) gives (..., months).

    >>> unpaid_invoices(np.array([[10_000.0, 0.0, 0.0, 0.0]]), [2], [0.01]).tolist()
    [9900.0, 9900.0, 0.0, 0.0]
    """
    owed = np.zeros(revenue.shape[:-2] + revenue.shape[-1:])
    for paid, lag in _by_lag(revenue, lags, bad_debt):
        for back in range(lag):
            owed += shift(paid, back)
    return owed
