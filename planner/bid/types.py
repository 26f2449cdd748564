"""Value types the bid desk's stages hand to each other (one owner: every stage imports these).

Times are the prospect's local clock (naive timestamps, interval starts); money is in the
currency of the plan the costs come from; rates are fractions (0.25 = 25 %).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, get_args

import pandas as pd

from planner.model.plan import PricingModel

BidChannel = Literal["voice", "chat", "email", "back_office", "outbound"]
"""How the work arrives and is staffed: voice (Erlang C, or Erlang A with patience); chat (Erlang
C over chat slots, an agent working up to `concurrency` chats at once); email and back office
(work waits up to `deadline_hours`: staffed from the backlog, not as a queue); outbound (dials
paced by the team: no queue)."""

BID_CHANNELS: tuple[BidChannel, ...] = ("voice", "chat", "email", "back_office", "outbound")

BillingModel = PricingModel
"""The eight billing models, in the order every table shows them: per FTE-month, per paid hour,
per productive hour, per handled minute, per contact (`per_item`: contact, item or dial), per
seat, a fixed monthly fee (`monthly_retainer`), and a base fee plus a price per contact. One
owner: the plan's `planner.model.plan.PricingModel` (a bid added to the plan keeps its model)."""

BILLING_MODELS: tuple[BillingModel, ...] = get_args(PricingModel)

VOLUME_CASES: tuple[float, ...] = (-0.2, 0.0, 0.2)
"""Volume against the forecast for the margin check: 20 % under, as forecast, 20 % over."""


@dataclass(frozen=True)
class ChannelTargets:
    """What the prospect asks for and how the channel works (validated by `check_targets` in
    `planner.queueing.channels`, which names the field and what is allowed).

    - voice / chat: `service_level` of contacts answered within `answer_seconds`;
      `max_occupancy` caps busy time / agents (None: no cap); `patience_seconds` (voice only):
      mean caller patience, staffing with Erlang A.
    - chat: an agent handles up to `concurrency` chats at once; each extra chat in parallel makes
      every chat's handle time `concurrency_growth` longer (AHT at k chats =
      AHT x (1 + growth x (k - 1))).
    - email / back_office: every item is done within `deadline_hours` of open time after it
      arrives; the team works `open_hour`..`close_hour` (local, 0-24) on `open_days` (0 = Monday);
      work arriving while closed waits for the next opening (carried overnight).
    - outbound: history contacts are dials; `contact_rate` of dials reach someone and take
      `talk_seconds` + `wrap_seconds`; the rest take `no_contact_seconds` of agent time.
    - every channel: `shrinkage` (share of paid time off the work) turns agents on task into
      scheduled agents: ceil(agents / (1 - shrinkage)).
    """

    channel: BidChannel = "voice"
    service_level: float = 0.8
    answer_seconds: float = 20.0
    max_occupancy: float | None = 0.85
    patience_seconds: float | None = None
    concurrency: int = 1
    concurrency_growth: float = 0.0
    deadline_hours: float = 4.0
    open_hour: int = 8
    close_hour: int = 20
    open_days: tuple[int, ...] = (0, 1, 2, 3, 4)
    contact_rate: float = 0.3
    talk_seconds: float = 180.0
    wrap_seconds: float = 60.0
    no_contact_seconds: float = 30.0
    shrinkage: float = 0.3


@dataclass(frozen=True)
class History:
    """A prospect's contact history, one row per interval, oldest first, no gaps.

    `intervals` columns: timestamp (datetime64, interval start, local clock), contacts (float,
    >= 0; dials for outbound), aht_seconds (float > 0; the history's mean where an interval had
    no contacts or the file gave none). `interval_minutes` is 15, 30 or 60. `source` says what
    the file held: "intervals", "daily" or "monthly" (totals spread by an arrival pattern).
    `notes` are founder-words remarks on what was filled in or assumed.
    """

    intervals: pd.DataFrame
    interval_minutes: int
    source: Literal["intervals", "daily", "monthly"] = "intervals"
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Forecast:
    """The next months by interval, with a prediction interval and the held-back-weeks check.

    `intervals` columns: timestamp, contacts (the forecast), lower, upper (the `level`
    prediction interval, contacts), aht_seconds. `holdout` columns: timestamp, actual, forecast,
    naive (seasonal-naive: the same interval of the last week before the held-back weeks; a
    history of monthly totals holds back whole months, see `planner.bid.forecast`). `mape` and
    `naive_mape` are
    fractions (0.062 = 6.2 %) over the held-back intervals with contacts; `method` describes the
    model in the founder's words.
    """

    intervals: pd.DataFrame
    holdout: pd.DataFrame
    mape: float
    naive_mape: float
    holdout_weeks: int
    level: float
    method: str
    interval_minutes: int


@dataclass(frozen=True)
class ShiftRules:
    """Shift shapes the scheduler may use: each length (hours from start to end, the break
    included) with its unpaid break in minutes (paid hours = length - break), starting on any
    `start_step_minutes` boundary; the break starts half way through the shift, rounded down to
    an interval."""

    lengths_hours: tuple[float, ...] = (8.0, 9.0)
    break_minutes: tuple[int, ...] = (30, 60)
    start_step_minutes: int = 30


@dataclass(frozen=True)
class Roster:
    """The chosen shifts and how well they cover the requirement.

    `shifts` columns: month (period "2027-01"), weekday (0 = Monday), start ("08:30"),
    length_hours, break_start ("12:30"), agents (int). `coverage` columns: timestamp, required,
    scheduled (agents at work in that interval, breaks excluded). `required_hours` = sum of
    required x interval hours; `scheduled_hours` = sum of scheduled x interval hours;
    `paid_hours` includes unpaid-break-free paid time of every shift;
    `scheduling_loss` = scheduled_hours / required_hours - 1; `fte_by_month` columns: month,
    required_fte, scheduled_fte (paid hours / the plan's paid hours per FTE-month).

    Added by the scheduler (`planner.bid.shifts`): `shifts` also has break_minutes and
    paid_hours (per shift: length - break); `optimal` is True when the solver proved every
    month's week the cheapest (within its tolerance); `optimality_gap` = (paid_hours - the
    solver's lower bound) / paid_hours: the roster costs at most this share more than the
    cheapest possible (0 when proved).
    """

    shifts: pd.DataFrame
    coverage: pd.DataFrame
    required_hours: float
    scheduled_hours: float
    paid_hours: float
    scheduling_loss: float
    fte_by_month: pd.DataFrame
    optimal: bool = True
    optimality_gap: float = 0.0


@dataclass(frozen=True)
class CostBasis:
    """The plan's assumptions the bid is costed from, per person and per seat, in the plan's
    currency: `wage_per_month` (the agent role's pay), `on_cost_rate` (employer burden: loaded
    pay = wage x (1 + on_cost_rate)), `seat_cost_per_month` (per-seat resources), `overhead_rate`
    (supervision and overhead as a share of loaded pay), `paid_hours_per_month`, `shrinkage`,
    `currency`, and `source` (which plan and role, in words).
    """

    wage_per_month: float
    on_cost_rate: float
    seat_cost_per_month: float
    overhead_rate: float
    paid_hours_per_month: float
    shrinkage: float
    currency: str
    source: str
    person_cost_per_month: float = 0.0
    """Per-employee resources (a headset, a licence per person) per FTE a month; the cost of a
    month's seats line counts them with the seats (`planner.bid.pricing.cost_to_serve`)."""


@dataclass(frozen=True)
class BilledUnits:
    """What a typical month of the bid bills at one volume (`volume_change`: 0.0 the forecast,
    -0.2 20 % under): fte, paid_hours, productive_hours, handled_minutes, contacts, seats (made
    by `planner.bid.desk.bid_units`; the arguments of `planner.bid.pricing.cost_to_serve`
    besides the basis)."""

    volume_change: float
    fte: float
    paid_hours: float
    productive_hours: float
    handled_minutes: float
    contacts: float
    seats: float


@dataclass(frozen=True)
class CostToServe(BilledUnits):
    """A typical month of the bid at one volume, with its cost and the units each billing model
    bills: the `BilledUnits` fields (volume_change, fte, paid_hours, productive_hours,
    handled_minutes, contacts, seats, in that order), then the cost lines staff_cost, seat_cost,
    overhead_cost, total_cost (money per month)."""

    staff_cost: float
    seat_cost: float
    overhead_cost: float
    total_cost: float


@dataclass(frozen=True)
class Price:
    """One billing model priced for the target margin on the forecast volume.

    `price` per the model's unit (`base_fee` is the monthly base of `base_plus_per_item`, else 0);
    `margins` maps each of `VOLUME_CASES` to (revenue - cost) / revenue at that volume (NaN when
    that volume brings no revenue: no margin to speak of); `monthly_revenue` is the forecast
    month's revenue, total cost / (1 - target margin) (`planner.bid.pricing.price_models`)."""

    model: BillingModel
    price: float
    base_fee: float
    monthly_revenue: float
    margins: dict[float, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Bid:
    """The whole bid (`planner.bid.desk.make_bid`).

    `staffing`: one row per forecast interval: timestamp, contacts, aht_seconds, agents (on the
    work), scheduled_agents (shrinkage added), service_level (achieved; NaN for backlog and
    outbound work), occupancy, backlog (items waiting at the interval's end; 0 for queues).
    `by_month`: month (period), contacts, handled_minutes, agent_hours, required_fte,
    scheduled_fte, peak_agents. `costs` maps each of `VOLUME_CASES` to the month's cost to
    serve at that volume; `prices` follows `BILLING_MODELS`' order.
    """

    targets: ChannelTargets
    history: History
    forecast: Forecast
    staffing: pd.DataFrame
    by_month: pd.DataFrame
    roster: Roster
    basis: CostBasis
    costs: dict[float, CostToServe]
    margin: float
    prices: tuple[Price, ...]
