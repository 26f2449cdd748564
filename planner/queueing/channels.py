"""Staffing per interval for each way work arrives: voice, chat, email, back office, outbound.

Pure numpy/pandas; no I/O. Times are in seconds unless a name says otherwise; work is agent-seconds.
The targets of a channel are a `planner.bid.types.ChannelTargets` (checked by `check_targets`).

- **voice**: Erlang C, or Erlang A when callers have a patience: exactly `planner.queueing.erlang`'s
  `erlang_c` / `erlang_a` per interval (the numbers of `python -m planner staffing --intervals`).
- **chat** (`chat_agents`): an agent works up to k = `concurrency` chats at once. The usual
  workforce-management approximation, stated here as our assumption: each agent is k chat *slots*,
  the slots are staffed by Erlang C, and the handle time of a chat stretches with the multitasking:
  AHT_k = AHT x (1 + g (k - 1)), g = `concurrency_growth` (linear in k; g = 0 means no slow-down).
  Slots N = Erlang C agents for traffic chats x AHT_k / interval seconds at the same answer
  target, service level and occupancy cap (on slots); agents = ceil(N / k). With k = 1 it is
  voice's Erlang C. An agent's effective capacity is k / (1 + g (k - 1)) chats' worth of voice
  work: Call Centre Helper's "Erlang C for Chat?"
  (https://callcentrehelper.com/erlang-c-for-chat-206984.htm) gives concurrency factors 1.7,
  2.5, 2.9 and 3.5 for 2..5 chats at once, that is g of about
  0.18, 0.10, 0.13 and 0.11; ccPlanning's "Webchat & concurrency" lesson makes the same point
  (handle time grows with concurrency; Erlang on concurrency-adjusted capacity is an
  approximation, simulation does better at high concurrency).
- **email / back office** (`backlog_agents`, `backlog_work`): a backlog, not a queue. Every item
  is done within `deadline_hours` of *open* time: the team works `open_hour`..`close_hour` on
  `open_days`; closed intervals get no staff and their arrivals wait (overnight, over the weekend).
  The deadline is D = floor(deadline_hours x 60 / interval_minutes) open intervals. Rule: each
  interval's work (items x AHT) is spread evenly over the D open intervals of its window, which
  starts with the interval it arrives in when that is open, else with the next opening; the
  agents of an open interval are ceil(work due in it / (interval seconds x max_occupancy)). Work is
  counted at the interval level: an interval's items count as there from its start, so an item is
  done at most D open intervals after the start of the interval it arrived in. Serving the oldest
  items first (FIFO) then finishes every item within its window: windows end in arrival order, so
  FIFO is earliest-deadline-first, and the capacity up to any interval is at least the work due by
  it. Near the end of a horizon that does not wrap, a window that would run past it is cut to the
  open intervals left (that work finishes within the horizon's last open intervals); work arriving
  after the horizon's last opening stays in the final backlog. A forecast horizon of work that goes
  on after it (`ongoing=True`: a bid's 12 months) does not cut: a window keeps its D open
  intervals, each carrying 1/D of the work, and the part past the horizon is done after it (not
  crammed into the last evening). A typical week (`cyclic=True`) wraps around: Sunday night's
  work is done on Monday morning.
- **outbound** (`outbound_agents`): contacts are dials paced by the team (no queue). Agent seconds
  per dial = contact_rate x (talk + wrap) + (1 - contact_rate) x no_contact_seconds; agents =
  ceil(dials x that / (interval seconds x max_occupancy)).

Every channel then adds shrinkage: scheduled agents = ceil(agents / (1 - shrinkage)). Ceilings use
the planner's one rule, `planner.rounding.ceil_exact`. A missing occupancy cap (None) means 1.
"""

from __future__ import annotations

from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt
import pandas as pd

from planner.bid.types import BID_CHANNELS, ChannelTargets
from planner.model.labels import field_label
from planner.queueing.erlang import (
    _erlang_c_metrics,
    agents_for,
    allowed_range,
    check_range,
    erlang_a,
    erlang_b,
    erlang_c,
)
from planner.rounding import ceil_exact, floor_exact

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

STAFF_COLUMNS = (
    "contacts",
    "aht_seconds",
    "agents",
    "scheduled_agents",
    "service_level",
    "occupancy",
    "backlog",
    "abandon_rate",
)
"""The columns of `staff_intervals`, in order."""

BACKLOG_CHANNELS = ("email", "back_office")
"""Channels staffed from a backlog with a deadline (they need timestamps for the open hours)."""

_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


# --------------------------------------------------------------------------------------------------
# Targets
# --------------------------------------------------------------------------------------------------


def _check(name: str, value: Any, low: float | None, high: float | None, **open_: bool) -> None:
    """`check_range` with the field's name in words ("Service level must be in (0, 1), got 1.2")."""
    check_range(field_label(name), value, low, high, **open_)


def _check_whole(name: str, value: Any, low: int, high: int | None) -> None:
    rng = allowed_range(low, high)
    ok = isinstance(value, int | np.integer) and not isinstance(value, bool)
    if not ok or value < low or (high is not None and value > high):
        raise ValueError(f"{field_label(name)} must be a whole number {rng}, got {value!r}")


def check_targets(targets: ChannelTargets) -> None:
    """Raise ValueError naming the first target out of range (in words) and what is allowed.

    >>> check_targets(ChannelTargets(channel="chat", concurrency=0))
    Traceback (most recent call last):
    ...
    ValueError: Chats at once must be a whole number >= 1, got 0
    >>> check_targets(ChannelTargets(service_level=1.2))
    Traceback (most recent call last):
    ...
    ValueError: Service level must be in (0, 1), got 1.2
    """
    t = targets
    if t.channel not in BID_CHANNELS:
        raise ValueError(f"Channel must be one of {', '.join(BID_CHANNELS)}, got {t.channel!r}")
    _check("service_level", t.service_level, 0, 1, low_open=True, high_open=True)
    _check("answer_seconds", t.answer_seconds, 0, None)
    if t.max_occupancy is not None:
        _check("max_occupancy", t.max_occupancy, 0, 1, low_open=True)
    if t.patience_seconds is not None:
        _check("patience_seconds", t.patience_seconds, 0, None, low_open=True)
    _check_whole("concurrency", t.concurrency, 1, None)
    _check("concurrency_growth", t.concurrency_growth, 0, None)
    _check("deadline_hours", t.deadline_hours, 0, None, low_open=True)
    _check_whole("open_hour", t.open_hour, 0, 23)
    _check_whole("close_hour", t.close_hour, 1, 24)
    if t.close_hour <= t.open_hour:
        raise ValueError(
            f"{field_label('close_hour')} must be after {field_label('open_hour').lower()} "
            f"({t.open_hour}), got {t.close_hour}"
        )
    days = tuple(t.open_days)
    if not days:
        raise ValueError(f"{field_label('open_days')}: choose at least one open day")
    if any(not isinstance(d, int | np.integer) or not 0 <= d <= 6 for d in days):
        raise ValueError(
            f"{field_label('open_days')} must be one or more days 0-6 (0 = Monday), got {days!r}"
        )
    _check("contact_rate", t.contact_rate, 0, 1)
    for name in ("talk_seconds", "wrap_seconds", "no_contact_seconds"):
        _check(name, getattr(t, name), 0, None)
    _check("shrinkage", t.shrinkage, 0, 1, high_open=True)


# --------------------------------------------------------------------------------------------------
# Chat
# --------------------------------------------------------------------------------------------------


def chat_handle_seconds(aht_seconds: Any, concurrency: int, growth: float) -> FloatArray:
    """Handle time of one chat when an agent works `concurrency` (k) chats at once, seconds:
    AHT_k = AHT x (1 + growth x (k - 1)).

    >>> float(chat_handle_seconds(720.0, 2, 0.25))  # 720 x (1 + 0.25 x 1) = 900 s
    900.0
    """
    handle: FloatArray = np.asarray(aht_seconds, dtype=np.float64) * (
        1.0 + growth * (concurrency - 1)
    )
    return handle


def chat_slots(
    calls: Any,
    aht_seconds: Any,
    interval_seconds: float,
    *,
    answer_seconds: float,
    service_level: float,
    max_occupancy: float | None,
    concurrency: int,
    growth: float,
) -> IntArray:
    """Chat slots (chats in progress at once) by Erlang C on traffic chats x AHT_k / interval
    seconds, arrays of any shape (..., intervals) broadcast together; see `chat_agents`."""
    chats = check_range("calls", calls, 0, None)
    aht = check_range("aht_seconds", aht_seconds, 0, None, low_open=True)
    chats, aht = np.broadcast_arrays(chats, aht)
    handle = chat_handle_seconds(aht, concurrency, growth)
    traffic = chats * handle / interval_seconds
    flat_t, flat_h = traffic.ravel(), handle.ravel()
    pairs, inverse = np.unique(np.stack([flat_t, flat_h]), axis=1, return_inverse=True)
    slots = agents_for(
        pairs[0],
        pairs[1],
        answer_seconds=answer_seconds,
        service_level=service_level,
        max_occupancy=max_occupancy,
    )
    out: IntArray = slots[np.ravel(inverse)].reshape(traffic.shape)
    return out


def chat_agents(
    calls: Any,
    aht_seconds: Any,
    interval_seconds: float,
    *,
    answer_seconds: float,
    service_level: float,
    max_occupancy: float | None,
    concurrency: int,
    growth: float,
) -> IntArray:
    """Agents for chats, each agent k = `concurrency` chat slots (arrays (..., intervals)).

    AHT_k = AHT x (1 + growth (k - 1)) seconds; traffic = chats x AHT_k / interval_seconds
    Erlangs; slots = Erlang C agents for that traffic (answer target, service level, occupancy cap
    on slots); agents = ceil(slots / k).

    Worked example (issue 14): 12 chats in half an hour at 720 s, 80 % in 20 s: traffic
    12 x 720 / 1800 = 4.8 Erlangs, 8 slots; one chat at a time 8 agents, two at once ceil(8 / 2)
    = 4; two at once with 25 % growth: AHT 900 s, 6 Erlangs, 9 slots, ceil(9 / 2) = 5 agents.

    >>> kw = dict(answer_seconds=20, service_level=0.8, max_occupancy=0.85)
    >>> [int(chat_agents([12], [720], 1800, concurrency=k, growth=g, **kw)[0])
    ...  for k, g in ((1, 0.0), (2, 0.0), (2, 0.25))]
    [8, 4, 5]
    """
    slots = chat_slots(
        calls,
        aht_seconds,
        interval_seconds,
        answer_seconds=answer_seconds,
        service_level=service_level,
        max_occupancy=max_occupancy,
        concurrency=concurrency,
        growth=growth,
    )
    agents: IntArray = ceil_exact(slots / concurrency).astype(np.int64)
    return agents


def _erlang_c_service_level(traffic: FloatArray, slots: FloatArray, t_over_aht: FloatArray) -> Any:
    """Erlang C service level with `slots` servers (1.0 where there is no traffic)."""
    busy = traffic > 0
    sl = np.ones(traffic.shape)
    if busy.any():
        a, n = traffic[busy], slots[busy]
        _, sl_b, _ = _erlang_c_metrics(a, n, erlang_b(a, n), t_over_aht[busy])
        sl[busy] = sl_b
    return sl


# --------------------------------------------------------------------------------------------------
# Outbound
# --------------------------------------------------------------------------------------------------


Seconds = TypeVar("Seconds", float, FloatArray)
"""Seconds per dial: one figure, or one per risk run."""


def handled_seconds_per_dial(
    contact_rate: float, talk_seconds: Seconds, wrap_seconds: Seconds
) -> Seconds:
    """Handled seconds the client is billed per dial (per handled minute: / 60): only dials that
    reach someone are conversations, contact_rate x (talk + wrap); a dial that reaches no one is
    agent time (`outbound_seconds_per_dial`) but no handled minute. The one rule for the plan
    (`planner.engine.revenue.minutes_per_unit`) and the bid desk (`planner.bid.desk`); in risk
    runs talk and wrap-up come already scaled by the handle-time driver (arrays of runs allowed).

    >>> handled_seconds_per_dial(0.3, 180, 60)  # 0.3 x (180 + 60) = 72 s = 1.2 minutes
    72.0
    """
    return contact_rate * (talk_seconds + wrap_seconds)


def outbound_seconds_per_dial(
    *, contact_rate: float, talk_seconds: float, wrap_seconds: float, no_contact_seconds: float
) -> float:
    """Agent seconds per dial: contact_rate x (talk + wrap) + (1 - contact_rate) x no_contact.

    >>> outbound_seconds_per_dial(contact_rate=0.3, talk_seconds=180, wrap_seconds=60,
    ...     no_contact_seconds=30)  # 0.3 x 240 + 0.7 x 30 = 72 + 21
    93.0
    """
    return contact_rate * (talk_seconds + wrap_seconds) + (1.0 - contact_rate) * no_contact_seconds


def outbound_agents(
    dials: Any,
    interval_seconds: float,
    *,
    contact_rate: float,
    talk_seconds: float,
    wrap_seconds: float,
    no_contact_seconds: float,
    max_occupancy: float | None,
) -> IntArray:
    """Agents for dials paced by the team, arrays (..., intervals):
    ceil(dials x seconds per dial / (interval_seconds x max_occupancy)).

    Worked example: 100 dials in half an hour, 30 % reached for 180 s talk + 60 s wrap, the rest
    30 s: 93 s a dial (`outbound_seconds_per_dial`), 9,300 s of work; at 85 % occupancy one agent
    gives 1,800 x 0.85 = 1,530 s, so 9,300 / 1,530 = 6.08 -> 7 agents.

    >>> outbound_agents([100], 1800, contact_rate=0.3, talk_seconds=180, wrap_seconds=60,
    ...     no_contact_seconds=30, max_occupancy=0.85).tolist()
    [7]
    """
    per_dial = outbound_seconds_per_dial(
        contact_rate=contact_rate,
        talk_seconds=talk_seconds,
        wrap_seconds=wrap_seconds,
        no_contact_seconds=no_contact_seconds,
    )
    work = check_range("dials", dials, 0, None) * per_dial
    cap = 1.0 if max_occupancy is None else max_occupancy
    agents: IntArray = ceil_exact(work / (interval_seconds * cap)).astype(np.int64)
    return agents


# --------------------------------------------------------------------------------------------------
# Email and back office: a backlog with a deadline
# --------------------------------------------------------------------------------------------------


def open_intervals(
    timestamps: pd.DatetimeIndex, *, open_hour: int, close_hour: int, open_days: tuple[int, ...]
) -> BoolArray:
    """Whether the team works in each interval: its start falls on an open day (0 = Monday) at
    or after `open_hour` and before `close_hour` (local clock, hours 0-24).

    >>> stamps = pd.date_range("2027-01-01 07:30", periods=3, freq="30min")  # a Friday
    >>> open_intervals(stamps, open_hour=8, close_hour=20, open_days=(0, 1, 2, 3, 4)).tolist()
    [False, True, True]
    """
    hour = np.asarray(timestamps.hour + timestamps.minute / 60.0, dtype=np.float64)
    day_open = np.isin(np.asarray(timestamps.day_of_week), np.asarray(open_days))
    mask: BoolArray = day_open & (hour >= open_hour) & (hour < close_hour)
    return mask


def deadline_intervals(deadline_hours: float, interval_minutes: int) -> int:
    """The deadline in whole open intervals: floor(deadline_hours x 60 / interval_minutes); a
    ValueError (naming the deadline in words) when that is below one interval.

    >>> deadline_intervals(4, 30), deadline_intervals(1.25, 30)
    (8, 2)
    """
    try:
        check_range(field_label("deadline_hours"), deadline_hours, interval_minutes / 60.0, None)
    except ValueError as exc:
        raise ValueError(f"{exc} (shorter than one {interval_minutes}-minute interval)") from None
    count = int(floor_exact(deadline_hours * 60.0 / interval_minutes))  # >= 1 (noise aside)
    return max(count, 1)


def _windows(
    open_mask: BoolArray, deadline: int, cyclic: bool
) -> tuple[IntArray, IntArray, IntArray]:
    """For each interval: the open-interval index its window starts at, the window's length in
    open intervals (0: no opening left in the horizon), and the open intervals' positions."""
    positions = np.flatnonzero(open_mask).astype(np.int64)
    m = positions.size
    first = np.searchsorted(positions, np.arange(open_mask.size), side="left").astype(np.int64)
    if cyclic:
        length = np.full(open_mask.size, min(deadline, m), dtype=np.int64)
        first = np.where(first == m, 0, first)
    else:
        length = np.minimum(deadline, m - first)
    return first, length, positions


def backlog_due(
    work_seconds: Any,
    open_mask: Any,
    *,
    deadline_intervals: int,
    cyclic: bool,
    ongoing: bool = False,
) -> FloatArray:
    """Work (agent-seconds) due in each interval when each interval's work is spread evenly over
    its deadline window (module docstring), arrays (..., intervals); 0 in closed intervals.

    >>> open_ = [False, True, True, False]  # closed at night, then two open half hours
    >>> backlog_due([600.0, 0.0, 300.0, 0.0], open_, deadline_intervals=2, cyclic=False).tolist()
    [0.0, 300.0, 600.0, 0.0]
    """
    work = check_range("work_seconds", work_seconds, 0, None)
    mask = np.asarray(open_mask, dtype=bool)
    if mask.ndim != 1 or mask.size != work.shape[-1]:
        raise ValueError(
            f"open_mask must be one flag per interval ({work.shape[-1]}), got shape {mask.shape}"
        )
    first, length, positions = _windows(mask, deadline_intervals, cyclic)
    m = positions.size
    due = np.zeros(work.shape)
    if m == 0:
        return due
    rows = work.reshape(-1, work.shape[-1]).T  # (intervals, R)
    # ongoing: a window past the horizon still spreads over D intervals (the rest come after it)
    spread = np.where(first < m, deadline_intervals, 0) if ongoing and not cyclic else length
    share = np.divide(rows, spread[:, None], out=np.zeros(rows.shape), where=spread[:, None] > 0)
    diff = np.zeros((2 * m + 1, rows.shape[1]))  # unrolled twice so a window may wrap
    np.add.at(diff, first, share)
    np.add.at(diff, first + length, -share)
    per_open = np.cumsum(diff, axis=0)[: 2 * m]
    per_open = per_open[:m] + per_open[m:]  # the wrapped part lands at the cycle's start
    due_rows = np.zeros(rows.shape)
    due_rows[positions] = np.maximum(per_open, 0.0)
    out: FloatArray = due_rows.T.reshape(work.shape)
    return out


def backlog_agents(
    work_seconds: Any,
    open_mask: Any,
    *,
    deadline_intervals: int,
    interval_seconds: float,
    max_occupancy: float | None,
    cyclic: bool,
) -> IntArray:
    """Agents for deferred work, arrays (..., intervals) with one open flag per interval:
    ceil(work due in the interval (`backlog_due`) / (interval_seconds x max_occupancy)).

    Worked example: 4,800 s of email arrives at night (closed); the team opens for four half
    hours with a deadline of 2 hours = 4 intervals: 1,200 s due in each, / (1,800 x 0.85 = 1,530)
    = 0.78 -> 1 agent each. With a 1-hour deadline (2 intervals): 2,400 s, 1.57 -> 2 agents.

    >>> open_ = [False, True, True, True, True]
    >>> backlog_agents([4800.0, 0, 0, 0, 0], open_, deadline_intervals=4, interval_seconds=1800,
    ...     max_occupancy=0.85, cyclic=False).tolist()
    [0, 1, 1, 1, 1]
    >>> backlog_agents([4800.0, 0, 0, 0, 0], open_, deadline_intervals=2, interval_seconds=1800,
    ...     max_occupancy=0.85, cyclic=False).tolist()
    [0, 2, 2, 0, 0]
    """
    due = backlog_due(work_seconds, open_mask, deadline_intervals=deadline_intervals, cyclic=cyclic)
    cap = 1.0 if max_occupancy is None else max_occupancy
    agents: IntArray = ceil_exact(due / (interval_seconds * cap)).astype(np.int64)
    return agents


def backlog_work(work_seconds: Any, capacity_seconds: Any, *, cyclic: bool) -> FloatArray:
    """Work (agent-seconds) arrived but not done at each interval's end, oldest first, arrays
    (..., intervals): B_t = max(0, B_{t-1} + work_t - capacity_t), B_{-1} = 0 (an interval's
    work counts as there from its start). `cyclic`: the intervals repeat (a typical week), so the
    backlog carried into the first interval is the last one's; two passes give it exactly when
    the capacity covers the work over the cycle.

    >>> backlog_work([600.0, 0.0, 300.0], [0.0, 500.0, 500.0], cyclic=False).tolist()
    [600.0, 100.0, 0.0]
    """
    work = np.asarray(work_seconds, dtype=np.float64)
    capacity = np.broadcast_to(np.asarray(capacity_seconds, dtype=np.float64), work.shape)
    out = np.zeros(work.shape)
    carried = np.zeros(work.shape[:-1])
    for _ in range(2 if cyclic else 1):  # time order: one numpy step per interval
        for t in range(work.shape[-1]):
            carried = np.maximum(carried + work[..., t] - capacity[..., t], 0.0)
            out[..., t] = carried
    return out


# --------------------------------------------------------------------------------------------------
# All channels, one row per interval
# --------------------------------------------------------------------------------------------------


def staff_intervals(
    contacts: Any,
    aht_seconds: Any,
    *,
    interval_minutes: int,
    targets: ChannelTargets,
    timestamps: pd.DatetimeIndex | None = None,
    ongoing: bool = False,
) -> pd.DataFrame:
    """Agents for every interval of one channel (module docstring), one row per interval in the
    inputs' order.

    Columns (`STAFF_COLUMNS`): contacts (dials for outbound), aht_seconds (for outbound the agent
    seconds per dial from the targets, which replace any handle time given), agents (int, on the
    work), scheduled_agents (int, ceil(agents / (1 - shrinkage))), service_level (achieved: voice
    and chat; NaN for backlog and outbound work), occupancy (busy share of the agents' time on
    the work: chat per slot), backlog (items arrived but not done at the interval's end, serving
    the oldest first; 0 for queues and outbound), abandon_rate (Erlang A; else 0).

    Email and back office need `timestamps` (interval starts, evenly `interval_minutes` apart) for
    the open hours; `ongoing`: the work goes on after the last interval (`backlog_due`), so its
    last deadlines are not crammed into the horizon's last open hours.

    >>> frame = staff_intervals([12], [720], interval_minutes=30,
    ...     targets=ChannelTargets(channel="chat", concurrency=2, shrinkage=0.3))
    >>> frame[["agents", "scheduled_agents"]].iloc[0].tolist()  # 4 agents, ceil(4 / 0.7) = 6
    [4, 6]
    """
    check_targets(targets)
    interval_seconds = _interval_seconds(interval_minutes)
    count: Any = check_range(field_label("contacts"), contacts, 0, None)
    if targets.channel == "outbound":
        aht = np.full(count.shape, outbound_seconds_per_dial(**_outbound_times(targets)))
    else:
        aht = check_range(field_label("aht_seconds"), aht_seconds, 0, None, low_open=True)
    try:
        rows = [np.array(v, dtype=np.float64).ravel() for v in np.broadcast_arrays(count, aht)]
    except ValueError:
        raise ValueError("contacts and handle times must have the same number of rows") from None
    count, aht = rows
    if targets.channel == "voice":
        frame = _voice(count, aht, interval_seconds, targets)
    elif targets.channel == "chat":
        frame = _chat(count, aht, interval_seconds, targets)
    elif targets.channel == "outbound":
        frame = _outbound(count, aht, interval_seconds, targets)
    else:
        stamps = _check_timestamps(timestamps, count.size, interval_minutes)
        frame = _backlog(count, aht, interval_minutes, targets, stamps, ongoing=ongoing)
    frame["scheduled_agents"] = ceil_exact(
        frame["agents"].to_numpy() / (1.0 - targets.shrinkage)
    ).astype(np.int64)
    return frame[list(STAFF_COLUMNS)]


def _interval_seconds(interval_minutes: int) -> float:
    if not isinstance(interval_minutes, int | np.integer) or interval_minutes <= 0:
        raise ValueError(
            f"{field_label('interval_minutes')} must be a whole number > 0, "
            f"got {interval_minutes!r}"
        )
    return float(interval_minutes) * 60.0


def _outbound_times(t: ChannelTargets) -> dict[str, float]:
    return {
        "contact_rate": t.contact_rate,
        "talk_seconds": t.talk_seconds,
        "wrap_seconds": t.wrap_seconds,
        "no_contact_seconds": t.no_contact_seconds,
    }


def _check_timestamps(
    timestamps: pd.DatetimeIndex | None, rows: int, interval_minutes: int
) -> pd.DatetimeIndex:
    """The interval starts, or ValueError saying what is wrong with them."""
    if timestamps is None:
        raise ValueError(
            "Email and back office need a timestamp for every interval (for the open hours)"
        )
    try:
        stamps = pd.DatetimeIndex(timestamps)
    except (TypeError, ValueError):
        raise ValueError(
            f"timestamps must be dates and times (interval starts), got {timestamps!r:.60}"
        ) from None
    if stamps.size != rows:
        raise ValueError(f"timestamps must be one per interval ({rows}), got {stamps.size}")
    if stamps.hasnans:
        raise ValueError("timestamps must all be dates and times, got a blank one")
    steps = np.asarray(stamps[1:] - stamps[:-1]) if rows > 1 else np.array([], "m8[ns]")
    bad = np.flatnonzero(steps != np.timedelta64(interval_minutes, "m"))
    if bad.size:
        at = stamps[int(bad[0]) + 1]
        raise ValueError(
            f"timestamps must be every {interval_minutes} minutes in time order, with no gaps; "
            f"row {int(bad[0]) + 2} ({at}) is not"
        )
    return stamps


def _voice(count: FloatArray, aht: FloatArray, seconds: float, t: ChannelTargets) -> pd.DataFrame:
    common = {"max_occupancy": t.max_occupancy, "shrinkage": t.shrinkage}
    if t.patience_seconds is None:
        solved = erlang_c(count, seconds, aht, t.answer_seconds, t.service_level, **common)
        abandon = np.zeros(count.size)
    else:
        solved = erlang_a(
            count,
            seconds,
            aht,
            t.answer_seconds,
            t.service_level,
            patience_seconds=t.patience_seconds,
            **common,
        )
        abandon = solved["abandon_rate"].to_numpy()
    return pd.DataFrame(
        {
            "contacts": count,
            "aht_seconds": aht,
            "agents": solved["agents"].to_numpy(),
            "service_level": solved["service_level"].to_numpy(),
            "occupancy": solved["occupancy"].to_numpy(),
            "backlog": 0.0,
            "abandon_rate": abandon,
        }
    )


def _chat(count: FloatArray, aht: FloatArray, seconds: float, t: ChannelTargets) -> pd.DataFrame:
    k = t.concurrency
    agents = chat_agents(
        count,
        aht,
        seconds,
        answer_seconds=t.answer_seconds,
        service_level=t.service_level,
        max_occupancy=t.max_occupancy,
        concurrency=k,
        growth=t.concurrency_growth,
    )
    handle = chat_handle_seconds(aht, k, t.concurrency_growth)
    traffic = count * handle / seconds
    slots = agents.astype(np.float64) * k
    sl = _erlang_c_service_level(traffic, slots, t.answer_seconds / handle)
    return pd.DataFrame(
        {
            "contacts": count,
            "aht_seconds": aht,
            "agents": agents,
            "service_level": sl,
            "occupancy": np.divide(traffic, slots, out=np.zeros(count.size), where=slots > 0),
            "backlog": 0.0,
            "abandon_rate": 0.0,
        }
    )


def _outbound(
    count: FloatArray, aht: FloatArray, seconds: float, t: ChannelTargets
) -> pd.DataFrame:
    agents = outbound_agents(count, seconds, max_occupancy=t.max_occupancy, **_outbound_times(t))
    work = count * aht
    capacity = agents * seconds
    return pd.DataFrame(
        {
            "contacts": count,
            "aht_seconds": aht,
            "agents": agents,
            "service_level": np.nan,
            "occupancy": np.divide(work, capacity, out=np.zeros(count.size), where=capacity > 0),
            "backlog": 0.0,
            "abandon_rate": 0.0,
        }
    )


def _backlog(
    count: FloatArray,
    aht: FloatArray,
    interval_minutes: int,
    t: ChannelTargets,
    stamps: pd.DatetimeIndex,
    *,
    ongoing: bool = False,
) -> pd.DataFrame:
    seconds = interval_minutes * 60.0
    mask = open_intervals(
        stamps, open_hour=t.open_hour, close_hour=t.close_hour, open_days=tuple(t.open_days)
    )
    deadline = deadline_intervals(t.deadline_hours, interval_minutes)
    work = count * aht
    due = backlog_due(work, mask, deadline_intervals=deadline, cyclic=False, ongoing=ongoing)
    cap = 1.0 if t.max_occupancy is None else t.max_occupancy
    agents = ceil_exact(due / (seconds * cap)).astype(np.int64)
    capacity = agents * seconds * cap
    left = backlog_work(work, capacity, cyclic=False)
    return pd.DataFrame(
        {
            "contacts": count,
            "aht_seconds": aht,
            "agents": agents,
            "service_level": np.nan,
            "occupancy": np.divide(
                work_done(work, left), agents * seconds, out=np.zeros(count.size), where=agents > 0
            ),
            "backlog": items_waiting(count, work, left),
            "abandon_rate": 0.0,
        }
    )


def work_done(work: FloatArray, left: FloatArray) -> FloatArray:
    """Work done in each interval (agent-seconds) from the work arrived and the backlog left at
    each interval's end (1-D): work_t + left_{t-1} - left_t.

    >>> work_done(np.array([600.0, 0.0, 300.0]), np.array([600.0, 100.0, 0.0])).tolist()
    [0.0, 500.0, 400.0]
    """
    before = np.concatenate([[0.0], left[:-1]])
    done: FloatArray = np.maximum(work + before - left, 0.0)
    return done


def items_waiting(count: FloatArray, work: FloatArray, left: FloatArray) -> FloatArray:
    """Items arrived but not done at each interval's end, serving the oldest first (1-D): the
    items whose work is among the last `left` agent-seconds of the cumulative arrivals (within an
    interval's arrivals, items are done at an even rate).

    300 s left of 2 items of 300 s is 1 item; 450 s left of 4 items of 150 s is 3 items:

    >>> left = np.array([300.0, 450.0])
    >>> items_waiting(np.array([2.0, 4.0]), np.array([600.0, 600.0]), left).tolist()
    [1.0, 3.0]
    """
    arrived_work = np.concatenate([[0.0], np.cumsum(work)])
    arrived_items = np.concatenate([[0.0], np.cumsum(count)])
    done_items = np.interp(arrived_work[1:] - left, arrived_work, arrived_items)
    waiting: FloatArray = np.maximum(arrived_items[1:] - done_items, 0.0)
    return waiting


__all__ = [
    "BACKLOG_CHANNELS",
    "STAFF_COLUMNS",
    "backlog_agents",
    "backlog_due",
    "backlog_work",
    "chat_agents",
    "chat_handle_seconds",
    "chat_slots",
    "check_targets",
    "deadline_intervals",
    "items_waiting",
    "open_intervals",
    "outbound_agents",
    "outbound_seconds_per_dial",
    "staff_intervals",
    "work_done",
]
